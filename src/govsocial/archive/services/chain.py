"""The hash chain of each channel, and `verify`.

Each version's record hash is SHA-256 of the previous record's hash and the
canonical record (sorted-key JSON: channel, item, version number, event,
content hash, raw payload hash, capture time, provenance). The sequence
number only orders the records: it is not hashed, so swapping two records'
places shows as a broken link ("reordered"), a changed field or payload as a
record that no longer matches its hash ("changed"), and a missing one as a
gap in the sequence or a head the chain does not reach ("removed").

Media files are links of the same chain. A kept photo or video (`MediaFile`)
gets its own record when an import links it to its item: sorted-key JSON of
the channel, the item's source and external id, the file's origin, SHA-256,
size and content type, the import's capture time and `"event": "media"`
(`media_record`), numbered on in the channel's sequence after the versions of
the same batch. So a media row whose SHA-256, size or origin was changed (with
or without the file swapped beside it) no longer matches its hash, a removed
row leaves a gap, and a row added afterwards has no link at all ("added").

Why own links rather than the media hashes inside a version's record: the
version records that exist stay byte for byte what they were (nothing is
rewritten, every existing chain verifies as before), an item's media may come
with a later import of an unchanged item (no new version then), and an import
pays nothing for the items without media. Media rows that existed before this
format got their links appended at the head of their channel's chain by
migration 0011 (appended, never rewriting earlier records), vouching for them
as they were then; `media.check` still reads every kept file back.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

import orjson
from django.db import connection
from django.utils.translation import gettext as _

from govsocial.core.models import Organisation

from ..models import ChainHead, ItemVersion, MediaFile

GENESIS = "0" * 64
CONTENT_FIELDS = (
    "kind",
    "author_kind",
    "author_handle",
    "published_at",
    "in_reply_to",
    "thread_id",
    "url",
    "extra",
)


def content_hash(text: str, language: str, fields: dict[str, Any]) -> str:
    payload = orjson.dumps(
        {"text": text, "language": language, **fields}, option=orjson.OPT_SORT_KEYS
    )
    return hashlib.sha256(payload).hexdigest()


def canonical(
    *,
    channel_id: int,
    source: str,
    external_id: str,
    number: int,
    event: str,
    content: str,
    raw_sha256: str,
    captured_at: datetime | str,
    origin: str,
    importer_version: str,
) -> bytes:
    """The record a version's hash covers (`captured_at` may come already as its ISO text)."""
    return Canonical(channel_id, source, captured_at, importer_version)(
        external_id, number, event, content, raw_sha256, origin
    )


class Canonical:
    """`canonical` for the many records of one channel, source and capture (an import)."""

    __slots__ = ("_captured_at", "_channel", "_importer_version", "_source")

    def __init__(
        self, channel_id: int, source: str, captured_at: datetime | str, importer_version: str
    ) -> None:
        if isinstance(captured_at, datetime):
            captured_at = captured_at.isoformat(timespec="microseconds")
        self._captured_at, self._channel = captured_at, channel_id
        self._importer_version, self._source = importer_version, source

    def __call__(
        self, external_id: str, number: int, event: str, content: str, raw_sha256: str, origin: str
    ) -> bytes:
        # Keys written in sorted order (as OPT_SORT_KEYS would put them, which costs a sort
        # per record): the record's bytes, and so its hash, are the same.
        return orjson.dumps(
            {
                "captured_at": self._captured_at,
                "channel": self._channel,
                "content_hash": content,
                "event": event,
                "external_id": external_id,
                "importer_version": self._importer_version,
                "number": number,
                "origin": origin,
                "raw_sha256": raw_sha256,
                "source": self._source,
            }
        )


def link(previous: str, record: bytes) -> str:
    return hashlib.sha256(previous.encode("ascii") + b"\n" + record).hexdigest()


def media_record(
    *,
    channel_id: int,
    source: str,
    external_id: str,
    origin: str,
    sha256: str,
    size: int,
    content_type: str,
    captured_at: datetime | str,
) -> bytes:
    """The record a media file's link covers (not its storage name: destruction empties it)."""
    return orjson.dumps(
        {
            "captured_at": _captured_iso(captured_at),
            "channel": channel_id,
            "content_type": content_type,
            "event": "media",
            "external_id": external_id,
            "origin": origin,
            "sha256": sha256,
            "size": size,
            "source": source,
        },
        option=orjson.OPT_SORT_KEYS,
    )


def link_media(
    head: ChainHead, media: MediaFile, source: str, external_id: str, captured_at: datetime
) -> None:
    """Make `media` (not yet saved) the next link of the chain whose head is `head`
    (saved by the caller); `captured_at` is its import's start (`ImportRun.started_at`)."""
    record = media_record(
        channel_id=head.channel_id, source=source, external_id=external_id, origin=media.origin,
        sha256=media.sha256, size=media.size, content_type=media.content_type,
        captured_at=captured_at,
    )  # fmt: skip
    head.sequence += 1
    media.sequence, media.previous_hash = head.sequence, head.record_hash
    media.record_hash = head.record_hash = link(head.record_hash, record)


@dataclass(frozen=True)
class Problem:
    channel_id: int
    sequence: int
    kind: str  # "changed", "removed", "reordered"
    detail: str


@dataclass
class Verification:
    channels: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)
    media_problems: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


_VERIFY_FIELDS = (
    "sequence", "channel_id", "number", "event", "text", "language", "fields", "content_hash",
    "captured_at", "origin", "importer_version", "previous_hash", "record_hash",
    "item__source", "item__external_id", "raw__sha256", "raw__data", "raw__destroyed_at",
    "item__destroyed_at",
)  # fmt: skip
# The same, read in plain SQL a page at a time (the ORM's conversions of every value
# were most of a verify's time).
_VERIFY_SQL = """
SELECT v.sequence, v.channel_id, v.number, v.event, v.text, v.language, v.fields,
       v.content_hash, v.captured_at, v.origin, v.importer_version, v.previous_hash,
       v.record_hash, i.source, i.external_id, r.sha256, r.data, r.destroyed_at,
       i.destroyed_at
FROM archive_itemversion v
JOIN archive_item i ON i.id = v.item_id
LEFT JOIN archive_rawpayload r ON r.id = v.raw_id
WHERE v.organisation_id = %s AND v.channel_id = %s AND v.sequence > %s
ORDER BY v.sequence
LIMIT %s
"""


def verify(organisation: Organisation, chunk: int = 2000) -> Verification:
    """Walk every channel's chain in sequence order and report what does not hold."""
    result = Verification()
    heads = {h.channel_id: h for h in ChainHead.objects.filter(organisation=organisation)}
    channels = set(heads) | set(
        ItemVersion.objects.filter(organisation=organisation)
        .values_list("channel_id", flat=True)
        .distinct()
    )
    for channel_id in sorted(channels):
        result.channels += 1
        _verify_channel(organisation, channel_id, heads.get(channel_id), result, chunk)
    unlinked = (
        MediaFile.objects.filter(organisation=organisation, sequence__isnull=True)
        .values_list("item__channel_id", "item_id", "origin")
        .order_by("pk")
    )
    for channel_id, item_id, origin in unlinked.iterator(chunk_size=2000):
        result.problems.append(
            Problem(
                channel_id,
                0,
                "added",
                _(
                    "media file %(file)s of item %(item)s is not in the chain: it was added afterwards"
                )
                % {"file": origin, "item": item_id},
            )
        )
    from . import media  # media imports the models this module's callers load first

    for problem in media.check(organisation):
        result.media_problems += 1
        result.problems.append(
            Problem(problem.channel_id, 0, problem.kind, media.describe(problem))
        )
    return result


def _verify_channel(
    organisation: Organisation,
    channel_id: int,
    head: ChainHead | None,
    result: Verification,
    chunk: int,
) -> None:
    rows = heapq.merge(
        ((row[0], False, row) for row in _chain_rows(organisation.pk, channel_id, chunk)),
        ((row[0], True, row) for row in _media_rows(organisation.pk, channel_id, chunk)),
        key=itemgetter(0),
    )
    expected_previous, expected_sequence = GENESIS, 1
    for sequence, is_media, row in rows:
        values = dict(zip(_MEDIA_FIELDS if is_media else _VERIFY_FIELDS, row, strict=True))
        result.records += 1
        if sequence > expected_sequence:
            result.problems.append(
                Problem(
                    channel_id,
                    sequence,
                    "removed",
                    _("records %(first)s–%(last)s are missing")
                    % {"first": expected_sequence, "last": sequence - 1},
                )
            )
        elif values["previous_hash"] != expected_previous:
            result.problems.append(
                Problem(
                    channel_id, sequence, "reordered", _("does not follow the record before it")
                )
            )
        problem = _media_problem(values) if is_media else _record_problem(values)
        if problem:
            result.problems.append(Problem(channel_id, sequence, "changed", problem))
        expected_previous, expected_sequence = values["record_hash"], sequence + 1
    if head is not None and (
        head.sequence >= expected_sequence or head.record_hash != expected_previous
    ):
        result.problems.append(
            Problem(
                channel_id,
                head.sequence,
                "removed",
                _("the chain ends at %(end)s, not %(head)s")
                % {"end": expected_sequence - 1, "head": head.sequence},
            )
        )


def _chain_rows(organisation_id: int, channel_id: int, chunk: int) -> Iterator[tuple[Any, ...]]:
    """The channel's records in sequence order, `chunk` at a time (memory stays flat),
    with the values `_record_problem` takes: fields as a dict, the capture time as the
    ISO text the chain hashed, raw bytes as bytes."""
    moments: dict[Any, str] = {}  # an import's records share their capture time
    after = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(_VERIFY_SQL, [organisation_id, channel_id, after, chunk])
            page = cursor.fetchall()
        for row in page:
            values = list(row)
            if isinstance(values[6], str | bytes):
                values[6] = orjson.loads(values[6])
            captured = values[8]
            if captured not in moments:
                moments[captured] = _captured_iso(captured)
            values[8] = moments[captured]
            if values[16] is not None:
                values[16] = bytes(values[16])
            yield tuple(values)
        if len(page) < chunk:
            return
        after = page[-1][0]


_MEDIA_FIELDS = (
    "sequence", "item_id", "origin", "sha256", "size", "content_type", "storage_name",
    "previous_hash", "record_hash", "channel_id", "item__source", "item__external_id",
    "item__destroyed_at", "run__started_at",
)  # fmt: skip
_MEDIA_SQL = """
SELECT m.sequence, m.item_id, m.origin, m.sha256, m.size, m.content_type, m.storage_name,
       m.previous_hash, m.record_hash, i.channel_id, i.source, i.external_id, i.destroyed_at,
       r.started_at
FROM archive_mediafile m
JOIN archive_item i ON i.id = m.item_id
JOIN archive_importrun r ON r.id = m.run_id
WHERE m.organisation_id = %s AND i.channel_id = %s AND m.sequence > %s
ORDER BY m.sequence
LIMIT %s
"""


def _media_rows(organisation_id: int, channel_id: int, chunk: int) -> Iterator[tuple[Any, ...]]:
    """The channel's media links in sequence order, `chunk` at a time."""
    after = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(_MEDIA_SQL, [organisation_id, channel_id, after, chunk])
            page = cursor.fetchall()
        yield from page
        if len(page) < chunk:
            return
        after = page[-1][0]


def _media_problem(values: dict[str, Any]) -> str:
    names = {"file": values["origin"], "item": values["item_id"]}
    if values["sha256"] and not values["storage_name"] and values["item__destroyed_at"] is None:
        return (
            _(
                "media file %(file)s of item %(item)s was taken out of the storage, but its item was not destroyed"
            )
            % names
        )
    record = media_record(
        channel_id=values["channel_id"], source=values["item__source"],
        external_id=values["item__external_id"], origin=values["origin"],
        sha256=values["sha256"], size=values["size"], content_type=values["content_type"],
        captured_at=values["run__started_at"],
    )  # fmt: skip
    if link(values["previous_hash"], record) != values["record_hash"]:
        return (
            _(
                "media file %(file)s of item %(item)s differs from its record in the chain (its SHA-256, size or origin was changed)"
            )
            % names
        )
    return ""


def _captured_iso(value: datetime | str) -> str:
    """The capture time as the chain hashed it (SQLite gives naive UTC text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _record_problem(values: dict[str, Any]) -> str:
    raw = values["raw__data"]
    raw_sha = values["raw__sha256"] or ""
    # A destroyed item keeps its links (the hashes) but not its text or raw bytes.
    destroyed = values["item__destroyed_at"] is not None
    if (
        raw is not None
        and values["raw__destroyed_at"] is None
        and hashlib.sha256(bytes(raw)).hexdigest() != raw_sha
    ):
        return _("the raw payload differs from its SHA-256")
    if values["raw__destroyed_at"] is not None and not destroyed:
        return _("the raw payload was emptied, but its item was not destroyed")
    if (
        not destroyed
        and values["content_hash"]
        and values["content_hash"]
        != content_hash(values["text"], values["language"], values["fields"] or {})
    ):
        return _("the text or fields differ from the content hash")
    record = canonical(
        channel_id=values["channel_id"],
        source=values["item__source"],
        external_id=values["item__external_id"],
        number=values["number"],
        event=values["event"],
        content=values["content_hash"],
        raw_sha256=raw_sha,
        captured_at=values["captured_at"],
        origin=values["origin"],
        importer_version=values["importer_version"],
    )
    if link(values["previous_hash"], record) != values["record_hash"]:
        return _("the record differs from its hash")
    return ""
