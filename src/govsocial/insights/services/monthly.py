"""The monthly report made on the policy's report day: rendered once per
organisation and month, kept as a version (the PDFs as sent), and e-mailed to
the channel owners (their channels' pages and the organisation's page) and the
leads, each in their own language with the PDF in that language attached."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from govsocial.channels import services as channels
from govsocial.core.access import LEAD, get_for_org, scoped
from govsocial.core.models import Membership, Organisation, Person

from ..models import MonthlyReport, MonthlyReportFile
from .document import month_label
from .month import Month, OrganisationMonth, organisation_month, response_terms
from .report import month_report, render_report
from .staffed import zone_for

logger = logging.getLogger(__name__)
DEFAULT_REPORT_DAY = 1


@dataclass
class Recipient:
    person: Person
    language: str
    channel_ids: list[int] = field(default_factory=list)
    lead: bool = False


def due_month(organisation: Organisation, now: datetime | None = None) -> Month | None:
    """The month whose report is due today: last month, from the policy's report day on."""
    now = now or timezone.now()
    today = now.astimezone(zone_for(organisation.country)).date()
    if today.day < report_day(organisation):
        return None
    return Month(today.year, today.month).previous()


def recipients(organisation: Organisation, channel_ids: list[int]) -> list[Recipient]:
    """The leads and the owners of the month's channels, one entry per person."""
    owners = channels.channel_owners(organisation)
    by_person: dict[int, Recipient] = {}
    people = {
        m.person_id: (m.person, m.role)
        for m in Membership.objects.filter(organisation=organisation).select_related("person")
    }
    fallback = organisation.default_language or settings.LANGUAGE_CODE
    for person_id, (person, role) in people.items():
        if role == LEAD and person.email:
            by_person[person_id] = Recipient(person, person.language or fallback, lead=True)
    for channel_id in channel_ids:
        owner_id = owners.get(channel_id)
        if owner_id is None or owner_id not in people or not people[owner_id][0].email:
            continue
        person = people[owner_id][0]
        entry = by_person.setdefault(owner_id, Recipient(person, person.language or fallback))
        entry.channel_ids.append(channel_id)
    return sorted(by_person.values(), key=lambda r: r.person.pk)


def make_monthly_report(
    organisation: Organisation, month: Month, now: datetime | None = None, send: bool = True
) -> MonthlyReport | None:
    """Make, keep and send the month's report; None when it exists already or the
    archive holds nothing from the month (no empty reports in people's inboxes)."""
    now = now or timezone.now()
    if MonthlyReport.objects.filter(organisation=organisation, month=month.slug).exists():
        return None
    found = organisation_month(organisation, month, now=now)
    if not found.channels:
        return None
    channel_ids = [c.channel_id for c in found.channels]
    people = recipients(organisation, channel_ids)
    languages = sorted({r.language for r in people} | {organisation.default_language or "en"})
    pdfs = {
        language: render_report(
            month_report(organisation, month, language, now=now), "pdf", organisation
        )
        for language in languages
    }
    try:
        with transaction.atomic():
            report = MonthlyReport.objects.create(
                organisation=organisation, month=month.slug, made_at=now
            )
            MonthlyReportFile.objects.bulk_create(
                [
                    MonthlyReportFile(report=report, language=lang, pdf=data, size=len(data))
                    for lang, data in pdfs.items()
                ]
            )
    except IntegrityError:  # another worker made it first
        return None
    if send:
        sent = sum(_send(organisation, month, found, person, pdfs) for person in people)
        MonthlyReport.objects.filter(pk=report.pk).update(recipients=sent)
        report.recipients = sent
    return report


def _send(
    organisation: Organisation,
    month: Month,
    found: OrganisationMonth,
    recipient: Recipient,
    pdfs: dict[str, bytes],
) -> int:
    site = settings.GOVSOCIAL_SITE_URL or "http://127.0.0.1:8000"
    query = f"?month={month.slug}"
    names = {c.channel_id: c.label for c in found.channels}
    try:
        with translation.override(recipient.language):
            label = month_label(found)
            subject = _("GovSocial: the monthly report for %(month)s") % {"month": label}
            body = render_to_string(
                "insights/email/monthly_report.txt",
                {
                    "person": recipient.person,
                    "organisation_name": organisation.name(recipient.language),
                    "month_label": label,
                    "organisation_url": site + reverse("insights:index") + query,
                    "reports_url": site + reverse("insights:reports"),
                    "channels": [
                        {
                            "name": names[c],
                            "url": site + reverse("insights:channel", args=[c]) + query,
                        }
                        for c in recipient.channel_ids
                    ],
                },
            )
            filename = _("monthly-report-%(month)s.pdf") % {"month": month.slug}
        message = EmailMessage(subject, body, None, [recipient.person.email])
        message.attach(filename, pdfs[recipient.language], "application/pdf")
        message.send()
        return 1
    except Exception:  # one failing mailbox must not stop the others
        logger.exception("could not send the monthly report to %s", recipient.person.username)
        return 0


def make_due_reports(now: datetime | None = None) -> int:
    """Every organisation whose report day has come: its last month's report, once."""
    now = now or timezone.now()
    made = 0
    for organisation in Organisation.objects.filter(disabled_at__isnull=True).order_by("pk"):
        month = due_month(organisation, now)
        if month is None:
            continue
        try:
            made += make_monthly_report(organisation, month, now=now) is not None
        except Exception:  # one organisation's failure must not stop the others
            logger.exception("could not make the monthly report of %s", organisation.slug)
    return made


def kept_reports(organisation: Organisation) -> list[MonthlyReport]:
    """The organisation's kept reports, newest first, with their languages: two
    queries, and the PDFs themselves stay in the database until downloaded."""
    files = MonthlyReportFile.objects.only("id", "report_id", "language", "size").order_by(
        "language"
    )
    return list(
        scoped(MonthlyReport, organisation)
        .prefetch_related(Prefetch("files", queryset=files))
        .order_by("-month")
    )


def kept_report(organisation: Organisation, month: Month) -> MonthlyReport | None:
    return scoped(MonthlyReport, organisation).filter(month=month.slug).first()


def kept_file(organisation: Organisation, report_id: int, language: str) -> MonthlyReportFile:
    """One kept PDF of the organisation's (404 for another organisation's)."""
    report = get_for_org(MonthlyReport, organisation, pk=report_id)
    found = MonthlyReportFile.objects.filter(report=report, language=language[:2]).first()
    if found is None:
        raise Http404
    return found


def report_day(organisation: Organisation) -> int:
    """The published policy's report day; the 1st while no policy is published (the
    suggested answer, the 5th, is the owners' deadline in a policy still to be written)."""
    terms, has_policy = response_terms(organisation)
    return terms.report_day if has_policy else DEFAULT_REPORT_DAY
