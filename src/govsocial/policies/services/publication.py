"""Before and after publishing: the confirmation, sending the draft for adoption, and
telling every member in their own language what changed, with the link to confirm
they have read it (the training app's acknowledgement page, by its URL name)."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from govsocial.core.models import Membership, Organisation, Person
from govsocial.core.services import record_event
from govsocial.documents.model import Table

from ..models import PolicyVersion
from .adoption import adoption_table, format_date
from .answers import PolicyError
from .diff import AnswerChange, diff_versions
from .document import download_name, render_version, version_html
from .versions import approve, published_version, review_date

logger = logging.getLogger(__name__)

SUMMARY_LINES = 12  # changes named in an e-mail; the rest are counted
ADDRESS_CAP = 254


@dataclass(frozen=True)
class ChangeSummary:
    """What changed from one version to the next, in plain words."""

    previous: int | None  # None: the first version
    clauses: list[tuple[str, str]] = field(default_factory=list)  # (New|Changed|Removed, title)
    answers: list[AnswerChange] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.clauses) + len(self.answers)


@dataclass(frozen=True)
class Confirmation:
    """What the lead sees before publishing a draft."""

    version: PolicyVersion
    title: str
    replaces: int | None
    review_due: dt.date
    adoption: Table
    adopted_by: str
    summary: ChangeSummary


def previous_version(version: PolicyVersion) -> PolicyVersion | None:
    """The version this one replaces (or replaced): the one in force before it."""
    if version.status == PolicyVersion.Status.DRAFT:
        return published_version(version.organisation)
    earlier = PolicyVersion.objects.filter(
        organisation=version.organisation, published_at__isnull=False
    ).exclude(pk=version.pk)
    if version.published_at is not None:
        earlier = earlier.filter(published_at__lt=version.published_at)
    return earlier.order_by("-published_at").first()


def change_summary(version: PolicyVersion, language: str) -> ChangeSummary:
    old = previous_version(version)
    if old is None:
        return ChangeSummary(previous=None)
    result = diff_versions(old, version, language)
    with translation.override(language):
        words = {"added": _("New"), "changed": _("Changed"), "removed": _("Removed")}
        clauses = [(words[c.status], c.title) for c in result.changed]
    return ChangeSummary(previous=old.number, clauses=clauses, answers=result.answers)


def confirmation(version: PolicyVersion, language: str) -> Confirmation:
    """The version as it will read once published today: its adoption block and review date."""
    today = timezone.localdate()
    due = review_date(today, version.answers)
    as_published = copy.copy(version)
    as_published.published_at, as_published.review_due = timezone.now(), due
    current = published_version(version.organisation)
    return Confirmation(
        version=version,
        title=version_html(version, "policy", language)[0],
        replaces=current.number if current else None,
        review_due=due,
        adoption=adoption_table(version.answers, language, as_published),
        adopted_by=adopted_by(version),
        summary=change_summary(version, language),
    )


def adopted_by(version: PolicyVersion) -> str:
    return " ".join(str(version.answers.get("adopted_by") or "").split())


@transaction.atomic
def send_for_adoption(
    version: PolicyVersion, person: Person | None, address: str, site_url: str
) -> PolicyVersion:
    """E-mail the draft, PDF attached, to whoever adopts it, in the organisation's language."""
    address = (address or "").strip()
    try:
        if len(address) > ADDRESS_CAP:
            raise ValidationError("too long")
        validate_email(address)
    except ValidationError:
        raise PolicyError(_("Enter an e-mail address like name@example.nl.")) from None
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != PolicyVersion.Status.DRAFT:
        raise PolicyError(_("Only a draft can be sent for adoption."))
    organisation = version.organisation
    language = organisation.default_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "organisation": organisation.name(language),
            "number": version.number,
            "adopted_by": adopted_by(version),
            "sender": person.display_name() if person is not None else "",
            "link": site_url.rstrip("/") + reverse("policies:version", args=[version.pk]),
        }
        subject = _("For adoption: social media policy of %(organisation)s, draft %(number)s") % {
            "organisation": context["organisation"],
            "number": version.number,
        }
        body = render_to_string("policies/email/adoption.txt", context)
        message = EmailMessage(subject, body, None, [address])
        message.attach(
            download_name(version, "policy", language, "pdf"),
            render_version(version, "policy", language, "pdf"),
            "application/pdf",
        )
    try:
        message.send()
    except OSError:
        logger.exception("could not send draft %s for adoption", version.number)
        raise PolicyError(
            _("The e-mail could not be sent. Nothing was recorded; try again later.")
        ) from None
    version.sent_for_adoption_at = timezone.now()
    version.sent_for_adoption_to = address
    version.save(update_fields=["sent_for_adoption_at", "sent_for_adoption_to"])
    record_event(
        organisation,
        person,
        "policy.sent_for_adoption",
        version,
        f"Draft {version.number} sent for adoption to {address}",
        number=version.number,
        to=address,
        adopted_by=context["adopted_by"],
    )
    return version


def _members(organisation: Organisation) -> list[Person]:
    return [
        m.person
        for m in Membership.objects.filter(
            organisation=organisation, person__is_active=True
        ).select_related("person")
        if m.person.email
    ]


def notify_members(version: PolicyVersion, person: Person | None, site_url: str) -> int:
    """E-mail every member the news of a published version in their own language: what
    changed and where to confirm they have read it. Returns how many were sent."""
    organisation = version.organisation
    link = site_url.rstrip("/") + reverse("training:policy")
    summaries: dict[str, ChangeSummary] = {}
    messages = []
    for member in _members(organisation):
        language = member.language or organisation.default_language or settings.LANGUAGE_CODE
        if language not in summaries:
            summaries[language] = change_summary(version, language)
        summary = summaries[language]
        with translation.override(language):
            context = {
                "name": member.display_name(),
                "organisation": organisation.name(language),
                "number": version.number,
                "date": format_date(version.published_at, language),
                "summary": summary,
                "clauses": summary.clauses[:SUMMARY_LINES],
                "answers": summary.answers[: max(0, SUMMARY_LINES - len(summary.clauses))],
                "more": max(0, summary.count - SUMMARY_LINES),
                "link": link,
            }
            subject = _("Version %(number)s of our social media policy is published") % {
                "number": version.number
            }
            body = render_to_string("policies/email/published.txt", context)
        messages.append(EmailMessage(subject, body, None, [member.email]))
    sent = get_connection().send_messages(messages) if messages else 0
    record_event(
        organisation,
        person,
        "policy.members_notified",
        version,
        f"{sent} members told about version {version.number}",
        number=version.number,
        count=sent or 0,
    )
    return sent or 0


def approve_and_announce(
    version: PolicyVersion, person: Person, notify: bool, site_url: str
) -> tuple[PolicyVersion, int]:
    """A lead publishes the draft; with `notify`, every member hears of it. A mail server
    that fails does not undo the publication: the count says who was reached."""
    version = approve(version, person)
    if not notify:
        return version, 0
    try:
        return version, notify_members(version, person, site_url)
    except OSError:
        logger.exception("could not e-mail the members about version %s", version.number)
        return version, 0


def site_url() -> str:
    """Where links in e-mails point when there is no request (the command line)."""
    return settings.GOVSOCIAL_SITE_URL or "http://" + os.environ.get(
        "GOVSOCIAL_BIND", "127.0.0.1:8000"
    )
