"""Core services: organisations, people, memberships and the audit trail."""

import secrets
import string
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as reset_attempts
from django.conf import settings
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone

from .models import AuditEvent, Membership, Organisation, Person


def record_event(
    organisation: Organisation,
    actor: Person | None,
    action: str,
    obj: models.Model | None = None,
    summary: str = "",
    **detail: Any,
) -> AuditEvent:
    """Write one line of the audit trail: who did what to which object, and when."""
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:500],
        detail=detail,
    )


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
    membership, _ = Membership.objects.update_or_create(
        person=person, organisation=organisation, defaults={"role": role}
    )
    record_event(organisation, actor, "member.added", membership, f"{username} ({role})")
    return membership


def set_language(person: Person, language: str) -> None:
    person.language = language
    person.save(update_fields=["language"])


class LastLeadError(Exception):
    """An organisation must keep at least one lead."""


@transaction.atomic
def change_role(membership: Membership, role: str, actor: Person | None) -> Membership:
    if membership.role == Membership.Role.LEAD and role != Membership.Role.LEAD:
        leads = Membership.objects.filter(
            organisation=membership.organisation, role=Membership.Role.LEAD
        )
        if leads.count() <= 1:
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


def update_organisation(
    organisation: Organisation, actor: Person | None, **fields: Any
) -> Organisation:
    """Save new details; `fields` holds every editable field's new value."""
    stored = Organisation.objects.get(pk=organisation.pk)
    changed = sorted(k for k, v in fields.items() if getattr(stored, k) != v)
    for key, value in fields.items():
        setattr(organisation, key, value)
    if changed:
        organisation.save()
        record_event(organisation, actor, "organisation.updated", organisation, ", ".join(changed))
    return organisation


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
