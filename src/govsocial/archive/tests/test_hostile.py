"""Hostile or wrong input is refused with a clear message in the person's
language, and nothing is written."""

import zipfile

import pytest
from django.utils import translation

from govsocial.archive import services
from govsocial.archive.generate import note, write_outbox, write_tweets_js
from govsocial.archive.importers.errors import ArchiveError
from govsocial.archive.models import ImportRun, Item
from govsocial.channels.tests.factories import make_channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def x_channel(organisation):
    return make_channel(organisation, platform="x", owner=None, cover=None)


def _refused(organisation, channel, source, path, language="en"):
    with translation.override(language), pytest.raises(ArchiveError) as caught:
        services.import_export(organisation, channel.pk, source, path)
    assert not Item.objects.exists() and not ImportRun.objects.exists()
    return caught.value.message


def test_a_zip_bomb_is_refused(organisation, x_channel, tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "data/tweets.js", b"window.YTD.tweets.part0 = [" + b" " * (8 * 1024 * 1024) + b"]"
        )
    assert "ZIP bomb" in _refused(organisation, x_channel, "x", bomb)
    assert "ZIP-bom" in _refused(organisation, x_channel, "x", bomb, "nl")


def test_a_zip_that_unpacks_beyond_the_total_limit_is_refused(
    organisation, x_channel, tmp_path, settings
):
    settings.ARCHIVE_LIMITS = {"total_bytes": 1000}
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.write(write_tweets_js(tmp_path / "t.js", 20), "data/tweets.js")
    assert "ZIP bomb" in _refused(organisation, x_channel, "x", archive)


def test_a_path_out_of_the_folder_is_refused(organisation, x_channel, tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("data/tweets.js", b"window.YTD.tweets.part0 = []")
        z.writestr("../../etc/cron.d/evil", b"* * * * * root true")
    assert "outside the export" in _refused(organisation, x_channel, "x", archive)
    assert "buiten de export" in _refused(organisation, x_channel, "x", archive, "nl")


def test_an_oversized_file_is_refused(organisation, x_channel, tmp_path, settings):
    settings.ARCHIVE_LIMITS = {"entry_bytes": 2000}
    path = write_tweets_js(tmp_path / "tweets.js", 50)
    assert "larger than the archive accepts" in _refused(organisation, x_channel, "x", path)
    assert "groter dan het archief" in _refused(organisation, x_channel, "x", path, "nl")


def test_an_oversized_record_is_refused(organisation, x_channel, tmp_path, settings):
    settings.ARCHIVE_LIMITS = {"record_bytes": 300}
    path = write_tweets_js(tmp_path / "tweets.js", 3)
    assert "record larger" in _refused(organisation, x_channel, "x", path)


def test_malformed_json_is_refused(organisation, tmp_path):
    channel = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    path = tmp_path / "outbox.json"
    path.write_bytes(write_outbox(tmp_path / "o.json", [note(1, "a")]).read_bytes()[:-40])
    assert "not valid JSON" in _refused(organisation, channel, "mastodon", path)
    assert "geen geldige JSON" in _refused(organisation, channel, "mastodon", path, "nl")
    path.write_bytes(b'{"orderedItems": [{"type": "Create", "object": {"id": 1,}}]}')
    assert "not valid JSON" in _refused(organisation, channel, "mastodon", path)


def test_a_wrong_encoding_is_refused(organisation, tmp_path):
    channel = make_channel(organisation, platform="linkedin", owner=None, cover=None)
    path = tmp_path / "Shares.csv"
    path.write_bytes(
        "Date,ShareLink,ShareCommentary\n2024-01-01 10:00:00,x,Caf\u00e9 \u00e0 la gare\n".encode(
            "latin-1"
        )
    )
    assert "not UTF-8 text" in _refused(organisation, channel, "linkedin", path)
    assert "geen UTF-8-tekst" in _refused(organisation, channel, "linkedin", path, "nl")


def test_a_file_of_another_platform_is_refused_and_named(organisation, x_channel, tmp_path):
    outbox = write_outbox(tmp_path / "outbox.json", [note(1, "a")])
    message = _refused(organisation, x_channel, "x", outbox)
    assert "can read as X" in message
    channel = make_channel(organisation, platform="facebook", owner=None, cover=None)
    tweets = write_tweets_js(tmp_path / "tweets.js", 2)
    message = _refused(organisation, channel, "facebook", tweets)
    assert "looks like a x export" in message.lower()
    assert (
        "lijkt op een export van x"
        in _refused(organisation, channel, "facebook", tweets, "nl").lower()
    )


def test_a_zip_of_another_platform_is_refused(organisation, x_channel, tmp_path):
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(write_outbox(tmp_path / "outbox.json", [note(1, "a")]), "outbox.json")
    assert "can read as X" in _refused(organisation, x_channel, "x", archive)


def test_a_broken_car_is_refused(organisation, tmp_path):
    channel = make_channel(organisation, platform="bluesky", owner=None, cover=None)
    path = tmp_path / "repo.car"
    path.write_bytes(b"\x0a\xa2eroots\x80gversion\x01" + b"\xff" * 40)
    assert "not a readable Bluesky" in _refused(organisation, channel, "bluesky", path)
