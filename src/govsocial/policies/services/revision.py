"""A draft revision of the policy with changes agreed elsewhere, such as the
guideline changes a group agrees at the end of the training game."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event

from .answers import AnswersInvalid, check_answers, effective_answers, fill_defaults
from .interview import interview_answers
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
