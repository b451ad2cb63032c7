"""The question rules and staffed hours: what counts as a question, which hours count."""

from datetime import UTC, datetime

import pytest

from govsocial.insights import services
from govsocial.policies.services import default_answers, response_terms

OFFICE = response_terms({**default_answers("en"), "staffed_hours": "09:00-17:00"})
AROUND = response_terms({**default_answers("en"), "response_basis": "around_the_clock"})


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Wanneer gaat het zwembad open", "dutch_question_word"),
        ("Fijn dat het kan. Kunt u mij bellen", "dutch_question_word"),
        ("Weet iemand of de bieb open is", "dutch_request"),
        ("When does the pool open", "english_question_word"),
        ("I was wondering about the bins", "english_request"),
        ("Open op zondag?", "question_mark"),
    ],
)
def test_questions_are_recognised_by_a_named_rule(text, rule):
    assert services.question_rule(text).id == rule


@pytest.mark.parametrize(
    "text",
    ["Wat mooi!", "Komt goed", "Have a nice day", "What a great idea", "Top, bedankt", "", "   "],
)
def test_remarks_are_not_questions(text):
    assert services.question_rule(text) is None


def test_a_question_word_inside_a_sentence_does_not_count():
    assert services.question_rule("Ik snap niet waarom dit zo gaat") is None


def test_a_huge_comment_is_read_in_linear_time_and_capped():
    assert services.question_rule("ha " * 1_000_000) is None
    assert services.question_rule("ha " * 3000 + "?") is None  # the "?" lies past the cap


def test_staffed_hours_skip_nights_weekends_and_public_holidays():
    # Wednesday 24 December 2025 16:00 → Monday 29 December 10:00 (Amsterdam, UTC+1):
    # one hour on Wednesday, Christmas and Boxing Day are holidays, one hour on Monday.
    start = datetime(2025, 12, 24, 15, 0, tzinfo=UTC)
    end = datetime(2025, 12, 29, 9, 0, tzinfo=UTC)
    assert services.staffed_hours(start, end, OFFICE, "NL") == pytest.approx(2)
    # In a country without those holidays the Thursday and Friday count.
    assert services.staffed_hours(start, end, OFFICE, "XX") == pytest.approx(18)
    assert services.staffed_hours(start, end, AROUND, "NL") == pytest.approx(114)
    assert services.calendar_hours(start, end) == pytest.approx(114)


def test_public_holidays_come_per_country():
    # King's Day falls on Saturday 26 April in 2025, as the 27th is a Sunday.
    assert datetime(2025, 4, 26).date() in services.public_holidays("NL", 2025)
    assert datetime(2025, 4, 26).date() not in services.public_holidays("GB", 2025)
    assert services.public_holidays("XX", 2025) == frozenset()
