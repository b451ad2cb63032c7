"""What the register publishes about its channels to other apps (the archive)."""

from __future__ import annotations

from dataclasses import dataclass

from govsocial.core.models import Organisation

from ..models import Channel


@dataclass(frozen=True)
class ChannelChoice:
    id: int
    platform: str  # Channel.Platform value: "x", "facebook", "mastodon", …
    name: str
    handle: str
    status: str


def channel_choices(organisation: Organisation) -> tuple[ChannelChoice, ...]:
    """Every channel of the organisation, in one query, as frozen values."""
    rows = (
        Channel.objects.filter(organisation=organisation)
        .order_by("platform", "name", "pk")
        .values_list("pk", "platform", "name", "handle", "status")
    )
    return tuple(ChannelChoice(*row) for row in rows)
