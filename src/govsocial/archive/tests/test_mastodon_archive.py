"""An archive made with the open tool mastodon-archive (`<domain>.user.<name>.json`)
is imported as the account's statuses and the public's mentions of it; what the
account liked, bookmarked or followed is not. Generated files only."""

import json
import zipfile
from datetime import datetime, timedelta
from io import StringIO

import orjson
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from govsocial.archive import services
from govsocial.archive.generate import (
    START,
    mastodon_status,
    write_mastodon_archive,
)
from govsocial.archive.importers.errors import ArchiveError
from govsocial.archive.models import ImportJob, ImportRun, Item
from govsocial.channels.tests.factories import make_channel

pytestmark = pytest.mark.django_db
NAME = "social.example.user.gemeente.json"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def channel(organisation):
    return make_channel(
        organisation, platform="mastodon", handle="@gemeente", owner=None, cover=None
    )


def _statuses():
    boosted = mastodon_status(30, "Kom naar de inloopavond", account="buurt")
    return [
        mastodon_status(4, "Eerste &amp; regel</p><p>Tweede<br>regel"),
        mastodon_status(3, "", reblog=boosted),
        mastodon_status(2, "Graag gedaan!", in_reply_to_id=110),
        mastodon_status(1, "Het zwembad is open", language="en"),
    ]


def _lists():
    mention = (
        '<span class="h-card"><a href="https://social.example/@gemeente" class="u-url mention">'
        "@<span>gemeente</span></a></span> Wanneer gaat de bieb open?"
    )
    return {
        "statuses": _statuses(),
        "mentions": [mastodon_status(10, mention, account="inwoner")],
        "favourites": [mastodon_status(20, "Mooie foto van de markt", account="buurman")],
        "bookmarks": [mastodon_status(21, "Handige lijst", account="buurman")],
        "followers": [{"id": 2, "username": "inwoner", "acct": "inwoner"}],
        "following": [{"id": 3, "username": "buurman", "acct": "buurman"}],
    }


@pytest.fixture
def archive_file(tmp_path):
    return write_mastodon_archive(tmp_path / NAME, **_lists())


def _import(organisation, channel, path, source="mastodon"):
    return services.import_export(organisation, channel.pk, source, path)


def _counts(counts):
    return counts.new, counts.new_versions, counts.marked_deleted, counts.unchanged


def test_statuses_and_mentions_are_archived_and_likes_and_bookmarks_are_not(
    organisation, channel, archive_file
):
    assert b'\n  "account": {\n    "id": 1,' in archive_file.read_bytes()  # as the tool writes
    counts = _import(organisation, channel, archive_file)
    assert _counts(counts) == (5, 0, 0, 0)
    items = {i.external_id.rsplit("/", 1)[1]: i for i in Item.objects.filter(channel_id=channel.pk)}
    assert set(items) == {"101", "102", "103", "104", "110"}  # not 120, 121 (liked, bookmarked)
    assert [items[n].kind for n in ("101", "102", "103")] == ["post", "reply", "repost"]
    assert items["104"].text == "Eerste & regel\nTweede\nregel"
    assert items["101"].language == "en" and items["101"].author_kind == "organisation"
    assert items["102"].in_reply_to == "110"
    mention = items["110"]
    assert (mention.author_kind, mention.author_handle, mention.collection) == (
        "public",
        "inwoner",
        "mentions",
    )
    assert mention.text == "@gemeente Wanneer gaat de bieb open?"
    repost = items["103"].versions.get()
    assert repost.fields["extra"]["repost_of"].endswith("/buurt/statuses/130")
    assert items["101"].published_at == START + timedelta(hours=1)  # from the ISO date


def test_importing_again_or_the_same_statuses_from_the_api_adds_nothing(
    organisation, channel, archive_file, tmp_path
):
    _import(organisation, channel, archive_file)
    assert _counts(_import(organisation, channel, archive_file)) == (0, 0, 0, 5)
    # The API's own form of the same statuses: string ids, dates with Z and milliseconds.
    rest = tmp_path / "statuses.json"
    rest.write_bytes(orjson.dumps([_as_api(s) for s in _statuses()]))
    assert _counts(_import(organisation, channel, rest)) == (0, 0, 0, 4)


def _as_api(value):
    if isinstance(value, dict):
        return {k: str(v) if k.endswith("id") and v else _as_api(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return value


def test_an_old_archive_marks_nothing_deleted(organisation, channel, tmp_path):
    """Statuses read later from the API are not deleted for lacking in an older archive."""
    rest = tmp_path / "statuses.json"
    rest.write_bytes(orjson.dumps([_as_api(mastodon_status(n, f"Bericht {n}")) for n in range(8)]))
    _import(organisation, channel, rest)
    old = write_mastodon_archive(tmp_path / NAME, statuses=[mastodon_status(1, "Bericht 1")])
    assert _counts(_import(organisation, channel, old)) == (0, 0, 0, 1)
    assert not Item.objects.filter(deleted_seen_at__isnull=False).exists()


def test_a_status_the_tool_deleted_from_the_platform_is_archived_as_deleted(
    organisation, channel, tmp_path
):
    """mastodon-archive's `expire` deletes old statuses on the platform and keeps them in
    its file marked `"deleted": true`; it records no date, so none is invented."""
    rest = tmp_path / "statuses.json"
    rest.write_bytes(orjson.dumps([_as_api(mastodon_status(n, f"Bericht {n}")) for n in (1, 2)]))
    _import(organisation, channel, rest)  # both still online when the API was read
    statuses = [
        mastodon_status(1, "Bericht 1", deleted=True),
        mastodon_status(2, "Bericht 2"),
        mastodon_status(3, "Bericht 3", deleted=True),  # deleted before GovSocial saw it
    ]
    archive = write_mastodon_archive(tmp_path / NAME, statuses=statuses)
    # 103 is new and deleted; 101 unchanged in content, now deleted; 102 unchanged.
    assert _counts(_import(organisation, channel, archive)) == (1, 0, 2, 2)
    items = {i.external_id.rsplit("/", 1)[1]: i for i in Item.objects.filter(channel_id=channel.pk)}
    for n in ("101", "103"):
        assert items[n].deleted_seen_at is not None
        assert items[n].deleted_on_platform_at is None
        assert list(items[n].versions.values_list("event", flat=True).order_by("number")) == [
            "captured",
            "deleted",
        ]
        assert items[n].text == f"Bericht {n[-1]}"  # the text stays in the archive
    assert items["102"].deleted_seen_at is None
    assert _counts(_import(organisation, channel, archive)) == (0, 0, 0, 3)  # nothing twice
    # Read from the API again, a status is online after all: it is restored.
    rest.write_bytes(orjson.dumps([_as_api(mastodon_status(1, "Bericht 1"))]))
    _import(organisation, channel, rest)
    assert Item.objects.get(pk=items["101"].pk).deleted_seen_at is None


def test_split_parts_are_read_alone_and_in_a_zip(organisation, channel, archive_file, tmp_path):
    part = tmp_path / "social.example.user.gemeente.0.json"
    older = {
        "statuses": [mastodon_status(0, "Oud bericht")],
        "favourites": [mastodon_status(22, "Van een ander", account="buurman")],
        "bookmarks": [],
        "mentions": [],
    }
    part.write_text(json.dumps(older, indent=2, default=lambda d: d.isoformat()))
    assert _counts(_import(organisation, channel, part)) == (1, 0, 0, 0)
    folder = tmp_path / "archive.zip"
    with zipfile.ZipFile(folder, "w") as z:
        z.write(archive_file, f"gemeente/{archive_file.name}")
        z.write(part, f"gemeente/{part.name}")
        z.writestr(f"gemeente/{archive_file.name}~", b"{}")  # the tool's backup: not read
    counts = _import(organisation, channel, folder)
    assert _counts(counts) == (5, 0, 0, 1) and len(counts.files) == 2


def test_a_truncated_archive_is_refused_and_nothing_is_written(organisation, channel, archive_file):
    data = archive_file.read_bytes()
    archive_file.write_bytes(data[: len(data) // 2])
    with pytest.raises(ArchiveError) as caught:
        _import(organisation, channel, archive_file)
    assert "is not valid JSON; nothing was imported" in caught.value.message
    assert not Item.objects.exists() and not ImportRun.objects.exists()
    with pytest.raises(CommandError) as failed:
        call_command(
            "archive", "import", "--org", "example", "--channel", str(channel.pk),
            "--source", "mastodon", str(archive_file), "--lang", "nl",
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
    assert failed.value.returncode == 2
    assert "is geen geldige JSON" in str(failed.value)
    assert not Item.objects.exists() and not ImportRun.objects.exists()


def test_another_source_names_mastodon(organisation, archive_file):
    x = make_channel(organisation, platform="x", owner=None, cover=None)
    with translation.override("en"), pytest.raises(ArchiveError) as caught:
        _import(organisation, x, archive_file, source="x")
    assert "looks like a mastodon export" in caught.value.message.lower()


def test_the_archive_file_can_be_uploaded(
    lead_client, channel, archive_file, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    upload = SimpleUploadedFile(NAME, archive_file.read_bytes(), "application/json")
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(
            reverse("archive:upload"),
            {"channel": channel.pk, "source": "mastodon", "export": upload},
        )
    job = ImportJob.objects.get()
    assert job.status == "done" and job.counts["new"] == 5
    assert Item.objects.filter(channel_id=channel.pk, collection="mentions").count() == 1
