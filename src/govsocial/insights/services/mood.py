"""The public's mood in a month: each comment's language and sentiment label,
a person's correction standing in for the method's label, and the method that
scored each language (the word lists or a model)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from govsocial.archive.services import Interaction

from .measures import CONVERSATION_KINDS, PUBLIC
from .methods import Plan, plan, score_many
from .sentiment import LABELS, LANGUAGES, NEGATIVE, POSITIVE


@dataclass(frozen=True)
class Comment:
    item_id: int
    channel_id: int
    text: str
    published_at: datetime
    language: str
    label: str
    score: float
    corrected: bool


@dataclass(frozen=True)
class Mood:
    comments: tuple[Comment, ...] = ()
    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # language → label → n
    methods: Plan = field(default_factory=dict)  # language → how its comments were scored

    @property
    def total(self) -> int:
        return len(self.comments)

    def share(self, label: str) -> float | None:
        if not self.comments:
            return None
        return 100 * sum(1 for c in self.comments if c.label == label) / len(self.comments)

    def example(self, label: str) -> Comment | None:
        """The clearest comment with this label (the highest or lowest score)."""
        picked = [c for c in self.comments if c.label == label and c.text.strip()]
        if not picked:
            return None
        return (max if label == POSITIVE else min)(picked, key=lambda c: c.score)


def _counts(comments: Sequence[Comment]) -> dict[str, dict[str, int]]:
    counts = {language: dict.fromkeys(LABELS, 0) for language in LANGUAGES}
    for comment in comments:
        counts[comment.language][comment.label] += 1
    return counts


def mood(
    items: Sequence[Interaction], corrections: Mapping[int, str], methods: Plan | None = None
) -> Mood:
    methods = methods if methods is not None else plan()
    read = [
        item
        for item in items
        if item.author_kind == PUBLIC
        and item.kind in CONVERSATION_KINDS
        and item.kind != "direct_message"  # private messages are answered, not read for opinion
    ]
    distinct = list(dict.fromkeys(item.text for item in read))  # "Bedankt!" is scored once
    scored = dict(zip(distinct, score_many(distinct, methods=methods), strict=True))
    comments = []
    for item in read:
        found = scored[item.text]
        corrected = corrections.get(item.id)
        comments.append(
            Comment(
                item_id=item.id,
                channel_id=item.channel_id,
                text=item.text,
                published_at=item.published_at,
                language=found.language,
                label=corrected or found.label,
                score=found.score,
                corrected=corrected is not None,
            )
        )
    return Mood(tuple(comments), _counts(comments), methods)


def combine(parts: Sequence[Mood], methods: Plan | None = None) -> Mood:
    comments = tuple(c for part in parts for c in part.comments)
    if methods is None:
        methods = next((part.methods for part in parts if part.methods), {})
    return Mood(comments, _counts(comments), methods)


__all__ = ["NEGATIVE", "POSITIVE", "Comment", "Mood", "combine", "mood"]
