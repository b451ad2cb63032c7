"""Tagged PDF by WeasyPrint: PDF/A-3a that also declares PDF/UA-1.

WeasyPrint 70 writes one variant at a time. "pdf/a-3a" is its tagged PDF/A
variant (level A is PDF/A's accessible level, so WeasyPrint turns tagging on):
headings become H1-H6, lists L/LI, tables Table/TR/TH/TD with header ids,
chart SVGs Figures with their <title> as alternative text, the <html lang>
becomes the catalog's /Lang, and /MarkInfo, DisplayDocTitle and the sRGB output
intent are written. The "pdf/ua-1" variant would drop the PDF/A identification
and the output intent, so we keep PDF/A and add the PDF/UA-1 identification
(pdfuaid:part 1) to the XMP ourselves, with the extension schema PDF/A asks
for any namespace it does not predefine.

WeasyPrint may fetch nothing but data: URLs; fonts come from the system and are embedded.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from ..model import Document
from .html import full_html

if TYPE_CHECKING:  # pragma: no cover
    from govsocial.core.models import Organisation

PDF_VARIANT = "pdf/a-3a"
PDF_UA_PART = 1
_local = threading.local()

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
for _prefix, _uri in (
    ("x", "adobe:ns:meta/"),
    ("rdf", _RDF),
    ("pdfuaid", _PDFUAID),
    ("pdfaExtension", _EXTENSION),
    ("pdfaSchema", _SCHEMA),
    ("pdfaProperty", _PROPERTY),
):
    ET.register_namespace(_prefix, _uri)
_XMP_HEADER = b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
_XMP_FOOTER = b'\n<?xpacket end="r"?>'


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


def _element(parent: ET.Element, namespace: str, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{namespace}}}{name}")
    if text is not None:
        element.text = text
    return element


def _resource(parent: ET.Element) -> ET.Element:
    item = _element(parent, _RDF, "li")
    item.set(f"{{{_RDF}}}parseType", "Resource")
    return item


def with_pdf_ua(xmp: bytes) -> bytes:
    """The XMP packet with the PDF/UA-1 identification and its PDF/A extension schema added."""
    start, end = xmp.index(b"<x:xmpmeta"), xmp.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    meta = ET.fromstring(xmp[start:end])
    rdf = meta.find(f"{{{_RDF}}}RDF")
    if rdf is None:  # pragma: no cover - WeasyPrint always writes one
        raise ValueError("the XMP metadata has no rdf:RDF element")
    if rdf.find(f".//{{{_PDFUAID}}}part") is not None:
        return xmp
    extension = _element(rdf, _RDF, "Description")
    extension.set(f"{{{_RDF}}}about", "")
    schema = _resource(_element(_element(extension, _EXTENSION, "schemas"), _RDF, "Bag"))
    _element(schema, _SCHEMA, "schema", "PDF/UA Universal Accessibility Schema")
    _element(schema, _SCHEMA, "namespaceURI", _PDFUAID)
    _element(schema, _SCHEMA, "prefix", "pdfuaid")
    part = _resource(_element(_element(schema, _SCHEMA, "property"), _RDF, "Seq"))
    _element(part, _PROPERTY, "name", "part")
    _element(part, _PROPERTY, "valueType", "Integer")
    _element(part, _PROPERTY, "category", "internal")
    _element(part, _PROPERTY, "description", "The part of ISO 14289 the file conforms to")
    identification = _element(rdf, _RDF, "Description")
    identification.set(f"{{{_RDF}}}about", "")
    _element(identification, _PDFUAID, "part", str(PDF_UA_PART))
    return _XMP_HEADER + ET.tostring(meta, encoding="utf-8", xml_declaration=False) + _XMP_FOOTER


def _declare_pdf_ua(_document: Any, pdf: Any) -> None:
    """WeasyPrint's finisher hook: rewrite the metadata stream it has just written."""
    reference = pdf.catalog["Metadata"]  # b"12 0 R"
    if isinstance(reference, bytes):
        reference = reference.decode("ascii")
    stream = pdf.objects[int(str(reference).split()[0])]
    stream.stream = [with_pdf_ua(b"".join(stream.stream))]


def pdf(document: Document, organisation: Organisation | None = None) -> bytes:
    import weasyprint

    html = full_html(document, organisation)
    return weasyprint.HTML(string=html, url_fetcher=_url_fetcher(), base_url=None).write_pdf(
        font_config=_font_config(), pdf_variant=PDF_VARIANT, finisher=_declare_pdf_ua
    )
