"""Respondents' answers: validation, the answers file to keep and upload again."""

from __future__ import annotations

import itertools
import json
import re
import reprlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core.content import YamlError, excerpt, parse_yaml
from govsocial.core.errors import GovSocialError

from ..content import Content, load_content
from ..scoring import DONT_KNOW, LEVELS

FILE_FORMAT = "govsocial-maturity-answers"
# A downloaded answers file is about 4 KB. Anyone may upload one (the anonymous
# test), and PyYAML needs about a second per 64 KB of hostile YAML: 32 KB at most.
MAX_ANSWERS_BYTES = 32 * 1024


class AnswersError(GovSocialError, ValueError):
    """Answers that cannot be used; the message names the question and what is allowed."""

    def __init__(self, message: str, question: str | None = None):
        self.question = question
        super().__init__(message)


def content() -> Content:
    return load_content()


def _allowed() -> str:
    return _("%(levels)s or %(dont_know)s") % {
        "levels": ", ".join(str(level) for level in LEVELS),
        "dont_know": DONT_KNOW,
    }


def _shown(value: Any) -> str:
    """A value as an error message may echo it: one short line, whatever its size or depth."""
    text = excerpt(value if isinstance(value, str) else reprlib.repr(value), 40)
    # JSON and YAML escapes can make lone surrogates, which no page or session can hold.
    return text.encode("utf-8", "replace").decode("utf-8")


def _level(qid: str, value: Any) -> int | str:
    """One answer as stored: a level 1–5 or DONT_KNOW; AnswersError otherwise."""
    if isinstance(value, str):
        text = value.strip().lower().replace("'", "").replace(" ", "_")
        if text in (DONT_KNOW, "dontknow", "weet_ik_niet"):
            return DONT_KNOW
        # ASCII digits only: int() refuses "²" and strings of thousands of digits.
        if text.isascii() and text.isdigit() and len(text) <= 3:
            value = int(text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
        raise AnswersError(
            _("Question %(question)s: “%(value)s” is not an answer. Allowed: %(allowed)s.")
            % {"question": qid, "value": _shown(value), "allowed": _allowed()},
            question=qid,
        )
    return value


def validate_answers(data: Any) -> dict[str, Any]:
    """Clean answers (question id → 1–5 or "dont_know") from a mapping or an answers file's data.

    Empty values are dropped (not answered yet). Raises AnswersError naming the question.
    """
    questions = content().questions
    if isinstance(data, Mapping) and "answers" in data:
        data = data["answers"]
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise AnswersError(
            _(
                "The file holds no answers: expected a list of question ids, each with a level (%(allowed)s)."
            )
            % {"allowed": _allowed()}
        )
    clean: dict[str, Any] = {}
    for key, value in data.items():
        qid = str(key)
        if qid not in questions:
            raise AnswersError(
                _(
                    "Unknown question “%(question)s”. The question ids are listed by `govsocial maturity questions`."
                )
                % {"question": _shown(qid)},
                question=_shown(qid),
            )
        if value is None or value == "":
            continue
        clean[qid] = _level(qid, value)
    return clean


def too_large(max_bytes: int = MAX_ANSWERS_BYTES) -> str:
    return _("The file is too large for an answers file: at most %(size)s KB.") % {
        "size": max_bytes // 1024
    }


def read_capped(path: Path, max_bytes: int) -> bytes | None:
    """A file's bytes, or None when it is larger than `max_bytes`: the size is
    checked before anything is read, and no more than the limit is ever read."""
    if path.stat().st_size > max_bytes:
        return None
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def _yaml_problem(exc: YamlError, text: str) -> str:
    """Why core's YAML reader refused the file, in the person's language."""
    cause = exc.__cause__
    if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None:
        lines = text.splitlines()
        # Where it went wrong, else where the unfinished part began (an unclosed bracket).
        for mark in (cause.problem_mark, cause.context_mark):
            if mark is not None and mark.line < len(lines) and lines[mark.line].strip():
                return _("The file is not valid YAML or JSON (line %(line)s: “%(text)s”).") % {
                    "line": mark.line + 1,
                    "text": excerpt(lines[mark.line], 60),
                }
        return _("The file is not valid YAML or JSON (line %(line)s).") % {
            "line": cause.problem_mark.line + 1
        }
    if isinstance(cause, yaml.reader.ReaderError):
        return _(
            "The file is not valid YAML or JSON: it holds a character that a text file may not contain."
        )
    if cause is not None and "alias" in str(cause):  # core refuses anchors and aliases
        return _(
            "The file is not valid YAML or JSON: it uses anchors or aliases (& and *), which an answers file never needs."
        )
    return _("The file is not valid YAML or JSON.")


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}
# An answers file nests two or three levels; PyYAML spends seconds on a few
# thousand nested brackets before it gives up, so they are refused up front.
MAX_NESTING = 20


def _nesting(text: str) -> int:
    """How deep the brackets of a YAML or JSON text nest. Brackets in quoted text and
    comments count too: a real answers file has nowhere near MAX_NESTING unclosed."""
    brackets = _NOT_BRACKET.sub("", text)
    return max(itertools.accumulate(map(_BRACKET_DEPTH.__getitem__, brackets)), default=0)


def _parse(text: str) -> Any:
    """The data in an answers file: JSON when it looks like JSON, else YAML (aliases refused)."""
    if text.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass  # perhaps YAML's flow style, {answers: {…}}: read on as YAML
    return parse_yaml(text, max_bytes=MAX_ANSWERS_BYTES)


def parse_answers_file(raw: bytes | str) -> dict[str, Any]:
    """Answers from an uploaded or given YAML or JSON file; AnswersError when unusable.

    The file may come from anyone (the anonymous test), so it is size-capped before
    it is parsed, aliases are refused, and no error echoes more than an excerpt.
    """
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "replace"))
    if size > MAX_ANSWERS_BYTES:
        raise AnswersError(too_large())
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AnswersError(_("The file is not a text file in UTF-8.")) from exc
    too_deep = AnswersError(_("The file is not valid YAML or JSON: it is nested too deeply."))
    if _nesting(raw) > MAX_NESTING:
        raise too_deep
    try:
        data = _parse(raw)
    except YamlError as exc:
        raise AnswersError(_yaml_problem(exc, raw)) from exc
    except RecursionError as exc:  # nested blocks ("- - - - …") have no brackets to count
        raise too_deep from exc
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. 2020-13-45, 10,000 digits
        raise AnswersError(
            _(
                "The file is not valid YAML or JSON: a value in it cannot be read (for example a date or a number out of range)."
            )
        ) from exc
    if isinstance(data, Mapping) and "format" in data and data.get("format") != FILE_FORMAT:
        raise AnswersError(
            _("This is not a GovSocial maturity answers file (format “%(format)s”).")
            % {"format": _shown(data.get("format"))}
        )
    return validate_answers(data)


def answers_file(answers: Mapping[str, Any], language: str, fmt: str = "yaml") -> str:
    """The answers as a file to keep, and to upload again to resume or retake the test."""
    c = content()
    ordered = {qid: answers[qid] for qid in c.questions if qid in answers}
    if fmt == "json":
        payload = {"format": FILE_FORMAT, "version": 1, "language": language, "answers": ordered}
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    with translation.override(language):
        lines = [
            "# " + _("GovSocial maturity self-assessment: your answers."),
            "# " + _("Levels 1 (first experiments) to 5 (networked organisation), or dont_know."),
            "# " + _("Upload this file again to resume or retake the test."),
            f"format: {FILE_FORMAT}",
            "version: 1",
            f"language: {language}",
            "answers:",
        ]
        for theme in c.themes:
            lines.append(f"  # {theme.name.get(language)}")
            for question in theme.questions:
                value = answers.get(question.id)
                shown = (
                    ""
                    if value is None
                    else (f"{value:g}" if isinstance(value, float) else str(value))
                )
                text = question.text.get(language).replace("\n", " ")
                lines.append(f"  {question.id}: {shown}".rstrip() + f"  # {text}")
    return "\n".join(lines) + "\n"


def example_answers() -> dict[str, Any]:
    """A complete, plausible answer set: an organisation getting organised, with a few blind spots."""
    c = content()
    patterns = {
        "leadership": "3 2 3 2 3 1 3 2 ? 2",
        "strategy": "3 3 2 2 3 2 3 4 2 2",
        "governance": "2 3 3 2 1 2 3 2 ? 2",
        "implementation": "3 2 3 3 2 3 3 2 2 3",
        "policy": "3 2 2 ? 2 1 ? 2 2 3",
    }
    answers: dict[str, Any] = {}
    for theme in c.themes:
        values = patterns.get(theme.id, "3 " * len(theme.questions)).split()
        for question, value in zip(theme.questions, values, strict=False):
            answers[question.id] = DONT_KNOW if value == "?" else int(value)
    return answers


def answered_count(answers: Mapping[str, Any]) -> int:
    return sum(1 for v in answers.values() if v is not None)


def progress(answers: Mapping[str, Any]) -> dict:
    """How far a respondent got: answered, total and percent."""
    total = len(content().questions)
    answered = answered_count(answers)
    return {"answered": answered, "total": total, "percent": round(answered * 100 / total)}


def review_groups(answers: Mapping[str, Any], language: str) -> list[dict]:
    """Every question with the answer given, per theme, for a respondent to check."""
    groups = []
    for theme in content().themes:
        rows = []
        for q in theme.questions:
            value = answers.get(q.id)
            if value is None:
                shown = _("Not answered")
            elif value == DONT_KNOW:
                shown = _("Don't know")
            else:
                shown = f"{int(value)}. {q.levels[int(value) - 1].get(language)}"
            rows.append(
                {
                    "id": q.id,
                    "number": q.number,
                    "text": q.text.get(language),
                    "answer": shown,
                    "missing": value is None,
                }
            )
        groups.append({"name": theme.name.get(language), "number": theme.number, "rows": rows})
    return groups
