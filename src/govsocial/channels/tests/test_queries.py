"""Query budgets: the register's checks cost the same whatever the number of channels."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govsocial.channels import services
from govsocial.channels.models import Channel, ChannelReport
from govsocial.channels.tests.factories import make_channel, make_member
from govsocial.core.models import Membership

pytestmark = pytest.mark.django_db


def _grow(organisation, lead):
    """One channel of every kind: live ones with and without cover and custody, requests
    (one of them the lead's, decided lately), approved, rejected, closed and a report."""
    today = timezone.localdate()
    left = make_member(organisation)
    channels = [
        make_channel(organisation),
        make_channel(organisation, cover=None, custody=False),
        make_channel(organisation, "dormant", owner=lead),
        make_channel(organisation, "dormant", cover=left),
        make_channel(organisation, "approved", cover=None),
        make_channel(organisation, "approved", custody=False),
        make_channel(organisation, "requested", requested_by=lead),
        make_channel(
            organisation,
            "rejected",
            requested_by=lead,
            decided_at=timezone.now() - timedelta(days=2),
        ),
        make_channel(organisation, "closed", cover=None),
    ]
    Membership.objects.filter(person=left).delete()
    ChannelReport.objects.create(
        organisation=organisation,
        channel=channels[0],
        month=today.replace(day=1) - timedelta(days=1),
        received_on=today,
    )
    return channels


def _queries(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_the_counts_the_panel_and_the_health_check_do_not_grow_with_the_register(
    organisation, lead, django_assert_max_num_queries
):
    _grow(organisation, lead)
    calls = {
        "register_summary": (1, lambda: services.register_summary(organisation)),
        "dashboard_panel": (2, lambda: services.dashboard_panel(organisation, lead, "lead")),
        "health": (2, lambda: services.health(organisation)),
    }
    before = {name: _queries(call) for name, (_budget, call) in calls.items()}
    _grow(organisation, lead)
    for name, (budget, call) in calls.items():
        with django_assert_max_num_queries(budget):
            call()
        assert _queries(call) == before[name], name


def test_the_panel_counts_what_the_facts_count(organisation, lead, other_organisation):
    _grow(organisation, lead)
    make_channel(other_organisation, cover=None)
    panel = services.dashboard_panel(organisation, lead, "lead")
    summary = services.register_summary(organisation)
    assert panel["summary"] == summary
    assert summary == {
        "total": 9,
        "active": 2,
        "dormant": 2,
        "without_cover": 2,
        "custody_unconfirmed": 1,
        "has_register": True,
    }
    assert [c.status for c in panel["my_requests"]] == ["rejected", "requested"]
    assert panel["requests"] == 1 and [i.channel.owner for i in panel["mine"]] == [lead]


def test_the_health_check_judges_each_channel_as_a_single_look_would(organisation, lead):
    _grow(organisation, lead)
    today = timezone.localdate()
    report = services.health(organisation)
    limits = services.limits_for(organisation)
    for channel, problems in report.approved:
        assert problems == services.activation_problems(channel)
    for item in report.channels:
        assert item.issues == services.channel_issues(item.channel, limits, today)
        assert item.report == services.report_status(item.channel, limits, today)
    assert {c.status for c in Channel.objects.all()} - {
        *(c.status for c in report.requested),
        *(c.channel.status for c in report.channels),
        "approved",
    } == {"rejected", "closed"}


@pytest.mark.parametrize("url", ["/channels/", "/channels/governance/"])
def test_the_register_pages_do_not_grow_with_the_register(lead_client, organisation, lead, url):
    _grow(organisation, lead)
    before = _queries(lambda: lead_client.get(url))
    _grow(organisation, lead)
    assert _queries(lambda: lead_client.get(url)) == before
