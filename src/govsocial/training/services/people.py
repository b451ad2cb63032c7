"""What core asks training about organisations and people (core.hooks)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from govsocial.core.hooks import count_by_organisation
from govsocial.core.models import Organisation, Person

from ..models import Acknowledgement, GameSession, QuizAttempt


def organisation_usage(organisations: QuerySet[Organisation]) -> dict[Any, dict[int, int]]:
    return {
        gettext_lazy("Quiz results"): count_by_organisation(
            QuizAttempt.objects.filter(organisation__in=organisations)
        ),
        gettext_lazy("Game sessions"): count_by_organisation(
            GameSession.objects.filter(organisation__in=organisations)
        ),
    }


def personal_data(organisation: Organisation, person: Person) -> dict[str, Any]:
    mine = {"organisation": organisation, "person": person}
    return {
        "acknowledgements": [
            {"version": a.version_number, "when": a.acknowledged_at.isoformat()}
            for a in Acknowledgement.objects.filter(**mine)
        ],
        "quiz_attempts": [
            {"score": q.score, "total": q.total, "when": q.created_at.isoformat()}
            for q in QuizAttempt.objects.filter(**mine)
        ],
        "games_led": [
            {"name": g.name, "when": g.created_at.isoformat()}
            for g in GameSession.objects.filter(organisation=organisation, game_master=person)
        ],
    }
