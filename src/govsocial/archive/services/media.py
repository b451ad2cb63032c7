"""An item's photos and videos, kept through Django's storage API.

Each file goes to `storages["default"]` (the data folder, or an object store)
under its SHA-256, so the same file of several items or imports is kept once;
a file over GOVSOCIAL_MAX_MEDIA_BYTES is listed but not kept. The storage is
not part of the database transaction: an import that fails removes the files
it added, and a destruction the files of its items, each only when no row
names it any more (`remove_unused`). A run that finds a file kept already and
names it in a row holds the organisation's media lock (`hold_media`) from then
until it commits, and so does the removal: one of them sees the other's work,
so a file is never removed from under a row that names it. Each row is a link
of its channel's hash chain (`chain.link_media`), so `archive verify` notices a
row changed, removed or added; `check` reads every kept file back for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from govsocial.core.models import Organisation

from ..importers.base import Importer, Record
from ..importers.files import CHUNK, Entry, Export
from ..importers.media import index_of
from ..models import Item, MediaFile
from .chain import link_media

if TYPE_CHECKING:
    from .capture import Writer

DEFAULT_MAX_MEDIA_BYTES = 200 * 1024 * 1024
BATCH = 500
MEDIA_LOCK = 0x4D454449  # the first key of PostgreSQL's advisory lock, "MEDI"; the second: the org


def hold_media(organisation: Organisation) -> None:
    """In a transaction: until it ends, no other transaction links or removes a kept file
    of the organisation. PostgreSQL: an advisory lock; SQLite: the write lock every
    transaction here takes at its start (IMMEDIATE) does it already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [MEDIA_LOCK, organisation.pk])


def remove_unused(organisation: Organisation, names: Iterable[str]) -> None:
    """Remove the kept files among `names` that no row names (any more). Without the
    database (a failure that lost the connection) they stay: a file no row names costs
    room, a file removed from under a row would be a record lost."""
    wanted = set(names) - {""}
    if not wanted:
        return
    store = storage()
    with contextlib.suppress(DatabaseError), transaction.atomic():
        hold_media(organisation)
        used = set(
            MediaFile.objects.filter(
                organisation=organisation, storage_name__in=wanted
            ).values_list("storage_name", flat=True)
        )
        for name in sorted(wanted - used):
            store.delete(name)


def storage() -> Storage:
    return storages["default"]


def max_media_bytes() -> int:
    return int(getattr(settings, "GOVSOCIAL_MAX_MEDIA_BYTES", DEFAULT_MAX_MEDIA_BYTES))


def storage_name(organisation: Organisation, sha256: str, origin: str) -> str:
    suffix = PurePosixPath(origin).suffix.lower()[:10]
    return f"archive/{organisation.pk}/{sha256[:2]}/{sha256}{suffix}"


@dataclass(frozen=True)
class _Kept:
    external_id: str
    origin: str
    storage_name: str
    sha256: str
    size: int
    content_type: str


class Keeper:
    """Stores the media of the records an import reads, and lists them per item."""

    def __init__(self, organisation: Organisation, importer: Importer, export: Export) -> None:
        self.organisation, self.importer, self.export = organisation, importer, export
        self.store, self.limit = storage(), max_media_bytes()
        self.pending: list[_Kept] = []
        self.added: list[str] = []  # names this import wrote, removed if it fails

    def collect(self, record: Record) -> None:
        if not self.export.is_zip:
            return
        for entry in self.importer.media(record, index_of(self.export)):
            self.pending.append(self._keep(record.external_id, entry))

    def _keep(self, external_id: str, entry: Entry) -> _Kept:
        content_type = mimetypes.guess_type(entry.name)[0] or "application/octet-stream"
        if entry.size > self.limit:
            return _Kept(external_id, entry.name, "", "", entry.size, content_type)
        digest, size = hashlib.sha256(), 0
        with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool:
            for chunk in entry.chunks():
                size += len(chunk)
                if size > self.limit:  # the ZIP said less than it holds
                    return _Kept(external_id, entry.name, "", "", size, content_type)
                digest.update(chunk)
                spool.write(chunk)
            sha = digest.hexdigest()
            name = storage_name(self.organisation, sha, entry.name)
            if not self.store.exists(name):
                spool.seek(0)
                saved = self.store.save(name, File(spool, name=name))
                self.added.append(saved)
                name = saved
        return _Kept(external_id, entry.name, name, sha, size, content_type)

    def flush(self, writer: Writer) -> None:
        """Link what was kept to the items (which the writer has flushed by now), each
        new row a link of the channel's hash chain after the writer's (`chain.link_media`)."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        channel_id, run = writer.channel.id, writer.run
        items = dict(
            Item.objects.filter(
                organisation=self.organisation,
                channel_id=channel_id,
                source=self.importer.name,
                external_id__in={k.external_id for k in batch},
            ).values_list("external_id", "pk")
        )
        known = set(
            MediaFile.objects.filter(
                organisation=self.organisation, item_id__in=items.values()
            ).values_list("item_id", "origin")
        )
        rows = {}
        for kept in batch:
            item_id = items.get(kept.external_id)
            if item_id is None or (item_id, kept.origin) in known:
                continue
            rows[(item_id, kept.origin)] = (
                kept.external_id,
                MediaFile(
                    organisation=self.organisation,
                    item_id=item_id,
                    origin=kept.origin[:500],
                    storage_name=kept.storage_name,
                    sha256=kept.sha256,
                    size=kept.size,
                    content_type=kept.content_type[:100],
                    run=run,
                ),
            )
        for external_id, media in rows.values():
            link_media(writer.head, media, self.importer.name, external_id, writer.now)
        MediaFile.objects.bulk_create(media for _external_id, media in rows.values())

    def discard(self) -> None:
        """The import failed: remove the files it wrote, unless another run names them."""
        remove_unused(self.organisation, self.added)
        self.added = []


@dataclass(frozen=True)
class MediaProblem:
    channel_id: int
    item_id: int
    origin: str
    kind: str  # "changed" or "removed"


def check(organisation: Organisation) -> Iterator[MediaProblem]:
    """Every kept media file read back from the storage and hashed again."""
    store = storage()
    rows = (
        MediaFile.objects.filter(organisation=organisation)
        .exclude(storage_name="")
        .values_list("item__channel_id", "item_id", "origin", "storage_name", "sha256")
        .order_by("pk")
    )
    for channel_id, item_id, origin, name, sha in rows.iterator(chunk_size=2000):
        try:
            digest = hashlib.sha256()
            with store.open(name, "rb") as stream:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
        except (FileNotFoundError, OSError):
            yield MediaProblem(channel_id, item_id, origin, "removed")
            continue
        if digest.hexdigest() != sha:
            yield MediaProblem(channel_id, item_id, origin, "changed")


def describe(problem: MediaProblem) -> str:
    if problem.kind == "removed":
        return _("media file %(file)s of item %(item)s is missing from the storage") % {
            "file": problem.origin,
            "item": problem.item_id,
        }
    return _("media file %(file)s of item %(item)s no longer matches its SHA-256") % {
        "file": problem.origin,
        "item": problem.item_id,
    }


def media_of(organisation: Organisation, item_id: int) -> list[MediaFile]:
    return list(MediaFile.objects.filter(organisation=organisation, item_id=item_id).order_by("pk"))


def forget(organisation: Organisation, item_ids: set[int] | list[int]) -> None:
    """Destroyed items: their files leave the storage once the destruction is committed
    (unless another item names one then); the rows keep the name, size and SHA-256."""
    rows = MediaFile.objects.filter(organisation=organisation, item_id__in=item_ids).exclude(
        storage_name=""
    )
    names = set(rows.values_list("storage_name", flat=True))
    if not names:
        return
    rows.update(storage_name="")
    transaction.on_commit(lambda: remove_unused(organisation, names))
