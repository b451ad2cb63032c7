"""Contradictions from evidence: what the archive shows last month (the "insights"
facts, read through the registry) set against what people answered, with the
channel, the month and the figure named beside the self-reported answer."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from govsocial.archive.importers.base import ORGANISATION, PUBLIC, REPLY
from govsocial.archive.tests.factories import archive_records, record
from govsocial.channels.tests.factories import make_channel
from govsocial.maturity.services import insights_evidence
from govsocial.maturity.tests.factories import all_answers, make_completed

pytestmark = pytest.mark.django_db
CLAIMS = {"str_response_promise": 4, "imp_monitoring": 4, "str_engagement": 4}


def _last_month_late_answers(organisation, answered=True):  # type: ignore[no-untyped-def]
    """Six questions last month, on weekday mornings, each answered three days later
    (or never)."""
    first = timezone.now().astimezone(UTC).replace(day=1) - timedelta(days=1)
    day = first.replace(day=1, hour=8, minute=0, second=0, microsecond=0)
    while day.weekday() != 1:  # the first Tuesday: Tue, Wed, Thu of two weeks
        day += timedelta(days=1)
    channel = make_channel(organisation, platform="mastodon", name="Zwembad", handle="@zwembad")
    records = []
    for n, offset in enumerate((0, 1, 2, 7, 8, 9)):
        at = day + timedelta(days=offset)
        records += [
            record(f"p{n}", f"Het zwembad is open {n}", published_at=at),
            record(f"q{n}", f"Wanneer gaat het zwembad dicht {n}?", kind=REPLY,
                   author_kind=PUBLIC, in_reply_to=f"p{n}", thread_id=f"p{n}",
                   published_at=at + timedelta(minutes=30)),
        ]  # fmt: skip
        if answered:
            records.append(
                record(f"a{n}", "Om 22 uur.", kind=REPLY, author_kind=ORGANISATION,
                       in_reply_to=f"q{n}", thread_id=f"p{n}",
                       published_at=at + timedelta(days=3))
            )  # fmt: skip
    archive_records(organisation, channel, records)
    return channel, day


def test_the_scorecard_names_the_channel_month_and_figure_beside_the_answer(
    client, lead, organisation
):
    channel, day = _last_month_late_answers(organisation)
    assessment = make_completed(organisation, all_answers(3) | CLAIMS, person=lead)
    client.force_login(lead)
    page = client.get(reverse("maturity:scorecard", args=[assessment.pk])).content.decode()
    month = day.strftime("%B %Y")
    assert "Every profile states a response time, and you say the team keeps it." in page
    assert f"In {month}, 0 % of the public&#x27;s 6 questions got an answer" in page
    assert "Fewest in time: Zwembad (Mastodon), 0 % of 6 questions." in page
    assert "What your channels did (insights from the archive)" in page
    assert reverse("insights:index") + f"?month={day:%Y-%m}" in page
    # Every question got an answer, however late: monitoring is not contradicted.
    assert "You say the accounts are monitored at fixed times." not in page


def test_the_evidence_reads_in_dutch(client, lead, organisation):
    lead.language = "nl"
    lead.save()
    _last_month_late_answers(organisation, answered=False)
    assessment = make_completed(organisation, all_answers(3) | CLAIMS, person=lead)
    client.force_login(lead)
    page = client.get(reverse("maturity:scorecard", args=[assessment.pk])).content.decode()
    assert "Wat uw kanalen deden (inzichten uit het archief)" in page
    assert "Het minst op tijd: Zwembad (Mastodon), 0 % van 6 vragen." in page
    # Nothing but posts: all broadcast; six questions never answered.
    assert "100 % van wat uw kanalen plaatsten een bericht of doorgedeeld bericht" in page
    assert "hadden 6 vragen van het publiek na de beloofde tijd nog geen antwoord" in page
    assert "Volgens u worden de accounts op vaste tijden gemonitord." in page


def test_without_evidence_or_without_the_claim_nothing_is_contradicted(client, lead, organisation):
    assessment = make_completed(organisation, all_answers(3) | CLAIMS, person=lead)
    client.force_login(lead)
    page = client.get(reverse("maturity:scorecard", args=[assessment.pk])).content.decode()
    assert "What your channels did" not in page  # an empty archive proves nothing
    _last_month_late_answers(organisation)
    modest = make_completed(organisation, all_answers(2), person=lead)
    page = client.get(reverse("maturity:scorecard", args=[modest.pk])).content.decode()
    assert "What your channels did" not in page  # nobody claimed otherwise


def test_the_evidence_picks_the_channel_that_answers_fewest_in_time():
    facts = insights_evidence(
        {
            "month": "2026-10",
            "questions": 20,
            "within_promise_share": 41.2,
            "median_working_days": 3.2,
            "promise_staffed_hours": 8,
            "broadcast_share": 92.4,
            "channels": {
                1: {"name": "A", "questions": 12, "within_promise_share": 60.0,
                    "broadcast_share": 80.0, "posts": 10},
                2: {"name": "B", "questions": 8, "within_promise_share": 12.5,
                    "broadcast_share": 99.0, "posts": 3},
                3: {"name": "C", "questions": 0, "within_promise_share": None,
                    "broadcast_share": None, "posts": 0},
            },
        }
    )  # fmt: skip
    assert facts["insights.month"] == datetime(2026, 10, 1).date()
    assert facts["insights.within_promise_share"] == 41 and facts["insights.broadcast_share"] == 92
    assert facts["insights.channel"] == "B" and facts["insights.channel_within_promise_share"] == 12
    assert facts["insights.broadcast_channel"] == "B"
    assert insights_evidence({"month": "not a month"}) == {}
