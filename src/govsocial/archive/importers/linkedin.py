"""LinkedIn's member export: Shares.csv (two generations) and Comments.csv.

2025 Shares.csv is UTF-8 and wraps every line of a post in `""…""`, which
leaves stray quotes after CSV parsing; they are removed. The 2018 file is
UTF-16 with a BOM and TAB-separated, with other column names. Comments.csv
escapes quotes with a backslash. Dates carry no zone and are taken as UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from django.utils.translation import gettext_lazy

from . import table
from .base import (
    COMMENT,
    ORGANISATION,
    POST,
    Importer,
    Part,
    Record,
    derived_id,
    from_iso,
    not_this_platform,
)
from .files import Export

_URN = re.compile(r"urn:li:(?:share|ugcPost|activity):\d+")
SHARES = ({"Date", "ShareLink", "ShareCommentary"}, {"Date", "Share Link", "Share Commentary"})
COMMENTS = {"Date", "Link", "Message"}


class LinkedInImporter(Importer):
    name = "linkedin"
    version = "1"
    platforms = frozenset({"linkedin"})
    label = gettext_lazy("LinkedIn export")

    def parts(self, export: Export) -> list[Part]:
        parts = []
        for entry in export.entries:
            if not entry.name.lower().endswith(".csv"):
                if not export.is_zip:
                    raise not_this_platform(str(self.label), entry.name)
                continue
            columns = set(table.header(entry))
            if any(s <= columns for s in SHARES):
                parts.append(Part(entry, "shares", "shares"))
            elif COMMENTS <= columns:
                parts.append(Part(entry, "comments", "comments"))
            elif not export.is_zip:
                raise not_this_platform(str(self.label), entry.name)
        if not parts:
            raise not_this_platform(str(self.label), export.display_name)
        return parts

    def records(self, part: Part, context: dict[str, Any]) -> Iterator[Record]:
        escape = "\\" if part.reader == "comments" else None
        rows = table.rows(part.entry, escapechar=escape)
        if part.reader == "comments":
            for row, raw, _line in rows:
                yield _comment(row, raw, part)
            return
        # A share with several media files is written as one row per file, one after another.
        group: list[tuple[dict[str, str], bytes]] = []
        for row, raw, _line in rows:
            if group and _link(row) != _link(group[0][0]):
                yield _share(group, part)
                group = []
            group.append((row, raw))
        if group:
            yield _share(group, part)


def _urn(link: str) -> str:
    match = _URN.search(unquote(link or ""))
    return match.group() if match else ""


def commentary(text: str) -> str:
    """Undo the 2025 export's per-line quoting: `a"\\n""\\n"b` → `a\\n\\nb`."""
    if '"\n' not in text:
        return text
    lines = text.split("\n")
    last = len(lines) - 1
    cleaned = []
    for i, line in enumerate(lines):
        if i > 0 and line.startswith('"'):
            line = line[1:]
        if i < last and line.endswith('"'):
            line = line[:-1]
        cleaned.append(line)
    return "\n".join(cleaned)


def _link(row: dict[str, str]) -> str:
    return row.get("ShareLink") or row.get("Share Link") or ""


def _share(group: list[tuple[dict[str, str], bytes]], part: Part) -> Record:
    row = group[0][0]
    link = _link(row)
    media = [m for r, _raw in group if (m := r.get("MediaUrl") or r.get("Media URL") or "")]
    text = commentary(row.get("ShareCommentary") or row.get("Share Commentary") or "")
    published = from_iso(row.get("Date"))
    return Record(
        external_id=_urn(link) or derived_id("linkedin-share", row.get("Date"), text),
        kind=POST,
        author_kind=ORGANISATION,
        text=text,
        published_at=published,
        url=link,
        raw=b"".join(raw for _row, raw in group),
        origin=part.entry.name,
        collection=part.collection,
        media_type="text/csv",
        extra={
            k: v
            for k, v in {
                "shared_url": row.get("SharedUrl") or row.get("Shared URL") or "",
                "media": media,
                "visibility": row.get("Visibility") or "",
                "title": row.get("Share Title") or "",
            }.items()
            if v
        },
    )


def _comment(row: dict[str, str], raw: bytes, part: Part) -> Record:
    link, text = row.get("Link") or "", row.get("Message") or ""
    return Record(
        external_id=derived_id("linkedin-comment", row.get("Date"), link, text),
        kind=COMMENT,
        author_kind=ORGANISATION,
        text=text,
        published_at=from_iso(row.get("Date")),
        in_reply_to=_urn(link),
        url=link,
        raw=raw,
        origin=part.entry.name,
        collection=part.collection,
        media_type="text/csv",
    )


IMPORTER = LinkedInImporter()
