import html as html_lib
import io
import re
import xml.etree.ElementTree as ET

import docx
import markdown as markdown_lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from govsocial.documents import render
from govsocial.documents.model import Chart, Document, Paragraph, Section, Table
from govsocial.documents.render.pdf import _url_fetcher

from .conftest import EVIL, build_document


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


# --- formats ------------------------------------------------------------------


def test_content_types_and_extensions():
    assert render.content_type("pdf") == "application/pdf"
    assert render.content_type("docx").endswith("wordprocessingml.document")
    assert render.content_type("md").startswith("text/markdown")
    assert [render.extension(f) for f in ("html", "md", "docx", "pdf")] == [
        "html",
        "md",
        "docx",
        "pdf",
    ]
    with pytest.raises(ValueError):
        render.render(build_document(), "odt")


# --- HTML ---------------------------------------------------------------------


def test_full_html_is_a_standalone_escaped_document(document):
    html = render.render(document, "html").decode()
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert "<title>Staff policy &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Example Council" in html
    assert "<script" not in html  # every <script> typed by someone is text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in html
    assert "<b>" not in html
    assert '<section id="purpose"' in html and '<section id="nested"' in html
    assert re.search(r'<section id="purpose"[^>]*>\s*<h2>Purpose and scope</h2>', html)
    assert re.search(r'<section id="nested"[^>]*>\s*<h3>Nested part</h3>', html)
    assert "<link" not in html and 'http://example.org"' not in html  # nothing external
    assert html.count('role="img"') == 4
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert "Page &quot;" not in html and "counter(pages)" in html


def test_fragment_embeds_sections_charts_and_data_tables(document):
    fragment = render.render_html_fragment(document)
    assert "<h1" not in fragment and "<html" not in fragment and "<style" not in fragment
    assert fragment.startswith('<div class="gs-doc" lang="en">')
    assert re.search(
        r'<section id="purpose"[^>]*>\s*<h2 class="utrecht-heading-2">Purpose and scope</h2>',
        fragment,
    )
    assert re.search(
        r'<section id="nested"[^>]*>\s*<h3 class="utrecht-heading-3">Nested part</h3>', fragment
    )
    assert (
        "<script" not in fragment and "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in fragment
    )
    # every chart: an inline SVG image and a real table with the numbers beside it
    figures = re.findall(r'<figure class="gs-doc__chart">.*?</figure>', fragment, re.S)
    assert len(figures) == 4
    for figure in figures:
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in figure and 'role="img"' in figure
        assert "<details" in figure and "<table" in figure and "The numbers in this chart" in figure
    assert '<td class="utrecht-table__cell">77</td>' in fragment


def test_fragment_in_dutch_labels_the_chart_data_in_dutch():
    fragment = render.render_html_fragment(build_document("nl"))
    assert 'lang="nl"' in fragment
    assert "De cijfers in deze grafiek" in fragment


def test_the_same_chart_twice_gets_unique_ids(document):
    chart = next(b for b in document.sections[1].blocks if isinstance(b, Chart))
    document.sections.append(Section(title="Again", blocks=[chart]))
    html = render.render(document, "html").decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_unsafe_svg_in_a_chart_is_left_out_but_its_table_stays():
    bad = Chart(
        svg='<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
        title="Bad chart",
        data=Table(header=["Item", "Value"], rows=[["A", "42"]]),
    )
    linked = Chart(
        svg='<svg xmlns="http://www.w3.org/2000/svg"><image href="http://example.org/x.png"/></svg>',
        title="Linked chart",
        data=Table(header=["Item", "Value"], rows=[["B", "43"]]),
    )
    doc = Document(title="T", language="en", sections=[Section(title="S", blocks=[bad, linked])])
    html = render.render(doc, "html").decode()
    assert "onload" not in html and "example.org" not in html
    assert ">42<" in html and ">43<" in html


def test_pdf_fetches_nothing_but_data_urls():
    fetcher = _url_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/hostname")
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.org/font.woff")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


# --- Markdown -------------------------------------------------------------------


def test_markdown_shows_html_and_markup_as_text(document):
    md = render.render(document, "md").decode()
    assert md.splitlines()[0] == "Example Council"
    assert "# Staff policy &lt;script&gt;" in md
    assert "## Purpose and scope" in md and "### Nested part" in md
    assert "- First bullet" in md and "1. Step one" in md
    assert "| Role | Duty" in md and "Writes &#124; edits" in md
    assert "**Maturity by theme**" in md and "| Strategy | 61 | 50 |" in md
    html = markdown_lib.markdown(md, extensions=["tables"])
    assert "<script" not in html and "<b>" not in html
    assert "<strong>bold</strong>" not in html and "**bold**" in html
    assert 'href="http://example.org"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@settings(max_examples=40, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab 1.-+#>*_`[]()!|<>&\\=~{}\n\t")), min_size=1, max_size=40
    )
)
def test_markdown_escape_round_trips_any_text(text):
    """Whatever someone types, Markdown shows exactly those characters."""
    html = markdown_lib.markdown(render.md_escape(text))
    shown = html_lib.unescape(re.sub(r"<[^>]+>", "", html))
    assert " ".join(shown.split()) == " ".join(text.split())


# --- DOCX -----------------------------------------------------------------------


def test_docx_has_headings_lists_tables_notes_header_and_page_numbers(document):
    data = render.render(document, "docx")
    reopened = docx.Document(io.BytesIO(data))
    paragraphs = reopened.paragraphs
    by_style: dict[str, list[str]] = {}
    for p in paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Title"] == [f"Staff policy {EVIL}"]
    assert "Purpose and scope" in by_style["Heading 1"] and "Nested part" in by_style["Heading 2"]
    assert by_style["List Bullet"] == ["First bullet", f"Bullet {EVIL}"]
    assert by_style["List Number"] == ["Step one", "Step two", "Again one", "Again two"]
    all_text = "\n".join(p.text for p in paragraphs)
    assert f"Paragraph {EVIL}" in all_text  # the script tag and markup are plain text
    note = next(p for p in paragraphs if p.text == f"Note {EVIL}")
    assert all(run.italic for run in note.runs)
    # tables: the one table plus a data table for each of the four charts
    assert len(reopened.tables) == 5
    assert reopened.tables[0].cell(1, 1).text == f"Cell {EVIL}"
    assert "Maturity by theme" in all_text
    assert [c.text for c in reopened.tables[1].rows[1].cells] == ["Strategy", "61", "50"]
    section = reopened.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.header.paragraphs[0].text == "Example Council"
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "Page " in footer_xml
    assert reopened.core_properties.title == f"Staff policy {EVIL}"


def test_docx_restarts_numbering_for_each_numbered_list(document):
    reopened = docx.Document(io.BytesIO(render.render(document, "docx")))
    numbered = [p for p in reopened.paragraphs if p.style.name == "List Number"]

    def num_id(p):
        num_pr = p._p.pPr.numPr if p._p.pPr is not None else None
        return num_pr.numId.val if num_pr is not None else None

    assert num_id(numbered[0]) != num_id(numbered[2])
    assert num_id(numbered[2]) == num_id(numbered[3])


def test_docx_footer_in_dutch():
    reopened = docx.Document(io.BytesIO(render.render(build_document("nl"), "docx")))
    assert "Pagina " in reopened.sections[0].footer._element.xml


# --- PDF --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_bytes():
    return render.render(build_document(), "pdf")


def test_pdf_shows_free_text_as_text_with_organisation_and_page_numbers(pdf_bytes):
    text = pdf_text(pdf_bytes)
    assert "<script>alert(1)</script> **bold**" in text
    assert "<b>x</b>" in text
    assert "Example Council" in text
    reader = PdfReader(io.BytesIO(pdf_bytes))
    pages = len(reader.pages)
    assert pages >= 2  # the page break
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "61" in text and "Maturity by theme" in text  # chart and its data table


def test_pdf_is_a4_and_declares_pdfa(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = xmp.stream.get_data().decode("utf-8", "replace")
    assert re.search(r"pdfaid:part(>|=\")3", raw) and re.search(r"pdfaid:conformance(>|=\")A", raw)
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert reader.metadata.title.startswith("Staff policy")
    # fonts are embedded (PDF/A): every font has a font file
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            if "/DescendantFonts" in descriptor:
                descriptor = descriptor["/DescendantFonts"][0].get_object()
            fd = descriptor["/FontDescriptor"].get_object()
            assert any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_pdf_in_dutch_numbers_pages_in_dutch():
    doc = Document(
        title="Beleid",
        language="nl",
        organisation="Gemeente Voorbeeld",
        sections=[Section(title="Doel", blocks=[Paragraph("Tekst.")])],
    )
    text = pdf_text(render.render(doc, "pdf"))
    assert "Pagina 1 van 1" in text and "Gemeente Voorbeeld" in text


def test_pdf_organisation_name_cannot_break_out_of_the_stylesheet():
    doc = Document(
        title="T",
        language="en",
        organisation='</style><script>alert(1)</script>"\\',
        sections=[Section(title="S", blocks=[Paragraph("Body text.")])],
    )
    html = render.render(doc, "html").decode()
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "alert" not in style
    text = pdf_text(render.render(doc, "pdf"))
    assert "</style><script>alert(1)</script>" in text and "Body text." in text


def test_charts_svg_in_html_is_valid_xml(document):
    html = render.render(document, "html").decode()
    for svg in re.findall(r"<svg .*?</svg>", html, re.S):
        ET.fromstring(svg)


def test_control_characters_pasted_into_text_do_not_break_any_format():
    doc = Document(
        title="Pasted\x0btitle",
        language="en",
        organisation="Org\x00",
        meta=[("Label\x01", "Value\x0c")],
        sections=[
            Section(
                title="S\x1f", blocks=[Paragraph("Line\x0bbreak"), Table(["A\x02"], [["b\x03"]])]
            )
        ],
    )
    for fmt in ("html", "md", "docx", "pdf"):
        assert render.render(doc, fmt)
    reopened = docx.Document(io.BytesIO(render.render(doc, "docx")))
    assert "Linebreak" in "\n".join(p.text for p in reopened.paragraphs)
    text = pdf_text(render.render(doc, "pdf"))
    assert "Line" in text and "break" in text and "Pastedtitle" in text


# --- compact print: a page per part ------------------------------------------------


def _part(title: str, new_page: bool) -> Section:
    figures = Table(["Channel", "Posts", "Replies"], [["Zwembad", "12", "3"]], numeric=True)
    halves = [
        Section("Left", [Paragraph("Beside the right one.")], half=True),
        Section("Right", [Paragraph("Beside the left one.")], half=True),
    ]
    return Section(title, [Paragraph("Short text."), figures, *halves], new_page=new_page)


def test_a_compact_document_starts_each_part_on_its_own_page():
    doc = Document(
        title="Monthly report",
        language="en",
        organisation="Example Council",
        sections=[_part("First part", False), _part("Second part", True), _part("Third", True)],
        compact=True,
    )
    html = render.render(doc, "html").decode()
    assert html.count('class="gs-doc__table gs-doc__table--numeric"') == 3
    assert len(re.findall(r"<section [^>]*gs-doc__section--half", html)) == 6
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(render.render(doc, "pdf"))).pages]
    assert len(pages) == 3  # short parts, but each on its own page
    assert pages[1].startswith("Second part") and pages[2].startswith("Third")
    assert "Example Council · Monthly report" in pages[2] and "Page 3 of 3" in pages[2]
    assert "Beside the right one." in pages[1] and "Beside the left one." in pages[1]


def test_the_compact_stylesheet_is_only_for_compact_documents(document):
    assert "@media print" not in render.render(document, "html").decode()
    reopened = docx.Document(
        io.BytesIO(
            render.render(
                Document("T", "en", sections=[_part("A", False), _part("B", True)]), "docx"
            )
        )
    )
    breaks = [p for p in reopened.paragraphs if 'w:br w:type="page"' in p._p.xml]
    assert len(breaks) == 1  # Word starts the new-page section on a new page too
