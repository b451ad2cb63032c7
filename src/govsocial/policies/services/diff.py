"""What changed between two versions: clause by clause, word by word, and answer by answer."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils import translation

from govsocial.core.i18n import current_language

from ..models import PolicyVersion
from .answers import PolicyError, display_answer, load_content
from .document import clause_texts


@dataclass
class ClauseDiff:
    id: str
    title: str
    status: str  # added | removed | changed | unchanged
    ops: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, words)


@dataclass
class AnswerChange:
    question: str
    old: str
    new: str


@dataclass
class VersionDiff:
    old: PolicyVersion
    new: PolicyVersion
    language: str
    clauses: list[ClauseDiff]
    answers: list[AnswerChange]

    @property
    def changed(self) -> list[ClauseDiff]:
        return [c for c in self.clauses if c.status != "unchanged"]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level differences as (equal|delete|insert, text) pieces."""
    a, b = re.findall(r"\s+|[^\s]+", old), re.findall(r"\s+|[^\s]+", new)
    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                ops.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                ops.append(("insert", "".join(b[j1:j2])))
    return ops


def _clause_diffs(
    before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]]
) -> list[ClauseDiff]:
    result = []
    for cid in (c.id for c in load_content().policy.clauses):
        if cid in before and cid not in after:
            result.append(ClauseDiff(cid, before[cid][0], "removed", [("delete", before[cid][1])]))
        elif cid in after and cid not in before:
            result.append(ClauseDiff(cid, after[cid][0], "added", [("insert", after[cid][1])]))
        elif cid in after:
            if before[cid] == after[cid]:
                result.append(ClauseDiff(cid, after[cid][0], "unchanged"))
            else:
                ops = word_diff(before[cid][1], after[cid][1])
                result.append(ClauseDiff(cid, after[cid][0], "changed", ops))
    return result


def _answer_changes(old: PolicyVersion, new: PolicyVersion, language: str) -> list[AnswerChange]:
    changes = []
    with translation.override(language):
        for question in load_content().questions.values():
            a, b = old.answers.get(question.id), new.answers.get(question.id)
            if a != b:
                changes.append(
                    AnswerChange(
                        question.text[language],
                        display_answer(question, a, language),
                        display_answer(question, b, language),
                    )
                )
    return changes


def diff_versions(old: PolicyVersion, new: PolicyVersion, language: str) -> VersionDiff:
    """Which clauses were added, removed or changed between two versions, word by word."""
    if old.organisation_id != new.organisation_id:
        raise PolicyError("versions of different organisations cannot be compared")
    language = current_language(language)
    clauses = _clause_diffs(clause_texts(old, language), clause_texts(new, language))
    return VersionDiff(
        old=old,
        new=new,
        language=language,
        clauses=clauses,
        answers=_answer_changes(old, new, language),
    )
