"""Scores, stages, combining respondents, disagreements: pure functions.

Answers are a mapping of question id to a level 1–5 or DONT_KNOW. A theme's
score is the mean of its answered levels mapped onto 0–100 ((mean − 1) / 4 × 100).

"Don't know" scores 0 points, the same as the lowest level: a practice nobody
can describe is not one the organisation can rely on. Leaving it out would let
"don't know" raise a score that an honest low answer would lower. Scoring it as
0 is the same as scaling the score of the known answers by their share, and it
is never higher than any level the respondent could have chosen instead. The
share of "don't know" answers is reported beside every score.

A theme is scored only when at least MIN_LEVELS_PER_THEME of its questions are
answered (a level or "don't know"), and the overall score only when every theme
is scored: one answer is not a stage. Unanswered questions are left out.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from typing import Any

from .content import Content

DONT_KNOW = "dont_know"
LEVELS = (1, 2, 3, 4, 5)
TOP = LEVELS[-1]
MIN_LEVELS_PER_THEME = 3


def is_level(value: Any) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and LEVELS[0] <= value <= TOP
    )


def score_levels(values: Iterable[Any], minimum: int = 1) -> float | None:
    """0–100 from the levels among `values`, "don't know" counting as the lowest level;
    None when fewer than `minimum` are answered."""
    levels = [float(v) if is_level(v) else float(LEVELS[0]) for v in values if counts(v)]
    if not levels or len(levels) < minimum:
        return None
    mean = sum(levels) / len(levels)
    return round((mean - 1) / (TOP - 1) * 100, 1)


def counts(value: Any) -> bool:
    """Whether an answer counts in a score: a level, or "don't know" (as the lowest level)."""
    return is_level(value) or value == DONT_KNOW


def stage_number(score: float | None, content: Content) -> int | None:
    if score is None:
        return None
    number = content.stages[0].number
    for stage in content.stages:
        if score >= stage.min_score:
            number = stage.number
    return number


def score(answers: Mapping[str, Any], content: Content) -> dict:
    """Per theme: score, stage, answered, don't-know and unanswered counts; and overall."""
    themes: dict[str, dict] = {}
    for theme in content.themes:
        values = [answers.get(q.id) for q in theme.questions]
        theme_score = score_levels(values, min(MIN_LEVELS_PER_THEME, len(values)))
        themes[theme.id] = {
            "score": theme_score,
            "stage": stage_number(theme_score, content),
            "answered": sum(1 for v in values if is_level(v)),
            "dont_know": sum(1 for v in values if v == DONT_KNOW),
            "dont_know_questions": [
                q.id for q in theme.questions if answers.get(q.id) == DONT_KNOW
            ],
            "unanswered": sum(1 for v in values if v is None),
            "questions": len(values),
        }
    scored = [t["score"] for t in themes.values()]
    complete = bool(scored) and all(s is not None for s in scored)
    overall = round(sum(scored) / len(scored), 1) if complete else None
    return {
        "themes": themes,
        "overall": {"score": overall, "stage": stage_number(overall, content)},
        "dont_know_total": sum(t["dont_know"] for t in themes.values()),
    }


def combine(responses: Iterable[Mapping[str, Any]], content: Content) -> dict[str, Any]:
    """The organisation's answers: per question the median level of those who gave one.

    A question only answered with "don't know" stays "don't know"; a question
    nobody answered stays out.
    """
    responses = list(responses)
    combined: dict[str, Any] = {}
    for qid in content.questions:
        given = [r.get(qid) for r in responses if r.get(qid) is not None]
        levels = [v for v in given if is_level(v)]
        if levels:
            median = statistics.median(levels)
            combined[qid] = int(median) if float(median).is_integer() else float(median)
        elif given:
            combined[qid] = DONT_KNOW
    return combined


def disagreements(
    responses: Mapping[str, Mapping[str, Any]], content: Content, min_gap: int = 2
) -> list[dict]:
    """Questions where respondents' levels differ by `min_gap` levels or more, widest first.

    `responses` maps a respondent's label to their answers.
    """
    found = []
    for question in content.questions.values():
        levels = {
            who: answers[question.id]
            for who, answers in responses.items()
            if is_level(answers.get(question.id))
        }
        if len(levels) < 2:
            continue
        gap = max(levels.values()) - min(levels.values())
        if gap >= min_gap:
            found.append({"question": question.id, "gap": gap, "levels": levels})
    found.sort(key=lambda d: (-d["gap"], content.questions[d["question"]].number))
    return found
