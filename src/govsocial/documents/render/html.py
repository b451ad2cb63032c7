"""HTML: the standalone page (also the PDF's source) and the fragment a page embeds.

Chart SVG comes from `documents.charts`; it is checked once more here (only
drawing elements, no scripts, links or event handlers) before it is embedded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

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
from .common import clean_text, data_reference, organisation_name, walk

if TYPE_CHECKING:  # pragma: no cover
    from govsocial.core.models import Organisation


def _h(text: object) -> str:
    return escape(clean_text(text), quote=True)


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
    numeric = " gs-doc__table--numeric" if table.numeric else ""
    t = (
        f' class="utrecht-table gs-doc__table{numeric}"'
        if utrecht
        else f' class="gs-doc__table{numeric}"'
    )
    row_class = ' class="utrecht-table__row"' if utrecht else ""
    th_class = ' class="utrecht-table__header-cell"' if utrecht else ""
    td_class = ' class="utrecht-table__cell"' if utrecht else ""
    out = [f"<table{t}>"]
    if caption and table.caption:
        out.append(f'<caption class="gs-doc__caption">{_h(table.caption)}</caption>')
    if table.header:
        heads = "".join(f'<th scope="col"{th_class}>{_h(c)}</th>' for c in table.header)
        out.append(f"<thead><tr{row_class}>{heads}</tr></thead>")
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
            extra = " gs-doc__section--new-page" if block.new_page else ""
            extra += " gs-doc__section--half" if block.half else ""
            out.append(
                f'<section id="{_h(anchor)}" class="gs-doc__section gs-doc__section--{depth}{extra}">'
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
            if block.data_in:
                out.append(f'<p class="{p_class}gs-doc__note">{_h(data_reference(block))}</p>')
            elif fragment:
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
        for block, _depth in walk(section.blocks):
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
.gs-doc__table--numeric td, .gs-doc__table--numeric thead th + th { text-align: right; }
tbody th { font-weight: normal; }
tr { break-inside: avoid; page-break-inside: avoid; }
.gs-doc__chart { margin: 8pt 0 12pt; break-inside: avoid; page-break-inside: avoid; }
.gs-doc__chart-title { font-weight: bold; margin-bottom: 4pt; }
.gs-doc__chart-image svg { width: 100%; height: auto; max-width: 15cm; display: block; }
.gs-doc__chart-data table { font-size: 8.5pt; }
.gs-doc__page-break { break-after: page; page-break-after: always; }
.gs-doc__section--new-page { break-before: page; page-break-before: always; }
@media screen { .gs-doc__section--new-page { border-top: 1px dashed #9fb3c8; margin-top: 2rem; } }
.gs-doc__contents ol { padding-left: 14pt; }
.gs-doc__contents a { color: #1a1a1a; text-decoration: none; }
.gs-doc__contents a::after { content: leader(".") target-counter(attr(href), page); }
@media screen { .gs-doc__contents a::after { content: none; } .gs-doc__contents a { color: #0b5394; text-decoration: underline; } }
a { color: #0b5394; }
"""


# The compact print stylesheet (`Document.compact`): parts that keep to one A4 page each.
# The running header moves to the foot, so each page starts with its part's heading; a
# chart sits beside its numbers. On screen the document reads as any other.
COMPACT_STYLE = """
@page { margin: 11mm 14mm 14mm 14mm;
  @top-left { content: none; } @top-right { content: none; }
  @bottom-left { content: string(gs-org) " · " string(gs-title); font-size: 7pt; color: #4d4d4d; vertical-align: top; padding-top: 2.5mm; }
  @bottom-right { content: PAGE_COUNTER; font-size: 7pt; color: #4d4d4d; vertical-align: top; padding-top: 2.5mm; }
}
@page :first { @bottom-left { content: string(gs-org) " · " string(gs-title); } }
@media print {
  html { font-size: 8.5pt; line-height: 1.25; }
  .gs-doc__masthead { border-bottom-width: 2pt; padding-bottom: 2pt; margin-bottom: 6pt; }
  .gs-doc__org { font-size: 9pt; }
  h1 { font-size: 16pt; margin: 0 0 1pt; }
  .gs-doc__subtitle { font-size: 9.5pt; margin: 0 0 4pt; }
  h2 { font-size: 12pt; margin: 6pt 0 2pt; }
  .gs-doc__section--new-page > h2 { margin-top: 0; }
  h3 { font-size: 9.5pt; margin: 6pt 0 2pt; }
  p { margin: 0 0 3pt; }
  .gs-doc__lead { font-size: 9pt; }
  ul, ol { margin: 0 0 3pt; padding-left: 11pt; }
  li { margin-bottom: 1pt; }
  table { font-size: 7.5pt; line-height: 1.15; margin: 1pt 0 4pt; }
  caption { padding-bottom: 1pt; }
  th, td { padding: 1pt 3pt; border-width: 0.5pt; }
  .gs-doc__table--numeric td, .gs-doc__table--numeric thead th + th { width: 1%; }
  .gs-doc__table--numeric td { white-space: nowrap; }
  .gs-doc__note { font-size: 7pt; margin-top: 4pt; }
  .gs-doc__section--half { display: inline-block; vertical-align: top; width: 48%; }
  .gs-doc__section--half + .gs-doc__section--half { margin-left: 3%; }
  .gs-doc__chart { margin: 2pt 0 4pt; display: flow-root; }
  .gs-doc__chart-title { margin-bottom: 1pt; }
  .gs-doc__chart-image { float: left; width: 54%; }
  .gs-doc__chart-data { margin-left: 56%; }
  .gs-doc__chart-data table { font-size: 6.3pt; margin: 0; }
  .gs-doc__chart-data th, .gs-doc__chart-data td { padding: 0.6pt 1.5pt; }
}
"""


def full_html(document: Document, organisation: Organisation | None = None) -> str:
    """A standalone HTML document: inline CSS, lang, title, organisation."""
    lang = _h(document.language or "en")
    org = organisation_name(document, organisation)
    head_title = f"{document.title} · {org}" if org else document.title
    css = (STYLE + (COMPACT_STYLE if document.compact else "")).replace(
        "PAGE_COUNTER", _page_counter_css()
    )
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
