"""What core asks the policy builder about organisations and people (core.hooks)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from govsocial.core.hooks import count_by_organisation
from govsocial.core.models import Organisation, Person

from ..models import PolicyVersion


def organisation_usage(organisations: QuerySet[Organisation]) -> dict[Any, dict[int, int]]:
    return {
        gettext_lazy("Policy versions"): count_by_organisation(
            PolicyVersion.objects.filter(organisation__in=organisations)
        )
    }


def personal_data(organisation: Organisation, person: Person) -> dict[str, Any]:
    versions = PolicyVersion.objects.filter(organisation=organisation).filter(
        Q(created_by=person) | Q(approved_by=person)
    )
    return {
        "policy_versions": [
            {
                "number": v.number,
                "status": v.status,
                "created": v.created_at.isoformat(),
                "as": [
                    role
                    for role in ("created_by", "approved_by")
                    if getattr(v, f"{role}_id") == person.pk
                ],
            }
            for v in versions
        ]
    }
