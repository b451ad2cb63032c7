"""The photos and videos of a disclosure package.

Per item, each `MediaFile` is one of:

- included: a disclosed item's kept file (or a partly disclosed item's the officer
  released), in the ZIP as `media/<sha256><ext>` (once, however many items share it),
  streamed from the storage and hashed on the way; a file whose bytes no longer match
  its SHA-256 in the archive (or that is gone from the storage) stops the package with
  a message naming it (`MediaUnusable`, nothing written): a records request never gets a file the archive cannot vouch
  for, and `archive verify` tells the rest;
- withheld: a withheld item's, or a partly disclosed item's not released, on the
  item's grounds (counted, never named: a file name can say what the photo shows);
- not kept: a disclosed item's file the archive lists but does not hold (over the
  size cap, or a sync's streamed video).
"""

from __future__ import annotations

import hashlib
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govsocial.core.models import Organisation

from ..importers.errors import ArchiveError
from ..importers.files import CHUNK
from ..models import MediaFile
from .disclosure import Shown, media_withheld
from .media import storage

INCLUDED, WITHHELD, NOT_KEPT = "included", "withheld", "not kept"


@dataclass(frozen=True)
class Shared:
    """One media file of an item as the package shows it."""

    origin: str
    status: str
    file: str  # the ZIP entry, for an included file
    sha256: str
    size: int
    content_type: str
    record_hash: str  # its link in the channel's hash chain
    storage_name: str
    pk: int  # the MediaFile's, for the officer's page


@dataclass
class ItemMedia:
    files: list[Shared] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def included(self) -> list[Shared]:
        return [f for f in self.files if f.status == INCLUDED]

    def as_json(self) -> dict[str, Any]:
        """The item's row in items.jsonl: the included files and what stayed out."""
        return {
            "media": [
                {"file": f.file, "sha256": f.sha256, "size": f.size, "content_type": f.content_type}
                for f in self.included
            ],
            "media_withheld": self.count(WITHHELD),
            "media_not_kept": [f.origin for f in self.files if f.status == NOT_KEPT],
        }

    def as_columns(self) -> dict[str, Any]:
        """items.csv and the inventory: the included files' names and the counts."""
        return {
            "media_files": " ".join(f.file for f in self.included),
            "media_included": self.count(INCLUDED),
            "media_withheld": self.count(WITHHELD),
            "media_not_kept": self.count(NOT_KEPT),
        }

    def summary(self) -> str:
        """For the inventory PDF: "2 included, 1 withheld", or "—"."""
        parts = []
        for status, one in (
            (INCLUDED, lambda n: ngettext("%(n)s included", "%(n)s included", n)),
            (WITHHELD, lambda n: ngettext("%(n)s withheld", "%(n)s withheld", n)),
            (NOT_KEPT, lambda n: ngettext("%(n)s not kept", "%(n)s not kept", n)),
        ):
            n = self.count(status)
            if n:
                parts.append(one(n) % {"n": n})
        return ", ".join(parts) or "—"

    def lines(self) -> list[str]:
        """For the conversation PDF: the included files by name, and what stayed out."""
        lines = []
        if self.included:
            lines.append(
                _("Photos and videos: %(files)s")
                % {"files": ", ".join(f.file for f in self.included)}
            )
        withheld, not_kept = self.count(WITHHELD), self.count(NOT_KEPT)
        if withheld:
            lines.append(
                ngettext(
                    "%(n)s photo or video withheld",
                    "%(n)s photos or videos withheld",
                    withheld,
                )
                % {"n": withheld}
            )
        if not_kept:
            lines.append(
                ngettext(
                    "%(n)s photo or video not kept by the archive",
                    "%(n)s photos or videos not kept by the archive",
                    not_kept,
                )
                % {"n": not_kept}
            )
        return lines


class MediaUnusable(ArchiveError):
    """A media file the package cannot vouch for; its message is made when read, so it is
    in the language of whoever reads it (the package is written in its own language)."""

    def __init__(self, origin: str, *, missing: bool) -> None:
        Exception.__init__(self, origin)
        self.origin, self.missing = origin, missing

    @property
    def message(self) -> str:  # type: ignore[override]
        if self.missing:
            text = _(
                "Media file %(file)s is missing from the archive's storage; the package was "
                "not written. Run “archive verify”, then withhold the item or restore the file "
                "from a backup."
            )
        else:
            text = _(
                "Media file %(file)s no longer matches its SHA-256 in the archive; the package "
                "was not written. Run “archive verify”, then withhold the item or restore the "
                "file from a backup."
            )
        return text % {"file": self.origin}

    def __str__(self) -> str:
        return self.message


def zip_name(sha256: str, origin: str) -> str:
    suffix = PurePosixPath(origin).suffix.lower()[:10]
    return f"media/{sha256}{suffix}"


def plan(organisation: Organisation, items: list[Shown]) -> dict[int, ItemMedia]:
    """Every disclosed item's media with what the package does with each."""
    by_item = {one.item.pk: one for one in items}
    result: dict[int, ItemMedia] = {}
    ids = list(by_item)
    for start in range(0, len(ids), 500):
        rows = (
            MediaFile.objects.filter(
                organisation=organisation, item_id__in=ids[start : start + 500]
            )
            .order_by("item_id", "pk")
            .values_list(
                "item_id", "origin", "storage_name", "sha256", "size", "content_type",
                "record_hash", "pk",
            )
        )  # fmt: skip
        for item_id, origin, name, sha, size, content_type, record_hash, pk in rows:
            if media_withheld(by_item[item_id]):
                status = WITHHELD
            elif not name:
                status = NOT_KEPT
            else:
                status = INCLUDED
            result.setdefault(item_id, ItemMedia()).files.append(
                Shared(
                    origin, status, zip_name(sha, origin) if status == INCLUDED else "", sha,
                    size, content_type, record_hash, name, pk,
                )
            )  # fmt: skip
    return result


def write(archive: zipfile.ZipFile, sums: dict[str, str], media: Iterable[ItemMedia]) -> int:
    """Every included file into the ZIP (stored: photos and videos are compressed already),
    read from the storage a chunk at a time and checked against its SHA-256; returns how
    many files were written."""
    store, written = storage(), 0
    for one in media:
        for shared in one.included:
            if shared.file in sums:
                continue
            info = zipfile.ZipInfo(shared.file, date_time=time.localtime()[:6])
            info.compress_type = zipfile.ZIP_STORED
            digest = hashlib.sha256()
            try:
                with (
                    store.open(shared.storage_name, "rb") as source,
                    archive.open(info, "w", force_zip64=True) as out,
                ):
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            except (FileNotFoundError, OSError) as error:
                raise MediaUnusable(shared.origin, missing=True) from error
            if digest.hexdigest() != shared.sha256:
                raise MediaUnusable(shared.origin, missing=False)
            sums[shared.file] = shared.sha256
            written += 1
    return written
