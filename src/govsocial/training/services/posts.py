"""'Can I post this?' with the organisation's context, and the election
periods a lead sets. Every state change is written to the audit trail."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from govsocial.core.access import scoped
from govsocial.core.i18n import current_language
from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event
from govsocial.policies import services as policies

from .. import policy
from ..checker import ElectionWindow, OrganisationContext, OwnDetails, Verdict, check_post
from ..drafts import DraftInput
from ..models import ElectionPeriod


def own_details(organisation: Organisation | None) -> OwnDetails:
    """The organisation's allow-list, from its own details (core's organisation page)."""
    if organisation is None:
        return OwnDetails()
    details = organisation.own_details()
    return OwnDetails.from_lists(
        ibans=details["ibans"],
        phones=details["phone_numbers"],
        addresses=details["addresses"],
        email_domains=details["email_domains"],
    )


def context_for(
    organisation: Organisation | None,
    language: str,
    today: date | None = None,
    election_period: bool | None = None,
    country: str = "",
) -> OrganisationContext:
    """What the checker needs to know of an organisation: officers, clauses,
    election periods, its own details. `election_period`: True or False says
    whether one is on for this check (None: the organisation's periods say);
    `country` stands in for the organisation's."""
    info = policy.info(organisation, language)
    periods = []
    if organisation is not None:
        periods = [
            ElectionWindow(p.name, p.starts_on, p.ends_on)
            for p in scoped(ElectionPeriod, organisation).filter(
                ends_on__gte=today or timezone.localdate()
            )
        ]
    return OrganisationContext(
        country=country or (organisation.country if organisation is not None else ""),
        default_language=organisation.default_language if organisation is not None else "en",
        check_officers=str(info.answers.get("check_officers") or ""),
        policy_version=info.number,
        clauses=info.clauses,
        election_periods=periods,
        today=today,
        uses_example_policy=info.is_example,
        own_details=own_details(organisation),
        election_period_active=election_period,
    )


def check(
    organisation: Organisation | None,
    draft: DraftInput,
    election_period: bool | None = None,
    country: str = "",
) -> Verdict:
    """check_post with the organisation's context; messages in the active language."""
    context = context_for(
        organisation, current_language(), election_period=election_period, country=country
    )
    return check_post(draft.text, organisation_context=context, **draft.options())


# --- election periods --------------------------------------------------------------------


def add_election_period(
    organisation: Organisation, person: Person | None, name: str, starts_on: date, ends_on: date
) -> ElectionPeriod:
    period = ElectionPeriod.objects.create(
        organisation=organisation, name=name, starts_on=starts_on, ends_on=ends_on
    )
    record_event(
        organisation,
        person,
        "training.election_period.added",
        period,
        f"{name}: {starts_on} – {ends_on}",
    )
    return period


def add_planned_election(
    organisation: Organisation, person: Person | None, today: date | None = None
) -> ElectionPeriod | None:
    """The period of the next election the published policy names, added once.

    Called when a version is published (policies' on_published): a draft's date is
    not yet the organisation's rule. A period ending on the same day is kept as it is,
    so a lead's own edits on the training page are not overwritten.
    """
    published = policy.published(organisation)
    election = policies.planned_election(published.answers) if published else None
    if election is None or election.day < (today or timezone.localdate()):
        return None
    if scoped(ElectionPeriod, organisation).filter(ends_on=election.day).exists():
        return None
    name = election.name(organisation.default_language or "en")
    return add_election_period(organisation, person, name, election.period_starts, election.day)


def next_election_period(
    organisation: Organisation, today: date | None = None
) -> ElectionPeriod | None:
    """The first period that has not started yet."""
    today = today or timezone.localdate()
    return (
        scoped(ElectionPeriod, organisation)
        .filter(starts_on__gt=today)
        .order_by("starts_on")
        .first()
    )


def delete_election_period(period: ElectionPeriod, person: Person | None) -> None:
    record_event(
        period.organisation, person, "training.election_period.deleted", period, period.name
    )
    period.delete()


def current_election_period(
    organisation: Organisation, today: date | None = None
) -> ElectionPeriod | None:
    today = today or timezone.localdate()
    return (
        scoped(ElectionPeriod, organisation)
        .filter(starts_on__lte=today, ends_on__gte=today)
        .first()
    )
