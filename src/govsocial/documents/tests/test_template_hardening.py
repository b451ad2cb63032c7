"""House templates that used to break Word downloads, and what the upload strips from them."""

import io
import re
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from govsocial.core.models import AuditEvent
from govsocial.documents import render, services
from govsocial.documents.models import HouseTemplate

from .conftest import build_document
from .factories import make_docx

pytestmark = pytest.mark.django_db

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The package with parts replaced or added (name: bytes) or dropped (name: None)."""
    changes = dict(changes)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, payload in parts(data).items():
            if name in changes:
                payload = changes.pop(name)
                if payload is None:
                    continue
            target.writestr(name, payload)
        for name, payload in changes.items():
            if payload is not None:
                target.writestr(name, payload)
    return out.getvalue()


def header_with(markup: str, text: str = "Gemeente Voorbeeld") -> bytes:
    """A template whose header paragraph holds `markup` (a comment, a processing instruction)."""
    data = make_docx(header_text=text)
    header = parts(data)["word/header1.xml"]
    header = header.replace(b"<w:p>", b"<w:p>" + markup.encode(), 1)
    assert markup.encode() in header
    return rezip(data, {"word/header1.xml": header})


def store_raw(organisation, data: bytes) -> None:
    """Keep a template as an older GovSocial did: without any check."""
    HouseTemplate.objects.create(
        organisation=organisation, filename="old.docx", content=data, size=len(data)
    )


MARKUP = {
    "comment": "<!-- made in Word 2016 -->",
    "processing instruction": "<?mso-application progid='Word.Document'?>",
}


@pytest.mark.parametrize("kind", MARKUP)
def test_a_header_with_an_xml_comment_or_processing_instruction_still_renders(organisation, kind):
    store_raw(organisation, header_with(MARKUP[kind]))
    data = render.render(build_document(), "docx", organisation=organisation)
    header = docx.Document(io.BytesIO(data)).sections[0].header
    assert header.paragraphs[0].text == "Gemeente Voorbeeld"  # the template's own header is kept


@pytest.mark.parametrize("kind", MARKUP)
def test_a_template_with_comments_uploads_and_every_docx_download_works(
    lead_client, organisation, kind
):
    response = lead_client.post(
        reverse("documents:house_template"),
        {"file": SimpleUploadedFile("house.docx", header_with(MARKUP[kind]))},
    )
    assert response.status_code == 302
    sample = lead_client.get(reverse("documents:sample", args=["docx"]))
    assert sample.status_code == 200
    assert docx.Document(io.BytesIO(sample.content)).sections[0].header.paragraphs[0].text == (
        "Gemeente Voorbeeld"
    )


def headerless() -> bytes:
    """Passes every structural check but names a header part the package does not have."""
    data = make_docx(header_text="Kop")
    rels = parts(data)["word/_rels/document.xml.rels"]
    rels = re.sub(rb'<Relationship [^>]*Target="header1.xml"/>', b"", rels)
    return rezip(data, {"word/_rels/document.xml.rels": rels, "word/header1.xml": None})


def test_a_template_that_cannot_carry_a_document_is_refused_at_upload(organisation, lead):
    with pytest.raises(ValidationError) as error:
        services.store_house_template(
            organisation, lead, SimpleUploadedFile("broken.docx", headerless())
        )
    assert error.value.code == "does_not_render"
    assert "could not build a Word document" in error.value.messages[0]
    assert not HouseTemplate.objects.exists()


def test_the_render_refusal_is_in_dutch(lead_client, lead):
    lead.language = "nl"
    lead.save()
    response = lead_client.post(
        reverse("documents:house_template"),
        {"file": SimpleUploadedFile("kapot.docx", headerless())},
    )
    assert response.status_code == 400
    assert "kon geen Word-document" in response.content.decode()
    assert not HouseTemplate.objects.exists()


def test_a_stored_template_that_no_longer_renders_falls_back_to_the_standard_layout(
    staff_client, organisation
):
    store_raw(organisation, headerless())
    sample = staff_client.get(reverse("documents:sample", args=["docx"]))
    assert sample.status_code == 200
    assert "Sample document" in [
        p.text for p in docx.Document(io.BytesIO(sample.content)).paragraphs
    ]


def with_external_links() -> bytes:
    """A template attached to a template on a file server, with a linked picture and a link."""
    data = make_docx(header_text="Kop")
    package = parts(data)
    settings = package["word/settings.xml"].replace(
        b"<w:zoom", b'<w:attachedTemplate r:id="rIdT1"/><w:zoom', 1
    )
    settings_rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rIdT1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/attachedTemplate" Target="file:///\\\\fileserver\\huisstijl.dotm" '
        b'TargetMode="External"/></Relationships>'
    )
    header = package["word/header1.xml"].replace(
        b"<w:r>", b'<w:hyperlink r:id="rIdL1"><w:r><w:t>site</w:t></w:r></w:hyperlink><w:r>', 1
    )
    header_rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rIdL1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/hyperlink" Target="https://tracker.example/pixel" TargetMode="External"/>'
        b"</Relationships>"
    )
    doc_rels = package["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdX9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="http://tracker.example/logo.png" TargetMode="External"/>'
        b"</Relationships>",
    )
    assert b"<w:zoom" in package["word/settings.xml"] and b"<w:r>" in package["word/header1.xml"]
    return rezip(
        data,
        {
            "word/settings.xml": settings,
            "word/_rels/settings.xml.rels": settings_rels,
            "word/header1.xml": header,
            "word/_rels/header1.xml.rels": header_rels,
            "word/_rels/document.xml.rels": doc_rels,
        },
    )


def test_external_relationships_and_the_attached_template_are_dropped_when_stored(
    organisation, lead
):
    original = with_external_links()
    assert b'TargetMode="External"' in parts(original)["word/_rels/settings.xml.rels"]
    template = services.store_house_template(
        organisation, lead, SimpleUploadedFile("linked.docx", original)
    )
    stored = parts(bytes(template.content))
    for name, payload in stored.items():
        if name.endswith(".rels"):
            assert b"External" not in payload and b"tracker.example" not in payload, name
    assert b"attachedTemplate" not in stored["word/settings.xml"]
    assert b"rIdL1" not in stored["word/header1.xml"]
    assert b"site" in stored["word/header1.xml"]  # the link's text stays, without the link
    document = docx.Document(io.BytesIO(bytes(template.content)))
    assert "Kop" in document.sections[0].header.paragraphs[0].text
    built = render.render(build_document(), "docx", organisation=organisation)
    assert all(b"External" not in v for k, v in parts(built).items() if k.endswith(".rels"))


def test_an_oversized_template_is_refused_before_it_is_read(organisation, lead):
    class Huge:
        name = "huge.docx"
        size = services.MAX_TEMPLATE_BYTES + 1

        def read(self, *args):  # pragma: no cover - must never be called
            raise AssertionError("read before the size check")

        seek = read

    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.store_house_template(organisation, lead, Huge())
    assert error.value.code == "too_large" and "maximaal 5,0" in error.value.messages[0].replace(
        "\xa0", " "
    )


def test_downloading_the_house_template_is_recorded_in_the_audit_trail(
    lead_client, organisation, lead
):
    services.store_house_template(organisation, lead, SimpleUploadedFile("h.docx", make_docx()))
    assert lead_client.get(reverse("documents:house_template_download")).status_code == 200
    event = AuditEvent.objects.get(action="documents.house_template_downloaded")
    assert event.actor == lead and event.detail == {"filename": "h.docx"}
