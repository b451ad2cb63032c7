"""CSV files read row by row, each row with the exact bytes it was written as.

The encoding is found from the byte order mark (UTF-16 with a BOM, as in
LinkedIn's older exports, else UTF-8), the delimiter from the header line
(comma, semicolon or tab). A file that is not text in its encoding is refused
with its name and the line, instead of being imported as gibberish.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .base import ArchiveError
from .files import Entry


class WrongEncoding(ArchiveError):
    pass


def encoding_of(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    return "utf-8"


class _Lines:
    """Lines handed to csv.reader, remembered until the row they make is taken."""

    def __init__(self, stream: io.TextIOWrapper, limit: int, name: str) -> None:
        self.stream, self.limit, self.name, self.taken = stream, limit, name, []
        self.line = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        try:
            line = self.stream.readline(self.limit + 1)
        except UnicodeDecodeError as exc:
            raise WrongEncoding(
                _(
                    "%(file)s is not %(encoding)s text (line %(line)s); save it as UTF-8 and try again."
                )
                % {
                    "file": self.name,
                    "encoding": self.stream.encoding.upper(),
                    "line": self.line + 1,
                }
            ) from exc
        if not line:
            raise StopIteration
        self.line += 1
        self.taken.append(line)
        if sum(len(t) for t in self.taken) > self.limit:
            raise ArchiveError(
                _("%(file)s holds a record larger than the archive accepts (%(limit)s MB).")
                % {"file": self.name, "limit": max(1, self.limit // (1024 * 1024))}
            )
        return line

    def take(self) -> str:
        text = "".join(self.taken)
        self.taken.clear()
        return text


def rows(
    entry: Entry, escapechar: str | None = None
) -> Iterator[tuple[dict[str, str], bytes, int]]:
    """(row by header name, raw bytes, line number) of every data row."""
    encoding = encoding_of(entry.head(4))
    limit = entry.export.limits.record_bytes
    # csv's field limit is process-wide: raise it only while this file is read.
    previous = csv.field_size_limit(max(limit, csv.field_size_limit()))
    try:
        yield from _rows(entry, encoding, limit, escapechar)
    finally:
        csv.field_size_limit(previous)


def _rows(
    entry: Entry, encoding: str, limit: int, escapechar: str | None
) -> Iterator[tuple[dict[str, str], bytes, int]]:
    with entry.open() as binary:
        if encoding != "utf-8":
            binary.read(2)  # the byte order mark
        stream = io.TextIOWrapper(binary, encoding=encoding, newline="")
        if encoding == "utf-8" and entry.head(3) == codecs.BOM_UTF8:
            stream.read(1)
        lines = _Lines(stream, limit, entry.name)
        header_line = next(lines, "")
        delimiter = max(",;\t", key=header_line.count)
        header = next(csv.reader([header_line], delimiter=delimiter), [])
        lines.take()
        reader = csv.reader(lines, delimiter=delimiter, escapechar=escapechar)
        for values in reader:
            line = lines.line
            raw = lines.take().encode(encoding)
            if not any(v.strip() for v in values):
                continue
            yield dict(zip(header, values, strict=False)), raw, line


def header(entry: Entry) -> list[str]:
    """The column names of the first line, for checking a file before reading it."""
    return columns_of(entry.head())


def columns_of(head: bytes) -> list[str]:
    """The column names in the first line of a CSV's first bytes."""
    encoding = encoding_of(head[:4])
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    first = text.split("\n", 1)[0].rstrip("\r")
    delimiter = max(",;\t", key=first.count)
    return [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])]
