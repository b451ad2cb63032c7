"""Is this comment a question? The rules are word lists in content/questions.yaml;
matching uses one linear word pattern and set look-ups, capped in length."""

from __future__ import annotations

import re

from ..content import QuestionRule, question_rules

MAX_TEXT = 5000  # characters read of one comment
# Linear patterns only: a run of word characters; sentence ends become one mark.
_WORD = re.compile(r"[\w']+")
_SENTENCE_ENDS = str.maketrans(dict.fromkeys(".!?\n;:", "."))


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _sentence_starts(text: str) -> set[str]:
    starts = set()
    for sentence in text.translate(_SENTENCE_ENDS).split("."):
        first = _WORD.search(sentence)
        if first:
            starts.add(first.group())
    return starts


def _matches(rule: QuestionRule, raw: str, words: set[str], padded: str, starts: set[str]) -> bool:
    if rule.kind == "starts_with":
        return not starts.isdisjoint(rule.words)
    for phrase in rule.words:
        if " " in phrase:
            if f" {phrase} " in padded:
                return True
        elif _WORD.fullmatch(phrase):
            if phrase in words:
                return True
        elif phrase in raw:
            return True
    return False


def question_rule(text: str, rules: tuple[QuestionRule, ...] | None = None) -> QuestionRule | None:
    """The first rule that makes `text` a question, or None."""
    raw = (text or "")[:MAX_TEXT].casefold()
    if not raw.strip():
        return None
    found = _words(raw)
    words, padded = set(found), " " + " ".join(found) + " "
    starts = _sentence_starts(raw)
    for rule in rules if rules is not None else question_rules():
        if _matches(rule, raw, words, padded, starts):
            return rule
    return None
