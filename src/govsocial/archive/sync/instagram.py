"""Instagram business and creator accounts through the Graph API: the media,
their comments and the replies to each comment, with times and user names.

A comment or reply by the account's own user name is the organisation's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from django.utils.translation import gettext_lazy

from ..importers.base import COMMENT, ORGANISATION, POST, PUBLIC, REPLY, Record, from_iso, integer
from ..importers.files import Export
from .base import Account, RemoteMedia, Syncer, mapping
from .graph import GRAPH, edges
from .http import Client, endpoint

MEDIA_FIELDS = (
    "id,caption,timestamp,permalink,media_type,like_count,comments_count,media_url,"
    "children{id,media_type,media_url}"
)
COMMENT_FIELDS = "id,text,timestamp,username,like_count,replies{id,text,timestamp,username}"


class InstagramSync(Syncer):
    name = "instagram"
    platforms = frozenset({"instagram"})
    label = gettext_lazy("Instagram Graph API (business account)")
    default_base_url = GRAPH
    needs_token = True
    collections = frozenset({"graph-media", "graph-comments"})

    def parts(self, export: Export) -> list:
        return []

    def fetch(self, client: Client, account: Account, state: dict) -> Iterator[Record]:
        user = account.account.strip()
        profile, _raw, _h = client.get(client.url(f"/{user}", fields="username"))
        username = str(profile.get("username", "")) if isinstance(profile, dict) else ""
        first = client.url(f"/{user}/media", fields=MEDIA_FIELDS, limit=100)
        for media, origin in edges(client, first, state):
            yield _media(media, origin, username)
            if not integer(media.get("comments_count")):
                continue
            comments = client.url(f"/{media['id']}/comments", fields=COMMENT_FIELDS, limit=100)
            for comment, comment_origin in edges(client, comments, state):
                yield _comment(comment, comment_origin, str(media["id"]), "", username)
                replies = mapping(comment.get("replies"))
                for reply in replies.get("data") or []:
                    if isinstance(reply, dict) and reply.get("id"):
                        yield _comment(
                            reply, endpoint(comment_origin), str(media["id"]),
                            str(comment["id"]), username,
                        )  # fmt: skip

    def remote_media(self, record: Record) -> list[RemoteMedia]:
        """A post's photo or video (`media_url`; each of an album's `children`). The
        address is signed and changes, so a file is listed under its media id."""
        if record.collection != "graph-media":
            return []
        try:
            media = orjson.loads(record.raw)
        except orjson.JSONDecodeError:
            return []
        children = mapping(media.get("children")).get("data") if isinstance(media, dict) else None
        found = []
        for node in children if isinstance(children, list) and children else [media]:
            if isinstance(node, dict) and node.get("media_url") and node.get("id"):
                found.append(
                    RemoteMedia(origin=f"instagram:{node['id']}", url=str(node["media_url"]))
                )
        return found


def _media(media: dict[str, Any], origin: str, username: str) -> Record:
    return Record(
        external_id=str(media["id"]),
        kind=POST,
        author_kind=ORGANISATION,
        author_handle=username,
        text=str(media.get("caption") or ""),
        published_at=from_iso(media.get("timestamp")),
        url=str(media.get("permalink") or ""),
        counts={
            "likes": integer(media.get("like_count")),
            "comments": integer(media.get("comments_count")),
        },
        raw=orjson.dumps(media),
        origin=origin,
        collection="graph-media",
        extra={"media_type": str(media.get("media_type") or "")},
    )


def _comment(
    comment: dict[str, Any], origin: str, media_id: str, parent: str, username: str
) -> Record:
    author = str(comment.get("username") or "")
    return Record(
        external_id=str(comment["id"]),
        kind=REPLY if parent else COMMENT,
        author_kind=ORGANISATION if username and author == username else PUBLIC,
        author_handle=author,
        text=str(comment.get("text") or ""),
        published_at=from_iso(comment.get("timestamp")),
        in_reply_to=parent or media_id,
        thread_id=media_id,
        counts={"likes": integer(comment.get("like_count"))},
        raw=orjson.dumps(comment),
        origin=origin,
        collection="graph-comments",
    )


SYNCER = InstagramSync()
