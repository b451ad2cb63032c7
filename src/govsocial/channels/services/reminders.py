"""E-mail reminders to owners: what is due or overdue for their channels."""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govsocial.core.models import Organisation, Person

from ..models import Channel, ReminderSent
from . import rules
from .health import ChannelHealth, health
from .limits import Limits

logger = logging.getLogger(__name__)

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
        member_ids = rules.member_ids(organisation)
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
