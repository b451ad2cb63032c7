"""Training's dashboard panel: right figures, two queries however much there is."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from govsocial.core.tests.factories import make_person
from govsocial.training import services

from .factories import make_election_period, make_quiz_attempt, publish_policy


def _a_busy_organisation(organisation, lead, staff, versions):
    """`versions` published versions, confirmations of each, quiz attempts and an election period."""
    people = [make_person(organisation, role="staff") for _ in range(3)]
    for number in range(versions):
        publish_policy(organisation, lead, response_time_hours=24 + number)
        for person in people[: number + 1]:
            services.acknowledge(organisation, person)
    services.acknowledge(organisation, staff)
    for person in people:
        make_quiz_attempt(organisation, person)
    today = timezone.localdate()
    make_election_period(
        organisation, today - timedelta(days=1), today + timedelta(days=10), "Municipal elections"
    )
    return people


@pytest.mark.parametrize("versions", [1, 3])
@pytest.mark.parametrize("role", ["lead", "staff"])
def test_the_dashboard_panel_takes_at_most_two_queries(
    organisation, lead, staff, role, versions, django_assert_max_num_queries
):
    _a_busy_organisation(organisation, lead, staff, versions)
    person = lead if role == "lead" else staff
    with django_assert_max_num_queries(2):
        panel = services.dashboard_panel(organisation, person, role)
        html = render_to_string(panel["template"], {"panel": panel})
    assert panel["needs_acknowledgement"] is (role == "lead")  # the lead has not confirmed
    assert panel["version"].number == versions
    assert "Municipal elections" in html
    if role == "lead":
        # lead, staff and three others; staff and the first `versions` others confirmed this version
        assert (panel["acknowledged"], panel["members"]) == (1 + versions, 5)
    else:
        assert "members" not in panel


def test_the_dashboard_panel_without_a_published_policy(organisation, lead):
    panel = services.dashboard_panel(organisation, lead, "lead")
    assert panel["version"] is None and not panel["needs_acknowledgement"]
    assert panel["election_period"] is None and "members" not in panel
