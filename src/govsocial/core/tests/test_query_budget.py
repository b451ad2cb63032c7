"""The pages people open most read the database a bounded number of times:
with the demo organisation, and again after its register, policy versions and
respondents have doubled (zulip-style query budgets)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from govsocial.core.models import Organisation, Person

# The dashboard: session, person, membership, five panels, and the "start here" ticks.
BUDGET = 13

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _demo(client):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    lead = Person.objects.get(username="lead")
    client.force_login(lead)
    client.get(reverse("core:dashboard"))  # the session and language settle on the first page
    return Organisation.objects.get(slug="example")


def _latest_assessment(organisation):
    from govsocial.maturity.models import Assessment

    return (
        Assessment.objects.filter(organisation=organisation, status="completed")
        .order_by("-completed_at")
        .first()
    )


def _double(organisation):
    """As many channels, policy versions and respondents again as the demo has."""
    from govsocial.channels.models import Channel
    from govsocial.channels.tests.factories import make_channel
    from govsocial.maturity.models import Response
    from govsocial.policies.models import PolicyVersion
    from govsocial.policies.tests.factories import make_version

    for index in range(Channel.objects.filter(organisation=organisation).count()):
        make_channel(organisation, handle=f"@extra{index}")
    for _ in range(PolicyVersion.objects.filter(organisation=organisation).count()):
        make_version(organisation, publish=True)
    assessment = _latest_assessment(organisation)
    for response in list(Response.objects.filter(assessment=assessment)):
        Response.objects.create(assessment=assessment, answers=response.answers)


@pytest.mark.parametrize("page", ["dashboard", "scorecard"])
def test_the_page_stays_within_its_query_budget_as_the_organisation_grows(client, page):
    organisation = _demo(client)
    if page == "dashboard":
        url = reverse("core:dashboard")
    else:
        url = reverse("maturity:scorecard", args=[_latest_assessment(organisation).pk])
    before = _count(client, url)
    assert before <= BUDGET, f"{page}: {before} queries"
    _double(organisation)
    assert _count(client, url) == before


def test_the_hosts_list_and_the_people_page_do_not_grow_with_organisations_or_members(client):
    from govsocial.core.tests.factories import make_invitation, make_organisation, make_person

    organisation = _demo(client)
    lead = Person.objects.get(username="lead")
    lead.is_host = True
    lead.save()
    urls = [reverse("core:host"), reverse("core:people")]
    before = [_count(client, url) for url in urls]
    for _ in range(3):
        other = make_organisation()
        make_person(other, role="lead", password=None)
        make_person(organisation, password=None)
        make_invitation(organisation)
    assert [_count(client, url) for url in urls] == before
    assert before[0] <= BUDGET + 2, before  # one count per usage line
