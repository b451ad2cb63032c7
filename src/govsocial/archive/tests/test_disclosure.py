"""Disclosure packages for a records request: redactions shown as a marked blank
in every output, the original untouched, the export in the audit trail."""

import csv
import hashlib
import io
import zipfile
from io import StringIO

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader
from warcio.archiveiterator import ArchiveIterator

from govsocial.archive import services
from govsocial.archive.models import Disclosure, DisclosureItem, Item
from govsocial.archive.tests.factories import make_archived_channel
from govsocial.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def archived(organisation):
    return make_archived_channel(organisation, posts=2)


def _package(tmp_path, disclosure, **kwargs):
    out = tmp_path / "package.zip"
    services.write_package(disclosure, out, **kwargs)
    return zipfile.ZipFile(out)


def test_a_package_holds_every_part_and_blanks_what_is_redacted(
    organisation, lead, archived, tmp_path
):
    disclosure = services.create_disclosure(
        organisation, lead, reference="WOO-2026-7", filters=services.Filters(channel_id=archived.pk)
    )
    entries = {e.item.text: e for e in DisclosureItem.objects.select_related("item")}
    services.add_redaction(entries["Het zwembad is open 0"], lead, "woo-5.1.2.e", passage="zwembad")
    other = entries["Het zwembad is open 1"]
    services.add_redaction(other, lead, "woo-5.1.1.d")
    package = _package(tmp_path, disclosure, person=lead)
    names = set(package.namelist())
    assert {"items.jsonl", "items.csv", "inventory.csv", "inventory.pdf", "hashes.csv",
            "raw.warc.gz", "SHA256SUMS"} <= names  # fmt: skip
    threads = [n for n in names if n.startswith("threads/")]
    assert len(threads) == 2
    rows = [orjson.loads(line) for line in package.read("items.jsonl").splitlines()]
    texts = {r["text"] for r in rows}
    assert "Het [redacted: Woo 5.1.2.e] is open 0" in texts
    assert "[redacted: Woo 5.1.1.d]" in texts
    assert {r["author"] for r in rows if r["author_kind"] == "A member of the public"} == {
        "[redacted: Woo 5.1.2.e]"
    }
    assert "inwoner" not in package.read("items.csv").decode("utf-8-sig")
    pdf_text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(package.read(threads[0]))).pages
    )
    assert "[redacted: Woo 5.1.2.e]" in pdf_text and "zwembad" not in pdf_text
    inventory = list(csv.DictReader(io.StringIO(package.read("inventory.csv").decode("utf-8-sig"))))
    assert {r["decision"] for r in inventory} == {"Partly disclosed", "Withheld"}
    # Only items disclosed in full have their raw payload in the WARC: none here (every reply
    # has a public author, both posts are redacted).
    records = list(ArchiveIterator(io.BytesIO(package.read("raw.warc.gz"))))
    assert [r.rec_type for r in records] == ["warcinfo"]
    for line in package.read("SHA256SUMS").decode().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256(package.read(name)).hexdigest() == digest
    assert Item.objects.filter(text="Het zwembad is open 0").exists()  # the original stays
    event = AuditEvent.objects.get(action="archive.disclosure_exported")
    assert event.actor == lead and event.detail["items"] == 4


def test_fully_disclosed_items_carry_their_raw_payload_in_the_warc(
    organisation, archived, tmp_path
):
    disclosure = services.create_disclosure(
        organisation, None, reference="FOI-1", query="zwembad", redact_public_authors=False
    )
    package = _package(tmp_path, disclosure)
    payloads = [
        (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
        for r in ArchiveIterator(io.BytesIO(package.read("raw.warc.gz")))
        if r.rec_type == "resource"
    ]
    assert len(payloads) == 2
    assert all(uri.startswith("urn:govsocial:mastodon:") and b"zwembad" in p for uri, p in payloads)


def test_a_passage_not_in_the_text_is_refused(organisation, archived):
    disclosure = services.create_disclosure(organisation, None, reference="R", query="zwembad")
    entry = disclosure.entries.first()
    with pytest.raises(services.ArchiveError):
        services.add_redaction(entry, None, "woo-5.1.2.e", passage="not there")
    with pytest.raises(services.ArchiveError):
        services.add_redaction(entry, None, "no-such-ground")


def test_the_package_speaks_dutch(organisation, archived, tmp_path):
    disclosure = services.create_disclosure(
        organisation, None, reference="R", query="laat", language="nl"
    )
    package = _package(tmp_path, disclosure)
    rows = [orjson.loads(line) for line in package.read("items.jsonl").splitlines()]
    assert rows[0]["author"] == "[gelakt: Woo 5.1.2.e]" and rows[0]["decision"] == "Deels openbaar"


def _run(*args):
    out = StringIO()
    call_command("archive", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_export_command(organisation, archived, tmp_path):
    out = tmp_path / "woo.zip"
    text = _run("export", "--org", "example", "--query", "zwembad", "--out", str(out))
    assert "2 items" in text and zipfile.is_zipfile(out)
    disclosure = Disclosure.objects.get()
    assert disclosure.reference == "woo"
    again = tmp_path / "again.zip"
    _run("export", "--org", "example", "--disclosure", str(disclosure.pk), "--out", str(again))
    assert AuditEvent.objects.filter(action="archive.disclosure_exported").count() == 2


def test_the_export_command_counts_in_words_of_the_readers_language(
    organisation, archived, tmp_path
):
    both = _run(
        "export", "--org", "example", "--query", "zwembad", "--out", str(tmp_path / "a.zip")
    )
    assert both.startswith("2 items (0 withheld or partly) in 2 conversations written to")
    one = _run(
        "export", "--org", "example", "--query", "zwembad open 1", "--lang", "nl",
        "--out", str(tmp_path / "b.zip"),
    )  # fmt: skip
    assert one.startswith("1 item (0 niet of deels openbaar) in 1 gesprek geschreven naar")


@pytest.mark.parametrize(
    "args",
    [
        ["--org", "nowhere", "--query", "zwembad"],
        ["--org", "example", "--query", "nothingmatches"],
        ["--org", "example"],
        ["--org", "example", "--disclosure", "9999"],
        ["--org", "example", "--query", "zwembad", "--since", "yesterday"],
    ],
)
def test_bad_export_input_exits_2_and_writes_nothing(organisation, archived, tmp_path, args):
    out = tmp_path / "out.zip"
    with pytest.raises(CommandError) as caught:
        _run("export", *args, "--out", str(out))
    assert caught.value.returncode == 2
    assert not out.exists() and not Disclosure.objects.exists()
    assert not list(tmp_path.glob(".out.zip*"))


def test_an_export_into_a_missing_folder_exits_2(organisation, archived, tmp_path):
    with pytest.raises(CommandError) as caught:
        _run(
            "export",
            "--org",
            "example",
            "--query",
            "zwembad",
            "--out",
            str(tmp_path / "no" / "x.zip"),
        )
    assert caught.value.returncode == 2


def test_building_redacting_and_downloading_in_the_browser(lead_client, organisation, archived):
    from django.urls import reverse

    response = lead_client.post(
        reverse("archive:disclosures"),
        {"reference": "WOO-2026-3", "q": "zwembad", "package_language": "en",
         "redact_public_authors": "on"},
    )  # fmt: skip
    disclosure = Disclosure.objects.get()
    assert response["Location"] == reverse("archive:disclosure", args=[disclosure.pk])
    entry = disclosure.entries.first()
    url = reverse("archive:disclosure_entry", args=[disclosure.pk, entry.pk])
    lead_client.post(url, {"ground": "woo-5.1.2.e", "passage": "zwembad"})
    page = lead_client.get(reverse("archive:disclosure", args=[disclosure.pk])).content.decode()
    assert "[redacted: Woo 5.1.2.e]" in page and "Partly disclosed" in page
    bad = lead_client.post(url, {"ground": "woo-5.1.2.e", "passage": "absent words"})
    assert b"does not occur" in bad.content
    download = lead_client.post(reverse("archive:disclosure_download", args=[disclosure.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="WOO-2026-3.zip"')
    package = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "inventory.pdf" in package.namelist()
    redaction = entry.redactions.get()
    remove = reverse("archive:redaction_remove", args=[disclosure.pk, redaction.pk])
    assert lead_client.get(remove).status_code == 405
    lead_client.post(remove)
    assert not entry.redactions.exists()


def test_staff_cannot_build_packages(staff_client, archived):
    from django.urls import reverse

    assert staff_client.get(reverse("archive:disclosures")).status_code == 403
