"""Who has confirmed reading which published version of the policy."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from govsocial.core.access import scoped
from govsocial.core.errors import GovSocialError
from govsocial.core.models import Membership, Organisation, Person
from govsocial.core.services import record_event

from .. import policy
from ..models import Acknowledgement
from ..policy import PublishedPolicy


class NoPublishedPolicy(GovSocialError):
    pass


def acknowledgement_for(
    organisation: Organisation, person: Person, published: PublishedPolicy | None = None
) -> Acknowledgement | None:
    """The person's confirmation of the published version (looked up unless given)."""
    published = published if published is not None else policy.published(organisation)
    if published is None:
        return None
    return (
        scoped(Acknowledgement, organisation)
        .filter(person=person, version_id=str(published.version_id))
        .first()
    )


@transaction.atomic
def acknowledge(organisation: Organisation, person: Person) -> Acknowledgement:
    """Record that `person` has read the published version (once per version)."""
    published = policy.published(organisation)
    if published is None:
        raise NoPublishedPolicy
    ack, created = Acknowledgement.objects.get_or_create(
        organisation=organisation,
        person=person,
        version_id=str(published.version_id),
        defaults={"version_number": published.number},
    )
    if created:
        record_event(
            organisation,
            person,
            "training.policy.acknowledged",
            ack,
            f"{person.username} read policy version {published.number}",
            version=published.number,
        )
    return ack


def acknowledgement_overview(
    organisation: Organisation, version_number: int | None = None
) -> dict[str, Any]:
    """Who has and has not confirmed a version (the published one unless named)."""
    published = policy.published(organisation)
    acks = scoped(Acknowledgement, organisation)
    versions = {
        row["version_number"]: row["version_id"]
        for row in acks.order_by().values("version_number", "version_id").distinct()
    }
    if published is not None:
        versions[published.number] = str(published.version_id)
    numbers = sorted(versions, reverse=True)
    if version_number not in versions:
        version_number = (
            published.number if published is not None else (numbers[0] if numbers else None)
        )
    rows = []
    by_person = {}
    if version_number is not None:
        by_person = {a.person_id: a for a in acks.filter(version_id=versions[version_number])}
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__username")
    )
    for membership in members:
        ack = by_person.get(membership.person_id)
        rows.append(
            {
                "person": membership.person,
                "role": membership.get_role_display(),
                "acknowledged_at": ack.acknowledged_at if ack else None,
            }
        )
    done = sum(1 for r in rows if r["acknowledged_at"])
    return {
        "version_number": version_number,
        "versions": numbers,
        "rows": rows,
        "done": done,
        "total": len(rows),
        "published": published,
        "is_published": published is not None and version_number == published.number,
    }
