"""Facebook "Download your information" JSON: posts and comments.

Posts are a top-level array of `{timestamp, data[{post}], title, attachments}`
(file names change by generation: your_posts_1.json, your_posts__check_ins__…,
profile_posts_1.json for Pages); comments are `{"comments_v2": […]}`. Every
string is UTF-8 written byte by byte as latin-1 code points and is repaired
once. Facebook gives no ids, so each record gets a stable derived one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from django.utils.translation import gettext_lazy

from . import jsonstream, sniff
from .base import (
    COMMENT,
    ORGANISATION,
    POST,
    Importer,
    Part,
    Record,
    derived_id,
    from_timestamp,
    not_this_platform,
    repair_mojibake,
)
from .files import Export

_POSTS = re.compile(
    r"(^|/)(your_posts|profile_posts|your_posts__check_ins__photos_and_videos)_\d+\.json$"
)
_COMMENTS = re.compile(r"(^|/)comments(_v2)?\.json$")
COMMENT_PATHS = [("comments_v2",), ("comments",)]


class FacebookImporter(Importer):
    name = "facebook"
    version = "1"
    platforms = frozenset({"facebook"})
    label = gettext_lazy("Facebook download")

    def parts(self, export: Export) -> list[Part]:
        parts = []
        for entry in export.entries:
            if export.is_zip:
                if _POSTS.search(entry.name):
                    parts.append(Part(entry, "posts", "posts"))
                elif _COMMENTS.search(entry.name) and "instagram" not in entry.name:
                    parts.append(Part(entry, "comments", "comments"))
                continue
            sniff.expect(entry, self.name, str(self.label))
            # One numbered file may be one of several: only the whole download proves absence.
            reader = "comments" if sniff.json_kind(entry) == "object" else "posts"
            parts.append(Part(entry, reader, reader, complete=False))
        if not parts:
            raise not_this_platform(str(self.label), export.display_name)
        return parts

    def records(self, part: Part, context: dict[str, Any]) -> Iterator[Record]:
        paths = [()] if part.reader == "posts" else COMMENT_PATHS
        seen: Counter[str] = Counter()
        limit = part.entry.export.limits.record_bytes
        for _path, raw in jsonstream.array_elements(
            part.entry.chunks(), paths, part.entry.name, limit
        ):
            data = jsonstream.loads(raw, part.entry.name)
            if not isinstance(data, dict):
                raise jsonstream.malformed(part.entry.name)
            if part.reader == "posts":
                yield _post(data, raw, part, seen)
            else:
                yield from _comments(data, raw, part)


def _attachment_key(data: dict[str, Any]) -> str:
    """What identifies a post besides its time: the first media file's name or link."""
    for attachment in data.get("attachments") or []:
        for item in (attachment or {}).get("data") or []:
            media = (item or {}).get("media") or {}
            if media.get("uri"):
                return PurePosixPath(media["uri"]).name
            url = ((item or {}).get("external_context") or {}).get("url")
            if url:
                return url
    return ""


def _post(data: dict[str, Any], raw: bytes, part: Part, seen: Counter[str]) -> Record:
    timestamp = data.get("timestamp")
    text = next(
        (
            d["post"]
            for d in data.get("data") or []
            if isinstance(d, dict) and isinstance(d.get("post"), str)
        ),
        "",
    )
    updated = next(
        (
            d["update_timestamp"]
            for d in data.get("data") or []
            if isinstance(d, dict) and d.get("update_timestamp")
        ),
        None,
    )
    key = f"{timestamp}|{_attachment_key(data)}"
    seen[key] += 1  # posts in the same second with the same attachment keep apart, in file order
    links, media = [], []
    for attachment in data.get("attachments") or []:
        for item in (attachment or {}).get("data") or []:
            item = item or {}
            if (item.get("media") or {}).get("uri"):
                media.append(item["media"]["uri"])
            if (item.get("external_context") or {}).get("url"):
                links.append(item["external_context"]["url"])
    published = from_timestamp(timestamp)
    edited = from_timestamp(updated) if updated and updated != timestamp else None
    return Record(
        external_id=derived_id("facebook-post", key, seen[key]),
        kind=POST,
        author_kind=ORGANISATION,
        text=repair_mojibake(text),
        published_at=published,
        edited_at=edited,
        raw=raw,
        origin=part.entry.name,
        collection=part.collection,
        extra={"title": repair_mojibake(data.get("title") or ""), "links": links, "media": media},
    )


def _comments(data: dict[str, Any], raw: bytes, part: Part) -> Iterator[Record]:
    for item in data.get("data") or []:
        comment = (item or {}).get("comment") if isinstance(item, dict) else None
        if not isinstance(comment, dict):
            continue
        timestamp = comment.get("timestamp") or data.get("timestamp")
        text = repair_mojibake(comment.get("comment") or "")
        author = repair_mojibake(comment.get("author") or "")
        yield Record(
            external_id=derived_id("facebook-comment", timestamp, author, text),
            kind=COMMENT,
            author_kind=ORGANISATION,
            author_handle=author,
            text=text,
            published_at=from_timestamp(timestamp),
            raw=raw,
            origin=part.entry.name,
            collection=part.collection,
            extra={"title": repair_mojibake(data.get("title") or "")},
        )


IMPORTER = FacebookImporter()
