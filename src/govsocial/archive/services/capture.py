"""Writing what an importer reads: new items, new versions, deletions seen.

Records are written in batches, so memory stays flat however large the
export: each batch looks up only its own items. An item whose content hash
matches any of its versions is unchanged (re-importing adds nothing, and an
older export does not undo a newer one); otherwise the record becomes a new
version. After the whole export, the items of a complete collection that the
export no longer holds are marked deleted, with the date seen.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from govsocial.core.models import Organisation

from ..importers.base import ORGANISATION, Importer, Record
from ..models import ChainHead, ImportRun, Item, ItemVersion, RawPayload
from . import bulk, search
from .chain import GENESIS, Canonical, content_hash, link
from .media import hold_media

BATCH = 2000  # records per round trip; memory stays bounded by it
ITEM_FIELDS = (
    "kind", "author_kind", "author_handle", "text", "language", "published_at", "in_reply_to",
    "thread_id", "url", "counts", "current_version", "last_seen_run", "deleted_seen_at",
)  # fmt: skip
# A version's columns as `_create_versions` writes them after its organisation, channel,
# item, run, importer version, capture time and raw payload (and its edit time last,
# for the few that have one). A version waiting for its batch is a tuple of its item
# (whose key may come only then), its raw payload's place in `Writer.raws` (its key
# comes then too) and its values (`_link`).
VERSION_FIELDS = (
    "number", "event", "text", "language", "fields", "content_hash", "origin", "sequence",
    "previous_hash", "record_hash",
)  # fmt: skip
# The events as plain text: sqlite3 binds an exact str directly, a str subclass (the
# choices' members) only after an adapter look-up per row.
_EVENT = ItemVersion.Event
CAPTURED, EDITED, DELETED, RESTORED = (
    str(e.value) for e in (_EVENT.CAPTURED, _EVENT.EDITED, _EVENT.DELETED, _EVENT.RESTORED)
)
# An item's columns as `PendingItem.row` gives them: a model field added without a
# place here fails the tests, which write through this path. A new item is never
# destroyed (destroyed_at, destruction_id), and most are not deleted: the columns
# left out stay NULL, and no None is bound (sqlite3 adapts every None it binds,
# which cost an import microseconds an item).
ITEM_COLUMNS = (
    "id", "collection", "external_id", "kind", "author_kind", "author_handle", "text",
    "language", "published_at", "in_reply_to", "thread_id", "url", "counts", "current_version",
)  # fmt: skip
# The columns every new item of an import has the same value in (bound once a statement).
ITEM_SHARED = ("organisation_id", "channel_id", "source", "first_captured_at", "last_seen_run_id")
DELETED_COLUMNS = ("deleted_seen_at", "deleted_on_platform_at")
RAW_COLUMNS = ("id", "sha256", "media_type", "size", "data")  # and the organisation


class PendingItem:
    """A new item of this batch: an Item's attributes, without a model instance's cost."""

    __slots__ = (*ITEM_SHARED, *ITEM_COLUMNS, *DELETED_COLUMNS, "destroyed_at", "destruction_id")
    # Set by `_apply` (the fields a record gives; the rest in __init__).
    kind: str
    author_kind: str
    author_handle: str
    text: str
    language: str
    published_at: datetime | None
    in_reply_to: str
    thread_id: str
    url: str
    counts: dict[str, int]
    current_version: int

    def __init__(self, writer: Writer, record: Record, handle: str) -> None:
        self.id: int | None = None
        self.organisation_id = writer.organisation.pk
        self.channel_id = writer.channel.id
        self.source = writer.importer.name
        self.collection = record.collection
        self.external_id = record.external_id[:300]
        self.first_captured_at = writer.now
        self.last_seen_run_id = writer.run.pk
        self.deleted_seen_at: datetime | None = None
        self.deleted_on_platform_at: datetime | None = None
        self.destroyed_at: datetime | None = None
        self.destruction_id: int | None = None
        _apply(self, record, handle, 1)

    @property
    def pk(self) -> int | None:
        return self.id

    def row(self) -> tuple[Any, ...]:
        """The values as the database takes them (`bulk`), in ITEM_COLUMNS' order, and
        DELETED_COLUMNS' for an item seen deleted (ITEM_SHARED's come from the writer)."""
        when = bulk.db_datetime
        published, deleted, gone = (
            self.published_at, self.deleted_seen_at, self.deleted_on_platform_at
        )  # fmt: skip
        row = (
            self.id, self.collection, self.external_id, self.kind, self.author_kind,
            self.author_handle, self.text, self.language, published and when(published),
            self.in_reply_to, self.thread_id, self.url, bulk.db_json(self.counts),
            self.current_version,
        )  # fmt: skip
        if deleted is None and gone is None:
            return row
        return (*row, deleted and when(deleted), gone and when(gone))


AnyItem = Item | PendingItem


@dataclass(frozen=True)
class Channel:
    id: int
    platform: str
    handle: str


@dataclass(slots=True)
class _Known:
    """What the batch knows about one item: the row, its versions' hashes, and (for an
    item read from the database) its entry in the search index before this batch."""

    item: AnyItem
    hashes: set[str]
    versions: int
    current_edited: datetime | None
    indexed: search.Entry | None = None


def _moment(value: datetime | None) -> datetime | str | None:
    """A moment for the fields' JSON: orjson writes a UTC datetime exactly as isoformat()
    does, at a fraction of its cost; any other zone goes as isoformat()'s text."""
    if value is None or value.tzinfo is UTC:
        return value
    return value.isoformat()


def _fields(record: Record, handle: str) -> dict[str, Any]:
    """The rest of the item as this version has it (hashed, and kept with the version)."""
    extra = record.extra
    return {
        "kind": record.kind,
        "author_kind": record.author_kind,
        "author_handle": handle,
        "published_at": _moment(record.published_at),
        "in_reply_to": record.in_reply_to,
        "thread_id": record.thread_id,
        "url": record.url,
        "extra": extra if type(extra) is dict else dict(extra),  # nothing changes it after
    }


@contextmanager
def few_collections() -> Iterator[None]:
    """An import makes millions of short-lived objects and no cycles worth a full
    pass: Python's cycle collector would cost a sixth of its time. It runs once a
    batch instead (at the end of `Writer.flush`), so memory stays flat."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Writer:
    def __init__(
        self, organisation: Organisation, channel: Channel, importer: Importer, origin: str, by: str
    ) -> None:
        self.organisation, self.channel, self.importer = organisation, channel, importer
        hold_media(organisation)  # first, before the chain's head: the one order of locks
        self.now = timezone.now()
        self.canonical = Canonical(channel.id, importer.name, self.now, importer.version)
        self.run = ImportRun.objects.create(
            organisation=organisation,
            channel_id=channel.id,
            source=importer.name,
            origin=origin[:500],
            importer_version=importer.version,
            started_at=self.now,
            finished_at=self.now,
            started_by=by[:150],
        )
        head, _created = ChainHead.objects.select_for_update().get_or_create(
            organisation=organisation, channel_id=channel.id, defaults={"record_hash": GENESIS}
        )
        self.head = head
        self.pending: list[Record] = []
        self.versions: list[tuple[Any, ...]] = []
        # Raw payloads of the batch's new versions: (SHA-256, media type, bytes).
        self.raws: list[tuple[str, str, bytes]] = []
        self.records = 0
        self.counts = {"new": 0, "new_versions": 0, "marked_deleted": 0, "unchanged": 0}

    # -- the chain ---------------------------------------------------------------
    def _version(self, item: AnyItem, number: int, event: str, record: Record | None) -> None:
        """A version without content (deleted, restored): a link of the chain."""
        origin = (record.origin if record else self.run.origin)[:500]
        self._link(item, number, event, origin, "", "", "", None, None, {}, "")

    def _link(
        self,
        item: AnyItem,
        number: int,
        event: str,
        origin: str,
        text: str,
        language: str,
        digest: str,
        raw: int | None,
        edited_at: datetime | None,
        fields: dict[str, Any],
        raw_sha: str,
    ) -> None:
        """`raw`: the payload's place in `self.raws` (its key comes when the batch is saved)."""
        head = self.head
        head.sequence += 1
        record_bytes = self.canonical(item.external_id, number, event, digest, raw_sha, origin)
        previous = head.record_hash
        head.record_hash = link(previous, record_bytes)
        self.versions.append(
            (item, raw, number, event, text, language, fields, digest, edited_at, origin,
             head.sequence, previous, head.record_hash)
        )  # fmt: skip

    # -- records -------------------------------------------------------------------
    def add(self, record: Record) -> None:
        pending = self.pending
        pending.append(record)
        self.records += 1
        if len(pending) >= BATCH:
            del pending  # else the batch outlives flush's collection, which then walks it all
            self.flush()

    def _known(self, batch: list[Record]) -> dict[str, _Known]:
        keys = list({r.external_id for r in batch})
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM archive_item WHERE organisation_id = %s AND channel_id = %s "
                f"AND source = %s AND external_id IN ({', '.join(['%s'] * len(keys))})",
                [self.organisation.pk, self.channel.id, self.importer.name, *keys],
            )
            ids = [row[0] for row in cursor.fetchall()]
        if not ids:  # a first import: nothing to compare with
            return {}
        by_id = {
            item.pk: _Known(item, set(), 0, None, search.entry(item))
            for item in Item.objects.filter(pk__in=ids)
        }
        known = {entry.item.external_id: entry for entry in by_id.values()}
        rows = ItemVersion.objects.filter(item_id__in=list(by_id)).values_list(
            "item_id", "content_hash", "number", "edited_at"
        )
        for item_id, digest, number, edited in rows:
            entry = by_id[item_id]
            entry.hashes.add(digest)
            entry.versions = max(entry.versions, number)
            if number == entry.item.current_version:
                entry.current_edited = edited
        return known

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        known = self._known(batch)
        new_items: list[PendingItem] = []
        changed: dict[int, _Known] = {}
        seen: set[int] = set()
        own_handle = self.channel.handle
        for record in batch:
            handle = record.author_handle or (
                own_handle if record.author_kind == ORGANISATION else ""
            )
            fields = _fields(record, handle)
            digest = content_hash(record.text, record.language, fields)
            entry = known.get(record.external_id)
            if entry is None:
                fresh = PendingItem(self, record, handle)
                new_items.append(fresh)
                entry = known[record.external_id] = _Known(fresh, {digest}, 1, record.edited_at)
                self._content_version(fresh, 1, CAPTURED, record, fields, digest)
                self.counts["new"] += 1
                if record.gone:
                    entry.versions += 1
                    self._mark_deleted(fresh, record, entry.versions)
                continue
            item = entry.item
            if digest in entry.hashes:
                self.counts["unchanged"] += 1
                if isinstance(item, Item):
                    seen.add(item.pk)
            else:
                entry.versions += 1
                entry.hashes.add(digest)
                self._content_version(item, entry.versions, EDITED, record, fields, digest)
                self.counts["new_versions"] += 1
                if (
                    entry.current_edited is None
                    or record.edited_at is None
                    or record.edited_at >= entry.current_edited
                ):
                    _apply(item, record, handle, entry.versions)
                    entry.current_edited = record.edited_at
                if isinstance(item, Item):
                    changed[item.pk] = entry
            if record.gone and item.deleted_seen_at is None:
                entry.versions += 1
                self._mark_deleted(item, record, entry.versions)
            elif not record.gone and item.deleted_seen_at and item.deleted_on_platform_at is None:
                entry.versions += 1  # seen again after an export had lost it
                item.deleted_seen_at = None
                self._version(item, entry.versions, RESTORED, record)
            else:
                continue
            if isinstance(item, Item):
                changed[item.pk] = entry
        self._save(new_items, changed, seen)
        del batch, known, new_items, changed
        if not gc.isenabled():
            gc.collect(1)  # the batch is gone, however flushed: little left to look at

    def _content_version(
        self,
        item: AnyItem,
        number: int,
        event: str,
        record: Record,
        fields: dict[str, Any],
        digest: str,
    ) -> None:
        """A version with the record's content, and its raw payload (kept with the version)."""
        raw_sha = hashlib.sha256(record.raw).hexdigest()
        self.raws.append((raw_sha, record.media_type, record.raw))
        self._link(
            item, number, event, record.origin[:500], record.text, record.language, digest,
            len(self.raws) - 1, record.edited_at, fields, raw_sha,
        )  # fmt: skip

    def _mark_deleted(self, item: AnyItem, record: Record | None, number: int) -> None:
        item.deleted_seen_at = self.now
        item.deleted_on_platform_at = record.deleted_at if record else None
        self._version(item, number, DELETED, record)
        self.counts["marked_deleted"] += 1

    def _create_items(self, new_items: list[PendingItem]) -> None:
        if not new_items:
            return
        for item, pk in zip(new_items, bulk.next_ids(Item, len(new_items)), strict=True):
            item.id = pk
        shared = dict(
            zip(
                ITEM_SHARED,
                (self.organisation.pk, self.channel.id, self.importer.name,
                 bulk.db_datetime(self.now), self.run.pk),
                strict=True,
            )
        )  # fmt: skip
        width = len(ITEM_COLUMNS)
        rows = [item.row() for item in new_items]
        seen = [row for row in rows if len(row) == width]
        if seen:
            bulk.insert_rows(Item, ITEM_COLUMNS, seen, shared)
        if len(seen) < len(rows):
            deleted = [row for row in rows if len(row) > width]
            bulk.insert_rows(Item, (*ITEM_COLUMNS, *DELETED_COLUMNS), deleted, shared)

    def _create_raws(self) -> Sequence[int]:
        """The batch's raw payloads written; their keys in `self.raws`' order."""
        raws, self.raws = self.raws, []
        if not raws:
            return []
        ids = bulk.next_ids(RawPayload, len(raws))
        bulk.insert_rows(
            RawPayload,
            RAW_COLUMNS,
            # A bytearray: sqlite3 binds it as it is, where it adapts each bytes first.
            [(pk, sha, media_type, len(data), bytearray(data))
             for pk, (sha, media_type, data) in zip(ids, raws, strict=True)],
            {"organisation": self.organisation.pk},
        )  # fmt: skip
        return ids

    def _create_versions(self) -> None:
        raw_ids = self._create_raws()
        versions, self.versions = self.versions, []
        if not versions:
            return
        when, as_json = bulk.db_datetime, bulk.db_json
        # Most versions have a raw payload and no edit time: they bind no None (the
        # columns left out stay NULL), the others go in a statement of their own.
        plain: list[tuple[Any, ...]] = []
        other: list[tuple[Any, ...]] = []
        for (item, raw, number, event, text, language, fields, digest, edited, origin,
             sequence, previous, record_hash) in versions:  # fmt: skip
            if raw is not None and edited is None:
                plain.append(
                    (item.pk, raw_ids[raw], number, event, text, language, as_json(fields),
                     digest, origin, sequence, previous, record_hash)
                )  # fmt: skip
            else:
                other.append(
                    (item.pk, None if raw is None else raw_ids[raw], number, event, text, language,
                     as_json(fields), digest, origin, sequence, previous, record_hash,
                     edited and when(edited))
                )  # fmt: skip
        shared = {
            "organisation": self.organisation.pk,
            "channel_id": self.channel.id,
            "run": self.run.pk,
            "importer_version": self.importer.version,
            "captured_at": bulk.db_datetime(self.now),
        }
        names = ["item", "raw_id", *VERSION_FIELDS]
        if plain:
            bulk.insert_rows(ItemVersion, names, plain, shared)
        if other:
            bulk.insert_rows(ItemVersion, [*names, "edited_at"], other, shared)

    def _save(
        self, new_items: list[PendingItem], changed: dict[int, _Known], seen: set[int]
    ) -> None:
        self._create_items(new_items)
        if changed:
            items = [e.item for e in changed.values() if isinstance(e.item, Item)]  # all are
            for item in items:
                item.last_seen_run = self.run
            Item.objects.bulk_update(items, [*ITEM_FIELDS, "deleted_on_platform_at"])
        seen -= set(changed)
        if seen:
            Item.objects.filter(pk__in=seen).update(last_seen_run=self.run)
        self._create_versions()
        if new_items:  # keys handed out in one run (bulk.next_ids), all written just now
            search.index_written(new_items[0].id or 0, new_items[-1].id or 0)
        search.reindex([(entry.indexed, entry.item) for entry in changed.values()])

    def mark_absent(self, collections: set[str]) -> None:
        """Items of complete collections this export no longer holds: deleted, seen now."""
        if not collections:
            return
        absent = (
            Item.objects.filter(
                organisation=self.organisation,
                channel_id=self.channel.id,
                source=self.importer.name,
                collection__in=collections,
                deleted_seen_at=None,
            )
            .exclude(last_seen_run=self.run)
            .order_by("pk")
        )
        while batch := list(absent[:BATCH]):
            last = dict(
                ItemVersion.objects.filter(item__in=batch)
                .values("item_id")
                .annotate(last=Max("number"))
                .values_list("item_id", "last")
            )
            for item in batch:
                self._mark_deleted(item, None, last.get(item.pk, 0) + 1)
                item.last_seen_run = self.run  # not absent a second time in this loop
            Item.objects.bulk_update(
                batch, ["deleted_seen_at", "deleted_on_platform_at", "last_seen_run"]
            )
            self._create_versions()

    def finish(self) -> ImportRun:
        self.flush()
        self.head.save()
        for key, value in self.counts.items():
            setattr(self.run, key, value)
        self.run.finished_at = timezone.now()
        self.run.save()
        return self.run


def _apply(item: AnyItem, record: Record, handle: str, number: int) -> None:
    item.kind = record.kind
    item.author_kind = record.author_kind
    item.author_handle = handle[:300]
    item.text = record.text
    item.language = record.language
    item.published_at = record.published_at
    item.in_reply_to = record.in_reply_to[:300]
    item.thread_id = record.thread_id[:300]
    item.url = record.url[:1000]
    item.counts = dict(record.counts)
    item.current_version = number
