"""The policy builder's knowledge: questions, clauses, house rules and legal references as YAML.

`load()` reads `content/*.yaml` once through the core loader, checks it and
returns a frozen `Content`. Every fault (a missing translation, an unknown
question id or value in a condition, a placeholder that no answer or context
value fills, a reference no file defines) is collected and raised together as
core's `ContentError`, each naming its file and place: at start-up (see
apps.py) and in the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from govsocial.core.content import LANGUAGES, PLACEHOLDER, Checker, ContentError, Text, read_yaml

from . import duration, election_dates
from .references import Reference, check_references, parse_references

CONTENT_DIR = Path(__file__).resolve().parent / "content"
QUESTION_TYPES = ("list", "choice", "int", "bool", "text", "duration", "date")
CONDITION_OPERATORS = ("not", "min", "max", "empty")
# Values not taken from an answer: name -> the question it depends on (or None).
CONTEXT_VARS: dict[str, str | None] = {
    "organisation": None,
    "audience": None,
    "emergency_number": None,
    "staffed_from": "staffed_hours",
    "staffed_until": "staffed_hours",
    "response_promise": None,  # the promise as the public reads it (services/promise.py)
    "not_yet_consulted": "stakeholders",
    "next_election_period_start": "next_election_date",  # who must be involved and has not been yet
}
# Conditions on the organisation and on what follows from several answers,
# not on one answer: name -> the values a condition may use. The organisation
# decides country, public_body, local_authority and uk_council; the others
# are worked out from the answers and the organisation (services/facts.py).
CONTEXT_CONDITIONS: dict[str, tuple[Any, ...]] = {
    "country": ("NL", "BE", "GB", "other"),
    "public_body": (True, False),
    "local_authority": (True, False),
    "uk_council": (True, False),
    "records_duty": (True, False),
    "code_of_conduct": (True, False),
    "promise_in_hours": (True, False),
    "consultation_open": (True, False),
}
TEXT_MAX_LENGTH = 500
ID = re.compile(r"[a-z_]+")
# Stands in for a text the checker refused, so that parsing goes on and names every fault.
MISSING = Text(en="", nl="")


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text
    text: Text  # the words used when the answer is filled into a text


@dataclass(frozen=True)
class Unit:
    one: Text
    other: Text

    def word(self, value: int, language: str) -> str:
        return (self.one if value == 1 else self.other)[language]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    page: str
    text: Text
    help: Text | None
    choices: tuple[Choice, ...] = ()
    default: Any = None  # a Text when a text question suggests an answer per language
    show_if: dict[str, Any] = field(default_factory=dict)
    min: int | None = None
    max: int | None = None
    unit: Unit | None = None
    format: str | None = None
    min_items: int = 0
    max_length: int = TEXT_MAX_LENGTH
    pattern: str | None = None
    pattern_hint: Text | None = None
    optional: bool = False  # may be left empty in the interview

    def choice_values(self) -> list[str]:
        return [c.value for c in self.choices]

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    def default_for(self, language: str) -> Any:
        if isinstance(self.default, Text):
            return self.default.get(language)
        if isinstance(self.default, list):
            return list(self.default)
        return self.default


@dataclass(frozen=True)
class Page:
    id: str
    title: Text
    intro: Text
    question_ids: tuple[str, ...]
    preview: str = ""  # the clause of the staff policy this page changes most (the preview's focus)


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
    when: dict[str, Any]
    blocks: tuple[Block, ...]
    references: tuple[str, ...] = ()  # ids in references.yaml, listed in the appendix


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
    references: dict[str, Reference] = field(default_factory=dict)

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def page_questions(self, page_id: str) -> list[Question]:
        page = self.page(page_id)
        return [self.questions[q] for q in page.question_ids] if page else []

    def document(self, name: str) -> DocumentContent:
        return self.policy if name == "policy" else self.house_rules


# --- parsing -------------------------------------------------------------------


def _read_yaml(name: str) -> Any:
    return read_yaml(CONTENT_DIR / name)


def _text(c: Checker, value: Any, where: str) -> Text:
    return c.text(value, where) or MISSING


def _when(c: Checker, value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        c.fail(where, "a condition is a mapping of question ids")
        return {}
    return value


def _whole(c: Checker, raw: dict[str, Any], key: str, where: str, default: int) -> int:
    value = raw.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        c.fail(where, f"{key} must be a whole number")
        return default
    return value


def _parse_questions(c: Checker, data: Any) -> tuple[tuple[Page, ...], dict[str, Question]]:
    data = c.mapping(data, "top level")
    pages: list[Page] = []
    questions: dict[str, Question] = {}
    for index, raw_page in enumerate(data.get("pages") or []):
        page = _parse_page(c, raw_page, f"page {index + 1}", questions)
        if page is not None:
            pages.append(page)
    if not pages:
        c.fail("top level", "no pages")
    return tuple(pages), questions


def _parse_page(
    c: Checker, raw_page: Any, where: str, questions: dict[str, Question]
) -> Page | None:
    raw_page = c.mapping(raw_page, where)
    page_id = raw_page.get("id")
    if not isinstance(page_id, str) or not ID.fullmatch(page_id):
        c.fail(where, "needs an id of lower-case letters")
        return None
    ids: list[str] = []
    for index, raw in enumerate(raw_page.get("questions") or []):
        question = _parse_question(c, raw, page_id, f"page '{page_id}', question {index + 1}")
        if question is None:
            continue
        if question.id in questions:
            c.fail(f"question '{question.id}'", "duplicate id")
            continue
        questions[question.id] = question
        ids.append(question.id)
    if not ids:
        c.fail(f"page '{page_id}'", "has no questions")
    return Page(
        id=page_id,
        title=_text(c, raw_page.get("title"), f"page '{page_id}' title"),
        intro=_text(c, raw_page.get("intro"), f"page '{page_id}' intro"),
        question_ids=tuple(ids),
        preview=str(raw_page.get("preview") or ""),
    )


def _parse_question(c: Checker, raw: Any, page_id: str, where: str) -> Question | None:
    raw = c.mapping(raw, where)
    qid = raw.get("id")
    if not isinstance(qid, str) or not ID.fullmatch(qid):
        c.fail(where, "needs an id of lower-case letters and underscores")
        return None
    where = f"question '{qid}'"
    qtype = raw.get("type")
    choices = _parse_choices(c, raw.get("choices"), where)
    if qtype not in QUESTION_TYPES:
        c.fail(where, f"type must be one of {', '.join(QUESTION_TYPES)}")
    elif qtype in ("list", "choice") and not choices:
        c.fail(where, "a list or choice question needs choices")
    elif qtype not in ("list", "choice") and choices:
        c.fail(where, "only list and choice questions have choices")
    if qtype == "int" and not (isinstance(raw.get("min"), int) and isinstance(raw.get("max"), int)):
        c.fail(where, "an int question needs min and max")
    pattern = raw.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError):
            c.fail(where, "the pattern is not a regular expression")
            pattern = None
    if pattern and raw.get("pattern_hint") is None:
        c.fail(where, "a pattern needs a pattern_hint")
    default = raw.get("default")
    if isinstance(default, dict):  # a suggested answer per language
        default = c.text(default, f"{where} default")
    return Question(
        id=qid,
        type=qtype if isinstance(qtype, str) else "",
        page=page_id,
        text=_text(c, raw.get("text"), f"{where} text"),
        help=c.text(raw.get("help"), f"{where} help", required=False),
        choices=choices,
        default=default,
        show_if=_when(c, raw.get("show_if"), f"{where} show_if"),
        min=raw.get("min"),
        max=raw.get("max"),
        unit=_parse_unit(c, raw.get("unit"), where),
        format=raw.get("format"),
        min_items=_whole(c, raw, "min_items", where, 0),
        max_length=min(_whole(c, raw, "max_length", where, TEXT_MAX_LENGTH), TEXT_MAX_LENGTH),
        pattern=pattern,
        pattern_hint=c.text(raw.get("pattern_hint"), f"{where} pattern_hint", required=False),
        optional=raw.get("optional") is True,
    )


def _parse_choices(c: Checker, raw_choices: Any, where: str) -> tuple[Choice, ...]:
    choices = []
    for index, raw in enumerate(raw_choices or []):
        raw = c.mapping(raw, f"{where}, choice {index + 1}")
        value = raw.get("value")
        if not isinstance(value, str):
            c.fail(f"{where}, choice {index + 1}", "needs a value")
            continue
        label = _text(c, raw.get("label"), f"{where}, choice '{value}' label")
        text = c.text(raw.get("text"), f"{where}, choice '{value}' text", required=False)
        choices.append(Choice(value=value, label=label, text=text or label))
    return tuple(choices)


def _parse_unit(c: Checker, raw: Any, where: str) -> Unit | None:
    if raw is None:
        return None
    forms: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        form = raw.get(language) if isinstance(raw, dict) else None
        if not (
            isinstance(form, dict)
            and isinstance(form.get("one"), str)
            and isinstance(form.get("other"), str)
        ):
            c.fail(where, f"unit needs 'one' and 'other' in '{language}'")
            return None
        forms[language] = form
    return Unit(
        one=Text(en=forms["en"]["one"], nl=forms["nl"]["one"]),
        other=Text(en=forms["en"]["other"], nl=forms["nl"]["other"]),
    )


def _parse_blocks(c: Checker, raw_blocks: Any, where: str) -> tuple[Block, ...]:
    if not isinstance(raw_blocks, list) or not raw_blocks:
        c.fail(where, "needs a list of blocks")
        return ()
    blocks = []
    for index, raw in enumerate(raw_blocks):
        block = _parse_block(c, raw, f"{where}, block {index + 1}")
        if block is not None:
            blocks.append(block)
    return tuple(blocks)


def _parse_block(c: Checker, raw: Any, where: str) -> Block | None:
    raw = c.mapping(raw, where)
    when = _when(c, raw.get("when"), where)
    if "p" in raw:
        spec = dict(c.mapping(raw["p"], where))
        when = {**when, **_when(c, spec.pop("when", None), where)}
        return Block(kind="p", when=when, text=_text(c, spec, where))
    if "list" in raw:
        return _parse_list(c, raw["list"], when, where)
    if "table" in raw:
        return _parse_table(c, raw["table"], when, where)
    if "title" in raw:
        title = _text(c, raw["title"], f"{where} title")
        blocks = _parse_blocks(c, raw.get("blocks"), f"{where} '{title.en}'")
        return Block(kind="section", when=when, title=title, blocks=blocks)
    c.fail(where, "a block is one of p, list, table, or title + blocks")
    return None


def _parse_list(c: Checker, spec: Any, when: dict[str, Any], where: str) -> Block:
    if isinstance(spec, list):
        spec = {"items": spec}
    spec = c.mapping(spec, where)
    items = []
    for index, item in enumerate(spec.get("items") or []):
        item_where = f"{where}, item {index + 1}"
        item = c.mapping(item, item_where)
        text = _text(c, {k: v for k, v in item.items() if k != "when"}, item_where)
        items.append((text, _when(c, item.get("when"), item_where)))
    if not items:
        c.fail(where, "a list needs items")
    return Block(kind="list", when=when, items=tuple(items), ordered=bool(spec.get("ordered")))


def _parse_table(c: Checker, spec: Any, when: dict[str, Any], where: str) -> Block:
    spec = c.mapping(spec, where)
    header = tuple(
        _text(c, h, f"{where}, header {i + 1}") for i, h in enumerate(spec.get("header") or [])
    )
    rows = []
    for index, row in enumerate(spec.get("rows") or []):
        row_where = f"{where}, row {index + 1}"
        row = c.mapping(row, row_where)
        cells = tuple(_text(c, cell, f"{row_where} cell") for cell in row.get("cells") or [])
        if len(cells) != len(header):
            c.fail(row_where, "needs as many cells as the header")
        rows.append((cells, _when(c, row.get("when"), row_where)))
    if not header or not rows:
        c.fail(where, "a table needs a header and rows")
    return Block(
        kind="table",
        when=when,
        caption=_text(c, spec.get("caption"), f"{where} caption"),
        header=header,
        rows=tuple(rows),
    )


def _parse_document(c: Checker, name: str, data: Any) -> DocumentContent:
    data = c.mapping(data, "top level")
    meta = c.mapping(data.get("document"), "document")
    clauses = []
    seen: set[str] = set()
    for index, raw in enumerate(data.get("clauses") or []):
        raw = c.mapping(raw, f"clause {index + 1}")
        cid = raw.get("id")
        if not isinstance(cid, str) or not ID.fullmatch(cid):
            c.fail(f"clause {index + 1}", "needs an id of lower-case letters and underscores")
            continue
        if cid in seen:
            c.fail(f"clause '{cid}'", "duplicate id")
            continue
        seen.add(cid)
        where = f"clause '{cid}'"
        references = raw.get("references") or []
        if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
            c.fail(where, "references is a list of reference ids")
            references = []
        clauses.append(
            Clause(
                id=cid,
                title=_text(c, raw.get("title"), f"{where} title"),
                when=_when(c, raw.get("when"), where),
                blocks=_parse_blocks(c, raw.get("blocks"), where),
                references=tuple(references),
            )
        )
    if not clauses:
        c.fail("top level", "no clauses")
    return DocumentContent(
        name=name,
        title=_text(c, meta.get("title"), "document title"),
        subtitle=_text(c, meta.get("subtitle"), "document subtitle"),
        clauses=tuple(clauses),
    )


# --- checking ------------------------------------------------------------------


def placeholders(text: str) -> list[str]:
    """The names of the `{name}` placeholders in a text."""
    return PLACEHOLDER.findall(text)


def _condition_values(c: Checker, where: str, qid: str, question: Question, spec: Any) -> list[Any]:
    """The answers a condition on one question names (none for min, max and empty)."""
    if not isinstance(spec, dict):
        return spec if isinstance(spec, list) else [spec]
    if len(spec) != 1 or next(iter(spec)) not in CONDITION_OPERATORS:
        c.fail(where, f"condition on '{qid}' must use one of {CONDITION_OPERATORS}")
        return []
    op, operand = next(iter(spec.items()))
    if op in ("min", "max"):
        if question.type != "int" or not isinstance(operand, int):
            c.fail(where, f"'{op}' needs an int question and a number")
        return []
    if op == "empty":
        if question.type not in ("list", "date") or not isinstance(operand, bool):
            c.fail(where, "'empty' needs a list or date question and true/false")
        return []
    return operand if isinstance(operand, list) else [operand]


def _is_answer(question: Question, value: Any) -> bool:
    if question.type == "duration":
        return duration.is_valid(value)
    if question.type == "date":
        return election_dates.is_valid(value)
    if question.type in ("list", "choice"):
        return value in question.choice_values()
    if question.type == "bool":
        return isinstance(value, bool)
    if question.type == "int":
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and question.min is not None
            and question.max is not None
            and question.min <= value <= question.max
        )
    return isinstance(value, str)


def _check_condition(
    c: Checker, where: str, condition: dict[str, Any], questions: dict[str, Question]
) -> None:
    for qid, spec in condition.items():
        if qid in CONTEXT_CONDITIONS:
            allowed = CONTEXT_CONDITIONS[qid]
            values = spec if isinstance(spec, list) else [spec]
            if any(v not in allowed or type(v) is not type(allowed[0]) for v in values):
                c.fail(where, f"condition on '{qid}' must be one of {list(allowed)}")
            continue
        question = questions.get(qid)
        if question is None:
            c.fail(where, f"condition names unknown question '{qid}'")
            continue
        for value in _condition_values(c, where, qid, question, spec):
            if not _is_answer(question, value):
                c.fail(
                    where,
                    f"condition on '{qid}' uses {value!r}, which is not a valid answer",
                )


def _implied(condition: dict[str, Any], required: dict[str, Any]) -> bool:
    """Does `condition` (a text's combined conditions) guarantee `required` (a show_if)?"""
    return all(condition.get(qid) == spec for qid, spec in required.items())


def _check_text(
    c: Checker,
    where: str,
    text: Text | None,
    condition: dict[str, Any],
    questions: dict[str, Question],
) -> None:
    """Each placeholder is filled by an answer (asked whenever the text is used) or a context value.

    The checker already made sure both languages use the same placeholders."""
    if text is None:
        return
    for language in LANGUAGES:
        rest = PLACEHOLDER.sub("", text[language])
        if "{" in rest or "}" in rest:
            c.fail(
                where,
                f"({language}) a placeholder is a lower-case name in braces, like {{organisation}}",
            )
    for name in dict.fromkeys(placeholders(text.en)):
        if name in questions:
            question = questions[name]
            if question.type == "bool":
                c.fail(where, f"'{{{name}}}' is a yes/no answer and cannot be filled in")
                continue
            needed = question.show_if
        elif name in CONTEXT_VARS:
            depends = CONTEXT_VARS[name]
            needed = questions[depends].show_if if depends in questions else {}
        else:
            c.fail(where, f"placeholder '{{{name}}}' is filled by no answer or context value")
            continue
        if needed and not _implied(condition, needed):
            c.fail(
                where,
                f"'{{{name}}}' is only answered when {needed}; give the text that condition",
            )


def _check_blocks(
    c: Checker,
    where: str,
    blocks: tuple[Block, ...],
    condition: dict[str, Any],
    questions: dict[str, Question],
) -> None:
    for index, block in enumerate(blocks):
        bw = f"{where}, block {index + 1}"
        _check_condition(c, bw, block.when, questions)
        cond = {**condition, **block.when}
        if block.kind == "p":
            _check_text(c, bw, block.text, cond, questions)
        elif block.kind == "list":
            for i, (text, when) in enumerate(block.items):
                _check_condition(c, f"{bw}, item {i + 1}", when, questions)
                _check_text(c, f"{bw}, item {i + 1}", text, {**cond, **when}, questions)
        elif block.kind == "table":
            _check_text(c, f"{bw} caption", block.caption, cond, questions)
            for text in block.header:
                _check_text(c, f"{bw} header", text, cond, questions)
            for i, (cells, when) in enumerate(block.rows):
                _check_condition(c, f"{bw}, row {i + 1}", when, questions)
                for cell in cells:
                    _check_text(c, f"{bw}, row {i + 1}", cell, {**cond, **when}, questions)
        elif block.kind == "section":
            _check_text(c, f"{bw} title", block.title, cond, questions)
            _check_blocks(c, bw, block.blocks, cond, questions)


def _check_default(c: Checker, question: Question) -> None:
    where = f"question '{question.id}' default"
    default = question.default
    if default is None:
        return
    values = question.choice_values()
    if question.type == "list":
        if not isinstance(default, list) or any(v not in values for v in default):
            c.fail(where, "must be a list of its choices")
    elif question.type == "choice":
        if default not in values:
            c.fail(where, "must be one of its choices")
    elif question.type == "int":
        if not _is_answer(question, default):
            c.fail(where, f"must be a number from {question.min} to {question.max}")
    elif question.type == "bool":
        if not isinstance(default, bool):
            c.fail(where, "must be true or false")
    elif question.type == "duration":
        if not duration.is_valid(default):
            c.fail(where, "must be a number with hours or working days, like '1 working day'")
    elif question.type == "date":
        c.fail(where, "a date question has no default: the date is the organisation's own")
    elif question.type == "text":
        texts = [default.en, default.nl] if isinstance(default, Text) else [default]
        for value in texts:
            if not isinstance(value, str) or len(value) > question.max_length:
                c.fail(where, f"must be a text of at most {question.max_length} characters")
            elif question.pattern and not re.fullmatch(question.pattern, value):
                c.fail(where, "does not match its own pattern")


def _check_questions(content: Content) -> Checker:
    c = Checker("questions.yaml")
    questions = content.questions
    order = {page.id: index for index, page in enumerate(content.pages)}
    for question in questions.values():
        _check_condition(c, f"question '{question.id}' show_if", question.show_if, questions)
        for qid in question.show_if:
            if qid in questions and order[questions[qid].page] > order[question.page]:
                c.fail(f"question '{question.id}'", f"depends on '{qid}', which is asked later")
        _check_default(c, question)
        if question.help and any(placeholders(question.help[lang]) for lang in LANGUAGES):
            c.fail(f"question '{question.id}' help", "no placeholders allowed")
    return c


def _check_document(
    doc: DocumentContent,
    filename: str,
    questions: dict[str, Question],
    references: dict[str, Reference],
) -> Checker:
    c = Checker(filename)
    for key in ("title", "subtitle"):
        _check_text(c, f"document {key}", getattr(doc, key), {}, questions)
    for clause in doc.clauses:
        where = f"clause '{clause.id}'"
        _check_condition(c, where, clause.when, questions)
        _check_text(c, f"{where} title", clause.title, clause.when, questions)
        _check_blocks(c, where, clause.blocks, clause.when, questions)
        for rid in clause.references:
            if rid not in references:
                c.fail(where, f"names unknown reference '{rid}'")
    return c


def _raise_if_failed(*checkers: Checker) -> None:
    problems = [problem for c in checkers for problem in c.problems]
    if problems:
        raise ContentError(problems)


def validate(content: Content) -> None:
    """ContentError naming every condition, placeholder and default that does not hold."""
    references = content.references
    reference_check = Checker("references.yaml")
    check_references(reference_check, references, CONTEXT_CONDITIONS)
    questions_check = _check_questions(content)
    clause_ids = {clause.id for clause in content.policy.clauses}
    for page in content.pages:
        if page.preview not in clause_ids:
            questions_check.fail(f"page '{page.id}' preview", f"names no clause: '{page.preview}'")
    _raise_if_failed(
        questions_check,
        _check_document(content.policy, "clauses.yaml", content.questions, references),
        _check_document(content.house_rules, "house_rules.yaml", content.questions, references),
        reference_check,
    )


def parse() -> Content:
    questions_file, clauses_file, rules_file, references_file = (
        Checker("questions.yaml"),
        Checker("clauses.yaml"),
        Checker("house_rules.yaml"),
        Checker("references.yaml"),
    )
    pages, questions = _parse_questions(questions_file, _read_yaml("questions.yaml"))
    policy = _parse_document(clauses_file, "policy", _read_yaml("clauses.yaml"))
    house_rules = _parse_document(rules_file, "house_rules", _read_yaml("house_rules.yaml"))
    references = parse_references(references_file, _read_yaml("references.yaml"))
    _raise_if_failed(questions_file, clauses_file, rules_file, references_file)
    content = Content(
        pages=pages,
        questions=questions,
        policy=policy,
        house_rules=house_rules,
        references=references,
    )
    validate(content)
    return content


@lru_cache(maxsize=1)
def load() -> Content:
    """The validated content, read once per process."""
    return parse()
