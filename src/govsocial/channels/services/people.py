"""What core asks the channel register about people and organisations (core.hooks):
the channels a leaving member holds and their hand-over, the register's size per
organisation, and one person's part of the register (GDPR art. 15)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from govsocial.core.hooks import count_by_organisation
from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event

from ..models import Channel, ChannelReport
from .rules import FINISHED


def _held(organisation: Organisation, person: Person) -> QuerySet[Channel]:
    return (
        Channel.objects.filter(organisation=organisation)
        .filter(Q(owner=person) | Q(cover=person))
        .exclude(status__in=FINISHED)
    )


def holdings(organisation: Organisation, person: Person) -> list[str]:
    """Each channel the person owns or covers, with their part in it."""
    owner = Channel._meta.get_field("owner").verbose_name
    cover = Channel._meta.get_field("cover").verbose_name
    return [
        f"{channel} — {owner if channel.owner_id == person.pk else cover}"
        for channel in _held(organisation, person)
    ]


@transaction.atomic
def hand_over(
    organisation: Organisation, person: Person, successor: Person | None, actor: Person | None
) -> None:
    """The successor takes over as owner or cover; never both of one channel (the
    channel then has no cover, which its health check reports)."""
    for channel in _held(organisation, person).select_for_update():
        changed = []
        if channel.owner_id == person.pk:
            channel.owner = successor
            changed.append("owner")
            if successor is not None and channel.cover_id == successor.pk:
                channel.cover = None
                changed.append("cover")
        if channel.cover_id == person.pk:
            channel.cover = successor if successor and channel.owner_id != successor.pk else None
            changed.append("cover")
        channel.save(update_fields=[*changed, "updated_at"])
        record_event(
            organisation,
            actor,
            "channel.handed_over",
            channel,
            f"{channel}: {person.username} → {successor.username if successor else '—'}",
            fields=changed,
        )


def organisation_usage(organisations: QuerySet[Organisation]) -> dict[Any, dict[int, int]]:
    return {
        gettext_lazy("Channels"): count_by_organisation(
            Channel.objects.filter(organisation__in=organisations)
        ),
        gettext_lazy("Monthly reports"): count_by_organisation(
            ChannelReport.objects.filter(organisation__in=organisations)
        ),
    }


def personal_data(organisation: Organisation, person: Person) -> dict[str, Any]:
    channels = Channel.objects.filter(organisation=organisation).filter(
        Q(owner=person) | Q(cover=person) | Q(requested_by=person) | Q(decided_by=person)
    )
    parts = ("owner", "cover", "requested_by", "decided_by")
    return {
        "channels": [
            {
                "name": c.name,
                "platform": c.platform,
                "handle": c.handle,
                "status": c.status,
                "as": [part for part in parts if getattr(c, f"{part}_id") == person.pk],
            }
            for c in channels
        ],
        "reports_received": [
            {"channel": r.channel.name, "month": r.month.isoformat()}
            for r in ChannelReport.objects.filter(
                organisation=organisation, received_by=person
            ).select_related("channel")
        ],
    }
