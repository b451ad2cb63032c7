"""What core asks the maturity self-assessment about organisations and people (core.hooks)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from govsocial.core.hooks import count_by_organisation
from govsocial.core.models import Organisation, Person

from ..models import Assessment, Response


def organisation_usage(organisations: QuerySet[Organisation]) -> dict[Any, dict[int, int]]:
    return {
        gettext_lazy("Maturity self-assessment"): count_by_organisation(
            Assessment.objects.filter(organisation__in=organisations)
        )
    }


def personal_data(organisation: Organisation, person: Person) -> dict[str, Any]:
    responses = Response.objects.filter(
        assessment__organisation=organisation, respondent=person
    ).select_related("assessment")
    return {
        "responses": [
            {
                "assessment": r.assessment_id,
                "answers": r.answers,
                "started": r.created_at.isoformat(),
                "submitted": r.submitted_at.isoformat() if r.submitted_at else None,
            }
            for r in responses
        ]
    }
