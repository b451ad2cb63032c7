"""The four renderers of a `model.Document`: HTML, Markdown, DOCX and PDF.

    render(document, fmt, organisation=None) -> bytes     fmt in html | md | docx | pdf
    render_html_fragment(document) -> str                  safe HTML to embed in a page
    content_type(fmt), extension(fmt)

All text in a Document is plain text and is escaped by every renderer, so
`<script>` or `**bold**` typed into a free-text answer shows as exactly that.
Chart SVG comes from `documents.charts`; it is checked once more here (only
drawing elements, no scripts, links or event handlers) before it is embedded.

The PDF is made by WeasyPrint from the same HTML as the html format with an
A4 print stylesheet: the organisation's name in the header, "page X of Y" in
the footer in the document's language, fonts from the system embedded, and
PDF/A-3b. WeasyPrint may fetch nothing but data: URLs.

The DOCX is made by python-docx, on the organisation's own house template
when it has uploaded one (its styles, page setup, header and footer are used;
a style the template lacks falls back to a plain equivalent).
"""

from __future__ import annotations

import io
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .model import (
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

if TYPE_CHECKING:  # pragma: no cover
    from govsocial.core.models import Organisation

FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
}
PDF_VARIANT = "pdf/a-3b"


def content_type(fmt: str) -> str:
    return FORMATS[_check_format(fmt)][0]


def extension(fmt: str) -> str:
    return FORMATS[_check_format(fmt)][1]


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown document format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


def render(document: Document, fmt: str, organisation: Organisation | None = None) -> bytes:
    """The document as a file in `fmt`, its words in the document's language."""
    _check_format(fmt)
    with translation.override(document.language or "en"):
        if fmt == "html":
            return full_html(document, organisation).encode("utf-8")
        if fmt == "md":
            return markdown(document, organisation).encode("utf-8")
        if fmt == "docx":
            return docx(document, organisation)
        return pdf(document, organisation)


def organisation_name(document: Document, organisation: Organisation | None = None) -> str:
    if document.organisation:
        return document.organisation
    if organisation is not None:
        return organisation.name(document.language)
    return ""


def _walk(blocks: list[Block], depth: int = 1) -> Iterator[tuple[Block, int]]:
    for block in blocks:
        yield block, depth
        if isinstance(block, Section):
            yield from _walk(block.blocks, depth + 1)


# --- HTML --------------------------------------------------------------------


def _h(text: object) -> str:
    return escape(_x(text), quote=True)


def _h_lines(text: str) -> str:
    return "<br>\n".join(_h(line) for line in str(text).splitlines()) if text else ""


_ALLOWED_SVG = {
    "svg",
    "title",
    "desc",
    "g",
    "rect",
    "line",
    "polyline",
    "polygon",
    "circle",
    "ellipse",
    "path",
    "text",
    "tspan",
}


@lru_cache(maxsize=256)
def _safe_svg(svg: str) -> str:
    """The chart SVG if it holds only drawing elements, else "" (the table still shows)."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return ""
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if tag not in _ALLOWED_SVG:
            return ""
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if (
                local.startswith("on")
                or local in {"href", "src", "style"}
                or "url(" in value.lower()
            ):
                return ""
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return ""
    return svg


class _Ids:
    """Unique, stable anchors for sections."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.charts: dict[str, int] = {}

    def chart(self, svg: str) -> str:
        """The same chart twice in one page gets fresh element ids the second time."""
        match = re.search(r'id="(chart-[0-9a-f]+)-title"', svg)
        if not match:
            return svg
        chart_id = match.group(1)
        count = self.charts.get(chart_id, 0) + 1
        self.charts[chart_id] = count
        return svg if count == 1 else svg.replace(f"{chart_id}-", f"{chart_id}-{count}-")

    def __call__(self, section: Section, index: int) -> str:
        base = slugify(section.id) if section.id else (slugify(section.title) or "section")
        base = base or f"section-{index}"
        if base[0].isdigit():
            base = f"s-{base}"
        candidate, n = base, 2
        while candidate in self.seen:
            candidate, n = f"{base}-{n}", n + 1
        self.seen.add(candidate)
        return candidate


def _html_table(table: Table, utrecht: bool, caption: bool = True) -> str:
    t = ' class="utrecht-table gs-doc__table"' if utrecht else ' class="gs-doc__table"'
    row_class = ' class="utrecht-table__row"' if utrecht else ""
    th_class = ' class="utrecht-table__header-cell"' if utrecht else ""
    td_class = ' class="utrecht-table__cell"' if utrecht else ""
    out = [f"<table{t}>"]
    if caption and table.caption:
        out.append(f'<caption class="gs-doc__caption">{_h(table.caption)}</caption>')
    if table.header:
        cells = "".join(f'<th scope="col"{th_class}>{_h(c)}</th>' for c in table.header)
        out.append(f"<thead><tr{row_class}>{cells}</tr></thead>")
    out.append("<tbody>")
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            if i == 0 and table.header:
                cells.append(f'<th scope="row"{th_class}>{_h_lines(cell)}</th>')
            else:
                cells.append(f"<td{td_class}>{_h_lines(cell)}</td>")
        out.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _html_blocks(blocks: list[Block], depth: int, ids: _Ids, *, fragment: bool) -> list[str]:
    out: list[str] = []
    heading_class = ' class="utrecht-heading-{n}"' if fragment else ""
    p_class = "utrecht-paragraph " if fragment else ""
    for index, block in enumerate(blocks):
        if isinstance(block, Section):
            level = min(depth + 1, 6)
            anchor = ids(block, index)
            h_class = heading_class.format(n=min(level, 5))
            out.append(
                f'<section id="{_h(anchor)}" class="gs-doc__section gs-doc__section--{depth}">'
            )
            out.append(f"<h{level}{h_class}>{_h(block.title)}</h{level}>")
            out.extend(_html_blocks(block.blocks, depth + 1, ids, fragment=fragment))
            out.append("</section>")
        elif isinstance(block, Paragraph):
            cls = f"{p_class}gs-doc__lead" if block.emphasis else p_class.strip()
            attr = f' class="{cls.strip()}"' if cls.strip() else ""
            out.append(f"<p{attr}>{_h_lines(block.text)}</p>")
        elif isinstance(block, BulletList):
            tag = "ol" if block.ordered else "ul"
            cls = (
                (
                    ' class="utrecht-ordered-list"'
                    if block.ordered
                    else ' class="utrecht-unordered-list"'
                )
                if fragment
                else ""
            )
            items = "".join(f"<li>{_h_lines(item)}</li>" for item in block.items)
            out.append(f"<{tag}{cls}>{items}</{tag}>")
        elif isinstance(block, Table):
            out.append(f'<div class="gs-doc__table-wrap">{_html_table(block, fragment)}</div>')
        elif isinstance(block, Chart):
            svg = ids.chart(_safe_svg(block.svg))
            out.append('<figure class="gs-doc__chart">')
            out.append(f'<figcaption class="gs-doc__chart-title">{_h(block.title)}</figcaption>')
            if svg:
                out.append(f'<div class="gs-doc__chart-image">{svg}</div>')
            data = _html_table(block.data, fragment, caption=False)
            if fragment:
                out.append(
                    '<details class="gs-doc__chart-data"><summary>'
                    + _h(_("The numbers in this chart"))
                    + f"</summary>{data}</details>"
                )
            else:
                out.append(f'<div class="gs-doc__chart-data">{data}</div>')
            out.append("</figure>")
        elif isinstance(block, Note):
            out.append(f'<p class="{p_class}gs-doc__note">{_h_lines(block.text)}</p>')
        elif isinstance(block, PageBreak):
            out.append('<div class="gs-doc__page-break" aria-hidden="true"></div>')
    return out


def _meta_html(document: Document) -> str:
    if not document.meta:
        return ""
    rows = "".join(
        f"<div><dt>{_h(label)}</dt><dd>{_h_lines(value)}</dd></div>"
        for label, value in document.meta
    )
    return f'<dl class="gs-doc__meta">{rows}</dl>'


def render_html_fragment(document: Document) -> str:
    """The document's body as safe HTML to embed in a page that has its own h1.

    Sections become <section id=...> with h2 for top-level sections, h3 below;
    charts are inline SVG with their numbers in a real <table> (in a <details>).
    """
    with translation.override(document.language or "en"):
        parts = [f'<div class="gs-doc" lang="{_h(document.language or "en")}">']
        if document.subtitle:
            parts.append(
                f'<p class="utrecht-paragraph gs-doc__subtitle">{_h(document.subtitle)}</p>'
            )
        parts.append(_meta_html(document))
        parts.extend(_html_blocks(list(document.sections), 1, _Ids(), fragment=True))
        parts.append("</div>")
        return "\n".join(p for p in parts if p)


def _contents_html(document: Document) -> str:
    ids = _Ids()
    items = []
    for index, section in enumerate(document.sections):
        anchor = ids(section, index)
        items.append(f'<li><a href="#{_h(anchor)}">{_h(section.title)}</a></li>')
        # keep nested ids in step with _html_blocks, which numbers every section
        for block, _depth in _walk(section.blocks):
            if isinstance(block, Section):
                ids(block, 0)
    heading = _h(_("Contents"))
    return (
        f'<nav class="gs-doc__contents" aria-labelledby="gs-doc-contents">'
        f'<h2 id="gs-doc-contents">{heading}</h2><ol>{"".join(items)}</ol></nav>'
    )


def _css_string(text: str) -> str:
    """A CSS string literal that cannot end the <style> element or the string."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _page_counter_css() -> str:
    """'Page X of Y' in the active language, as CSS content."""
    template = _("Page %(page)s of %(pages)s")
    pieces = re.split(r"(%\(page\)s|%\(pages\)s)", template)
    out = []
    for piece in pieces:
        if piece == "%(page)s":
            out.append("counter(page)")
        elif piece == "%(pages)s":
            out.append("counter(pages)")
        elif piece:
            out.append(_css_string(piece))
    return " ".join(out)


STYLE = """
@page { size: A4; margin: 24mm 18mm 22mm 20mm;
  @top-left { content: string(gs-org); font-size: 8pt; color: #4d4d4d; vertical-align: bottom; padding-bottom: 3mm; }
  @top-right { content: string(gs-title); font-size: 8pt; color: #4d4d4d; vertical-align: bottom; padding-bottom: 3mm; }
  @bottom-right { content: PAGE_COUNTER; font-size: 8pt; color: #4d4d4d; vertical-align: top; padding-top: 3mm; }
  @bottom-left { content: string(gs-org); font-size: 8pt; color: #4d4d4d; vertical-align: top; padding-top: 3mm; }
}
@page :first { @top-left { content: none; } @top-right { content: none; } }
html { font-family: "Liberation Sans", "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1a1a1a; background: #fff; }
body { margin: 0; }
@media screen { body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; font-size: 1.05rem; } }
.gs-doc__masthead { border-bottom: 3pt solid #0b3a5b; padding-bottom: 4pt; margin-bottom: 18pt; }
.gs-doc__org { string-set: gs-org content(); margin: 0; font-weight: bold; color: #0b3a5b; font-size: 11pt; letter-spacing: 0.02em; }
h1 { string-set: gs-title content(); font-size: 22pt; line-height: 1.15; color: #0b3a5b; margin: 0 0 6pt; }
h2, h3, h4, h5, h6 { color: #0b3a5b; line-height: 1.2; break-after: avoid; page-break-after: avoid; }
h2 { font-size: 14pt; margin: 20pt 0 6pt; padding-bottom: 2pt; border-bottom: 0.75pt solid #9fb3c8; }
h3 { font-size: 11.5pt; margin: 14pt 0 4pt; }
h4, h5, h6 { font-size: 10.5pt; margin: 10pt 0 3pt; }
p { margin: 0 0 7pt; orphans: 3; widows: 3; }
.gs-doc__subtitle { font-size: 13pt; color: #4d4d4d; margin: 0 0 12pt; }
.gs-doc__lead { font-size: 11.5pt; }
.gs-doc__note { font-size: 9pt; font-style: italic; color: #4d4d4d; border-left: 2pt solid #9fb3c8; padding-left: 6pt; }
.gs-doc__meta { display: table; margin: 0 0 16pt; border-top: 0.75pt solid #c8c8c8; border-bottom: 0.75pt solid #c8c8c8; padding: 4pt 0; width: 100%; }
.gs-doc__meta div { display: table-row; }
.gs-doc__meta dt, .gs-doc__meta dd { display: table-cell; padding: 2pt 8pt 2pt 0; margin: 0; }
.gs-doc__meta dt { font-weight: bold; width: 32%; color: #4d4d4d; }
ul, ol { margin: 0 0 8pt; padding-left: 16pt; }
li { margin-bottom: 3pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; font-size: 9.5pt; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 3pt; color: #1a1a1a; }
th, td { border: 0.75pt solid #b3b3b3; padding: 3pt 5pt; text-align: left; vertical-align: top; }
thead th { background: #e8eef4; color: #0b3a5b; }
thead { display: table-header-group; }
tbody th { font-weight: normal; }
tr { break-inside: avoid; page-break-inside: avoid; }
.gs-doc__chart { margin: 8pt 0 12pt; break-inside: avoid; page-break-inside: avoid; }
.gs-doc__chart-title { font-weight: bold; margin-bottom: 4pt; }
.gs-doc__chart-image svg { width: 100%; height: auto; max-width: 15cm; display: block; }
.gs-doc__chart-data table { font-size: 8.5pt; }
.gs-doc__page-break { break-after: page; page-break-after: always; }
.gs-doc__contents ol { padding-left: 14pt; }
.gs-doc__contents a { color: #1a1a1a; text-decoration: none; }
.gs-doc__contents a::after { content: leader(".") target-counter(attr(href), page); }
@media screen { .gs-doc__contents a::after { content: none; } .gs-doc__contents a { color: #0b5394; text-decoration: underline; } }
a { color: #0b5394; }
"""


def full_html(document: Document, organisation: Organisation | None = None) -> str:
    """A standalone HTML document: inline CSS, lang, title, organisation."""
    lang = _h(document.language or "en")
    org = organisation_name(document, organisation)
    head_title = f"{document.title} · {org}" if org else document.title
    css = STYLE.replace("PAGE_COUNTER", _page_counter_css())
    body: list[str] = []
    if org:
        body.append(
            f'<header class="gs-doc__masthead"><p class="gs-doc__org">{_h(org)}</p></header>'
        )
    body.append("<main>")
    body.append(f"<h1>{_h(document.title)}</h1>")
    if document.subtitle:
        body.append(f'<p class="gs-doc__subtitle">{_h(document.subtitle)}</p>')
    body.append(_meta_html(document))
    if document.contents and document.sections:
        body.append(_contents_html(document))
    body.extend(_html_blocks(list(document.sections), 1, _Ids(), fragment=False))
    body.append("</main>")
    meta_author = f'<meta name="author" content="{_h(org)}">' if org else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_h(head_title)}</title>\n{meta_author}\n"
        '<meta name="generator" content="GovSocial">\n'
        f"<style>{css}</style>\n</head>\n<body>\n"
        + "\n".join(b for b in body if b)
        + "\n</body>\n</html>\n"
    )


# --- Markdown ----------------------------------------------------------------

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


# --- DOCX --------------------------------------------------------------------


def _house_template(organisation: Organisation | None) -> bytes | None:
    if organisation is None or getattr(organisation, "pk", None) is None:
        return None
    from .services import house_template_bytes

    return house_template_bytes(organisation)


class _Docx:
    """Writes one Document into a python-docx document, minding missing styles."""

    def __init__(self, document: Document, organisation: Organisation | None) -> None:
        import docx as python_docx

        self.source = document
        self.org = organisation_name(document, organisation)
        template = _house_template(organisation)
        self.on_template = False
        if template:
            try:
                self.doc = python_docx.Document(io.BytesIO(template))
                self.on_template = True
            except Exception:  # a template that no longer opens must not stop the document
                self.doc = python_docx.Document()
        else:
            self.doc = python_docx.Document()
        # Name -> style id, looked up once: python-docx scans every style on each lookup by name.
        self.styles = {s.name: s.style_id for s in self.doc.styles}
        self._list_count = 0

    # helpers
    def style(self, *names: str) -> str | None:
        for name in names:
            if name in self.styles:
                return name
        return None

    def paragraph(self, text: str = "", *styles: str, italic: bool = False, bold: bool = False):
        style = self.style(*styles) if styles else None
        paragraph = self.doc.add_paragraph()
        if style:
            paragraph._p.get_or_add_pPr().style = self.styles[style]
        if text:
            run = paragraph.add_run(_x(text))
            run.italic = italic or None
            run.bold = bold or None
        return paragraph

    def heading(self, text: str, level: int) -> None:
        style = (
            self.style(f"Heading {level}", "Heading 1")
            if level
            else self.style("Title", "Heading 1")
        )
        if style:
            self.paragraph(text, style)
        else:
            from docx.shared import Pt

            paragraph = self.doc.add_paragraph()
            run = paragraph.add_run(_x(text))
            run.bold = True
            run.font.size = Pt(20 if level == 0 else max(16 - 2 * level, 11))

    def prepare(self) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Mm

        if self.on_template:
            body = self.doc.element.body
            for child in list(body):
                if child.tag != qn("w:sectPr"):
                    body.remove(child)
        else:
            for section in self.doc.sections:
                section.page_width, section.page_height = Mm(210), Mm(297)
                section.left_margin = section.right_margin = Mm(20)
                section.top_margin, section.bottom_margin = Mm(22), Mm(20)
        self._set_language()
        props = self.doc.core_properties
        props.title = _x(self.source.title)[:255]
        props.subject = _x(self.source.subtitle)[:255]
        props.author = _x(self.org)[:255] or "GovSocial"
        props.language = self.source.language or "en"
        props.comments = ""
        props.last_modified_by = "GovSocial"
        self._header_footer()

    def _set_language(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        if "Normal" not in self.styles:
            return
        lang_code = {"nl": "nl-NL", "en": "en-GB"}.get(self.source.language, self.source.language)
        rpr = self.doc.styles["Normal"].element.get_or_add_rPr()
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), lang_code)

    @staticmethod
    def _has_content(part: Any) -> bool:
        if part.is_linked_to_previous:
            return False
        element = part._element
        texts = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))
        drawings = any(
            t.tag.endswith(("}drawing", "}pict", "}fldSimple", "}instrText"))
            for t in element.iter()
        )
        return bool(texts.strip()) or drawings

    def _header_footer(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        for section in self.doc.sections:
            header = section.header
            if self.org and not self._has_content(header):
                header.is_linked_to_previous = False
                paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
                paragraph.text = _x(self.org)
                if "Header" in self.styles:
                    paragraph.style = self.doc.styles["Header"]
            footer = section.footer
            if not self._has_content(footer):
                footer.is_linked_to_previous = False
                paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
                if "Footer" in self.styles:
                    paragraph.style = self.doc.styles["Footer"]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                template = _("Page %(page)s of %(pages)s")
                for piece in re.split(r"(%\(page\)s|%\(pages\)s)", template):
                    if piece == "%(page)s":
                        _add_field(paragraph, "PAGE", "1")
                    elif piece == "%(pages)s":
                        _add_field(paragraph, "NUMPAGES", "1")
                    elif piece:
                        paragraph.add_run(piece)

    def meta(self) -> None:
        if self.source.subtitle:
            self.paragraph(self.source.subtitle, "Subtitle", italic="Subtitle" not in self.styles)
        for label, value in self.source.meta:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(_x(f"{label}: ")).bold = True
            paragraph.add_run(_x(value))

    def bullet_list(self, block: BulletList) -> None:
        style = self.style("List Number") if block.ordered else self.style("List Bullet")
        num_id = self._restart_numbering() if block.ordered and style else None
        for number, item in enumerate(block.items, start=1):
            if style:
                paragraph = self.paragraph(item, style)
                if num_id is not None:
                    _set_num(paragraph, num_id)
            else:
                marker = f"{number}. " if block.ordered else "• "
                self.paragraph(marker + item)

    def _restart_numbering(self) -> int | None:
        """Each numbered list starts at 1 (Word would otherwise continue the last one)."""
        self._list_count += 1
        if self._list_count == 1:
            return None
        try:
            style = self.doc.styles["List Number"]
            num_pr = style.element.pPr.numPr
            numbering = self.doc.part.numbering_part.element
            num = numbering.num_having_numId(num_pr.numId.val)
            new = numbering.add_num(num.abstractNumId.val)
            new.add_lvlOverride(ilvl=0).add_startOverride(1)
            return new.numId
        except Exception:  # a template without list numbering: Word continues, no harm
            return None

    def table(self, table: Table, caption: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        if caption:
            self.paragraph(caption, "Caption", bold="Caption" not in self.styles)
        columns = max([len(table.header)] + [len(r) for r in table.rows] + [1])
        rows = len(table.rows) + (1 if table.header else 0)
        grid = self.doc.add_table(rows=rows, cols=columns)
        style = self.style("Table Grid", "Light Grid", "Table Normal")
        if style:
            grid.style = self.doc.styles[style]
        offset = 0
        if table.header:
            offset = 1
            row = grid.rows[0]
            tr_pr = row._tr.get_or_add_trPr()
            header_flag = OxmlElement("w:tblHeader")
            header_flag.set(qn("w:val"), "true")
            tr_pr.append(header_flag)
            for i, text in enumerate(table.header):
                cell = row.cells[i]
                cell.paragraphs[0].add_run(_x(text)).bold = True
        for r, values in enumerate(table.rows):
            cells = grid.rows[r + offset].cells
            for i, text in enumerate(values[:columns]):
                cells[i].paragraphs[0].add_run(_x(text))
        self.doc.add_paragraph()

    def blocks(self, blocks: list[Block], depth: int) -> None:
        for block in blocks:
            if isinstance(block, Section):
                self.heading(block.title, min(depth, 9))
                self.blocks(block.blocks, depth + 1)
            elif isinstance(block, Paragraph):
                self.paragraph(block.text, "Normal", bold=block.emphasis)
            elif isinstance(block, BulletList):
                self.bullet_list(block)
            elif isinstance(block, Table):
                self.table(block, block.caption)
            elif isinstance(block, Chart):
                self.table(block.data, block.title)
            elif isinstance(block, Note):
                self.paragraph(block.text, "Normal", italic=True)
            elif isinstance(block, PageBreak):
                self.doc.add_page_break()

    def build(self) -> bytes:
        self.prepare()
        self.heading(self.source.title, 0)
        self.meta()
        self.blocks(list(self.source.sections), 1)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: object) -> str:
    """Text Word can hold: control characters (pasted from elsewhere) are dropped."""
    return _NOT_XML.sub("", str(text))


def _add_field(paragraph: Any, instruction: str, placeholder: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(element: Any) -> None:
        run = paragraph.add_run()
        run._r.append(element)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _set_num(paragraph: Any, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def docx(document: Document, organisation: Organisation | None = None) -> bytes:
    return _Docx(document, organisation).build()


# --- PDF ---------------------------------------------------------------------

_local = threading.local()


def _font_config() -> Any:
    """One FontConfiguration per thread, reused across renders (fonts load once)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def _url_fetcher() -> Any:
    """Only inline data: URLs; anything else (http, file, ...) is refused and left out."""
    fetcher = getattr(_local, "url_fetcher", None)
    if fetcher is None:
        from weasyprint.urls import URLFetcher

        fetcher = _local.url_fetcher = URLFetcher(
            allowed_protocols={"data"}, allow_redirects=False, timeout=1
        )
    return fetcher


def pdf(document: Document, organisation: Organisation | None = None) -> bytes:
    import weasyprint

    html = full_html(document, organisation)
    return weasyprint.HTML(string=html, url_fetcher=_url_fetcher(), base_url=None).write_pdf(
        font_config=_font_config(), pdf_variant=PDF_VARIANT
    )
