"""The policy builder's knowledge: questions, clauses and house rules as YAML.

`load()` reads `content/*.yaml` once, checks it against the schema and returns
a frozen `Content`. A missing translation, an unknown question id or value in
a condition, or a placeholder that no answer or context value fills is a
`ContentError` naming the file and the place, raised at start-up (see
apps.py) and in the tests.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGES = ("en", "nl")
QUESTION_TYPES = ("list", "choice", "int", "bool", "text")
CONDITION_OPERATORS = ("not", "min", "max", "empty")
# Values not taken from an answer: name -> the question it depends on (or None).
CONTEXT_VARS: dict[str, str | None] = {
    "organisation": None,
    "audience": None,
    "emergency_number": None,
    "staffed_from": "staffed_hours",
    "staffed_until": "staffed_hours",
}
TEXT_MAX_LENGTH = 500


class ContentError(ValueError):
    """The YAML content does not follow the schema."""


Text = dict[str, str]  # {"en": ..., "nl": ...}


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text
    text: Text  # the words used when the answer is filled into a text


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    page: str
    text: Text
    help: Text | None
    choices: tuple[Choice, ...] = ()
    default: Any = None
    show_if: dict[str, Any] = field(default_factory=dict)
    min: int | None = None
    max: int | None = None
    unit: dict[str, dict[str, str]] | None = None
    format: str | None = None
    min_items: int = 0
    max_length: int = TEXT_MAX_LENGTH
    pattern: str | None = None
    pattern_hint: Text | None = None

    def choice_values(self) -> list[str]:
        return [c.value for c in self.choices]

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    def default_for(self, language: str) -> Any:
        if isinstance(self.default, dict):
            return self.default.get(language) or self.default.get("en")
        if isinstance(self.default, list):
            return list(self.default)
        return self.default


@dataclass(frozen=True)
class Page:
    id: str
    title: Text
    intro: Text
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "list", "table", "section"
    when: dict[str, Any]
    text: Text | None = None  # p
    items: tuple[tuple[Text, dict[str, Any]], ...] = ()  # list: (text, when)
    ordered: bool = False
    caption: Text | None = None  # table
    header: tuple[Text, ...] = ()
    rows: tuple[tuple[tuple[Text, ...], dict[str, Any]], ...] = ()  # (cells, when)
    title: Text | None = None  # section
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Clause:
    id: str
    title: Text
    source: Text
    when: dict[str, Any]
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class DocumentContent:
    name: str  # "policy" or "house_rules"
    title: Text
    subtitle: Text
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Content:
    pages: tuple[Page, ...]
    questions: dict[str, Question]
    policy: DocumentContent
    house_rules: DocumentContent

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def page_questions(self, page_id: str) -> list[Question]:
        page = self.page(page_id)
        return [self.questions[q] for q in page.question_ids] if page else []

    def document(self, name: str) -> DocumentContent:
        return self.policy if name == "policy" else self.house_rules


# --- parsing -------------------------------------------------------------------


class _Reader:
    def __init__(self, filename: str):
        self.filename = filename

    def fail(self, where: str, message: str) -> ContentError:
        return ContentError(f"{self.filename}: {where}: {message}")

    def text(self, value: Any, where: str, *, required: bool = True) -> Text | None:
        if value is None and not required:
            return None
        if not isinstance(value, dict):
            raise self.fail(where, "expected a text with 'en' and 'nl'")
        unknown = set(value) - set(LANGUAGES)
        if unknown:
            raise self.fail(where, f"unknown language(s) {sorted(unknown)}")
        for language in LANGUAGES:
            if not isinstance(value.get(language), str) or not value[language].strip():
                raise self.fail(where, f"missing or empty '{language}' translation")
        return {lang: " ".join(value[lang].split()) for lang in LANGUAGES}

    def mapping(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, "expected a mapping")
        return value


def _read_yaml(name: str) -> Any:
    path = CONTENT_DIR / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentError(f"{name}: not valid YAML: {exc}") from exc


def _parse_questions(data: Any) -> tuple[tuple[Page, ...], dict[str, Question]]:
    r = _Reader("questions.yaml")
    data = r.mapping(data, "top level")
    pages: list[Page] = []
    questions: dict[str, Question] = {}
    for p_index, raw_page in enumerate(data.get("pages") or []):
        raw_page = r.mapping(raw_page, f"page {p_index + 1}")
        page_id = raw_page.get("id")
        if not isinstance(page_id, str) or not re.fullmatch(r"[a-z_]+", page_id):
            raise r.fail(f"page {p_index + 1}", "needs an id of lower-case letters")
        ids: list[str] = []
        for q_index, raw in enumerate(raw_page.get("questions") or []):
            where = f"page '{page_id}', question {q_index + 1}"
            raw = r.mapping(raw, where)
            qid = raw.get("id")
            if not isinstance(qid, str) or not re.fullmatch(r"[a-z_]+", qid):
                raise r.fail(where, "needs an id of lower-case letters and underscores")
            where = f"question '{qid}'"
            if qid in questions:
                raise r.fail(where, "duplicate id")
            qtype = raw.get("type")
            if qtype not in QUESTION_TYPES:
                raise r.fail(where, f"type must be one of {', '.join(QUESTION_TYPES)}")
            choices = []
            for c_index, raw_choice in enumerate(raw.get("choices") or []):
                raw_choice = r.mapping(raw_choice, f"{where}, choice {c_index + 1}")
                value = raw_choice.get("value")
                if not isinstance(value, str):
                    raise r.fail(f"{where}, choice {c_index + 1}", "needs a value")
                label = r.text(raw_choice.get("label"), f"{where}, choice '{value}' label")
                text = r.text(
                    raw_choice.get("text"), f"{where}, choice '{value}' text", required=False
                )
                choices.append(Choice(value=value, label=label, text=text or label))
            if qtype in ("list", "choice") and not choices:
                raise r.fail(where, "a list or choice question needs choices")
            if qtype not in ("list", "choice") and choices:
                raise r.fail(where, "only list and choice questions have choices")
            unit = raw.get("unit")
            if unit is not None:
                for language in LANGUAGES:
                    forms = (unit or {}).get(language) or {}
                    if not (
                        isinstance(forms.get("one"), str) and isinstance(forms.get("other"), str)
                    ):
                        raise r.fail(where, f"unit needs 'one' and 'other' in '{language}'")
            if qtype == "int" and not (
                isinstance(raw.get("min"), int) and isinstance(raw.get("max"), int)
            ):
                raise r.fail(where, "an int question needs min and max")
            question = Question(
                id=qid,
                type=qtype,
                page=page_id,
                text=r.text(raw.get("text"), f"{where} text"),
                help=r.text(raw.get("help"), f"{where} help", required=False),
                choices=tuple(choices),
                default=raw.get("default"),
                show_if=raw.get("show_if") or {},
                min=raw.get("min"),
                max=raw.get("max"),
                unit=unit,
                format=raw.get("format"),
                min_items=int(raw.get("min_items") or 0),
                max_length=min(int(raw.get("max_length") or TEXT_MAX_LENGTH), TEXT_MAX_LENGTH),
                pattern=raw.get("pattern"),
                pattern_hint=r.text(
                    raw.get("pattern_hint"), f"{where} pattern_hint", required=False
                ),
            )
            if question.pattern and not question.pattern_hint:
                raise r.fail(where, "a pattern needs a pattern_hint")
            questions[qid] = question
            ids.append(qid)
        if not ids:
            raise r.fail(f"page '{page_id}'", "has no questions")
        pages.append(
            Page(
                id=page_id,
                title=r.text(raw_page.get("title"), f"page '{page_id}' title"),
                intro=r.text(raw_page.get("intro"), f"page '{page_id}' intro"),
                question_ids=tuple(ids),
            )
        )
    if not pages:
        raise r.fail("top level", "no pages")
    return tuple(pages), questions


def _parse_blocks(r: _Reader, raw_blocks: Any, where: str) -> tuple[Block, ...]:
    if not isinstance(raw_blocks, list) or not raw_blocks:
        raise r.fail(where, "needs a list of blocks")
    blocks = []
    for index, raw in enumerate(raw_blocks):
        bw = f"{where}, block {index + 1}"
        raw = r.mapping(raw, bw)
        when = raw.get("when") or {}
        if "p" in raw:
            spec = dict(r.mapping(raw["p"], bw))
            when = {**when, **(spec.pop("when", None) or {})}
            blocks.append(Block(kind="p", when=when, text=r.text(spec, bw)))
        elif "list" in raw:
            spec = raw["list"]
            if isinstance(spec, list):
                spec = {"items": spec}
            spec = r.mapping(spec, bw)
            items = []
            for i, item in enumerate(spec.get("items") or []):
                item = r.mapping(item, f"{bw}, item {i + 1}")
                item_when = item.get("when") or {}
                items.append(
                    (
                        r.text(
                            {k: v for k, v in item.items() if k != "when"}, f"{bw}, item {i + 1}"
                        ),
                        item_when,
                    )
                )
            if not items:
                raise r.fail(bw, "a list needs items")
            blocks.append(
                Block(kind="list", when=when, items=tuple(items), ordered=bool(spec.get("ordered")))
            )
        elif "table" in raw:
            spec = r.mapping(raw["table"], bw)
            header = tuple(
                r.text(h, f"{bw}, header {i + 1}") for i, h in enumerate(spec.get("header") or [])
            )
            rows = []
            for i, row in enumerate(spec.get("rows") or []):
                row = r.mapping(row, f"{bw}, row {i + 1}")
                cells = tuple(r.text(c, f"{bw}, row {i + 1} cell") for c in row.get("cells") or [])
                if len(cells) != len(header):
                    raise r.fail(f"{bw}, row {i + 1}", "needs as many cells as the header")
                rows.append((cells, row.get("when") or {}))
            if not header or not rows:
                raise r.fail(bw, "a table needs a header and rows")
            blocks.append(
                Block(
                    kind="table",
                    when=when,
                    caption=r.text(spec.get("caption"), f"{bw} caption"),
                    header=header,
                    rows=tuple(rows),
                )
            )
        elif "title" in raw:
            blocks.append(
                Block(
                    kind="section",
                    when=when,
                    title=r.text(raw["title"], f"{bw} title"),
                    blocks=_parse_blocks(
                        r, raw.get("blocks"), f"{bw} '{raw['title'].get('en', '')}'"
                    ),
                )
            )
        else:
            raise r.fail(bw, "a block is one of p, list, table, or title + blocks")
    return tuple(blocks)


def _parse_document(name: str, filename: str, data: Any) -> DocumentContent:
    r = _Reader(filename)
    data = r.mapping(data, "top level")
    meta = r.mapping(data.get("document"), "document")
    clauses = []
    seen: set[str] = set()
    for index, raw in enumerate(data.get("clauses") or []):
        raw = r.mapping(raw, f"clause {index + 1}")
        cid = raw.get("id")
        if not isinstance(cid, str) or not re.fullmatch(r"[a-z_]+", cid):
            raise r.fail(f"clause {index + 1}", "needs an id of lower-case letters and underscores")
        if cid in seen:
            raise r.fail(f"clause '{cid}'", "duplicate id")
        seen.add(cid)
        clauses.append(
            Clause(
                id=cid,
                title=r.text(raw.get("title"), f"clause '{cid}' title"),
                source=r.text(raw.get("source"), f"clause '{cid}' source"),
                when=raw.get("when") or {},
                blocks=_parse_blocks(r, raw.get("blocks"), f"clause '{cid}'"),
            )
        )
    if not clauses:
        raise r.fail("top level", "no clauses")
    return DocumentContent(
        name=name,
        title=r.text(meta.get("title"), "document title"),
        subtitle=r.text(meta.get("subtitle"), "document subtitle"),
        clauses=tuple(clauses),
    )


# --- checking ------------------------------------------------------------------


def placeholders(text: str) -> list[str]:
    """The field names of `{...}` placeholders in a text."""
    names = []
    for _literal, name, _spec, _conversion in string.Formatter().parse(text):
        if name is not None:
            names.append(name)
    return names


def _check_condition(
    filename: str, where: str, condition: Any, questions: dict[str, Question]
) -> None:
    if not isinstance(condition, dict):
        raise ContentError(f"{filename}: {where}: a condition is a mapping of question ids")
    for qid, spec in condition.items():
        question = questions.get(qid)
        if question is None:
            raise ContentError(f"{filename}: {where}: condition names unknown question '{qid}'")
        values: list[Any]
        if isinstance(spec, dict):
            if len(spec) != 1 or next(iter(spec)) not in CONDITION_OPERATORS:
                raise ContentError(
                    f"{filename}: {where}: condition on '{qid}' must use one of {CONDITION_OPERATORS}"
                )
            op, operand = next(iter(spec.items()))
            if op in ("min", "max"):
                if question.type != "int" or not isinstance(operand, int):
                    raise ContentError(
                        f"{filename}: {where}: '{op}' needs an int question and a number"
                    )
                values = []
            elif op == "empty":
                if question.type != "list" or not isinstance(operand, bool):
                    raise ContentError(
                        f"{filename}: {where}: 'empty' needs a list question and true/false"
                    )
                values = []
            else:
                values = operand if isinstance(operand, list) else [operand]
        else:
            values = spec if isinstance(spec, list) else [spec]
        for value in values:
            if question.type in ("list", "choice"):
                ok = value in question.choice_values()
            elif question.type == "bool":
                ok = isinstance(value, bool)
            elif question.type == "int":
                ok = (
                    isinstance(value, int)
                    and not isinstance(value, bool)
                    and question.min <= value <= question.max
                )
            else:
                ok = isinstance(value, str)
            if not ok:
                raise ContentError(
                    f"{filename}: {where}: condition on '{qid}' uses {value!r}, which is not a valid answer"
                )


def _implied(condition: dict[str, Any], required: dict[str, Any]) -> bool:
    """Does `condition` (a text's combined conditions) guarantee `required` (a show_if)?"""
    return all(condition.get(qid) == spec for qid, spec in required.items())


def _check_text(
    filename: str,
    where: str,
    text: Text,
    condition: dict[str, Any],
    questions: dict[str, Question],
) -> None:
    for language in LANGUAGES:
        names = placeholders(text[language])
        for name in names:
            if name in questions:
                question = questions[name]
                if question.type == "bool":
                    raise ContentError(
                        f"{filename}: {where}: '{{{name}}}' is a yes/no answer and cannot be filled in"
                    )
                needed = question.show_if
            elif name in CONTEXT_VARS:
                depends = CONTEXT_VARS[name]
                needed = questions[depends].show_if if depends else {}
            else:
                raise ContentError(
                    f"{filename}: {where} ({language}): placeholder '{{{name}}}' is filled by no answer or context value"
                )
            if needed and not _implied(condition, needed):
                raise ContentError(
                    f"{filename}: {where} ({language}): '{{{name}}}' is only answered when {needed}; "
                    "give the text that condition"
                )
        other = "nl" if language == "en" else "en"
        if sorted(set(names)) != sorted(set(placeholders(text[other]))) and language == "en":
            raise ContentError(f"{filename}: {where}: English and Dutch use different placeholders")


def _check_blocks(
    filename: str,
    where: str,
    blocks: tuple[Block, ...],
    condition: dict[str, Any],
    questions: dict[str, Question],
) -> None:
    for index, block in enumerate(blocks):
        bw = f"{where}, block {index + 1}"
        _check_condition(filename, bw, block.when, questions)
        cond = {**condition, **block.when}
        if block.kind == "p":
            _check_text(filename, bw, block.text, cond, questions)
        elif block.kind == "list":
            for i, (text, when) in enumerate(block.items):
                _check_condition(filename, f"{bw}, item {i + 1}", when, questions)
                _check_text(filename, f"{bw}, item {i + 1}", text, {**cond, **when}, questions)
        elif block.kind == "table":
            _check_text(filename, f"{bw} caption", block.caption, cond, questions)
            for text in block.header:
                _check_text(filename, f"{bw} header", text, cond, questions)
            for i, (cells, when) in enumerate(block.rows):
                _check_condition(filename, f"{bw}, row {i + 1}", when, questions)
                for cell in cells:
                    _check_text(filename, f"{bw}, row {i + 1}", cell, {**cond, **when}, questions)
        elif block.kind == "section":
            _check_text(filename, f"{bw} title", block.title, cond, questions)
            _check_blocks(filename, bw, block.blocks, cond, questions)


def _check_default(question: Question) -> None:
    where = f"questions.yaml: question '{question.id}' default"
    default = question.default
    if default is None:
        return
    if question.type == "list":
        if not isinstance(default, list) or any(v not in question.choice_values() for v in default):
            raise ContentError(f"{where}: must be a list of its choices")
    elif question.type == "choice":
        if default not in question.choice_values():
            raise ContentError(f"{where}: must be one of its choices")
    elif question.type == "int":
        if not isinstance(default, int) or not question.min <= default <= question.max:
            raise ContentError(f"{where}: must be a number from {question.min} to {question.max}")
    elif question.type == "bool":
        if not isinstance(default, bool):
            raise ContentError(f"{where}: must be true or false")
    elif question.type == "text":
        values = (
            [default.get(lang) for lang in LANGUAGES] if isinstance(default, dict) else [default]
        )
        for value in values:
            if not isinstance(value, str) or len(value) > question.max_length:
                raise ContentError(
                    f"{where}: must be a text of at most {question.max_length} characters"
                )
            if question.pattern and not re.fullmatch(question.pattern, value):
                raise ContentError(f"{where}: does not match its own pattern")


def validate(content: Content) -> None:
    questions = content.questions
    for question in questions.values():
        _check_condition(
            "questions.yaml", f"question '{question.id}' show_if", question.show_if, questions
        )
        for qid in question.show_if:
            if content.pages.index(content.page(questions[qid].page)) > content.pages.index(
                content.page(question.page)
            ):
                raise ContentError(
                    f"questions.yaml: question '{question.id}' depends on '{qid}', which is asked later"
                )
        _check_default(question)
        if question.help:
            for language in LANGUAGES:
                if placeholders(question.help[language]):
                    raise ContentError(
                        f"questions.yaml: question '{question.id}' help: no placeholders allowed"
                    )
    for doc, filename in (
        (content.policy, "clauses.yaml"),
        (content.house_rules, "house_rules.yaml"),
    ):
        for key in ("title", "subtitle"):
            _check_text(filename, f"document {key}", getattr(doc, key), {}, questions)
        for clause in doc.clauses:
            where = f"clause '{clause.id}'"
            _check_condition(filename, where, clause.when, questions)
            _check_text(filename, f"{where} title", clause.title, clause.when, questions)
            for language in LANGUAGES:
                if placeholders(clause.source[language]):
                    raise ContentError(f"{filename}: {where} source: no placeholders allowed")
            _check_blocks(filename, where, clause.blocks, clause.when, questions)


def parse() -> Content:
    pages, questions = _parse_questions(_read_yaml("questions.yaml"))
    content = Content(
        pages=pages,
        questions=questions,
        policy=_parse_document("policy", "clauses.yaml", _read_yaml("clauses.yaml")),
        house_rules=_parse_document(
            "house_rules", "house_rules.yaml", _read_yaml("house_rules.yaml")
        ),
    )
    validate(content)
    return content


@lru_cache(maxsize=1)
def load() -> Content:
    """The validated content, read once per process."""
    return parse()
