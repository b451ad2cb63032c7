"""PDFs are tagged for screen readers (PDF/UA-1) and stay archivable (PDF/A-3a)."""

import pytest

from govsocial.documents import render
from govsocial.documents.model import Document, Paragraph, Section
from govsocial.documents.render.pdf import PDF_VARIANT, with_pdf_ua

from .conftest import build_document
from .pdf_structure import assert_accessible, read_structure, xmp_value


@pytest.mark.parametrize("language", ["en", "nl"])
def test_pdf_marks_headings_lists_tables_figures_and_language(language):
    found = assert_accessible(render.render(build_document(language), "pdf"), language)
    assert found.tags["H3"] >= 1  # the nested section
    assert found.tags["Caption"] >= 1  # table captions stay with their tables
    # the four charts are figures whose alternative text is the chart's title
    assert found.figures_alt == [
        "Maturity by theme",
        "Benchmark",
        "Questions per channel",
        "Response",
    ]


def test_a_document_without_lists_or_tables_is_still_tagged():
    doc = Document(
        title="Beleid",
        language="nl",
        sections=[Section(title="Doel", blocks=[Paragraph("Tekst.")])],
    )
    found = read_structure(render.render(doc, "pdf"))
    assert found.marked and found.lang == "nl"
    assert found.tags["H1"] == 1 and found.tags["H2"] == 1 and found.tags["P"] >= 1
    assert xmp_value(found.xmp, "pdfuaid:part") == "1"


def test_the_variant_is_weasyprints_tagged_pdfa():
    from weasyprint.pdf import VARIANTS

    assert PDF_VARIANT == "pdf/a-3a"
    assert VARIANTS[PDF_VARIANT][1]["pdf_tags"] is True


def test_pdf_ua_is_declared_once_with_its_extension_schema():
    xmp = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
        b'\n<?xpacket end="r"?>'
    )
    once = with_pdf_ua(xmp)
    assert with_pdf_ua(once) == once
    text = once.decode()
    assert text.startswith("<?xpacket begin=") and text.endswith('<?xpacket end="r"?>')
    assert text.count("<pdfuaid:part>1</pdfuaid:part>") == 1
    assert "<x:xmpmeta" in text and "http://www.aiim.org/pdfua/ns/id/" in text
