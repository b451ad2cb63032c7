"""Owners, cover people and custody of the credentials: what a channel needs to go live."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event

from ..models import Channel
from .rules import EVENT_LABELS, NotAllowed, audit_summary, check_allowed, is_member, role_of


def check_people(organisation: Organisation, owner: Person | None, cover: Person | None) -> None:
    for person in (owner, cover):
        if person is not None and not is_member(person, organisation):
            raise NotAllowed(
                _("%(name)s is not a member of this organisation.")
                % {"name": person.display_name()}
            )
    if owner is not None and cover is not None and owner.pk == cover.pk:
        raise NotAllowed(_("The cover person must be someone other than the primary owner."))


def activation_problems(channel: Channel, known_members: set[int] | None = None) -> list[str]:
    """What still stands between this channel and being active (empty: nothing).

    `known_members`, the organisation's members, spares two queries per channel in a list.
    """

    def in_organisation(person: Person | None) -> bool:
        if known_members is not None:
            return person is not None and person.pk in known_members
        return is_member(person, channel.organisation)

    problems = []
    if channel.owner_id is None:
        problems.append(_("It has no primary owner."))
    elif not in_organisation(channel.owner):
        problems.append(_("Its primary owner is no longer a member of the organisation."))
    if channel.cover_id is None:
        problems.append(_("It has no cover person for when the owner is away."))
    elif not in_organisation(channel.cover):
        problems.append(_("Its cover person is no longer a member of the organisation."))
    elif channel.cover_id == channel.owner_id:
        problems.append(_("The cover person is the same person as the owner."))
    if not channel.custody_confirmed:
        problems.append(_("Custody of the credentials has not been confirmed."))
    return problems


CUSTODY_FIELDS = [
    "credentials_in_password_manager",
    "credentials_changed_on",
    "two_factor_enabled",
    "recovery_address_owned_by_organisation",
    "recovery_mailbox",
]


@transaction.atomic
def confirm_custody(
    channel: Channel,
    person: Person | None,
    *,
    credentials_in_password_manager: bool,
    credentials_changed_on: date | None,
    two_factor_enabled: bool,
    recovery_address_owned_by_organisation: bool,
    recovery_mailbox: str = "",
    today: date | None = None,
) -> Channel:
    """Record the custody facts (never a password) as checked today by `person`."""
    role = role_of(person, channel.organisation)
    check_allowed(person, role, "confirm_custody", channel)
    today = today or timezone.localdate()
    if credentials_changed_on and credentials_changed_on > today:
        raise NotAllowed(_("The date of the last change cannot be in the future."))
    channel.credentials_in_password_manager = credentials_in_password_manager
    channel.credentials_changed_on = credentials_changed_on
    channel.two_factor_enabled = two_factor_enabled
    channel.recovery_address_owned_by_organisation = recovery_address_owned_by_organisation
    channel.recovery_mailbox = recovery_mailbox or ""
    channel.custody_checked_on = today
    channel.custody_checked_by = person
    # Only these: an edit saved since `channel` was read must not be undone.
    channel.save(
        update_fields=[*CUSTODY_FIELDS, "custody_checked_on", "custody_checked_by", "updated_at"]
    )
    with translation.override(channel.organisation.default_language or "en"):
        state = _("custody confirmed") if channel.custody_confirmed else _("custody incomplete")
    record_event(
        channel.organisation,
        person,
        "channel.custody_confirmed",
        channel,
        audit_summary(
            channel.organisation, channel, EVENT_LABELS["channel.custody_confirmed"], state
        ),
        credentials_in_password_manager=credentials_in_password_manager,
        credentials_changed_on=credentials_changed_on.isoformat()
        if credentials_changed_on
        else None,
        two_factor_enabled=two_factor_enabled,
        recovery_address_owned_by_organisation=recovery_address_owned_by_organisation,
        confirmed=channel.custody_confirmed,
    )
    return channel
