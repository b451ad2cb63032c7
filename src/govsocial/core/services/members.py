"""People and their memberships: adding, roles, sign-in lockouts and removal."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as reset_attempts
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from .. import hooks
from ..errors import GovSocialError
from ..models import (
    Invitation,
    Membership,
    Organisation,
    Person,
    SignInPurge,
    SingleSignOnIdentity,
)
from .audit import pseudonym_code, pseudonym_name, pseudonymise_trail, record_event


class LastLeadError(GovSocialError):
    """An organisation must keep at least one lead."""


class RemovalError(GovSocialError, ValueError):
    """A member cannot be removed this way; the message says why, in the person's language."""


def generate_password(length: int = 20) -> str:
    alphabet = string.ascii_letters + string.digits
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if any(c.isdigit() for c in password) and any(c.isupper() for c in password):
            return password


@transaction.atomic
def add_member(
    organisation: Organisation,
    username: str,
    role: str,
    *,
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    language: str = "",
    actor: Person | None = None,
) -> Membership:
    person, created = Person.objects.get_or_create(
        username=username,
        defaults={
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "language": language,
        },
    )
    if created:
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save()
    membership, _created = Membership.objects.update_or_create(
        person=person, organisation=organisation, defaults={"role": role}
    )
    record_event(
        organisation, actor, "member.added", membership, f"{username} ({role})",
        username=username, role=role,
    )  # fmt: skip
    return membership


def email_in_use(email: str, exclude: Person | None = None) -> bool:
    """Whether an account already has this e-mail address (people sign in with it)."""
    people = Person.objects.filter(email__iexact=email.strip())
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return bool(email.strip()) and people.exists()


def set_language(person: Person, language: str) -> None:
    person.language = language
    person.save(update_fields=["language"])


def _other_leads(membership: Membership) -> int:
    return (
        Membership.objects.filter(organisation=membership.organisation, role=Membership.Role.LEAD)
        .exclude(pk=membership.pk)
        .count()
    )


@transaction.atomic
def change_role(membership: Membership, role: str, actor: Person | None) -> Membership:
    if membership.role == Membership.Role.LEAD and role != Membership.Role.LEAD:
        if _other_leads(membership) == 0:
            raise LastLeadError
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record_event(
        membership.organisation,
        actor,
        "member.role_changed",
        membership,
        f"{membership.person.username}: {old} → {role}",
        old=old,
        new=role,
    )
    return membership


def locked_out_usernames(usernames: list[str]) -> set[str]:
    """Which of these user names are locked out (from at least one address) right now."""
    attempts = AccessAttempt.objects.filter(username__in=usernames)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    locked = (
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values_list("username", flat=True)
    )
    return set(locked)


def unlock_sign_in(membership: Membership, actor: Person | None) -> int:
    """Lift a member's sign-in lockout from every address; the lead vouches for them."""
    username = membership.person.username
    cleared = reset_attempts(username=username)
    record_event(
        membership.organisation,
        actor,
        "member.unlocked",
        membership,
        username,
        attempts_cleared=cleared,
    )
    return cleared


# -- removal ---------------------------------------------------------------------


def holdings(membership: Membership) -> list[str]:
    """What the member holds that needs a successor before they leave, every app asked."""
    found: list[str] = []
    for _app, removal in hooks.member_removals():
        found += removal.holdings(membership.organisation, membership.person)
    return found


def successors(membership: Membership):
    """The members who may take over from `membership`'s person."""
    return (
        Membership.objects.filter(organisation=membership.organisation)
        .exclude(pk=membership.pk)
        .select_related("person")
        .order_by("person__username")
    )


@dataclass(frozen=True)
class Removal:
    pseudonym: str
    account_pseudonymised: bool


def _check_removal(membership: Membership, successor: Person | None, actor: Person | None) -> None:
    if actor is not None and actor.pk == membership.person_id:
        raise RemovalError(_("You cannot remove yourself; ask another communications lead."))
    if membership.role == Membership.Role.LEAD and _other_leads(membership) == 0:
        raise LastLeadError
    if successor is not None and not successors(membership).filter(person=successor).exists():
        raise RemovalError(_("The successor must be another member of this organisation."))
    if successor is None and holdings(membership):
        raise RemovalError(_("Choose who takes over what this person holds."))


@transaction.atomic
def remove_member(
    membership: Membership, successor: Person | None, actor: Person | None
) -> Removal:
    """Hand over what the member holds, end the membership and pseudonymise them in
    this organisation's trail; an account with no other organisation is pseudonymised
    in place (its records elsewhere in the organisation then show the pseudonym) and
    its sign-in record is purged after GOVSOCIAL_SIGN_IN_RETENTION_DAYS."""
    membership = (
        Membership.objects.select_for_update().select_related("person").get(pk=membership.pk)
    )
    _check_removal(membership, successor, actor)
    organisation, person = membership.organisation, membership.person
    for _app, removal in hooks.member_removals():
        removal.hand_over(organisation, person, successor, actor)
    code = pseudonym_code(person)
    record_event(
        organisation,
        actor,
        "member.removed",
        membership,
        f"{person.username} ({membership.role})"
        + (f" → {successor.username}" if successor else ""),
        role=membership.role,
        successor=successor.username if successor else "",
    )
    membership.delete()
    # The organisation's provider no longer signs them in here.
    SingleSignOnIdentity.objects.filter(organisation=organisation, person=person).delete()
    Invitation.objects.filter(organisation=organisation, accepted_by=person).update(email="")
    pseudonymise_trail(organisation, person, code)
    alone = not person.is_host and not person.memberships.exists()
    if alone:
        pseudonymise_account(person, code)
    return Removal(pseudonym=pseudonym_name(code), account_pseudonymised=alone)


def sign_in_retention() -> timedelta:
    return timedelta(days=settings.GOVSOCIAL_SIGN_IN_RETENTION_DAYS)


def pseudonymise_account(person: Person, code: str) -> None:
    """The account keeps its id (records point at it) but no name, address or password."""
    SignInPurge.objects.create(
        username=person.username, purge_after=timezone.now() + sign_in_retention()
    )
    username = pseudonym_name(code)
    if Person.objects.filter(username=username).exclude(pk=person.pk).exists():
        username = f"{username}-{person.pk}"
    person.username = username
    person.first_name = person.last_name = person.email = ""
    person.is_active = False
    person.set_unusable_password()
    person.save()
    for device in list(devices_for_user(person, confirmed=None)):
        device.delete()  # the second factor goes with the password
