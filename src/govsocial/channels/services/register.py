"""The register's life cycle: a request, its decision, and every later change of status."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from govsocial.core.concurrency import check_revision
from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event

from ..models import Channel
from .custody import activation_problems, check_people
from .rules import (
    COMMENT_REQUIRED,
    EVENT_FOR_ACTION,
    EVENT_LABELS,
    LEAD,
    LIVE,
    RULES,
    NotAllowed,
    S,
    audit_summary,
    can,
    check_allowed,
    role_of,
)

REQUEST_FIELDS = [
    "platform",
    "name",
    "handle",
    "url",
    "owning_team",
    "purpose",
    "objectives",
    "audience",
    "staffed_hours",
    "hours_on_profile",
    "owner",
    "cover",
    "why_not_corporate",
    "hours_per_week",
    "posters",
    "content_plan",
    "success_measures",
]
EDIT_FIELDS = REQUEST_FIELDS + ["last_activity_on"]


@contextmanager
def _handle_taken() -> Iterator[None]:
    """The form checks the handle, but someone may add it between that check and this save."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise NotAllowed(_("This handle is already in the register for this platform.")) from exc


@transaction.atomic
def request_channel(organisation: Organisation, person: Person, data: dict[str, Any]) -> Channel:
    """Any member asks for a new account with a business case. The asker owns it unless named."""
    role = role_of(person, organisation)
    if not can(role, False, "request", None):
        raise NotAllowed(_("Only members of this organisation may request a channel."))
    values = {k: v for k, v in data.items() if k in REQUEST_FIELDS}
    values.setdefault("owner", person)
    if values.get("owner") is None:
        values["owner"] = person
    check_people(organisation, values.get("owner"), values.get("cover"))
    with _handle_taken():
        channel = Channel.objects.create(
            organisation=organisation, status=S.REQUESTED, requested_by=person, **values
        )
    record_event(
        organisation,
        person,
        "channel.requested",
        channel,
        audit_summary(organisation, channel, EVENT_LABELS["channel.requested"]),
        to_status=S.REQUESTED,
    )
    return channel


def _field_label(name: str) -> str:
    """A Channel field's verbose name in the active language (EDIT_FIELDS are all model fields)."""
    model_field = Channel._meta.get_field(name)
    return str(model_field.verbose_name) if isinstance(model_field, models.Field) else name


@transaction.atomic
def update_channel(
    channel: Channel, person: Person | None, data: dict[str, Any], revision: int | None = None
) -> list[str]:
    """Change a channel's description; returns the names of the fields that changed.

    With `revision` (the one the edit form was opened on), a channel saved by someone
    else in the meantime is not overwritten: StaleRevision carries what they saved."""
    # The stored version, locked until this transaction ends: no save slips in between.
    channel.refresh_from_db(from_queryset=Channel.objects.select_for_update())
    if revision is not None:
        check_revision(channel, revision)
    organisation = channel.organisation
    role = role_of(person, organisation)
    check_allowed(person, role, "edit", channel)
    changed = []
    for key, value in data.items():
        if key not in EDIT_FIELDS:
            continue
        if key in ("owner", "cover"):
            if getattr(channel, f"{key}_id") != (value.pk if value else None):
                changed.append(key)
        elif getattr(channel, key) != value:
            changed.append(key)
    if "owner" in changed and person is not None and role != LEAD:
        raise NotAllowed(_("Only a communications lead may hand a channel to another owner."))
    if channel.status in LIVE:
        for key in ("owner", "cover"):
            if key in changed and getattr(channel, f"{key}_id") and not data.get(key):
                raise NotAllowed(
                    _(
                        "An active or dormant channel keeps its owner and cover person: name someone else instead."
                    )
                )
    owner = data["owner"] if "owner" in data else channel.owner
    cover = data["cover"] if "cover" in data else channel.cover
    if "owner" in changed or "cover" in changed:
        check_people(organisation, owner, cover)
    if not changed:
        return []
    for key in changed:
        setattr(channel, key, data[key])
    with _handle_taken():
        channel.save()
    with translation.override(organisation.default_language or "en"):
        names = ", ".join(_field_label(key) for key in changed)
    record_event(
        organisation,
        person,
        "channel.updated",
        channel,
        audit_summary(organisation, channel, EVENT_LABELS["channel.updated"], names),
        fields=changed,
    )
    return changed


@transaction.atomic
def transition(
    channel: Channel,
    person: Person | None,
    action: str,
    comment: str = "",
    today: date | None = None,
) -> Channel:
    """Move a channel to its next status, checking who may and whether it can."""
    rule = RULES.get(action)
    if rule is None or rule.to_state is None or action == "request":
        raise NotAllowed(_("Unknown action."))
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    organisation = channel.organisation
    role = role_of(person, organisation)
    check_allowed(person, role, action, channel)
    comment = (comment or "").strip()
    if action in COMMENT_REQUIRED and not comment:
        if action == "close":
            raise NotAllowed(_("Give the reason for closing this channel."))
        raise NotAllowed(_("Explain your decision in a comment."))
    if action == "activate":
        problems = activation_problems(channel)
        if problems:
            raise NotAllowed(_("This channel cannot become active yet."), problems)
    today = today or timezone.localdate()
    from_status = channel.status
    channel.status = rule.to_state
    if action in ("approve", "reject"):
        channel.decided_by = person
        channel.decided_at = timezone.now()
        channel.decision_comment = comment
    elif action == "activate":
        channel.activated_on = today
    elif action == "close":
        channel.closed_reason = comment
    channel.save()
    event = EVENT_FOR_ACTION[action]
    record_event(
        organisation,
        person,
        event,
        channel,
        audit_summary(organisation, channel, EVENT_LABELS[event], comment),
        from_status=from_status,
        to_status=channel.status,
        comment=comment,
    )
    return channel
