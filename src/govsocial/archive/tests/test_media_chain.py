"""Media files are links of their channel's hash chain: a media row changed, removed or
added afterwards is reported by `archive verify`, and archives written before media had
links still verify clean."""

import hashlib
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from govsocial.archive import services
from govsocial.archive.models import ChainHead, Item, ItemVersion, MediaFile
from govsocial.archive.tests.factories import attach_media, make_archived_channel
from govsocial.archive.tests.test_media import PHOTO, VIDEO, _import, _x_zip, memory_storage
from govsocial.channels.tests.factories import make_channel

pytestmark = pytest.mark.django_db
__all__ = ["memory_storage"]  # the fixture, used by name below


def _verify(organisation, *args):
    out = StringIO()
    try:
        call_command("archive", "verify", "--org", organisation.slug, *args, stdout=out)
    except CommandError as failed:
        return failed.returncode, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def imported(organisation, tmp_path, memory_storage):
    channel = make_channel(organisation, platform="x", handle="@gemeente", owner=None, cover=None)
    _import(organisation, channel, _x_zip(tmp_path / "x.zip"))
    return channel


def test_an_import_links_its_media_after_the_versions_and_verifies_clean(organisation, imported):
    head = ChainHead.objects.get(channel_id=imported.pk)
    versions = ItemVersion.objects.filter(channel_id=imported.pk).count()
    media = list(MediaFile.objects.order_by("sequence"))
    assert [m.sequence for m in media] == [versions + 1, versions + 2]
    assert head.sequence == versions + 2 and head.record_hash == media[-1].record_hash
    assert media[1].previous_hash == media[0].record_hash
    result = services.verify(organisation)
    assert result.ok and result.records == versions + 2


def test_a_photo_and_its_sha256_swapped_together_is_reported(
    organisation, imported, memory_storage
):
    photo = MediaFile.objects.get(origin__endswith=".jpg")
    other = b"\xff\xd8\xff\xe0 another picture"
    memory_storage.files[photo.storage_name] = other  # the file replaced …
    MediaFile.objects.filter(pk=photo.pk).update(  # … and its row made to match it
        sha256=hashlib.sha256(other).hexdigest(), size=len(other)
    )
    code, text = _verify(organisation)
    assert code == 1
    assert f"media file data/tweets_media/1000000000-Pic.jpg of item {photo.item_id}" in text
    assert "differs from its record in the chain" in text and "NOT intact" in text
    code, text = _verify(organisation, "--lang", "nl")
    assert code == 1 and f"van item {photo.item_id}" in text


@pytest.mark.parametrize(
    "change",
    [{"size": 1}, {"origin": "data/tweets_media/other.jpg"}, {"content_type": "image/png"}],
)
def test_a_changed_media_row_is_reported(organisation, imported, change):
    photo = MediaFile.objects.get(origin__endswith=".jpg")
    MediaFile.objects.filter(pk=photo.pk).update(**change)
    result = services.verify(organisation)
    assert [p.kind for p in result.problems] == ["changed"]
    assert str(photo.item_id) in result.problems[0].detail


def test_a_moved_media_row_is_reported(organisation, imported):
    photo = MediaFile.objects.get(origin__endswith=".jpg")
    other = Item.objects.exclude(pk=photo.item_id).first()
    MediaFile.objects.filter(pk=photo.pk).update(item=other)
    assert [p.kind for p in services.verify(organisation).problems] == ["changed"]


def test_a_removed_media_row_is_reported(organisation, imported):
    MediaFile.objects.get(origin__endswith=".jpg").delete()  # the first link of the two
    result = services.verify(organisation)
    assert [p.kind for p in result.problems] == ["removed"]
    MediaFile.objects.all().delete()  # now the last links are gone too: the head tells
    code, text = _verify(organisation)
    assert code == 1 and "the chain ends at" in text


def test_a_media_row_added_afterwards_is_reported(organisation, imported):
    item = Item.objects.get(external_id="1000000000")
    MediaFile.objects.create(
        organisation=organisation, item=item, origin="data/tweets_media/extra.jpg",
        storage_name="", sha256="", size=5, content_type="image/jpeg", run=item.last_seen_run,
    )  # fmt: skip
    code, text = _verify(organisation)
    assert code == 1
    assert f"media file data/tweets_media/extra.jpg of item {item.pk} is not in the chain" in text
    assert "added" in text


def test_a_kept_file_emptied_from_its_row_without_destruction_is_reported(organisation, imported):
    MediaFile.objects.filter(origin__endswith=".jpg").update(storage_name="")
    result = services.verify(organisation)
    assert [p.kind for p in result.problems] == ["changed"]
    assert "taken out of the storage" in result.problems[0].detail


def test_re_importing_adds_no_links(organisation, imported, tmp_path):
    head = ChainHead.objects.get(channel_id=imported.pk)
    again = _import(organisation, imported, _x_zip(tmp_path / "x.zip"))
    assert again.unchanged == 3
    assert ChainHead.objects.get(channel_id=imported.pk).sequence == head.sequence
    assert MediaFile.objects.count() == 2
    assert services.verify(organisation).ok


def test_media_of_a_later_import_are_linked_then(organisation, tmp_path, memory_storage):
    channel = make_channel(organisation, platform="x", handle="@gemeente", owner=None, cover=None)
    _import(organisation, channel, _x_zip(tmp_path / "bare.zip", with_media=False))
    assert not MediaFile.objects.exists()
    _import(organisation, channel, _x_zip(tmp_path / "x.zip"))  # items unchanged, media new
    assert MediaFile.objects.filter(sequence__isnull=False).count() == 2
    assert services.verify(organisation).ok


def test_an_archive_written_before_media_had_links_still_verifies_clean(
    organisation, memory_storage
):
    channel = make_archived_channel(organisation, posts=2)  # versions only, as the old code
    before = list(ItemVersion.objects.order_by("sequence").values_list("record_hash", flat=True))
    assert services.verify(organisation).ok
    item = Item.objects.filter(channel_id=channel.pk).order_by("pk").first()
    # Media rows as the old code wrote them: no link.
    for origin, data in (("media/a.jpg", PHOTO), ("media/b.mp4", VIDEO)):
        sha = hashlib.sha256(data).hexdigest()
        name = services.media_storage().save(f"archive/{sha}{origin[-4:]}", _content(data))
        MediaFile.objects.create(
            organisation=organisation, item=item, origin=origin, storage_name=name, sha256=sha,
            size=len(data), content_type="image/jpeg", run=item.last_seen_run,
        )  # fmt: skip
    assert {p.kind for p in services.verify(organisation).problems} == {"added"}
    migration = importlib.import_module("govsocial.archive.migrations.0011_media_in_the_chain")
    migration.link_existing_media(apps, None)
    result = services.verify(organisation)
    assert result.ok and result.records == len(before) + 2
    after = list(ItemVersion.objects.order_by("sequence").values_list("record_hash", flat=True))
    assert after == before  # appended, nothing rewritten
    assert ChainHead.objects.get(channel_id=channel.pk).sequence == len(before) + 2
    migration.link_existing_media(apps, None)  # a second run finds nothing to link
    assert ChainHead.objects.get(channel_id=channel.pk).sequence == len(before) + 2


def test_the_test_factory_links_like_an_import(organisation):
    channel = make_archived_channel(organisation, posts=1)
    item = Item.objects.filter(channel_id=channel.pk).first()
    attach_media(organisation, item, "media/photo.png", b"\x89PNG a photo")
    assert services.verify(organisation).ok


def _content(data):
    from django.core.files.base import ContentFile

    return ContentFile(data)
