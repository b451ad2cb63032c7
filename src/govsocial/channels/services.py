"""The channel register: permissions, the status machine, health, reminders.

Status machine (every transition writes who, when and why to the audit trail)::

    (request) ──▶ requested ──approve──▶ approved ──activate──▶ active ◀──activate── dormant
                      │                      │                   │  └──mark_dormant──▶ │
                      └──reject──▶ rejected  └──close──▶ closed ◀┴──close──────────────┘

- requested → approved | rejected     a lead decides, with a comment (required to reject)
- approved  → active                  the owner or a lead; needs an owner, a cover person
                                      (both members, not the same person) and confirmed custody
- active    → dormant                 the owner or a lead (the dashboard proposes it after
                                      `dormant_after_days` without recorded activity)
- dormant   → active                  the owner or a lead; the same conditions as activation
- approved | active | dormant → closed  a lead, with a reason
- rejected and closed are final.

Permissions are ONE function, `can(role, is_owner, action, state)`. "Owner" means the
primary owner or the cover person standing in for them; while a request waits for a
decision, the person who asked counts as owner too (they may still improve their case).
Editors have the same rights as staff here: governance decisions belong to the lead.

Custody is confirmed when the communications team holds the credentials in the
password manager, the date of the last change is known, two-factor sign-in is on and
the recovery address belongs to the organisation. No password is ever stored.

Limits (`password_change_days`, `dormant_after_days`, `report_day`) come from the
organisation's published policy when there is one, otherwise from DEFAULT_LIMITS.
"""

from __future__ import annotations

import calendar
import logging
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from govsocial.core.models import Membership, Organisation, Person
from govsocial.core.services import record_event
from govsocial.policies import services as policy_services

from .models import Channel, ChannelReport, ReminderSent

logger = logging.getLogger(__name__)

S = Channel.Status
LEAD = Membership.Role.LEAD
EDITOR = Membership.Role.EDITOR
STAFF = Membership.Role.STAFF
OWNER = "owner"  # marker in RULES: whoever owns the channel, whatever their role

LIVE = (S.ACTIVE, S.DORMANT)
OPEN = (S.REQUESTED, S.APPROVED, S.ACTIVE, S.DORMANT)

DEFAULT_LIMITS = {"password_change_days": 180, "dormant_after_days": 90, "report_day": 1}
REPORT_DUE_SOON_DAYS = 7


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


class NotAllowed(Exception):
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


def _check(person: Person | None, role: str | None, action: str, channel: Channel) -> None:
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


def _summary(organisation: Organisation, channel: Channel, label: Any, why: str = "") -> str:
    """An audit summary in the organisation's own language."""
    with translation.override(organisation.default_language or "en"):
        text = f"{channel.name} ({channel.get_platform_display()}): {label}"
    return f"{text} — {why}" if why else text


# --- writes ------------------------------------------------------------------

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


def _check_people(organisation: Organisation, owner: Person | None, cover: Person | None) -> None:
    for person in (owner, cover):
        if person is not None and not is_member(person, organisation):
            raise NotAllowed(
                _("%(name)s is not a member of this organisation.")
                % {"name": person.display_name()}
            )
    if owner is not None and cover is not None and owner.pk == cover.pk:
        raise NotAllowed(_("The cover person must be someone other than the primary owner."))


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
    _check_people(organisation, values.get("owner"), values.get("cover"))
    channel = Channel.objects.create(
        organisation=organisation, status=S.REQUESTED, requested_by=person, **values
    )
    record_event(
        organisation,
        person,
        "channel.requested",
        channel,
        _summary(organisation, channel, EVENT_LABELS["channel.requested"]),
        to_status=S.REQUESTED,
    )
    return channel


def _field_label(name: str) -> str:
    """A Channel field's verbose name in the active language (EDIT_FIELDS are all model fields)."""
    model_field = Channel._meta.get_field(name)
    return str(model_field.verbose_name) if isinstance(model_field, models.Field) else name


@transaction.atomic
def update_channel(channel: Channel, person: Person | None, data: dict[str, Any]) -> list[str]:
    """Change a channel's description; returns the names of the fields that changed."""
    organisation = channel.organisation
    role = role_of(person, organisation)
    _check(person, role, "edit", channel)
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
        _check_people(organisation, owner, cover)
    if not changed:
        return []
    for key in changed:
        setattr(channel, key, data[key])
    channel.save()
    with translation.override(organisation.default_language or "en"):
        names = ", ".join(_field_label(key) for key in changed)
    record_event(
        organisation,
        person,
        "channel.updated",
        channel,
        _summary(organisation, channel, EVENT_LABELS["channel.updated"], names),
        fields=changed,
    )
    return changed


def activation_problems(channel: Channel) -> list[str]:
    """What still stands between this channel and being active (empty: nothing)."""
    problems = []
    organisation = channel.organisation
    if channel.owner_id is None:
        problems.append(_("It has no primary owner."))
    elif not is_member(channel.owner, organisation):
        problems.append(_("Its primary owner is no longer a member of the organisation."))
    if channel.cover_id is None:
        problems.append(_("It has no cover person for when the owner is away."))
    elif not is_member(channel.cover, organisation):
        problems.append(_("Its cover person is no longer a member of the organisation."))
    elif channel.cover_id == channel.owner_id:
        problems.append(_("The cover person is the same person as the owner."))
    if not channel.custody_confirmed:
        problems.append(_("Custody of the credentials has not been confirmed."))
    return problems


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
    _check(person, role, action, channel)
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
        _summary(organisation, channel, EVENT_LABELS[event], comment),
        from_status=from_status,
        to_status=channel.status,
        comment=comment,
    )
    return channel


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
    _check(person, role, "confirm_custody", channel)
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
    channel.save()
    with translation.override(channel.organisation.default_language or "en"):
        state = _("custody confirmed") if channel.custody_confirmed else _("custody incomplete")
    record_event(
        channel.organisation,
        person,
        "channel.custody_confirmed",
        channel,
        _summary(channel.organisation, channel, EVENT_LABELS["channel.custody_confirmed"], state),
        credentials_in_password_manager=credentials_in_password_manager,
        credentials_changed_on=credentials_changed_on.isoformat()
        if credentials_changed_on
        else None,
        two_factor_enabled=two_factor_enabled,
        recovery_address_owned_by_organisation=recovery_address_owned_by_organisation,
        confirmed=channel.custody_confirmed,
    )
    return channel


@transaction.atomic
def record_activity(channel: Channel, person: Person | None, on: date | None = None) -> Channel:
    role = role_of(person, channel.organisation)
    _check(person, role, "record_activity", channel)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise NotAllowed(_("The date of the activity cannot be in the future."))
    if channel.last_activity_on is None or on > channel.last_activity_on:
        channel.last_activity_on = on
        channel.save(update_fields=["last_activity_on", "updated_at"])
    record_event(
        channel.organisation,
        person,
        "channel.activity_recorded",
        channel,
        _summary(
            channel.organisation, channel, EVENT_LABELS["channel.activity_recorded"], on.isoformat()
        ),
        on=on.isoformat(),
    )
    return channel


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


@transaction.atomic
def record_report(
    channel: Channel, person: Person | None, month: date, note: str = "", today: date | None = None
) -> ChannelReport:
    """The monthly report of `channel` for `month` has come in."""
    role = role_of(person, channel.organisation)
    _check(person, role, "record_report", channel)
    today = today or timezone.localdate()
    month = first_of_month(month)
    if month > first_of_month(today):
        raise NotAllowed(_("You cannot record a report for a month that has not started."))
    if channel.reports.filter(month=month).exists():
        raise NotAllowed(_("The report for this month has already been recorded."))
    report = ChannelReport.objects.create(
        organisation=channel.organisation,
        channel=channel,
        month=month,
        received_on=today,
        received_by=person,
        note=note,
    )
    record_event(
        channel.organisation,
        person,
        "channel.report_received",
        channel,
        _summary(
            channel.organisation,
            channel,
            EVENT_LABELS["channel.report_received"],
            month.strftime("%Y-%m"),
        ),
        month=month.strftime("%Y-%m"),
    )
    return report


# --- health ------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    password_change_days: int = DEFAULT_LIMITS["password_change_days"]
    dormant_after_days: int = DEFAULT_LIMITS["dormant_after_days"]
    report_day: int = DEFAULT_LIMITS["report_day"]
    from_policy: bool = False


def limits_for(organisation: Organisation) -> Limits:
    """The limits of the organisation's published policy, or the defaults."""
    answers = policy_services.published_answers(organisation)
    if not answers:
        return Limits()
    values = {}
    for key, default in DEFAULT_LIMITS.items():
        try:
            values[key] = int(answers.get(key, default))
        except (TypeError, ValueError):
            values[key] = default
    values["report_day"] = min(max(values["report_day"], 1), 28)
    return Limits(**values, from_policy=True)


def report_due_on(month: date, report_day: int) -> date:
    """The report on `month` is due on `report_day` of the month after."""
    following = add_months(first_of_month(month), 1)
    return following.replace(
        day=min(report_day, calendar.monthrange(following.year, following.month)[1])
    )


@dataclass(frozen=True)
class ReportStatus:
    state: str  # "ok", "due" (due today or within a week) or "overdue"
    month: date | None  # due/overdue: the missing report; ok: the next one (None: not active)
    due_on: date | None

    @property
    def label(self) -> str:
        return {
            "ok": pgettext("monthly report", "Up to date"),
            "due": pgettext("monthly report", "Due"),
            "overdue": pgettext("monthly report", "Overdue"),
        }[self.state]


def _report_required(channel: Channel, month: date) -> bool:
    last_day = add_months(month, 1) - timedelta(days=1)
    return channel.activated_on is None or channel.activated_on <= last_day


def report_status(
    channel: Channel, limits: Limits, today: date, received: set[date] | None = None
) -> ReportStatus:
    if channel.status != S.ACTIVE:
        return ReportStatus("ok", None, None)
    if received is None:
        received = set(channel.reports.values_list("month", flat=True))
    this_month = first_of_month(today)
    last = add_months(this_month, -1)
    if report_due_on(last, limits.report_day) > today:
        last = add_months(last, -1)
    if _report_required(channel, last) and last not in received:
        due = report_due_on(last, limits.report_day)
        return ReportStatus("overdue" if today > due else "due", last, due)
    upcoming = add_months(last, 1)
    due = report_due_on(upcoming, limits.report_day)
    if not _report_required(channel, upcoming) or upcoming in received:
        # Nothing owed yet (activated later) or already in: the report after that is next.
        upcoming = add_months(upcoming, 1)
        due = report_due_on(upcoming, limits.report_day)
    elif (due - today).days <= REPORT_DUE_SOON_DAYS:
        return ReportStatus("due", upcoming, due)
    # Up to date; month and due_on name the next report, so people know what comes.
    return ReportStatus("ok", upcoming, due)


ISSUE_LABELS = {
    "no_owner": pgettext_lazy("channel issue", "No owner"),
    "no_cover": pgettext_lazy("channel issue", "No cover"),
    "custody_unconfirmed": pgettext_lazy("channel issue", "Custody unconfirmed"),
    "credentials_overdue": pgettext_lazy("channel issue", "Credentials not changed in time"),
    "inactive": pgettext_lazy("channel issue", "No recent activity"),
    "dormant": pgettext_lazy("channel issue", "Dormant: review or close"),
    "report_due": pgettext_lazy("channel issue", "Report due"),
    "report_overdue": pgettext_lazy("channel issue", "Report overdue"),
}


def _people_in(organisation: Organisation) -> set[int]:
    return set(
        Membership.objects.filter(organisation=organisation).values_list("person_id", flat=True)
    )


def channel_issues(
    channel: Channel,
    limits: Limits,
    today: date,
    member_ids: set[int] | None = None,
    received: set[date] | None = None,
) -> list[str]:
    """Health issues of one channel, as codes (see ISSUE_LABELS). Only live channels have them."""
    if channel.status not in LIVE:
        return []
    if member_ids is None:
        member_ids = _people_in(channel.organisation)
    issues = []
    if channel.owner_id is None or channel.owner_id not in member_ids:
        issues.append("no_owner")
    if channel.cover_id is None or channel.cover_id not in member_ids:
        issues.append("no_cover")
    if not channel.custody_confirmed:
        issues.append("custody_unconfirmed")
    if (
        channel.credentials_changed_on
        and (today - channel.credentials_changed_on).days > limits.password_change_days
    ):
        issues.append("credentials_overdue")
    if channel.status == S.ACTIVE:
        dates = [d for d in (channel.last_activity_on, channel.activated_on) if d]
        if not dates or (today - max(dates)).days > limits.dormant_after_days:
            issues.append("inactive")
        status = report_status(channel, limits, today, received)
        if status.state != "ok":
            issues.append(f"report_{status.state}")
    else:
        issues.append("dormant")
    return issues


@dataclass
class ChannelHealth:
    channel: Channel
    issues: list[str]
    report: ReportStatus
    last_seen: date | None

    @property
    def issue_labels(self) -> list[tuple[str, str]]:
        return [(code, str(ISSUE_LABELS[code])) for code in self.issues]


@dataclass
class Health:
    limits: Limits
    today: date
    channels: list[ChannelHealth] = field(default_factory=list)
    requested: list[Channel] = field(default_factory=list)
    approved: list[tuple[Channel, list[str]]] = field(default_factory=list)

    def having(self, code: str) -> list[ChannelHealth]:
        return [c for c in self.channels if code in c.issues]

    @property
    def without_cover(self) -> list[ChannelHealth]:
        return self.having("no_cover")

    @property
    def without_owner(self) -> list[ChannelHealth]:
        return self.having("no_owner")

    @property
    def custody_unconfirmed(self) -> list[ChannelHealth]:
        return self.having("custody_unconfirmed")

    @property
    def credentials_overdue(self) -> list[ChannelHealth]:
        return self.having("credentials_overdue")

    @property
    def inactive(self) -> list[ChannelHealth]:
        return self.having("inactive")

    @property
    def dormant(self) -> list[ChannelHealth]:
        return self.having("dormant")

    @property
    def reports(self) -> list[ChannelHealth]:
        return [c for c in self.channels if c.channel.status == S.ACTIVE]

    @property
    def healthy(self) -> list[ChannelHealth]:
        return [c for c in self.channels if not c.issues]

    @property
    def issue_count(self) -> int:
        return sum(1 for c in self.channels if c.issues)


def health(
    organisation: Organisation, today: date | None = None, limits: Limits | None = None
) -> Health:
    """The governance check of the whole register."""
    today = today or timezone.localdate()
    limits = limits or limits_for(organisation)
    member_ids = _people_in(organisation)
    channels = list(
        Channel.objects.filter(organisation=organisation)
        .exclude(status__in=(S.REJECTED, S.CLOSED))
        .select_related("owner", "cover", "organisation")
    )
    received: dict[int, set[date]] = defaultdict(set)
    for channel_id, month in ChannelReport.objects.filter(organisation=organisation).values_list(
        "channel_id", "month"
    ):
        received[channel_id].add(month)
    result = Health(limits=limits, today=today)
    for channel in channels:
        if channel.status == S.REQUESTED:
            result.requested.append(channel)
        elif channel.status == S.APPROVED:
            result.approved.append((channel, activation_problems(channel)))
        else:
            dates = [d for d in (channel.last_activity_on, channel.activated_on) if d]
            result.channels.append(
                ChannelHealth(
                    channel=channel,
                    issues=channel_issues(channel, limits, today, member_ids, received[channel.id]),
                    report=report_status(channel, limits, today, received[channel.id]),
                    last_seen=max(dates) if dates else None,
                )
            )
    return result


def register_summary(organisation: Organisation) -> dict[str, Any]:
    """Cross-app contract: counts of the register. Cover and custody count live channels."""
    report = health(organisation)
    statuses = list(
        Channel.objects.filter(organisation=organisation).values_list("status", flat=True)
    )
    total = len(statuses)
    return {
        "total": total,
        "active": statuses.count(S.ACTIVE),
        "dormant": statuses.count(S.DORMANT),
        "without_cover": len(report.without_cover),
        "custody_unconfirmed": len(report.custody_unconfirmed),
        "has_register": total > 0,
    }


def dashboard_panel(organisation: Organisation, person: Person, role: str) -> dict[str, Any] | None:
    report = health(organisation)
    mine = [c for c in report.channels if c.issues and is_owner(person, c.channel)]
    # The person's own requests: waiting, or decided in the last month, so they learn the outcome.
    recent = timezone.now() - timedelta(days=30)
    my_requests = list(
        Channel.objects.filter(organisation=organisation, requested_by=person)
        .filter(
            models.Q(status=S.REQUESTED)
            | models.Q(status__in=(S.APPROVED, S.REJECTED), decided_at__gte=recent)
        )
        .order_by("-created_at")[:5]
    )
    return {
        "title": _("Channels"),
        "template": "channels/_dashboard_panel.html",
        "summary": register_summary(organisation),
        "issue_count": report.issue_count,
        "mine": mine,
        "my_requests": my_requests,
        "requests": len(report.requested) if role == LEAD else 0,
    }


# --- reminders ---------------------------------------------------------------

# The task runs every hour; an item goes to a person once, and again a week later while it
# is still open, so owners are reminded without being nagged every day.
REMIND_AGAIN_AFTER_DAYS = 7

REMINDER_KINDS = {
    "report_due": gettext_lazy("The monthly report for %(month)s is due on %(due)s."),
    "report_overdue": gettext_lazy(
        "The monthly report for %(month)s was due on %(due)s and has not come in."
    ),
    "no_owner": gettext_lazy(
        "The channel has no primary owner in the organisation; ask the communications lead to name one."
    ),
    "no_cover": gettext_lazy(
        "There is no cover person for when the owner is away; name one on the channel's page."
    ),
    "custody_unconfirmed": gettext_lazy(
        "Custody is not confirmed: credentials in the password manager, two-factor sign-in and a recovery address of the organisation."
    ),
    "credentials_overdue": gettext_lazy(
        "The credentials were last changed on %(changed)s; the policy asks for a change every %(days)s days."
    ),
    "inactive": gettext_lazy(
        "No activity has been recorded since %(since)s; after %(days)s days a channel is proposed for review or closure."
    ),
}


def _day(value: date | None) -> str:
    """A date as people read it in the active language (e.g. 5 december 2026)."""
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


@dataclass
class ReminderItem:
    channel: Channel
    kind: str
    params: dict[str, Any]

    def text(self) -> str:
        """The line of the e-mail, in the active language; dates are formatted for it."""
        values = {}
        for key, value in self.params.items():
            if key == "month":
                values[key] = formats.date_format(value, "YEAR_MONTH_FORMAT")
            elif isinstance(value, date):
                values[key] = _day(value)
            else:
                values[key] = value
        return str(REMINDER_KINDS[self.kind]) % values


def _reminder_items(health_item: ChannelHealth, limits: Limits) -> list[ReminderItem]:
    channel = health_item.channel
    items = []
    for code in health_item.issues:
        params: dict[str, Any]
        if code in ("report_due", "report_overdue"):
            params = {"month": health_item.report.month, "due": health_item.report.due_on}
        elif code in ("no_owner", "no_cover", "custody_unconfirmed"):
            params = {}
        elif code == "credentials_overdue":
            params = {
                "changed": channel.credentials_changed_on,
                "days": str(limits.password_change_days),
            }
        elif code == "inactive":
            params = {"since": health_item.last_seen, "days": str(limits.dormant_after_days)}
        else:
            continue
        items.append(ReminderItem(channel, code, params))
    return items


def _site_url() -> str:
    """Where people reach GovSocial, for links in e-mails."""
    configured = (
        getattr(settings, "SITE_URL", "")
        or getattr(settings, "GOVSOCIAL_SITE_URL", "")
        or os.environ.get("GOVSOCIAL_SITE_URL", "")
    )
    if configured:
        return configured.rstrip("/")
    return "http://" + os.environ.get("GOVSOCIAL_BIND", "127.0.0.1:8000")


def _recipient(channel: Channel, member_ids: set[int]) -> Person | None:
    """Who answers for the channel: its primary owner, or the cover person while there is none."""
    for person in (channel.owner, channel.cover):
        if person is not None and person.pk in member_ids and person.email:
            return person
    return None


def send_reminders(
    today: date | None = None, organisations: QuerySet[Organisation] | None = None
) -> int:
    """E-mail each owner what is due or overdue for their channels, in the owner's language.

    Each item goes once, and again after REMIND_AGAIN_AFTER_DAYS while it is still open.
    A channel without an owner in the organisation reminds its cover person instead.
    Returns the number of e-mails sent.
    """
    today = today or timezone.localdate()
    since = today - timedelta(days=REMIND_AGAIN_AFTER_DAYS - 1)
    sent = 0
    for organisation in organisations if organisations is not None else Organisation.objects.all():
        report = health(organisation, today=today)
        member_ids = _people_in(organisation)
        by_person: dict[int, list[ChannelHealth]] = defaultdict(list)
        people: dict[int, Person] = {}
        for item in report.channels:
            person = _recipient(item.channel, member_ids) if item.issues else None
            if person is not None:
                by_person[person.pk].append(item)
                people[person.pk] = person
        for person_id, items in by_person.items():
            person = people[person_id]
            language = person.language or organisation.default_language or settings.LANGUAGE_CODE
            already = set(
                ReminderSent.objects.filter(
                    person=person, sent_on__gte=since, organisation=organisation
                ).values_list("channel_id", "kind")
            )
            todo = [
                r
                for item in items
                for r in _reminder_items(item, report.limits)
                if (r.channel.pk, r.kind) not in already
            ]
            if not todo:
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.bulk_create(
                        [
                            ReminderSent(
                                organisation=organisation,
                                channel=r.channel,
                                person=person,
                                kind=r.kind,
                                sent_on=today,
                            )
                            for r in todo
                        ]
                    )
                    _send_reminder_mail(organisation, person, todo, language)
                sent += 1
            except Exception:  # one failing mailbox must not stop the others
                logger.exception("could not send the channel reminder to %s", person.username)
    return sent


def _send_reminder_mail(
    organisation: Organisation, person: Person, items: list[ReminderItem], language: str
) -> None:
    channels: dict[int, dict[str, Any]] = {}
    site = _site_url()
    with translation.override(language):
        for item in items:
            entry = channels.setdefault(
                item.channel.pk,
                {
                    "channel": item.channel,
                    "platform": item.channel.get_platform_display(),
                    "url": site + reverse("channels:detail", args=[item.channel.pk]),
                    "lines": [],
                },
            )
            entry["lines"].append(item.text())
        subject = _("GovSocial: %(count)s things to do for your social media channels") % {
            "count": len(items)
        }
        if len(items) == 1:
            subject = _("GovSocial: one thing to do for your social media channels")
        body = render_to_string(
            "channels/email/reminder.txt",
            {
                "person": person,
                "organisation_name": organisation.name(language),
                "channels": list(channels.values()),
                "governance_url": site + reverse("channels:governance"),
            },
        )
    send_mail(subject, body, None, [person.email])
