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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from govsocial.core.models import Organisation

from ..importers.base import ORGANISATION, Importer, Record
from ..models import ChainHead, ImportRun, Item, ItemVersion, RawPayload
from . import bulk, search
from .chain import GENESIS, canonical, content_hash, link

BATCH = 2000  # records per round trip; memory stays bounded by it
ITEM_FIELDS = (
    "kind", "author_kind", "author_handle", "text", "language", "published_at", "in_reply_to",
    "thread_id", "url", "counts", "current_version", "last_seen_run", "deleted_seen_at",
)  # fmt: skip
# A version waiting for its batch: its item (whose key may come only then), then these.
VERSION_FIELDS = (
    "number", "event", "text", "language", "fields", "content_hash", "raw_id", "edited_at",
    "origin", "sequence", "previous_hash", "record_hash",
)  # fmt: skip
Event = ItemVersion.Event


class PendingItem(bulk.Pending):
    """A new item of this batch, written with `bulk.insert` (no model instance)."""

    ATTNAMES = tuple(f.attname for f in Item._meta.concrete_fields)
    DEFAULTS = {
        f.attname: f.get_default()
        for f in Item._meta.concrete_fields
        if not (f.has_default() and callable(f.default))
    }
    FACTORIES = {
        f.attname: f.default
        for f in Item._meta.concrete_fields
        if f.has_default() and callable(f.default)
    }

    @property
    def pk(self) -> int | None:
        return self.id

    def model(self) -> Item:
        return Item(**{name: getattr(self, name) for name in self.ATTNAMES})


AnyItem = Item | PendingItem


@dataclass(frozen=True)
class Channel:
    id: int
    platform: str
    handle: str


@dataclass
class _Known:
    """What the batch knows about one item: the row and its versions' hashes."""

    item: AnyItem
    hashes: set[str]
    versions: int
    current_edited: datetime | None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _fields(record: Record, handle: str) -> dict[str, Any]:
    return {
        "kind": record.kind,
        "author_kind": record.author_kind,
        "author_handle": handle,
        "published_at": _iso(record.published_at),
        "in_reply_to": record.in_reply_to,
        "thread_id": record.thread_id,
        "url": record.url,
        "extra": dict(record.extra),
    }


@contextmanager
def few_collections() -> Iterator[None]:
    """An import makes millions of short-lived objects and no cycles worth a full
    pass: Python's cycle collector would cost a sixth of its time. It runs once a
    batch instead (`Writer.add`, after a flush), so memory stays flat."""
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
        self.now = timezone.now()
        self.captured_iso = self.now.isoformat(timespec="microseconds")
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
        raw_id: int | None,
        edited_at: datetime | None,
        fields: dict[str, Any],
        raw_sha: str,
    ) -> None:
        head = self.head
        head.sequence += 1
        record_bytes = canonical(
            channel_id=self.channel.id,
            source=self.importer.name,
            external_id=item.external_id,
            number=number,
            event=event,
            content=digest,
            raw_sha256=raw_sha,
            captured_at=self.captured_iso,
            origin=origin,
            importer_version=self.importer.version,
        )
        previous = head.record_hash
        head.record_hash = link(previous, record_bytes)
        self.versions.append(
            (item, number, event, text, language, fields, digest, raw_id, edited_at, origin,
             head.sequence, previous, head.record_hash)
        )  # fmt: skip

    # -- records -------------------------------------------------------------------
    def add(self, record: Record) -> None:
        if not self.pending and not gc.isenabled():
            gc.collect(1)  # the last batch is gone, however flushed: little left to look at
        self.pending.append(record)
        self.records += 1
        if len(self.pending) >= BATCH:
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
        by_id = {item.pk: _Known(item, set(), 0, None) for item in Item.objects.filter(pk__in=ids)}
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

    def _raws(self, batch: list[Record], shas: list[str]) -> dict[str, int]:
        digests = dict(zip(shas, batch, strict=True))
        keys = list(digests)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sha256, id FROM archive_rawpayload WHERE organisation_id = %s "
                f"AND sha256 IN ({', '.join(['%s'] * len(keys))})",
                [self.organisation.pk, *keys],
            )
            found: dict[str, int] = dict(cursor.fetchall())
        missing = [(d, r) for d, r in digests.items() if d not in found]
        if not missing:
            return found
        if not bulk.fast():
            created = RawPayload.objects.bulk_create(
                RawPayload(
                    organisation=self.organisation,
                    sha256=d,
                    media_type=r.media_type,
                    size=len(r.raw),
                    data=r.raw,
                )  # fmt: skip
                for d, r in missing
            )
            found.update((raw.sha256, raw.pk) for raw in created)
            return found
        ids = bulk.next_ids(RawPayload, len(missing))
        org = self.organisation.pk
        bulk.insert_rows(
            RawPayload,
            ["id", "organisation", "sha256", "media_type", "size", "data"],
            [(pk, org, d, r.media_type, len(r.raw), r.raw)
             for pk, (d, r) in zip(ids, missing, strict=True)],
        )  # fmt: skip
        found.update(zip((d for d, _r in missing), ids, strict=True))
        return found

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        shas = [hashlib.sha256(r.raw).hexdigest() for r in batch]
        known, raws = self._known(batch), self._raws(batch, shas)
        new_items: list[PendingItem] = []
        changed: dict[int, Item] = {}
        seen: set[int] = set()
        own_handle = self.channel.handle
        for record, raw_sha in zip(batch, shas, strict=True):
            handle = record.author_handle or (
                own_handle if record.author_kind == ORGANISATION else ""
            )
            fields = _fields(record, handle)
            digest = content_hash(record.text, record.language, fields)
            entry = known.get(record.external_id)
            if entry is None:
                fresh = self._new_item(record, handle)
                new_items.append(fresh)
                entry = known[record.external_id] = _Known(fresh, {digest}, 1, record.edited_at)
                self._content_version(
                    fresh, 1, Event.CAPTURED, record, fields, digest, raw_sha, raws
                )
                self.counts["new"] += 1
                if record.deleted_at:
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
                self._content_version(
                    item, entry.versions, Event.EDITED, record, fields, digest, raw_sha, raws
                )
                self.counts["new_versions"] += 1
                if (
                    entry.current_edited is None
                    or record.edited_at is None
                    or record.edited_at >= entry.current_edited
                ):
                    _apply(item, record, handle, entry.versions)
                    entry.current_edited = record.edited_at
                if isinstance(item, Item):
                    changed[item.pk] = item
            if record.deleted_at and item.deleted_seen_at is None:
                entry.versions += 1
                self._mark_deleted(item, record, entry.versions)
            elif (
                not record.deleted_at
                and item.deleted_seen_at
                and item.deleted_on_platform_at is None
            ):
                entry.versions += 1  # seen again after an export had lost it
                item.deleted_seen_at = None
                self._version(item, entry.versions, Event.RESTORED, record)
            else:
                continue
            if isinstance(item, Item):
                changed[item.pk] = item
        self._save(new_items, changed, seen)

    def _new_item(self, record: Record, handle: str) -> PendingItem:
        item = PendingItem(
            organisation_id=self.organisation.pk,
            channel_id=self.channel.id,
            source=self.importer.name,
            collection=record.collection,
            external_id=record.external_id[:300],
            first_captured_at=self.now,
            last_seen_run_id=self.run.pk,
        )
        _apply(item, record, handle, 1)
        return item

    def _content_version(
        self,
        item: AnyItem,
        number: int,
        event: str,
        record: Record,
        fields: dict[str, Any],
        digest: str,
        raw_sha: str,
        raws: dict[str, int],
    ) -> None:
        self._link(
            item, number, event, record.origin[:500], record.text, record.language, digest,
            raws[raw_sha], record.edited_at, fields, raw_sha,
        )  # fmt: skip

    def _mark_deleted(self, item: AnyItem, record: Record | None, number: int) -> None:
        item.deleted_seen_at = self.now
        item.deleted_on_platform_at = record.deleted_at if record else None
        self._version(item, number, Event.DELETED, record)
        self.counts["marked_deleted"] += 1

    def _create_items(self, new_items: list[PendingItem]) -> None:
        if not new_items:
            return
        if not bulk.fast():
            created = Item.objects.bulk_create([i.model() for i in new_items])
            for item, row in zip(new_items, created, strict=True):
                item.id = row.pk
            return
        for item, pk in zip(new_items, bulk.next_ids(Item, len(new_items)), strict=True):
            item.id = pk
        bulk.insert(Item, new_items)

    def _create_versions(self) -> None:
        versions, self.versions = self.versions, []
        if not versions:
            return
        org, channel, run = self.organisation.pk, self.channel.id, self.run.pk
        if not bulk.fast():
            ItemVersion.objects.bulk_create(
                ItemVersion(
                    organisation_id=org,
                    channel_id=channel,
                    item_id=item.pk,
                    run_id=run,
                    importer_version=self.importer.version,
                    captured_at=self.now,
                    **dict(zip(VERSION_FIELDS, rest, strict=True)),
                )  # fmt: skip
                for item, *rest in versions
            )
            return
        captured, version = bulk.db_datetime(self.now), self.importer.version
        when, as_json = bulk.db_datetime, bulk.db_json
        bulk.insert_rows(
            ItemVersion,
            ["organisation", "channel_id", "item", "run", "importer_version", "captured_at",
             *VERSION_FIELDS],
            [(org, channel, item.pk, run, version, captured, number, event, text, language,
              as_json(fields), digest, raw_id, edited and when(edited), origin, sequence,
              previous, record_hash)
             for (item, number, event, text, language, fields, digest, raw_id, edited, origin,
                  sequence, previous, record_hash) in versions],
        )  # fmt: skip

    def _save(self, new_items: list[PendingItem], changed: dict[int, Item], seen: set[int]) -> None:
        self._create_items(new_items)
        if changed:
            for item in changed.values():
                item.last_seen_run = self.run
            Item.objects.bulk_update(
                list(changed.values()), [*ITEM_FIELDS, "deleted_on_platform_at"]
            )
        seen -= set(changed)
        if seen:
            Item.objects.filter(pk__in=seen).update(last_seen_run=self.run)
        self._create_versions()
        search.index([*new_items, *changed.values()], replace=[i.pk for i in changed.values()])

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
