"""One person's data in one organisation, as JSON (GDPR art. 15: the right of access).

Core writes the person, their membership and the audit events they caused; every
app adds its own part through the "personal_data_export" hook. The organisation
is the controller, so the export holds only what this organisation keeps.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .. import hooks
from ..models import AuditEvent, Invitation, Membership, Organisation, Person

FORMAT = "govsocial-personal-data/1"


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def core_personal_data(organisation: Organisation, person: Person) -> dict[str, Any]:
    memberships = Membership.objects.filter(person=person, organisation=organisation)
    events = AuditEvent.objects.filter(organisation=organisation, actor=person).order_by(
        "created_at", "id"
    )
    invitations = Invitation.objects.filter(organisation=organisation, accepted_by=person)
    return {
        "person": {
            "username": person.username,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "language": person.language,
            "date_joined": _when(person.date_joined),
            "last_login": _when(person.last_login),
        },
        "memberships": [
            {"organisation": organisation.slug, "role": m.role, "since": _when(m.created_at)}
            for m in memberships
        ],
        "invitations": [
            {
                "email": i.email,
                "role": i.role,
                "sent": _when(i.created_at),
                "accepted": _when(i.accepted_at),
            }
            for i in invitations
        ],
        "audit_events": [
            {
                "when": _when(e.created_at),
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "summary": e.summary,
                "detail": e.detail,
            }
            for e in events.iterator()
        ],
    }


def export_person(organisation: Organisation, person: Person) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "organisation": {"slug": organisation.slug, "name": organisation.name_en},
        "apps": {
            app: dict(export(organisation, person)) for app, export in hooks.personal_data_exports()
        },
    }
