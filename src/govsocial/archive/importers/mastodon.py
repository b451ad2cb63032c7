"""Mastodon: the account export (`outbox.json`, `actor.json`) and REST responses.

The outbox is an ActivityStreams OrderedCollection: `Create` wraps a Note
(HTML content, `updated` when edited), `Announce` is a boost of a bare URL.
Visibility follows from `to`/`cc`: addressed to neither the public nor the
followers, a note is a direct message. Items are identified by the status
URI, which the REST API (`uri`) shares, so an export and a later API sync
meet on the same items.

The open tool mastodon-archive keeps an account in `<domain>.user.<name>.json`
(older statuses split off into `<domain>.user.<name>.N.json`): one object with
the account and lists of REST statuses, as Mastodon.py returned them. Its
`statuses` are the account's own, its `mentions` the public's statuses that
name the account; both are read as the REST statuses they are. Such a file
only ever grows and may be years old or one part of a split archive, so what
it lacks says nothing about the platform: nothing is marked deleted for being
absent. What it marks `"deleted": true` its `expire` command deleted from the
platform (or found gone there); such a status is archived as deleted, seen in
this import, with no date on the platform, since the tool keeps none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy

from . import jsonstream, sniff
from .base import (
    DIRECT_MESSAGE,
    ORGANISATION,
    POST,
    PUBLIC,
    REPLY,
    REPOST,
    Importer,
    Part,
    Record,
    from_iso,
    html_to_text,
    integer,
    language_code,
    not_this_platform,
)
from .files import Export

AS_PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
# mastodon-archive's file names: `<domain>.user.<name>.json`, split parts `….<N>.json`.
ARCHIVE_NAME = re.compile(r"^.+\.user\..+\.json$")
# Its lists that hold the organisation's records, and how each is kept. The others
# (favourites, bookmarks, followers, following, mutes, blocks, notes) are what the
# account liked, saved or followed: other people's statuses and accounts, not records
# of the organisation, so they are not imported.
ARCHIVE_LISTS = {("statuses",): (ORGANISATION, "statuses"), ("mentions",): (PUBLIC, "mentions")}


class MastodonImporter(Importer):
    name = "mastodon"
    version = "2"  # 2: mastodon-archive's "deleted" mark is read
    platforms = frozenset({"mastodon"})
    label = gettext_lazy("Mastodon export")

    def parts(self, export: Export) -> list[Part]:
        parts: list[Part] = []
        for entry in export.entries:
            if export.is_zip:
                if entry.basename == "outbox.json":
                    parts.append(Part(entry, "outbox", "outbox"))
                elif entry.basename == "actor.json":
                    parts.insert(0, Part(entry, "actor", "actor", complete=False))
                elif ARCHIVE_NAME.match(entry.basename) and _reader(entry) == "archive":
                    parts.append(_archive_part(entry))
                continue
            sniff.expect(entry, self.name, str(self.label))
            reader = _reader(entry)
            if reader == "archive":
                parts.append(_archive_part(entry))
            else:
                parts.append(Part(entry, reader, "outbox", complete=reader == "outbox"))
        found = any(p.reader in ("outbox", "archive") for p in parts)
        if not found and not (parts and not export.is_zip):
            raise not_this_platform(str(self.label), export.display_name)
        return parts

    def records(self, part: Part, context: dict[str, Any]) -> Iterator[Record]:
        entry = part.entry
        limit = entry.export.limits.record_bytes
        if part.reader == "actor":
            with entry.open() as stream:
                actor = jsonstream.loads(stream.read(limit), entry.name)
            if isinstance(actor, dict):
                context["handle"] = actor.get("preferredUsername", "")
                context["actor"] = actor.get("id", "")
            return
        if part.reader == "other":
            return
        if part.reader == "archive":
            yield from _archived(part, limit)
            return
        paths = {"outbox": [("orderedItems",)], "statuses": [()]}.get(part.reader)
        if paths is None:  # a single status
            with entry.open() as stream:
                raw = stream.read(limit + 1)
            if len(raw) > limit:
                raise jsonstream.too_large(entry.name, limit)
            status = jsonstream.loads(raw, entry.name)
            if isinstance(status, dict):
                yield _status(status, raw, part)
            return
        for _path, raw in jsonstream.array_elements(entry.chunks(), paths, entry.name, limit):
            data = jsonstream.loads(raw, entry.name)
            if not isinstance(data, dict):
                continue  # likes.json lists bare URLs
            if part.reader == "outbox":
                record = _activity(data, raw, part, context)
            else:
                record = _status(data, raw, part) if data.get("id") else None
            if record is not None:
                yield record


def _reader(entry) -> str:  # type: ignore[no-untyped-def]
    """What a single Mastodon file is: outbox, actor, a REST status or status list,
    a mastodon-archive file, or other."""
    kind = sniff.json_kind(entry)
    if kind == "object" and sniff.mastodon_archive(entry.head(4096)):
        return "archive"
    if kind == "array":
        first = sniff.first_element(entry, [()])
        return "statuses" if isinstance(first, dict) and first.get("id") else "other"
    head = entry.head()
    if b'"orderedItems"' in head or b"OrderedCollection" in head:
        first = sniff.first_element(entry, [("orderedItems",)])
        return "other" if isinstance(first, str) else "outbox"  # likes and bookmarks list bare URLs
    if b'"preferredUsername"' in head:
        return "actor"
    return "status" if b'"created_at"' in head else "other"


def _archive_part(entry) -> Part:  # type: ignore[no-untyped-def]
    # Never complete: the file may be old or one part of a split archive (see above).
    return Part(entry, "archive", "statuses", complete=False)


def _archived(part: Part, limit: int) -> Iterator[Record]:
    """The account's statuses and the mentions of it in a mastodon-archive file."""
    entry = part.entry
    for path, raw in jsonstream.array_elements(entry.chunks(), ARCHIVE_LISTS, entry.name, limit):
        data = jsonstream.loads(raw, entry.name)
        if isinstance(data, dict) and data.get("id"):
            author_kind, collection = ARCHIVE_LISTS[path]
            yield _status(data, raw, part, author_kind, collection)


def _visibility(activity: dict[str, Any]) -> str:
    to, cc = activity.get("to") or [], activity.get("cc") or []
    if AS_PUBLIC in to:
        return "public"
    if AS_PUBLIC in cc:
        return "unlisted"
    if any(str(a).endswith("/followers") for a in [*to, *cc]):
        return "followers"
    return "direct"


def _activity(
    data: dict[str, Any], raw: bytes, part: Part, context: dict[str, Any]
) -> Record | None:
    handle = context.get("handle", "")
    kind = data.get("type")
    if kind == "Announce":
        target = data.get("object")
        return Record(
            external_id=str(data.get("id")),
            kind=REPOST,
            author_kind=ORGANISATION,
            author_handle=handle,
            text="",
            published_at=from_iso(data.get("published")),
            raw=raw,
            origin=part.entry.name,
            collection=part.collection,
            extra={
                "repost_of": target if isinstance(target, str) else (target or {}).get("id", "")
            },
        )
    note = data.get("object")
    if kind != "Create" or not isinstance(note, dict):
        return None
    visibility = _visibility(note)
    content_map = note.get("contentMap") or {}
    reply_to = note.get("inReplyTo") or ""
    return Record(
        external_id=str(note.get("id")),
        kind=DIRECT_MESSAGE if visibility == "direct" else REPLY if reply_to else POST,
        author_kind=ORGANISATION,
        author_handle=handle,
        text=html_to_text(note.get("content")),
        language=language_code(next(iter(content_map), "")),
        published_at=from_iso(note.get("published")),
        edited_at=from_iso(note.get("updated")),
        in_reply_to=str(reply_to),
        thread_id=str(note.get("conversation") or note.get("context") or ""),
        url=str(note.get("url") or ""),
        counts={
            "likes": integer((note.get("likes") or {}).get("totalItems")),
            "reposts": integer((note.get("shares") or {}).get("totalItems")),
        },
        raw=raw,
        origin=part.entry.name,
        collection=part.collection,
        extra={
            "visibility": visibility,
            "summary": note.get("summary") or "",
            "media": [a.get("url") for a in note.get("attachment") or [] if isinstance(a, dict)],
        },
    )


def _status(
    status: dict[str, Any],
    raw: bytes,
    part: Part,
    author_kind: str = ORGANISATION,
    collection: str = "statuses",
) -> Record:
    """A REST API status (`/api/v1/statuses/…`), matched to the export by its URI."""
    reblog = status.get("reblog")
    account = status.get("account") or {}
    text = html_to_text(status.get("content")) or status.get("text") or ""
    visibility = status.get("visibility") or "public"
    reply_to = str(status.get("in_reply_to_id") or "")
    kind = (
        REPOST
        if reblog
        else DIRECT_MESSAGE
        if visibility == "direct"
        else REPLY
        if reply_to
        else POST
    )
    return Record(
        external_id=str(status.get("uri") or status.get("id")),
        kind=kind,
        author_kind=author_kind,
        author_handle=account.get("acct", ""),
        text="" if reblog else text,
        language=language_code(status.get("language")),
        published_at=from_iso(status.get("created_at")),
        edited_at=from_iso(status.get("edited_at")),
        in_reply_to=reply_to,
        url=str(status.get("url") or ""),
        counts={
            "likes": integer(status.get("favourites_count")),
            "reposts": integer(status.get("reblogs_count")),
            "replies": integer(status.get("replies_count")),
        },
        raw=raw,
        origin=part.entry.name,
        collection=collection,
        deleted=status.get("deleted") is True,  # mastodon-archive's mark, see above
        extra={
            "visibility": visibility,
            "summary": status.get("spoiler_text") or "",
            **({"repost_of": reblog.get("uri", "")} if isinstance(reblog, dict) else {}),
        },
    )


IMPORTER = MastodonImporter()
