"""Load and check the Social Media Game's knowledge in `content/game.yaml`.

Every text is a `Text` in English and Dutch. Texts may name the country's
terms as `{placeholders}` (`{alderman}`, `{water_authority}`, ...), which
every country in `countries` fills, so one card reads right in the
Netherlands, Belgium and the United Kingdom. A card is a dilemma: at least
two of its options are not beaten on every score by another option. A
guideline change on an option names policy-builder answers, checked against
the policy builder's published answer ids. Loaded once and cached; every
fault in the file is named at once.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from govsocial.core.content import Checker, ContentError, Text, read_yaml
from govsocial.policies.services import answer_ids, example_answers

CONTENT_FILE = Path(__file__).resolve().parent.parent / "content" / "game.yaml"
LANGUAGES = ("en", "nl")
ID_RE = re.compile(r"[a-z0-9_]+")
ROLE_IDS = ("governor", "manager", "employee", "innovator", "mediator")
COUNTRY_CODES = ("NL", "BE", "GB")
MAX_OPTIONS = 3  # labelled A-C everywhere
RULE_PARTS = ("setup", "turn_order", "end", "scoring")
PLAN_IDS = ("ninety", "half_day")
# Names a label may fill besides the country's terms.
LABEL_VALUES = frozenset({"number", "total", "letter", "code", "minutes", "count", "title"})
# A placeholder opening a sentence would need a capital the country's term does not have.
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?]\s+)\{([a-z_]+)\}")


def _whole(value: Any, minimum: int | None = None) -> bool:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return ok and (minimum is None or value >= minimum)


class _Game:
    """One pass over game.yaml; `check` collects the faults."""

    def __init__(self, raw: dict[str, Any]):
        self.raw = raw
        self.check = Checker("game.yaml")
        self.terms: frozenset[str] = frozenset()

    def text(self, value: Any, where: str, extra: frozenset[str] = frozenset()) -> Text:
        text = self.check.text(value, where, allowed=self.terms | extra)
        if text is None:
            return Text("", "")
        for language in LANGUAGES:
            if set(_OPENS_SENTENCE.findall(text.get(language))) & self.terms:
                self.check.fail(where, f"'{language}' opens a sentence with a country's term")
        return text

    def texts(self, value: Any, where: str, minimum: int = 1) -> list[Text]:
        if not isinstance(value, list) or len(value) < minimum:
            self.check.fail(where, f"a list of at least {minimum} text(s)")
            return []
        return [self.text(v, f"{where}[{i}]") for i, v in enumerate(value)]

    # -- countries -------------------------------------------------------------
    def countries(self) -> dict[str, dict[str, Any]]:
        raw = self.check.mapping(self.raw.get("countries"), "countries")
        if tuple(raw) != COUNTRY_CODES:
            self.check.fail("countries", f"exactly {COUNTRY_CODES} in that order")
        names: set[str] | None = None
        countries = {}
        for code, entry in raw.items():
            where = f"countries.{code}"
            entry = self.check.mapping(entry, where)
            terms = self.check.mapping(entry.get("terms"), f"{where}.terms")
            if names is None:
                names = set(terms)
            elif set(terms) != names:
                self.check.fail(f"{where}.terms", f"the same terms as the first country {names}")
            countries[code] = {
                "code": code,
                "name": self.check.text(entry.get("name"), f"{where}.name", allowed=()),
                "terms": {
                    str(k): self.check.text(v, f"{where}.terms.{k}", allowed=())
                    for k, v in terms.items()
                },
            }
        self.terms = frozenset(names or ())
        return countries

    # -- scores and roles --------------------------------------------------------
    def scores(self) -> list[dict[str, Any]]:
        scores = []
        for raw in self.raw.get("scores") or []:
            item = self.check.mapping(raw, "scores[]")
            where = f"scores.{item.get('id', '?')}"
            if item.get("better") not in ("higher", "lower"):
                self.check.fail(f"{where}.better", "higher or lower")
            scores.append(
                {
                    **item,
                    "name": self.text(item.get("name"), f"{where}.name"),
                    "explain": self.text(item.get("explain"), f"{where}.explain"),
                }
            )
        ids = [s.get("id") for s in scores]
        if len(set(ids)) != len(ids) or len(ids) < 3:
            self.check.fail("scores", "at least three, unique ids")
        return scores

    def roles(self) -> list[dict[str, Any]]:
        roles = []
        for raw in self.raw.get("roles") or []:
            item = self.check.mapping(raw, "roles[]")
            where = f"roles.{item.get('id', '?')}"
            texts = {k: self.text(item.get(k), f"{where}.{k}") for k in ("name", "focus")}
            roles.append(
                {
                    **item,
                    **texts,
                    "description": self.text(item.get("description"), f"{where}.description"),
                    "debrief": self.texts(item.get("debrief"), f"{where}.debrief", 2),
                }
            )
        if [r.get("id") for r in roles] != list(ROLE_IDS):
            self.check.fail("roles", f"exactly {ROLE_IDS} in that order")
        return roles

    # -- rules, plans, worksheet ----------------------------------------------
    def timed_steps(self, value: Any, where: str) -> list[dict[str, Any]]:
        steps = []
        for i, raw in enumerate(value if isinstance(value, list) else []):
            step = self.check.mapping(raw, f"{where}[{i}]")
            if not _whole(step.get("minutes"), 1):
                self.check.fail(f"{where}[{i}].minutes", "a positive whole number")
            steps.append(
                {
                    "minutes": step.get("minutes") if _whole(step.get("minutes"), 1) else 0,
                    "title": self.text(step.get("title"), f"{where}[{i}].title"),
                    "text": self.text(step.get("text"), f"{where}[{i}].text"),
                }
            )
        if not steps:
            self.check.fail(where, "at least one step")
        return steps

    def rules(self) -> dict[str, Any]:
        raw = self.check.mapping(self.raw.get("rules"), "rules")
        rules: dict[str, Any] = {k: self.texts(raw.get(k), f"rules.{k}", 2) for k in RULE_PARTS}
        rules["round"] = self.timed_steps(raw.get("round"), "rules.round")
        minutes = raw.get("round_minutes")
        if not _whole(minutes, 1) or sum(s["minutes"] for s in rules["round"]) != minutes:
            self.check.fail("rules.round", f"the steps must add up to round_minutes ({minutes})")
        rules["round_minutes"] = minutes
        return rules

    def plans(self, card_ids: set[str]) -> list[dict[str, Any]]:
        plans = []
        for raw in self.raw.get("plans") or []:
            plan = self.check.mapping(raw, "plans[]")
            where = f"plans.{plan.get('id', '?')}"
            steps = self.timed_steps(plan.get("steps"), f"{where}.steps")
            total = sum(s["minutes"] for s in steps)
            if not _whole(plan.get("minutes"), 1) or total != plan.get("minutes"):
                self.check.fail(where, f"the steps add up to {total}, not {plan.get('minutes')}")
            cards = plan.get("cards") or []
            self.check.known(cards, card_ids, f"{where}.cards", "challenge card")
            plans.append(
                {
                    **plan,
                    "title": self.text(plan.get("title"), f"{where}.title"),
                    "summary": self.text(plan.get("summary"), f"{where}.summary"),
                    "steps": steps,
                    "cards": list(cards),
                }
            )
        if [p.get("id") for p in plans] != list(PLAN_IDS):
            self.check.fail("plans", f"exactly {PLAN_IDS} in that order")
        return plans

    def labels(self) -> dict[str, Text]:
        raw = self.check.mapping(self.raw.get("labels"), "labels")
        return {str(k): self.text(v, f"labels.{k}", LABEL_VALUES) for k, v in raw.items()}

    # -- challenge cards ---------------------------------------------------------
    def change(self, raw: Any, where: str, examples: dict[str, Any]) -> dict[str, Any] | None:
        """A guideline change an option argues for: a sentence and the policy answers."""
        if raw is None:
            return None
        change = self.check.mapping(raw, where)
        answers = self.check.mapping(change.get("answers"), f"{where}.answers")
        if not answers:
            self.check.fail(f"{where}.answers", "at least one policy answer")
        self.check.known(list(answers), answer_ids(), f"{where}.answers", "policy answer")
        values: dict[str, Any] = {}
        for key, value in answers.items():
            example = examples.get(key)
            if isinstance(value, dict):  # a text answer, written in both languages
                text = self.check.text(value, f"{where}.answers.{key}", allowed=())
                if example is not None and not isinstance(example, str):
                    self.check.fail(f"{where}.answers.{key}", "this answer is not a text")
                values[key] = text
            elif example is not None and type(value) is not type(example):
                self.check.fail(
                    f"{where}.answers.{key}", f"{value!r} is not a {type(example).__name__}"
                )
            else:
                values[key] = value
        return {"text": self.text(change.get("text"), f"{where}.text"), "answers": values}

    def option(self, raw: Any, where: str, score_ids: list[str]) -> dict[str, Any]:
        option = self.check.mapping(raw, f"{where}.options[]")
        key = str(option.get("key", ""))
        where = f"{where}.options.{key or '?'}"
        if not ID_RE.fullmatch(key):
            self.check.fail(where, "a key of lower-case letters, digits and _")
        effects = self.check.mapping(option.get("effects"), f"{where}.effects")
        if set(effects) != set(score_ids):
            self.check.fail(f"{where}.effects", f"one for every score {score_ids}")
        low, high = self.effect_range
        for score_id, value in effects.items():
            if not _whole(value) or not low <= value <= high:
                self.check.fail(f"{where}.effects.{score_id}", f"{value!r} outside {low}..{high}")
        return {
            **option,
            "key": key,
            "text": self.text(option.get("text"), f"{where}.text"),
            "outcome": self.text(option.get("outcome"), f"{where}.outcome"),
            "change": self.change(option.get("change"), f"{where}.change", self.examples),
        }

    def challenge(self, raw: Any, seen: set[str], scores: list[dict[str, Any]]) -> dict:
        card = self.check.mapping(raw, "challenges[]")
        cid = str(card.get("id", ""))
        where = f"challenges.{cid or '?'}"
        if not ID_RE.fullmatch(cid) or cid in seen:
            self.check.fail(where, "id missing, malformed or repeated")
        seen.add(cid)
        prompts = self.check.mapping(card.get("prompts"), f"{where}.prompts")
        if set(prompts) != set(ROLE_IDS):
            self.check.fail(f"{where}.prompts", f"one for every role {ROLE_IDS}")
        score_ids = [s["id"] for s in scores]
        options = [self.option(o, where, score_ids) for o in card.get("options") or []]
        keys = [o["key"] for o in options]
        if not 2 <= len(options) <= MAX_OPTIONS:
            self.check.fail(where, f"two to {MAX_OPTIONS} options")
        if len(set(keys)) != len(keys):
            self.check.fail(where, "option keys must be unique")
        if card.get("recommended") not in keys:
            self.check.fail(f"{where}.recommended", f"{card.get('recommended')!r} is not an option")
        self.dilemma(where, options, scores, card.get("recommended"))
        return {
            **card,
            "title": self.text(card.get("title"), f"{where}.title"),
            "situation": self.text(card.get("situation"), f"{where}.situation"),
            "good_practice": self.text(card.get("good_practice"), f"{where}.good_practice"),
            "discussion": self.texts(card.get("discussion"), f"{where}.discussion", 2),
            "prompts": {
                role: self.text(prompts.get(role), f"{where}.prompts.{role}") for role in ROLE_IDS
            },
            "options": options,
        }

    def dilemma(
        self, where: str, options: list[dict], scores: list[dict], recommended: Any
    ) -> None:
        """At least two options no other option beats on every score; the recommended one among them."""
        from .rules import undominated

        if any(set(o.get("effects") or {}) != {s["id"] for s in scores} for o in options):
            return  # reported above
        free = undominated(options, scores)
        if len(free) < 2:
            self.check.fail(
                where, "a dilemma needs two options that no other option beats on every score"
            )
        if recommended in {o["key"] for o in options} and recommended not in free:
            self.check.fail(f"{where}.recommended", "another option beats it on every score")
        vectors = [tuple(sorted(o["effects"].items())) for o in options]
        if len(set(vectors)) != len(vectors):
            self.check.fail(where, "two options with the same effects are no choice")

    # -- the whole file ---------------------------------------------------------
    def load(self) -> dict[str, Any]:
        raw, check = self.raw, self.check
        countries = self.countries()
        low, high = (list(raw.get("effect_range") or []) + [None, None])[:2]
        if not (_whole(low) and _whole(high) and low < 0 < high):
            check.fail("effect_range", "[negative, positive] whole numbers")
            low, high = -1, 1
        self.effect_range = (low, high)
        bounds = (list(raw.get("score_bounds") or []) + [None, None])[:2]
        start = raw.get("start_score")
        if not (_whole(start) and _whole(bounds[0]) and _whole(bounds[1])) or not (
            bounds[0] <= start <= bounds[1]
        ):
            check.fail("start_score", "must lie within score_bounds [low, high]")
        code = raw.get("standard_code")
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z2-9]{6}", code):
            check.fail("standard_code", "six capitals or digits 2-9")
        self.examples = example_answers()
        scores = self.scores()
        seen: set[str] = set()
        challenges = [self.challenge(c, seen, scores) for c in raw.get("challenges") or []]
        if len(challenges) < 20:
            check.fail("challenges", f"at least 20 (found {len(challenges)})")
        worksheet = check.mapping(raw.get("worksheet"), "worksheet")
        data = {
            **raw,
            "countries": countries,
            "labels": self.labels(),
            "scores": scores,
            "roles": self.roles(),
            "challenges": challenges,
            "introduction": self.text(raw.get("introduction"), "introduction"),
            "player_rules": self.texts(raw.get("player_rules"), "player_rules", 3),
            "preparation": self.texts(raw.get("preparation"), "preparation", 3),
            "rules": self.rules(),
            "plans": self.plans(seen),
            "debrief": self.texts(raw.get("debrief"), "debrief", 3),
            "worksheet": {
                "intro": self.text(worksheet.get("intro"), "worksheet.intro"),
                "steps": self.texts(worksheet.get("steps"), "worksheet.steps", 3),
                "console": self.text(worksheet.get("console"), "worksheet.console"),
            },
        }
        check.raise_if_failed()
        return data


def read() -> dict[str, Any]:
    data = read_yaml(CONTENT_FILE)
    if not isinstance(data, dict):
        raise ContentError("game.yaml: expected a mapping at the top")
    return data


@cache
def game() -> dict[str, Any]:
    """The checked game knowledge (ContentError naming every fault)."""
    return _Game(read()).load()


def check(raw: dict[str, Any]) -> dict[str, Any]:
    """Check game knowledge that is not the installed file (the tests break it on purpose)."""
    return _Game(raw).load()


def challenge(challenge_id: str) -> dict[str, Any] | None:
    return next((c for c in game()["challenges"] if c["id"] == challenge_id), None)
