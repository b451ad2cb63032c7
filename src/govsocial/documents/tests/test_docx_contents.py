"""Word downloads have a table of contents, as the PDF has."""

import dataclasses
import io

import docx
import pytest

from govsocial.documents import render

from .conftest import build_document


def _texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


@pytest.mark.parametrize(("language", "label"), [("en", "Contents"), ("nl", "Inhoud")])
def test_docx_lists_the_chapters_under_a_contents_heading(language, label):
    document = build_document(language)
    data = render.render(document, "docx")
    texts = _texts(data)
    chapters = [section.title for section in document.sections]
    start = texts.index(label)
    assert texts[start + 1 : start + 1 + len(chapters)] == chapters
    # before the chapters themselves, and as a Word field that updates with page numbers
    first_heading = texts.index(chapters[0], start + len(chapters) + 1)
    assert first_heading > start
    body = docx.Document(io.BytesIO(data)).element.body.xml
    assert 'TOC \\o "1-1"' in body
    assert body.count('w:fldCharType="begin"') == body.count('w:fldCharType="end"')


def test_docx_without_contents_has_no_table_of_contents():
    document = dataclasses.replace(build_document(), contents=False)
    data = render.render(document, "docx")
    assert "Contents" not in _texts(data)
    assert "TOC" not in docx.Document(io.BytesIO(data)).element.body.xml
