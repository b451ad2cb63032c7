"""The hash chain of each channel, and `verify`.

Each version's record hash is SHA-256 of the previous record's hash and the
canonical record (sorted-key JSON: channel, item, version number, event,
content hash, raw payload hash, capture time, provenance). The sequence
number only orders the records: it is not hashed, so swapping two records'
places shows as a broken link ("reordered"), a changed field or payload as a
record that no longer matches its hash ("changed"), and a missing one as a
gap in the sequence or a head the chain does not reach ("removed").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from django.utils.translation import gettext as _

from govsocial.core.models import Organisation

from ..models import ChainHead, ItemVersion

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
    captured_at: datetime,
    origin: str,
    importer_version: str,
) -> bytes:
    return orjson.dumps(
        {
            "channel": channel_id,
            "source": source,
            "external_id": external_id,
            "number": number,
            "event": event,
            "content_hash": content,
            "raw_sha256": raw_sha256,
            "captured_at": captured_at.isoformat(timespec="microseconds"),
            "origin": origin,
            "importer_version": importer_version,
        },
        option=orjson.OPT_SORT_KEYS,
    )


def link(previous: str, record: bytes) -> str:
    return hashlib.sha256(previous.encode("ascii") + b"\n" + record).hexdigest()


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
    rows = (
        ItemVersion.objects.filter(organisation=organisation, channel_id=channel_id)
        .order_by("sequence")
        .values_list(*_VERIFY_FIELDS)
        .iterator(chunk_size=chunk)
    )
    expected_previous, expected_sequence = GENESIS, 1
    for row in rows:
        values = dict(zip(_VERIFY_FIELDS, row, strict=True))
        result.records += 1
        sequence = values["sequence"]
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
        problem = _record_problem(values)
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
        != content_hash(values["text"], values["language"], values["fields"])
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
