"""The governance check of the register: owners, cover, custody, activity and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from govsocial.core.models import Membership, Organisation, Person
from govsocial.core.services import record_event

from ..models import Channel, ChannelReport
from . import rules
from .custody import activation_problems
from .limits import Limits, limits_for
from .reports import ReportStatus, report_months, report_status
from .rules import (
    EVENT_LABELS,
    FINISHED,
    LIVE,
    NotAllowed,
    S,
    audit_summary,
    check_allowed,
    role_of,
)

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
        member_ids = rules.member_ids(channel.organisation)
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


@dataclass(frozen=True)
class Register:
    """Channels of one organisation as loaded in one query, with what their health needs."""

    channels: list[Channel]
    member_ids: set[int]  # the owners and cover people who are members
    received: dict[int, set[date]]  # channel id -> the report_months that came in


def load_register(
    organisation: Organisation, limits: Limits, today: date, *, finished: bool = False
) -> Register:
    """One query, whatever the number of channels; `finished`: rejected and closed too."""
    last, upcoming = report_months(today, limits)
    memberships = Membership.objects.filter(organisation=organisation)
    reports = ChannelReport.objects.filter(channel=OuterRef("pk"))
    channels = Channel.objects.filter(organisation=organisation)
    if not finished:
        channels = channels.exclude(status__in=FINISHED)
    rows = channels.select_related("owner", "cover", "requested_by", "organisation").annotate(
        owner_is_member=Exists(memberships.filter(person=OuterRef("owner_id"))),
        cover_is_member=Exists(memberships.filter(person=OuterRef("cover_id"))),
        last_report_in=Exists(reports.filter(month=last)),
        next_report_in=Exists(reports.filter(month=upcoming)),
    )
    register = Register(channels=[], member_ids=set(), received={})
    for channel in rows:
        register.channels.append(channel)
        for person_id, is_member in (
            (channel.owner_id, channel.owner_is_member),
            (channel.cover_id, channel.cover_is_member),
        ):
            if is_member and person_id is not None:
                register.member_ids.add(person_id)
        register.received[channel.pk] = {
            month
            for month, came_in in (
                (last, channel.last_report_in),
                (upcoming, channel.next_report_in),
            )
            if came_in
        }
    return register


def assess(register: Register, limits: Limits, today: date) -> Health:
    """The health of the register's unfinished channels, without further queries."""
    result = Health(limits=limits, today=today)
    for channel in register.channels:
        received = register.received[channel.pk]
        if channel.status == S.REQUESTED:
            result.requested.append(channel)
        elif channel.status == S.APPROVED:
            result.approved.append((channel, activation_problems(channel, register.member_ids)))
        elif channel.status in LIVE:
            dates = [d for d in (channel.last_activity_on, channel.activated_on) if d]
            result.channels.append(
                ChannelHealth(
                    channel=channel,
                    issues=channel_issues(channel, limits, today, register.member_ids, received),
                    report=report_status(channel, limits, today, received),
                    last_seen=max(dates) if dates else None,
                )
            )
    return result


def health(
    organisation: Organisation, today: date | None = None, limits: Limits | None = None
) -> Health:
    """The governance check of the whole register (two queries: the policy, the channels)."""
    today = today or timezone.localdate()
    limits = limits or limits_for(organisation)
    return assess(load_register(organisation, limits, today), limits, today)


@transaction.atomic
def record_activity(channel: Channel, person: Person | None, on: date | None = None) -> Channel:
    role = role_of(person, channel.organisation)
    check_allowed(person, role, "record_activity", channel)
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
        audit_summary(
            channel.organisation, channel, EVENT_LABELS["channel.activity_recorded"], on.isoformat()
        ),
        on=on.isoformat(),
    )
    return channel
