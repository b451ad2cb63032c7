"""Revisions of the policy in force: a draft with changes agreed elsewhere (such as
the guideline changes a group agrees at the end of the training game), and the
interview started again from the published answers, with an older draft shown
with its differences before it is kept or discarded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import translation

from govsocial.core.concurrency import check_revision
from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event

from ..models import Interview, PolicyVersion
from .answer_audit import record_answer_changes
from .answers import (
    AnswersInvalid,
    applies,
    check_answers,
    display_answer,
    effective_answers,
    fill_defaults,
    load_content,
)
from .facts import organisation_facts
from .interview import (
    REVIEW,
    get_interview,
    interview_answers,
    interview_context,
    interview_pages,
    resume_page,
    with_facts,
)
from .versions import generate_draft, published_version


def propose_revision(
    organisation: Organisation,
    person: Person | None,
    changes: Mapping[str, Any],
    note: str = "",
) -> str:
    """Open a draft version: the policy in force (or, before the first one, the
    interview's answers) with `changes` (answer id → value) applied. Returns the
    draft's address in the policy builder, where a lead reads and approves it.
    AnswersInvalid names a change that is not an answer the builder accepts.
    The interview is left as it is: the draft is a proposal."""
    version = published_version(organisation)
    base = dict(version.answers) if version else effective_answers(interview_answers(organisation))
    cleaned, errors = check_answers(dict(changes), complete=False, known=base)
    if errors:
        raise AnswersInvalid(errors)
    answers = fill_defaults({**base, **cleaned}, organisation.default_language)
    draft = generate_draft(organisation, person, answers)
    record_event(
        organisation,
        person,
        "policy.revision_proposed",
        draft,
        note or f"Draft {draft.number} proposed with agreed changes",
        number=draft.number,
        changes=cleaned,
    )
    return reverse("policies:version", args=[draft.pk])


# --- a revision of the policy in force ---------------------------------------------


@dataclass(frozen=True)
class DraftChange:
    """An answer in the interview that differs from the version in force."""

    question: str
    draft: str
    published: str


@dataclass(frozen=True)
class OlderDraft:
    """Interview answers that differ from the version in force, not yet kept or discarded."""

    published_number: int
    revision: int  # the interview's, so keep or discard cannot act on answers not shown
    updated_at: Any
    changes: list[DraftChange]


def draft_changes(
    answers: Mapping[str, Any],
    published: Mapping[str, Any],
    organisation: Organisation,
    language: str,
) -> list[DraftChange]:
    """The answered questions that apply whose draft answer differs from the published one."""
    context = with_facts(answers, organisation)
    changes = []
    with translation.override(language):
        for question in load_content().questions.values():
            draft = answers.get(question.id)
            if draft is None or not applies(question, context):
                continue
            if draft != published.get(question.id):
                changes.append(
                    DraftChange(
                        question=question.text[language],
                        draft=display_answer(question, draft, language),
                        published=display_answer(question, published.get(question.id), language),
                    )
                )
    return changes


def older_draft(organisation: Organisation, language: str) -> OlderDraft | None:
    """The interview's answers when they differ from the version in force and nobody has
    said yet whether to keep them (None: nothing to announce)."""
    version = published_version(organisation)
    interview = get_interview(organisation)
    if version is None or interview is None or interview.based_on == version.number:
        return None
    changes = draft_changes(interview.answers, version.answers, organisation, language)
    if not changes:
        return None
    return OlderDraft(version.number, interview.revision, interview.updated_at, changes)


def _published_answers(version: PolicyVersion) -> dict[str, Any]:
    questions = load_content().questions
    return {qid: value for qid, value in version.answers.items() if qid in questions}


def revision_page(organisation: Organisation, person: Person | None) -> str:
    """Where "Continue" leads once a version is in force: a revision starts at step 1 from
    the published answers; a revision under way resumes after the page saved last.
    Call only when `older_draft` is None (an older draft is announced first)."""
    version = published_version(organisation)
    if version is None:
        return resume_page(
            get_interview(organisation), organisation_facts(organisation).conditions()
        )
    with transaction.atomic():
        interview = Interview.objects.select_for_update().filter(organisation=organisation).first()
        if interview is None:
            interview = Interview.objects.create(
                organisation=organisation,
                answers=_published_answers(version),
                based_on=version.number,
                started_by=person if person is not None and person.pk else None,
            )
        elif interview.based_on != version.number:
            interview.based_on = version.number
            interview.last_page = ""
            interview.save(update_fields=["based_on", "last_page", "updated_at"])
        else:
            return _resume_revision(interview)
    record_event(
        organisation,
        person,
        "policy.revision_started",
        interview,
        f"Revision of version {version.number} started",
        number=version.number,
    )
    return interview_pages(interview_context(organisation))[0].id


def _resume_revision(interview: Interview) -> str:
    stored = with_facts(interview.answers, interview.organisation)
    ids = [page.id for page in interview_pages(stored)]
    if interview.last_page not in ids:
        return ids[0]
    following = ids[ids.index(interview.last_page) + 1 :]
    return following[0] if following else REVIEW


@transaction.atomic
def settle_older_draft(
    organisation: Organisation, person: Person | None, keep: bool, revision: int
) -> Interview:
    """Keep the older draft's answers, or replace them with the version in force.
    StaleRevision when the answers changed after the differences were shown."""
    version = published_version(organisation)
    interview = Interview.objects.select_for_update().get(organisation=organisation)
    check_revision(interview, revision)
    if version is None:
        return interview
    interview.based_on = version.number
    if keep:
        interview.save(update_fields=["based_on", "updated_at"])
        action, note = "policy.draft_kept", f"Older draft kept over version {version.number}"
    else:
        before = dict(interview.answers)
        interview.answers = _published_answers(version)
        interview.confirmed_checks = []
        interview.last_page = ""
        interview.revision += 1  # a page still open on the draft must not save over this
        interview.updated_by = person if person is not None and person.pk else None
        interview.save()
        record_answer_changes(organisation, person, interview, before, interview.answers)
        action, note = "policy.draft_discarded", f"Older draft replaced by version {version.number}"
    record_event(organisation, person, action, interview, note, number=version.number)
    return interview
