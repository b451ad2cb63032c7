"""Media files of an export go through Django's storage API (an object store can
replace the data folder), each with its SHA-256, checked by `archive verify`."""

import json
import zipfile
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from govsocial.archive import services
from govsocial.archive.generate import note, tweets
from govsocial.archive.models import Item, MediaFile
from govsocial.archive.tests.real import REAL, needs_real
from govsocial.channels.tests.factories import make_channel

pytestmark = pytest.mark.django_db
PHOTO = b"\xff\xd8\xff\xe0" + b"jpeg bytes " * 500
VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"video " * 2000


class DictStorage(Storage):
    """An object store stand-in: bytes in a dict, no filesystem path at all
    (Storage.path raises NotImplementedError, so any direct file access fails)."""

    files: dict[str, bytes] = {}

    def _open(self, name, mode="rb"):
        if name not in self.files:
            raise FileNotFoundError(name)
        return ContentFile(self.files[name], name=name)

    def _save(self, name, content):
        self.files[name] = b"".join(content.chunks())
        return name

    def exists(self, name):
        return name in self.files

    def delete(self, name):
        self.files.pop(name, None)

    def size(self, name):
        return len(self.files[name])


@pytest.fixture
def memory_storage(settings):
    DictStorage.files = {}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "govsocial.archive.tests.test_media.DictStorage"},
    }
    return storages["default"]


def _x_zip(path, with_media=True):
    records = list(tweets(3))
    records[0]["tweet"]["extended_entities"] = {
        "media": [{"media_url_https": "https://pbs.twimg.com/media/Pic.jpg"}]
    }
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data/tweets.js", "window.YTD.tweets.part0 = " + json.dumps(records))
        if with_media:
            archive.writestr("data/tweets_media/1000000000-Pic.jpg", PHOTO)
            archive.writestr("data/tweets_media/1000000000-rAnD0m.mp4", VIDEO)
    return path


def _import(organisation, channel, path, source="x"):
    return services.import_export(organisation, channel.pk, source, path)


def test_x_media_are_kept_in_the_storage_with_their_sha256(
    organisation, tmp_path, settings, memory_storage
):
    channel = make_channel(organisation, platform="x", handle="@gemeente", owner=None, cover=None)
    counts = _import(organisation, channel, _x_zip(tmp_path / "x.zip"))
    assert counts.new == 3
    media = list(MediaFile.objects.order_by("origin"))
    assert [m.origin for m in media] == [
        "data/tweets_media/1000000000-Pic.jpg",
        "data/tweets_media/1000000000-rAnD0m.mp4",
    ]
    assert media[0].item.external_id == "1000000000" and media[0].content_type == "image/jpeg"
    for m, data in zip(media, (PHOTO, VIDEO), strict=True):
        assert m.size == len(data)
        with memory_storage.open(m.storage_name) as stream:
            assert stream.read() == data
    assert not (settings.MEDIA_ROOT).exists() or not any(settings.MEDIA_ROOT.rglob("*.*"))
    # Re-importing adds no file and no row.
    again = _import(organisation, channel, _x_zip(tmp_path / "x.zip"))
    assert again.unchanged == 3 and MediaFile.objects.count() == 2


def test_the_item_page_lists_the_media_and_offers_them_as_downloads(
    lead_client, organisation, tmp_path, memory_storage
):
    channel = make_channel(organisation, platform="x", handle="@gemeente", owner=None, cover=None)
    _import(organisation, channel, _x_zip(tmp_path / "x.zip"))
    photo = MediaFile.objects.get(origin__endswith=".jpg")
    html = lead_client.get(reverse("archive:item", args=[photo.item_id])).content.decode()
    assert "Photos and videos" in html and photo.sha256 in html
    url = reverse("archive:media_file", args=[photo.item_id, photo.pk])
    assert url in html
    # The photo is shown small; the video is only offered as a download.
    assert f'<img class="gs-media-preview" src="{url}"' in html
    assert html.count('class="gs-media-preview"') == 1
    response = lead_client.get(url)
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PHOTO
    other = Item.objects.exclude(pk=photo.item_id).first()
    assert (
        lead_client.get(reverse("archive:media_file", args=[other.pk, photo.pk])).status_code == 404
    )


def test_another_organisation_cannot_fetch_a_media_file(
    client, other_lead, organisation, tmp_path, memory_storage
):
    channel = make_channel(organisation, platform="x", handle="@gemeente", owner=None, cover=None)
    _import(organisation, channel, _x_zip(tmp_path / "x.zip"))
    photo = MediaFile.objects.get(origin__endswith=".jpg")
    client.force_login(other_lead)
    url = reverse("archive:media_file", args=[photo.item_id, photo.pk])
    assert client.get(url).status_code == 404


def test_a_file_over_the_limit_is_listed_but_not_kept(
    organisation, tmp_path, settings, memory_storage
):
    settings.GOVSOCIAL_MAX_MEDIA_BYTES = len(PHOTO) + 10  # the video is larger
    channel = make_channel(organisation, platform="x", handle="@gemeente", owner=None, cover=None)
    _import(organisation, channel, _x_zip(tmp_path / "x.zip"))
    video = MediaFile.objects.get(origin__endswith=".mp4")
    assert video.storage_name == "" and video.size == len(VIDEO)
    assert len(memory_storage.files) == 1


def test_verify_reports_a_changed_and_a_removed_media_file(organisation, tmp_path, memory_storage):
    channel = make_channel(organisation, platform="x", handle="@gemeente", owner=None, cover=None)
    _import(organisation, channel, _x_zip(tmp_path / "x.zip"))
    out = StringIO()
    call_command("archive", "verify", "--org", organisation.slug, stdout=out)
    assert "intact" in out.getvalue()
    photo = MediaFile.objects.get(origin__endswith=".jpg")
    video = MediaFile.objects.get(origin__endswith=".mp4")
    memory_storage.files[photo.storage_name] = b"tampered"
    memory_storage.delete(video.storage_name)
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("archive", "verify", "--org", organisation.slug, "--lang", "nl", stdout=out)
    assert failed.value.returncode == 1
    text = out.getvalue()
    assert "1000000000-Pic.jpg" in text and "1000000000-rAnD0m.mp4" in text
    assert "SHA-256" in text and "ontbreekt" in text


def _with_attachment(n, text, file):
    activity = note(n, text)
    activity["object"]["attachment"] = [{"type": "Document", "url": f"/{file}"}]
    return activity


def test_a_refused_import_leaves_no_media_behind(organisation, tmp_path, memory_storage):
    channel = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    path = tmp_path / "mastodon.zip"
    with zipfile.ZipFile(path, "w") as archive:
        first = _with_attachment(1, "Met foto", "media_attachments/files/1/original/a.png")
        archive.writestr("outbox.json", json.dumps({"orderedItems": [first]}))
        archive.writestr("media_attachments/files/1/original/a.png", PHOTO)
    _import(organisation, channel, path, source="mastodon")
    kept = MediaFile.objects.get()
    assert kept.origin == "media_attachments/files/1/original/a.png"
    # The second file's note is read (and its video stored) before the JSON breaks off.
    second = _with_attachment(3, "Met video", "media_attachments/files/3/original/b.mp4")
    with zipfile.ZipFile(tmp_path / "bad.zip", "w") as archive:
        archive.writestr("outbox.json", '{"orderedItems": [' + json.dumps(second) + ", {")
        archive.writestr("media_attachments/files/3/original/b.mp4", VIDEO)
    with pytest.raises(services.ArchiveError):
        _import(organisation, channel, tmp_path / "bad.zip", source="mastodon")
    assert MediaFile.objects.count() == 1
    assert list(memory_storage.files) == [kept.storage_name]


def test_destroying_an_item_removes_its_files_but_keeps_their_record(
    lead_client, organisation, tmp_path, memory_storage, django_capture_on_commit_callbacks
):
    channel = make_channel(organisation, platform="x", handle="@gemeente", owner=None, cover=None)
    _import(organisation, channel, _x_zip(tmp_path / "x.zip"))
    services.set_schedule(organisation, None, channel.pk, {"post": 1, "reply": 1})
    with django_capture_on_commit_callbacks(execute=True):
        services.destroy(organisation, None, "selectielijst 1.1")
    assert memory_storage.files == {}
    photo = MediaFile.objects.get(origin__endswith=".jpg")
    assert photo.storage_name == "" and photo.sha256 and photo.size == len(PHOTO)
    html = lead_client.get(reverse("archive:item", args=[photo.item_id])).content.decode()
    assert "1000000000-Pic.jpg" in html and "(destroyed)" in html
    out = StringIO()
    call_command("archive", "verify", "--org", organisation.slug, stdout=out)
    assert "intact" in out.getvalue()


@needs_real
def test_a_real_instagram_post_finds_its_photo_under_the_zips_top_folder(
    organisation, tmp_path, memory_storage
):
    posts = REAL / "instagram/dyi-2024-moff1/posts_1.json"
    uri = json.loads(posts.read_bytes())[0]["media"][0]["uri"]  # media/posts/…/….jpg
    path = tmp_path / "instagram.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(posts, "instagram-moff1/your_instagram_activity/content/posts_1.json")
        archive.writestr(f"instagram-moff1/{uri}", PHOTO)
    channel = make_channel(organisation, platform="instagram", owner=None, cover=None)
    _import(organisation, channel, path, source="instagram")
    kept = MediaFile.objects.get()
    assert kept.origin == f"instagram-moff1/{uri}" and kept.content_type == "image/jpeg"
    assert kept.item.external_id.startswith("media:") and kept.size == len(PHOTO)


def _verified(organisation):
    out = StringIO()
    call_command("archive", "verify", "--org", organisation.slug, stdout=out)
    return out.getvalue()


def test_a_failed_import_keeps_a_file_another_import_named_meanwhile(
    organisation, tmp_path, memory_storage, monkeypatch
):
    """The failed import wrote the photo; before it removed it again, another channel's
    import found it kept and named it. The removal waits for that import and keeps it."""
    from govsocial.archive.services.media import Keeper

    first = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    second = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    origin = "media_attachments/files/3/original/b.png"
    with zipfile.ZipFile(tmp_path / "bad.zip", "w") as archive:
        broken = json.dumps(_with_attachment(3, "Met foto", origin))
        archive.writestr("outbox.json", '{"orderedItems": [' + broken + ", {")
        archive.writestr(origin, PHOTO)
    with zipfile.ZipFile(tmp_path / "good.zip", "w") as archive:
        good = _with_attachment(4, "Dezelfde foto", origin)
        archive.writestr("outbox.json", json.dumps({"orderedItems": [good]}))
        archive.writestr(origin, PHOTO)
    discard = Keeper.discard

    def discard_after_another_import(keeper):
        assert keeper.added  # the failed import wrote the photo itself
        _import(organisation, second, tmp_path / "good.zip", source="mastodon")
        discard(keeper)

    monkeypatch.setattr(Keeper, "discard", discard_after_another_import)
    with pytest.raises(services.ArchiveError):
        _import(organisation, first, tmp_path / "bad.zip", source="mastodon")
    kept = MediaFile.objects.get()
    assert kept.item.channel_id == second.pk
    assert memory_storage.files[kept.storage_name] == PHOTO
    assert "intact" in _verified(organisation)


def test_a_destruction_keeps_a_file_an_import_named_before_it_was_removed(
    organisation, tmp_path, memory_storage, django_capture_on_commit_callbacks
):
    """The destroyed item's photo leaves the storage after the destruction's commit, unless
    a row names it by then: here another channel's import of the same photo."""
    first = make_channel(organisation, platform="x", handle="@gemeente", owner=None, cover=None)
    _import(organisation, first, _x_zip(tmp_path / "x.zip"))
    services.set_schedule(organisation, None, first.pk, {"post": 1, "reply": 1})
    with django_capture_on_commit_callbacks() as removals:
        services.destroy(organisation, None, "selectielijst 1.1")
    second = make_channel(organisation, platform="x", handle="@wijk", owner=None, cover=None)
    _import(organisation, second, _x_zip(tmp_path / "again.zip"))  # finds both files kept
    for removal in removals:
        removal()
    named = MediaFile.objects.filter(item__channel_id=second.pk).exclude(storage_name="")
    assert named.count() == 2
    assert {memory_storage.files[m.storage_name] for m in named} == {PHOTO, VIDEO}
    assert "intact" in _verified(organisation)
