"""Markdown that shows every text exactly as typed, in CommonMark, GFM and Python-Markdown."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import (
    Block,
    BulletList,
    Chart,
    Document,
    Note,
    PageBreak,
    Paragraph,
    Section,
    Table,
)
from .common import data_reference, organisation_name

if TYPE_CHECKING:  # pragma: no cover
    from govsocial.core.models import Organisation


_MD_INLINE = re.compile(r"([\\`*_\[\]{}])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=#]|\d+[.)])")
# Characters that not every Markdown dialect unescapes after a backslash: entities.
_MD_ENTITIES = {"|": "&#124;", "~": "&#126;"}


def md_escape(text: str) -> str:
    """Plain text that Markdown shows as exactly that text (HTML included).

    Works for CommonMark/GFM and Python-Markdown alike."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    for char, entity in _MD_ENTITIES.items():
        text = text.replace(char, entity)
    lines = []
    for line in text.split("\n"):
        line = line.lstrip()  # indentation would make a code block, where escapes show
        match = _MD_LINE_START.match(line)
        if match:
            marker = match.group(2)
            if marker[0].isdigit():
                escaped = marker[:-1] + "\\" + marker[-1]
            elif marker == "=":
                escaped = "&#61;"
            else:
                escaped = "\\" + marker
            line = match.group(1) + escaped + line[match.end() :]
        lines.append(line)
    return "\n".join(lines)


def _md_inline(text: str) -> str:
    return md_escape(" ".join(str(text).split()))


def _md_table(table: Table) -> list[str]:
    header = table.header or [""] * max((len(r) for r in table.rows), default=1)
    width = len(header)
    out = [
        "| " + " | ".join(_md_inline(c) for c in header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    for row in table.rows:
        cells = list(row) + [""] * (width - len(row))
        out.append("| " + " | ".join(_md_inline(c) for c in cells[:width]) + " |")
    return out


def _md_blocks(blocks: list[Block], depth: int) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Section):
            out.append("#" * min(depth + 1, 6) + " " + _md_inline(block.title))
            out.append("")
            out.extend(_md_blocks(block.blocks, depth + 1))
        elif isinstance(block, Paragraph):
            text = "  \n".join(md_escape(line) for line in block.text.splitlines())
            out += [f"**{text}**" if block.emphasis and text else text, ""]
        elif isinstance(block, BulletList):
            for number, item in enumerate(block.items, start=1):
                out.append(
                    f"{number}. {_md_inline(item)}" if block.ordered else f"- {_md_inline(item)}"
                )
            out.append("")
        elif isinstance(block, Table):
            if block.caption:
                out += [f"**{_md_inline(block.caption)}**", ""]
            out += _md_table(block) + [""]
        elif isinstance(block, Chart):
            out += [f"**{_md_inline(block.title)}**", ""]
            if block.data_in:
                out += [f"*{md_escape(data_reference(block))}*", ""]
            else:
                out += _md_table(block.data) + [""]
        elif isinstance(block, Note):
            text = "  \n".join(md_escape(line) for line in block.text.splitlines())
            out += [f"*{text}*" if text else "", ""]
        elif isinstance(block, PageBreak):
            continue
    return out


def markdown(document: Document, organisation: Organisation | None = None) -> str:
    org = organisation_name(document, organisation)
    out: list[str] = []
    if org:
        out += [_md_inline(org), ""]
    out += ["# " + _md_inline(document.title), ""]
    if document.subtitle:
        out += [f"*{_md_inline(document.subtitle)}*", ""]
    for label, value in document.meta:
        out.append(f"- **{_md_inline(label)}:** {_md_inline(value)}")
    if document.meta:
        out.append("")
    out += _md_blocks(list(document.sections), 1)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
