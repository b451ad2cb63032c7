"""Free text is data, never markup: HTML typed into an answer shows as text in every format."""

import io
import zipfile

import pytest

from govsocial.documents import render
from govsocial.policies import services
from govsocial.policies.tests.factories import answers

EVIL = '<script>alert("x")</script> <b>bold</b> & **stars**'


@pytest.mark.parametrize("fmt", services.FORMATS)
def test_html_in_free_text_is_shown_as_text(fmt):
    document = services.build_document(
        "policy",
        answers(check_officers=EVIL, account_approver="<img src=x onerror=alert(1)>"),
        "en",
        organisation_name="<i>Council</i>",
    )
    data = render.render(document, fmt)
    if fmt == "html":
        html = data.decode()
        assert "<script>" not in html and "<img" not in html and "<i>Council" not in html
        assert (
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html or "&lt;script&gt;" in html
        )
    elif fmt == "md":
        md = data.decode()
        assert "<script>" not in md
        assert "\\<script\\>" in md or "&lt;script&gt;" in md
    elif fmt == "docx":
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert "&lt;script&gt;alert" in xml
    else:
        from pypdf import PdfReader

        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        assert "<script>alert" in " ".join(text.split())


def test_very_long_answers_are_refused_with_a_message():
    with pytest.raises(services.AnswersInvalid) as caught:
        services.validate_answers({**services.example_answers(), "check_officers": "a" * 2000})
    assert "too long (2000 characters)" in str(caught.value)
    assert "at most 500 characters" in str(caught.value)
