"""Recommendation and contradiction rules from the YAML, evaluated on plain values."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from django.utils import formats, translation

from govsocial.core.content import Text
from govsocial.core.content import fill as fill_placeholders

from .content import HOUSE_RULES, Alternative, Content, Recommendation
from .scoring import DONT_KNOW, is_level

MAX_RECOMMENDATIONS = 7


def _recommendation_condition(cond: Mapping, answers: Mapping[str, Any], result: dict) -> bool:
    if "all" in cond:
        return all(_recommendation_condition(c, answers, result) for c in cond["all"])
    if "any" in cond:
        return any(_recommendation_condition(c, answers, result) for c in cond["any"])
    if "question" in cond:
        value = answers.get(cond["question"])
        if "dont_know" in cond:
            return (value == DONT_KNOW) == bool(cond["dont_know"])
        if not is_level(value):
            return False
        if "at_most" in cond:
            return value <= cond["at_most"]
        return value >= cond["at_least"]
    if "theme" in cond:
        score = result["themes"][cond["theme"]]["score"]
        if score is None:
            return False
        if "below" in cond:
            return score < cond["below"]
        return score >= cond["at_least"]
    if "dont_know_total_at_least" in cond:
        return result["dont_know_total"] >= cond["dont_know_total_at_least"]
    if "all_themes_at_least" in cond:
        scores = [t["score"] for t in result["themes"].values()]
        return all(s is not None and s >= cond["all_themes_at_least"] for s in scores)
    raise ValueError(f"Unknown condition {cond!r}")


def recommendations(
    answers: Mapping[str, Any],
    result: dict,
    content: Content,
    limit: int = MAX_RECOMMENDATIONS,
    facts: Mapping[str, Any] | None = None,
    clauses: Collection[str] | None = None,
) -> list[Recommendation]:
    """The rules that apply, at most `limit`.

    Earliest stage first and highest impact within a stage; what the published
    policy or the register already holds (`is_in_place`) comes after what is still
    to be done, in the same order.
    """
    applying = [
        (r, is_in_place(r, facts or {}, clauses))
        for r in content.recommendations
        if _recommendation_condition(r.when, answers, result)
    ]
    ordered = [r for r, done in applying if not done] + [r for r, done in applying if done]
    return ordered[:limit]


def is_in_place(
    rule: Recommendation, facts: Mapping[str, Any], clauses: Collection[str] | None
) -> bool:
    """Whether the organisation already has what `rule` asks for: its in_place condition
    holds and, when it names a clause, the published policy has that clause.
    `clauses` None: the clause is not checked (no policy to read it from)."""
    found = rule.in_place
    if found is None or not _fact_condition(found.when, facts):
        return False
    if found.clause is None or found.clause == HOUSE_RULES or clauses is None:
        return True
    return found.clause in clauses


def recommendation_values(
    rule: Recommendation, result: dict, content: Content, language: str
) -> dict:
    values: dict[str, Any] = {"dont_know": result["dont_know_total"]}
    if rule.theme:
        values["theme"] = content.theme(rule.theme).name.get(language)
        score = result["themes"][rule.theme]["score"]
        if score is None:
            values["score"] = "–"
        elif float(score).is_integer():
            values["score"] = str(int(score))
        else:
            with translation.override(language):
                values["score"] = formats.number_format(round(score, 1), 1)
    return values


def fill(text: Text | str, language: str, values: Mapping[str, Any]) -> str:
    raw = text.get(language) if isinstance(text, Text) else text
    with translation.override(language):
        return fill_placeholders(raw, {name: _show(value) for name, value in values.items()})


def _show(value: Any) -> str:
    """A value as the active language writes it: 3,2 in Dutch, a month as "oktober 2026"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        return formats.number_format(round(value, 1), 1)
    if isinstance(value, date):
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return str(value)


# --- contradictions -------------------------------------------------------------


def _fact_condition(cond: Mapping, facts: Mapping[str, Any]) -> bool:
    if "all" in cond:
        return all(_fact_condition(c, facts) for c in cond["all"])
    if "any" in cond:
        return any(_fact_condition(c, facts) for c in cond["any"])
    fact = cond["fact"]
    if fact not in facts or facts[fact] is None or facts[fact] == DONT_KNOW:
        return False  # a fact the organisation does not have never triggers a rule
    value = facts[fact]
    if "equals" in cond:
        return value == cond["equals"]
    if "in" in cond:
        return value in cond["in"]
    if "contains" in cond:
        return isinstance(value, list | tuple | set) and cond["contains"] in value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if "at_least" in cond:
        return value >= cond["at_least"]
    return value <= cond["at_most"]


def _source(alternative: Alternative) -> str:
    cond = alternative.when
    while "all" in cond or "any" in cond:
        cond = (cond.get("all") or cond.get("any"))[0]
    return cond["fact"].split(".", 1)[0]


def assessment_facts(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {f"q.{qid}": value for qid, value in answers.items()}


def _matching(alternatives: tuple[Alternative, ...], facts: Mapping[str, Any]) -> list:
    return [a for a in alternatives if _fact_condition(a.when, facts)]


def contradictions(facts: Mapping[str, Any], content: Content) -> list[dict]:
    """Each contradiction whose claim and conflict both hold, with the matching sides.

    Returns dicts with the rule and, for each side, the first alternative that
    matched and its source ("q" = this assessment, "policy", "channels"), plus
    every matching alternative (`claims`, `conflicts`): when the assessment,
    the published policy and the channel register all say the same thing,
    the scorecard shows all of that evidence side by side.
    """
    found = []
    for rule in content.contradictions:
        claims = _matching(rule.claim, facts)
        conflicts = _matching(rule.conflict, facts) if claims else []
        if claims and conflicts:
            found.append(
                {
                    "rule": rule,
                    "claim": claims[0],
                    "claim_source": _source(claims[0]),
                    "conflict": conflicts[0],
                    "conflict_source": _source(conflicts[0]),
                    "claims": [(a, _source(a)) for a in claims],
                    "conflicts": [(a, _source(a)) for a in conflicts],
                }
            )
    return found
