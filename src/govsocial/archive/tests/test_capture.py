"""Import behaviour: idempotent, edits as versions, deletions seen, all or nothing,
and a hash chain that `verify` checks."""

import zipfile
from datetime import timedelta

import pytest

from govsocial.archive import services
from govsocial.archive.generate import START, note, write_outbox, write_tweets_js
from govsocial.archive.importers.errors import ArchiveError
from govsocial.archive.models import ChainHead, ImportRun, Item, ItemVersion, RawPayload
from govsocial.channels.tests.factories import make_channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(organisation):
    return make_channel(
        organisation, platform="mastodon", handle="@gemeente", owner=None, cover=None
    )


def _import(organisation, channel, path, source="mastodon"):
    return services.import_export(organisation, channel.pk, source, path)


def _table_counts():
    return (
        Item.objects.count(),
        ItemVersion.objects.count(),
        RawPayload.objects.count(),
        ImportRun.objects.count(),
    )


def test_a_second_import_adds_nothing(organisation, channel, tmp_path):
    path = write_outbox(tmp_path / "outbox.json", [note(n, f"Bericht {n}") for n in range(5)])
    first = _import(organisation, channel, path)
    assert (first.new, first.new_versions, first.marked_deleted, first.unchanged) == (5, 0, 0, 0)
    before = _table_counts()[:3]
    second = _import(organisation, channel, path)
    assert (second.new, second.new_versions, second.marked_deleted, second.unchanged) == (
        0,
        0,
        0,
        5,
    )
    assert _table_counts()[:3] == before
    assert set(Item.objects.values_list("author_handle", flat=True)) == {"gemeente"}


def test_an_edit_becomes_a_new_version(organisation, channel, tmp_path):
    _import(organisation, channel, write_outbox(tmp_path / "a.json", [note(1, "Eerste tekst")]))
    edited = note(1, "Verbeterde tekst", updated=START + timedelta(days=1))
    counts = _import(organisation, channel, write_outbox(tmp_path / "b.json", [edited]))
    assert (counts.new, counts.new_versions) == (0, 1)
    item = Item.objects.get()
    assert item.text == "Verbeterde tekst" and item.current_version == 2
    versions = list(item.versions.order_by("number").values_list("text", "event"))
    assert versions == [("Eerste tekst", "captured"), ("Verbeterde tekst", "edited")]
    # The older export again: nothing new, and the newer text stays current.
    again = _import(organisation, channel, tmp_path / "a.json")
    assert (again.new_versions, again.unchanged) == (0, 1)
    assert Item.objects.get().text == "Verbeterde tekst"


def test_an_item_gone_from_a_later_export_is_marked_deleted_not_removed(
    organisation, channel, tmp_path
):
    _import(
        organisation,
        channel,
        write_outbox(tmp_path / "a.json", [note(n, f"Bericht {n}") for n in range(3)]),
    )
    counts = _import(
        organisation,
        channel,
        write_outbox(tmp_path / "b.json", [note(0, "Bericht 0"), note(2, "Bericht 2")]),
    )
    assert counts.marked_deleted == 1 and counts.unchanged == 2
    gone = Item.objects.get(deleted_seen_at__isnull=False)
    assert gone.text == "Bericht 1" and gone.deleted_seen_at is not None
    assert list(gone.versions.order_by("number").values_list("event", flat=True)) == [
        "captured",
        "deleted",
    ]
    # Seen again later: restored, with the deletion kept in its history.
    back = _import(organisation, channel, tmp_path / "a.json")
    assert back.marked_deleted == 0
    gone.refresh_from_db()
    assert gone.deleted_seen_at is None
    assert list(gone.versions.order_by("number").values_list("event", flat=True)) == [
        "captured",
        "deleted",
        "restored",
    ]
    assert services.verify(organisation).ok


def test_a_partial_file_marks_nothing_deleted(organisation, tmp_path):
    channel = make_channel(organisation, platform="x", owner=None, cover=None)
    services.import_export(
        organisation, channel.pk, "x", write_tweets_js(tmp_path / "tweets.js", 10)
    )
    counts = services.import_export(
        organisation, channel.pk, "x", write_tweets_js(tmp_path / "t2.js", 4)
    )
    assert counts.marked_deleted == 0  # a lone tweets.js may be one part of many


def test_a_whole_archive_zip_marks_missing_tweets_deleted(organisation, tmp_path):
    channel = make_channel(organisation, platform="x", owner=None, cover=None)

    def archive(count, name):
        js = write_tweets_js(tmp_path / f"{name}.js", count)
        target = tmp_path / f"{name}.zip"
        with zipfile.ZipFile(target, "w") as z:
            z.write(js, "data/tweets.js")
            z.writestr(
                "data/account.js", 'window.YTD.account.part0 = [{"account":{"username":"gem"}}]'
            )
        return target

    services.import_export(organisation, channel.pk, "x", archive(10, "a"))
    counts = services.import_export(organisation, channel.pk, "x", archive(7, "b"))
    assert (counts.unchanged, counts.marked_deleted) == (7, 3)


def test_a_broken_file_changes_nothing(organisation, channel, tmp_path):
    _import(
        organisation,
        channel,
        write_outbox(tmp_path / "a.json", [note(n, f"Bericht {n}") for n in range(3)]),
    )
    before = _table_counts()
    good = write_outbox(
        tmp_path / "b.json", [note(n, f"Nieuw {n}") for n in range(3, 900)]
    ).read_bytes()
    broken = tmp_path / "broken.json"
    broken.write_bytes(
        good[: len(good) - 300]
    )  # cut off: the first 500 records were already written
    with pytest.raises(ArchiveError):
        _import(organisation, channel, broken)
    assert _table_counts() == before
    assert services.verify(organisation).ok


def test_verify_reports_a_changed_record(organisation, channel, tmp_path):
    _import(
        organisation,
        channel,
        write_outbox(tmp_path / "a.json", [note(n, f"Bericht {n}") for n in range(4)]),
    )
    assert services.verify(organisation).ok
    ItemVersion.objects.filter(sequence=2).update(text="Vervalst")
    result = services.verify(organisation)
    assert [(p.sequence, p.kind) for p in result.problems] == [(2, "changed")]


def test_verify_reports_a_changed_raw_payload(organisation, channel, tmp_path):
    _import(
        organisation,
        channel,
        write_outbox(tmp_path / "a.json", [note(n, f"Bericht {n}") for n in range(2)]),
    )
    raw = ItemVersion.objects.get(sequence=1).raw
    RawPayload.objects.filter(pk=raw.pk).update(
        data=bytes(raw.data).replace(b"Bericht", b"Vervalst")
    )
    problems = services.verify(organisation).problems
    assert [(p.sequence, p.kind) for p in problems] == [(1, "changed")]


def test_verify_reports_a_removed_record_and_a_removed_last_record(organisation, channel, tmp_path):
    _import(
        organisation,
        channel,
        write_outbox(tmp_path / "a.json", [note(n, f"Bericht {n}") for n in range(4)]),
    )
    ItemVersion.objects.filter(sequence=2).delete()
    assert [(p.sequence, p.kind) for p in services.verify(organisation).problems] == [
        (3, "removed")
    ]
    ItemVersion.objects.filter(sequence=4).delete()
    for chunk in (1, 2, 2000):  # the chain read a page at a time finds the same
        result = services.verify(organisation, chunk=chunk)
        assert [(p.sequence, p.kind) for p in result.problems] == [(3, "removed"), (4, "removed")]
        assert result.records == 2


def test_verify_reports_reordered_records(organisation, channel, tmp_path):
    _import(
        organisation,
        channel,
        write_outbox(tmp_path / "a.json", [note(n, f"Bericht {n}") for n in range(4)]),
    )
    ItemVersion.objects.filter(sequence=2).update(sequence=99)
    ItemVersion.objects.filter(sequence=3).update(sequence=2)
    ItemVersion.objects.filter(sequence=99).update(sequence=3)
    kinds = {p.kind for p in services.verify(organisation).problems}
    assert kinds == {"reordered"}


def test_chains_are_per_channel_and_continue_across_imports(organisation, channel, tmp_path):
    other = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    _import(
        organisation,
        channel,
        write_outbox(tmp_path / "a.json", [note(n, f"Bericht {n}") for n in range(3)]),
    )
    _import(organisation, other, tmp_path / "a.json")
    _import(organisation, channel, write_outbox(tmp_path / "b.json", [note(5, "Later")]))
    heads = dict(ChainHead.objects.values_list("channel_id", "sequence"))
    assert heads == {channel.pk: 7, other.pk: 3}  # 3 + 1 new + the first 3 marked deleted
    assert services.verify(organisation).ok


def test_a_channel_of_another_organisation_is_refused(organisation, other_organisation, tmp_path):
    theirs = make_channel(other_organisation, platform="mastodon", owner=None, cover=None)
    path = write_outbox(tmp_path / "a.json", [note(1, "x")])
    with pytest.raises(ArchiveError, match="no channel"):
        services.import_export(organisation, theirs.pk, "mastodon", path)
    assert not Item.objects.exists()


def test_the_source_must_fit_the_channel(organisation, tmp_path):
    facebook = make_channel(organisation, platform="facebook", owner=None, cover=None)
    with pytest.raises(ArchiveError, match="cannot be imported"):
        services.import_export(
            organisation, facebook.pk, "mastodon", write_outbox(tmp_path / "a.json", [])
        )


def test_content_hashes_are_those_earlier_versions_of_the_archive_wrote(
    organisation, channel, tmp_path
):
    # A re-import after an upgrade must find every item unchanged: the hashes (of the text,
    # language and fields as this version of the archive reads them) may never drift.
    x = make_channel(organisation, platform="x", handle="@gemeente", owner=None, cover=None)
    _import(organisation, x, write_tweets_js(tmp_path / "tweets.js", 4), source="x")
    first = note(1, "Eerste &amp; tekst", in_reply_to="https://social.example/x/1")
    _import(organisation, channel, write_outbox(tmp_path / "a.json", [first]))
    edited = note(1, "Tweede", updated=START + timedelta(days=1, microseconds=5))
    _import(organisation, channel, write_outbox(tmp_path / "b.json", [edited]))

    def hashes(channel_id):  # type: ignore[no-untyped-def]
        rows = ItemVersion.objects.filter(channel_id=channel_id).order_by("sequence")
        return list(rows.values_list("number", "content_hash"))

    assert hashes(x.pk) == [
        (1, "e1e60f212c566141eb6fab17491d139ba3c11df0feca57eec5f512ac588588d9"),
        (1, "9bfeae5ff930ce0e3f02d81d875e15ebfb379c99632797eeafdc86bfbed012f5"),
        (1, "69eb171dccea2fabfce53ba49fadde8eb10e69035ebc228b0a5100cf55160c82"),
        (1, "9430603532788cd685f37162ebf0538b61ec4a0e996a41cd746244aa6b25aa26"),
    ]
    assert hashes(channel.pk) == [
        (1, "3b1db8679daaf1eda3ea013cee908cee418aab38d9e82128ccbd6e4d5ffd224a"),
        (2, "01077fbd1a9d4f00716fedcb26d0228785e29838cc160610317cf8f2875f761c"),
    ]
    assert services.verify(organisation).ok
