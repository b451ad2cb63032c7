"""Answers that contradict each other, shown before the review page and by the command line.

Each conflict names the questions that cause it, so the person can change an
answer or confirm that the policy should say it anyway. A confirmation holds
for the answers it was given on: its fingerprint changes with them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from .answers import display_answer, load_content
from .facts import OrganisationFacts
from .promise import (
    DAY,
    Window,
    around_the_clock,
    public_promise,
    response_duration,
    staffed_hours_per_day,
    unmoderated_windows,
    working_days,
)

MAX_WORKING_DAYS = 2


@dataclass(frozen=True)
class Conflict:
    id: str
    title: str
    detail: str
    questions: tuple[str, ...]  # the answers to change to solve it
    fingerprint: str
    lines: tuple[str, ...] = ()  # particulars, such as each unmoderated window


def _number(value: float, language: str) -> str:
    text = f"{round(value, 1):g}"
    return text.replace(".", ",") if language == "nl" else text


def _clock(minute: int, language: str) -> str:
    separator = "." if language == "nl" else ":"
    return f"{minute // 60:02d}{separator}{minute % 60:02d}"


def describe_window(window: Window, language: str) -> str:
    start, end = window.start % (7 * DAY), window.end % (7 * DAY)
    return _("%(start_day)s %(start)s to %(end_day)s %(end)s: %(hours)s hours") % {
        "start_day": WEEKDAYS[start // DAY],
        "start": _clock(start % DAY, language),
        "end_day": WEEKDAYS[end // DAY],
        "end": _clock(end % DAY, language),
        "hours": _number(window.hours, language),
    }


def _fingerprint(check_id: str, answers: Mapping[str, Any], questions: tuple[str, ...]) -> str:
    relevant = {qid: answers.get(qid) for qid in sorted(questions)}
    data = json.dumps([check_id, relevant], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def _conflict(check_id, answers, questions, title, detail, lines=()) -> Conflict:
    return Conflict(
        id=check_id,
        title=title,
        detail=detail,
        questions=questions,
        fingerprint=_fingerprint(check_id, answers, questions),
        lines=tuple(lines),
    )


def _moderation_gap(answers: Mapping[str, Any], language: str) -> Conflict | None:
    if answers.get("comments_open") is not True or answers.get("moderation") == "pre":
        return None
    windows = unmoderated_windows(answers)
    if not windows:
        return None
    total = sum(w.hours for w in windows)
    return _conflict(
        "unmoderated_windows",
        answers,
        ("posting_window", "staffed_days", "staffed_hours", "comments_open", "moderation"),
        _("Comments nobody reads"),
        _(
            "You post outside staffed hours while comments are open. Nobody reads comments in "
            "these windows: %(hours)s hours a week. Post only when someone watches, close "
            "comments on those posts, or staff those hours."
        )
        % {"hours": _number(total, language)},
        [describe_window(w, language) for w in windows],
    )


def _promise(answers: Mapping[str, Any], language: str) -> list[Conflict]:
    found: list[Conflict] = []
    promise, days = response_duration(answers), working_days(answers)
    if promise is None or days is None:
        return found
    words = promise.words(language)
    if days > MAX_WORKING_DAYS:
        staffed = _number(staffed_hours_per_day(answers), language)
        public = public_promise(answers)
        found.append(
            _conflict(
                "long_promise",
                answers,
                ("response_time", "response_basis", "staffed_hours"),
                _("A promise of more than two working days"),
                _(
                    "You promise an answer within %(promise)s. With %(staffed)s staffed hours a "
                    "day, the policy must say %(public)s. Most people expect an answer within "
                    "two working days."
                )
                % {
                    "promise": words,
                    "staffed": staffed if not around_the_clock(answers) else "24",
                    "public": public.words(language) if public else words,
                },
            )
        )
    if answers.get("monitoring_frequency") == "daily" and days < 1:
        found.append(
            _conflict(
                "checks_too_rare",
                answers,
                ("monitoring_frequency", "response_time"),
                _("Checked too rarely for the promise"),
                _(
                    "The accounts are checked once a day, but you promise an answer within "
                    "%(promise)s. Check the accounts more often, or promise one working day."
                )
                % {"promise": words},
            )
        )
    return found


def _goals(answers: Mapping[str, Any], facts: OrganisationFacts) -> list[Conflict]:
    found: list[Conflict] = []
    goals = answers.get("goals") or []
    if "engagement" in goals and answers.get("comments_open") is False:
        found.append(
            _conflict(
                "engagement_comments_closed",
                answers,
                ("goals", "comments_open"),
                _("A conversation with comments closed"),
                _(
                    "Two-way engagement is one of your goals, but comments are closed. Open "
                    "comments and moderate them, or drop engagement as a goal."
                ),
            )
        )
    if "customer_service" in goals and answers.get("contact_centre") is False:
        found.append(
            _conflict(
                "customer_service_no_route",
                answers,
                ("goals", "contact_centre"),
                _("Questions without a route to the contact centre"),
                _(
                    "Answering questions is one of your goals, but the team cannot pass a "
                    "question to the customer contact centre. Agree on that route first."
                ),
            )
        )
    if answers.get("leave_cover") == "none":
        found.append(
            _conflict(
                "no_cover",
                answers,
                ("leave_cover",),
                _("Nobody covers the accounts during absence"),
                _(
                    "Nothing is arranged for leave and illness. An account without cover leaves "
                    "questions unanswered and comments unread. Set up a rota or a deputy."
                ),
            )
        )
    stakeholders = answers.get("stakeholders") or []
    if facts.country == "NL" and "works_council" not in stakeholders:
        found.append(
            _conflict(
                "works_council_missing",
                answers,
                ("stakeholders",),
                _("The works council is not involved"),
                _(
                    "Rules on staff conduct need the consent of the works council (article 27 "
                    "WOR). Involve the works council, or confirm that you have none."
                ),
            )
        )
    return found


def conflicts(
    answers: Mapping[str, Any], facts: OrganisationFacts, language: str
) -> list[Conflict]:
    """Every conflict in a set of answers, in the person's language."""
    with translation.override(language):
        found = [c for c in [_moderation_gap(answers, language)] if c is not None]
        found += _promise(answers, language)
        found += _goals(answers, facts)
        return found


def unconfirmed(found: list[Conflict], confirmed: list[str] | tuple[str, ...]) -> list[Conflict]:
    return [c for c in found if c.fingerprint not in set(confirmed)]


def question_labels(conflict: Conflict, answers: Mapping[str, Any], language: str) -> list[dict]:
    """The questions behind a conflict that are asked, with their current answers."""
    questions = load_content().questions
    rows = []
    for qid in conflict.questions:
        question = questions.get(qid)
        if question is None or qid not in answers:
            continue
        rows.append(
            {
                "id": qid,
                "page": question.page,
                "question": question.text[language],
                "answer": display_answer(question, answers[qid], language),
            }
        )
    return rows
