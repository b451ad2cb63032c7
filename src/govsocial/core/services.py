"""Core services: organisations, people, memberships and the audit trail."""

import secrets
import string
from typing import Any

from django.db import models, transaction

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
