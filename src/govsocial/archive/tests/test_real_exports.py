"""Every importer reads every file of its platform among the real exports, and
the counts follow from the files' own structure (parsed here independently)."""

import csv
import io
import json
from collections import Counter

import libipld
import pytest

from govsocial.archive import services
from govsocial.archive.models import Item, ItemVersion
from govsocial.channels.tests.factories import make_channel

from .real import REAL, ids, needs_real, real_files, zip_folder

pytestmark = [pytest.mark.django_db, needs_real]


def _import(organisation, platform, source, path, **kwargs):
    channel = make_channel(organisation, platform=platform, owner=None, cover=None)
    return channel, services.import_export(organisation, channel.pk, source, path, **kwargs)


def _ytd(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 :])


# -- X ----------------------------------------------------------------------------

X_FILES = [p for p in real_files("twitter", ".js")]


def _x_expected(path):
    """Tweets in tweets.js / tweet.js / deleted-tweets.js / community-tweet.js; 0 in the rest."""
    prefix = path.read_text(encoding="utf-8")[:60]
    if not any(
        f"YTD.{n}.part" in prefix for n in ("tweets", "tweet", "deleted_tweets", "community_tweet")
    ):
        return 0
    return len(_ytd(path))


@pytest.mark.parametrize("path", X_FILES, ids=ids(X_FILES))
def test_x_reads_every_file(organisation, path):
    _channel, counts = _import(organisation, "x", "x", path)
    assert counts.new == counts.records == _x_expected(path)


def test_x_tweets_kinds_follow_the_file(organisation):
    path = REAL / "twitter/x-2022-alrocar/data/tweets.js"
    tweets = [t["tweet"] for t in _ytd(path)]
    channel, _counts = _import(organisation, "x", "x", path)
    kinds = Counter(Item.objects.filter(channel_id=channel.pk).values_list("kind", flat=True))
    retweets = sum(t["full_text"].startswith("RT @") for t in tweets)
    replies = sum(
        bool(t.get("in_reply_to_status_id_str")) and not t["full_text"].startswith("RT @")
        for t in tweets
    )
    assert kinds == {"repost": retweets, "reply": replies, "post": len(tweets) - retweets - replies}
    assert kinds["reply"] == 316


def test_x_deleted_tweets_are_marked_deleted(organisation):
    path = REAL / "twitter/x-2026-milahu104/data/deleted-tweets.js"
    channel, counts = _import(organisation, "x", "x", path)
    assert counts.marked_deleted == len(_ytd(path))
    assert not Item.objects.filter(channel_id=channel.pk, deleted_on_platform_at=None).exists()


@pytest.mark.parametrize(
    "folder", ["x-2022-alrocar", "x-2026-milahu104", "twitter-2020-lumeninferius"]
)
def test_x_reads_the_whole_archive_zip(organisation, tmp_path, folder):
    archive = zip_folder(REAL / "twitter" / folder, tmp_path / "archive.zip")
    expected = sum(_x_expected(p) for p in (REAL / "twitter" / folder / "data").glob("*.js"))
    _channel, counts = _import(organisation, "x", "x", archive)
    assert counts.new == expected > 0
    handle = _ytd(REAL / "twitter" / folder / "data/account.js")[0]["account"]["username"]
    assert set(Item.objects.values_list("author_handle", flat=True)) == {handle}


# -- Facebook and Instagram -------------------------------------------------------

FB_FILES = real_files("facebook", ".json")
IG_FILES = real_files("instagram", ".json")


@pytest.mark.parametrize("path", FB_FILES, ids=ids(FB_FILES))
def test_facebook_reads_every_file(organisation, path):
    _channel, counts = _import(organisation, "facebook", "facebook", path)
    assert counts.new == len(json.loads(path.read_bytes()))
    again = services.import_export(organisation, _channel.pk, "facebook", path)
    assert (again.new, again.new_versions, again.unchanged) == (0, 0, counts.new)


@pytest.mark.parametrize("path", IG_FILES, ids=ids(IG_FILES))
def test_instagram_reads_every_file(organisation, path):
    _channel, counts = _import(organisation, "instagram", "instagram", path)
    assert counts.new == len(json.loads(path.read_bytes()))


def test_mojibake_is_repaired_once(organisation):
    path = (
        REAL
        / "facebook/profile-2024-your_posts_check_ins/your_posts__check_ins__photos_and_videos_1.json"
    )
    _import(organisation, "facebook", "facebook", path)
    titles = [v.fields["extra"]["title"] for v in ItemVersion.objects.all()]
    assert any("Lê Huyền" in t for t in titles)
    assert not any("Ã" in t for t in titles)
    ig = REAL / "instagram/dyi-2024-yummyhopper/data/comments/post_comments_1.json"
    _import(organisation, "instagram", "instagram", ig)
    assert Item.objects.filter(text__contains="🙄").exists()


def test_instagram_download_as_a_zip(organisation, tmp_path):
    folder = REAL / "instagram/dyi-2024-yummyhopper"
    _channel, counts = _import(
        organisation, "instagram", "instagram", zip_folder(folder, tmp_path / "ig.zip")
    )
    assert counts.new == sum(len(json.loads(p.read_bytes())) for p in folder.rglob("*.json"))


# -- Mastodon -----------------------------------------------------------------------

MASTODON_FILES = real_files("mastodon", ".json")


def _mastodon_expected(path):
    data = json.loads(path.read_bytes())
    if isinstance(data, dict) and "orderedItems" in data:
        return sum(
            isinstance(i, dict) and i.get("type") in ("Create", "Announce")
            for i in data["orderedItems"]
        )
    if isinstance(data, list):
        return sum(isinstance(s, dict) and "id" in s for s in data)
    return int("created_at" in data)  # one status; actor.json and /source have none


@pytest.mark.parametrize("path", MASTODON_FILES, ids=ids(MASTODON_FILES))
def test_mastodon_reads_every_file(organisation, path):
    _channel, counts = _import(organisation, "mastodon", "mastodon", path)
    assert counts.new == _mastodon_expected(path)


def test_mastodon_outbox_kinds_and_edits(organisation, tmp_path):
    folder = REAL / "mastodon/export-2026-goija"
    channel, counts = _import(
        organisation, "mastodon", "mastodon", zip_folder(folder, tmp_path / "m.zip")
    )
    assert counts.new == 305
    items = Item.objects.filter(channel_id=channel.pk)
    assert items.filter(kind="repost").count() == 13
    assert items.filter(kind__in=["reply", "direct_message"], in_reply_to__gt="").count() == 228
    edited = ItemVersion.objects.filter(channel_id=channel.pk, edited_at__isnull=False).count()
    assert edited == 75
    assert set(items.values_list("author_handle", flat=True)) == {"darkpatern"}
    assert items.filter(language="nl").exists()


# -- Bluesky --------------------------------------------------------------------------


def _car_expected(path):
    """Posts and reposts of the latest commit, by an independent walk of the tree."""
    header, blocks = libipld.decode_car(path.read_bytes())
    commit = blocks[header["roots"][0]]
    keys = []

    def walk(cid):
        node = blocks.get(cid)
        if node is None:
            return
        if node.get("l"):
            walk(node["l"])
        key = b""
        for e in node["e"]:
            key = key[: e["p"]] + e["k"]
            keys.append(key.decode())
            if e.get("t"):
                walk(e["t"])

    walk(commit["data"])
    return sum(k.split("/")[0] in ("app.bsky.feed.post", "app.bsky.feed.repost") for k in keys)


@pytest.mark.parametrize(
    "path", real_files("bluesky", ".car"), ids=ids(real_files("bluesky", ".car"))
)
def test_bluesky_reads_every_repository(organisation, path):
    _channel, counts = _import(organisation, "bluesky", "bluesky", path)
    assert counts.new == _car_expected(path) > 0
    raw = ItemVersion.objects.select_related("raw").first().raw
    assert (
        raw.media_type == "application/cbor" and libipld.decode_dag_cbor(bytes(raw.data))["$type"]
    )


def test_bluesky_feed_file(organisation):
    path = REAL / "bluesky/api-getAuthorFeed/getAuthorFeed.json"
    _channel, counts = _import(organisation, "bluesky", "bluesky", path)
    assert counts.new == len(json.loads(path.read_bytes())["feed"])
    assert Item.objects.filter(kind="repost").count() == 28


def test_the_2025_repository_has_its_23_posts(organisation):
    path = REAL / "bluesky/repo-car/bnewbold.robocracy.org.20250310005405.car"
    _import(organisation, "bluesky", "bluesky", path)
    assert Item.objects.filter(kind__in=["post", "reply"]).count() == 23


# -- LinkedIn -------------------------------------------------------------------------

LINKEDIN_FILES = real_files("linkedin", ".csv")


def _linkedin_rows(path):
    data = path.read_bytes()
    if data.startswith(b"\xff\xfe"):
        return list(csv.reader(io.StringIO(data.decode("utf-16")), delimiter="\t"))[1:]
    escape = "\\" if path.name == "Comments.csv" else None
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), escapechar=escape))[1:]


@pytest.mark.parametrize("path", LINKEDIN_FILES, ids=ids(LINKEDIN_FILES))
def test_linkedin_reads_every_file(organisation, path):
    _channel, counts = _import(organisation, "linkedin", "linkedin", path)
    rows = _linkedin_rows(path)
    if path.name == "Shares.csv":  # a share with several media files has a row per file
        link = 1 if len(rows[0]) == 6 else 3
        assert counts.new == len({row[link] for row in rows})
    else:
        assert counts.new == len(rows)


def test_linkedin_commentary_loses_the_stray_quotes(organisation):
    _import(organisation, "linkedin", "linkedin", REAL / "linkedin/member-2025-sanand0/Shares.csv")
    item = Item.objects.get(external_id="urn:li:share:7345821826846990338")
    assert item.text.startswith("I'm off for a 10-day Vipassana meditation program.\n\n𝗪𝗛𝗔𝗧?")
    assert '"\n' not in item.text


def test_raw_payloads_are_the_bytes_of_the_file(organisation):
    path = REAL / "linkedin/member-2018-abhishekwebcode/Shares.csv"
    _import(organisation, "linkedin", "linkedin", path)
    data = path.read_bytes()
    for version in ItemVersion.objects.select_related("raw"):
        assert bytes(version.raw.data) in data
