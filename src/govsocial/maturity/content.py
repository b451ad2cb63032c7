"""The maturity knowledge: themes, questions, stages, recommendation and
contradiction rules, read from `content/*.yaml` and validated.

A communications expert edits the YAML; this module refuses anything a person
would notice as broken: a missing translation, a question without five levels,
a rule that names an unknown question, theme, fact or page, or a placeholder
that nothing fills. `load_content()` is cached and runs at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from govsocial.core.content import Checker, ContentError, Text, read_yaml
from govsocial.policies import services as policies

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LEVEL_COUNT = 5
STAGE_COUNT = 5
LINKS = frozenset(
    {"policies:index", "channels:index", "training:index", "maturity:index", "insights:index"}
)
# The channel register's counts, as `registry.facts("channels", organisation)` offers them.
CHANNEL_FACTS = frozenset(
    {"total", "active", "dormant", "without_cover", "custody_unconfirmed", "has_register"}
)
# What the archive shows the organisation did last month, as `registry.facts("insights",
# organisation)` offers them, flattened by services.findings.insights_evidence. A rule
# naming one may show them all: the month, the promise and the channel are the evidence.
INSIGHTS_FACTS = frozenset(
    {
        "month",
        "promise_hours",
        "questions",
        "within_promise_share",
        "median_working_days",
        "unanswered_past_promise",
        "broadcast_share",
        "channel",
        "channel_questions",
        "channel_within_promise_share",
        "broadcast_channel",
        "broadcast_channel_share",
    }
)
QUESTION_OPS = ("at_most", "at_least", "dont_know")
THEME_OPS = ("below", "at_least")
FACT_OPS = ("equals", "at_least", "at_most", "contains", "in")
HOUSE_RULES = "house_rules"  # an in_place clause naming the published house rules as a whole
# What an in_place text may name besides the facts of its condition.
IN_PLACE_PLACEHOLDERS = frozenset({"version", "review_due"})
# Shown where a text failed its check; the load fails anyway, so nobody reads it.
_BROKEN = Text("", "")


def policy_facts() -> frozenset[str]:
    """The policy facts a contradiction may name: the policy builder's answer ids, and `published`."""
    return policies.answer_ids() | {"published"}


@dataclass(frozen=True)
class Question:
    id: str
    theme: str
    number: int  # 1-based position in the whole test
    text: Text
    levels: tuple[Text, ...]


@dataclass(frozen=True)
class Theme:
    id: str
    number: int
    name: Text
    description: Text
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Stage:
    number: int
    min_score: float
    name: Text
    description: Text


@dataclass(frozen=True)
class InPlace:
    """When the organisation already has what a recommendation asks for: the condition
    on the published policy and the register, the policy clause that holds it (a clause
    id, HOUSE_RULES or None) and what to do instead ("make sure it happens")."""

    when: Any
    clause: str | None
    text: Text


@dataclass(frozen=True)
class Recommendation:
    id: str
    stage: int  # the maturity stage whose work this step belongs to: shown in stage order
    impact: int
    when: Any
    title: Text
    why: Text
    next_step: Text
    link: str
    theme: str | None = None
    in_place: InPlace | None = None


@dataclass(frozen=True)
class Alternative:
    when: Any
    text: Text


@dataclass(frozen=True)
class Contradiction:
    id: str
    claim: tuple[Alternative, ...]
    conflict: tuple[Alternative, ...]
    what_to_do: Text
    link: str


@dataclass(frozen=True)
class Content:
    themes: tuple[Theme, ...]
    stages: tuple[Stage, ...]
    recommendations: tuple[Recommendation, ...]
    contradictions: tuple[Contradiction, ...]

    @property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for t in self.themes for q in t.questions}

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def stage(self, number: int | None) -> Stage | None:
        return next((s for s in self.stages if s.number == number), None)


class _Parser:
    """One pass over the four files; `check` collects every fault before anything is raised."""

    def __init__(self) -> None:
        self.check = Checker()
        self.question_ids: set[str] = set()
        self.theme_ids: set[str] = set()
        self.rule_ids: set[str] = set()
        self.policy_facts = policy_facts()

    def text(self, value: Any, where: str, allowed: frozenset[str] = frozenset()) -> Text:
        return self.check.text(value, where, allowed) or _BROKEN

    # --- themes, questions, stages

    def themes(self, questions: dict) -> list[Theme]:
        themes: list[Theme] = []
        number = 0
        for t_index, raw_theme in enumerate(questions.get("themes") or [], start=1):
            theme_id = str(raw_theme.get("id", ""))
            where = f"theme {theme_id or t_index}"
            if not theme_id:
                self.check.fail(where, "has no id")
            theme_questions = []
            for raw in raw_theme.get("questions") or []:
                number += 1
                theme_questions.append(self.question(raw, theme_id, number))
            if not theme_questions:
                self.check.fail(where, "has no questions")
            themes.append(
                Theme(
                    id=theme_id,
                    number=t_index,
                    name=self.text(raw_theme.get("name"), f"{where} name"),
                    description=self.text(raw_theme.get("description"), f"{where} description"),
                    questions=tuple(theme_questions),
                )
            )
        self.theme_ids = {t.id for t in themes}
        if len(self.theme_ids) != len(themes):
            self.check.fail("themes", "a theme id is used twice")
        return themes

    def question(self, raw: dict, theme_id: str, number: int) -> Question:
        qid = str(raw.get("id", ""))
        where = f"question {qid or '?'}"
        if not qid:
            self.check.fail(where, "has no id")
        if qid in self.question_ids:
            self.check.fail(where, "id is used twice")
        self.question_ids.add(qid)
        levels = raw.get("levels") or []
        if len(levels) != LEVEL_COUNT:
            self.check.fail(where, f"needs exactly {LEVEL_COUNT} levels, has {len(levels)}")
        return Question(
            id=qid,
            theme=theme_id,
            number=number,
            text=self.text(raw.get("text"), where),
            levels=tuple(
                self.text(level, f"{where} level {i}") for i, level in enumerate(levels, 1)
            ),
        )

    def stages(self, stages: dict) -> list[Stage]:
        found: list[Stage] = []
        for i, raw in enumerate(stages.get("stages") or [], start=1):
            where = f"stage {i}"
            if raw.get("number") != i:
                self.check.fail(where, "stages must be numbered 1, 2, 3 … in order")
            found.append(
                Stage(
                    number=i,
                    min_score=float(raw.get("min_score", -1)),
                    name=self.text(raw.get("name"), f"{where} name"),
                    description=self.text(raw.get("description"), f"{where} description"),
                )
            )
        if len(found) != STAGE_COUNT:
            self.check.fail("stages", f"needs five stages, has {len(found)}")
        elif found[0].min_score != 0 or any(
            a.min_score >= b.min_score for a, b in zip(found, found[1:], strict=False)
        ):
            self.check.fail("stages", "min_score must start at 0 and rise with each stage")
        elif found[-1].min_score > 100:
            self.check.fail("stages", "the top stage must be reachable (min_score at most 100)")
        return found

    # --- conditions

    def condition(self, cond: Any, where: str, kind: str) -> set[str]:
        """Validate a condition tree; return the facts it names (for placeholders)."""
        if not isinstance(cond, dict) or not cond:
            self.check.fail(where, "a condition must be a mapping")
            return set()
        for combinator in ("all", "any"):
            if combinator in cond:
                parts = cond[combinator]
                if len(cond) != 1 or not isinstance(parts, list) or not parts:
                    self.check.fail(
                        where, f"'{combinator}' needs a non-empty list and nothing beside it"
                    )
                    return set()
                named: set[str] = set()
                for part in parts:
                    named |= self.condition(part, where, kind)
                return named if combinator == "all" else set()
        if kind == "recommendation":
            self.answers_condition(cond, where)
            return set()
        return self.fact_condition(cond, where)

    def answers_condition(self, cond: dict, where: str) -> None:
        if "question" in cond:
            if cond["question"] not in self.question_ids:
                self.check.fail(where, f"unknown question '{cond['question']}'")
            ops = set(cond) - {"question"}
            if len(ops) != 1 or not ops <= set(QUESTION_OPS):
                self.check.fail(
                    where, f"a question condition needs one of {', '.join(QUESTION_OPS)}"
                )
        elif "theme" in cond:
            if cond["theme"] not in self.theme_ids:
                self.check.fail(where, f"unknown theme '{cond['theme']}'")
            ops = set(cond) - {"theme"}
            if len(ops) != 1 or not ops <= set(THEME_OPS):
                self.check.fail(where, f"a theme condition needs one of {', '.join(THEME_OPS)}")
        elif set(cond) not in ({"dont_know_total_at_least"}, {"all_themes_at_least"}):
            self.check.fail(where, f"unknown condition {sorted(cond)}")

    def fact_condition(self, cond: dict, where: str) -> set[str]:
        fact = cond.get("fact")
        if not isinstance(fact, str) or "." not in fact:
            self.check.fail(where, "a fact condition needs 'fact: source.name'")
            return set()
        source, name = fact.split(".", 1)
        known = {
            "q": (self.question_ids, "question"),
            "policy": (self.policy_facts, "policy answer"),
            "channels": (CHANNEL_FACTS, "channel register figure"),
            "insights": (INSIGHTS_FACTS, "insights figure"),
        }
        if source not in known:
            self.check.fail(where, f"unknown fact source '{source}'")
        else:
            names, what = known[source]
            self.check.known(name, names, where, what)
        ops = set(cond) - {"fact"}
        if len(ops) != 1 or not ops <= set(FACT_OPS):
            self.check.fail(where, f"a fact condition needs one of {', '.join(FACT_OPS)}")
        return {fact}

    # --- rules

    def rule_id(self, raw: dict, kind: str) -> tuple[str, str]:
        rule_id = str(raw.get("id", ""))
        where = f"{kind} {rule_id or '?'}"
        if not rule_id or rule_id in self.rule_ids:
            self.check.fail(where, "needs a unique id")
        self.rule_ids.add(rule_id)
        if raw.get("link") not in LINKS:
            self.check.fail(where, f"link must be one of {', '.join(sorted(LINKS))}")
        return rule_id, where

    def recommendation(self, raw: dict) -> Recommendation:
        rid, where = self.rule_id(raw, "recommendation")
        theme = raw.get("theme")
        if theme is not None and theme not in self.theme_ids:
            self.check.fail(where, f"unknown theme '{theme}'")
        allowed = frozenset({"dont_know"} | ({"theme", "score"} if theme else set()))
        if not isinstance(raw.get("impact"), int) or not 0 <= raw["impact"] <= 100:
            self.check.fail(where, "impact must be a whole number from 0 to 100")
        stage = raw.get("stage")
        if isinstance(stage, bool) or not isinstance(stage, int) or not 1 <= stage <= STAGE_COUNT:
            self.check.fail(where, f"stage must be a whole number from 1 to {STAGE_COUNT}")
        self.condition(raw.get("when"), where, "recommendation")
        return Recommendation(
            id=rid,
            stage=stage if isinstance(stage, int) else 0,
            impact=int(raw.get("impact") or 0),
            when=raw.get("when"),
            title=self.text(raw.get("title"), f"{where} title", allowed),
            why=self.text(raw.get("why"), f"{where} why", allowed),
            next_step=self.text(raw.get("next_step"), f"{where} next_step", allowed),
            link=str(raw.get("link")),
            theme=theme,
            in_place=self.in_place(raw.get("in_place"), where),
        )

    def in_place(self, raw: Any, where: str) -> InPlace | None:
        if raw is None:
            return None
        where = f"{where} in_place"
        if not isinstance(raw, dict):
            self.check.fail(where, "must be a mapping with when, text and an optional clause")
            return None
        named = self.condition(raw.get("when"), where, "contradiction")
        clause = raw.get("clause")
        if clause is not None and clause != HOUSE_RULES:
            self.check.known(str(clause), policies.clause_ids(), where, "policy clause")
        allowed = IN_PLACE_PLACEHOLDERS | named | ({"clause"} if clause else set())
        return InPlace(
            when=raw.get("when"),
            clause=str(clause) if clause is not None else None,
            text=self.text(raw.get("text"), f"{where} text", frozenset(allowed)),
        )

    def contradiction(self, raw: dict) -> Contradiction:
        cid, where = self.rule_id(raw, "contradiction")
        sides: dict[str, tuple[Alternative, ...]] = {}
        for side in ("claim", "conflict"):
            alternatives = []
            for i, alt in enumerate(raw.get(side) or [], start=1):
                awhere = f"{where} {side} {i}"
                named = self.condition(alt.get("when"), awhere, "contradiction")
                if any(f.startswith("insights.") for f in named):
                    named |= {f"insights.{name}" for name in INSIGHTS_FACTS}
                alternatives.append(
                    Alternative(
                        when=alt.get("when"),
                        text=self.text(alt.get("text"), awhere, frozenset(named)),
                    )
                )
            if not alternatives:
                self.check.fail(where, f"needs at least one '{side}'")
            sides[side] = tuple(alternatives)
        return Contradiction(
            id=cid,
            claim=sides["claim"],
            conflict=sides["conflict"],
            what_to_do=self.text(raw.get("what_to_do"), f"{where} what_to_do"),
            link=str(raw.get("link")),
        )


def parse_content(
    questions: dict, stages: dict, recommendations: dict, contradictions: dict
) -> Content:
    """Validate raw YAML data and build the Content; raises ContentError listing every fault."""
    parser = _Parser()
    themes = parser.themes(questions)
    stage_list = parser.stages(stages)
    recs = [parser.recommendation(raw) for raw in recommendations.get("recommendations") or []]
    contras = [parser.contradiction(raw) for raw in contradictions.get("contradictions") or []]
    parser.check.raise_if_failed()
    return Content(
        themes=tuple(themes),
        stages=tuple(stage_list),
        recommendations=tuple(sorted(recs, key=lambda r: (r.stage, -r.impact, r.id))),
        contradictions=tuple(contras),
    )


def _read(name: str) -> dict:
    data = read_yaml(CONTENT_DIR / name)
    if not isinstance(data, dict):
        raise ContentError(f"{name}: expected a mapping at the top")
    return data


def read_raw() -> tuple[dict, dict, dict, dict]:
    return (
        _read("questions.yaml"),
        _read("stages.yaml"),
        _read("recommendations.yaml"),
        _read("contradictions.yaml"),
    )


@lru_cache(maxsize=1)
def load_content() -> Content:
    return parse_content(*read_raw())
