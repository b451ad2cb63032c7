"""Query budgets: the scorecard page and the dashboard panel ask the database a fixed
number of times, however many channels, policy versions and respondents there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from govsocial.channels.tests.factories import make_channel
from govsocial.core import registry
from govsocial.core.tests.factories import make_organisation, make_person
from govsocial.maturity import services
from govsocial.policies import services as policies
from govsocial.policies.tests.factories import make_version

from .factories import all_answers, make_benchmark_set, make_completed

pytestmark = pytest.mark.django_db

SCORECARD_BUDGET = 12
# The facts of other apps (the channel register, insights) are theirs to keep cheap
# and flat; the scorecard leaves room for them within its budget.
CHANNEL_FACTS_ALLOWANCE = 2


def _organisation(n: int, slug: str):
    """An organisation with n channels, n published policy versions, n respondents
    in its latest round and n earlier rounds."""
    organisation = make_organisation(slug=slug)
    lead = make_person(organisation, role="lead", username=f"{slug}-lead")
    for i in range(n):
        make_version(organisation, lead, publish=True, response_time_hours=4 + i)
        make_channel(organisation)
        make_completed(organisation, all_answers(2), person=lead)
    people = [lead] + [make_person(organisation, role="editor") for _ in range(n - 1)]
    latest = make_completed(organisation, *[all_answers(3)] * n, people=people, person=lead)
    return lead, latest, make_benchmark_set(organisation)


@pytest.fixture
def channel_fact_queries(monkeypatch):
    """Counts the queries the facts providers (channels, insights) make, to tell them apart."""
    spent: list[int] = []
    real = registry.facts

    def counting(name, organisation):
        with CaptureQueriesContext(connection) as inside:
            found = real(name, organisation)
        if name in ("channels", "insights"):
            spent.append(len(inside.captured_queries))
        return found

    monkeypatch.setattr(registry, "facts", counting)
    return spent


def _scorecard_queries(client, lead, assessment, spent, query: str = "") -> tuple[int, int]:
    client.force_login(lead)
    url = reverse("maturity:scorecard", args=[assessment.pk]) + query
    client.get(url)  # warm the per-process caches (content, clauses)
    spent.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert spent, "the scorecard reads the channel register's facts"
    return len(queries.captured_queries), sum(spent)


@pytest.mark.parametrize("compare", ["", "all", "kind", "set"])
def test_scorecard_queries_stay_flat_as_the_organisation_grows(
    client, channel_fact_queries, compare
):
    counts = []
    for n, slug in ((2, "small"), (4, "large")):
        lead, latest, benchmark_set = _organisation(n, slug)
        query = f"?compare={compare}" if compare else ""
        if compare == "set":
            query = f"?compare=set-{benchmark_set.pk}&group=kind"
        total, channels = _scorecard_queries(client, lead, latest, channel_fact_queries, query)
        counts.append(total - channels)
    assert counts[0] == counts[1], counts
    assert counts[0] <= SCORECARD_BUDGET - CHANNEL_FACTS_ALLOWANCE, counts


def test_the_published_policy_is_read_once_per_scorecard(client, lead, organisation, monkeypatch):
    make_version(organisation, lead, publish=True, comments_open=False)
    assessment = make_completed(organisation, all_answers(3) | {"str_engagement": 4}, person=lead)
    calls, in_facts = [], []
    real_policy, real_facts = policies.published_policy, registry.facts

    def published_policy(org):
        if not in_facts:  # the channels app may read the policy for its own limits
            calls.append(org.pk)
        return real_policy(org)

    def facts(name, org):
        in_facts.append(name)
        try:
            return real_facts(name, org)
        finally:
            in_facts.pop()

    monkeypatch.setattr(policies, "published_policy", published_policy)
    monkeypatch.setattr(registry, "facts", facts)
    client.force_login(lead)
    page = client.get(reverse("maturity:scorecard", args=[assessment.pk])).content.decode()
    assert "Your published policy keeps comments closed." in page
    assert calls == [organisation.pk]


def test_dashboard_panel_takes_at_most_two_queries(
    organisation, lead, django_assert_max_num_queries
):
    people = [lead, make_person(organisation, role="editor"), make_person(organisation)]
    for _ in range(2):
        make_completed(organisation, *[all_answers(3)] * 3, people=people, person=lead)
    open_round = services.start_round(organisation, lead)
    for person in people:
        services.save_answers(services.response_for(open_round, person), {"lead_sponsor": 2})
    with django_assert_max_num_queries(2):
        panel = services.dashboard_panel(organisation, lead, "lead")
    assert panel["result"]["overall"]["stage"] == 3
    assert panel["progress"]["answered"] == 1


def test_dashboard_panel_without_rounds(organisation, lead, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        panel = services.dashboard_panel(organisation, lead, "lead")
    assert panel["result"] is None and panel["progress"] is None
