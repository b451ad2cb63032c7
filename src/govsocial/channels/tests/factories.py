"""Factories for channel tests, and the scoping contract (`scoping_urls`)."""

import itertools
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from govsocial.channels.models import Channel, ChannelReport
from govsocial.core.models import Membership, Person

_counter = itertools.count(1)

CUSTODY = {
    "credentials_in_password_manager": True,
    "two_factor_enabled": True,
    "recovery_address_owned_by_organisation": True,
}


def make_member(organisation, role="staff", **fields):
    """A member who signs in through force_login (no password: hashing is slow)."""
    n = next(_counter)
    username = fields.pop("username", f"member{n}")
    person = Person(
        username=username,
        email=fields.pop("email", f"{username}@example.org"),
        first_name=fields.pop("first_name", "Kim"),
        last_name=fields.pop("last_name", f"Member {n}"),
        language=fields.pop("language", "en"),
        **fields,
    )
    person.set_unusable_password()
    person.save()
    Membership.objects.create(person=person, organisation=organisation, role=role)
    return person


def make_channel(
    organisation, status=Channel.Status.ACTIVE, *, owner=..., cover=..., custody=True, **fields
):
    """A channel of `organisation`; by default with an owner, a cover person and confirmed custody."""
    n = next(_counter)
    if owner is ...:
        owner = make_member(organisation)
    if cover is ...:
        cover = make_member(organisation)
    today = timezone.localdate()
    values = {
        "platform": Channel.Platform.FACEBOOK,
        "name": f"Channel {n}",
        "handle": f"@channel{n}",
        "purpose": "Informing residents",
        "status": status,
        "owner": owner,
        "cover": cover,
        "requested_by": owner,
    }
    if custody:
        values.update(CUSTODY, credentials_changed_on=today - timedelta(days=10))
    if status in (Channel.Status.ACTIVE, Channel.Status.DORMANT, Channel.Status.CLOSED):
        values.setdefault("activated_on", today - timedelta(days=5))
        values.setdefault("last_activity_on", today - timedelta(days=1))
    if status == Channel.Status.CLOSED:
        values["closed_reason"] = "No longer needed"
    values.update(fields)
    return Channel.objects.create(organisation=organisation, **values)


def scoping_urls(organisation):
    """Every URL of the channels app that names an object, for one object of each kind."""
    channel = make_channel(organisation)
    requested = make_channel(organisation, Channel.Status.REQUESTED)
    ChannelReport.objects.create(
        organisation=organisation,
        channel=channel,
        month=timezone.localdate().replace(day=1),
        received_on=timezone.localdate(),
    )
    urls = [
        reverse("channels:detail", args=[channel.pk]),
        reverse("channels:edit", args=[channel.pk]),
        reverse("channels:custody", args=[channel.pk]),
        reverse("channels:activity", args=[channel.pk]),
        reverse("channels:report", args=[channel.pk]),
    ]
    for slug in ("dormant", "close", "activate"):
        urls.append(reverse("channels:transition", args=[channel.pk, slug]))
    for slug in ("approve", "reject"):
        urls.append(reverse("channels:transition", args=[requested.pk, slug]))
    return urls
