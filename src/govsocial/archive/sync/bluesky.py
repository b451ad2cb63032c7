"""Bluesky's public AppView: the author feed (cursor paging) and each post's thread.

No token is needed. Posts and reposts come from `getAuthorFeed`; replies from
anyone come from `getPostThread` for posts that have them. Items carry their
`at://` URI, as in the repository importer. Bluesky posts are not edited, so
an item changes only when it is deleted. A post's images come from the AppView's
CDN, a video's original file from its author's own server (atproto.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson
from django.utils.translation import gettext_lazy

from ..importers.base import (
    ORGANISATION,
    POST,
    PUBLIC,
    REPLY,
    REPOST,
    Record,
    from_iso,
    integer,
    language_code,
)
from ..importers.files import Export
from .atproto import blob_origin, blob_url
from .base import MAX_THREAD_DEPTH, Account, RemoteMedia, Syncer, mapping, pages, unexpected
from .http import Client, MediaClient, endpoint

FEED = "/xrpc/app.bsky.feed.getAuthorFeed"
THREAD = "/xrpc/app.bsky.feed.getPostThread"


class BlueskySync(Syncer):
    name = "bluesky"
    platforms = frozenset({"bluesky"})
    label = gettext_lazy("Bluesky public API")
    default_base_url = "https://public.api.bsky.app"
    collections = frozenset({"feed", "thread"})

    def parts(self, export: Export) -> list:
        return []

    def fetch(self, client: Client, account: Account, state: dict) -> Iterator[Record]:
        actor = account.account.lstrip("@")
        first = client.url(FEED, actor=actor, limit=100)

        def next_of(data: Any, headers: Any) -> str:
            cursor = data.get("cursor") if isinstance(data, dict) else None
            return client.url(FEED, actor=actor, limit=100, cursor=cursor) if cursor else ""

        for data, _raw, url in pages(client, first, state, next_of):
            if not isinstance(data, dict) or not isinstance(data.get("feed"), list):
                raise unexpected(endpoint(url))
            for entry in data["feed"]:
                post = entry.get("post") if isinstance(entry, dict) else None
                if not isinstance(post, dict) or not post.get("uri"):
                    continue
                yield _feed_record(entry, post, endpoint(url))
                if integer(post.get("replyCount")) and not _is_repost(entry):
                    yield from _thread(client, post, actor)

    def remote_media(self, record: Record) -> list[RemoteMedia]:
        """The post's images (`fullsize`, from the AppView's CDN) and its video: the
        original file its record names, from the author's server (the AppView offers
        only an HLS playlist, which is never fetched)."""
        if record.kind == REPOST:
            return []
        try:
            data = orjson.loads(record.raw)
        except orjson.JSONDecodeError:
            return []
        post = mapping(data.get("post")) or data if isinstance(data, dict) else {}
        embed = _media_of(mapping(post.get("embed")))
        kind = str(embed.get("$type", ""))
        if kind.startswith("app.bsky.embed.images"):
            return [
                RemoteMedia(
                    origin=str(image["fullsize"])[:500],
                    url=str(image["fullsize"]),
                    content_type=_CDN_TYPES.get(str(image["fullsize"]).rsplit("@", 1)[-1], ""),
                    description=str(image.get("alt") or ""),
                )
                for image in embed.get("images") or []
                if isinstance(image, dict) and image.get("fullsize")
            ]
        if kind.startswith("app.bsky.embed.video"):
            return _video(post, embed)
        return []

    def locate(self, media: RemoteMedia, client: MediaClient, cache: dict[str, Any]) -> str:
        """A video's getBlob address on its author's server (found once per sync)."""
        return blob_url(media.origin, client, cache)


def _media_of(embed: dict[str, Any]) -> dict[str, Any]:
    """The embed's own media: a quote's (recordWithMedia), not the quoted post's."""
    if str(embed.get("$type", "")).startswith("app.bsky.embed.recordWithMedia"):
        return mapping(embed.get("media"))
    return embed


def _video(post: dict[str, Any], view: dict[str, Any]) -> list[RemoteMedia]:
    """The original video the record names (its blob); without one, the playlist,
    listed as a stream and never fetched."""
    embed = _media_of(mapping(mapping(post.get("record")).get("embed")))
    blob = mapping(embed.get("video")) if embed.get("$type") == "app.bsky.embed.video" else {}
    cid = str(mapping(blob.get("ref")).get("$link") or blob.get("cid") or "")
    did = str(post.get("uri", "")).removeprefix("at://").split("/", 1)[0]
    description = str(view.get("alt") or embed.get("alt") or "")
    origin = blob_origin(did, cid)
    if origin:
        declared = str(blob.get("mimeType") or "")
        return [
            RemoteMedia(
                origin=origin,
                url="",
                content_type=declared if _MIME.fullmatch(declared) else "video/mp4",
                description=description,
                size=integer(blob.get("size")),
            )
        ]
    if not view.get("playlist"):
        return []
    playlist = str(view["playlist"])
    return [
        RemoteMedia(
            origin=playlist[:500],
            url=playlist,
            content_type="application/vnd.apple.mpegurl",
            description=description,
            skip="stream",
        )
    ]


_MIME = re.compile(r"video/[a-z0-9.+-]{1,60}")
_CDN_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}


def _is_repost(entry: dict[str, Any]) -> bool:
    return str((entry.get("reason") or {}).get("$type", "")).endswith("reasonRepost")


def _ref(value: Any) -> str:
    return str(value.get("uri", "")) if isinstance(value, dict) else ""


def _feed_record(entry: dict[str, Any], post: dict[str, Any], origin: str) -> Record:
    raw = orjson.dumps(entry)
    if _is_repost(entry):
        reason = entry["reason"]
        by = reason.get("by") or {}
        return Record(
            external_id=f"repost:{by.get('did', '')}:{post['uri']}",
            kind=REPOST,
            author_kind=ORGANISATION,
            author_handle=str(by.get("handle", "")),
            text="",
            published_at=from_iso(reason.get("indexedAt")),
            raw=raw,
            origin=origin,
            collection="feed",
            extra={
                "repost_of": post["uri"],
                "original_author": (post.get("author") or {}).get("handle", ""),
            },
        )
    return _post_record(post, raw, origin, "feed", ORGANISATION)


def _post_record(
    post: dict[str, Any], raw: bytes, origin: str, collection: str, author_kind: str
) -> Record:
    record = mapping(post.get("record"))
    reply = mapping(record.get("reply"))
    langs = record.get("langs") or []
    reply_to = _ref(reply.get("parent"))
    author = post.get("author") or {}
    rkey = str(post["uri"]).rsplit("/", 1)[-1]
    return Record(
        external_id=str(post["uri"]),
        kind=REPLY if reply_to else POST,
        author_kind=author_kind,
        author_handle=str(author.get("handle", "")),
        text=str(record.get("text") or ""),
        language=language_code(langs[0] if langs else ""),
        published_at=from_iso(record.get("createdAt")),
        in_reply_to=reply_to,
        thread_id=_ref(reply.get("root")),
        url=f"https://bsky.app/profile/{author.get('did', '')}/post/{rkey}",
        counts={k: integer(post.get(f"{k}Count")) for k in ("reply", "repost", "like", "quote")},
        raw=raw,
        origin=origin,
        collection=collection,
    )


def _thread(client: Client, post: dict[str, Any], actor: str) -> Iterator[Record]:
    url = client.url(THREAD, uri=post["uri"], depth=MAX_THREAD_DEPTH, parentHeight=0)
    data, _raw, _h = client.get(url)
    thread = data.get("thread") if isinstance(data, dict) else None
    if not isinstance(thread, dict):
        raise unexpected(endpoint(url))
    own = {
        actor,
        str((post.get("author") or {}).get("did", "")),
        str((post.get("author") or {}).get("handle", "")),
    }
    stack = [(reply, 1) for reply in thread.get("replies") or []]
    while stack:
        node, depth = stack.pop()
        reply = node.get("post") if isinstance(node, dict) else None
        if not isinstance(reply, dict) or not reply.get("uri"):
            continue  # a blocked or deleted reply leaves a stub
        author = reply.get("author") or {}
        if author.get("did") not in own:  # the account's own replies come with its feed
            yield _post_record(reply, orjson.dumps(reply), endpoint(url), "thread", PUBLIC)
        if depth < MAX_THREAD_DEPTH:
            stack.extend((child, depth + 1) for child in node.get("replies") or [])


SYNCER = BlueskySync()
