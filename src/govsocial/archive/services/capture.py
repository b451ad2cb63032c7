"""Writing what an importer reads: new items, new versions, deletions seen.

Records are written in batches, so memory stays flat however large the
export: each batch looks up only its own items. An item whose content hash
matches any of its versions is unchanged (re-importing adds nothing, and an
older export does not undo a newer one); otherwise the record becomes a new
version. After the whole export, the items of a complete collection that the
export no longer holds are marked deleted, with the date seen.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone

from govsocial.core.models import Organisation

from ..importers.base import ORGANISATION, Importer, Record
from ..models import ChainHead, ImportRun, Item, ItemVersion, RawPayload
from . import search
from .chain import GENESIS, canonical, content_hash, link

BATCH = 500
ITEM_FIELDS = (
    "kind", "author_kind", "author_handle", "text", "language", "published_at", "in_reply_to",
    "thread_id", "url", "counts", "current_version", "last_seen_run", "deleted_seen_at",
)  # fmt: skip
Event = ItemVersion.Event


@dataclass(frozen=True)
class Channel:
    id: int
    platform: str
    handle: str


@dataclass
class _Known:
    """What the batch knows about one item: the row and its versions' hashes."""

    item: Item
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


class Writer:
    def __init__(
        self, organisation: Organisation, channel: Channel, importer: Importer, origin: str, by: str
    ) -> None:
        self.organisation, self.channel, self.importer = organisation, channel, importer
        self.now = timezone.now()
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
        self.versions: list[ItemVersion] = []
        self.records = 0
        self.counts = {"new": 0, "new_versions": 0, "marked_deleted": 0, "unchanged": 0}

    # -- the chain ---------------------------------------------------------------
    def _version(
        self, item: Item, number: int, event: str, record: Record | None, **values: Any
    ) -> ItemVersion:
        raw_sha = values.pop("raw_sha", "")
        self.head.sequence += 1
        origin = (record.origin if record else self.run.origin)[:500]
        content = values.get("content_hash", "")
        record_bytes = canonical(
            channel_id=self.channel.id,
            source=self.importer.name,
            external_id=item.external_id,
            number=number,
            event=event,
            content=content,
            raw_sha256=raw_sha,
            captured_at=self.now,
            origin=origin,
            importer_version=self.importer.version,
        )
        record_hash = link(self.head.record_hash, record_bytes)
        version = ItemVersion(
            organisation=self.organisation,
            channel_id=self.channel.id,
            item=item,
            number=number,
            event=event,
            run=self.run,
            origin=origin,
            importer_version=self.importer.version,
            captured_at=self.now,
            sequence=self.head.sequence,
            previous_hash=self.head.record_hash,
            record_hash=record_hash,
            **values,
        )
        self.head.record_hash = record_hash
        self.versions.append(version)
        return version

    # -- records -------------------------------------------------------------------
    def add(self, record: Record) -> None:
        self.pending.append(record)
        self.records += 1
        if len(self.pending) >= BATCH:
            self.flush()

    def _known(self, batch: list[Record]) -> dict[str, _Known]:
        items = Item.objects.filter(
            organisation=self.organisation,
            channel_id=self.channel.id,
            source=self.importer.name,
            external_id__in={r.external_id for r in batch},
        )
        known = {item.external_id: _Known(item, set(), 0, None) for item in items}
        by_id = {k.item.pk: k for k in known.values()}
        rows = ItemVersion.objects.filter(item_id__in=by_id).values_list(
            "item_id", "content_hash", "number", "edited_at"
        )
        for item_id, digest, number, edited in rows:
            entry = by_id[item_id]
            entry.hashes.add(digest)
            entry.versions = max(entry.versions, number)
            if number == entry.item.current_version:
                entry.current_edited = edited
        return known

    def _raws(self, batch: list[Record]) -> dict[str, int]:
        digests = {hashlib.sha256(r.raw).hexdigest(): r for r in batch}
        found = dict(
            RawPayload.objects.filter(
                organisation=self.organisation, sha256__in=digests
            ).values_list("sha256", "pk")
        )
        missing = [
            RawPayload(
                organisation=self.organisation,
                sha256=d,
                media_type=r.media_type,
                size=len(r.raw),
                data=r.raw,
            )
            for d, r in digests.items()
            if d not in found
        ]
        for raw in RawPayload.objects.bulk_create(missing):
            found[raw.sha256] = raw.pk
        return found

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        known, raws = self._known(batch), self._raws(batch)
        new_items: list[Item] = []
        changed: dict[int, Item] = {}
        seen: set[int] = set()
        for record in batch:
            handle = record.author_handle or (
                self.channel.handle if record.author_kind == ORGANISATION else ""
            )
            fields = _fields(record, handle)
            digest = content_hash(record.text, record.language, fields)
            raw_sha = hashlib.sha256(record.raw).hexdigest()
            entry = known.get(record.external_id)
            if entry is None:
                item = self._new_item(record, handle)
                new_items.append(item)
                entry = known[record.external_id] = _Known(item, {digest}, 1, record.edited_at)
                self._content_version(
                    item, 1, Event.CAPTURED, record, fields, digest, raw_sha, raws
                )
                self.counts["new"] += 1
                if record.deleted_at:
                    entry.versions += 1
                    self._mark_deleted(item, record, entry.versions)
                continue
            item = entry.item
            if digest in entry.hashes:
                self.counts["unchanged"] += 1
                if item.pk:
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
                if item.pk:
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
            if item.pk:
                changed[item.pk] = item
        self._save(new_items, changed, seen)

    def _new_item(self, record: Record, handle: str) -> Item:
        item = Item(
            organisation=self.organisation,
            channel_id=self.channel.id,
            source=self.importer.name,
            collection=record.collection,
            external_id=record.external_id[:300],
            first_captured_at=self.now,
            last_seen_run=self.run,
        )
        _apply(item, record, handle, 1)
        return item

    def _content_version(
        self,
        item: Item,
        number: int,
        event: str,
        record: Record,
        fields: dict[str, Any],
        digest: str,
        raw_sha: str,
        raws: dict[str, int],
    ) -> None:
        self._version(
            item, number, event, record,
            text=record.text, language=record.language, fields=fields, content_hash=digest,
            raw_id=raws[raw_sha], raw_sha=raw_sha, edited_at=record.edited_at,
        )  # fmt: skip

    def _mark_deleted(self, item: Item, record: Record | None, number: int) -> None:
        item.deleted_seen_at = self.now
        item.deleted_on_platform_at = record.deleted_at if record else None
        self._version(item, number, Event.DELETED, record)
        self.counts["marked_deleted"] += 1

    def _save(self, new_items: list[Item], changed: dict[int, Item], seen: set[int]) -> None:
        Item.objects.bulk_create(new_items)
        if changed:
            for item in changed.values():
                item.last_seen_run = self.run
            Item.objects.bulk_update(
                list(changed.values()), [*ITEM_FIELDS, "deleted_on_platform_at"]
            )
        seen -= set(changed)
        if seen:
            Item.objects.filter(pk__in=seen).update(last_seen_run=self.run)
        ItemVersion.objects.bulk_create(self.versions)
        self.versions = []
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
            ItemVersion.objects.bulk_create(self.versions)
            self.versions = []

    def finish(self) -> ImportRun:
        self.flush()
        self.head.save()
        for key, value in self.counts.items():
            setattr(self.run, key, value)
        self.run.finished_at = timezone.now()
        self.run.save()
        return self.run


def _apply(item: Item, record: Record, handle: str, number: int) -> None:
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
