"""Interview answer changes in the audit trail: which question, old → new, who, when.

A value is cut to a short excerpt (a free-text answer may be 2,000 characters), so one
save never writes more than a few kilobytes to the trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event

from ..models import Interview
from .answers import display_answer, load_content

VALUE_CAP = 80  # characters of one value in the trail
SUMMARY_CHANGES = 3  # changes named in the summary line (shorter still); the rest counted


def excerpt(text: str, cap: int = VALUE_CAP) -> str:
    text = " ".join(text.split())
    return text if len(text) <= cap else text[: cap - 1] + "…"


def answer_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The questions whose answer differs, in the interview's order."""
    questions = load_content().questions
    return [
        qid
        for qid in questions
        if (qid in before or qid in after) and before.get(qid) != after.get(qid)
    ]


def _shown(qid: str, answers: Mapping[str, Any], language: str) -> str:
    if qid not in answers:
        return "—"
    return excerpt(display_answer(load_content().questions[qid], answers[qid], language))


def record_answer_changes(
    organisation: Organisation,
    person: Person | None,
    interview: Interview,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    page: str = "",
) -> None:
    """One audit event for a save that changed answers (none when nothing changed)."""
    changed = answer_changes(before, after)
    if not changed:
        return
    language = organisation.default_language or "en"
    with translation.override(language):
        changes = [
            {
                "question": qid,
                "old": _shown(qid, before, language),
                "new": _shown(qid, after, language),
            }
            for qid in changed
        ]
        named = "; ".join(
            f"{c['question']}: {excerpt(c['old'], 40)} → {excerpt(c['new'], 40)}"
            for c in changes[:SUMMARY_CHANGES]
        )
        summary = _("Policy interview answers changed: %(changes)s") % {"changes": named}
        if len(changes) > SUMMARY_CHANGES:
            summary += " " + _("(and %(count)s more)") % {"count": len(changes) - SUMMARY_CHANGES}
    record_event(
        organisation,
        person,
        "policy.answers_changed",
        interview,
        summary,
        page=page,
        revision=interview.revision,
        changes=changes,
    )
