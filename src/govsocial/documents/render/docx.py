"""DOCX through python-docx, on the organisation's own house template when it has one
(its styles, page setup, header and footer are used; a style the template lacks falls
back to a plain equivalent)."""

from __future__ import annotations

import io
import logging
import re
from typing import TYPE_CHECKING, Any

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
from .common import clean_text, data_reference, organisation_name

if TYPE_CHECKING:  # pragma: no cover
    from govsocial.core.models import Organisation

logger = logging.getLogger(__name__)


def _house_template(organisation: Organisation | None) -> bytes | None:
    if organisation is None or getattr(organisation, "pk", None) is None:
        return None
    from ..services import house_template_bytes

    return house_template_bytes(organisation)


class _Docx:
    """Writes one Document into a python-docx document, minding missing styles."""

    def __init__(
        self, document: Document, organisation: Organisation | None, template: bytes | None
    ) -> None:
        import docx as python_docx

        self.source = document
        self.org = organisation_name(document, organisation)
        self.on_template = bool(template)
        self.doc = python_docx.Document(io.BytesIO(template) if template else None)
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
            run = paragraph.add_run(clean_text(text))
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
            run = paragraph.add_run(clean_text(text))
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
        props.title = clean_text(self.source.title)[:255]
        props.subject = clean_text(self.source.subtitle)[:255]
        props.author = clean_text(self.org)[:255] or "GovSocial"
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
        # Only elements: a comment's or processing instruction's tag is not a string.
        tags = [(t.tag, t.text) for t in part._element.iter() if isinstance(t.tag, str)]
        texts = "".join(text or "" for tag, text in tags if tag.endswith("}t"))
        drawings = any(
            tag.endswith(("}drawing", "}pict", "}fldSimple", "}instrText")) for tag, _text in tags
        )
        return bool(texts.strip()) or drawings

    def _header_footer(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        for section in self.doc.sections:
            header = section.header
            if self.org and not self._has_content(header):
                header.is_linked_to_previous = False
                paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
                paragraph.text = clean_text(self.org)
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
            paragraph.add_run(clean_text(f"{label}: ")).bold = True
            paragraph.add_run(clean_text(value))

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
                cell.paragraphs[0].add_run(clean_text(text)).bold = True
        for r, values in enumerate(table.rows):
            cells = grid.rows[r + offset].cells
            for i, text in enumerate(values[:columns]):
                cells[i].paragraphs[0].add_run(clean_text(text))
        self.doc.add_paragraph()

    def blocks(self, blocks: list[Block], depth: int) -> None:
        for block in blocks:
            if isinstance(block, Section):
                if block.new_page:
                    self.doc.add_page_break()
                self.heading(block.title, min(depth, 9))
                self.blocks(block.blocks, depth + 1)
            elif isinstance(block, Paragraph):
                self.paragraph(block.text, "Normal", bold=block.emphasis)
            elif isinstance(block, BulletList):
                self.bullet_list(block)
            elif isinstance(block, Table):
                self.table(block, block.caption)
            elif isinstance(block, Chart) and block.data_in:
                self.paragraph(block.title, "Normal", bold=True)
                self.paragraph(data_reference(block), "Normal", italic=True)
            elif isinstance(block, Chart):
                self.table(block.data, block.title)
            elif isinstance(block, Note):
                self.paragraph(block.text, "Normal", italic=True)
            elif isinstance(block, PageBreak):
                self.doc.add_page_break()

    def contents(self) -> None:
        """A table of contents as the PDF has: a Word TOC field whose shown result is
        already the list of chapters, so it reads right before anyone updates fields."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        titles = [section.title for section in self.source.sections]
        self.paragraph(_("Contents"), "TOC Heading", bold="TOC Heading" not in self.styles)
        entries = [self.paragraph(title, "TOC 1", "Normal") for title in titles]

        def field_char(kind: str) -> Any:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            return element

        instruction = OxmlElement("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = ' TOC \\o "1-1" \\h \\z \\u '
        first = entries[0]._p
        for position, element in enumerate(
            (field_char("begin"), instruction, field_char("separate"))
        ):
            run = OxmlElement("w:r")
            run.append(element)
            first.insert(position + 1 if first.pPr is not None else position, run)
        end = OxmlElement("w:r")
        end.append(field_char("end"))
        entries[-1]._p.append(end)

    def build(self) -> bytes:
        self.prepare()
        self.heading(self.source.title, 0)
        self.meta()
        if self.source.contents and self.source.sections:
            self.contents()
        self.blocks(list(self.source.sections), 1)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


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
    template = _house_template(organisation)
    if template:
        try:
            return _Docx(document, organisation, template).build()
        except Exception:  # a stored template that fails must not stop every Word download
            logger.exception("The house template of %s cannot be used; plain layout.", organisation)
    return _Docx(document, organisation, None).build()


def build_on_template(document: Document, template: bytes) -> bytes:
    """The document on this template, raising whatever goes wrong (the upload check)."""
    return _Docx(document, None, template).build()
