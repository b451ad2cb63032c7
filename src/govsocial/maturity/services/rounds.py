"""Rounds: several respondents answer one assessment; closing it combines and scores them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govsocial.core.models import Organisation
from govsocial.core.services import record_event

from .. import scoring
from ..models import Assessment, Response
from .anonymous import check_allowance
from .answers import AnswersError, answered_count, content, validate_answers

DISAGREEMENT_GAP = 2


def open_round(organisation: Organisation) -> Assessment | None:
    return (
        Assessment.objects.filter(organisation=organisation, status=Assessment.Status.IN_PROGRESS)
        .order_by("-created_at", "-id")
        .first()
    )


@transaction.atomic
def start_round(organisation: Organisation, person, language: str = "en") -> Assessment:
    """The organisation's open round, or a new one; several members answer the same round."""
    existing = open_round(organisation)
    if existing is not None:
        return existing
    assessment = Assessment.objects.create(
        organisation=organisation, started_by=person, language=language
    )
    record_event(
        organisation,
        person,
        "maturity.round_started",
        assessment,
        _("Maturity self-assessment started"),
    )
    return assessment


def response_for(assessment: Assessment, person) -> Response:
    response, _created = Response.objects.get_or_create(assessment=assessment, respondent=person)
    return response


def anonymous_response(assessment: Assessment) -> Response:
    response = assessment.responses.filter(respondent__isnull=True).first()
    return response or Response.objects.create(assessment=assessment)


def save_answers(
    response: Response, answers: Mapping[str, Any], *, replace: bool = False
) -> Response:
    """Store answers as the respondent goes. Empty values leave an earlier answer as it was
    (a radio button cannot be unticked); `replace` swaps the whole set (an uploaded file)."""
    if response.assessment.is_completed:
        raise AnswersError(_("This assessment is completed; start a new one to change answers."))
    clean = validate_answers({k: v for k, v in answers.items() if v not in (None, "")})
    merged = {} if replace else dict(response.answers)
    merged.update(clean)
    response.answers = merged
    response.save(update_fields=["answers", "updated_at"])
    return response


def submit_response(response: Response, person=None) -> Response:
    response.submitted_at = timezone.now()
    response.save(update_fields=["submitted_at", "updated_at"])
    assessment = response.assessment
    if assessment.organisation is not None:
        record_event(
            assessment.organisation,
            person,
            "maturity.response_submitted",
            assessment,
            _("Answers submitted for the maturity self-assessment"),
        )
    return response


def others_answered(assessment: Assessment, person) -> int:
    """How many respondents other than `person` have answered a question in this round."""
    return sum(
        1
        for r in assessment.responses.all()
        if r.answers and r.respondent_id != getattr(person, "pk", None)
    )


def closes_on_submit(assessment: Assessment, person, is_lead: bool) -> bool:
    """A lead who is the round's only respondent gets the result when submitting."""
    return is_lead and not assessment.is_completed and others_answered(assessment, person) == 0


def next_action(is_lead: bool, mine: Response | None, respondents: list[dict]) -> str:
    """The primary button on the round's page: "close" for a lead whose own part is done
    (submitted, or not started) while someone has answered; "answer" otherwise."""
    if not is_lead or not any(r["answered"] for r in respondents):
        return "answer"
    if mine is not None and mine.answers and mine.submitted_at is None:
        return "answer"
    return "close"


@transaction.atomic
def complete(assessment: Assessment, person=None) -> Assessment:
    """Close the round: combine the respondents' answers (median per question) and score them."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_completed:
        return assessment
    answered = [r.answers for r in assessment.responses.all() if r.answers]
    if not answered:
        raise AnswersError(_("Nobody has answered a question yet, so there is nothing to score."))
    c = content()
    combined = scoring.combine(answered, c)
    result = scoring.score(combined, c)
    assessment.answers = combined
    assessment.theme_scores = {tid: data["score"] for tid, data in result["themes"].items()}
    assessment.overall_score = result["overall"]["score"]
    assessment.overall_stage = result["overall"]["stage"]
    assessment.respondent_count = len(answered)
    assessment.status = Assessment.Status.COMPLETED
    assessment.completed_at = timezone.now()
    if assessment.organisation_id:
        Assessment.objects.filter(
            organisation_id=assessment.organisation_id, is_latest=True
        ).update(is_latest=False)
        assessment.is_latest = True
    assessment.save()
    if assessment.organisation is not None:
        record_event(
            assessment.organisation,
            person,
            "maturity.completed",
            assessment,
            _("Maturity self-assessment completed"),
            respondents=len(answered),
            overall=assessment.overall_score,
        )
    return assessment


def start_anonymous(
    language: str, answers: Mapping[str, Any] | None = None, *, client: str | None = None
) -> Assessment:
    """A test without an account; it is reached only through its unguessable token.

    `client` (services.client_hash of the address) is counted against the hourly
    limit: TooManyAnonymousAssessments when it is reached. None: not counted.
    """
    clean = validate_answers(answers or {})
    with transaction.atomic():
        if client is not None:
            check_allowance(client)
        assessment = Assessment.objects.create(
            organisation=None, language=language, client_hash=client or ""
        )
        Response.objects.create(assessment=assessment, answers=clean)
    return assessment


def retake(assessment: Assessment, person=None, *, client: str | None = None) -> Assessment:
    """A new test (anonymous) or a new round (organisation) starting from these answers."""
    organisation = assessment.organisation
    if organisation is None:
        return start_anonymous(
            assessment.language,
            assessment.answers or anonymous_response(assessment).answers,
            client=client,
        )
    new = start_round(organisation, person, assessment.language)
    own = assessment.responses.filter(respondent=person).first() if person else None
    response = response_for(new, person)
    if not response.answers and own is not None:
        save_answers(response, own.answers, replace=True)
    return new


def respondent_label(response: Response, index: int, *, named: bool = True) -> str:
    if named and response.respondent is not None:
        return response.respondent.display_name()
    return _("Respondent %(number)s") % {"number": index}


def disagreement_list(assessment: Assessment, language: str, *, named: bool = True) -> list[dict]:
    """Questions where respondents differ by two levels or more, with who answered what.

    `named=False` labels every respondent "Respondent n" (for members who are not leads).
    """
    c = content()
    responses = list(
        assessment.responses.select_related("respondent").filter(answers__isnull=False)
    )
    labelled = {
        respondent_label(r, i, named=named): r.answers
        for i, r in enumerate(responses, start=1)
        if r.answers
    }
    found = scoring.disagreements(labelled, c, DISAGREEMENT_GAP)
    out = []
    for item in found:
        question = c.questions[item["question"]]
        out.append(
            {
                "id": question.id,
                "number": question.number,
                "theme": c.theme(question.theme).name.get(language),
                "text": question.text.get(language),
                "gap": item["gap"],
                "answers": [
                    {
                        "who": who,
                        "level": level,
                        "text": question.levels[int(level) - 1].get(language),
                    }
                    for who, level in sorted(item["levels"].items(), key=lambda kv: (kv[1], kv[0]))
                ],
            }
        )
    return out


def history(organisation: Organisation) -> list[Assessment]:
    return list(
        Assessment.objects.filter(
            organisation=organisation, status=Assessment.Status.COMPLETED
        ).order_by("completed_at", "id")
    )


def round_overview(
    organisation: Organisation, person, language: str, *, is_lead: bool = False
) -> dict:
    """The open round (with who answered how much), the completed ones newest first,
    and the person's next action (see `next_action`)."""
    current = open_round(organisation)
    mine = None
    respondents = []
    if current is not None:
        for i, r in enumerate(current.responses.select_related("respondent"), start=1):
            if r.respondent_id == getattr(person, "pk", None):
                mine = r
            respondents.append(
                {
                    "name": respondent_label(r, i),
                    "answered": answered_count(r.answers),
                    "submitted": r.submitted_at is not None,
                }
            )
    past = list(reversed(history(organisation)))
    c = content()
    for assessment in past:
        stage = c.stage(assessment.overall_stage)
        assessment.stage_name = stage.name.get(language) if stage else "–"  # type: ignore[attr-defined]
    return {
        "current": current,
        "mine": mine,
        "respondents": respondents,
        "history": past,
        "next_action": next_action(is_lead, mine, respondents),
        "submitted_count": sum(1 for r in respondents if r["submitted"]),
        "answered_count": sum(1 for r in respondents if r["answered"]),
    }
