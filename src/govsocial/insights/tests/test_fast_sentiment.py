"""The fast paths of the sentiment method give the same answers as the slow ones:
function words before lingua, VADER's score without its emoji pass, no VADER at
all for a comment without one of its words, and one scoring per distinct text."""

import csv
from pathlib import Path
from unittest import mock

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from govsocial.insights.services import sentiment

DATA = Path(__file__).parent / "data"


def _rows(language):  # type: ignore[no-untyped-def]
    with (DATA / f"labelled_{language}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_english_scores_are_vaders_own_on_every_labelled_comment():
    vader = SentimentIntensityAnalyzer()
    texts = [r["text"] for language in ("en", "nl") for r in _rows(language)]
    texts += ["no good", "kind of bad", "not very nice at all!!!", "GREAT :)", "I ❤ it 👍"]
    different = [
        t for t in texts if sentiment.english_score(t) != vader.polarity_scores(t)["compound"]
    ]
    assert different == []


@pytest.mark.parametrize("language", ["en", "nl"])
def test_function_words_find_the_language_of_the_labelled_comments(language):
    rows = _rows(language)
    found = [sentiment.function_word_language(r["text"]) for r in rows]
    assert found.count(language) >= 0.95 * len(rows)
    assert all(f in (language, None) for f in found)  # doubt, never a wrong language


def test_lingua_decides_only_when_the_function_words_leave_doubt():
    with mock.patch.object(sentiment, "_detector") as detector:
        assert sentiment.detect_language("When will the bins be emptied?") == "en"
        assert sentiment.detect_language("Wanneer wordt de container geleegd?") == "nl"
        detector.assert_not_called()
    assert sentiment.detect_language("Zwembad Noorderpark") in ("en", "nl")  # lingua's turn


def test_each_distinct_text_is_scored_once():
    sentiment._score.cache_clear()
    with mock.patch.object(sentiment, "dutch_score", return_value=0.5) as dutch:
        first = sentiment.score("Heel fijn, dank u wel voor de hulp")
        again = sentiment.score("Heel fijn, dank u wel voor de hulp")
    assert first == again and first.label == "positive" and dutch.call_count == 1
    sentiment._score.cache_clear()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Slechte communicatie zoals gewoonlijk.", "negative"),  # "slechte": the lexicon's "slecht"
        ("De kapotte lantaarnpaal", "negative"),  # "kapotte" → "kapot"
        ("Al drie weken geen reactie op mijn melding. Slecht!", "negative"),  # "geen" is too far
        ("Dat is niet echt goed", "negative"),  # a negation reaches past an intensifier
        ("Hoe laat gaat het zwembad naar de zomertijden?", "neutral"),  # "laat", "naar": plain
    ],
)
def test_dutch_inflections_and_the_reach_of_a_negation(text, label):
    assert sentiment.score(text, "nl").label == label
