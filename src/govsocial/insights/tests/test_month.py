"""One organisation's month: the counts per channel, the questions and their answers,
response times in staffed and clock hours against the promise."""

from datetime import UTC, datetime, timedelta

import pytest

from govsocial.archive.importers.base import ORGANISATION, PUBLIC, REPLY, REPOST
from govsocial.archive.tests.factories import archive_records, record
from govsocial.insights import services
from govsocial.insights.tests.factories import MONDAY, make_month
from govsocial.policies.tests.factories import make_version

pytestmark = pytest.mark.django_db
MARCH = services.Month(2025, 3)
LATER = datetime(2025, 6, 1, tzinfo=UTC)


def test_counts_posts_replies_comments_and_engagement_per_channel(organisation):
    channel = make_month(organisation, threads=3)
    archive_records(organisation, channel, [
        record("rp", "", kind=REPOST, published_at=MONDAY + timedelta(hours=1)),
        record("old", "Vorige maand", published_at=MONDAY - timedelta(days=10)),
    ])  # fmt: skip
    month = services.organisation_month(organisation, MARCH, now=LATER)
    (found,) = month.channels
    m = found.measures
    assert (m.posts, m.replies, m.reposts, m.comments_received) == (3, 3, 1, 3)
    assert m.engagement == 12 and m.engagement_rate == 4
    assert m.broadcast_share == pytest.approx(100 * 4 / 7)
    # Mondays 10:00 in Amsterdam: the posts, questions at 10:30, answers at 12:30.
    assert (m.posting[0][10], m.posting[0][11], m.posting[0][12]) == (3, 1, 3)
    assert m.reactions[0][10] == 3 and sum(map(sum, m.reactions)) == 3
    assert month.measures.posts == 3


def test_a_question_answered_in_two_staffed_hours_is_within_a_working_day(organisation):
    make_month(organisation, threads=2, answer_after=timedelta(hours=2))
    r = services.organisation_month(organisation, MARCH, now=LATER).responses
    assert r.asked == 2 and len(r.answered) == 2
    assert r.median_staffed_hours == pytest.approx(2) and r.within_share == 100
    assert r.overdue == ()


def test_the_night_and_the_weekend_do_not_count_as_staffed_hours(organisation):
    make_version(organisation, publish=True, response_time="4 hours", staffed_hours="09:00-17:00")
    channel = make_month(organisation, threads=0)
    friday = datetime(2025, 3, 7, 15, 0, tzinfo=UTC)  # 16:00 in Amsterdam
    archive_records(organisation, channel, [
        record("post", "Open dag", published_at=friday - timedelta(hours=1)),
        record("q", "Kunt u mij de tijden sturen?", kind=REPLY, author_kind=PUBLIC,
               in_reply_to="post", thread_id="post", published_at=friday),
        # Monday 11:00 in Amsterdam: 1 staffed hour on Friday, 2 on Monday.
        record("a", "Natuurlijk.", kind=REPLY, author_kind=ORGANISATION, in_reply_to="q",
               thread_id="post", published_at=datetime(2025, 3, 10, 10, 0, tzinfo=UTC)),
    ])  # fmt: skip
    (question,) = services.organisation_month(organisation, MARCH, now=LATER).responses.questions
    assert question.staffed_hours == pytest.approx(3)
    assert question.calendar_hours == pytest.approx(67)
    assert question.within is True


def test_an_unanswered_question_past_the_promise_is_listed(organisation):
    make_month(organisation, threads=1, answer_after=None)
    r = services.organisation_month(organisation, MARCH, now=LATER).responses
    assert [q.text for q in r.overdue] == ["Wanneer gaat het zwembad dicht 0"]
    assert r.within_share == 0 and r.answered == ()


def test_an_open_question_before_its_deadline_is_not_judged(organisation):
    make_month(organisation, threads=1, answer_after=None)
    now = MONDAY + timedelta(hours=2)  # one and a half staffed hours after the question
    r = services.organisation_month(organisation, MARCH, now=now).responses
    assert r.asked == 1 and r.overdue == () and r.within_share is None


def test_a_reply_to_someone_else_does_not_answer_a_question(organisation):
    channel = make_month(organisation, threads=0)
    archive_records(organisation, channel, [
        record("post", "Werk aan de weg", published_at=MONDAY),
        record("q1", "Hoe lang duurt dit?", kind=REPLY, author_kind=PUBLIC, in_reply_to="post",
               thread_id="post", published_at=MONDAY + timedelta(minutes=5)),
        record("c2", "Fijn dat het gebeurt", kind=REPLY, author_kind=PUBLIC, in_reply_to="post",
               thread_id="post", published_at=MONDAY + timedelta(minutes=6)),
        record("a2", "Dank u!", kind=REPLY, author_kind=ORGANISATION, in_reply_to="c2",
               thread_id="post", published_at=MONDAY + timedelta(minutes=10)),
    ])  # fmt: skip
    (question,) = services.organisation_month(organisation, MARCH, now=LATER).responses.questions
    assert question.answered_at is None and question.overdue


def test_an_answer_in_the_next_month_still_counts(organisation):
    channel = make_month(organisation, threads=0)
    last_evening = datetime(2025, 3, 31, 20, 0, tzinfo=UTC)
    archive_records(organisation, channel, [
        record("q", "Is de markt morgen open?", kind=REPLY, author_kind=PUBLIC,
               thread_id="t", published_at=last_evening),
        record("a", "Ja.", kind=REPLY, author_kind=ORGANISATION, thread_id="t",
               published_at=last_evening + timedelta(hours=14)),
    ])  # fmt: skip
    march = services.organisation_month(organisation, MARCH, now=LATER).responses
    april = services.organisation_month(organisation, services.Month(2025, 4), now=LATER)
    assert len(march.answered) == 1 and april.responses.asked == 0


def test_items_of_another_organisation_are_not_counted(organisation, other_organisation):
    make_month(other_organisation, threads=3)
    assert services.organisation_month(organisation, MARCH, now=LATER).channels == ()


@pytest.mark.parametrize("value", ["2025-13", "25-03", "march", "", "2025-3", "9999-01"])
def test_a_month_written_wrongly_is_refused(value):
    with pytest.raises(services.InsightsError):
        services.parse_month(value)


def test_the_facts_offer_a_month_against_the_promise(organisation):
    from govsocial.core import registry

    make_version(organisation, publish=True, response_time="1 working day")
    make_month(organisation, threads=2, answer_after=timedelta(hours=2))
    make_month(organisation, threads=2, answer_after=None)
    facts = services.insights_facts(organisation, MARCH, now=LATER)
    assert (facts["month"], facts["promise"], facts["has_policy"]) == (
        "2025-03",
        "1 working day",
        True,
    )
    assert (facts["questions"], facts["answered"], facts["unanswered_past_promise"]) == (4, 2, 2)
    assert facts["within_promise_share"] == 50
    assert facts["median_staffed_hours"] == pytest.approx(2)
    assert 0.2 < facts["median_working_days"] < 0.3  # two of some eight staffed hours a day
    assert len(facts["channels"]) == 2
    # Offered through the registry for the last complete month.
    assert (
        registry.facts("insights", organisation)["month"] == services.this_month().previous().slug
    )
