"""The interview: answers saved page by page, the way through the pages, cached fragments.

A page whose every question branching skips is left out of the way through
(unless it is the page on screen). Branching also follows the organisation
(a public body is not asked whether it must keep records), so the pages read
the stored answers with the organisation's facts beside them. Before the
review page come the conflicts between answers, which the person fixes or
confirms. Rendered fragments are cached on what they are built from: the
stored answers, the language and the organisation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse

from govsocial.core.concurrency import check_revision
from govsocial.core.models import Organisation, Person

from ..content import Page
from ..models import Interview
from .answer_audit import record_answer_changes
from .answers import (
    AnswersInvalid,
    applies,
    check_answers,
    check_value,
    display_answer,
    effective_answers,
    fill_defaults,
    load_content,
    missing_questions,
)
from .checks import Conflict, conflicts, unconfirmed
from .document import build_document, cached_fragment
from .facts import organisation_facts

REVIEW = "review"


# --- stored answers ---------------------------------------------------------------


def get_interview(organisation: Organisation) -> Interview | None:
    return Interview.objects.filter(organisation=organisation).first()


def interview_answers(organisation: Organisation) -> dict[str, Any]:
    interview = get_interview(organisation)
    return dict(interview.answers) if interview else {}


def interview_context(organisation: Organisation) -> dict[str, Any]:
    """The stored answers with the organisation's facts beside them, for branching."""
    return with_facts(interview_answers(organisation), organisation)


def with_facts(answers: Mapping[str, Any], organisation: Organisation) -> dict[str, Any]:
    return {**answers, **organisation_facts(organisation).conditions()}


@transaction.atomic
def save_answers(
    organisation: Organisation,
    person: Person | None,
    answers: Mapping[str, Any],
    page: str = "",
    revision: int | None = None,
) -> Interview:
    """Merge answers into the organisation's interview (checked, not necessarily complete).

    With `revision` (the one the page was opened on; 0 before there was an interview),
    answers someone else saved in the meantime are not overwritten: StaleRevision
    carries the interview as they left it. Every changed answer goes into the audit trail."""
    saved_by = person if person is not None and person.pk else None
    locked = Interview.objects.select_for_update().filter(organisation=organisation)
    if not locked.exists():
        # Revision 0, no answers: two first saves at once meet here (the second one's
        # insert waits for the first and then finds its row) instead of failing.
        Interview.objects.get_or_create(
            organisation=organisation, defaults={"started_by": saved_by, "revision": 0}
        )
    # Locked until this transaction ends: no save slips in between the check and the write.
    interview = locked.get()
    if revision is not None:
        check_revision(interview, revision)
    known = dict(interview.answers)
    facts = organisation_facts(organisation).conditions()
    cleaned, errors = check_answers(dict(answers), complete=False, known={**known, **facts})
    if errors:
        raise AnswersInvalid(errors)
    # Keep answers to questions that branching skips now: they return if the branch does.
    questions = load_content().questions
    for key, value in answers.items():
        if key not in cleaned and key in questions and value is not None:
            value, error = check_value(questions[key], value)
            if error is None and value is not None:
                cleaned[key] = value
    merged = {**known, **cleaned}
    changed = merged != known
    interview.answers = merged
    interview.updated_by = saved_by
    if page:
        interview.last_page = page
    if changed:
        interview.revision += 1  # the row is locked: no other save can read the old number
    interview.save()
    record_answer_changes(organisation, person, interview, known, merged, page)
    return interview


def progress(stored: Mapping[str, Any]) -> tuple[int, int]:
    """How many of the questions that apply are answered, and how many apply."""
    applicable = [q for q in load_content().questions.values() if applies(q, stored)]
    return sum(1 for q in applicable if q.id in stored), len(applicable)


# --- the way through the pages ---------------------------------------------------------


def interview_pages(stored: Mapping[str, Any], current: str = "") -> list[Page]:
    """The pages to go through: those with a question that applies, and the page on screen."""
    content = load_content()
    return [
        page
        for page in content.pages
        if page.id == current
        or any(applies(content.questions[qid], stored) for qid in page.question_ids)
    ]


def page_url(page_id: str | None) -> str:
    """A page of the interview; None or "review" is the page that checks the answers."""
    if page_id is None or page_id == REVIEW:
        return reverse("policies:review")
    return reverse("policies:page", args=[page_id])


@dataclass(frozen=True)
class Place:
    """Where a page is in the interview."""

    page_id: str
    number: int  # this page's step, from 1
    count: int  # every step, the review included
    previous_page: str | None  # None: the first page
    next_page: str | None  # None: the review comes next

    @property
    def is_last(self) -> bool:
        return self.next_page is None

    def next_url(self, from_review: bool = False) -> str:
        """After saving: back to the review when the page was opened from there."""
        return page_url(None if from_review else self.next_page)

    def back_url(self) -> str:
        if self.previous_page is None:
            return reverse("policies:index")
        return page_url(self.previous_page)


def place(page_id: str, stored: Mapping[str, Any]) -> Place:
    ids = [page.id for page in interview_pages(stored, page_id)]
    index = ids.index(page_id)
    return Place(
        page_id=page_id,
        number=index + 1,
        count=len(ids) + 1,
        previous_page=ids[index - 1] if index > 0 else None,
        next_page=ids[index + 1] if index + 1 < len(ids) else None,
    )


def resume_page(interview: Interview | None, facts: Mapping[str, Any] | None = None) -> str:
    """Where "Continue" leads: the review once every question that applies is answered,
    else the page after the one last saved (or the first page). `facts` are the
    organisation's (a public body is not asked about its duty to keep records)."""
    stored = {**(interview.answers if interview else {}), **(facts or {})}
    ids = [page.id for page in interview_pages(stored)]
    if interview is None:
        return ids[0] if ids else REVIEW
    if not missing_questions(stored):
        return REVIEW
    order = [page.id for page in load_content().pages]
    if interview.last_page in order:
        saved = order.index(interview.last_page)
        following = [pid for pid in ids if order.index(pid) > saved]
        return following[0] if following else REVIEW
    return ids[0] if ids else REVIEW


def steps(current: str, stored: Mapping[str, Any], language: str) -> list[dict[str, Any]]:
    """The progress list: every page to go through, then the review."""
    result: list[dict[str, Any]] = [
        {"id": page.id, "title": page.title[language], "url": page_url(page.id)}
        for page in interview_pages(stored, current)
    ]
    result.append({"id": REVIEW, "title": None, "url": page_url(REVIEW)})
    for number, step in enumerate(result, start=1):
        step["number"] = number
        step["current"] = step["id"] == current
    return result


def review_sections(stored: Mapping[str, Any], language: str) -> tuple[list[dict[str, Any]], int]:
    """The answers per page for the review, and how many questions are still unanswered."""
    content = load_content()
    sections = []
    missing = 0
    for page in interview_pages(stored):
        rows = []
        for question in content.page_questions(page.id):
            if not applies(question, stored):
                continue
            answered = question.id in stored
            missing += 0 if answered else 1
            rows.append(
                {
                    "id": question.id,
                    "question": question.text[language],
                    "answer": display_answer(question, stored.get(question.id), language)
                    if answered
                    else "",
                    "answered": answered,
                    "change_url": page_url(page.id) + f"?from=review#q-{question.id}",
                }
            )
        sections.append({"id": page.id, "title": page.title[language], "rows": rows})
    return sections, missing


# --- conflicts between answers -------------------------------------------------------


def interview_conflicts(
    organisation: Organisation, language: str, stored: Mapping[str, Any] | None = None
) -> list[Conflict]:
    """The conflicts in the interview's answers (suggested answers filling any gap);
    `stored` saves reading the interview again when the caller has it."""
    if stored is None:
        stored = interview_answers(organisation)
    answers = effective_answers(with_facts(stored, organisation))
    answers = fill_defaults(with_facts(answers, organisation), language)
    return conflicts(answers, organisation_facts(organisation), language)


def unconfirmed_conflicts(organisation: Organisation, language: str) -> list[Conflict]:
    interview = get_interview(organisation)
    confirmed = list(interview.confirmed_checks) if interview else []
    return unconfirmed(interview_conflicts(organisation, language), confirmed)


@transaction.atomic
def confirm_conflicts(
    organisation: Organisation, person: Person | None, fingerprints: list[str]
) -> Interview | None:
    """Keep the answers behind these conflicts: the policy is written anyway."""
    interview = Interview.objects.select_for_update().filter(organisation=organisation).first()
    if interview is None:
        return None
    known = {c.fingerprint for c in interview_conflicts(organisation, "en")}
    kept = [f for f in interview.confirmed_checks if f in known]
    interview.confirmed_checks = kept + [f for f in fingerprints if f in known and f not in kept]
    interview.updated_by = person if person is not None and person.pk else None
    interview.save(update_fields=["confirmed_checks", "updated_by", "updated_at"])
    return interview


# --- cached fragments ----------------------------------------------------------------


def page_fields_html(
    page_id: str,
    language: str,
    stored: Mapping[str, Any],
    render: Callable[[], str],
    revision: int = 0,
) -> str:
    """An unbound page's questions: a pure function of the stored answers and their
    revision (in a hidden field). Django renders every radio button through its own
    template, which costs more than the rest of the page."""
    return cached_fragment(("fields", page_id, language, dict(stored), revision), render)


def preview_html(stored: Mapping[str, Any], language: str, organisation: Organisation) -> str:
    """The staff policy for these answers (suggested answers filling the gaps), as HTML."""
    from govsocial.documents import render

    answers = fill_defaults(stored, language)

    def build() -> str:
        document = build_document("policy", answers, language, organisation=organisation)
        return render.render_html_fragment(document)

    key = (
        "preview",
        answers,
        language,
        organisation.pk,
        organisation.name(language),
        organisation.audience,
        organisation.country,
        organisation.kind,
    )
    return cached_fragment(key, build)
