"""The insights' knowledge: which texts from the public count as questions
(`content/questions.yaml`), read through the core content loader."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from govsocial.core.content import Checker, Text, read_yaml

CONTENT_DIR = Path(__file__).parent / "content"
RULE_KINDS = ("contains", "starts_with")
MAX_WORDS = 200


@dataclass(frozen=True)
class QuestionRule:
    id: str
    kind: str
    words: tuple[str, ...]
    explain: Text


def _rules(data: object, checker: Checker) -> tuple[QuestionRule, ...]:
    rules: list[QuestionRule] = []
    seen: set[str] = set()
    top = checker.mapping(data, "file")
    listed = top.get("rules")
    if not isinstance(listed, list) or not listed:
        checker.fail("rules", "expected a non-empty list")
        return ()
    for n, raw in enumerate(listed):
        where = f"rules[{n}]"
        entry = checker.mapping(raw, where)
        rule_id = entry.get("id")
        if not isinstance(rule_id, str) or not rule_id:
            checker.fail(where, "needs an id")
            continue
        if rule_id in seen:
            checker.fail(where, f"id '{rule_id}' appears twice")
        seen.add(rule_id)
        kind = entry.get("kind")
        if kind not in RULE_KINDS:
            checker.fail(where, f"kind must be one of {list(RULE_KINDS)}")
        words = entry.get("words")
        if (
            not isinstance(words, list)
            or not words
            or len(words) > MAX_WORDS
            or not all(isinstance(w, str) and w.strip() for w in words)
        ):
            checker.fail(where, f"words must be a list of 1 to {MAX_WORDS} texts")
            continue
        explain = checker.text(entry.get("explain"), f"{where}.explain")
        if explain is not None and kind in RULE_KINDS:
            folded = tuple(" ".join(w.casefold().split()) for w in words)
            rules.append(QuestionRule(rule_id, str(kind), folded, explain))
    return tuple(rules)


@functools.cache
def question_rules() -> tuple[QuestionRule, ...]:
    checker = Checker("questions.yaml")
    rules = _rules(read_yaml(CONTENT_DIR / "questions.yaml"), checker)
    checker.raise_if_failed()
    return rules


def load() -> tuple[QuestionRule, ...]:
    return question_rules()
