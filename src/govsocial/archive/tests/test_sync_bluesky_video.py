"""A Bluesky video's original file, fetched from the author's own server (PDS), which
the author's DID document names: three local servers stand in for the AppView, the
PLC directory and the PDS. The HLS playlist the AppView offers is never fetched."""

from __future__ import annotations

import hashlib
import json
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from govsocial.archive import services
from govsocial.archive.models import Item, MediaFailure, MediaFile, SyncSettings
from govsocial.archive.sync.atproto import DID_DOCUMENT_BYTES, did_document_url, pds_of
from govsocial.archive.sync.bluesky import SYNCER, _post_record
from govsocial.archive.sync.http import MediaClient, MediaRefused

from .platform_server import Platform, ok
from .test_sync import _channel, _settings
from .test_sync_media import store

__all__ = ["store"]  # the fixture, used by name below

pytestmark = pytest.mark.django_db
DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
ME = {"did": DID, "handle": "gemeente.bsky.social"}
CID = "bafkreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm"
CID2 = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
BIG = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"video bytes " * 100
VIDEO2 = b"\x00\x00\x00\x18ftypisom" + b"other video " * 90


@pytest.fixture(autouse=True)
def _local(settings):
    settings.GOVSOCIAL_SYNC_LOCAL_HOSTS = True
    settings.GOVSOCIAL_MAX_MEDIA_BYTES = 2000


@pytest.fixture
def servers(settings):
    """The AppView, the PLC directory and the author's PDS."""
    with Platform() as api, Platform() as directory, Platform() as pds:
        settings.GOVSOCIAL_BLUESKY_PLC_URL = directory.url
        yield api, directory, pds


def did_document(did, endpoint):
    return {
        "@context": ["https://www.w3.org/ns/did/v1"], "id": did,
        "alsoKnownAs": ["at://gemeente.bsky.social"],
        "service": [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer",
                     "serviceEndpoint": endpoint}],
    }  # fmt: skip


def video_post(api, rkey, cid, *, size, quote=False):
    """A feed entry as the AppView sends it: the playlist in the view, the blob in the record."""
    blob = {"$type": "blob", "ref": {"$link": cid}, "mimeType": "video/mp4", "size": size}
    record = {"$type": "app.bsky.embed.video", "video": blob, "alt": "Uitleg over het zwembad"}
    view = {"$type": "app.bsky.embed.video#view", "cid": cid, "alt": "Uitleg over het zwembad",
            "playlist": f"{api.url}/watch/{cid}/playlist.m3u8"}  # fmt: skip
    if quote:
        quoted = {"$type": "app.bsky.embed.record", "record": {"uri": "at://x", "cid": "y"}}
        record = {"$type": "app.bsky.embed.recordWithMedia", "record": quoted, "media": record}
        view = {"$type": "app.bsky.embed.recordWithMedia#view", "record": {}, "media": view}
    return {"post": {
        "uri": f"at://{DID}/app.bsky.feed.post/{rkey}", "author": ME, "replyCount": 0,
        "record": {"text": f"Bericht {rkey}", "createdAt": "2024-03-04T09:00:00Z", "embed": record},
        "embed": view,
    }}  # fmt: skip


def text_post(rkey):
    return {"post": {
        "uri": f"at://{DID}/app.bsky.feed.post/{rkey}", "author": ME, "replyCount": 0,
        "record": {"text": "Het zwembad is open", "createdAt": "2024-03-05T09:00:00Z"},
    }}  # fmt: skip


def blobs(files):
    """The PDS's getBlob: the file of the asked account and CID, else 404."""

    def answer(query):
        found = files.get(query.get("cid", [""])[0]) if query.get("did") == [DID] else None
        return (200, {"Content-Type": "video/mp4"}, found) if found else (404, {}, b"{}")

    return answer


def _feed(api, *entries):
    api.routes["/xrpc/app.bsky.feed.getAuthorFeed"] = lambda q: ok({"feed": list(entries)})


def _page(client, item):
    return unescape(client.get(reverse("archive:item", args=[item.pk])).content.decode())


def test_a_video_is_kept_from_the_authors_server_once(organisation, servers, store, lead_client):
    api, directory, pds = servers
    channel = _channel(organisation, "bluesky", "gemeente.bsky.social")
    directory.routes[f"/{DID}"] = lambda q: ok(did_document(DID, pds.url + "/"))
    pds.routes["/xrpc/com.atproto.sync.getBlob"] = blobs({CID: VIDEO, CID2: VIDEO2})
    _feed(
        api, video_post(api, "p1", CID, size=len(VIDEO)),
        video_post(api, "p2", CID2, size=len(VIDEO2), quote=True),
        video_post(api, "p3", BIG, size=5000),  # declared over the 2000-byte limit
    )  # fmt: skip
    _settings(organisation, channel, api, "bluesky", "gemeente.bsky.social")

    counts = services.sync_channel(organisation, channel.pk)
    assert (counts.new, counts.media_kept, counts.media_not_kept) == (3, 2, 1)
    (video,) = MediaFile.objects.filter(item__external_id__endswith="/p1")
    assert video.origin == f"at://{DID}/blob/{CID}"
    assert (video.sha256, video.size, video.content_type) == (
        hashlib.sha256(VIDEO).hexdigest(), len(VIDEO), "video/mp4"
    )  # fmt: skip
    assert store[video.storage_name] == VIDEO and video.description == "Uitleg over het zwembad"
    (quoted,) = MediaFile.objects.filter(item__external_id__endswith="/p2")
    assert quoted.sha256 == hashlib.sha256(VIDEO2).hexdigest()
    (big,) = MediaFile.objects.filter(item__external_id__endswith="/p3")
    assert (big.storage_name, big.reason, big.size) == ("", "too_large", 5000)
    # The author's server is looked up once; the large one and the playlists never asked for.
    assert directory.paths() == [f"/{DID}"]
    assert sorted(urlsplit(path).query for path, _h in pds.requests) == sorted(
        f"did={DID.replace(':', '%3A')}&cid={cid}" for cid in (CID, CID2)
    )
    assert not any("/watch/" in path for path in api.paths())

    item = Item.objects.get(external_id__endswith="/p1")
    page = _page(lead_client, item)
    link = reverse("archive:media_file", args=[item.pk, video.pk])
    assert link in page and video.sha256 in page and "Uitleg over het zwembad" in page
    download = lead_client.get(link)
    assert b"".join(download.streaming_content) == VIDEO
    assert download["Content-Type"] == "video/mp4"
    assert f'filename="{CID}.mp4"' in download["Content-Disposition"]

    again = services.sync_channel(organisation, channel.pk)
    assert (again.new, again.media_kept, again.media_not_kept) == (0, 0, 0)
    assert (len(directory.requests), len(pds.requests)) == (1, 2)  # nothing asked again
    assert MediaFile.objects.count() == 3
    assert services.verify(organisation).ok


def test_an_unknown_author_or_a_failing_server_lists_the_video_and_the_sync_lands(
    organisation, servers, store, lead, lead_client
):
    api, directory, pds = servers
    channel = _channel(organisation, "bluesky", "gemeente.bsky.social")
    _feed(api, video_post(api, "p1", CID, size=len(VIDEO)), text_post("p2"))
    _settings(organisation, channel, api, "bluesky", "gemeente.bsky.social")

    counts = services.sync_channel(organisation, channel.pk)  # the directory does not know it
    assert (counts.new, counts.media_kept, counts.media_not_kept) == (2, 0, 1)
    assert Item.objects.filter(external_id__endswith="/p2").exists()
    (failure,) = MediaFailure.objects.all()
    host = urlsplit(directory.url).netloc
    assert (failure.reason, failure.detail) == ("unresolved", f"{host}: HTTP 404")
    assert failure.origin == f"at://{DID}/blob/{CID}" and not pds.requests
    assert SyncSettings.objects.get(channel_id=channel.pk).status == "done"
    item = Item.objects.get(external_id__endswith="/p1")
    expected = f"not kept: the author's server could not be found ({host}: HTTP 404)"
    assert expected in _page(lead_client, item)
    sync_page = unescape(
        lead_client.get(reverse("archive:sync", args=[channel.pk])).content.decode()
    )
    assert expected in sync_page and "0 fetched and kept, 1 listed but not kept" in sync_page
    lead.language = "nl"
    lead.save()
    lead_client.force_login(lead)
    assert "niet bewaard: de server van de auteur is niet gevonden" in _page(lead_client, item)

    # Found now, but the server fails: listed with its status, tried again next time.
    directory.routes[f"/{DID}"] = lambda q: ok(did_document(DID, pds.url))
    pds.routes["/xrpc/com.atproto.sync.getBlob"] = lambda q: (500, {}, b"{}")
    counts = services.sync_channel(organisation, channel.pk)
    assert (counts.media_kept, counts.media_not_kept) == (0, 1)
    (failure,) = MediaFailure.objects.all()
    assert (failure.reason, failure.detail) == ("status", "500")
    assert "niet bewaard: de mediaserver antwoordde met status 500" in _page(lead_client, item)

    pds.routes["/xrpc/com.atproto.sync.getBlob"] = blobs({CID: VIDEO})
    counts = services.sync_channel(organisation, channel.pk)
    assert (counts.media_kept, counts.media_not_kept) == (1, 0)
    assert not MediaFailure.objects.exists()
    assert MediaFile.objects.get().sha256 == hashlib.sha256(VIDEO).hexdigest()
    assert services.verify(organisation).ok


def test_a_server_on_a_private_address_is_refused(organisation, servers, store, settings):
    api, directory, pds = servers
    channel = _channel(organisation, "bluesky", "gemeente.bsky.social")
    inside = f"https://127.0.0.1:{urlsplit(pds.url).port}"

    def document(query):
        # The test servers are local: from here on, only public https addresses count.
        settings.GOVSOCIAL_SYNC_LOCAL_HOSTS = False
        return ok(did_document(DID, inside))

    directory.routes[f"/{DID}"] = document
    pds.routes["/xrpc/com.atproto.sync.getBlob"] = blobs({CID: VIDEO})
    _feed(api, video_post(api, "p1", CID, size=len(VIDEO)), text_post("p2"))
    _settings(organisation, channel, api, "bluesky", "gemeente.bsky.social")

    counts = services.sync_channel(organisation, channel.pk)
    assert (counts.new, counts.media_kept, counts.media_not_kept) == (2, 0, 1)
    (failure,) = MediaFailure.objects.all()
    assert failure.reason == "refused" and failure.detail.startswith(inside)
    assert not pds.requests and not store
    assert services.verify(organisation).ok


@pytest.mark.parametrize(
    ("document", "detail"),
    [
        (did_document("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "https://pds.example"), "no DID document"),
        ({"id": DID, "service": [{"id": "#bsky_appview", "type": "BskyAppView",
                                  "serviceEndpoint": "https://x.example"}]}, "no #atproto_pds"),
        (did_document(DID, "https://pds.example/some/path"), "no valid #atproto_pds address"),
        (did_document(DID, ["https://pds.example"]), "no valid #atproto_pds address"),
        ({"id": DID, "padding": "x" * DID_DOCUMENT_BYTES}, "too large"),
        ("not a document", "no DID document"),
    ],
)  # fmt: skip
def test_a_did_document_that_names_no_server_is_unresolved(servers, document, detail):
    _api, directory, _pds = servers
    directory.routes[f"/{DID}"] = lambda q: ok(document)
    cache: dict = {}
    with MediaClient() as client:
        for _n in range(2):
            with pytest.raises(MediaRefused) as refused:
                pds_of(DID, client, cache)
            assert refused.value.reason == "unresolved" and detail in refused.value.detail
        assert client.requests == 1  # a failure is remembered for the sync too


def test_a_did_web_author_is_found_on_their_own_host(servers):
    _api, directory, pds = servers
    port = urlsplit(directory.url).port
    did = f"did:web:localhost%3A{port}"
    directory.routes["/.well-known/did.json"] = lambda q: ok(did_document(did, pds.url))
    with MediaClient() as client:
        assert pds_of(did, client, {}) == pds.url
    assert did_document_url("did:web:gemeente.example") == (
        "https://gemeente.example/.well-known/did.json"
    )
    for wrong in ("did:web:evil.example/path", "did:plc:short", "did:key:z6Mk", "gemeente.nl"):
        assert did_document_url(wrong) == ""


def test_a_replys_video_is_looked_for_on_its_own_authors_server(servers):
    api, _directory, _pds = servers
    other = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"
    post = video_post(api, "r1", CID, size=10)["post"]
    post = {**post, "uri": f"at://{other}/app.bsky.feed.post/r1", "author": {"did": other}}
    reply = _post_record(post, json.dumps(post).encode(), "thread", "thread", "public")
    (found,) = SYNCER.remote_media(reply)
    assert (found.origin, found.url, found.size) == (f"at://{other}/blob/{CID}", "", 10)
    assert (found.content_type, found.skip) == ("video/mp4", "")
