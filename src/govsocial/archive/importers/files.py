"""Opening an export: a ZIP read entry by entry, or a single file, with limits.

A ZIP is checked from its central directory before anything is read: an entry
that would land outside the folder (absolute path, "..", a drive letter), a
total or per-entry size beyond the limits, or a compression ratio only a ZIP
bomb reaches is refused with a message in the person's language. While
reading, the bytes actually produced are counted too, so a ZIP that lies about
its sizes is stopped at the limit.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ArchiveError

MIB = 1024 * 1024
CHUNK = 1 * MIB
HEAD = 64 * 1024


@dataclass(frozen=True)
class Limits:
    total_bytes: int = 4096 * MIB  # everything an export may unpack to
    entry_bytes: int = 2048 * MIB  # one file
    record_bytes: int = 32 * MIB  # one record (a JSON object, a CSV row)
    ratio: int = 200  # uncompressed / compressed, for entries over 1 MiB
    entries: int = 200_000


def limits() -> Limits:
    """`ARCHIVE_LIMITS` in the settings (a dict of Limits' fields) overrides the defaults."""
    return Limits(**getattr(settings, "ARCHIVE_LIMITS", {}))


class HostileExport(ArchiveError):
    """A ZIP bomb, a path out of the folder, a file too large."""


def _too_big(name: str, limit: int) -> HostileExport:
    return HostileExport(
        _("%(file)s is larger than the archive accepts (%(limit)s MB).")
        % {"file": name, "limit": max(1, limit // MIB)}
    )


class _Counted(io.RawIOBase):
    """A stream that counts what it produces, refusing more than the limits."""

    def __init__(self, raw: BinaryIO, entry: Entry, export: Export) -> None:
        self._raw, self._entry, self._export, self.read_bytes = raw, entry, export, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        try:
            data = self._raw.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise HostileExport(
                _("%(entry)s in %(file)s cannot be unpacked.")
                % {"entry": self._entry.name, "file": self._export.display_name}
            ) from exc
        n = len(data)
        buffer[:n] = data
        self.read_bytes += n
        self._export.consumed(n)
        if self.read_bytes > self._export.limits.entry_bytes:
            raise _too_big(self._entry.name, self._export.limits.entry_bytes)
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


@dataclass(frozen=True)
class Entry:
    """One file of the export: a ZIP member or the single file itself."""

    name: str  # posix path inside the ZIP, or the file's name
    size: int
    export: Export

    @property
    def basename(self) -> str:
        return PurePosixPath(self.name).name

    def open(self) -> BinaryIO:
        return io.BufferedReader(
            _Counted(self.export.raw_open(self.name), self, self.export), CHUNK
        )

    def head(self, size: int = HEAD) -> bytes:
        """The first bytes, without counting them as progress."""
        with self.export.raw_open(self.name) as stream:
            return stream.read(size)

    def chunks(self) -> Iterator[bytes]:
        with self.open() as stream:
            while chunk := stream.read(CHUNK):
                yield chunk


class Export:
    """An export on disk: `entries` lists its files (checked), `open` reads one."""

    def __init__(
        self, path: Path, progress: Callable[[int, int], None] | None = None, name: str = ""
    ) -> None:
        self.path = Path(path)
        self.display_name = name or self.path.name
        self.limits = limits()
        self.progress = progress
        self.done = 0
        self.total = 0
        self._zip: zipfile.ZipFile | None = None
        try:
            size = self.path.stat().st_size
            is_zip = zipfile.is_zipfile(self.path)
        except OSError as exc:
            raise HostileExport(
                _("Cannot read %(file)s: %(reason)s.")
                % {"file": self.display_name, "reason": exc.strerror or exc}
            ) from exc
        if is_zip:
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise HostileExport(
                    _("%(file)s is not a readable ZIP file.") % {"file": self.display_name}
                ) from exc
            self.entries = self._checked_entries(self._zip)
        else:
            if size > self.limits.entry_bytes:
                raise _too_big(self.display_name, self.limits.entry_bytes)
            self.entries = [Entry(self.display_name, size, self)]

    @property
    def is_zip(self) -> bool:
        return self._zip is not None

    def _checked_entries(self, archive: zipfile.ZipFile) -> list[Entry]:
        infos = archive.infolist()
        if len(infos) > self.limits.entries:
            raise HostileExport(
                _("%(file)s holds more files than the archive accepts (%(limit)s).")
                % {"file": self.display_name, "limit": self.limits.entries}
            )
        total, entries = 0, []
        for info in infos:
            name = info.filename
            if _escapes(name):
                raise HostileExport(
                    _(
                        "%(file)s contains “%(entry)s”, a path that points outside the export; "
                        "nothing was imported."
                    )
                    % {"file": self.display_name, "entry": name[:200]}
                )
            if info.is_dir():
                continue
            total += info.file_size
            if info.file_size > self.limits.entry_bytes:
                raise _too_big(name, self.limits.entry_bytes)
            ratio = info.file_size / max(info.compress_size, 1)
            if total > self.limits.total_bytes or (
                info.file_size > MIB and ratio > self.limits.ratio
            ):
                raise HostileExport(
                    _(
                        "%(file)s unpacks to far more than its size (a “ZIP bomb”); nothing was "
                        "imported."
                    )
                    % {"file": self.display_name}
                )
            entries.append(Entry(name, info.file_size, self))
        return entries

    def raw_open(self, name: str) -> BinaryIO:
        if self._zip is not None:
            try:
                return self._zip.open(name)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
                raise HostileExport(
                    _("%(entry)s in %(file)s cannot be unpacked.")
                    % {"entry": name, "file": self.display_name}
                ) from exc
        return self.path.open("rb")

    def consumed(self, n: int) -> None:
        self.done += n
        if self.done > self.limits.total_bytes:
            raise HostileExport(
                _(
                    "%(file)s unpacks to far more than its size (a “ZIP bomb”); nothing was "
                    "imported."
                )
                % {"file": self.display_name}
            )
        if self.progress is not None:
            self.progress(self.done, self.total)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _escapes(name: str) -> bool:
    """An entry name that would be written outside the folder it is unpacked into."""
    if "\x00" in name:
        return True
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return True
    return ".." in PurePosixPath(posix).parts
