"""The photos and videos of a disclosure package: a disclosed item's kept files in the ZIP,
listed in its rows, its conversation PDF, the inventory and the hash manifest; a withheld
item's never; a partly disclosed item's withheld unless the officer releases them; a stored
file that no longer matches its SHA-256 stops the package."""

import csv
import hashlib
import io
import zipfile
from datetime import datetime
from io import StringIO

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from govsocial.archive import services
from govsocial.archive.models import DisclosureItem, Item, MediaFile
from govsocial.archive.tests.factories import attach_media, make_archived_channel
from govsocial.archive.tests.test_media import PHOTO, VIDEO, memory_storage

pytestmark = pytest.mark.django_db
__all__ = ["memory_storage"]  # the fixture, used by name below
WITHHELD_PHOTO = b"\xff\xd8\xff\xe0 a photo of a withheld post"
PARTLY_PHOTO = b"\xff\xd8\xff\xe0 a photo a member of the public sent"


def _sha(data):
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def package_items(organisation, memory_storage):
    """Two posts and their replies from the public; the first post with a photo, a video
    and a file over the size cap, the second (to be withheld) and a reply with a photo."""
    channel = make_archived_channel(organisation, posts=2)
    items = {i.external_id[:1] + i.external_id[-1]: i for i in Item.objects.all()}
    attach_media(organisation, items["p0"], "media/pool.jpg", PHOTO)
    attach_media(organisation, items["p0"], "media/pool.mp4", VIDEO)
    big = attach_media(organisation, items["p0"], "media/huge.mov", b"x")
    MediaFile.objects.filter(pk=big.pk).update(storage_name="")  # as an import over the cap
    attach_media(organisation, items["p1"], "media/secret.jpg", WITHHELD_PHOTO)
    attach_media(organisation, items["r0"], "media/from-resident.jpg", PARTLY_PHOTO)
    disclosure = services.create_disclosure(
        organisation, None, reference="WOO-9", filters=services.Filters(channel_id=channel.pk)
    )
    entries = {e.item.external_id[:1] + e.item.external_id[-1]: e for e in
               DisclosureItem.objects.select_related("item")}  # fmt: skip
    services.add_redaction(entries["p1"], None, "woo-5.1.2.i")  # the whole item
    return disclosure, entries


def _package(tmp_path, disclosure):
    out = tmp_path / "package.zip"
    summary = services.write_package(disclosure, out)
    return zipfile.ZipFile(out), summary


def _rows(package):
    return {r["number"]: r for r in map(orjson.loads, package.read("items.jsonl").splitlines())}


def test_disclosed_media_go_in_with_their_hashes_and_withheld_ones_stay_out(
    package_items, tmp_path
):
    disclosure, entries = package_items
    package, summary = _package(tmp_path, disclosure)
    photo, video = f"media/{_sha(PHOTO)}.jpg", f"media/{_sha(VIDEO)}.mp4"
    assert {n for n in package.namelist() if n.startswith("media/")} == {photo, video}
    assert package.read(photo) == PHOTO and package.read(video) == VIDEO
    # Every file is dated the day the package was made, the streamed ones too (not 1980).
    today = datetime.now().timetuple()[:3]
    assert {info.date_time[:3] for info in package.infolist()} == {today}
    assert summary["media_files"] == 2 and summary["media_withheld"] == 2
    rows = _rows(package)
    post, withheld, reply = (rows[entries[k].number] for k in ("p0", "p1", "r0"))
    assert [m["file"] for m in post["media"]] == [photo, video]
    assert post["media"][0]["sha256"] == _sha(PHOTO) and post["media_not_kept"] == [
        "media/huge.mov"
    ]
    assert withheld["media"] == [] and withheld["media_withheld"] == 1
    assert reply["decision"] == "Partly disclosed" and reply["media"] == []
    assert reply["media_withheld"] == 1
    everything = b"".join(package.read(n) for n in package.namelist() if not n.startswith("media/"))
    assert b"secret.jpg" not in everything and b"from-resident" not in everything
    # The manifest: each included file with its SHA-256 and chain record; SHA256SUMS too.
    manifest = list(csv.DictReader(io.StringIO(package.read("hashes.csv").decode("utf-8-sig"))))
    files = {r["file"]: r for r in manifest if r["file"]}
    assert set(files) == {photo, video}
    for name, row in files.items():
        assert hashlib.sha256(package.read(name)).hexdigest() == row["sha256"]
    assert files[photo]["record_hash"] == MediaFile.objects.get(origin="media/pool.jpg").record_hash
    sums = dict(
        reversed(line.split("  ")) for line in package.read("SHA256SUMS").decode().splitlines()
    )
    assert sums[photo] == _sha(PHOTO) and sums[video] == _sha(VIDEO)
    # The inventory counts per item; the CSV row names the files.
    inventory = {
        int(r["number"]): r
        for r in csv.DictReader(io.StringIO(package.read("inventory.csv").decode("utf-8-sig")))
    }
    first = inventory[entries["p0"].number]
    assert (first["media_included"], first["media_withheld"], first["media_not_kept"]) == (
        "2",
        "0",
        "1",
    )
    assert inventory[entries["p1"].number]["media_withheld"] == "1"
    items_csv = package.read("items.csv").decode("utf-8-sig")
    assert f"{photo} {video}" in items_csv
    # The conversation PDF lists the files by name; the inventory PDF counts them.
    pdfs = {n: _pdf_text(package, n) for n in package.namelist() if n.startswith("threads/")}
    first_thread = next(t for t in pdfs.values() if "open 0" in t)
    assert _sha(PHOTO)[:20] in first_thread.replace("\n", "")
    assert "1 photo or video withheld" in first_thread  # the reply's
    assert "2 included" in _pdf_text(package, "inventory.pdf")


def test_released_media_of_a_partly_disclosed_item_go_in(package_items, tmp_path):
    disclosure, entries = package_items
    services.set_media_release(entries["r0"], True)
    package, _summary = _package(tmp_path, disclosure)
    assert package.read(f"media/{_sha(PARTLY_PHOTO)}.jpg") == PARTLY_PHOTO
    services.add_redaction(entries["r0"], None, "woo-5.1.2.e")  # withheld after all: out again
    package, _summary = _package(tmp_path, disclosure)
    assert f"media/{_sha(PARTLY_PHOTO)}.jpg" not in package.namelist()


def test_a_stored_file_that_no_longer_matches_stops_the_package(
    package_items, tmp_path, memory_storage
):
    disclosure, _entries = package_items
    photo = MediaFile.objects.get(origin="media/pool.jpg")
    memory_storage.files[photo.storage_name] = b"\xff\xd8\xff\xe0 another picture"
    out = tmp_path / "woo.zip"
    with pytest.raises(services.ArchiveError) as refused:
        services.write_package(disclosure, out)
    assert "media/pool.jpg no longer matches its SHA-256" in refused.value.message
    assert not out.exists() and not list(tmp_path.glob(".woo.zip*"))
    # On the command line: exit 2, in the person's language, nothing written.
    with pytest.raises(CommandError) as failed:
        call_command(
            "archive", "export", "--org", "example", "--disclosure", str(disclosure.pk),
            "--out", str(out), "--lang", "nl", stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
    assert failed.value.returncode == 2
    assert "klopt niet meer met zijn SHA-256" in str(failed.value) and not out.exists()
    memory_storage.delete(photo.storage_name)
    with pytest.raises(services.ArchiveError) as refused:
        services.write_package(disclosure, out)
    assert "media/pool.jpg is missing" in refused.value.message


def test_the_officer_sees_the_media_and_releases_them_in_the_browser(
    lead_client, package_items, memory_storage
):
    disclosure, entries = package_items
    # The package's page: what each item's photos and videos come to.
    overview = reverse("archive:disclosure", args=[disclosure.pk])
    page = lead_client.get(overview).content.decode()
    assert "Photos and videos" in page and "2 included, 1 not kept" in page
    assert page.count('<td class="utrecht-table__cell">1 withheld</td>') == 2  # p1 and r0
    url = reverse("archive:disclosure_entry", args=[disclosure.pk, entries["r0"].pk])
    page = lead_client.get(url).content.decode()
    assert "media/from-resident.jpg" in page and "Release the photos and videos" in page
    lead_client.post(url, {"release_media": "1"})
    entries["r0"].refresh_from_db()
    assert entries["r0"].release_media
    page = lead_client.get(url).content.decode()
    assert "in the package as media/" in page and "Withhold the photos and videos" in page
    page = lead_client.get(overview).content.decode()
    assert page.count('<td class="utrecht-table__cell">1 withheld</td>') == 1
    assert '<td class="utrecht-table__cell">1 included</td>' in page
    first = reverse("archive:disclosure_entry", args=[disclosure.pk, entries["p0"].pk])
    page = lead_client.get(first).content.decode()
    assert "not kept by the archive" in page and "Release the photos" not in page
    # A tampered file: the download says why instead of failing.
    photo = MediaFile.objects.get(origin="media/pool.jpg")
    memory_storage.files[photo.storage_name] = b"tampered"
    response = lead_client.post(
        reverse("archive:disclosure_download", args=[disclosure.pk]), follow=True
    )
    assert "no longer matches its SHA-256" in response.content.decode()


def _pdf_text(package, name):
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(package.read(name))).pages)


def test_the_media_lines_speak_the_package_language(organisation, package_items, tmp_path):
    disclosure, entries = package_items
    disclosure.language = "nl"
    disclosure.save()
    package, _summary = _package(tmp_path, disclosure)
    first = next(
        _pdf_text(package, n)
        for n in package.namelist()
        if n.startswith("threads/") and "open 0" in _pdf_text(package, n)
    )
    assert "Foto's en video's: media/" in first and "1 foto of video niet openbaar" in first
    assert "2 in het pakket" in _pdf_text(package, "inventory.pdf")
