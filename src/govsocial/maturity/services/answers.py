"""Respondents' answers: validation, the answers file to keep and upload again."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core.content import YamlError, parse_yaml
from govsocial.core.errors import GovSocialError

from ..content import Content, load_content
from ..scoring import DONT_KNOW, LEVELS

FILE_FORMAT = "govsocial-maturity-answers"


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


def _level(qid: str, value: Any) -> int | str:
    """One answer as stored: a level 1–5 or DONT_KNOW; AnswersError otherwise."""
    if isinstance(value, str):
        text = value.strip().lower().replace("'", "").replace(" ", "_")
        if text in (DONT_KNOW, "dontknow", "weet_ik_niet"):
            return DONT_KNOW
        if text.isdigit():
            value = int(text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
        raise AnswersError(
            _("Question %(question)s: “%(value)s” is not an answer. Allowed: %(allowed)s.")
            % {"question": qid, "value": value, "allowed": _allowed()},
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
                % {"question": qid},
                question=qid,
            )
        if value is None or value == "":
            continue
        clean[qid] = _level(qid, value)
    return clean


def parse_answers_file(raw: bytes | str) -> dict[str, Any]:
    """Answers from an uploaded or given YAML or JSON file; AnswersError when unusable."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AnswersError(_("The file is not a text file in UTF-8.")) from exc
    try:
        # Aliases refused and size capped: the file may come from anyone (anonymous upload).
        data = parse_yaml(raw)
    except YamlError as exc:
        problem = str(exc.__cause__ or exc).splitlines()[0]
        raise AnswersError(
            _("The file is not valid YAML or JSON: %(error)s") % {"error": problem}
        ) from exc
    if isinstance(data, Mapping) and "format" in data and data.get("format") != FILE_FORMAT:
        raise AnswersError(
            _("This is not a GovSocial maturity answers file (format “%(format)s”).")
            % {"format": data.get("format")}
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
