"""`govsocial archive import|verify|status|search`; bad input exits 2 and writes nothing."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from govsocial.archive.generate import note, write_outbox
from govsocial.archive.models import ImportRun, Item, ItemVersion
from govsocial.archive.tasks import import_export
from govsocial.channels.tests.factories import make_channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(organisation):
    return make_channel(
        organisation, platform="mastodon", handle="@gemeente", owner=None, cover=None
    )


@pytest.fixture
def outbox(tmp_path):
    activities = [note(n, f"Het zwembad is open {n}", in_reply_to=None) for n in range(6)]
    activities.append(note(7, "The library reopens on Monday", language="en"))
    return write_outbox(tmp_path / "outbox.json", activities)


def _run(*args):
    out = StringIO()
    call_command("archive", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_prints_the_counts_as_json(organisation, channel, outbox):
    result = json.loads(
        _run(
            "import",
            "--org",
            "example",
            "--channel",
            str(channel.pk),
            "--source",
            "mastodon",
            str(outbox),
            "--format",
            "json",
        )
    )
    assert (
        result["new"],
        result["new_versions"],
        result["marked_deleted"],
        result["unchanged"],
    ) == (7, 0, 0, 0)
    text = _run(
        "import",
        "--org",
        "example",
        "--channel",
        str(channel.pk),
        "--source",
        "mastodon",
        str(outbox),
    )
    assert "0 new, 0 new versions, 0 marked deleted, 7 unchanged" in text
    text = _run(
        "import",
        "--org",
        "example",
        "--channel",
        str(channel.pk),
        "--source",
        "mastodon",
        str(outbox),
        "--lang",
        "nl",
    )
    assert "7 ongewijzigd" in text


def test_import_counts_records_and_files_in_words_of_the_readers_language(
    organisation, channel, tmp_path
):
    one = write_outbox(tmp_path / "one.json", [note(1, "Het zwembad is open")])
    args = ["import", "--org", "example", "--channel", str(channel.pk), "--source", "mastodon"]
    assert _run(*args, str(one)).endswith("(1 record from 1 file).\n")
    assert _run(*args, str(one), "--lang", "nl").endswith("(1 record uit 1 bestand).\n")


@pytest.mark.parametrize(
    "args",
    [
        ["--org", "nowhere", "--channel", "{channel}", "--source", "mastodon", "{path}"],
        ["--org", "example", "--channel", "999999", "--source", "mastodon", "{path}"],
        ["--org", "example", "--channel", "{channel}", "--source", "x", "{path}"],
        [
            "--org",
            "example",
            "--channel",
            "{channel}",
            "--source",
            "mastodon",
            "/does/not/exist.zip",
        ],
        [
            "--org",
            "example",
            "--channel",
            "{channel}",
            "--source",
            "csv",
            "{path}",
            "--map",
            "text",
        ],
    ],
)
def test_bad_input_exits_2_and_writes_nothing(organisation, channel, outbox, args):
    filled = [a.format(channel=channel.pk, path=outbox) for a in args]
    with pytest.raises(CommandError) as caught:
        _run("import", *filled)
    assert caught.value.returncode == 2
    assert not Item.objects.exists() and not ImportRun.objects.exists()


def test_verify_exits_non_zero_when_a_record_changed(organisation, channel, outbox):
    _run(
        "import",
        "--org",
        "example",
        "--channel",
        str(channel.pk),
        "--source",
        "mastodon",
        str(outbox),
    )
    assert "intact" in _run("verify", "--org", "example")
    ItemVersion.objects.filter(sequence=3).update(origin="elsewhere.json")
    with pytest.raises(CommandError) as caught:
        _run("verify", "--org", "example", "--format", "json")
    assert caught.value.returncode == 1


def test_status_and_search(organisation, channel, outbox):
    make_channel(
        organisation, platform="x", owner=None, cover=None
    )  # a channel with nothing archived
    _run(
        "import",
        "--org",
        "example",
        "--channel",
        str(channel.pk),
        "--source",
        "mastodon",
        str(outbox),
    )
    status = json.loads(_run("status", "--org", "example", "--format", "json"))
    mine = next(s for s in status if s["channel_id"] == channel.pk)
    assert mine["total"] == 7 and mine["kinds"] == {"post": 7} and mine["last_capture"]
    assert len(status) == 2
    hits = json.loads(_run("search", "--org", "example", "zwembad", "--format", "json"))
    assert len(hits) == 6 and all("zwembad" in h["text"] for h in hits)
    assert json.loads(
        _run("search", "--org", "example", "library", "--language", "en", "--format", "json")
    )[0]["text"].startswith("The library")
    assert "Nothing found." in _run("search", "--org", "example", "nonexistentword")
    text = _run("status", "--org", "example")
    assert "7 items" in text


def test_the_import_runs_as_a_background_task(organisation, channel, outbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = import_export.enqueue(
        organisation.pk, channel.pk, "mastodon", str(outbox), started_by="lead"
    )
    assert result.return_value["new"] == 7
    assert ImportRun.objects.get().started_by == "lead"
