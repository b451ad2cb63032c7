"""Monthly reports: which month is owed when, and recording one that came in."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govsocial.core.dates import add_months
from govsocial.core.models import Person
from govsocial.core.services import record_event

from ..models import Channel, ChannelReport
from .limits import Limits
from .rules import EVENT_LABELS, NotAllowed, S, audit_summary, check_allowed, role_of

REPORT_DUE_SOON_DAYS = 7


def first_of_month(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def record_report(
    channel: Channel, person: Person | None, month: date, note: str = "", today: date | None = None
) -> ChannelReport:
    """The monthly report of `channel` for `month` has come in."""
    role = role_of(person, channel.organisation)
    check_allowed(person, role, "record_report", channel)
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
        audit_summary(
            channel.organisation,
            channel,
            EVENT_LABELS["channel.report_received"],
            month.strftime("%Y-%m"),
        ),
        month=month.strftime("%Y-%m"),
    )
    return report


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


def report_months(today: date, limits: Limits) -> tuple[date, date]:
    """The two months whose reports decide every channel's status on `today`: the latest
    one due by now (or due soon) and the one after it."""
    last = add_months(first_of_month(today), -1)
    if report_due_on(last, limits.report_day) > today:
        last = add_months(last, -1)
    return last, add_months(last, 1)


def _report_required(channel: Channel, month: date) -> bool:
    last_day = add_months(month, 1) - timedelta(days=1)
    return channel.activated_on is None or channel.activated_on <= last_day


def report_status(
    channel: Channel, limits: Limits, today: date, received: set[date] | None = None
) -> ReportStatus:
    """Whether the channel's monthly report is in; `received` needs only the report_months."""
    if channel.status != S.ACTIVE:
        return ReportStatus("ok", None, None)
    if received is None:
        received = set(channel.reports.values_list("month", flat=True))
    last, upcoming = report_months(today, limits)
    if _report_required(channel, last) and last not in received:
        due = report_due_on(last, limits.report_day)
        return ReportStatus("overdue" if today > due else "due", last, due)
    due = report_due_on(upcoming, limits.report_day)
    if not _report_required(channel, upcoming) or upcoming in received:
        # Nothing owed yet (activated later) or already in: the report after that is next.
        upcoming = add_months(upcoming, 1)
        due = report_due_on(upcoming, limits.report_day)
    elif (due - today).days <= REPORT_DUE_SOON_DAYS:
        return ReportStatus("due", upcoming, due)
    # Up to date; month and due_on name the next report, so people know what comes.
    return ReportStatus("ok", upcoming, due)
