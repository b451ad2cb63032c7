"""Mastodon's REST API: the account's statuses, each thread's replies, edit history.

Statuses page through the `Link` header; replies come from `context` (only
for statuses with replies); an edited status's earlier versions come from
`/history`, oldest first, so each becomes a version of the item. Items are
identified by the status URI, as in the export importer.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import orjson
from django.utils.translation import gettext_lazy

from ..importers.base import ORGANISATION, PUBLIC, REPOST, Record, from_iso, html_to_text
from ..importers.files import Export
from ..importers.mastodon import _status
from .base import Account, RemoteMedia, Syncer, pages, unexpected
from .http import Client, endpoint, next_link


class _Entry:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _Origin:
    """What `_status` reads from an importer's Part: the origin and collection."""

    __slots__ = ("entry", "collection")

    def __init__(self, url: str) -> None:
        self.entry = _Entry(endpoint(url))
        self.collection = "statuses"


# One per page, not per status: `endpoint` parses and rebuilds the URL's query.
_origin = functools.lru_cache(maxsize=64)(_Origin)


class MastodonSync(Syncer):
    name = "mastodon"
    platforms = frozenset({"mastodon"})
    label = gettext_lazy("Mastodon API")
    default_base_url = ""  # the instance, e.g. https://social.example.nl
    collections = frozenset({"statuses", "replies"})

    def parts(self, export: Export) -> list:
        return []

    def fetch(self, client: Client, account: Account, state: dict) -> Iterator[Record]:
        handle = account.account.lstrip("@")
        found, _raw, _h = client.get(client.url("/api/v1/accounts/lookup", acct=handle))
        if not isinstance(found, dict) or not found.get("id"):
            raise unexpected("/api/v1/accounts/lookup")
        own = str(found["id"])
        first = client.url(f"/api/v1/accounts/{own}/statuses", limit=40)
        for data, _raw, url in pages(client, first, state, lambda d, h: next_link(h.get("link"))):
            if not isinstance(data, list):
                raise unexpected(endpoint(url))
            for status in data:
                if not isinstance(status, dict) or not status.get("id"):
                    continue
                yield from _with_history(client, status, url)
                if status.get("replies_count"):
                    yield from _replies(client, status, own)

    def remote_media(self, record: Record) -> list[RemoteMedia]:
        """A status's `media_attachments` (an edit's earlier version has its own): the
        instance's copy (`url`), or the original (`remote_url`) when it has none. A
        boost's media belong to the boosted status, not to the account's record."""
        if record.kind == REPOST:
            return []
        try:
            status = orjson.loads(record.raw)
        except orjson.JSONDecodeError:
            return []
        found = []
        for attachment in status.get("media_attachments") or [] if isinstance(status, dict) else []:
            if not isinstance(attachment, dict):
                continue
            url = str(attachment.get("url") or attachment.get("remote_url") or "")
            if not url:
                continue
            found.append(
                RemoteMedia(
                    origin=endpoint(url),
                    url=url,
                    description=str(attachment.get("description") or ""),
                )
            )
        return found


def _record(status: dict[str, Any], url: str, own: str, collection: str) -> Record:
    raw = orjson.dumps(status)
    record = _status(status, raw, _origin(url))  # type: ignore[arg-type]
    author = str((status.get("account") or {}).get("id", ""))
    return replace(
        record,
        author_kind=ORGANISATION if author == own else PUBLIC,
        collection=collection,
        thread_id=record.thread_id or record.in_reply_to,
    )


def _with_history(client: Client, status: dict[str, Any], url: str) -> Iterator[Record]:
    own = str((status.get("account") or {}).get("id", ""))
    current = _record(status, url, own, "statuses")
    if status.get("edited_at") and not status.get("reblog"):
        history_url = client.url(f"/api/v1/statuses/{status['id']}/history")
        versions, _raw, _h = client.get(history_url)
        if isinstance(versions, list):
            for version in versions[:-1]:  # the last is the status as it is now
                if not isinstance(version, dict):
                    continue
                yield replace(
                    current,
                    text=html_to_text(version.get("content")),
                    edited_at=from_iso(version.get("created_at")),
                    raw=orjson.dumps(version),
                    origin=endpoint(history_url),
                    extra={**current.extra, "summary": version.get("spoiler_text") or ""},
                )
    yield current


def _replies(client: Client, status: dict[str, Any], own: str) -> Iterator[Record]:
    context_url = client.url(f"/api/v1/statuses/{status['id']}/context")
    context, _raw, _h = client.get(context_url)
    if not isinstance(context, dict):
        raise unexpected(endpoint(context_url))
    descendants = [d for d in context.get("descendants") or [] if isinstance(d, dict)]
    # Replies name their parent by its local id; the archive links items by URI.
    uris = {str(s.get("id")): str(s.get("uri") or s.get("id")) for s in [status, *descendants]}
    for reply in descendants:
        author = str((reply.get("account") or {}).get("id", ""))
        if not reply.get("id") or author == own:
            continue  # the account's own replies come with its statuses
        record = _record(reply, context_url, own, "replies")
        yield replace(
            record,
            in_reply_to=uris.get(record.in_reply_to, record.in_reply_to),
            thread_id=uris[str(status["id"])],
        )


SYNCER = MastodonSync()
