"""Policy versions: drafts from the answers, approval, publication and the review date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from govsocial.core.dates import add_months
from govsocial.core.models import Membership, Organisation, Person
from govsocial.core.services import record_event

from ..models import PolicyVersion
from .answers import PolicyError, effective_answers, validate_answers
from .document import status_label
from .elections import tell_published
from .facts import organisation_facts
from .interview import interview_context


def _person(person: Person | None) -> Person | None:
    """A saved person, or None (a command or the demo acts without one)."""
    return person if person is not None and person.pk else None


def generate_draft(
    organisation: Organisation, person: Person | None, answers: Mapping[str, Any] | None = None
) -> PolicyVersion:
    """A new draft version from the given answers or the interview's; AnswersInvalid if incomplete.

    The organisation's facts decide branching: a public body is not asked
    whether it must keep records."""
    raw = (
        dict(answers) if answers is not None else effective_answers(interview_context(organisation))
    )
    cleaned = validate_answers(raw, known=organisation_facts(organisation).conditions())
    for attempt in range(3):
        try:
            with transaction.atomic():
                number = (
                    PolicyVersion.objects.filter(organisation=organisation).aggregate(
                        n=Max("number")
                    )["n"]
                    or 0
                ) + 1
                version = PolicyVersion.objects.create(
                    organisation=organisation,
                    number=number,
                    answers=cleaned,
                    created_by=_person(person),
                )
                record_event(
                    organisation,
                    person,
                    "policy.generated",
                    version,
                    _("Draft %(number)s of the social media policy generated") % {"number": number},
                    number=number,
                )
                return version
        except IntegrityError:  # two drafts took the same number at once: take the next
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def is_lead(person: Person, organisation: Organisation) -> bool:
    return Membership.objects.filter(
        person=person, organisation=organisation, role=Membership.Role.LEAD
    ).exists()


@transaction.atomic
def approve(version: PolicyVersion, person: Person) -> PolicyVersion:
    """A lead publishes a draft; the previously published version is superseded."""
    if not is_lead(person, version.organisation):
        raise PermissionDenied(_("Only a communications lead can approve the policy."))
    return publish(version, person)


@transaction.atomic
def publish(version: PolicyVersion, person: Person | None) -> PolicyVersion:
    """Publish a draft (after the permission check in approve; the demo seeds through here)."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != PolicyVersion.Status.DRAFT:
        raise PolicyError(
            _("Version %(number)s is %(status)s; only a draft can be approved.")
            % {"number": version.number, "status": status_label(version.status).lower()}
        )
    answers = validate_answers(
        version.answers, known=organisation_facts(version.organisation).conditions()
    )
    previous = list(
        PolicyVersion.objects.filter(
            organisation=version.organisation, status=PolicyVersion.Status.PUBLISHED
        )
    )
    PolicyVersion.objects.filter(pk__in=[p.pk for p in previous]).update(
        status=PolicyVersion.Status.SUPERSEDED
    )
    now = timezone.now()
    version.status = PolicyVersion.Status.PUBLISHED
    version.approved_by = _person(person)
    version.published_at = now
    version.review_due = review_date(timezone.localdate(now), answers)
    version.save()
    record_event(
        version.organisation,
        person,
        "policy.approved",
        version,
        _("Version %(number)s of the social media policy approved and published")
        % {"number": version.number},
        number=version.number,
        superseded=[p.number for p in previous],
        review_due=version.review_due.isoformat(),
    )
    tell_published(version.organisation, person)  # training creates the election period
    return version


def review_date(published_on: dt.date, answers: Mapping[str, Any]) -> dt.date:
    """When a version published on `published_on` is due for review."""
    return add_months(published_on, answers["review_interval_months"])


def versions(organisation: Organisation) -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(organisation=organisation).select_related(
        "created_by", "approved_by"
    )


def published_version(organisation: Organisation) -> PolicyVersion | None:
    """The version in force (this app's own pages; other apps read `published_policy`)."""
    return (
        PolicyVersion.objects.filter(
            organisation=organisation, status=PolicyVersion.Status.PUBLISHED
        )
        .select_related("approved_by", "organisation")
        .first()
    )


def published_answers(organisation: Organisation) -> dict[str, Any] | None:
    version = published_version(organisation)
    return dict(version.answers) if version else None
