"""A CSV from a webcare tool (Hootsuite Inbox, Sprout, Coosto, OBI4wan…) with a
column mapping: which column holds the conversation id, the time, the
direction (in: from the public, out: from the organisation), the author and
the text, and optionally the message id. Every row is a direct message of its
conversation. Such exports cover a period, not everything, so an item missing
from a later file is never taken as deleted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import table
from .base import (
    DIRECT_MESSAGE,
    ORGANISATION,
    PUBLIC,
    ArchiveError,
    Importer,
    Part,
    Record,
    derived_id,
    from_iso,
    from_timestamp,
)
from .files import Export

FIELDS = ("conversation", "time", "direction", "author", "text", "id")
REQUIRED = ("conversation", "time", "direction", "text")
INBOUND = {"in", "inbound", "incoming", "received", "inkomend", "binnenkomend", "ontvangen"}
OUTBOUND = {"out", "outbound", "outgoing", "sent", "uitgaand", "verzonden", "reply", "antwoord"}
_FORMATS = (
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
)


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """The mapping with every required field named, or an ArchiveError naming what is missing."""
    unknown = sorted(set(mapping) - set(FIELDS))
    missing = [f for f in REQUIRED if not mapping.get(f)]
    if unknown or missing:
        raise ArchiveError(
            _(
                "The column mapping needs %(required)s (and may name %(optional)s); "
                "missing: %(missing)s; unknown: %(unknown)s."
            )
            % {
                "required": ", ".join(REQUIRED),
                "optional": "author, id",
                "missing": ", ".join(missing) or "—",
                "unknown": ", ".join(unknown) or "—",
            }
        )
    return dict(mapping)


def _time(value: str) -> datetime | None:
    value = (value or "").strip()
    moment = from_iso(value) or (from_timestamp(value) if value.isdigit() else None)
    if moment:
        return moment
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


class CsvImporter(Importer):
    name = "csv"
    version = "1"
    platforms = frozenset({"*"})
    label = gettext_lazy("CSV with a column mapping")

    def parts(self, export: Export) -> list[Part]:
        entries = [
            e for e in export.entries if e.name.lower().endswith(".csv") or not export.is_zip
        ]
        if not entries:
            raise ArchiveError(_("%(file)s holds no CSV file.") % {"file": export.display_name})
        return [Part(e, "rows", "conversations", complete=False) for e in entries]

    def records(self, part: Part, context: dict[str, Any]) -> Iterator[Record]:
        mapping = check_mapping(context.get("mapping") or {})
        columns = table.header(part.entry)
        absent = [c for c in mapping.values() if c not in columns]
        if absent:
            raise ArchiveError(
                _("%(file)s has no column %(columns)s; its columns are: %(found)s.")
                % {
                    "file": part.entry.name,
                    "columns": ", ".join(f"“{c}”" for c in absent),
                    "found": ", ".join(columns[:30]) or "—",
                }
            )
        for row, raw, line in table.rows(part.entry):
            yield _record(row, raw, line, mapping, part)


def _record(
    row: dict[str, str], raw: bytes, line: int, mapping: dict[str, str], part: Part
) -> Record:
    value = lambda field: (row.get(mapping[field]) or "").strip() if mapping.get(field) else ""  # noqa: E731
    direction = value("direction").lower()
    if direction not in INBOUND | OUTBOUND:
        raise ArchiveError(
            _("%(file)s, line %(line)s: the direction “%(value)s” is neither in nor out.")
            % {"file": part.entry.name, "line": line, "value": value("direction")[:40]}
        )
    moment = _time(value("time"))
    if moment is None:
        raise ArchiveError(
            _("%(file)s, line %(line)s: “%(value)s” is not a date and time.")
            % {"file": part.entry.name, "line": line, "value": value("time")[:40]}
        )
    conversation, author, text = (
        value("conversation"),
        value("author"),
        row.get(mapping["text"]) or "",
    )
    return Record(
        external_id=value("id")
        or derived_id("csv", conversation, moment.isoformat(), author, text),
        kind=DIRECT_MESSAGE,
        author_kind=PUBLIC if direction in INBOUND else ORGANISATION,
        author_handle=author,
        text=text,
        published_at=moment,
        thread_id=conversation,
        raw=raw,
        origin=part.entry.name,
        collection=part.collection,
        media_type="text/csv",
    )


IMPORTER = CsvImporter()
