"""Load and validate the training knowledge in `content/*.yaml`.

Every text a person reads is a mapping with `en:` and `nl:`; the loader
refuses a missing or empty translation, unknown ids, a consequence outside
the allowed range and a placeholder that one language has and the other has
not. Loaded once and cached; the tests call `validate_all()`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGES = ("en", "nl")
PLACEHOLDER_RE = re.compile(r"%\((\w+)\)s")


class ContentError(ValueError):
    """The YAML knowledge is incomplete or inconsistent."""


def _read(name: str) -> dict[str, Any]:
    with open(CONTENT_DIR / name, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ContentError(f"{name}: expected a mapping at the top")
    return data


def check_text(value: Any, where: str, placeholders: set[str] | None = None) -> dict[str, str]:
    """A bilingual text: both languages present and non-empty, same placeholders."""
    if not isinstance(value, dict):
        raise ContentError(f"{where}: expected en/nl texts, got {value!r}")
    missing = [lang for lang in LANGUAGES if not str(value.get(lang) or "").strip()]
    if missing:
        raise ContentError(f"{where}: missing translation ({', '.join(missing)})")
    extra = set(value) - set(LANGUAGES)
    if extra:
        raise ContentError(f"{where}: unknown language keys {sorted(extra)}")
    found = {lang: set(PLACEHOLDER_RE.findall(str(value[lang]))) for lang in LANGUAGES}
    if found["en"] != found["nl"]:
        raise ContentError(
            f"{where}: placeholders differ between en {found['en']} and nl {found['nl']}"
        )
    if placeholders is not None and not found["en"] <= placeholders:
        raise ContentError(f"{where}: unknown placeholders {sorted(found['en'] - placeholders)}")
    return {lang: str(value[lang]).strip() for lang in LANGUAGES}


def text(value: dict[str, str], language: str) -> str:
    return value.get(language) or value["en"]


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
)
WORD_KINDS = ("profanity", "abuse", "impolite")


@cache
def checker() -> dict[str, Any]:
    data = _read("checker.yaml")
    platforms = data.get("platforms") or {}
    if not platforms:
        raise ContentError("checker.yaml: no platforms")
    for key, platform in platforms.items():
        if not re.fullmatch(r"[a-z0-9_]+", key):
            raise ContentError(f"checker.yaml: platform id {key!r} must be lower-case letters")
        check_text(platform.get("name"), f"checker.yaml platforms.{key}.name")
        for number in ("limit", "max_hashtags"):
            if not isinstance(platform.get(number), int) or platform[number] < 1:
                raise ContentError(
                    f"checker.yaml platforms.{key}.{number}: a positive whole number"
                )
        if platform.get("url_length") is not None and not isinstance(platform["url_length"], int):
            raise ContentError(f"checker.yaml platforms.{key}.url_length: a whole number or null")
    for lang in LANGUAGES:
        if not data.get("stopwords", {}).get(lang):
            raise ContentError(f"checker.yaml stopwords.{lang}: missing")
    for table in ("clause_hints", "clause_keywords"):
        unknown = set(data.get(table) or {}) - set(REASON_KINDS)
        if unknown:
            raise ContentError(f"checker.yaml {table}: unknown reason kinds {sorted(unknown)}")
        missing = set(REASON_KINDS) - set(data.get(table) or {})
        if missing:
            raise ContentError(f"checker.yaml {table}: missing {sorted(missing)}")
    for number in ("default_max_hashtags", "camelcase_hint_length", "pointer_max_words"):
        if not isinstance(data.get(number), int):
            raise ContentError(f"checker.yaml {number}: a whole number")
    data["stopwords"] = {lang: frozenset(data["stopwords"][lang]) for lang in LANGUAGES}
    return data


@cache
def words() -> dict[str, Any]:
    data = _read("words.yaml")
    lists = data.get("lists") or {}
    for lang in LANGUAGES:
        if lang not in lists:
            raise ContentError(f"words.yaml lists.{lang}: missing")
        for kind, entry in lists[lang].items():
            if kind not in WORD_KINDS:
                raise ContentError(
                    f"words.yaml lists.{lang}.{kind}: unknown kind (allowed: {WORD_KINDS})"
                )
            if not entry.get("words"):
                raise ContentError(f"words.yaml lists.{lang}.{kind}.words: empty")
        if lang not in (data.get("suffixes") or {}):
            raise ContentError(f"words.yaml suffixes.{lang}: missing")
    return data


@cache
def political() -> dict[str, Any]:
    data = _read("political.yaml")
    for country, entry in (data.get("countries") or {}).items():
        if not entry.get("names"):
            raise ContentError(f"political.yaml countries.{country}.names: empty")
    for lang in LANGUAGES:
        if not (data.get("keywords") or {}).get(lang):
            raise ContentError(f"political.yaml keywords.{lang}: missing")
    return data


# --- quiz ---------------------------------------------------------------------

QUIZ_PLACEHOLDERS = {"officers", "approver", "hours", "days", "audience"}


@cache
def quiz_bank() -> list[dict[str, Any]]:
    data = _read("quiz.yaml")
    questions = data.get("questions") or []
    if len(questions) < 5:
        raise ContentError("quiz.yaml: at least five scenario questions")
    seen: set[str] = set()
    for q in questions:
        qid = q.get("id", "")
        where = f"quiz.yaml {qid or '?'}"
        if not re.fullmatch(r"[a-z0-9_]+", qid) or qid in seen:
            raise ContentError(f"{where}: id missing, malformed or repeated")
        seen.add(qid)
        q["prompt"] = check_text(q.get("prompt"), f"{where}.prompt", QUIZ_PLACEHOLDERS)
        q["feedback"] = check_text(q.get("feedback"), f"{where}.feedback", QUIZ_PLACEHOLDERS)
        options = q.get("options") or []
        if len(options) < 2:
            raise ContentError(f"{where}: at least two options")
        keys = set()
        for option in options:
            keys.add(option.get("key"))
            option["text"] = check_text(
                option.get("text"), f"{where}.options.{option.get('key')}", QUIZ_PLACEHOLDERS
            )
        if len(keys) != len(options):
            raise ContentError(f"{where}: option keys must be unique")
        if q.get("answer") not in keys:
            raise ContentError(f"{where}: answer {q.get('answer')!r} is not one of the options")
        if q.get("topic") not in REASON_KINDS + QUIZ_TOPICS:
            raise ContentError(f"{where}: unknown topic {q.get('topic')!r}")
        for number in q.get("needs") or {}:
            if number not in KNOWN_ANSWER_IDS:
                raise ContentError(f"{where}: condition names an unknown policy answer {number!r}")
    for topic, hints in (data.get("topic_clauses") or {}).items():
        if topic not in QUIZ_TOPICS:
            raise ContentError(f"quiz.yaml topic_clauses: unknown topic {topic!r}")
        if not hints.get("ids") or not hints.get("keywords"):
            raise ContentError(f"quiz.yaml topic_clauses.{topic}: ids and keywords needed")
    missing = set(QUIZ_TOPICS) - set(data.get("topic_clauses") or {})
    if missing:
        raise ContentError(f"quiz.yaml topic_clauses: missing {sorted(missing)}")
    return questions


@cache
def quiz_topics() -> dict[str, dict[str, list[str]]]:
    quiz_bank()
    return _read("quiz.yaml")["topic_clauses"]


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
KNOWN_ANSWER_IDS = {
    "goals", "stakeholders", "reuse_policies", "spokespeople", "response_time_hours", "response_basis",
    "staffed_days", "staffed_hours", "hours_on_profile", "monitoring_frequency", "posts_per_week",
    "posting_times", "comments_open", "moderation", "account_approver", "password_location",
    "password_change_days", "leave_cover", "report_day", "election_periods", "election_quiet_days",
    "archiving_duty", "retention_years", "dormant_after_days", "review_interval_months", "check_officers",
}  # fmt: skip


# --- game ---------------------------------------------------------------------

ROLE_IDS = ("governor", "manager", "employee", "innovator", "mediator")


@cache
def game() -> dict[str, Any]:
    data = _read("game.yaml")
    scores = data.get("scores") or []
    score_ids = [s.get("id") for s in scores]
    if len(set(score_ids)) != len(score_ids) or len(score_ids) < 3:
        raise ContentError("game.yaml scores: at least three, unique ids")
    for score in scores:
        score["name"] = check_text(score.get("name"), f"game.yaml scores.{score['id']}.name")
        score["explain"] = check_text(
            score.get("explain"), f"game.yaml scores.{score['id']}.explain"
        )
        if score.get("better") not in ("higher", "lower"):
            raise ContentError(f"game.yaml scores.{score['id']}.better: higher or lower")
    low, high = data.get("effect_range") or (None, None)
    if not (isinstance(low, int) and isinstance(high, int) and low < 0 < high):
        raise ContentError("game.yaml effect_range: [negative, positive] whole numbers")
    bounds = data.get("score_bounds") or (None, None)
    if not (
        isinstance(data.get("start_score"), int)
        and isinstance(bounds[0], int)
        and isinstance(bounds[1], int)
        and bounds[0] <= data["start_score"] <= bounds[1]
    ):
        raise ContentError("game.yaml start_score must lie within score_bounds [low, high]")
    roles = data.get("roles") or []
    if [r.get("id") for r in roles] != list(ROLE_IDS):
        raise ContentError(f"game.yaml roles: exactly {ROLE_IDS} in that order")
    for role in roles:
        for key in ("name", "focus", "description"):
            role[key] = check_text(role.get(key), f"game.yaml roles.{role['id']}.{key}")
    for key in ("introduction", "rules"):
        data[key] = check_text(data.get(key), f"game.yaml {key}")
    challenges = data.get("challenges") or []
    if len(challenges) < 20:
        raise ContentError(f"game.yaml challenges: at least 20 (found {len(challenges)})")
    seen: set[str] = set()
    for card in challenges:
        cid = card.get("id", "")
        where = f"game.yaml challenge {cid or '?'}"
        if not re.fullmatch(r"[a-z0-9_]+", cid) or cid in seen:
            raise ContentError(f"{where}: id missing, malformed or repeated")
        seen.add(cid)
        for key in ("title", "situation", "good_practice"):
            card[key] = check_text(card.get(key), f"{where}.{key}")
        prompts = card.get("prompts") or {}
        if set(prompts) != set(ROLE_IDS):
            raise ContentError(f"{where}.prompts: one for every role {ROLE_IDS}")
        card["prompts"] = {
            role: check_text(prompts[role], f"{where}.prompts.{role}") for role in ROLE_IDS
        }
        options = card.get("options") or []
        if len(options) < 2:
            raise ContentError(f"{where}: at least two options")
        keys = [o.get("key") for o in options]
        if len(set(keys)) != len(keys):
            raise ContentError(f"{where}: option keys must be unique")
        for option in options:
            okey = option.get("key")
            option["text"] = check_text(option.get("text"), f"{where}.options.{okey}.text")
            option["outcome"] = check_text(option.get("outcome"), f"{where}.options.{okey}.outcome")
            effects = option.get("effects") or {}
            if set(effects) != set(score_ids):
                raise ContentError(
                    f"{where}.options.{okey}.effects: one for every score {score_ids}"
                )
            for score_id, value in effects.items():
                if not isinstance(value, int) or not low <= value <= high:
                    raise ContentError(
                        f"{where}.options.{okey}.effects.{score_id}: {value!r} outside {low}..{high}"
                    )
        if card.get("best") not in keys:
            raise ContentError(f"{where}.best: {card.get('best')!r} is not one of the options")
    return data


def challenge(challenge_id: str) -> dict[str, Any] | None:
    return next((c for c in game()["challenges"] if c["id"] == challenge_id), None)


def validate_all() -> None:
    """Load every file; raises ContentError on the first problem."""
    checker()
    words()
    political()
    quiz_bank()
    quiz_topics()
    game()
