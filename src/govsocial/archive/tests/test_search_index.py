"""The search index stays exactly what the items say, however they change, and
migration 0010 keeps an existing archive whole and searchable."""

from datetime import date, timedelta

import orjson
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from govsocial.archive import services
from govsocial.archive.generate import START, note, write_outbox
from govsocial.archive.models import Item
from govsocial.archive.tests.factories import archive_records, make_archived_channel, record
from govsocial.channels.tests.factories import make_channel
from govsocial.core.tests.factories import make_organisation

BEFORE = ("archive", "0009_media_and_mappings")


def _words(table: str) -> list[tuple]:
    """Every word of the SQLite index with the row and column it stands in."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE temp.{table}_words USING fts5vocab(main, {table}, instance)"
        )
        try:
            cursor.execute(
                f"SELECT term, doc, col, offset FROM temp.{table}_words ORDER BY 1, 2, 3, 4"
            )
            return cursor.fetchall()
        finally:
            cursor.execute(f"DROP TABLE temp.{table}_words")


def _rebuilt_words() -> list[tuple]:
    """The words an index built afresh from the item table holds (as migration 0010 builds it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE rebuilt_fts USING fts5(text, author, scope, content = '', "
            "columnsize = 0, tokenize = 'unicode61 remove_diacritics 2')"
        )
        try:
            cursor.execute(
                "INSERT INTO rebuilt_fts(rowid, text, author, scope) SELECT id, text, "
                "author_handle, 'o' || organisation_id || ' c' || channel_id FROM archive_item "
                "WHERE destroyed_at IS NULL"
            )
            return _words("rebuilt_fts")
        finally:
            cursor.execute("DROP TABLE rebuilt_fts")


@pytest.mark.django_db
def test_the_index_holds_what_the_items_say_after_edits_deletions_and_destruction(
    organisation, lead, tmp_path
):
    channel = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    first = [note(n, f"Het zwembad opent {n}") for n in range(4)]
    services.import_export(
        organisation, channel.pk, "mastodon", write_outbox(tmp_path / "a.json", first)
    )
    # An edit, a note gone from the export, and a new one.
    later = [
        note(0, "Omleiding via de Parkweg", updated=START + timedelta(days=2)),
        *first[1:3],
        note(9, "Nieuw bericht over de bibliotheek"),
    ]
    services.import_export(
        organisation, channel.pk, "mastodon", write_outbox(tmp_path / "b.json", later)
    )
    # The gone note comes back, edited in the same batch as it is seen again.
    again = [*later, note(3, "Het zwembad opent later", updated=START + timedelta(days=3))]
    services.import_export(
        organisation, channel.pk, "mastodon", write_outbox(tmp_path / "c.json", again)
    )
    archived = make_archived_channel(organisation, posts=2)
    # The same item twice in one batch: an edit of an item not yet written.
    archive_records(
        organisation, archived, [record("n1", "Eerste versie"), record("n1", "Tweede versie")]
    )
    services.set_schedule(organisation, lead, archived.pk, {"reply": 1, "post": None})
    services.destroy(organisation, lead, "tests", today=date(2026, 6, 1))

    assert [i.text for i in services.search(organisation, "Parkweg")] == [
        "Omleiding via de Parkweg"
    ]
    assert services.search(organisation, "opent 0") == []
    assert [i.text for i in services.search(organisation, "later")] == ["Het zwembad opent later"]
    assert services.search(organisation, "laat") == []  # the destroyed replies
    assert [i.text for i in services.search(organisation, "versie")] == ["Tweede versie"]
    if connection.vendor == "postgresql":  # the trigger's vectors: none for a destroyed item
        vectors = Item.objects.extra(select={"empty": "search_vector IS NULL"})
        assert {(i.destroyed_at is None, i.empty) for i in vectors} == {
            (True, False),
            (False, True),
        }
        return
    assert _words("archive_item_fts") == _rebuilt_words()
    with connection.cursor() as cursor:  # FTS5's own check of its structure
        cursor.execute(
            "INSERT INTO archive_item_fts(archive_item_fts, rank) VALUES ('integrity-check', 1)"
        )


def _migrate(target):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def _migrate_all() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_0010_keeps_an_existing_archive_whole_and_searchable():
    apps = _migrate(BEFORE)
    try:
        Item, Version, Raw, Run = (
            apps.get_model("archive", name)
            for name in ("Item", "ItemVersion", "RawPayload", "ImportRun")
        )
        organisation = make_organisation(slug="oud")  # core's tables are as they are now
        run = Run.objects.create(
            organisation_id=organisation.pk, channel_id=7, source="mastodon", origin="outbox.json",
            importer_version="1", started_at=START, finished_at=START,
        )  # fmt: skip
        texts = ["Het zwembad is dicht", "De bibliotheek is open", "Vernietigd bericht"]
        for n, text in enumerate(texts):
            item = Item.objects.create(
                organisation_id=organisation.pk, channel_id=7, source="mastodon", collection="outbox",
                external_id=f"e{n}", kind="post", author_kind="organisation",
                author_handle="gemeente", text=text, language="nl", published_at=START,
                first_captured_at=START, destroyed_at=START if n == 2 else None,
            )  # fmt: skip
            raw = Raw.objects.create(
                organisation_id=organisation.pk, sha256=f"{n:064x}", media_type="application/json",
                size=3, data=orjson.dumps({"n": n}),
            )  # fmt: skip
            Version.objects.create(
                organisation_id=organisation.pk, channel_id=7, item=item, number=1, event="captured",
                text=text, language="nl", raw=raw, run=run, origin="outbox.json",
                importer_version="1", captured_at=START, sequence=n + 1, previous_hash="0",
                record_hash=str(n),
            )  # fmt: skip
            if connection.vendor == "sqlite" and n < 2:  # the index as 0006 kept it
                with connection.cursor() as cursor:
                    cursor.execute(
                        "INSERT INTO archive_item_fts(rowid, text, author, scope) "
                        "VALUES (%s, %s, 'gemeente', %s)",
                        [item.pk, text, f"o{organisation.pk} c7"],
                    )
            elif connection.vendor == "postgresql" and n < 2:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE archive_item SET search_vector = to_tsvector('dutch', text) "
                        "WHERE id = %s",
                        [item.pk],
                    )
    finally:
        _migrate_all()

    from govsocial.archive.models import Item as NowItem
    from govsocial.archive.models import ItemVersion, RawPayload

    assert sorted(NowItem.objects.values_list("text", flat=True)) == sorted(texts)
    assert ItemVersion.objects.count() == 3 and RawPayload.objects.count() == 3
    assert [bytes(v.raw.data) for v in ItemVersion.objects.order_by("sequence")] == [
        orjson.dumps({"n": n}) for n in range(3)
    ]
    assert [i.text for i in services.search(organisation, "zwembad")] == ["Het zwembad is dicht"]
    assert [i.text for i in services.search(organisation, "bibliotheek")] == [
        "De bibliotheek is open"
    ]
    assert services.search(organisation, "vernietigd") == []  # destroyed stays out
    assert [i.text for i in services.search(organisation, "zwembad")] == ["Het zwembad is dicht"]
    # The same payload twice (an item in two channels) no longer needs one shared row.
    RawPayload.objects.create(
        organisation=organisation, sha256=f"{0:064x}", media_type="application/json", size=2,
        data=b"{}",
    )  # fmt: skip
    if connection.vendor == "sqlite":
        try:
            assert _words("archive_item_fts") == _rebuilt_words()
        finally:  # the table flush after this test leaves the index alone
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO archive_item_fts(archive_item_fts) VALUES ('delete-all')"
                )
