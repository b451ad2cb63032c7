"""The maturity panel on the dashboard: the latest result and the open round, in two queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govsocial.core.i18n import current_language
from govsocial.core.models import Organisation

from .. import scoring
from ..models import Assessment, Response
from .answers import answered_count, content


def _result(assessment: Assessment) -> dict:
    c = content()
    language = current_language()
    stage = c.stage(assessment.overall_stage)
    return {
        "assessment_id": assessment.pk,
        "completed_at": assessment.completed_at,
        "respondents": assessment.respondent_count,
        "overall": {
            "score": assessment.overall_score,
            "stage": assessment.overall_stage,
            "stage_name": stage.name.get(language) if stage else "",
        },
        "themes": {
            theme.id: {
                "name": theme.name.get(language),
                "score": assessment.theme_scores.get(theme.id),
                "stage": scoring.stage_number(assessment.theme_scores.get(theme.id), c),
            }
            for theme in c.themes
        },
        "url": reverse("maturity:scorecard", args=[assessment.pk]),
    }


def _latest_completed(organisation: Organisation) -> Assessment | None:
    return (
        Assessment.objects.filter(organisation=organisation, status=Assessment.Status.COMPLETED)
        .order_by("-completed_at", "-id")
        .first()
    )


def latest_result(organisation: Organisation) -> dict | None:
    """The organisation's latest completed assessment: theme scores and stages, for dashboards."""
    assessment = _latest_completed(organisation)
    return _result(assessment) if assessment is not None else None


def dashboard_panel(organisation: Organisation, person, role: str) -> dict | None:
    # One query for the latest completed round (is_latest marks it) and the open round,
    # one for the person's own answers in the open round.
    rounds = list(
        Assessment.objects.filter(organisation=organisation)
        .filter(Q(is_latest=True) | Q(status=Assessment.Status.IN_PROGRESS))
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=Response.objects.filter(respondent=person).only("assessment", "answers"),
                to_attr="mine",
            )
        )
        .order_by("-created_at", "-id")
    )
    latest = next((a for a in rounds if a.is_latest and a.is_completed), None)
    current = next((a for a in rounds if not a.is_completed), None)
    progress = None
    if current is not None:
        mine = current.mine[0] if current.mine else None
        progress = {
            "answered": answered_count(mine.answers) if mine else 0,
            "total": len(content().questions),
            "url": reverse("maturity:index"),
        }
    panel: dict = {
        "title": _("Maturity"),
        "template": "maturity/_dashboard_panel.html",
        "result": _result(latest) if latest is not None else None,
        "progress": progress,
        "index_url": reverse("maturity:index"),
    }
    if role == "lead":
        panel["steps"] = _steps(latest, current)
    return panel


# A self-assessment older than this no longer tells where the organisation stands.
EVALUATION_DAYS = 365


def _steps(latest: Assessment | None, current: Assessment | None) -> list[dict]:
    """Steps 1 and 5 of the dashboard's "start here" path: the benchmark, the test."""
    neighbours = {
        "number": 1,
        "done": False,  # a lead ticks it: looking is not something the app can see
        "action": _("See how comparable organisations score"),
        "url": reverse("maturity:benchmark"),
    }
    recent = timezone.now() - dt.timedelta(days=EVALUATION_DAYS)
    done = latest is not None and latest.completed_at is not None and latest.completed_at >= recent
    if current is not None:
        detail, action = _("A self-assessment round is open."), _("Continue the self-assessment")
    elif latest is not None and not done:
        detail, action = (
            _("The last self-assessment is more than a year old."),
            _("Start a new round"),
        )
    else:
        detail, action = "", _("Start the self-assessment")
    evaluate = {
        "number": 5,
        "done": done,
        "detail": detail,
        "action": action,
        "url": reverse("maturity:index"),
    }
    return [neighbours, evaluate]
