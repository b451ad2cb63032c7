"""API sync against a real local server shaped like Mastodon, Bluesky and the Graph API:
paging, edits, a deletion between two syncs, rate limits, and refusals that write nothing."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from govsocial.archive import services
from govsocial.archive.importers.errors import ArchiveError
from govsocial.archive.models import ImportRun, Item, ItemVersion, SyncSettings
from govsocial.channels.tests.factories import make_channel

from .platform_server import Platform, ok

pytestmark = pytest.mark.django_db
ACCOUNT = {"id": "1", "acct": "gemeente"}
CITIZEN = {"id": "99", "acct": "inwoner@elders.social"}


@pytest.fixture(autouse=True)
def _local(settings):
    settings.GOVSOCIAL_SYNC_LOCAL_HOSTS = True
    settings.GOVSOCIAL_SYNC_MAX_WAIT_SECONDS = 0.05


@pytest.fixture
def platform():
    with Platform() as server:
        yield server


def _channel(organisation, platform_name, handle):
    return make_channel(organisation, platform=platform_name, handle=handle, owner=None, cover=None)


def status(n, text, *, account=ACCOUNT, edited=None, replies=0, reply_to=None):
    return {
        "id": str(n), "uri": f"https://social.example/users/gemeente/statuses/{n}",
        "url": f"https://social.example/@gemeente/{n}", "created_at": "2024-03-04T09:00:00.000Z",
        "edited_at": edited, "content": f"<p>{text}</p>", "language": "nl",
        "visibility": "public", "in_reply_to_id": reply_to, "account": account,
        "replies_count": replies, "favourites_count": 0, "reblogs_count": 0, "reblog": None,
        "spoiler_text": "",
    }  # fmt: skip


class Mastodon:
    """The instance's answers; a test changes `statuses`, `history` and `replies` between syncs."""

    def __init__(self, server: Platform) -> None:
        self.statuses = [
            status(3, "Het zwembad is open", replies=1),
            status(2, "De bibliotheek gaat dicht", edited="2024-03-05T10:00:00.000Z"),
            status(1, "Afvalkalender 2024"),
        ]
        self.history = {
            "2": [
                {"content": "<p>De bibliotheek gaat dich</p>", "created_at": "2024-03-04T09:00:00.000Z"},
                {"content": "<p>De bibliotheek gaat dicht</p>", "created_at": "2024-03-05T10:00:00.000Z"},
            ]
        }  # fmt: skip
        self.replies = {"3": [status(50, "Waarom zo laat?", account=CITIZEN, reply_to="3")]}
        base = server
        server.routes["/api/v1/accounts/lookup"] = lambda q: ok(ACCOUNT)

        def statuses(query):
            if "max_id" in query:
                return ok(self.statuses[2:])
            link = f'<{base.url}/api/v1/accounts/1/statuses?limit=40&max_id=2>; rel="next"'
            return ok(self.statuses[:2], Link=link)

        server.routes["/api/v1/accounts/1/statuses"] = statuses
        for n in ("1", "2", "3"):
            server.routes[f"/api/v1/statuses/{n}/history"] = lambda q, n=n: ok(self.history[n])
            server.routes[f"/api/v1/statuses/{n}/context"] = lambda q, n=n: ok(
                {"ancestors": [], "descendants": self.replies.get(n, [])}
            )


def _settings(organisation, channel, platform, source, account, token=""):
    return services.save_settings(
        organisation, channel.pk, source=source, account=account, base_url=platform.url,
        token=token, by="tests",
    )  # fmt: skip


def _counts(counts):
    return counts.new, counts.new_versions, counts.marked_deleted, counts.unchanged


def test_mastodon_sync_pages_keeps_edits_and_marks_a_deletion(organisation, platform):
    channel = _channel(organisation, "mastodon", "@gemeente")
    api = Mastodon(platform)
    _settings(organisation, channel, platform, "mastodon", "@gemeente")

    first = services.sync_channel(organisation, channel.pk)
    # 3 statuses over two pages (Link header), 1 public reply; status 2's earlier text a version.
    assert _counts(first) == (4, 1, 0, 0)
    reply = Item.objects.get(external_id__endswith="/statuses/50")
    assert reply.author_kind == "public" and reply.in_reply_to.endswith("/statuses/3")
    edited = Item.objects.get(external_id__endswith="/statuses/2")
    texts = list(edited.versions.order_by("number").values_list("text", flat=True))
    assert texts == ["De bibliotheek gaat dich", "De bibliotheek gaat dicht"]
    assert edited.text == "De bibliotheek gaat dicht"
    version = edited.versions.get(number=1)
    assert version.origin.endswith("/api/v1/statuses/2/history")
    assert version.importer_version == "api-1"

    api.statuses = api.statuses[:2]  # status 1 deleted on the platform
    api.statuses[0] = status(
        3, "Het zwembad is vandaag open", replies=1, edited="2024-03-06T08:00:00Z"
    )
    api.history["3"] = [
        {"content": "<p>Het zwembad is open</p>", "created_at": "2024-03-04T09:00:00.000Z"},
        {"content": "<p>Het zwembad is vandaag open</p>", "created_at": "2024-03-06T08:00:00Z"},
    ]  # fmt: skip
    second = services.sync_channel(organisation, channel.pk)
    assert _counts(second) == (0, 1, 1, 4)
    gone = Item.objects.get(external_id__endswith="/statuses/1")
    assert gone.deleted_seen_at is not None  # kept, marked with the date seen
    assert gone.versions.filter(event=ItemVersion.Event.DELETED).count() == 1
    assert (
        Item.objects.get(external_id__endswith="/statuses/3").text == "Het zwembad is vandaag open"
    )
    assert services.verify(organisation).ok

    third = services.sync_channel(organisation, channel.pk)
    assert _counts(third) == (0, 0, 0, 5)  # idempotent: 3 statuses, 1 reply, 1 earlier text


def test_an_http_error_halfway_writes_nothing(organisation, platform):
    channel = _channel(organisation, "mastodon", "@gemeente")
    Mastodon(platform)
    platform.routes["/api/v1/statuses/3/context"] = lambda q: (500, {}, b"{}")
    _settings(organisation, channel, platform, "mastodon", "gemeente")
    with pytest.raises(ArchiveError, match="status 500"):
        services.sync_channel(organisation, channel.pk)
    assert not Item.objects.exists() and not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((200, {}, b'{"id": "1", '), "no valid JSON"),
        ((200, {}, b"[" + b" " * 5000 + b"]"), "more than"),
    ],
)
def test_malformed_and_oversized_answers_are_refused(
    organisation, platform, settings, answer, message
):
    settings.GOVSOCIAL_SYNC_MAX_RESPONSE_BYTES = 4000
    channel = _channel(organisation, "mastodon", "@gemeente")
    Mastodon(platform)
    platform.routes["/api/v1/accounts/1/statuses"] = lambda q: answer
    _settings(organisation, channel, platform, "mastodon", "gemeente")
    with pytest.raises(ArchiveError, match=message):
        services.sync_channel(organisation, channel.pk)
    assert not Item.objects.exists()


def test_bluesky_feed_cursor_threads_and_reposts(organisation, platform):
    channel = _channel(organisation, "bluesky", "gemeente.bsky.social")
    me = {"did": "did:plc:gemeente", "handle": "gemeente.bsky.social"}
    other = {"did": "did:plc:inwoner", "handle": "inwoner.bsky.social"}

    def post(rkey, text, author=me, reply_to=None, replies=0):
        record = {"text": text, "createdAt": "2024-03-04T09:00:00Z", "langs": ["nl"]}
        if reply_to:
            root = {"uri": f"at://{me['did']}/app.bsky.feed.post/p1"}
            record["reply"] = {"root": root, "parent": {"uri": reply_to}}
        return {"uri": f"at://{author['did']}/app.bsky.feed.post/{rkey}", "author": author,
                "record": record, "replyCount": replies}  # fmt: skip

    def feed(query):
        if query.get("cursor") == ["next"]:
            repost = {
                "$type": "app.bsky.feed.defs#reasonRepost",
                "by": me,
                "indexedAt": "2024-03-05T09:00:00Z",
            }
            return ok({"feed": [{"post": post("x1", "Elders", author=other), "reason": repost}]})
        return ok(
            {"feed": [{"post": post("p1", "Het zwembad is open", replies=2)}], "cursor": "next"}
        )

    p1 = "at://did:plc:gemeente/app.bsky.feed.post/p1"
    r1 = "at://did:plc:inwoner/app.bsky.feed.post/r1"
    thread = {"thread": {"post": post("p1", "Het zwembad is open"), "replies": [
        {"post": post("r1", "Waarom zo laat?", author=other, reply_to=p1), "replies": [
            {"post": post("r2", "Omdat het regende", reply_to=r1), "replies": []}]},
    ]}}  # fmt: skip
    platform.routes["/xrpc/app.bsky.feed.getAuthorFeed"] = feed
    platform.routes["/xrpc/app.bsky.feed.getPostThread"] = lambda q: ok(thread)
    _settings(organisation, channel, platform, "bluesky", "gemeente.bsky.social")

    counts = services.sync_channel(organisation, channel.pk)
    assert _counts(counts) == (3, 0, 0, 0)  # post, repost, the public's reply (own reply: feed's)
    assert Item.objects.get(external_id=r1).author_kind == "public"
    assert Item.objects.get(kind="repost").external_id == (
        "repost:did:plc:gemeente:at://did:plc:inwoner/app.bsky.feed.post/x1"
    )
    assert platform.paths().count("/xrpc/app.bsky.feed.getAuthorFeed") == 2


def _graph(platform, *, first_page_limited):
    """A Facebook Page with two pages of posts; the second page's first answer is a rate limit."""
    calls = {"page2": 0}

    def posts(query):
        if query.get("after") == ["abc"]:
            calls["page2"] += 1
            if calls["page2"] == 1 and first_page_limited:
                return 429, {"Retry-After": "1"}, b'{"error": {"code": 4, "message": "limit"}}'
            if calls["page2"] == 2 and first_page_limited:
                return 400, {}, b'{"error": {"code": 17, "message": "user limit"}}'
            return ok(
                {
                    "data": [
                        {
                            "id": "10_2",
                            "message": "Tweede",
                            "created_time": "2024-03-05T09:00:00+0000",
                        }
                    ]
                }
            )
        return ok({
            "data": [{"id": "10_1", "message": "Eerste", "created_time": "2024-03-04T09:00:00+0000"}],
            "paging": {"next": f"{platform.url}/10/posts?after=abc&access_token=geheim"},
        })  # fmt: skip

    comments = {"data": [
        {"id": "c1", "message": "Wanneer?", "created_time": "2024-03-04T10:00:00+0000",
         "from": {"id": "77", "name": "Inwoner"}},
        {"id": "c2", "message": "Morgen", "created_time": "2024-03-04T11:00:00+0000",
         "from": {"id": "10", "name": "Gemeente"}, "parent": {"id": "c1"}},
    ]}  # fmt: skip
    platform.routes["/10/posts"] = posts
    platform.routes["/10_1/comments"] = lambda q: ok(comments)
    platform.routes["/10_2/comments"] = lambda q: ok({"data": []})
    return calls


def test_facebook_graph_pages_comments_and_waits_out_rate_limits(organisation, platform):
    channel = _channel(organisation, "facebook", "gemeente")
    calls = _graph(platform, first_page_limited=True)
    _settings(organisation, channel, platform, "facebook", "10", token="page-token")

    counts = services.sync_channel(organisation, channel.pk)
    assert _counts(counts) == (4, 0, 0, 0)
    assert calls["page2"] == 3  # 429, then code 17, then the page
    c2 = Item.objects.get(external_id="c2")
    assert (c2.kind, c2.author_kind, c2.in_reply_to, c2.thread_id) == (
        "reply",
        "organisation",
        "c1",
        "10_1",
    )
    assert Item.objects.get(external_id="c1").author_kind == "public"
    assert all(h.get("Authorization") == "Bearer page-token" for _p, h in platform.requests)
    origins = ItemVersion.objects.values_list("origin", flat=True)
    assert not any("geheim" in o for o in origins)  # no token in the provenance


def test_a_rate_limit_that_does_not_end_is_refused(organisation, platform):
    channel = _channel(organisation, "facebook", "gemeente")
    platform.routes["/10/posts"] = lambda q: (429, {"Retry-After": "1"}, b"{}")
    _settings(organisation, channel, platform, "facebook", "10", token="t")
    with pytest.raises(ArchiveError, match="too many requests"):
        services.sync_channel(organisation, channel.pk)
    assert len(platform.requests) == 4  # bounded: the first try and three retries


def test_instagram_media_comments_and_replies(organisation, platform):
    channel = _channel(organisation, "instagram", "gemeente")
    platform.routes["/17"] = lambda q: ok({"id": "17", "username": "gemeente"})
    platform.routes["/17/media"] = lambda q: ok(
        {
            "data": [
                {
                    "id": "m1",
                    "caption": "Zwembad",
                    "timestamp": "2024-03-04T09:00:00+0000",
                    "comments_count": 1,
                }
            ]
        }
    )
    platform.routes["/m1/comments"] = lambda q: ok({"data": [
        {"id": "k1", "text": "Eindelijk", "timestamp": "2024-03-04T10:00:00+0000", "username": "inwoner",
         "replies": {"data": [{"id": "k2", "text": "Graag gedaan", "timestamp": "2024-03-04T11:00:00+0000",
                               "username": "gemeente"}]}}]})  # fmt: skip
    _settings(organisation, channel, platform, "instagram", "17", token="t")
    assert _counts(services.sync_channel(organisation, channel.pk)) == (3, 0, 0, 0)
    k2 = Item.objects.get(external_id="k2")
    assert (k2.kind, k2.author_kind, k2.in_reply_to) == ("reply", "organisation", "k1")


def test_settings_refuse_local_hosts_and_keep_the_token_encrypted(organisation, settings):
    channel = _channel(organisation, "facebook", "gemeente")
    settings.GOVSOCIAL_SYNC_LOCAL_HOSTS = False
    for url, message in (
        ("http://graph.example", "https"),
        ("https://127.0.0.1", "private network"),
    ):
        with pytest.raises(ArchiveError, match=message):
            services.save_settings(
                organisation, channel.pk, source="facebook", account="10", base_url=url, token="t"
            )
    with pytest.raises(ArchiveError, match="access token"):
        services.save_settings(organisation, channel.pk, source="facebook", account="10")
    with pytest.raises(ArchiveError, match="cannot be synced through the Mastodon API"):
        services.save_settings(
            organisation, channel.pk, source="mastodon", account="x", base_url="https://a.example"
        )
    saved = services.save_settings(
        organisation, channel.pk, source="facebook", account="10", token="geheim-token"
    )
    assert saved.base_url == "https://graph.facebook.com/v21.0"
    assert "geheim" not in saved.token_encrypted and saved.has_token
    kept = services.save_settings(organisation, channel.pk, source="facebook", account="11")
    assert kept.token_encrypted == saved.token_encrypted  # an empty field keeps the token


def _cli(*args):
    out = StringIO()
    call_command("archive", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_cli_sync_prints_counts_and_refuses_in_dutch(organisation, platform):
    channel = _channel(organisation, "mastodon", "@gemeente")
    Mastodon(platform)
    with pytest.raises(CommandError) as refused:
        _cli("sync", "--org", "example", "--channel", str(channel.pk), "--lang", "nl")
    assert refused.value.returncode == 2 and "heeft geen instellingen" in str(refused.value)
    _settings(organisation, channel, platform, "mastodon", "gemeente")
    result = json.loads(
        _cli("sync", "--org", "example", "--channel", str(channel.pk), "--format", "json")
    )
    assert (
        result["new"],
        result["new_versions"],
        result["marked_deleted"],
        result["unchanged"],
    ) == (4, 1, 0, 0)
    assert "0 new, 0 new versions, 0 marked deleted, 5 unchanged" in _cli(
        "sync", "--org", "example", "--channel", str(channel.pk)
    )
    platform.routes["/api/v1/accounts/lookup"] = lambda q: (500, {}, b"{}")
    with pytest.raises(CommandError) as failed:
        _cli("sync", "--org", "example", "--channel", str(channel.pk), "--lang", "nl")
    assert failed.value.returncode == 2 and "antwoordde met status 500" in str(failed.value)


def test_the_daily_task_syncs_every_channel_with_settings(organisation, platform, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    channel = _channel(organisation, "mastodon", "@gemeente")
    Mastodon(platform)
    _settings(organisation, channel, platform, "mastodon", "gemeente")
    from govsocial.archive.tasks import sync_all_channels
    from govsocial.core import registry

    assert sync_all_channels in registry.site.values("periodic")
    assert sync_all_channels.call() == 1
    found = SyncSettings.objects.get()
    assert found.status == "done" and found.counts["new"] == 4 and found.last_synced_at


def test_the_sync_page_saves_settings_hides_the_token_and_syncs_in_the_background(
    lead_client, staff, organisation, platform, settings, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    channel = _channel(organisation, "mastodon", "@gemeente")
    Mastodon(platform)
    url = reverse("archive:sync", args=[channel.pk])
    assert "No sync settings yet" in lead_client.get(url).content.decode()
    refused = lead_client.post(url, {"action": "save", "source": "mastodon", "account": ""})
    assert refused.status_code == 400
    saved = lead_client.post(
        url,
        {"action": "save", "source": "mastodon", "account": "gemeente", "base_url": platform.url,
         "token": "heel-geheim"},
    )  # fmt: skip
    assert saved.status_code == 302
    page = lead_client.get(url).content.decode()
    assert "a token is set" in page and "heel-geheim" not in page
    with django_capture_on_commit_callbacks(execute=True):
        started = lead_client.post(url, {"action": "sync"})
    assert started.status_code == 302
    assert all(h.get("Authorization") == "Bearer heel-geheim" for _p, h in platform.requests)
    assert (
        "4 new, 1 new versions, 0 marked deleted, 0 unchanged"
        in lead_client.get(url).content.decode()
    )
    from django.test import Client

    staff_client = Client()
    staff_client.force_login(staff)
    assert staff_client.post(url, {"action": "sync"}).status_code == 403  # staff only read
    platform.routes["/api/v1/accounts/lookup"] = lambda q: (500, {}, b"{}")
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(url, {"action": "sync"})
    assert "answered with status 500" in lead_client.get(url).content.decode()


def test_paging_to_another_host_and_local_hosts_at_sync_time_are_refused(
    organisation, platform, settings
):
    channel = _channel(organisation, "facebook", "gemeente")
    platform.routes["/10/posts"] = lambda q: ok(
        {"data": [{"id": "10_1", "message": "Eerste"}],
         "paging": {"next": "http://169.254.169.254/latest/meta-data?after=x"}}
    )  # fmt: skip
    platform.routes["/10_1/comments"] = lambda q: ok({"data": []})
    _settings(organisation, channel, platform, "facebook", "10", token="t")
    with pytest.raises(ArchiveError, match="another host"):
        services.sync_channel(organisation, channel.pk)
    assert not Item.objects.exists()
    settings.GOVSOCIAL_SYNC_LOCAL_HOSTS = False  # the installation no longer trusts local hosts
    requests = len(platform.requests)
    with pytest.raises(ArchiveError, match="https"):
        services.sync_channel(organisation, channel.pk)
    assert len(platform.requests) == requests  # refused before any request


def test_a_sync_that_stops_at_the_page_limit_says_so_and_marks_nothing_deleted(
    organisation, platform, settings, lead, client
):
    from django.urls import reverse

    channel = _channel(organisation, "mastodon", "@gemeente")
    Mastodon(platform)  # two pages of statuses: 3 and 2, then 1
    _settings(organisation, channel, platform, "mastodon", "gemeente")
    assert services.sync_channel(organisation, channel.pk).complete
    url = reverse("archive:sync", args=[channel.pk])
    client.force_login(lead)
    assert "stopped after" not in client.get(url).content.decode()

    settings.GOVSOCIAL_SYNC_MAX_PAGES = 1
    result = json.loads(
        _cli("sync", "--org", "example", "--channel", str(channel.pk), "--format", "json")
    )
    # Status 1 was on the page not read: kept, not marked deleted.
    assert result["complete"] is False and result["marked_deleted"] == 0
    assert Item.objects.get(external_id__endswith="/statuses/1").deleted_seen_at is None
    english = _cli("sync", "--org", "example", "--channel", str(channel.pk))
    assert "This sync stopped after 1 page," in english and "nothing was marked deleted" in english
    dutch = _cli("sync", "--org", "example", "--channel", str(channel.pk), "--lang", "nl")
    assert "Het ophalen is gestopt na 1 pagina," in dutch
    assert "Upload de export van het kanaal" in dutch

    assert "This sync stopped after 1 page," in client.get(url).content.decode()
    lead.language = "nl"
    lead.save()
    settings.GOVSOCIAL_SYNC_MAX_PAGES = 1500  # what the page says follows the setting
    page = client.get(url).content.decode()
    assert "Het ophalen is gestopt na 1.500 pagina&#x27;s" in page and 'role="status"' in page

    settings.GOVSOCIAL_SYNC_MAX_PAGES = 2000
    assert services.sync_channel(organisation, channel.pk).complete
    assert "stopped after" not in client.get(url).content.decode()
