"""The maturity knowledge: themes, questions, stages, recommendation and
contradiction rules, read from `content/*.yaml` and validated.

A communications expert edits the YAML; this module refuses anything a person
would notice as broken: a missing translation, a question without five levels,
a rule that names an unknown question, theme, fact or page, or a placeholder
that nothing fills. `load_content()` is cached and runs at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGES = ("en", "nl")
LEVEL_COUNT = 5
LINKS = frozenset({"policies:index", "channels:index", "training:index", "maturity:index"})
# The policy builder's answer ids (see the cross-app contract) and the
# channel register summary keys: the facts contradiction rules may look at.
POLICY_FACTS = frozenset(
    {
        "published",
        "goals",
        "stakeholders",
        "reuse_policies",
        "spokespeople",
        "response_time_hours",
        "response_basis",
        "staffed_days",
        "staffed_hours",
        "hours_on_profile",
        "monitoring_frequency",
        "posts_per_week",
        "posting_times",
        "comments_open",
        "moderation",
        "account_approver",
        "password_location",
        "password_change_days",
        "leave_cover",
        "report_day",
        "election_periods",
        "election_quiet_days",
        "archiving_duty",
        "retention_years",
        "dormant_after_days",
        "review_interval_months",
        "check_officers",
    }
)
CHANNEL_FACTS = frozenset(
    {"total", "active", "dormant", "without_cover", "custody_unconfirmed", "has_register"}
)
PLACEHOLDER = re.compile(r"\{([a-z_.]+)\}")
QUESTION_OPS = ("at_most", "at_least", "dont_know")
THEME_OPS = ("below", "at_least")
FACT_OPS = ("equals", "at_least", "at_most", "contains", "in")


class ContentError(ValueError):
    """The maturity content is not valid; `problems` lists every fault found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Invalid maturity content:\n- " + "\n- ".join(problems))


@dataclass(frozen=True)
class Text:
    en: str
    nl: str

    def get(self, language: str | None) -> str:
        return self.nl if (language or "en")[:2] == "nl" else self.en


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
class Recommendation:
    id: str
    impact: int
    when: Any
    title: Text
    why: Text
    next_step: Text
    link: str
    theme: str | None = None


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


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, value: Any, where: str, allowed: frozenset[str] = frozenset()) -> Text:
        if not isinstance(value, dict):
            self.fail(where, "needs an 'en' and an 'nl' text")
            return Text("", "")
        for language in LANGUAGES:
            if not isinstance(value.get(language), str) or not value[language].strip():
                self.fail(where, f"missing the '{language}' text")
        for extra in set(value) - set(LANGUAGES):
            self.fail(where, f"unknown language '{extra}'")
        en, nl = str(value.get("en", "")), str(value.get("nl", ""))
        names_en, names_nl = set(PLACEHOLDER.findall(en)), set(PLACEHOLDER.findall(nl))
        if names_en != names_nl:
            self.fail(
                where,
                f"placeholders differ between en {sorted(names_en)} and nl {sorted(names_nl)}",
            )
        for name in (names_en | names_nl) - allowed:
            self.fail(where, f"placeholder {{{name}}} is not filled by anything here")
        return Text(en.strip(), nl.strip())


def _read(name: str) -> dict:
    with open(CONTENT_DIR / name, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ContentError([f"{name}: expected a mapping at the top"])
    return data


def parse_content(
    questions: dict, stages: dict, recommendations: dict, contradictions: dict
) -> Content:
    """Validate raw YAML data and build the Content; raises ContentError listing every fault."""
    check = _Checker()
    themes: list[Theme] = []
    seen_questions: set[str] = set()
    number = 0
    for t_index, raw_theme in enumerate(questions.get("themes") or [], start=1):
        theme_id = str(raw_theme.get("id", ""))
        where = f"theme {theme_id or t_index}"
        if not theme_id:
            check.fail(where, "has no id")
        theme_questions: list[Question] = []
        for raw in raw_theme.get("questions") or []:
            qid = str(raw.get("id", ""))
            qwhere = f"question {qid or '?'}"
            if not qid:
                check.fail(qwhere, "has no id")
            if qid in seen_questions:
                check.fail(qwhere, "id is used twice")
            seen_questions.add(qid)
            levels = raw.get("levels") or []
            if len(levels) != LEVEL_COUNT:
                check.fail(qwhere, f"needs exactly {LEVEL_COUNT} levels, has {len(levels)}")
            number += 1
            theme_questions.append(
                Question(
                    id=qid,
                    theme=theme_id,
                    number=number,
                    text=check.text(raw.get("text"), qwhere),
                    levels=tuple(
                        check.text(level, f"{qwhere} level {i}")
                        for i, level in enumerate(levels, 1)
                    ),
                )
            )
        if not theme_questions:
            check.fail(where, "has no questions")
        themes.append(
            Theme(
                id=theme_id,
                number=t_index,
                name=check.text(raw_theme.get("name"), f"{where} name"),
                description=check.text(raw_theme.get("description"), f"{where} description"),
                questions=tuple(theme_questions),
            )
        )
    theme_ids = {t.id for t in themes}
    if len(theme_ids) != len(themes):
        check.fail("themes", "a theme id is used twice")

    stage_list: list[Stage] = []
    for i, raw in enumerate(stages.get("stages") or [], start=1):
        where = f"stage {i}"
        if raw.get("number") != i:
            check.fail(where, "stages must be numbered 1, 2, 3 … in order")
        stage_list.append(
            Stage(
                number=i,
                min_score=float(raw.get("min_score", -1)),
                name=check.text(raw.get("name"), f"{where} name"),
                description=check.text(raw.get("description"), f"{where} description"),
            )
        )
    if len(stage_list) != 5:
        check.fail("stages", f"needs five stages, has {len(stage_list)}")
    elif stage_list[0].min_score != 0 or any(
        a.min_score >= b.min_score for a, b in zip(stage_list, stage_list[1:], strict=False)
    ):
        check.fail("stages", "min_score must start at 0 and rise with each stage")
    elif stage_list[-1].min_score > 100:
        check.fail("stages", "the top stage must be reachable (min_score at most 100)")

    def check_condition(cond: Any, where: str, kind: str) -> set[str]:
        """Validate a condition tree; return the facts it names (for placeholders)."""
        if not isinstance(cond, dict) or not cond:
            check.fail(where, "a condition must be a mapping")
            return set()
        for combinator in ("all", "any"):
            if combinator in cond:
                parts = cond[combinator]
                if len(cond) != 1 or not isinstance(parts, list) or not parts:
                    check.fail(
                        where, f"'{combinator}' needs a non-empty list and nothing beside it"
                    )
                    return set()
                named: set[str] = set()
                for part in parts:
                    named |= check_condition(part, where, kind)
                return named if combinator == "all" else set()
        if kind == "recommendation":
            if "question" in cond:
                if cond["question"] not in seen_questions:
                    check.fail(where, f"unknown question '{cond['question']}'")
                ops = set(cond) - {"question"}
                if len(ops) != 1 or not ops <= set(QUESTION_OPS):
                    check.fail(
                        where, f"a question condition needs one of {', '.join(QUESTION_OPS)}"
                    )
            elif "theme" in cond:
                if cond["theme"] not in theme_ids:
                    check.fail(where, f"unknown theme '{cond['theme']}'")
                ops = set(cond) - {"theme"}
                if len(ops) != 1 or not ops <= set(THEME_OPS):
                    check.fail(where, f"a theme condition needs one of {', '.join(THEME_OPS)}")
            elif set(cond) not in ({"dont_know_total_at_least"}, {"all_themes_at_least"}):
                check.fail(where, f"unknown condition {sorted(cond)}")
            return set()
        fact = cond.get("fact")
        if not isinstance(fact, str) or "." not in fact:
            check.fail(where, "a fact condition needs 'fact: source.name'")
            return set()
        source, name = fact.split(".", 1)
        if source == "q" and name not in seen_questions:
            check.fail(where, f"unknown question '{name}'")
        elif source == "policy" and name not in POLICY_FACTS:
            check.fail(where, f"unknown policy answer '{name}'")
        elif source == "channels" and name not in CHANNEL_FACTS:
            check.fail(where, f"unknown channel register figure '{name}'")
        elif source not in ("q", "policy", "channels"):
            check.fail(where, f"unknown fact source '{source}'")
        ops = set(cond) - {"fact"}
        if len(ops) != 1 or not ops <= set(FACT_OPS):
            check.fail(where, f"a fact condition needs one of {', '.join(FACT_OPS)}")
        return {fact}

    recs: list[Recommendation] = []
    seen_rules: set[str] = set()
    for raw in recommendations.get("recommendations") or []:
        rid = str(raw.get("id", ""))
        where = f"recommendation {rid or '?'}"
        if not rid or rid in seen_rules:
            check.fail(where, "needs a unique id")
        seen_rules.add(rid)
        theme = raw.get("theme")
        if theme is not None and theme not in theme_ids:
            check.fail(where, f"unknown theme '{theme}'")
        allowed = frozenset({"dont_know"} | ({"theme", "score"} if theme else set()))
        if raw.get("link") not in LINKS:
            check.fail(where, f"link must be one of {', '.join(sorted(LINKS))}")
        if not isinstance(raw.get("impact"), int) or not 0 <= raw["impact"] <= 100:
            check.fail(where, "impact must be a whole number from 0 to 100")
        check_condition(raw.get("when"), where, "recommendation")
        recs.append(
            Recommendation(
                id=rid,
                impact=int(raw.get("impact") or 0),
                when=raw.get("when"),
                title=check.text(raw.get("title"), f"{where} title", allowed),
                why=check.text(raw.get("why"), f"{where} why", allowed),
                next_step=check.text(raw.get("next_step"), f"{where} next_step", allowed),
                link=str(raw.get("link")),
                theme=theme,
            )
        )

    contras: list[Contradiction] = []
    for raw in contradictions.get("contradictions") or []:
        cid = str(raw.get("id", ""))
        where = f"contradiction {cid or '?'}"
        if not cid or cid in seen_rules:
            check.fail(where, "needs a unique id")
        seen_rules.add(cid)
        sides: dict[str, tuple[Alternative, ...]] = {}
        for side in ("claim", "conflict"):
            alternatives = []
            for i, alt in enumerate(raw.get(side) or [], start=1):
                awhere = f"{where} {side} {i}"
                named = check_condition(alt.get("when"), awhere, "contradiction")
                alternatives.append(
                    Alternative(
                        when=alt.get("when"),
                        text=check.text(alt.get("text"), awhere, frozenset(named)),
                    )
                )
            if not alternatives:
                check.fail(where, f"needs at least one '{side}'")
            sides[side] = tuple(alternatives)
        if raw.get("link") not in LINKS:
            check.fail(where, f"link must be one of {', '.join(sorted(LINKS))}")
        contras.append(
            Contradiction(
                id=cid,
                claim=sides["claim"],
                conflict=sides["conflict"],
                what_to_do=check.text(raw.get("what_to_do"), f"{where} what_to_do"),
                link=str(raw.get("link")),
            )
        )

    if check.problems:
        raise ContentError(check.problems)
    return Content(
        themes=tuple(themes),
        stages=tuple(stage_list),
        recommendations=tuple(sorted(recs, key=lambda r: (-r.impact, r.id))),
        contradictions=tuple(contras),
    )


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
