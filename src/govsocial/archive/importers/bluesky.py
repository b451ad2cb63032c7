"""Bluesky: the repository export (a CAR file) and the AppView's author feed.

From the repository, posts (`app.bsky.feed.post`, replies carry `reply`) and
reposts are archived; likes, follows, profiles, legacy record types and other
applications' collections are ignored. Items are identified by their
`at://` URI, which the author feed (`{feed:[{post, reply?, reason?}]}`) uses
too, so both meet on the same items.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from atproto_core.cid import CID
from django.utils.translation import gettext_lazy

from . import jsonstream, sniff
from .base import (
    ORGANISATION,
    POST,
    REPLY,
    REPOST,
    Importer,
    Part,
    Record,
    from_iso,
    integer,
    language_code,
    not_this_platform,
)
from .car import CarFile
from .files import Export

POST_TYPE, REPOST_TYPE = "app.bsky.feed.post", "app.bsky.feed.repost"


class BlueskyImporter(Importer):
    name = "bluesky"
    version = "1"
    platforms = frozenset({"bluesky"})
    label = gettext_lazy("Bluesky repository")

    def parts(self, export: Export) -> list[Part]:
        parts = []
        for entry in export.entries:
            if export.is_zip:
                if entry.name.endswith(".car"):
                    parts.append(Part(entry, "car", "repo"))
                continue
            sniff.expect(entry, self.name, str(self.label))
            if sniff.json_kind(entry):
                parts.append(Part(entry, "feed", "feed", complete=False))
            else:
                parts.append(Part(entry, "car", "repo"))
        if not parts:
            raise not_this_platform(str(self.label), export.display_name)
        return parts

    def records(self, part: Part, context: dict[str, Any]) -> Iterator[Record]:
        if part.reader == "feed":
            yield from _feed(part)
            return
        car = CarFile(part.entry)
        try:
            car.index()
            for key, raw, cid, commit in car.records():
                collection, _slash, rkey = key.partition("/")
                if collection not in (POST_TYPE, REPOST_TYPE):
                    continue
                record = car._decode(raw)
                if isinstance(record, dict):
                    yield _repo_record(record, raw, cid, commit, collection, rkey, part)
        finally:
            car.close()


def _uri_of(reference: Any) -> str:
    return str(reference.get("uri", "")) if isinstance(reference, dict) else ""


def _repo_record(
    record: dict[str, Any],
    raw: bytes,
    cid: bytes,
    commit: dict[str, Any],
    collection: str,
    rkey: str,
    part: Part,
) -> Record:
    did = str(commit.get("did", ""))
    uri = f"at://{did}/{collection}/{rkey}"
    extra: dict[str, Any] = {"cid": str(CID.decode(cid)), "rev": str(commit.get("rev", ""))}
    if collection == REPOST_TYPE:
        extra["repost_of"] = _uri_of(record.get("subject"))
        kind, text, reply_to, root = REPOST, "", "", ""
    else:
        reply = record.get("reply") if isinstance(record.get("reply"), dict) else {}
        reply_to, root = _uri_of(reply.get("parent")), _uri_of(reply.get("root"))
        kind, text = (REPLY if reply_to else POST), str(record.get("text") or "")
        embed = record.get("embed")
        if isinstance(embed, dict) and embed.get("$type"):
            extra["embed"] = embed["$type"]
    langs = record.get("langs") or []
    return Record(
        external_id=uri,
        kind=kind,
        author_kind=ORGANISATION,
        author_handle=did,
        text=text,
        language=language_code(langs[0] if langs else ""),
        published_at=from_iso(record.get("createdAt")),
        in_reply_to=reply_to,
        thread_id=root,
        url=f"https://bsky.app/profile/{did}/post/{rkey}" if kind != REPOST else "",
        raw=raw,
        origin=part.entry.name,
        collection=part.collection,
        media_type="application/cbor",
        extra=extra,
    )


def _feed(part: Part) -> Iterator[Record]:
    entry = part.entry
    limit = entry.export.limits.record_bytes
    for _path, raw in jsonstream.array_elements(entry.chunks(), [("feed",)], entry.name, limit):
        item = jsonstream.loads(raw, entry.name)
        post = item.get("post") if isinstance(item, dict) else None
        if not isinstance(post, dict) or not post.get("uri"):
            continue
        record = post.get("record") or {}
        reason = item.get("reason") or {}
        author = (post.get("author") or {}).get("handle", "")
        reply = record.get("reply") or {}
        langs = record.get("langs") or []
        if str(reason.get("$type", "")).endswith("reasonRepost"):
            by = (reason.get("by") or {}).get("did", "")
            yield Record(
                external_id=f"repost:{by}:{post['uri']}",
                kind=REPOST,
                author_kind=ORGANISATION,
                author_handle=(reason.get("by") or {}).get("handle", ""),
                text=str(record.get("text") or ""),
                language=language_code(langs[0] if langs else ""),
                published_at=from_iso(reason.get("indexedAt")),
                raw=raw,
                origin=entry.name,
                collection=part.collection,
                extra={"repost_of": post["uri"], "original_author": author},
            )
            continue
        reply_to = _uri_of(reply.get("parent"))
        yield Record(
            external_id=post["uri"],
            kind=REPLY if reply_to else POST,
            author_kind=ORGANISATION,
            author_handle=author,
            text=str(record.get("text") or ""),
            language=language_code(langs[0] if langs else ""),
            published_at=from_iso(record.get("createdAt")),
            in_reply_to=reply_to,
            thread_id=_uri_of(reply.get("root")),
            counts={
                k: integer(post.get(f"{k}Count")) for k in ("reply", "repost", "like", "quote")
            },
            raw=raw,
            origin=entry.name,
            collection=part.collection,
        )


IMPORTER = BlueskyImporter()
