"""The audit trail: one line per change, and pseudonyms for people who left."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Any

from django.conf import settings
from django.db import models

from ..models import AuditEvent, Organisation, Person

# Detail keys that hold a role or a state, never a name: left as they are.
_NOT_NAMES = frozenset({"old", "new", "role", "action", "state", "status"})


def record_event(
    organisation: Organisation | None,
    actor: Person | None,
    action: str,
    obj: models.Model | None = None,
    summary: str = "",
    **detail: Any,
) -> AuditEvent:
    """Write one line of the audit trail: who did what to which object, and when.

    Without an organisation the event is the installation's (the host's work)."""
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:500],
        detail=detail,
    )


def pseudonym_code(person: Person) -> str:
    """A short code that stands for a person who left: the same for all their
    events, and not to be turned back into their name without the secret key."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"person:{person.pk}".encode(), hashlib.sha256
    ).digest()
    return base64.b32encode(digest).decode()[:8]


def pseudonym_name(code: str) -> str:
    return f"former-{code.lower()}"


def _replacer(person: Person, pseudonym: str):
    # User name and full name as written (a user name "jan" must not eat another
    # member's "Jan de Vries"); the e-mail address in any case.
    names = sorted(
        {n.strip() for n in (person.get_full_name(), person.get_username()) if len(n.strip()) >= 2},
        key=len,
        reverse=True,
    )
    patterns = [re.compile(r"(?<![\w.@+-])" + re.escape(name) + r"(?![\w.@+-])") for name in names]
    if len(person.email) >= 3:
        patterns.insert(
            0, re.compile(r"(?<![\w.@+-])" + re.escape(person.email) + r"(?![\w.@+-])", re.I)
        )

    def replace(text: str) -> str:
        for pattern in patterns:
            text = pattern.sub(pseudonym, text)
        return text

    return replace


def _scrub(value: Any, replace, key: str = "") -> Any:
    if key in _NOT_NAMES:
        return value
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_scrub(v, replace) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, replace, k) for k, v in value.items()}
    return value


def pseudonymise_trail(organisation: Organisation, person: Person, code: str) -> int:
    """Replace the person in `organisation`'s trail by their pseudonym: as the actor,
    and their user name, name and e-mail address wherever a summary or detail has it.

    Every event of the organisation is read (a name may stand in another object's
    event: "owner: Jan → Piet"); removing a member is rare, the trail is not huge."""
    replace = _replacer(person, pseudonym_name(code))
    changed = []
    events = AuditEvent.objects.filter(organisation=organisation).only(
        "actor", "actor_pseudonym", "summary", "detail"
    )
    for event in events.iterator(chunk_size=2000):
        summary, detail = replace(event.summary)[:500], _scrub(event.detail, replace)
        mine = event.actor_id == person.pk
        if mine or summary != event.summary or detail != event.detail:
            if mine:
                event.actor, event.actor_pseudonym = None, code
            event.summary, event.detail = summary, detail
            changed.append(event)
    AuditEvent.objects.bulk_update(
        changed, ["actor", "actor_pseudonym", "summary", "detail"], batch_size=500
    )
    return len(changed)


START_STEP_DONE = "start_here.step_done"


def ticked_steps(organisation: Organisation) -> set[int]:
    """The "start here" steps a lead marked as done; the trail is the record of it."""
    rows = AuditEvent.objects.filter(organisation=organisation, action=START_STEP_DONE)
    return {int(n) for n in rows.values_list("object_id", flat=True) if n.isdigit()}


def tick_step(organisation: Organisation, actor: Person, number: int) -> None:
    from ..start_here import TICKABLE

    if number not in TICKABLE or number in ticked_steps(organisation):
        return
    AuditEvent.objects.create(
        organisation=organisation,
        actor=actor,
        action=START_STEP_DONE,
        object_type="start_here.step",
        object_id=str(number),
        detail={"step": number},
    )
