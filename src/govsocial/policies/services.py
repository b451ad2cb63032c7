"""The policy builder's domain logic: answers, documents, versions and diffs.

Plain functions over plain values; views and the command line are thin
wrappers around them. Public contract for other apps (see TEAM.md):
published_version, published_answers, clause_texts, policy_url,
save_answers, generate_draft, approve, example_answers, dashboard_panel.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from govsocial.core.models import Membership, Organisation, Person
from govsocial.core.services import record_event
from govsocial.documents.model import BulletList, Document, Note, Paragraph, Section, Table

from . import content as content_module
from .content import Block, Clause, Question
from .models import Interview, PolicyVersion

LANGUAGES = content_module.LANGUAGES
DOCUMENT_KINDS = ("policy", "house_rules")
FORMATS = ("html", "md", "docx", "pdf")

AUDIENCE_WORDS = {
    "residents": {"en": "residents", "nl": "inwoners"},
    "customers": {"en": "customers", "nl": "klanten"},
    "patients": {"en": "patients", "nl": "patiënten"},
    "tenants": {"en": "tenants", "nl": "huurders"},
}
EMERGENCY_NUMBERS = {"GB": "999", "UK": "999"}  # 112 everywhere else in the EU


def load_content() -> content_module.Content:
    return content_module.load()


def current_language(language: str | None = None) -> str:
    language = (language or translation.get_language() or "en")[:2]
    return language if language in LANGUAGES else "en"


# --- conditions ----------------------------------------------------------------


def _equals(question: Question, value: Any, spec: Any) -> bool:
    options = spec if isinstance(spec, list) else [spec]
    if value is None:
        return False
    if question.type == "list":
        return bool(set(value) & set(options))
    return any(value == option and type(value) is type(option) for option in options)


def matches(condition: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    """Whether the answers meet a `when` / `show_if` condition."""
    questions = load_content().questions
    for qid, spec in condition.items():
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


# --- answers -------------------------------------------------------------------


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


class AnswersInvalid(ValueError):
    """Answers that cannot be used; `.errors` names each question and what is allowed."""

    def __init__(self, errors: list[AnswerError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class PolicyError(ValueError):
    """A policy action that is not possible in the version's current state."""


def question_text(question: Question, language: str | None = None) -> str:
    return question.text[current_language(language)]


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


def _check_value(question: Question, value: Any) -> tuple[Any, AnswerError | None]:
    """The cleaned value, or an error saying what is wrong and what is allowed."""

    def wrong(problem: str | None = None) -> tuple[Any, AnswerError]:
        return None, AnswerError(
            question.id,
            problem or _("%(value)s is not allowed.") % {"value": _describe(value)},
            allowed_text(question),
        )

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
        cleaned = [
            v for v in question.choice_values() if v in value
        ]  # content order, no duplicates
        if len(cleaned) < question.min_items:
            return wrong(_("Choose at least %(count)s.") % {"count": question.min_items})
        return cleaned, None
    # text
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


def check_answers(
    raw: Any, *, complete: bool = True, known: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[AnswerError]]:
    """Clean a set of answers.

    Returns the answers that apply (a question skipped by branching is left
    out) and a list of errors: unknown question, wrong type, out of range, not
    a choice, too long. With complete=True every question that applies must
    be answered. `known` holds earlier answers used only to decide branching.
    """
    questions = load_content().questions
    if not isinstance(raw, Mapping):
        return {}, [
            AnswerError(
                "",
                _(
                    "The answers must be a mapping of question ids to answers, one per line, such as “response_time_hours: 8”."
                ),
            )
        ]
    errors: list[AnswerError] = []
    cleaned: dict[str, Any] = {}
    for key, value in raw.items():
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
        value, error = _check_value(question, value)
        if error:
            errors.append(error)
        elif value is not None:
            cleaned[key] = value
    context = {**(known or {}), **cleaned}
    result = {qid: v for qid, v in cleaned.items() if applies(questions[qid], context)}
    if complete:
        for question in questions.values():
            if (
                question.id not in result
                and applies(question, context)
                and not any(e.question == question.id for e in errors)
            ):
                if question.type == "list" and question.id in raw and not question.min_items:
                    result[question.id] = []
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
    return ordered, errors


def validate_answers(raw: Any, *, complete: bool = True) -> dict[str, Any]:
    """The cleaned answers, or AnswersInvalid naming every problem."""
    cleaned, errors = check_answers(raw, complete=complete)
    if errors:
        raise AnswersInvalid(errors)
    return cleaned


def default_answers(language: str | None = None) -> dict[str, Any]:
    """The suggested answers from questions.yaml, for the questions that apply."""
    language = current_language(language)
    answers = {q.id: q.default_for(language) for q in load_content().questions.values()}
    return {
        qid: v
        for qid, v in answers.items()
        if v is not None and applies(load_content().questions[qid], answers)
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
        return _unit(question, value, language)
    return str(value)


# --- filling texts -------------------------------------------------------------


def _unit(question: Question, value: int, language: str) -> str:
    if question.format == "ordinal":
        if language == "nl":
            return f"{value}e"
        suffix = (
            "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        )
        return f"{value}{suffix}"
    if question.unit:
        forms = question.unit[language]
        return f"{value} {forms['one'] if value == 1 else forms['other']}"
    return str(value)


def _join(items: list[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    word = " en " if language == "nl" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


@dataclass
class Context:
    """What a text is filled with besides the answers."""

    organisation_name: str
    audience: str = "residents"
    country: str = "NL"
    header_name: str = ""  # printed in headers and footers; empty when no name is known

    @classmethod
    def for_organisation(
        cls, organisation: Organisation | None, language: str, name: str | None = None
    ) -> Context:
        if organisation is None:
            # Without a name the texts say "the organisation" (lower case mid-sentence).
            return cls(organisation_name=name or _("the organisation"), header_name=name or "")
        return cls(
            organisation_name=name or organisation.name(language),
            audience=organisation.audience,
            country=organisation.country,
            header_name=name or organisation.name(language),
        )


def fill_values(answers: Mapping[str, Any], language: str, context: Context) -> dict[str, str]:
    """Every placeholder's text for these answers, in one language."""
    questions = load_content().questions
    values: dict[str, str] = {
        "organisation": context.organisation_name,
        "audience": AUDIENCE_WORDS.get(context.audience, AUDIENCE_WORDS["residents"])[language],
        "emergency_number": EMERGENCY_NUMBERS.get((context.country or "").upper(), "112"),
    }
    for qid, value in answers.items():
        question = questions.get(qid)
        if question is None or value is None:
            continue
        if question.type == "int":
            values[qid] = _unit(question, value, language)
        elif question.type == "choice":
            choice = question.choice(value)
            values[qid] = choice.text[language] if choice else str(value)
        elif question.type == "list":
            values[qid] = _join(
                [choice.text[language] for v in value if (choice := question.choice(v))], language
            )
        elif question.type == "text":
            values[qid] = str(value)
    if "staffed_hours" in answers:
        start, _sep, end = str(answers["staffed_hours"]).partition("-")
        if language == "nl":
            start, end = start.replace(":", "."), end.replace(":", ".")
        values["staffed_from"], values["staffed_until"] = start, end
    return values


class _Values(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"placeholder {{{key}}} has no value for these answers")


def _fill(text: str, values: Mapping[str, str], *, capitalise: bool = True) -> str:
    """The text with its placeholders filled; a sentence opening with an answer gets a capital."""
    filled = text.format_map(_Values(values))
    return filled[:1].upper() + filled[1:] if capitalise else filled


def _fill_item(text: str, values: Mapping[str, str]) -> str:
    """A list item keeps the case its author wrote (items that continue a sentence ending in
    a colon start in lower case); only an item that opens with a filled-in answer is capitalised."""
    return _fill(text, values, capitalise=text.startswith("{"))


def _given(text: content_module.Text | None, kind: str) -> content_module.Text:
    """The text a block of this kind always has (the content loader rejects one without)."""
    if text is None:
        raise content_module.ContentError(f"a {kind} block has no text")
    return text


def _blocks(
    blocks: Iterable[Block], answers: Mapping[str, Any], language: str, values: Mapping[str, str]
) -> list:
    out: list = []
    for block in blocks:
        if not matches(block.when, answers):
            continue
        if block.kind == "p":
            out.append(Paragraph(_fill(_given(block.text, "p")[language], values)))
        elif block.kind == "list":
            items = [
                _fill_item(t[language], values) for t, when in block.items if matches(when, answers)
            ]
            if items:
                out.append(BulletList(items=items, ordered=block.ordered))
        elif block.kind == "table":
            rows = [
                [_fill(c[language], values) for c in cells]
                for cells, when in block.rows
                if matches(when, answers)
            ]
            out.append(
                Table(
                    header=[_fill(h[language], values) for h in block.header],
                    rows=rows,
                    caption=_fill(_given(block.caption, "table")[language], values),
                )
            )
        elif block.kind == "section":
            inner = _blocks(block.blocks, answers, language, values)
            if inner:
                title = _fill(_given(block.title, "section")[language], values)
                out.append(Section(title=title, blocks=inner))
    return out


def _clauses(kind: str, answers: Mapping[str, Any]) -> list[Clause]:
    return [c for c in load_content().document(kind).clauses if matches(c.when, answers)]


def build_document(
    kind: str,
    answers: Mapping[str, Any],
    language: str,
    *,
    organisation: Organisation | None = None,
    organisation_name: str | None = None,
    audience: str | None = None,
    country: str | None = None,
    version: PolicyVersion | None = None,
) -> Document:
    """The staff policy (kind "policy") or the public house rules ("house_rules") as a Document."""
    if kind not in DOCUMENT_KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    language = current_language(language)
    doc_content = load_content().document(kind)
    with translation.override(language):
        context = Context.for_organisation(organisation, language, organisation_name)
        if audience:
            context.audience = audience
        if country:
            context.country = country
        values = fill_values(answers, language, context)
        sections = []
        for clause in _clauses(kind, answers):
            blocks = _blocks(clause.blocks, answers, language, values)
            if kind == "policy":
                blocks.append(
                    Note(
                        _("Where this comes from: %(source)s") % {"source": clause.source[language]}
                    )
                )
            sections.append(
                Section(title=_fill(clause.title[language], values), blocks=blocks, id=clause.id)
            )
        return Document(
            title=doc_content.title[language],
            language=language,
            organisation=context.header_name,
            subtitle=_fill(doc_content.subtitle[language], values),
            meta=_meta(version, language),
            sections=sections,
            contents=kind == "policy",
        )


def _date(value: dt.date | dt.datetime | None, language: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    with translation.override(language):
        return date_format(value, "j F Y")


def _meta(version: PolicyVersion | None, language: str) -> list[tuple[str, str]]:
    if version is None:
        return []
    with translation.override(language):
        meta = [(_("Version"), str(version.number)), (_("Status"), status_label(version.status))]
        if version.status == PolicyVersion.Status.DRAFT:
            meta.append((_("Drafted"), _date(version.created_at, language)))
        if version.published_at:
            meta.append((_("Approved"), _date(version.published_at, language)))
            if version.approved_by is not None:
                meta.append((_("Approved by"), version.approved_by.display_name()))
        if version.review_due:
            meta.append((_("Review due"), _date(version.review_due, language)))
        return meta


def status_label(status: str) -> str:
    labels: dict[str, str] = {
        PolicyVersion.Status.DRAFT: _("Draft, not yet approved"),
        PolicyVersion.Status.PUBLISHED: _("Published"),
        PolicyVersion.Status.SUPERSEDED: _("Superseded"),
    }
    return labels.get(status, status)


def version_document(version: PolicyVersion, kind: str, language: str) -> Document:
    return build_document(
        kind, version.answers, language, organisation=version.organisation, version=version
    )


def render_version(version: PolicyVersion, kind: str, language: str, fmt: str) -> bytes:
    from govsocial.documents import render

    return render.render(
        version_document(version, kind, language), fmt, organisation=version.organisation
    )


def download_name(version: PolicyVersion, kind: str, language: str, fmt: str) -> str:
    from govsocial.documents import render

    with translation.override(language):
        stem = {"policy": _("social-media-policy"), "house_rules": _("house-rules")}[kind]
    return (
        f"{version.organisation.slug}-{stem}-v{version.number}-{language}.{render.extension(fmt)}"
    )


def clause_texts(
    version: PolicyVersion | Mapping[str, Any], language: str
) -> dict[str, tuple[str, str]]:
    """Clause id → (title, text) of a version's staff policy, in one language."""
    answers = version.answers if isinstance(version, PolicyVersion) else version
    organisation = version.organisation if isinstance(version, PolicyVersion) else None
    document = build_document("policy", answers, language, organisation=organisation)
    return {section.id: (section.title, _section_text(section)) for section in document.sections}


def _section_text(section: Section) -> str:
    parts: list[str] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, BulletList):
            parts.extend(f"- {item}" for item in block.items)
        elif isinstance(block, Table):
            parts.append(block.caption)
            parts.extend(" — ".join(row) for row in block.rows)
        elif isinstance(block, Section):
            parts.append(block.title)
            parts.append(_section_text(block))
    return "\n".join(p for p in parts if p)


# --- the interview and versions -------------------------------------------------


def get_interview(organisation: Organisation) -> Interview | None:
    return Interview.objects.filter(organisation=organisation).first()


@transaction.atomic
def save_answers(
    organisation: Organisation, person: Person | None, answers: Mapping[str, Any], page: str = ""
) -> Interview:
    """Merge answers into the organisation's interview (checked, not necessarily complete)."""
    interview = Interview.objects.select_for_update().filter(organisation=organisation).first()
    known = dict(interview.answers) if interview else {}
    cleaned, errors = check_answers(dict(answers), complete=False, known=known)
    if errors:
        raise AnswersInvalid(errors)
    # Keep answers to questions that branching skips now: they return if the branch does.
    for key, value in answers.items():
        if key not in cleaned and value is not None:
            value, error = _check_value(load_content().questions[key], value)
            if error is None and value is not None:
                cleaned[key] = value
    if interview is None:
        interview = Interview(
            organisation=organisation, started_by=person if person and person.pk else None
        )
    interview.answers = {**known, **cleaned}
    interview.updated_by = person if person and person.pk else None
    if page:
        interview.last_page = page
    interview.save()
    return interview


def interview_answers(organisation: Organisation) -> dict[str, Any]:
    interview = get_interview(organisation)
    return dict(interview.answers) if interview else {}


def effective_answers(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Stored interview answers reduced to the questions that apply."""
    questions = load_content().questions
    return {k: v for k, v in stored.items() if k in questions and applies(questions[k], stored)}


def missing_questions(stored: Mapping[str, Any]) -> list[Question]:
    return [
        q for q in load_content().questions.values() if applies(q, stored) and q.id not in stored
    ]


def generate_draft(
    organisation: Organisation, person: Person | None, answers: Mapping[str, Any] | None = None
) -> PolicyVersion:
    """A new draft version from the given answers or the interview's; AnswersInvalid if incomplete."""
    raw = (
        dict(answers) if answers is not None else effective_answers(interview_answers(organisation))
    )
    cleaned = validate_answers(raw)
    for attempt in range(3):
        try:
            with transaction.atomic():
                number = (
                    PolicyVersion.objects.filter(organisation=organisation).aggregate(
                        n=Max("number")
                    )["n"]
                    or 0
                ) + 1
                version = PolicyVersion.objects.create(
                    organisation=organisation,
                    number=number,
                    answers=cleaned,
                    created_by=person if person and person.pk else None,
                )
                record_event(
                    organisation,
                    person,
                    "policy.generated",
                    version,
                    _("Draft %(number)s of the social media policy generated") % {"number": number},
                    number=number,
                )
                return version
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_lead(person: Person, organisation: Organisation) -> bool:
    return Membership.objects.filter(
        person=person, organisation=organisation, role=Membership.Role.LEAD
    ).exists()


@transaction.atomic
def approve(version: PolicyVersion, person: Person) -> PolicyVersion:
    """A lead publishes a draft; the previously published version is superseded."""
    if not is_lead(person, version.organisation):
        raise PermissionDenied(_("Only a communications lead can approve the policy."))
    return publish(version, person)


@transaction.atomic
def publish(version: PolicyVersion, person: Person | None) -> PolicyVersion:
    """Publish a draft (after the permission check in approve; the demo seeds through here)."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != PolicyVersion.Status.DRAFT:
        raise PolicyError(
            _("Version %(number)s is %(status)s; only a draft can be approved.")
            % {"number": version.number, "status": status_label(version.status).lower()}
        )
    answers = validate_answers(version.answers)
    previous = list(
        PolicyVersion.objects.filter(
            organisation=version.organisation, status=PolicyVersion.Status.PUBLISHED
        )
    )
    PolicyVersion.objects.filter(pk__in=[p.pk for p in previous]).update(
        status=PolicyVersion.Status.SUPERSEDED
    )
    now = timezone.now()
    version.status = PolicyVersion.Status.PUBLISHED
    version.approved_by = person if person is not None and person.pk else None
    version.published_at = now
    version.review_due = add_months(timezone.localdate(now), answers["review_interval_months"])
    version.save()
    record_event(
        version.organisation,
        person,
        "policy.approved",
        version,
        _("Version %(number)s of the social media policy approved and published")
        % {"number": version.number},
        number=version.number,
        superseded=[p.number for p in previous],
        review_due=version.review_due.isoformat(),
    )
    return version


def versions(organisation: Organisation):
    return PolicyVersion.objects.filter(organisation=organisation).select_related(
        "created_by", "approved_by"
    )


def published_version(organisation: Organisation) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(
            organisation=organisation, status=PolicyVersion.Status.PUBLISHED
        )
        .select_related("approved_by", "organisation")
        .first()
    )


def published_answers(organisation: Organisation) -> dict[str, Any] | None:
    version = published_version(organisation)
    return dict(version.answers) if version else None


def policy_url(organisation: Organisation) -> str:
    """The stable link where every member of staff reads the published policy."""
    return reverse("policies:published")


# --- differences -----------------------------------------------------------------


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


def diff_versions(old: PolicyVersion, new: PolicyVersion, language: str) -> VersionDiff:
    """Which clauses were added, removed or changed between two versions, word by word."""
    if old.organisation_id != new.organisation_id:
        raise PolicyError("versions of different organisations cannot be compared")
    language = current_language(language)
    before, after = clause_texts(old, language), clause_texts(new, language)
    order = [c.id for c in load_content().policy.clauses]
    result = []
    for cid in order:
        if cid in before and cid not in after:
            result.append(ClauseDiff(cid, before[cid][0], "removed", [("delete", before[cid][1])]))
        elif cid in after and cid not in before:
            result.append(ClauseDiff(cid, after[cid][0], "added", [("insert", after[cid][1])]))
        elif cid in after:
            old_text, new_text = "\n".join(before[cid]), "\n".join(after[cid])
            if old_text == new_text:
                result.append(ClauseDiff(cid, after[cid][0], "unchanged"))
            else:
                result.append(
                    ClauseDiff(
                        cid, after[cid][0], "changed", word_diff(before[cid][1], after[cid][1])
                    )
                )
    questions = load_content().questions
    changes = []
    with translation.override(language):
        for question in questions.values():
            a, b = old.answers.get(question.id), new.answers.get(question.id)
            if a != b:
                changes.append(
                    AnswerChange(
                        question.text[language],
                        display_answer(question, a, language),
                        display_answer(question, b, language),
                    )
                )
    return VersionDiff(old=old, new=new, language=language, clauses=result, answers=changes)


# --- dashboard -------------------------------------------------------------------


def dashboard_panel(organisation: Organisation, person: Person, role: str) -> dict[str, Any] | None:
    version = published_version(organisation)
    draft = (
        PolicyVersion.objects.filter(organisation=organisation, status=PolicyVersion.Status.DRAFT)
        .order_by("-number")
        .first()
    )
    today = timezone.localdate()
    review_due = version.review_due if version else None
    return {
        "title": _("Social media policy"),
        "template": "policies/_dashboard_panel.html",
        "version": version,
        "draft": draft if role in (Membership.Role.LEAD, Membership.Role.EDITOR) else None,
        "review_due": review_due,
        "overdue": bool(review_due and review_due < today),
        "due_soon": bool(review_due and today <= review_due <= today + dt.timedelta(days=60)),
        "policy_url": policy_url(organisation),
        "can_edit": role in (Membership.Role.LEAD, Membership.Role.EDITOR),
        "interview": get_interview(organisation),
    }


# --- the published contract: what other apps may read ------------------------------


@dataclass(frozen=True)
class PublishedClause:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class PublishedPolicy:
    """The organisation's policy in force, as other apps see it: never a model row."""

    version_id: int
    number: int
    published_at: dt.datetime | None
    review_due: dt.date | None
    answers: Mapping[str, Any]  # every answer id, defaults filled in
    url: str

    def clauses(self, language: str) -> dict[str, PublishedClause]:
        """Clause id → title and plain text of the staff policy, in `language`."""
        return _published_clauses(self.version_id, language)


_clause_cache: dict[tuple[int, str], dict[str, PublishedClause]] = {}


def _published_clauses(version_id: int, language: str) -> dict[str, PublishedClause]:
    # A published version's answers never change, so its clauses are cached by id.
    key = (version_id, language)
    if key not in _clause_cache:
        if len(_clause_cache) > 256:
            _clause_cache.clear()
        version = PolicyVersion.objects.select_related("organisation").get(pk=version_id)
        _clause_cache[key] = {
            cid: PublishedClause(id=cid, title=title, text=text)
            for cid, (title, text) in clause_texts(version, language).items()
        }
    return _clause_cache[key]


def answer_ids() -> frozenset[str]:
    """Every answer id the interview asks: the names other apps' knowledge may use."""
    return frozenset(load_content().questions)


def clause_ids() -> frozenset[str]:
    """Every clause id of the staff policy and the house rules."""
    content = load_content()
    return frozenset(c.id for c in content.policy.clauses) | frozenset(
        c.id for c in content.house_rules.clauses
    )


def published_policy(organisation: Organisation) -> PublishedPolicy | None:
    """The policy in force for `organisation`, or None before the first publication."""
    version = published_version(organisation)
    if version is None:
        return None
    return PublishedPolicy(
        version_id=version.pk,
        number=version.number,
        published_at=version.published_at,
        review_due=version.review_due,
        answers=MappingProxyType(fill_defaults(version.answers)),
        url=policy_url(organisation),
    )
