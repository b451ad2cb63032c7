"""Facebook Pages through the Graph API: the page's posts, and every comment
and reply with its time and author (the only source of the public's comments).

Comments are read with `filter=stream`: replies come in the same list with
their `parent`. A comment by the page itself is the organisation's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from django.utils.translation import gettext_lazy

from ..importers.base import COMMENT, ORGANISATION, POST, PUBLIC, REPLY, Record, from_iso, integer
from ..importers.files import Export
from .base import Account, RemoteMedia, Syncer, mapping
from .graph import GRAPH, edges
from .http import Client

POST_FIELDS = (
    "id,message,created_time,updated_time,permalink_url,shares,"
    "attachments{media_type,media,target{id},subattachments{media_type,media,target{id}}}"
)
COMMENT_FIELDS = "id,message,created_time,from,parent{id},like_count,comment_count"


class FacebookSync(Syncer):
    name = "facebook"
    platforms = frozenset({"facebook"})
    label = gettext_lazy("Facebook Graph API (Page)")
    default_base_url = GRAPH
    needs_token = True
    collections = frozenset({"graph-posts", "graph-comments"})

    def parts(self, export: Export) -> list:
        return []

    def fetch(self, client: Client, account: Account, state: dict) -> Iterator[Record]:
        page = account.account.strip()
        first = client.url(f"/{page}/posts", fields=POST_FIELDS, limit=100)
        for post, origin in edges(client, first, state):
            yield _post(post, origin)
            comments = client.url(
                f"/{post['id']}/comments", fields=COMMENT_FIELDS, filter="stream", limit=100
            )
            for comment, comment_origin in edges(client, comments, state):
                yield _comment(comment, comment_origin, str(post["id"]), page)

    def remote_media(self, record: Record) -> list[RemoteMedia]:
        """A post's photos (`media.image.src`) and videos (`media.source`), an album's
        from its `subattachments`. The addresses are signed and change, so a file is
        listed under the id of its photo or video (`target`)."""
        if record.collection != "graph-posts":
            return []
        try:
            post = orjson.loads(record.raw)
        except orjson.JSONDecodeError:
            return []
        found: list[RemoteMedia] = []
        attachments = mapping(post.get("attachments")).get("data") if isinstance(post, dict) else []
        for attachment in attachments if isinstance(attachments, list) else []:
            if not isinstance(attachment, dict):
                continue
            subs = mapping(attachment.get("subattachments")).get("data")
            for node in subs if isinstance(subs, list) and subs else [attachment]:
                remote = _attachment(node, f"{record.external_id}/{len(found)}")
                if remote is not None:
                    found.append(remote)
        return found


MEDIA_TYPES = ("photo", "video", "album", "animated")  # not a link's or an event's preview


def _attachment(node: Any, fallback: str) -> RemoteMedia | None:
    if not isinstance(node, dict) or not str(node.get("media_type", "")).startswith(MEDIA_TYPES):
        return None
    media = mapping(node.get("media"))
    url = str(media.get("source") or mapping(media.get("image")).get("src") or "")
    if not url:
        return None
    target = str(mapping(node.get("target")).get("id") or fallback)
    return RemoteMedia(origin=f"facebook:{target}", url=url)


def _post(post: dict[str, Any], origin: str) -> Record:
    return Record(
        external_id=str(post["id"]),
        kind=POST,
        author_kind=ORGANISATION,
        text=str(post.get("message") or ""),
        published_at=from_iso(post.get("created_time")),
        url=str(post.get("permalink_url") or ""),
        counts={"shares": integer((post.get("shares") or {}).get("count"))},
        raw=orjson.dumps(post),
        origin=origin,
        collection="graph-posts",
    )


def _comment(comment: dict[str, Any], origin: str, post_id: str, page: str) -> Record:
    author = mapping(comment.get("from"))
    parent = mapping(comment.get("parent"))
    ours = str(author.get("id", "")) == page
    return Record(
        external_id=str(comment["id"]),
        kind=REPLY if parent.get("id") else COMMENT,
        author_kind=ORGANISATION if ours else PUBLIC,
        author_handle=str(author.get("name", "")),
        text=str(comment.get("message") or ""),
        published_at=from_iso(comment.get("created_time")),
        in_reply_to=str(parent.get("id") or post_id),
        thread_id=post_id,
        counts={
            "likes": integer(comment.get("like_count")),
            "replies": integer(comment.get("comment_count")),
        },
        raw=orjson.dumps(comment),
        origin=origin,
        collection="graph-comments",
    )


SYNCER = FacebookSync()
