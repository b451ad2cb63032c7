"""Photos and videos of an API sync, fetched from a second local server standing in
for the platform's media host (a CDN): kept under their SHA-256 through the storage
API, fetched once, listed with a reason when they cannot be kept, never sent the token."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from govsocial.archive import services
from govsocial.archive.models import Item, MediaFailure, MediaFile, SyncSettings
from govsocial.archive.services.capture import Writer
from govsocial.archive.sync.http import MediaClient, MediaRefused

from .platform_server import Platform, file, ok
from .test_media import DictStorage
from .test_sync import Mastodon, _channel, _settings, status

pytestmark = pytest.mark.django_db
PHOTO = b"\xff\xd8\xff\xe0" + b"jpeg bytes " * 50
PNG = b"\x89PNG\r\n\x1a\n" + b"png bytes " * 40
LARGE = b"\xff\xd8\xff\xe0" + b"x" * 5000


@pytest.fixture(autouse=True)
def _local(settings):
    settings.GOVSOCIAL_SYNC_LOCAL_HOSTS = True
    settings.GOVSOCIAL_SYNC_MAX_WAIT_SECONDS = 0.05
    settings.GOVSOCIAL_MAX_MEDIA_BYTES = 2000


@pytest.fixture
def store(settings):
    DictStorage.files = {}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "govsocial.archive.tests.test_media.DictStorage"},
    }
    return DictStorage.files


@pytest.fixture
def api():
    with Platform() as server:
        yield server


@pytest.fixture
def cdn():
    with Platform() as server:
        yield server


def attachment(n, url, description=""):
    return {"id": str(n), "type": "image", "url": url, "remote_url": None,
            "description": description, "preview_url": url + "?small"}  # fmt: skip


def _mastodon(api, cdn, *media):
    """The instance of test_sync, its first status carrying `media`."""
    instance = Mastodon(api)
    instance.statuses[0] = {**status(3, "Het zwembad is open", replies=1),
                            "media_attachments": list(media)}  # fmt: skip
    return instance


def _media(organisation, suffix):
    item = Item.objects.get(organisation=organisation, external_id__endswith=suffix)
    return list(MediaFile.objects.filter(item=item).order_by("origin"))


def test_a_status_with_two_images_keeps_both_once_without_the_token(organisation, api, cdn, store):
    channel = _channel(organisation, "mastodon", "@gemeente")
    cdn.routes["/media/a.jpg"] = file(PHOTO)
    cdn.routes["/media/b"] = file(PNG, "image/png")
    _mastodon(
        api, cdn,
        attachment(7, f"{cdn.url}/media/a.jpg", "Het zwembad van buiten"),
        attachment(8, f"{cdn.url}/media/b"),
    )  # fmt: skip
    _settings(organisation, channel, api, "mastodon", "gemeente", token="heel-geheim")

    first = services.sync_channel(organisation, channel.pk)
    assert (first.new, first.media_kept, first.media_not_kept) == (4, 2, 0)
    jpeg, png = _media(organisation, "/statuses/3")
    assert jpeg.origin == f"{cdn.url}/media/a.jpg" and jpeg.description == "Het zwembad van buiten"
    assert (jpeg.sha256, jpeg.size, jpeg.content_type) == (
        hashlib.sha256(PHOTO).hexdigest(), len(PHOTO), "image/jpeg"
    )  # fmt: skip
    assert png.sha256 == hashlib.sha256(PNG).hexdigest() and png.content_type == "image/png"
    assert png.storage_name.endswith(".png")
    with services.media_storage().open(jpeg.storage_name, "rb") as stream:
        assert stream.read() == PHOTO
    assert store[png.storage_name] == PNG
    # The token goes to the platform's API only, never to the media host.
    assert all(h.get("Authorization") == "Bearer heel-geheim" for _p, h in api.requests)
    assert cdn.paths() == ["/media/a.jpg", "/media/b"]
    assert not any("Authorization" in h or "heel-geheim" in p for p, h in cdn.requests)

    second = services.sync_channel(organisation, channel.pk)
    assert (second.new, second.media_kept, second.media_not_kept) == (0, 0, 0)
    assert len(cdn.requests) == 2  # a kept file is not fetched again
    assert MediaFile.objects.count() == 2
    assert services.verify(organisation).ok


def test_a_file_over_the_limit_and_a_missing_one_are_listed_and_the_sync_goes_on(
    organisation, api, cdn, store, settings, lead, lead_client
):
    settings.GOVSOCIAL_SYNC_TIMEOUT_SECONDS = 0.5
    channel = _channel(organisation, "mastodon", "@gemeente")
    cdn.routes["/big.jpg"] = file(LARGE)

    def slow(query):
        time.sleep(1.5)
        return 200, {"Content-Type": "image/jpeg"}, PHOTO

    cdn.routes["/slow.jpg"] = slow
    _mastodon(
        api, cdn, attachment(1, f"{cdn.url}/big.jpg", "Het zwembad"), attachment(2, f"{cdn.url}/gone.jpg"),
        attachment(3, f"{cdn.url}/slow.jpg"),
    )  # fmt: skip
    _settings(organisation, channel, api, "mastodon", "gemeente")

    counts = services.sync_channel(organisation, channel.pk)
    assert (counts.new, counts.media_kept, counts.media_not_kept) == (4, 0, 3)
    (big,) = _media(organisation, "/statuses/3")  # listed like an import's: never fetched again
    assert (big.storage_name, big.reason, big.size) == ("", "too_large", len(LARGE))
    gone, slow_one = MediaFailure.objects.order_by("origin")  # tried again by the next sync
    assert (gone.origin, gone.reason, gone.detail) == (f"{cdn.url}/gone.jpg", "status", "404")
    assert (slow_one.reason, slow_one.detail) == ("unreachable", "ReadTimeout")
    assert not store  # nothing kept
    found = SyncSettings.objects.get(channel_id=channel.pk)
    assert found.status == "done" and found.counts["media_not_kept"] == 3

    sync_page = lead_client.get(reverse("archive:sync", args=[channel.pk])).content.decode()
    assert "0 fetched and kept, 3 listed but not kept" in sync_page
    assert "not kept: the media host answered with status 404" in sync_page
    item = Item.objects.get(external_id__endswith="/statuses/3")
    page = lead_client.get(reverse("archive:item", args=[item.pk])).content.decode()
    assert "not kept: larger than the limit" in page
    assert "not kept: the media host answered with status 404" in page
    assert "not kept: the media host could not be reached (ReadTimeout)" in page
    lead.language = "nl"
    lead.save()
    lead_client.force_login(lead)
    page = lead_client.get(reverse("archive:item", args=[item.pk])).content.decode()
    assert "niet bewaard: de mediaserver antwoordde met status 404" in page
    sync_page = lead_client.get(reverse("archive:sync", args=[channel.pk])).content.decode()
    assert "0 opgehaald en bewaard, 3 wel genoemd maar niet bewaard" in sync_page

    # The next sync tries the missing file again (not the one over the limit), and keeps it.
    cdn.routes["/gone.jpg"] = file(PHOTO)
    cdn.routes["/slow.jpg"] = file(PHOTO)
    before = len(cdn.requests)
    again = services.sync_channel(organisation, channel.pk)
    assert (again.media_kept, again.media_not_kept) == (2, 0)
    assert sorted(cdn.paths()[before:]) == ["/gone.jpg", "/slow.jpg"]
    assert not MediaFailure.objects.exists()
    kept = MediaFile.objects.get(origin=f"{cdn.url}/gone.jpg")
    assert (kept.reason, kept.sha256) == ("", hashlib.sha256(PHOTO).hexdigest())
    assert MediaFile.objects.count() == 3
    assert services.verify(organisation).ok

    # A destroyed item's files are not tried again and its alt texts go.
    api_status = _mastodon(
        api, cdn, attachment(1, f"{cdn.url}/big.jpg", "Het zwembad"), attachment(2, f"{cdn.url}/gone.jpg"),
        attachment(3, f"{cdn.url}/slow.jpg"), attachment(4, f"{cdn.url}/later.jpg", "Een gezicht"),
    )  # fmt: skip
    assert api_status and services.sync_channel(organisation, channel.pk).media_not_kept == 1
    assert MediaFile.objects.get(reason="too_large").description == "Het zwembad"
    services.set_schedule(organisation, lead, channel.pk, {"post": 1, "reply": 1})
    services.destroy(organisation, lead, "tests", today=date(2026, 6, 1))
    assert not MediaFailure.objects.exists()
    assert not MediaFile.objects.exclude(description="").exists()
    before = len(cdn.requests)
    services.sync_channel(organisation, channel.pk)
    assert "/later.jpg" not in cdn.paths()[before:]
    assert services.verify(organisation).ok  # media rows are links of the chain


def test_a_sync_that_fails_removes_the_media_it_fetched(organisation, api, cdn, store, monkeypatch):
    channel = _channel(organisation, "mastodon", "@gemeente")
    cdn.routes["/a.jpg"] = file(PHOTO)
    _mastodon(api, cdn, attachment(1, f"{cdn.url}/a.jpg"))
    _settings(organisation, channel, api, "mastodon", "gemeente")

    def broken(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Writer, "finish", broken)
    with pytest.raises(RuntimeError):
        services.sync_channel(organisation, channel.pk)
    assert cdn.paths() == ["/a.jpg"]  # it was fetched …
    assert not store  # … and removed again
    assert not Item.objects.exists() and not MediaFile.objects.exists()


def test_bluesky_images_are_kept_and_a_video_naming_no_file_is_listed_as_a_stream(
    organisation, api, cdn, store, lead_client
):
    channel = _channel(organisation, "bluesky", "gemeente.bsky.social")
    me = {"did": "did:plc:gemeente", "handle": "gemeente.bsky.social"}
    folder = f"{cdn.url}/img/feed_fullsize/plain/{me['did']}"
    one, two = f"{folder}/bafk1@jpeg", f"{folder}/bafk2@png"
    cdn.routes[f"/img/feed_fullsize/plain/{me['did']}/bafk1@jpeg"] = file(PHOTO, "image/jpeg")
    cdn.routes[f"/img/feed_fullsize/plain/{me['did']}/bafk2@png"] = file(PNG, "image/png")

    def post(rkey, embed):
        return {"post": {
            "uri": f"at://{me['did']}/app.bsky.feed.post/{rkey}", "author": me,
            "record": {"text": f"Bericht {rkey}", "createdAt": "2024-03-04T09:00:00Z"},
            "embed": embed, "replyCount": 0,
        }}  # fmt: skip

    images = {"$type": "app.bsky.embed.images#view", "images": [
        {"thumb": one + "?thumb", "fullsize": one, "alt": "Het zwembad"},
        {"thumb": two + "?thumb", "fullsize": two, "alt": ""},
    ]}  # fmt: skip
    # A record that names no blob (test_sync_bluesky_video fetches the original of one).
    video = {"$type": "app.bsky.embed.video#view", "cid": "bafvideo",
             "playlist": f"{cdn.url}/watch/bafvideo/playlist.m3u8", "alt": "Uitleg"}  # fmt: skip
    api.routes["/xrpc/app.bsky.feed.getAuthorFeed"] = lambda q: ok(
        {"feed": [post("p1", images), post("p2", video)]}
    )
    _settings(organisation, channel, api, "bluesky", "gemeente.bsky.social")

    counts = services.sync_channel(organisation, channel.pk)
    assert (counts.new, counts.media_kept, counts.media_not_kept) == (2, 2, 1)
    first, second = _media(organisation, "/p1")
    assert (first.sha256, first.description) == (hashlib.sha256(PHOTO).hexdigest(), "Het zwembad")
    assert store[second.storage_name] == PNG and second.content_type == "image/png"
    (stream,) = _media(organisation, "/p2")
    assert (stream.storage_name, stream.reason, stream.description) == ("", "stream", "Uitleg")
    assert "/watch/bafvideo/playlist.m3u8" not in cdn.paths()  # a stream is never fetched

    services.sync_channel(organisation, channel.pk)
    assert len(cdn.requests) == 2  # nothing fetched again, the stream not tried
    # A person sees the fetched images with their descriptions and can download them.
    shown = Item.objects.get(external_id__endswith="/p1")
    page = lead_client.get(reverse("archive:item", args=[shown.pk])).content.decode()
    link = reverse("archive:media_file", args=[shown.pk, first.pk])
    assert link in page and "Het zwembad" in page and first.sha256 in page
    download = lead_client.get(link)
    assert b"".join(download.streaming_content) == PHOTO
    assert 'filename="bafk1.jpeg"' in download["Content-Disposition"]
    item = Item.objects.get(external_id__endswith="/p2")
    page = lead_client.get(reverse("archive:item", args=[item.pk])).content.decode()
    assert "not kept: a streamed video, which the archive does not fetch" in page
    assert "Uitleg" in page
    assert services.verify(organisation).ok


def test_media_hosts_must_be_public_https(settings):
    settings.GOVSOCIAL_SYNC_LOCAL_HOSTS = False
    with MediaClient() as client:
        for url in ("http://cdn.example.org/a.jpg", "https://127.0.0.1/a.jpg", "ftp://x/a"):
            with pytest.raises(MediaRefused) as refused:
                client.download(url, StringIO(), 1000)  # type: ignore[arg-type]
            assert refused.value.reason == "refused"
        assert client.requests == 0  # refused before any request


def test_the_cli_sync_prints_the_media_counts(organisation, api, cdn, store):
    channel = _channel(organisation, "mastodon", "@gemeente")
    cdn.routes["/a.jpg"] = file(PHOTO)
    _mastodon(api, cdn, attachment(1, f"{cdn.url}/a.jpg"), attachment(2, f"{cdn.url}/b.jpg"))
    _settings(organisation, channel, api, "mastodon", "gemeente")
    out = StringIO()
    call_command(
        "archive", "sync", "--org", organisation.slug, "--channel", str(channel.pk), stdout=out
    )
    assert "Photos and videos: 1 fetched and kept, 1 listed but not kept." in out.getvalue()


def test_instagram_and_facebook_media_are_kept_under_their_ids(
    organisation, api, cdn, store, lead_client
):
    signed = f"{cdn.url}/v/photo.jpg?oh=signed&oe=1"
    cdn.routes["/v/photo.jpg"] = file(PHOTO)
    cdn.routes["/v/second.png"] = file(PNG, "image/png")
    instagram = _channel(organisation, "instagram", "gemeente")
    api.routes["/17"] = lambda q: ok({"id": "17", "username": "gemeente"})
    api.routes["/17/media"] = lambda q: ok({"data": [
        {"id": "m1", "caption": "Album", "timestamp": "2024-03-04T09:00:00+0000",
         "media_type": "CAROUSEL_ALBUM", "media_url": signed, "children": {"data": [
             {"id": "c1", "media_type": "IMAGE", "media_url": signed},
             {"id": "c2", "media_type": "IMAGE", "media_url": f"{cdn.url}/v/second.png"}]}},
        {"id": "m2", "caption": "Foto", "timestamp": "2024-03-05T09:00:00+0000",
         "media_type": "IMAGE", "media_url": signed},
    ]})  # fmt: skip
    _settings(organisation, instagram, api, "instagram", "17", token="ig-geheim")
    counts = services.sync_channel(organisation, instagram.pk)
    assert (counts.new, counts.media_kept, counts.media_not_kept) == (2, 3, 0)
    assert [m.origin for m in _media(organisation, "m1")] == ["instagram:c1", "instagram:c2"]
    (single,) = _media(organisation, "m2")
    assert single.sha256 == hashlib.sha256(PHOTO).hexdigest()
    link = reverse("archive:media_file", args=[single.item_id, single.pk])
    assert 'filename="instagram-m2.jpg"' in lead_client.get(link)["Content-Disposition"]

    facebook = _channel(organisation, "facebook", "gemeente")
    photo = {"media_type": "photo", "media": {"image": {"src": signed}}, "target": {"id": "p9"}}
    link = {"media_type": "share", "media": {"image": {"src": f"{cdn.url}/preview.jpg"}}}
    album = {"media_type": "album", "subattachments": {"data": [
        {**photo, "target": {"id": "p10"}},
        {"media_type": "photo", "media": {"image": {"src": f"{cdn.url}/v/second.png"}},
         "target": {"id": "p11"}}]}}  # fmt: skip
    api.routes["/10/posts"] = lambda q: ok({"data": [
        {"id": "10_1", "message": "Eerste", "created_time": "2024-03-04T09:00:00+0000",
         "attachments": {"data": [photo, link]}},
        {"id": "10_2", "message": "Album", "created_time": "2024-03-05T09:00:00+0000",
         "attachments": {"data": [album]}},
    ]})  # fmt: skip
    api.routes["/10_1/comments"] = api.routes["/10_2/comments"] = lambda q: ok({"data": []})
    _settings(organisation, facebook, api, "facebook", "10", token="fb-geheim")
    before = len(cdn.requests)
    counts = services.sync_channel(organisation, facebook.pk)
    assert (counts.new, counts.media_kept, counts.media_not_kept) == (2, 3, 0)
    assert [m.origin for m in _media(organisation, "10_1")] == ["facebook:p9"]  # not the link
    assert [m.origin for m in _media(organisation, "10_2")] == ["facebook:p10", "facebook:p11"]
    assert all(m.storage_name for m in MediaFile.objects.all())
    assert "/preview.jpg" not in cdn.paths()[before:]
    assert not any("Authorization" in h or "geheim" in p for p, h in cdn.requests)
    services.sync_channel(organisation, facebook.pk)
    services.sync_channel(organisation, instagram.pk)
    assert len(cdn.requests) == before + 3  # the changing addresses are not fetched again
    assert services.verify(organisation).ok


def test_bluesky_finds_images_of_replies_and_of_quotes_with_media_but_not_of_reposts():
    from govsocial.archive.sync.bluesky import SYNCER, _feed_record, _post_record

    image = {"fullsize": "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:a/bafk@jpeg"}
    quote = {"$type": "app.bsky.embed.recordWithMedia#view", "record": {},
             "media": {"$type": "app.bsky.embed.images#view", "images": [image]}}  # fmt: skip
    post = {"uri": "at://did:plc:a/app.bsky.feed.post/1", "author": {"did": "did:plc:a"},
            "record": {"text": "x"}, "embed": quote}  # fmt: skip
    reply = _post_record(post, json.dumps(post).encode(), "thread", "thread", "public")
    (found,) = SYNCER.remote_media(reply)
    assert (found.url, found.content_type) == (image["fullsize"], "image/jpeg")
    reposted = {"post": post, "reason": {"$type": "app.bsky.feed.defs#reasonRepost", "by": {}}}
    assert SYNCER.remote_media(_feed_record(reposted, post, "feed")) == []


def test_a_file_removed_between_the_fetch_and_the_write_is_fetched_again_next_time(
    organisation, api, cdn, store, monkeypatch
):
    """Between the sync's fetch and its transaction another run removed the photo (its own
    failure, or a destruction): the sync lists it as not fetched instead of naming a file
    that is gone, and the next sync keeps it."""
    from govsocial.archive.services.remote_media import SyncMedia

    channel = _channel(organisation, "mastodon", "@gemeente")
    cdn.routes["/media/a.jpg"] = file(PHOTO)
    _mastodon(api, cdn, attachment(7, f"{cdn.url}/media/a.jpg"))
    _settings(organisation, channel, api, "mastodon", "gemeente")
    fetch = SyncMedia.fetch

    def fetch_then_lose_the_file(media, records):
        fetch(media, records)
        store.clear()

    monkeypatch.setattr(SyncMedia, "fetch", fetch_then_lose_the_file)
    first = services.sync_channel(organisation, channel.pk)
    assert (first.new, first.media_kept, first.media_not_kept) == (4, 0, 1)
    assert not MediaFile.objects.exists()
    failure = MediaFailure.objects.get()
    assert failure.origin == f"{cdn.url}/media/a.jpg"
    assert "removed from the archive's storage" in failure.detail
    assert services.verify(organisation).ok

    monkeypatch.setattr(SyncMedia, "fetch", fetch)
    second = services.sync_channel(organisation, channel.pk)
    assert (second.media_kept, second.media_not_kept) == (1, 0)
    (photo,) = _media(organisation, "/statuses/3")
    assert store[photo.storage_name] == PHOTO and not MediaFailure.objects.exists()
    assert services.verify(organisation).ok
