"""Response to the public: which questions got an answer from the organisation
in the same thread or conversation, how long it took in staffed and in
calendar hours, and which are unanswered past the policy's promise.

An answer is the organisation's first reply, comment or message after the
question that replies to the question itself, or else that sits in the same
conversation without replying to another member of the public."""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from govsocial.archive.services import Interaction
from govsocial.policies.services import ResponseTerms

from .measures import CONVERSATION_KINDS, ORGANISATION, PUBLIC
from .questions import question_rule
from .staffed import StaffedClock, calendar_hours

MAX_DEPTH = 50  # replies followed up to the conversation's start
MAX_SCAN = 50  # later replies in one conversation looked at per question


@dataclass(frozen=True)
class Question:
    item_id: int
    channel_id: int
    text: str
    asked_at: datetime
    rule_id: str
    answered_at: datetime | None
    staffed_hours: float | None  # to the answer, or until now while unanswered
    calendar_hours: float | None
    within: bool | None  # None: still open and not yet due, or no promise
    overdue: bool  # unanswered past the promise


@dataclass(frozen=True)
class Responses:
    questions: tuple[Question, ...] = ()
    promise_hours: int | None = None

    @property
    def asked(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.answered_at is not None)

    @property
    def overdue(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.overdue)

    def _median(self, name: str) -> float | None:
        values = [getattr(q, name) for q in self.answered]
        return statistics.median(values) if values else None

    @property
    def median_staffed_hours(self) -> float | None:
        return self._median("staffed_hours")

    @property
    def median_calendar_hours(self) -> float | None:
        return self._median("calendar_hours")

    @property
    def due(self) -> int:
        """Questions the promise can be judged on: answered, or open past the promise."""
        return sum(1 for q in self.questions if q.within is not None)

    @property
    def within_share(self) -> float | None:
        due = self.due
        return 100 * sum(1 for q in self.questions if q.within) / due if due else None


def combine(parts: Sequence[Responses]) -> Responses:
    questions = sorted((q for p in parts for q in p.questions), key=lambda q: q.asked_at)
    promise = next((p.promise_hours for p in parts if p.promise_hours is not None), None)
    return Responses(tuple(questions), promise)


class _Conversations:
    """The organisation's replies indexed by what they reply to and by conversation."""

    def __init__(self, items: Sequence[Interaction]):
        self.by_id = {i.external_id: i for i in items}
        self.to_parent: dict[str, list[Interaction]] = {}
        self.in_conversation: dict[str, list[Interaction]] = {}
        for item in items:  # oldest first, so every list is in time order
            if item.author_kind != ORGANISATION or item.kind not in CONVERSATION_KINDS:
                continue
            if item.in_reply_to:
                self.to_parent.setdefault(item.in_reply_to, []).append(item)
            self.in_conversation.setdefault(self.key(item), []).append(item)
        self.times = {
            key: [r.published_at for r in replies] for key, replies in self.in_conversation.items()
        }

    def key(self, item: Interaction) -> str:
        if item.thread_id:
            return item.thread_id
        current, depth = item, 0
        while current.in_reply_to and depth < MAX_DEPTH:
            parent = self.by_id.get(current.in_reply_to)
            if parent is None:
                return current.in_reply_to
            current, depth = parent, depth + 1
        return current.external_id

    def _is_public(self, external_id: str) -> bool:
        parent = self.by_id.get(external_id)
        return parent is not None and parent.author_kind == PUBLIC

    def answer(self, question: Interaction) -> Interaction | None:
        direct = _first_after(self.to_parent.get(question.external_id, []), question.published_at)
        if direct is not None:
            return direct
        key = self.key(question)
        replies = self.in_conversation.get(key, [])
        start = bisect.bisect_right(self.times.get(key, []), question.published_at)
        for reply in replies[start : start + MAX_SCAN]:
            if reply.in_reply_to == question.external_id or not self._is_public(reply.in_reply_to):
                return reply
        return None


def _first_after(replies: list[Interaction], moment: datetime) -> Interaction | None:
    return next((r for r in replies if r.published_at > moment), None)


def responses(
    items: Sequence[Interaction],
    asked_from: datetime,
    asked_until: datetime,
    terms: ResponseTerms,
    country: str,
    now: datetime,
) -> Responses:
    """The questions asked in [asked_from, asked_until) and their answers among `items`
    (which should run past `asked_until`, so a late answer still counts)."""
    conversations = _Conversations(items)
    promise = terms.promise_hours
    last = max([now, *(i.published_at for i in items[-1:])])
    clock = StaffedClock(
        terms, country, asked_from.date() - timedelta(days=1), last.date() + timedelta(days=1)
    )
    found: list[Question] = []
    for item in items:
        if item.author_kind != PUBLIC or item.kind not in CONVERSATION_KINDS:
            continue
        if not asked_from <= item.published_at < asked_until:
            continue
        rule = question_rule(item.text)
        if rule is None:
            continue
        answer = conversations.answer(item)
        until = answer.published_at if answer is not None else now
        staffed = clock.hours(item.published_at, until)
        within: bool | None = None
        overdue = False
        if promise is not None:
            if answer is not None:
                within = staffed <= promise
            elif staffed > promise:
                within, overdue = False, True
        found.append(
            Question(
                item_id=item.id,
                channel_id=item.channel_id,
                text=item.text,
                asked_at=item.published_at,
                rule_id=rule.id,
                answered_at=answer.published_at if answer is not None else None,
                staffed_hours=staffed,
                calendar_hours=calendar_hours(item.published_at, until),
                within=within,
                overdue=overdue,
            )
        )
    return Responses(tuple(found), promise)
