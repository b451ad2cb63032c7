"""The photos and videos an API sync reads: fetched from the platform's media host,
kept like an export's (Django's storage API, under their SHA-256), listed per item.

The sync fetches them after paging the API and before its transaction (no
transaction held open across the network). A file already kept for the item is
not fetched again; one over GOVSOCIAL_MAX_MEDIA_BYTES (declared or read) is
listed, not kept, as an import does. A file that cannot be fetched (an error
status, a timeout, an address that is not public, a Bluesky author's server not
found) does not stop the sync: it is listed as not kept with the reason, and the
next sync tries it again. A sync that fails as a whole removes the files it
wrote (`discard`).
"""

from __future__ import annotations

import mimetypes
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.core.files import File
from django.utils.translation import gettext as _

from govsocial.core.models import Organisation

from ..importers.base import Record
from ..importers.files import CHUNK
from ..models import ImportRun, Item, MediaFailure, MediaFile, MediaReason
from ..sync.base import RemoteMedia, Syncer
from ..sync.http import MediaClient, MediaRefused
from .chain import link_media
from .media import BATCH, max_media_bytes, media_of, remove_unused, storage, storage_name

if TYPE_CHECKING:
    from .capture import Writer

# What a later sync tries again (a MediaFailure); anything else is a MediaFile, written
# once: kept, over the size limit (as an import lists it), or a stream never fetched.
TRANSIENT = {
    MediaReason.STATUS.value,
    MediaReason.UNREACHABLE.value,
    MediaReason.REFUSED.value,
    MediaReason.UNRESOLVED.value,
}


@dataclass(frozen=True)
class Fetched:
    """One media file of a record, as this sync found it (kept or not, and why)."""

    external_id: str
    origin: str
    storage_name: str
    sha256: str
    size: int
    content_type: str
    description: str
    reason: str = ""
    detail: str = ""


def _suffix(url: str, content_type: str) -> str:
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    if 1 < len(suffix) <= 6 and suffix[1:].isalnum():
        return suffix
    return (mimetypes.guess_extension(content_type) or "")[:10]


def _content_type(media: RemoteMedia, header: str) -> str:
    if header and header not in ("application/octet-stream", "application/json", "text/plain"):
        return header
    guessed = mimetypes.guess_type(urlsplit(media.url).path)[0]
    return media.content_type or guessed or header or "application/octet-stream"


class SyncMedia:
    """What one sync fetches, links to its items, and removes again if it fails."""

    def __init__(self, organisation: Organisation, channel_id: int, syncer: Syncer) -> None:
        self.organisation, self.channel_id, self.syncer = organisation, channel_id, syncer
        self.store, self.limit = storage(), max_media_bytes()
        self.found: list[Fetched] = []
        self.located: dict[str, Any] = {}  # the syncer's look-ups (a Bluesky author's server)
        self.added: list[str] = []  # names this sync wrote, removed if it fails
        self.kept = self.not_kept = 0

    def fetch(self, records: Iterable[Record]) -> None:
        """Fetch the media of `records` the archive does not keep yet."""
        batch: list[tuple[str, RemoteMedia]] = []
        seen: set[tuple[str, str]] = set()
        with MediaClient() as client:
            for record in records:
                for media in self.syncer.remote_media(record):
                    key = (record.external_id[:300], media.origin[:500])
                    if key not in seen:
                        seen.add(key)
                        batch.append((key[0], media))
                if len(batch) >= BATCH:
                    self._fetch_batch(client, batch)
                    batch = []
            self._fetch_batch(client, batch)

    def _known(self, external_ids: set[str]) -> set[tuple[str, str]]:
        """The (item, origin) pairs listed already: kept, over the limit, or a stream."""
        return set(
            MediaFile.objects.filter(
                organisation=self.organisation,
                item__channel_id=self.channel_id,
                item__source=self.syncer.name,
                item__external_id__in=external_ids,
            ).values_list("item__external_id", "origin")
        )

    def _fetch_batch(self, client: MediaClient, batch: list[tuple[str, RemoteMedia]]) -> None:
        if not batch:
            return
        external_ids = {external_id for external_id, _m in batch}
        known = self._known(external_ids)
        destroyed = set(
            Item.objects.filter(
                organisation=self.organisation, channel_id=self.channel_id,
                source=self.syncer.name, external_id__in=external_ids,
                destroyed_at__isnull=False,
            ).values_list("external_id", flat=True)
        )  # fmt: skip
        for external_id, media in batch:
            if (external_id, media.origin[:500]) in known or external_id in destroyed:
                continue  # a MediaFile does not change: kept, or never to be kept
            fetched = self._one(client, external_id, media)
            self.found.append(fetched)
            if fetched.storage_name:
                self.kept += 1
            else:
                self.not_kept += 1

    def _one(self, client: MediaClient, external_id: str, media: RemoteMedia) -> Fetched:
        listed = Fetched(
            external_id, media.origin[:500], "", "", 0,
            _content_type(media, ""), media.description,
        )  # fmt: skip
        if media.skip:
            return replace(listed, reason=media.skip)
        if media.size > self.limit:  # declared: not even asked for
            return replace(listed, reason=MediaReason.TOO_LARGE.value, size=media.size)
        with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool:
            try:
                url = media.url or self.syncer.locate(media, client, self.located)
                sha, size, header = client.download(url, spool, self.limit)
            except MediaRefused as refused:
                return replace(
                    listed, reason=refused.reason, detail=refused.detail, size=refused.size
                )
            content_type = _content_type(media, header)
            name = storage_name(self.organisation, sha, "file" + _suffix(url, content_type))
            if not self.store.exists(name):
                spool.seek(0)
                name = self.store.save(name, File(spool, name=name))
                self.added.append(name)
        return replace(listed, storage_name=name, sha256=sha, size=size, content_type=content_type)

    def link(self, writer: Writer) -> None:
        """List what was found with the items (which the writer has flushed by now), each
        new MediaFile a link of the channel's hash chain after the writer's, as an import's."""
        for start in range(0, len(self.found), BATCH):
            self._link_batch(self.found[start : start + BATCH], writer)

    def _link_batch(self, batch: list[Fetched], writer: Writer) -> None:
        run = writer.run
        items = dict(
            Item.objects.filter(
                organisation=self.organisation,
                channel_id=self.channel_id,
                source=self.syncer.name,
                external_id__in={f.external_id for f in batch},
            ).values_list("external_id", "pk")
        )
        failures = {
            (row.item_id, row.origin): row
            for row in MediaFailure.objects.filter(
                organisation=self.organisation, item_id__in=items.values()
            )
        }
        rows: list[tuple[str, MediaFile]] = []
        for fetched in batch:
            item_id = items.get(fetched.external_id)
            if item_id is None:
                continue
            fetched = self._still_kept(fetched)
            failure = failures.pop((item_id, fetched.origin), None)
            if fetched.reason in TRANSIENT:
                self._failed(failure, fetched, item_id, run)
                continue
            if failure is not None:
                failure.delete()  # kept (or found too large) at last
            rows.append((fetched.external_id, MediaFile(
                organisation=self.organisation, item_id=item_id, origin=fetched.origin,
                storage_name=fetched.storage_name, sha256=fetched.sha256, size=fetched.size,
                content_type=fetched.content_type[:100], reason=fetched.reason,
                description=fetched.description, run=run,
            )))  # fmt: skip
        for external_id, media in rows:
            link_media(writer.head, media, self.syncer.name, external_id, writer.now)
        MediaFile.objects.bulk_create(media for _external_id, media in rows)

    def _still_kept(self, fetched: Fetched) -> Fetched:
        """The file as the row may name it: between this sync's fetch and its transaction
        (which holds the media lock, services.media) another run may have removed a file
        it found kept already; then it is listed as not fetched, and the next sync tries
        it again."""
        if not fetched.storage_name or self.store.exists(fetched.storage_name):
            return fetched
        self.kept, self.not_kept = self.kept - 1, self.not_kept + 1
        return replace(
            fetched, storage_name="", sha256="", reason=MediaReason.UNREACHABLE.value,
            detail="removed from the archive's storage during the sync",
        )  # fmt: skip

    def _failed(
        self, failure: MediaFailure | None, fetched: Fetched, item_id: int, run: ImportRun
    ) -> None:
        failure = failure or MediaFailure(
            organisation=self.organisation, item_id=item_id, origin=fetched.origin
        )
        failure.reason, failure.detail = fetched.reason, fetched.detail[:200]
        failure.content_type = fetched.content_type[:100]
        failure.description, failure.run = fetched.description, run
        failure.save()

    def discard(self) -> None:
        """The sync failed: remove the files it wrote, unless another run names them."""
        remove_unused(self.organisation, self.added)
        self.added = []


def reason_text(row: MediaFile | MediaFailure) -> str:
    """Why a listed file is not kept, in the person's language ("" when it is kept)."""
    if getattr(row, "storage_name", ""):
        return ""
    if not row.reason or row.reason == MediaReason.TOO_LARGE:
        return _("not kept: larger than the limit")
    detail = getattr(row, "detail", "") or "?"
    if row.reason == MediaReason.STATUS:
        return _("not kept: the media host answered with status %(status)s") % {"status": detail}
    if row.reason == MediaReason.UNREACHABLE:
        return _("not kept: the media host could not be reached (%(error)s)") % {"error": detail}
    if row.reason == MediaReason.REFUSED:
        return _("not kept: not a public https address")
    if row.reason == MediaReason.UNRESOLVED:
        return _("not kept: the author's server could not be found (%(error)s)") % {"error": detail}
    return _("not kept: a streamed video, which the archive does not fetch")


def _explained(rows: list[Any]) -> list[Any]:
    for row in rows:
        row.reason_text = reason_text(row)
    return rows


def listed(organisation: Organisation, item_id: int) -> list[MediaFile | MediaFailure]:
    """An item's photos and videos as its page lists them: the files (kept or not),
    then those a sync could not fetch yet; each with `reason_text`."""
    failures = MediaFailure.objects.filter(organisation=organisation, item_id=item_id)
    return _explained([*media_of(organisation, item_id), *failures.order_by("pk")])


def not_kept(organisation: Organisation, run_id: int) -> list[MediaFile | MediaFailure]:
    """What a sync listed but did not keep, with items and `reason_text` (at most 100)."""
    files = MediaFile.objects.filter(organisation=organisation, run_id=run_id, storage_name="")
    failures = MediaFailure.objects.filter(organisation=organisation, run_id=run_id)
    rows = [
        *files.exclude(reason="").select_related("item").order_by("pk")[:100],
        *failures.select_related("item").order_by("pk")[:100],
    ]
    return _explained(rows[:100])


def forget(organisation: Organisation, item_ids: set[int] | list[int]) -> None:
    """Destroyed items: no sync tries their files again, and their alt texts go."""
    MediaFailure.objects.filter(organisation=organisation, item_id__in=item_ids).delete()
    MediaFile.objects.filter(organisation=organisation, item_id__in=item_ids).exclude(
        description=""
    ).update(description="")
