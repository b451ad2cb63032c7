"""The election the published policy names becomes an election period, shown coming on
the dashboard (issue 15)."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from govsocial.core.models import AuditEvent
from govsocial.training import services
from govsocial.training.models import ElectionPeriod

from .factories import make_election_period, publish_policy

pytestmark = pytest.mark.django_db


def _in(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def test_publishing_a_policy_with_an_election_day_adds_its_period(organisation, lead):
    day = _in(100)
    publish_policy(
        organisation,
        lead,
        next_election_date=day.isoformat(),
        next_election_kind="municipal",
        election_quiet_days=42,
    )
    period = ElectionPeriod.objects.get(organisation=organisation)
    assert (period.starts_on, period.ends_on) == (day - timedelta(days=42), day)
    # In the organisation's language: the name is stored once, as the checker shows it.
    kind = {"en": "Municipal elections", "nl": "Gemeenteraadsverkiezingen"}
    assert period.name == f"{kind[organisation.default_language]} {day.year}"
    assert AuditEvent.objects.filter(
        organisation=organisation, action="training.election_period.added"
    ).exists()


def test_publishing_again_does_not_add_the_same_election_twice(organisation, lead):
    day = _in(100)
    for _ in range(2):
        publish_policy(organisation, lead, next_election_date=day.isoformat())
    assert ElectionPeriod.objects.filter(organisation=organisation).count() == 1


def test_no_period_without_a_day_for_a_past_day_or_without_election_periods(organisation, lead):
    publish_policy(organisation, lead)
    publish_policy(organisation, lead, next_election_date=_in(-3).isoformat())
    publish_policy(
        organisation, lead, next_election_date=_in(50).isoformat(), election_periods=False
    )
    assert not ElectionPeriod.objects.filter(organisation=organisation).exists()


def test_a_lead_s_own_period_for_that_day_is_kept(organisation, lead):
    day = _in(60)
    make_election_period(organisation, day - timedelta(days=20), day, "Our own name")
    publish_policy(organisation, lead, next_election_date=day.isoformat())
    assert list(ElectionPeriod.objects.values_list("name", flat=True)) == ["Our own name"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Municipal elections: from"),
        ("nl", "Berichten blijven dan politiek neutraal."),
    ],
)
def test_the_dashboard_shows_the_coming_period_in_two_queries(
    organisation, lead, language, expected, django_assert_max_num_queries
):
    make_election_period(organisation, _in(10), _in(52), "Municipal elections")
    make_election_period(organisation, _in(200), _in(240), "Later elections")
    with translation.override(language), django_assert_max_num_queries(2):
        panel = services.dashboard_panel(organisation, lead, "lead")
        html = render_to_string(panel["template"], {"panel": panel})
    assert panel["next_period"] == "Municipal elections"
    assert panel["next_period_starts"] == _in(10)
    assert expected in html and "Later elections" not in html
    assert services.next_election_period(organisation).name == "Municipal elections"
