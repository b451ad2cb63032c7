"""The one document model every report in GovSocial is written in.

A Document is a tree of plain values: sections holding blocks (headings are
the sections' titles; blocks are paragraphs, lists, tables, charts and notes).
The policy, the scorecard, the game deck and the monthly report are all built
as Documents, and the four renderers (HTML, Markdown, DOCX, PDF) turn any
Document into a file. All text is plain text: renderers escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass
class Paragraph:
    text: str
    emphasis: bool = False  # rendered as a lead/intro paragraph


@dataclass
class BulletList:
    items: list[str]
    ordered: bool = False


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    numeric: bool = False  # every column after the first holds figures: aligned right, kept narrow


@dataclass
class Chart:
    """A chart drawn as SVG on the server, with its data as a table beside it."""

    svg: str  # trusted SVG markup produced by documents.charts
    title: str
    data: Table  # the same numbers, for screen readers and for DOCX/Markdown
    # The caption of a table next to the chart that already holds its numbers: the
    # renderers then point to that table instead of repeating the numbers.
    data_in: str = ""


@dataclass
class Note:
    """A small aside, such as where a practice comes from."""

    text: str


@dataclass
class PageBreak:
    pass


Block = Union[Paragraph, BulletList, Table, Chart, Note, PageBreak, "Section"]


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    id: str = ""  # a stable id (e.g. a clause id), used as the HTML anchor
    new_page: bool = False  # starts a new page in print (a part of a report, heading and all)
    # In a compact document's print, two half sections in a row sit side by side.
    half: bool = False


@dataclass
class Document:
    title: str
    language: str  # "en" or "nl"
    organisation: str = ""  # shown in headers and footers
    subtitle: str = ""
    meta: list[tuple[str, str]] = field(default_factory=list)  # label/value pairs under the title
    sections: list[Section] = field(default_factory=list)
    contents: bool = False  # a table of contents (with page numbers in the PDF) after the title
    # The compact print stylesheet: smaller type, tight spacing, a chart beside its numbers,
    # for documents whose parts each keep to one page (the monthly report).
    compact: bool = False

    def text(self) -> str:
        """All words of the document, for tests and search."""
        parts: list[str] = [self.title, self.subtitle, self.organisation]
        parts += [f"{k} {v}" for k, v in self.meta]

        def walk(blocks: list[Block]) -> None:
            for block in blocks:
                if isinstance(block, Section):
                    parts.append(block.title)
                    walk(block.blocks)
                elif isinstance(block, (Paragraph, Note)):
                    parts.append(block.text)
                elif isinstance(block, BulletList):
                    parts.extend(block.items)
                elif isinstance(block, Table):
                    parts.append(block.caption)
                    parts.extend(block.header)
                    parts.extend(c for row in block.rows for c in row)
                elif isinstance(block, Chart):
                    parts.append(block.title)

        walk(list(self.sections))
        return "\n".join(p for p in parts if p)
