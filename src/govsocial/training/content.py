"""Load and validate the training knowledge in `content/*.yaml`.

Every text a person reads is a `govsocial.core.content.Text` (English and
Dutch side by side, named `{placeholders}` only). The loaders refuse a missing
translation, an unknown id, a policy clause or answer the policy builder does
not have, naming every fault at once. The game's knowledge has its own loader
(game/content.py). Loaded once and cached; `validate_all()` runs at start-up.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from govsocial.core.content import Checker, ContentError, read_yaml
from govsocial.policies.services import answer_ids, clause_ids

from .game.content import game

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGES = ("en", "nl")
ID_RE = re.compile(r"[a-z0-9_]+")
LETTERS_RE = re.compile(r"[^\W\d_]+")


def _read(name: str) -> dict[str, Any]:
    data = read_yaml(CONTENT_DIR / name)
    if not isinstance(data, dict):
        raise ContentError(f"{name}: expected a mapping at the top")
    return data


def _whole(value: Any, minimum: int | None = None) -> bool:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return ok and (minimum is None or value >= minimum)


def _word_lists(check: Checker, value: Any, where: str) -> dict[str, list[str]]:
    """A list of words per language, both languages present."""
    lists = check.mapping(value, where)
    for language in LANGUAGES:
        if not isinstance(lists.get(language), list):
            check.fail(f"{where}.{language}", "a list of words")
    return {language: [str(w) for w in lists.get(language) or []] for language in LANGUAGES}


def _clause_hints(check: Checker, value: Any, where: str, kinds: tuple[str, ...]) -> dict:
    """Per kind, the policy clause ids to cite (the first the published policy has)."""
    hints = check.mapping(value, where)
    for kind in sorted(set(hints) - set(kinds)):
        check.fail(f"{where}.{kind}", "unknown kind")
    for kind in kinds:
        if kind not in hints:
            check.fail(where, f"missing '{kind}'")
        elif not isinstance(hints[kind], list) or not hints[kind]:
            check.fail(f"{where}.{kind}", "a list of policy clause ids")
        else:
            check.known(hints[kind], clause_ids(), f"{where}.{kind}", "policy clause")
    return {kind: list(hints.get(kind) or []) for kind in kinds}


# --- checker ------------------------------------------------------------------

REASON_KINDS = (
    "already_public",
    "points_elsewhere",
    "new_content",
    "personal_data",
    "profanity",
    "length",
    "hashtags",
    "alt_text",
    "election",
    "public_meeting",
    "context",
    "tone",
)
WORD_KINDS = ("profanity", "abuse", "impolite")


def _platforms(check: Checker, value: Any) -> dict[str, dict[str, Any]]:
    platforms = {}
    for key, raw in check.mapping(value, "platforms").items():
        where = f"platforms.{key}"
        if not ID_RE.fullmatch(str(key)):
            check.fail(where, "an id of lower-case letters, digits and _")
        platform = check.mapping(raw, where)
        for number in ("limit", "max_hashtags"):
            if not _whole(platform.get(number), 1):
                check.fail(f"{where}.{number}", "a positive whole number")
        if platform.get("url_length") is not None and not _whole(platform["url_length"]):
            check.fail(f"{where}.url_length", "a whole number or null")
        name = check.text(platform.get("name"), f"{where}.name", allowed=())
        platforms[str(key)] = {**platform, "name": name}
    if not platforms:
        check.fail("platforms", "at least one platform")
    return platforms


@cache
def checker() -> dict[str, Any]:
    raw = _read("checker.yaml")
    check = Checker("checker.yaml")
    data = {
        **raw,
        "platforms": _platforms(check, raw.get("platforms")),
        "generic_alt_texts": _word_lists(check, raw.get("generic_alt_texts"), "generic_alt_texts"),
        "clause_hints": _clause_hints(check, raw.get("clause_hints"), "clause_hints", REASON_KINDS),
    }
    stopwords = _word_lists(check, raw.get("stopwords"), "stopwords")
    data["stopwords"] = {language: frozenset(stopwords[language]) for language in LANGUAGES}
    for number in ("default_max_hashtags", "camelcase_hint_length", "pointer_max_words"):
        if not _whole(raw.get(number)):
            check.fail(number, "a whole number")
    check.raise_if_failed()
    return data


def _phrases(check: Checker, value: Any, where: str, letters_only: bool = False) -> None:
    """A list of words or phrases to look for: each one text, not empty (an
    empty one would match everywhere); `letters_only`: letters and nothing else."""
    if value is None:
        return
    if not isinstance(value, list):
        check.fail(where, "a list of words")
        return
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            check.fail(f"{where}[{i}]", "a word, not empty")
        elif letters_only and not LETTERS_RE.fullmatch(item):
            check.fail(f"{where}[{i}]", "letters only")


@cache
def words() -> dict[str, Any]:
    data = _read("words.yaml")
    check = Checker("words.yaml")
    lists = check.mapping(data.get("lists"), "lists")
    for language in LANGUAGES:
        kinds = check.mapping(lists.get(language), f"lists.{language}")
        for kind, entry in kinds.items():
            where = f"lists.{language}.{kind}"
            if kind not in WORD_KINDS:
                check.fail(where, f"unknown kind (allowed: {WORD_KINDS})")
            if not check.mapping(entry, where).get("words"):
                check.fail(f"{where}.words", "empty")
                continue
            for field in ("words", "phrases", "prefixes"):
                _phrases(check, entry.get(field), f"{where}.{field}")
            # Found inside a word, which is read as a run of letters.
            _phrases(check, entry.get("contains"), f"{where}.contains", letters_only=True)
    _word_lists(check, data.get("suffixes"), "suffixes")
    for field in ("innocent_phrases", "innocent_stems"):
        for language, items in check.mapping(data.get(field) or {}, field).items():
            _phrases(check, items, f"{field}.{language}")
    check.raise_if_failed()
    return data


@cache
def political() -> dict[str, Any]:
    data = _read("political.yaml")
    check = Checker("political.yaml")
    for country, entry in check.mapping(data.get("countries"), "countries").items():
        if not check.mapping(entry, f"countries.{country}").get("names"):
            check.fail(f"countries.{country}.names", "empty")
        else:
            _phrases(check, entry["names"], f"countries.{country}.names")
    keywords = _word_lists(check, data.get("keywords"), "keywords")
    for language in LANGUAGES:
        if not keywords[language]:
            check.fail(f"keywords.{language}", "missing")
        elif isinstance(data["keywords"][language], list):
            _phrases(check, data["keywords"][language], f"keywords.{language}")
    check.raise_if_failed()
    return data


# --- context and elections (issue 12) ----------------------------------------

SPECIAL_CATEGORIES = (
    "health",
    "religion",
    "union",
    "sexual_orientation",
    "ethnicity",
    "criminal_record",
)
TONE_KINDS = ("dismissive", "condescending", "patronising_words")
SEVERITIES = ("stop", "check", "none")


def _bilingual_lists(check: Checker, value: Any, where: str, why: bool = False) -> None:
    """Both languages' lists of words, not empty; `why`: a short reason too."""
    entry = check.mapping(value, where)
    for language in LANGUAGES:
        if not entry.get(language):
            check.fail(f"{where}.{language}", "missing or empty")
        _phrases(check, entry.get(language), f"{where}.{language}")
    if why and not str(entry.get("why") or "").strip():
        check.fail(f"{where}.why", "a short reason is missing")


@cache
def context_rules() -> dict[str, Any]:
    data = _read("context.yaml")
    check = Checker("context.yaml")
    people = check.mapping(data.get("people"), "people")
    for key in ("honorifics", "first_names"):
        _phrases(check, people.get(key), f"people.{key}")
    for key in ("relations", "possessives", "generic_before", "residence"):
        _bilingual_lists(check, people.get(key), f"people.{key}")
    addresses = check.mapping(data.get("addresses"), "addresses")
    for key in ("nl_street_endings", "uk_street_types"):
        _phrases(check, addresses.get(key), f"addresses.{key}", letters_only=True)
    categories = check.mapping(data.get("special_categories"), "special_categories")
    for name in sorted(set(categories) ^ set(SPECIAL_CATEGORIES)):
        check.fail(f"special_categories.{name}", f"expected exactly {SPECIAL_CATEGORIES}")
    for name in SPECIAL_CATEGORIES:
        _bilingual_lists(check, categories.get(name), f"special_categories.{name}", why=True)
    _bilingual_lists(check, data.get("birth"), "birth")
    children = check.mapping(data.get("children"), "children")
    _bilingual_lists(check, children.get("school"), "children.school")
    if not _whole(children.get("adult_age"), 1):
        check.fail("children.adult_age", "a positive whole number")
    tone = check.mapping(data.get("tone"), "tone")
    for kind in TONE_KINDS:
        _bilingual_lists(check, tone.get(kind), f"tone.{kind}", why=True)
    check.raise_if_failed()
    return data


@cache
def election_rules() -> dict[str, Any]:
    data = _read("election.yaml")
    check = Checker("election.yaml")
    campaigning = check.mapping(data.get("campaigning"), "campaigning")
    if not str(campaigning.get("why") or "").strip():
        check.fail("campaigning.why", "a short reason is missing")
    for key in ("calls", "calls_before_a_name", "roles"):
        _bilingual_lists(check, campaigning.get(key), f"campaigning.{key}")
    _bilingual_lists(check, data.get("voting_information"), "voting_information", why=True)
    for key in ("political_words", "not_names"):
        _bilingual_lists(check, data.get(key), key)
    political = check.mapping(data.get("political_content"), "political_content")
    if not str(political.get("why") or "").strip():
        check.fail("political_content.why", "a short reason is missing")
    for period in ("active", "inactive"):
        levels = check.mapping(political.get(period), f"political_content.{period}")
        if "other" not in levels:
            check.fail(f"political_content.{period}", "missing 'other'")
        for country, level in levels.items():
            if level not in SEVERITIES:
                check.fail(f"political_content.{period}.{country}", f"one of {SEVERITIES}")
    check.raise_if_failed()
    return data


# --- quiz ---------------------------------------------------------------------

QUIZ_PLACEHOLDERS = frozenset({"officers", "approver", "hours", "days", "audience"})
QUIZ_TOPICS = (
    "decision_guide",
    "responsiveness",
    "passwords",
    "accounts",
    "moderation",
    "elections",
    "personal_use",
    "privacy",
    "accessibility",
    "crisis",
    "principles",
    "archiving",
    "roles",
)


def _quiz_question(check: Checker, raw: Any, seen: set[str]) -> dict[str, Any]:
    q = check.mapping(raw, "questions[]")
    qid = str(q.get("id", ""))
    where = f"questions.{qid or '?'}"
    if not ID_RE.fullmatch(qid) or qid in seen:
        check.fail(where, "id missing, malformed or repeated")
    seen.add(qid)
    options = []
    for option in q.get("options") or []:
        option = check.mapping(option, f"{where}.options[]")
        text = check.text(
            option.get("text"), f"{where}.options.{option.get('key')}", QUIZ_PLACEHOLDERS
        )
        options.append({**option, "text": text})
    keys = {o.get("key") for o in options}
    if len(options) < 2:
        check.fail(where, "at least two options")
    if len(keys) != len(options):
        check.fail(where, "option keys must be unique")
    if q.get("answer") not in keys:
        check.fail(where, f"answer {q.get('answer')!r} is not one of the options")
    if q.get("topic") not in REASON_KINDS + QUIZ_TOPICS:
        check.fail(where, f"unknown topic {q.get('topic')!r}")
    check.known(list(q.get("needs") or []), answer_ids(), f"{where}.needs", "policy answer")
    return {
        **q,
        "prompt": check.text(q.get("prompt"), f"{where}.prompt", QUIZ_PLACEHOLDERS),
        "feedback": check.text(q.get("feedback"), f"{where}.feedback", QUIZ_PLACEHOLDERS),
        "options": options,
    }


@cache
def _quiz() -> dict[str, Any]:
    raw = _read("quiz.yaml")
    check = Checker("quiz.yaml")
    seen: set[str] = set()
    questions = [_quiz_question(check, q, seen) for q in raw.get("questions") or []]
    if len(questions) < 5:
        check.fail("questions", "at least five scenario questions")
    topics = _clause_hints(check, raw.get("topic_clauses"), "topic_clauses", QUIZ_TOPICS)
    check.raise_if_failed()
    return {"questions": questions, "topic_clauses": topics}


def quiz_bank() -> list[dict[str, Any]]:
    return _quiz()["questions"]


def topic_clauses(topic: str) -> list[str]:
    """The policy clause ids a quiz topic cites (a checker reason kind works too)."""
    return _quiz()["topic_clauses"].get(topic) or checker()["clause_hints"].get(topic) or []


# --- game: the Social Media Game's knowledge is loaded by game/content.py ---


def validate_all() -> None:
    """Load every file; raises ContentError naming every fault of a file."""
    checker()
    words()
    political()
    context_rules()
    election_rules()
    _quiz()
    game()
