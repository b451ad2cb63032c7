import io
import os
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from govsocial.core.models import AuditEvent
from govsocial.documents import render, services
from govsocial.documents.models import HouseTemplate

from .conftest import build_document
from .factories import make_docx, make_house_template, scoping_urls

pytestmark = pytest.mark.django_db


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def rezip(
    data: bytes,
    extra: dict[str, bytes] | None = None,
    replace: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            payload = (replace or {}).get(info.filename, source.read(info.filename))
            target.writestr(info.filename, payload)
        for name, payload in (extra or {}).items():
            target.writestr(name, payload)
    return out.getvalue()


# --- storing and refusing --------------------------------------------------------


def test_a_real_docx_is_stored_in_the_database_with_an_audit_event(organisation, lead):
    template = services.store_house_template(
        organisation, lead, upload("Huisstijl.docx", make_docx())
    )
    template.refresh_from_db()
    assert template.filename == "Huisstijl.docx" and template.uploaded_by == lead
    assert bytes(template.content)[:2] == b"PK" and template.size == len(bytes(template.content))
    event = AuditEvent.objects.get(
        organisation=organisation, action="documents.house_template_uploaded"
    )
    assert event.actor == lead and "Huisstijl.docx" in event.summary
    # a second upload replaces the first: one template per organisation
    services.store_house_template(organisation, lead, upload("New.docx", make_docx()))
    assert HouseTemplate.objects.filter(organisation=organisation).get().filename == "New.docx"
    assert AuditEvent.objects.filter(action="documents.house_template_replaced").count() == 1


def test_a_word_template_dotx_is_accepted_as_a_document(organisation, lead):
    plain = make_docx()
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        types = archive.read("[Content_Types].xml")
    dotx = rezip(
        plain,
        replace={
            "[Content_Types].xml": types.replace(
                services.DOCUMENT_CT.encode(), services.TEMPLATE_CT.encode()
            )
        },
    )
    template = services.store_house_template(organisation, lead, upload("House.dotx", dotx))
    assert template.filename == "House.docx"
    docx.Document(io.BytesIO(bytes(template.content)))  # opens as a document now


REFUSALS = {
    "not_docx": [
        ("notes.docx", b"just some text, not a zip"),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        ("empty.docx", b""),
    ],
    "macro": [("template.docm", None), ("template.dotm", None)],
}


@pytest.mark.parametrize("name,data", REFUSALS["not_docx"])
def test_what_is_not_a_word_document_is_refused(organisation, lead, name, data):
    with pytest.raises(ValidationError) as error:
        services.store_house_template(organisation, lead, upload(name, data))
    assert error.value.code == "not_docx"
    assert "not a Word document" in error.value.messages[0]
    assert not HouseTemplate.objects.exists()


def test_a_zip_that_is_not_a_word_document_is_refused(organisation, lead):
    no_body = rezip(make_docx(), drop=("word/document.xml",))
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    broken_xml = rezip(make_docx(), replace={"word/document.xml": b"<w:document"})
    for data in (no_body, other_zip.getvalue(), broken_xml):
        with pytest.raises(ValidationError) as error:
            services.store_house_template(organisation, lead, upload("template.docx", data))
        assert error.value.code == "not_docx"


@pytest.mark.parametrize("name", ["template.docm", "template.dotm"])
def test_macro_enabled_extension_is_refused(organisation, lead, name):
    with pytest.raises(ValidationError) as error:
        services.store_house_template(organisation, lead, upload(name, make_docx()))
    assert error.value.code == "macro"


def test_macros_inside_a_docx_are_refused(organisation, lead):
    with_vba = rezip(make_docx(), extra={"word/vbaProject.bin": b"\x00" * 64})
    plain = make_docx()
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        types = archive.read("[Content_Types].xml")
    macro_type = rezip(
        plain,
        replace={
            "[Content_Types].xml": types.replace(
                b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
            )
        },
    )
    for data in (with_vba, macro_type):
        with pytest.raises(ValidationError) as error:
            services.store_house_template(organisation, lead, upload("innocent.docx", data))
        assert error.value.code == "macro"
        assert "macros" in error.value.messages[0]
    assert not HouseTemplate.objects.exists()


def test_a_file_over_5_mb_is_refused(organisation, lead):
    big = rezip(make_docx(), extra={"word/media/photo.bin": os.urandom(5 * 1024 * 1024 + 1000)})
    big_upload = upload("big.docx", big)
    with zipfile.ZipFile(io.BytesIO(big)) as archive:
        archive.testzip()
    assert big_upload.size > services.MAX_TEMPLATE_BYTES
    with pytest.raises(ValidationError) as error:
        services.store_house_template(organisation, lead, big_upload)
    assert error.value.code == "too_large"
    assert "at most 5.0\xa0MB" in error.value.messages[0]


def test_a_zip_bomb_is_refused_as_too_large(organisation, lead):
    bomb = rezip(make_docx(), extra={"word/media/zeros.bin": bytes(70 * 1024 * 1024)})
    assert len(bomb) < services.MAX_TEMPLATE_BYTES
    with pytest.raises(ValidationError) as error:
        services.store_house_template(organisation, lead, upload("bomb.docx", bomb))
    assert error.value.code == "too_large"


def test_refusals_are_in_dutch_for_dutch_users(organisation, lead):
    with translation.override("nl"):
        cases = [
            (upload("notes.docx", b"not a zip"), "geen Word-document"),
            (upload("template.docm", make_docx()), "bevat macro's"),
            (upload("big.docx", b"0" * (services.MAX_TEMPLATE_BYTES + 1)), "maximaal 5,0 MB"),
        ]
        for file, words in cases:
            with pytest.raises(ValidationError) as error:
                services.store_house_template(organisation, lead, file)
            assert words in error.value.messages[0].replace("\xa0", " ")


def test_removing_the_template_is_recorded(organisation, lead):
    make_house_template(organisation, lead)
    assert services.remove_house_template(organisation, lead) is True
    assert not HouseTemplate.objects.exists()
    assert AuditEvent.objects.filter(action="documents.house_template_removed", actor=lead).exists()
    assert services.remove_house_template(organisation, lead) is False


# --- DOCX on the template ----------------------------------------------------------


def test_docx_is_built_on_the_organisations_template_styles(organisation, other_organisation, lead):
    make_house_template(
        organisation, lead, normal_font="Comic Neue", body_text="TEMPLATE PLACEHOLDER"
    )
    data = render.render(build_document(), "docx", organisation=organisation)
    reopened = docx.Document(io.BytesIO(data))
    assert reopened.styles["Normal"].font.name == "Comic Neue"
    text = "\n".join(p.text for p in reopened.paragraphs)
    assert "TEMPLATE PLACEHOLDER" not in text and "Purpose and scope" in text
    assert reopened.sections[0].header.paragraphs[0].text == "Example Council"
    # another organisation's documents do not use it
    other = docx.Document(
        io.BytesIO(render.render(build_document(), "docx", organisation=other_organisation))
    )
    assert other.styles["Normal"].font.name != "Comic Neue"


def test_the_templates_own_header_is_kept(organisation, lead):
    make_house_template(organisation, lead, header_text="Gemeente Voorbeeld — huisstijl")
    reopened = docx.Document(
        io.BytesIO(render.render(build_document(), "docx", organisation=organisation))
    )
    assert reopened.sections[0].header.paragraphs[0].text == "Gemeente Voorbeeld — huisstijl"


def test_a_template_without_list_and_caption_styles_falls_back(organisation, lead):
    make_house_template(
        organisation, lead, drop_styles=("List Bullet", "List Number", "Caption", "Title")
    )
    assert set(services.missing_styles(organisation)) == {
        "List Bullet",
        "List Number",
        "Caption",
        "Title",
    }
    reopened = docx.Document(
        io.BytesIO(render.render(build_document(), "docx", organisation=organisation))
    )
    texts = [p.text for p in reopened.paragraphs]
    assert "• First bullet" in texts and "1. Step one" in texts and "2. Step two" in texts
    assert any(t.startswith("Staff policy") for t in texts)


# --- pages ----------------------------------------------------------------------------


def test_lead_uploads_sees_downloads_and_removes_the_template(lead_client, organisation, lead):
    url = reverse("documents:house_template")
    page = lead_client.get(url)
    assert page.status_code == 200 and "No house template yet" in page.content.decode()
    response = lead_client.post(
        url, {"file": upload("Huisstijl.docx", make_docx(normal_font="Comic Neue"))}
    )
    assert response.status_code == 302
    page = lead_client.get(url).content.decode()
    assert "Huisstijl.docx" in page and "Remove the template" in page
    original = lead_client.get(reverse("documents:house_template_download"))
    assert original.status_code == 200 and original.content[:2] == b"PK"
    sample = lead_client.get(reverse("documents:sample", args=["docx"]))
    assert sample.status_code == 200
    assert sample["Content-Type"] == render.content_type("docx")
    assert docx.Document(io.BytesIO(sample.content)).styles["Normal"].font.name == "Comic Neue"
    assert lead_client.post(reverse("documents:house_template_remove")).status_code == 302
    assert not HouseTemplate.objects.filter(organisation=organisation).exists()


def test_a_bad_upload_shows_the_reason_and_keeps_nothing(lead_client):
    response = lead_client.post(
        reverse("documents:house_template"), {"file": upload("macro.docm", make_docx())}
    )
    assert response.status_code == 400
    assert "contains macros" in response.content.decode()
    assert (
        'class="utrecht-alert utrecht-alert--error gs-error-summary"' in response.content.decode()
    )
    assert not HouseTemplate.objects.exists()


def test_a_bad_upload_in_dutch(lead_client, lead):
    lead.language = "nl"
    lead.save()
    response = lead_client.post(
        reverse("documents:house_template"), {"file": upload("x.docx", b"nope")}
    )
    assert response.status_code == 400
    assert "geen Word-document" in response.content.decode()


def test_staff_may_not_manage_the_template(staff_client, organisation):
    make_house_template(organisation)
    for name in ("documents:house_template", "documents:house_template_download"):
        assert staff_client.get(reverse(name)).status_code == 403
    assert (
        staff_client.post(
            reverse("documents:house_template"), {"file": upload("a.docx", make_docx())}
        ).status_code
        == 403
    )
    assert staff_client.post(reverse("documents:house_template_remove")).status_code == 403
    assert HouseTemplate.objects.filter(organisation=organisation).exists()


def test_another_organisation_cannot_see_or_remove_the_template(client, organisation, other_lead):
    make_house_template(organisation)
    client.force_login(other_lead)
    page = client.get(reverse("documents:house_template")).content.decode()
    assert "house-style.docx" not in page and "No house template yet" in page
    assert client.get(reverse("documents:house_template_download")).status_code == 404
    client.post(reverse("documents:house_template_remove"))
    assert HouseTemplate.objects.filter(organisation=organisation).exists()
    sample = client.get(reverse("documents:sample", args=["docx"]))
    assert "house-style" not in sample.content.decode("latin-1")
    assert scoping_urls(organisation) == []


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("documents:house_template"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_documents_page_previews_the_sample_and_offers_every_format(staff_client):
    page = staff_client.get(reverse("documents:index")).content.decode()
    assert page.count("<h1") == 1 and "<svg" in page and "The numbers in this chart" in page
    for fmt in ("pdf", "docx", "html", "md"):
        assert reverse("documents:sample", args=[fmt]) in page
    assert reverse("documents:house_template") not in page  # staff: no link to a lead-only page
    pdf = staff_client.get(reverse("documents:sample", args=["pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert staff_client.get(reverse("documents:sample", args=["exe"])).status_code == 404


# --- command line ------------------------------------------------------------------


def test_cli_renders_the_sample_atomically(tmp_path, organisation):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "sample.md"
    call_command(
        "documents",
        "sample",
        "--format",
        "md",
        "--lang",
        "nl",
        "--org",
        "example",
        "--out",
        str(out),
    )
    text = out.read_text()
    assert "# Voorbeelddocument" in text and "Gemeente Voorbeeld" in text
    assert [p.name for p in tmp_path.iterdir()] == ["sample.md"]  # no temporary file left
    with pytest.raises(CommandError) as error:
        call_command(
            "documents", "sample", "--format", "odt", "--lang", "nl", "--out", str(tmp_path / "x")
        )
    assert error.value.returncode == 2 and "Onbekend formaat odt" in str(error.value)
    assert not (tmp_path / "x").exists()


def test_cli_sets_refuses_shows_and_removes_a_template(tmp_path, organisation, capsys):
    good = tmp_path / "house.docx"
    good.write_bytes(make_docx())
    bad = tmp_path / "macro.docm"
    bad.write_bytes(make_docx())
    with pytest.raises(CommandError) as error:
        call_command("documents", "house-template", "set", "--org", "example", "--file", str(bad))
    assert error.value.returncode == 2 and "macros" in str(error.value)
    assert not HouseTemplate.objects.exists()
    call_command("documents", "house-template", "set", "--org", "example", "--file", str(good))
    call_command("documents", "house-template", "show", "--org", "example")
    assert "house.docx" in capsys.readouterr().out
    call_command("documents", "house-template", "remove", "--org", "example", "--lang", "nl")
    assert "verwijderd" in capsys.readouterr().out
    with pytest.raises(CommandError) as error:
        call_command("documents", "house-template", "show", "--org", "nowhere")
    assert error.value.returncode == 2
