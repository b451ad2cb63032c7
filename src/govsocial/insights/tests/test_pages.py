"""The insights pages: the organisation's month and one channel's, in both
languages, scoped to the organisation, with a query count that does not grow
with the number of items."""

import pytest
from django.urls import reverse

from govsocial.insights.tests.factories import make_month

pytestmark = pytest.mark.django_db
INDEX = reverse("insights:index")


def test_the_month_shows_channels_figures_and_unanswered_questions(lead_client, organisation):
    channel = make_month(organisation, threads=2, answer_after=None, name="Zwembad")
    html = lead_client.get(INDEX, {"month": "2025-03"}).content.decode()
    assert "Insights: March 2025" in html
    assert reverse("insights:channel", args=[channel.pk]) + "?month=2025-03" in html
    assert "Questions unanswered past the promise" in html
    assert "Wanneer gaat het zwembad dicht 1" in html
    assert "</a> (Mastodon)</li>" in html  # the platform as people write it, not its key
    assert (
        "<svg" in html
        and "The numbers in this chart" in html
        and "posts by the organisation" in html
    )
    assert "It has a question mark." in html  # the rules are shown


def test_the_month_reads_in_dutch(client, lead, organisation):
    lead.language = "nl"
    lead.save()
    client.force_login(lead)
    make_month(organisation, threads=1)
    html = client.get(INDEX, {"month": "2025-03"}).content.decode()
    assert "Inzichten: maart 2025" in html
    assert "Reactie aan het publiek" in html and "Er staat een vraagteken in." in html


def test_a_channel_month_shows_its_measures(lead_client, organisation):
    channel = make_month(organisation, threads=3)
    url = reverse("insights:channel", args=[channel.pk])
    html = lead_client.get(url, {"month": "2025-03"}).content.decode()
    assert "Engagement per post" in html and "No question is unanswered past the promise." in html
    assert '<p class="utrecht-paragraph">Mastodon · ' in html


def test_a_wrong_month_shows_why_and_this_month(lead_client, organisation):
    html = lead_client.get(INDEX, {"month": "2025-13"}).content.decode()
    assert "is not a month; write it as YYYY-MM" in html


def test_another_organisations_channel_is_not_found(client, other_lead, organisation):
    channel = make_month(organisation, threads=1)
    client.force_login(other_lead)
    url = reverse("insights:channel", args=[channel.pk])
    assert client.get(url, {"month": "2025-03"}).status_code == 404


def test_the_query_count_does_not_grow_with_the_items(
    lead_client, organisation, django_assert_max_num_queries
):
    make_month(organisation, threads=2)
    with django_assert_max_num_queries(20) as small:
        lead_client.get(INDEX, {"month": "2025-03"})
    make_month(organisation, threads=40, answer_after=None)
    make_month(organisation, threads=40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        lead_client.get(INDEX, {"month": "2025-03"})


@pytest.mark.parametrize("name", ["insights:channel", "insights:comments"])
def test_a_channel_page_keeps_its_query_count_as_items_grow(
    lead_client, organisation, django_assert_max_num_queries, name
):
    channel = make_month(organisation, threads=2)
    url = reverse(name, args=[channel.pk])
    with django_assert_max_num_queries(30) as small:
        lead_client.get(url, {"month": "2025-03"})
    make_month(organisation, threads=40, answer_after=None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        lead_client.get(url, {"month": "2025-03"})


def test_the_channel_page_shows_the_completeness_of_the_record(lead_client, organisation):
    channel = make_month(organisation, threads=1)
    html = lead_client.get(reverse("insights:channel", args=[channel.pk])).content.decode()
    assert "Completeness of the record" in html and "Last capture" in html
