"""The status machine and who may move a channel through it (see the package's docstring)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from govsocial.core.errors import GovSocialError
from govsocial.core.models import Membership, Organisation, Person

from ..models import Channel

S = Channel.Status
LEAD = Membership.Role.LEAD
EDITOR = Membership.Role.EDITOR
STAFF = Membership.Role.STAFF
OWNER = "owner"  # marker in RULES: whoever owns the channel, whatever their role

LIVE = (S.ACTIVE, S.DORMANT)
OPEN = (S.REQUESTED, S.APPROVED, S.ACTIVE, S.DORMANT)
FINISHED = (S.REJECTED, S.CLOSED)


@dataclass(frozen=True)
class Rule:
    from_states: tuple[str | None, ...]
    to_state: str | None  # None: an action that does not change the status
    who: frozenset[str]


RULES: dict[str, Rule] = {
    "request": Rule((None,), S.REQUESTED, frozenset({LEAD, EDITOR, STAFF})),
    "edit": Rule(OPEN, None, frozenset({LEAD, OWNER})),
    "approve": Rule((S.REQUESTED,), S.APPROVED, frozenset({LEAD})),
    "reject": Rule((S.REQUESTED,), S.REJECTED, frozenset({LEAD})),
    "activate": Rule((S.APPROVED, S.DORMANT), S.ACTIVE, frozenset({LEAD, OWNER})),
    "mark_dormant": Rule((S.ACTIVE,), S.DORMANT, frozenset({LEAD, OWNER})),
    "close": Rule((S.APPROVED, S.ACTIVE, S.DORMANT), S.CLOSED, frozenset({LEAD})),
    "confirm_custody": Rule((S.APPROVED, S.ACTIVE, S.DORMANT), None, frozenset({LEAD, OWNER})),
    "record_activity": Rule((S.ACTIVE,), None, frozenset({LEAD, OWNER})),
    "record_report": Rule(LIVE, None, frozenset({LEAD, OWNER})),
}
TRANSITIONS = [action for action, rule in RULES.items() if rule.to_state and action != "request"]
COMMENT_REQUIRED = {"reject", "close"}

ACTION_LABELS = {
    "request": pgettext_lazy("channel action", "Request"),
    "edit": pgettext_lazy("channel action", "Edit"),
    "approve": pgettext_lazy("channel action", "Approve"),
    "reject": pgettext_lazy("channel action", "Reject"),
    "activate": pgettext_lazy("channel action", "Make active"),
    "mark_dormant": pgettext_lazy("channel action", "Mark as dormant"),
    "close": pgettext_lazy("channel action", "Close"),
    "confirm_custody": pgettext_lazy("channel action", "Confirm custody"),
    "record_activity": pgettext_lazy("channel action", "Record activity"),
    "record_report": pgettext_lazy("channel action", "Record monthly report"),
}

EVENT_LABELS = {
    "channel.requested": pgettext_lazy("channel event", "Requested"),
    "channel.updated": pgettext_lazy("channel event", "Details changed"),
    "channel.approved": pgettext_lazy("channel event", "Approved"),
    "channel.rejected": pgettext_lazy("channel event", "Rejected"),
    "channel.activated": pgettext_lazy("channel event", "Made active"),
    "channel.dormant": pgettext_lazy("channel event", "Marked as dormant"),
    "channel.closed": pgettext_lazy("channel event", "Closed"),
    "channel.custody_confirmed": pgettext_lazy("channel event", "Custody recorded"),
    "channel.activity_recorded": pgettext_lazy("channel event", "Activity recorded"),
    "channel.report_received": pgettext_lazy("channel event", "Monthly report received"),
    "channel.imported": pgettext_lazy("channel event", "Imported from a spreadsheet"),
}
EVENT_FOR_ACTION = {
    "approve": "channel.approved",
    "reject": "channel.rejected",
    "activate": "channel.activated",
    "mark_dormant": "channel.dormant",
    "close": "channel.closed",
}


class NotAllowed(GovSocialError):
    """The person may not do this, or the channel is not in a state that allows it."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


# --- permissions -------------------------------------------------------------


def can(person_role: str | None, is_owner: bool, action: str, state: str | None) -> bool:
    """May someone with this role (owner of the channel or not) do `action` in `state`?"""
    rule = RULES.get(action)
    if rule is None or person_role not in (LEAD, EDITOR, STAFF):
        return False
    if state not in rule.from_states:
        return False
    return person_role in rule.who or (is_owner and OWNER in rule.who)


def role_of(person: Person | None, organisation: Organisation) -> str | None:
    if person is None or not getattr(person, "pk", None):
        return None
    return (
        Membership.objects.filter(person=person, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )


def is_owner(person: Person | None, channel: Channel) -> bool:
    if person is None or not getattr(person, "pk", None):
        return False
    if person.pk in (channel.owner_id, channel.cover_id):
        return True
    return channel.status == S.REQUESTED and person.pk == channel.requested_by_id


def allowed_actions(person: Person, role: str | None, channel: Channel) -> list[str]:
    owner = is_owner(person, channel)
    return [a for a in RULES if a != "request" and can(role, owner, a, channel.status)]


def check_allowed(person: Person | None, role: str | None, action: str, channel: Channel) -> None:
    if role is None and person is None:
        return  # the command line acts as the organisation's administrator
    if can(role, is_owner(person, channel), action, channel.status):
        return
    if channel.status not in RULES[action].from_states:
        raise NotAllowed(
            _("You cannot do this while the channel is “%(status)s”.")
            % {"status": channel.get_status_display()}
        )
    raise NotAllowed(_("Only a communications lead or the channel's owner may do this."))


def members(organisation: Organisation) -> QuerySet[Person]:
    return (
        Person.objects.filter(memberships__organisation=organisation)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def is_member(person: Person | None, organisation: Organisation) -> bool:
    return (
        bool(person)
        and Membership.objects.filter(person=person, organisation=organisation).exists()
    )


def member_ids(organisation: Organisation) -> set[int]:
    return set(
        Membership.objects.filter(organisation=organisation).values_list("person_id", flat=True)
    )


def audit_summary(organisation: Organisation, channel: Channel, label: Any, why: str = "") -> str:
    """An audit summary in the organisation's own language."""
    with translation.override(organisation.default_language or "en"):
        text = f"{channel.name} ({channel.get_platform_display()}): {label}"
    return f"{text} — {why}" if why else text
