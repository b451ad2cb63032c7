"""The documents people ask for next, from the same answers: profile texts, a pinned
post, webcare replies and a privacy statement, as YAML in content/.

`load()` reads bio.yaml, pinned.yaml, webcare.yaml and privacy.yaml once through
the core loader and checks them: both languages, only the named placeholders
below or the file's own fill-ins, conditions only on the flags below, and every
copy-ready text (a `post`) with a last variant that fits its platform's limit
whatever the answers are. Every fault is raised together as core's ContentError.

The texts depend on flags and values that services/companions.py derives from
the answers and the organisation, not on question ids, so the interview can
change without breaking them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any

from govsocial.core.content import LANGUAGES, PLACEHOLDER, Checker, ContentError, Text, read_yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
KINDS = ("bio", "pinned", "webcare", "privacy")
ID = re.compile(r"[a-z][a-z0-9_]*")

# What a condition may ask (each true or false).
FLAGS = (
    "office_hours",  # staffed in set hours (not around the clock)
    "around_the_clock",
    "comments_open",
    "public_body",  # a municipality, province, agency or health trust
    "crisis",  # crisis communication is one of the goals
    "country_nl",
    "country_be",
    "country_gb",
    "country_other",
)
# The values services/companions.py fills in: name -> the longest it can be (None: no bound).
VALUES: dict[str, int | None] = {
    "organisation": None,
    "audience": 9,
    "emergency_number": 3,
    "hours": 48,
    "hours_short": 30,
    "response_promise": 30,
}


@dataclass(frozen=True)
class FillIn:
    """Words in square brackets the team replaces before publishing, e.g. [phone number]."""

    name: str
    text: Text
    longest: int  # the longest real value it stands for (for the length check)


@dataclass(frozen=True)
class Part:
    text: Text
    when: Mapping[str, bool]


@dataclass(frozen=True)
class Post:
    """A copy-ready text: the first variant whose filled text fits `limit` is used."""

    limit: int
    variants: tuple[tuple[Part, ...], ...]
    lines: bool = False  # parts on lines of their own (else joined by spaces)

    @property
    def separator(self) -> str:
        return "\n" if self.lines else " "


@dataclass(frozen=True)
class Block:
    kind: str  # p, note, list, table, post
    when: Mapping[str, bool]
    text: Text | None = None  # p, note
    items: tuple[Part, ...] = ()  # list
    caption: Text | None = None  # table
    header: tuple[Text, ...] = ()
    rows: tuple[tuple[tuple[Text, ...], Mapping[str, bool]], ...] = ()
    post: Post | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    when: Mapping[str, bool]
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CompanionContent:
    kind: str
    label: Text  # the document's name in the list of downloads
    file_name: Text  # the stem of a downloaded file
    title: Text
    subtitle: Text
    fill_ins: Mapping[str, FillIn]
    sections: tuple[Section, ...]


MISSING = Text(en="", nl="")


# --- parsing -----------------------------------------------------------------------------


class _Parser:
    """One file's parser; `allowed` grows with the file's fill-ins before the texts are read."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.c = Checker(f"{kind}.yaml")
        self.allowed: set[str] = set(VALUES)
        self.fill_ins: dict[str, FillIn] = {}

    def text(self, value: Any, where: str) -> Text:
        return self.c.text(value, where, allowed=self.allowed) or MISSING

    def when(self, value: Any, where: str) -> dict[str, bool]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.c.fail(where, "a condition maps flags to true or false")
            return {}
        for flag, wanted in value.items():
            if flag not in FLAGS:
                self.c.fail(where, f"unknown flag '{flag}'; use one of {', '.join(FLAGS)}")
            elif not isinstance(wanted, bool):
                self.c.fail(where, f"flag '{flag}' must be true or false")
        return dict(value)

    def part(self, raw: Any, where: str) -> Part:
        raw = self.c.mapping(raw, where)
        text = self.text({k: v for k, v in raw.items() if k != "when"}, where)
        return Part(text=text, when=self.when(raw.get("when"), where))

    def parse(self, data: Any) -> CompanionContent:
        data = self.c.mapping(data, "top level")
        for name, raw in self.c.mapping(data.get("fill_ins") or {}, "fill_ins").items():
            self._fill_in(name, raw)
        meta = self.c.mapping(data.get("document"), "document")
        sections: list[Section] = []
        seen: set[str] = set()
        for index, raw in enumerate(data.get("sections") or []):
            section = self._section(raw, f"section {index + 1}")
            if section is None:
                continue
            if section.id in seen:
                self.c.fail(f"section '{section.id}'", "duplicate id")
            seen.add(section.id)
            sections.append(section)
        if not sections:
            self.c.fail("top level", "no sections")
        return CompanionContent(
            kind=self.kind,
            label=self.text(meta.get("label"), "document label"),
            file_name=self._file_name(meta.get("file_name")),
            title=self.text(meta.get("title"), "document title"),
            subtitle=self.text(meta.get("subtitle"), "document subtitle"),
            fill_ins=self.fill_ins,
            sections=tuple(sections),
        )

    def _fill_in(self, name: Any, raw: Any) -> None:
        where = f"fill-in '{name}'"
        if not isinstance(name, str) or not ID.fullmatch(name) or name in VALUES:
            self.c.fail(where, "needs a new lower-case name")
            return
        raw = self.c.mapping(raw, where)
        longest = raw.get("longest")
        if isinstance(longest, bool) or not isinstance(longest, int) or longest < 1:
            self.c.fail(where, "needs 'longest': the length of the longest real value")
            longest = 1
        text = self.c.text({k: v for k, v in raw.items() if k != "longest"}, where, allowed=())
        for language in LANGUAGES:
            if text and not (text[language].startswith("[") and text[language].endswith("]")):
                self.c.fail(where, f"({language}) a fill-in is written in [square brackets]")
        self.fill_ins[name] = FillIn(name=name, text=text or MISSING, longest=longest)
        self.allowed.add(name)

    def _file_name(self, raw: Any) -> Text:
        text = self.text(raw, "document file_name")
        for language in LANGUAGES:
            if text[language] and not re.fullmatch(r"[a-z0-9-]+", text[language]):
                self.c.fail("document file_name", f"({language}) lower-case letters and hyphens")
        return text

    def _section(self, raw: Any, where: str) -> Section | None:
        raw = self.c.mapping(raw, where)
        section_id = raw.get("id")
        if not isinstance(section_id, str) or not ID.fullmatch(section_id):
            self.c.fail(where, "needs an id of lower-case letters, digits and underscores")
            return None
        where = f"section '{section_id}'"
        raw_blocks = raw.get("blocks")
        if not isinstance(raw_blocks, list) or not raw_blocks:
            self.c.fail(where, "needs a list of blocks")
            raw_blocks = []
        blocks = [self._block(b, f"{where}, block {i + 1}") for i, b in enumerate(raw_blocks)]
        return Section(
            id=section_id,
            title=self.text(raw.get("title"), f"{where} title"),
            when=self.when(raw.get("when"), where),
            blocks=tuple(b for b in blocks if b is not None),
        )

    def _block(self, raw: Any, where: str) -> Block | None:
        raw = self.c.mapping(raw, where)
        kinds = [k for k in ("p", "note", "list", "table", "post") if k in raw]
        if len(kinds) != 1:
            self.c.fail(where, "a block is exactly one of p, note, list, table or post")
            return None
        kind = kinds[0]
        when = self.when(raw.get("when"), where)
        spec = raw[kind]
        if kind in ("p", "note"):
            spec = dict(self.c.mapping(spec, where))  # a text may carry its own condition
            when = {**when, **self.when(spec.pop("when", None), where)}
            return Block(kind=kind, when=when, text=self.text(spec, where))
        if kind == "list":
            items = tuple(
                self.part(item, f"{where}, item {i + 1}") for i, item in enumerate(spec or [])
            )
            if not items:
                self.c.fail(where, "a list needs items")
            return Block(kind="list", when=when, items=items)
        if kind == "table":
            return self._table(spec, when, where)
        return Block(kind="post", when=when, post=self._post(spec, where))

    def _table(self, spec: Any, when: dict[str, bool], where: str) -> Block:
        spec = self.c.mapping(spec, where)
        header = tuple(self.text(h, f"{where}, header") for h in spec.get("header") or [])
        rows = []
        for index, raw in enumerate(spec.get("rows") or []):
            row_where = f"{where}, row {index + 1}"
            raw = self.c.mapping(raw, row_where)
            cells = tuple(self.text(cell, f"{row_where} cell") for cell in raw.get("cells") or [])
            if len(cells) != len(header):
                self.c.fail(row_where, "needs as many cells as the header")
            rows.append((cells, self.when(raw.get("when"), row_where)))
        if not header or not rows:
            self.c.fail(where, "a table needs a header and rows")
        return Block(
            kind="table",
            when=when,
            caption=self.text(spec.get("caption"), f"{where} caption"),
            header=header,
            rows=tuple(rows),
        )

    def _post(self, spec: Any, where: str) -> Post:
        spec = self.c.mapping(spec, where)
        limit = spec.get("limit")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            self.c.fail(where, "a post needs a limit: the platform's maximum number of characters")
            limit = 1
        variants = []
        for index, raw in enumerate(spec.get("variants") or []):
            parts = raw if isinstance(raw, list) else [raw]
            variant_where = f"{where}, variant {index + 1}"
            variants.append(
                tuple(self.part(p, f"{variant_where}, part {i + 1}") for i, p in enumerate(parts))
            )
        if not variants or not all(variants):
            self.c.fail(where, "a post needs variants, each with at least one part")
        return Post(limit=limit, variants=tuple(variants), lines=bool(spec.get("lines")))


# --- checking ---------------------------------------------------------------------------


def flag_combinations() -> list[dict[str, bool]]:
    """Every set of flags the answers and an organisation can give (one country each)."""
    combinations = []
    for office_hours, comments_open, public_body, crisis in product((True, False), repeat=4):
        for country in ("nl", "be", "gb", "other"):
            flags = {
                "office_hours": office_hours,
                "around_the_clock": not office_hours,
                "comments_open": comments_open,
                "public_body": public_body,
                "crisis": crisis,
            }
            flags.update({f"country_{c}": c == country for c in ("nl", "be", "gb", "other")})
            combinations.append(flags)
    return combinations


def _holds(when: Mapping[str, bool], flags: Mapping[str, bool]) -> bool:
    return all(flags.get(flag) == wanted for flag, wanted in when.items())


def longest_length(
    parts: tuple[Part, ...], separator: str, fill_ins: Mapping[str, FillIn]
) -> int | None:
    """The most characters these parts can take, in either language and for any answers
    (None: a value without a bound is used)."""
    longest = {**VALUES, **{name: f.longest for name, f in fill_ins.items()}}
    sizes: list[dict[str, int]] = []
    for part in parts:
        size = {}
        for language in LANGUAGES:
            text = part.text[language]
            bounds = [longest.get(name) for name in PLACEHOLDER.findall(text)]
            if any(bound is None for bound in bounds):
                return None
            size[language] = len(PLACEHOLDER.sub("", text)) + sum(b or 0 for b in bounds)
        sizes.append(size)
    most = 0
    for flags in flag_combinations():
        used = [size for part, size in zip(parts, sizes, strict=True) if _holds(part.when, flags)]
        for language in LANGUAGES:
            total = sum(size[language] for size in used) + len(separator) * max(len(used) - 1, 0)
            most = max(most, total)
    return most


def _check_posts(content: CompanionContent) -> Checker:
    c = Checker(f"{content.kind}.yaml")
    for section in content.sections:
        for index, block in enumerate(section.blocks):
            if block.post is None or not block.post.variants:
                continue
            post, where = block.post, f"section '{section.id}', block {index + 1}"
            last = longest_length(post.variants[-1], post.separator, content.fill_ins)
            if last is None:
                c.fail(
                    where,
                    "the last variant may only use values of a known length (not {organisation})",
                )
            elif last > post.limit:
                c.fail(
                    where, f"the last variant can take {last} characters; the limit is {post.limit}"
                )
    return c


def parse(kind: str, data: Any) -> CompanionContent:
    parser = _Parser(kind)
    content = parser.parse(data)
    problems = parser.c.problems + _check_posts(content).problems
    if problems:
        raise ContentError(problems)
    return content


def read(kind: str) -> CompanionContent:
    path = CONTENT_DIR / f"{kind}.yaml"
    if not path.is_file():
        raise ContentError(f"{path.name}: missing")
    return parse(kind, read_yaml(path))


@lru_cache(maxsize=1)
def load() -> dict[str, CompanionContent]:
    """Every companion document's content, read and checked once per process."""
    problems: list[str] = []
    found: dict[str, CompanionContent] = {}
    for kind in KINDS:
        try:
            found[kind] = read(kind)
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    return found
