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


# In a channel's label "Zwembad (X)" the brand alone reads best; the register's own
# choices say "X (Twitter)" and "WhatsApp channel", which would nest or repeat.
SHORT_PLATFORM_NAMES = {Channel.Platform.X: "X", Channel.Platform.WHATSAPP: "WhatsApp"}


def platform_name(platform: str) -> str:
    """The platform's name as people write it ("Facebook", "X"), in the active language."""
    if platform in SHORT_PLATFORM_NAMES:
        return SHORT_PLATFORM_NAMES[Channel.Platform(platform)]
    try:
        return str(Channel.Platform(platform).label)
    except ValueError:
        return platform


def channel_choices(organisation: Organisation) -> tuple[ChannelChoice, ...]:
    """Every channel of the organisation, in one query, as frozen values."""
    rows = (
        Channel.objects.filter(organisation=organisation)
        .order_by("platform", "name", "pk")
        .values_list("pk", "platform", "name", "handle", "status")
    )
    return tuple(ChannelChoice(*row) for row in rows)


def channel_owners(organisation: Organisation) -> dict[int, int]:
    """Who answers for each channel (its primary owner, else its cover person), as
    person ids of the organisation's members, in one query: for reports by e-mail."""
    rows = (
        Channel.objects.filter(organisation=organisation)
        .values_list("pk", "owner_id", "cover_id")
        .order_by("pk")
    )
    members = set(organisation.memberships.values_list("person_id", flat=True))
    found: dict[int, int] = {}
    for channel_id, owner_id, cover_id in rows:
        person_id = next((p for p in (owner_id, cover_id) if p is not None and p in members), None)
        if person_id is not None:
            found[channel_id] = person_id
    return found
