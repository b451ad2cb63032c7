"""The four renderers of a `model.Document`: HTML, Markdown, DOCX and PDF.

    render(document, fmt, organisation=None) -> bytes     fmt in html | md | docx | pdf
    render_html_fragment(document) -> str                  safe HTML to embed in a page
    content_type(fmt), extension(fmt)

All text in a Document is plain text and is escaped by every renderer, so
`<script>` or `**bold**` typed into a free-text answer shows as exactly that.
One module per format: `html` (also the PDF's source and the embeddable
fragment, with the chart SVG check), `markdown`, `docx` (on the house
template) and `pdf` (WeasyPrint, tagged PDF/A-3a declaring PDF/UA-1, data: URLs only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import translation

from ..model import Document
from .common import organisation_name
from .docx import docx
from .html import STYLE, full_html, render_html_fragment
from .markdown import markdown, md_escape
from .pdf import PDF_VARIANT, pdf

if TYPE_CHECKING:  # pragma: no cover
    from govsocial.core.models import Organisation

__all__ = [
    "FORMATS",
    "PDF_VARIANT",
    "STYLE",
    "content_type",
    "docx",
    "extension",
    "full_html",
    "markdown",
    "md_escape",
    "organisation_name",
    "pdf",
    "render",
    "render_html_fragment",
]

FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
}


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
