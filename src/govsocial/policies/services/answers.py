"""Answers to the interview: branching conditions, checks, suggested answers, display."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from govsocial.core.errors import GovSocialError
from govsocial.core.i18n import current_language

from .. import content as content_module
from .. import duration, election_dates
from ..content import CONTEXT_CONDITIONS, Question
from .promise import LEGACY_HOURS, response_hours

LANGUAGES = content_module.LANGUAGES
# Answer ids other apps read that no question asks: worked out from the answers.
DERIVED_ANSWERS = frozenset({LEGACY_HOURS})


def load_content() -> content_module.Content:
    return content_module.load()


# --- conditions ----------------------------------------------------------------


def _equals(question: Question, value: Any, spec: Any) -> bool:
    options = spec if isinstance(spec, list) else [spec]
    if value is None:
        return False
    if question.type == "list":
        return bool(set(value) & set(options))
    return any(value == option and type(value) is type(option) for option in options)


def _context_holds(value: Any, spec: Any) -> bool:
    options = spec if isinstance(spec, list) else [spec]
    return any(value == option and type(value) is type(option) for option in options)


def matches(condition: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    """Whether the answers meet a `when` / `show_if` condition.

    A condition on the organisation (country, public body ...) holds when the
    answers carry no such fact, so that a question is asked rather than
    skipped; documents are always built with the facts (services/facts.py)."""
    questions = load_content().questions
    for qid, spec in condition.items():
        if qid in CONTEXT_CONDITIONS:
            if qid in answers and not _context_holds(answers[qid], spec):
                return False
            continue
        question = questions[qid]
        value = answers.get(qid) if applies(question, answers) else None
        if isinstance(spec, dict):
            op, operand = next(iter(spec.items()))
            if op == "not":
                ok = not _equals(question, value, operand)
            elif op == "min":
                ok = isinstance(value, int) and value >= operand
            elif op == "max":
                ok = isinstance(value, int) and value <= operand
            else:  # empty
                ok = (not value) == operand
        else:
            ok = _equals(question, value, spec)
        if not ok:
            return False
    return True


def applies(question: Question, answers: Mapping[str, Any]) -> bool:
    """A question is asked only when its show_if condition holds."""
    return matches(question.show_if, answers) if question.show_if else True


def effective_answers(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Stored interview answers reduced to the questions that apply."""
    questions = load_content().questions
    return {k: v for k, v in stored.items() if k in questions and applies(questions[k], stored)}


def missing_questions(stored: Mapping[str, Any]) -> list[Question]:
    return [
        q
        for q in load_content().questions.values()
        if applies(q, stored) and q.id not in stored and not q.optional
    ]


# --- errors --------------------------------------------------------------------


@dataclass
class AnswerError:
    """One problem with one answer: which question, what is wrong, what is allowed."""

    question: str  # question id ("" for a problem with the whole file)
    problem: str
    allowed: str = ""
    code: str = "invalid"  # invalid | unknown | missing

    @property
    def message(self) -> str:
        """Without the question id: shown beside the field in the interview."""
        if self.allowed:
            return _("%(problem)s Allowed: %(allowed)s.") % {
                "problem": self.problem,
                "allowed": self.allowed,
            }
        return self.problem

    def __str__(self) -> str:
        if not self.question:
            return self.message
        return _("Question “%(question)s”: %(message)s") % {
            "question": self.question,
            "message": self.message,
        }


class AnswersInvalid(GovSocialError, ValueError):
    """Answers that cannot be used; `.errors` names each question and what is allowed."""

    def __init__(self, errors: list[AnswerError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class PolicyError(GovSocialError, ValueError):
    """A policy action that is not possible in the version's current state."""


# --- checking answers ------------------------------------------------------------


def allowed_text(question: Question, language: str | None = None) -> str:
    """What a question accepts, in words, in the current language."""
    language = current_language(language)
    values = ", ".join(question.choice_values())
    if question.type == "int":
        return _("a whole number from %(min)s to %(max)s") % {
            "min": question.min,
            "max": question.max,
        }
    if question.type == "bool":
        return _("yes or no (true or false)")
    if question.type == "duration":
        return _(
            "a whole number with a unit: hours (1 to 168) or working days (1 to 10), "
            "such as “8 hours” or “1 working day”"
        )
    if question.type == "date":
        return _("a date such as “17-03-2027”, or nothing")
    if question.type == "choice":
        return _("one of %(values)s") % {"values": values}
    if question.type == "list":
        if question.min_items:
            return _("a list with at least %(count)s of %(values)s") % {
                "count": question.min_items,
                "values": values,
            }
        return _("a list with any of %(values)s (or an empty list)") % {"values": values}
    if question.pattern_hint:
        return question.pattern_hint[language]
    return _("a text of at most %(max)s characters") % {"max": question.max_length}


def _describe(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 60 else text[:57] + "…"


def _check_text_value(question: Question, value: Any, wrong: Any) -> tuple[Any, Any]:
    if not isinstance(value, str):
        return wrong(_("%(value)s is not a text.") % {"value": _describe(value)})
    text = value.strip()
    if len(text) > question.max_length:
        return wrong(_("The answer is too long (%(length)s characters).") % {"length": len(text)})
    if not text:
        return None, None
    if "\x00" in text or any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        return wrong(_("The answer contains control characters."))
    if question.pattern:
        if not re.fullmatch(question.pattern, text):
            return wrong(_("%(value)s does not have the right form.") % {"value": _describe(text)})
        if question.id == "staffed_hours":
            start, end = text.split("-")
            if start >= end:
                return wrong(_("The first time must be earlier than the second."))
    return " ".join(text.split()), None


def _duration_problem(problem: duration.DurationProblem, value: Any) -> str:
    typed = {"value": _describe(value)}
    if problem.code == problem.NO_UNIT:
        return _("%(value)s has no unit. Say hours or working days.") % typed
    if problem.code == problem.CALENDAR:
        return (
            _(
                "%(value)s counts calendar days or weeks; the public and the team would read "
                "it differently. Say hours or working days."
            )
            % typed
        )
    if problem.code == problem.UNKNOWN_UNIT:
        return _("%(value)s has a unit we do not know. Say hours or working days.") % typed
    if problem.code == problem.NOT_WHOLE:
        return _("%(value)s is not a whole number.") % typed
    if problem.code == problem.RANGE:
        return _("%(value)s is out of range.") % typed
    return (
        _(
            "%(value)s does not start with a number. Enter a number with hours or working "
            "days, such as “4 hours” or “1 working day”."
        )
        % typed
    )


def _check_date(value: Any, wrong: Any) -> tuple[Any, Any]:
    if value in (None, ""):
        return None, None
    try:
        return election_dates.parse(value).isoformat(), None
    except election_dates.DateProblem as problem:
        if problem.code == "range":
            return wrong(_("%(value)s is too far away.") % {"value": _describe(str(value))})
        return wrong(
            _("Enter the date as day-month-year: %(value)s is not a date.")
            % {"value": _describe(str(value))}
        )


def check_value(question: Question, value: Any) -> tuple[Any, AnswerError | None]:
    """The cleaned value, or an error saying what is wrong and what is allowed."""

    def wrong(problem: str | None = None) -> tuple[Any, AnswerError]:
        return None, AnswerError(
            question.id,
            problem or _("%(value)s is not allowed.") % {"value": _describe(value)},
            allowed_text(question),
        )

    if question.type == "duration":
        try:
            return duration.parse(value).canonical(), None
        except duration.DurationProblem as problem:
            return wrong(_duration_problem(problem, value))
    if question.type == "date":
        return _check_date(value, wrong)
    if question.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return wrong(_("%(value)s is not a whole number.") % {"value": _describe(value)})
        # The content loader gives every int question a min and a max.
        low, high = question.min, question.max
        if (low is not None and value < low) or (high is not None and value > high):
            return wrong(_("%(value)s is out of range.") % {"value": value})
        return value, None
    if question.type == "bool":
        if not isinstance(value, bool):
            return wrong(_("%(value)s is not yes or no.") % {"value": _describe(value)})
        return value, None
    if question.type == "choice":
        if not isinstance(value, str) or value not in question.choice_values():
            return wrong()
        return value, None
    if question.type == "list":
        if not isinstance(value, (list, tuple)):
            return wrong(_("%(value)s is not a list.") % {"value": _describe(value)})
        bad = [v for v in value if not isinstance(v, str) or v not in question.choice_values()]
        if bad:
            return wrong(_("%(value)s is not one of the choices.") % {"value": _describe(bad[0])})
        cleaned = [v for v in question.choice_values() if v in value]  # content order, no doubles
        if len(cleaned) < question.min_items:
            return wrong(_("Choose at least %(count)s.") % {"count": question.min_items})
        return cleaned, None
    return _check_text_value(question, value, wrong)


def _not_a_mapping() -> AnswerError:
    return AnswerError(
        "",
        _(
            "The answers must be a mapping of question ids to answers, one per line, such as “response_time_hours: 8”."
        ),
    )


def _legacy_hours_question() -> Question:
    """`response_time_hours` as older answer files and other apps give it: whole staffed hours."""
    return Question(
        id=LEGACY_HOURS,
        type="int",
        page="",
        text=load_content().questions["response_time"].text,
        help=None,
        min=1,
        max=168,
    )


def _take_legacy_hours(raw: Mapping[str, Any], cleaned: dict[str, Any], known: Mapping[str, Any]):
    """An answer in whole hours replaces the promise, unless it says the same or is the
    suggested answer's own figure left beside a new promise (`{**example_answers(),
    "response_time": "2 werkdagen"}`)."""
    hours, error = check_value(_legacy_hours_question(), raw[LEGACY_HOURS])
    if error:
        return error
    context = {**known, **cleaned}
    stale = "response_time" in cleaned and hours == response_hours(default_answers("en"))
    if response_hours(context) != hours and not stale:
        cleaned["response_time"] = duration.Duration(hours, duration.HOURS).canonical()
    return None


def check_answers(
    raw: Any, *, complete: bool = True, known: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[AnswerError]]:
    """Clean a set of answers.

    Returns the answers that apply (a question skipped by branching is left
    out) and a list of errors: unknown question, wrong type, out of range, not
    a choice, too long. With complete=True every question that applies must
    be answered, and the derived answers (`response_time_hours`) are added.
    `known` holds earlier answers and the organisation's facts, used only to
    decide branching.
    """
    questions = load_content().questions
    if not isinstance(raw, Mapping):
        return {}, [_not_a_mapping()]
    errors: list[AnswerError] = []
    cleaned: dict[str, Any] = {}
    for key, value in raw.items():
        if key == LEGACY_HOURS:
            continue  # read after the other answers: it may replace the promise
        question = questions.get(key) if isinstance(key, str) else None
        if question is None:
            errors.append(
                AnswerError(
                    str(key),
                    _("This is not a question of the policy interview."),
                    _("the questions %(ids)s") % {"ids": ", ".join(questions)},
                    code="unknown",
                )
            )
            continue
        if value is None or (
            question.type == "text" and isinstance(value, str) and not value.strip()
        ):
            continue
        value, error = check_value(question, value)
        if error:
            errors.append(error)
        elif value is not None:
            cleaned[key] = value
    if raw.get(LEGACY_HOURS) is not None:
        error = _take_legacy_hours(raw, cleaned, known or {})
        if error:
            errors.append(error)
    context = {**(known or {}), **cleaned}
    result = {qid: v for qid, v in cleaned.items() if applies(questions[qid], context)}
    if complete:
        for question in questions.values():
            if (
                question.id not in result
                and applies(question, context)
                and not any(e.question == question.id for e in errors)
            ):
                if (
                    question.type == "list"
                    and not question.min_items
                    and (question.id in raw or question.optional)
                ):
                    result[question.id] = []
                    continue
                if question.optional:
                    continue
                errors.append(
                    AnswerError(
                        question.id,
                        _("This question is not answered."),
                        allowed_text(question),
                        code="missing",
                    )
                )
    ordered = {qid: result[qid] for qid in questions if qid in result}
    if complete and not errors:
        ordered.update(derived_answers(ordered))
    return ordered, errors


def upgrade(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers saved before the promise took a unit: whole hours become "N hours"."""
    upgraded = dict(answers)
    hours = upgraded.get(LEGACY_HOURS)
    if "response_time" not in upgraded and isinstance(hours, int) and 1 <= hours <= 168:
        upgraded["response_time"] = duration.Duration(hours, duration.HOURS).canonical()
    return upgraded


def derived_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers no question asks, worked out from those it does."""
    hours = response_hours(answers)
    return {LEGACY_HOURS: hours} if hours is not None else {}


def validate_answers(
    raw: Any, *, complete: bool = True, known: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The cleaned answers, or AnswersInvalid naming every problem."""
    cleaned, errors = check_answers(raw, complete=complete, known=known)
    if errors:
        raise AnswersInvalid(errors)
    return cleaned


# --- suggested answers -------------------------------------------------------------


def default_answers(language: str | None = None) -> dict[str, Any]:
    """The suggested answers from questions.yaml, for the questions that apply."""
    language = current_language(language)
    questions = load_content().questions
    answers = {q.id: q.default_for(language) for q in questions.values()}
    return {
        qid: v for qid, v in answers.items() if v is not None and applies(questions[qid], answers)
    }


def example_answers() -> dict[str, Any]:
    """A complete, valid answer set (the suggested answers, in English)."""
    return validate_answers(default_answers("en"))


def fill_defaults(answers: Mapping[str, Any], language: str | None = None) -> dict[str, Any]:
    """Answers completed with the suggested ones where a question is unanswered."""
    merged = {**default_answers(language), **{k: v for k, v in answers.items() if v is not None}}
    questions = load_content().questions
    for question in questions.values():  # a question that now applies gets its default
        if question.id not in merged and question.default is not None:
            merged[question.id] = question.default_for(current_language(language))
    return {
        qid: v for qid, v in merged.items() if qid in questions and applies(questions[qid], merged)
    }


# --- showing answers -----------------------------------------------------------------


def with_unit(question: Question, value: int, language: str) -> str:
    """A number as the texts say it: "4 hours", "1 uur", "21st"."""
    if question.format == "ordinal":
        if language == "nl":
            return f"{value}e"
        suffix = (
            "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        )
        return f"{value}{suffix}"
    if question.unit:
        return f"{value} {question.unit.word(value, language)}"
    return str(value)


def display_answer(question: Question, value: Any, language: str | None = None) -> str:
    """An answer as a person reads it: labels instead of ids."""
    language = current_language(language)
    if value is None:
        return "—"
    if question.type == "bool":
        return _("Yes") if value else _("No")
    if question.type == "choice":
        choice = question.choice(value)
        return choice.label[language] if choice else str(value)
    if question.type == "list":
        labels = [choice.label[language] for v in value if (choice := question.choice(v))]
        return ", ".join(labels) if labels else _("None")
    if question.type == "int":
        return with_unit(question, value, language)
    if question.type == "duration":
        try:
            return duration.parse(value).words(language)
        except duration.DurationProblem:
            return str(value)
    if question.type == "date":
        from .adoption import format_date

        try:
            return format_date(election_dates.parse(value), language)
        except election_dates.DateProblem:
            return str(value)
    return str(value)
