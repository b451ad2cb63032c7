"""Is this comment a question? The rules are word lists in content/questions.yaml;
matching is one pass over the text (no patterns), capped in length."""

from __future__ import annotations

from ..content import QuestionRule, question_rules

MAX_TEXT = 5000  # characters read of one comment
_SENTENCE_ENDS = ".!?\n;:"


def _words_only(text: str) -> str:
    """Letters, digits and apostrophes kept, everything else a space; padded for whole words."""
    kept = [c if c.isalnum() or c == "'" else " " for c in text]
    return " " + " ".join("".join(kept).split()) + " "


def _sentence_starts(text: str) -> set[str]:
    starts: set[str] = set()
    at_start = True
    word: list[str] = []
    for c in text:
        if at_start:
            if c.isalnum() or c == "'":
                word.append(c)
                continue
            if word:
                starts.add("".join(word))
                word = []
                at_start = False
            elif c in _SENTENCE_ENDS or c.isspace() or not c.isalnum():
                continue
        if c in _SENTENCE_ENDS:
            at_start = True
    if word:
        starts.add("".join(word))
    return starts


def _matches(rule: QuestionRule, raw: str, padded: str, starts: set[str]) -> bool:
    if rule.kind == "starts_with":
        return any(word in starts for word in rule.words)
    for phrase in rule.words:
        if phrase.isalnum() or " " in phrase or "'" in phrase:
            if f" {phrase} " in padded:
                return True
        elif phrase in raw:
            return True
    return False


def question_rule(text: str, rules: tuple[QuestionRule, ...] | None = None) -> QuestionRule | None:
    """The first rule that makes `text` a question, or None."""
    raw = (text or "")[:MAX_TEXT].casefold()
    if not raw.strip():
        return None
    padded = _words_only(raw)
    starts = _sentence_starts(raw)
    for rule in rules if rules is not None else question_rules():
        if _matches(rule, raw, padded, starts):
            return rule
    return None
