"""Instagram "Download your information" JSON: posts and the comments written.

A single-photo post keeps its caption as the media item's `title`; a carousel
keeps it, and the time, at the top. Comments are `string_map_data` keyed by
English labels ("Comment", "Media Owner", "Time"). Strings carry the same
latin-1 mojibake as Facebook's and are repaired once. The media file names end
in Instagram's media id, which gives posts a stable id.
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

_POSTS = re.compile(r"(^|/)posts_\d+\.json$")
_COMMENTS = re.compile(r"(^|/)(post_comments_\d+|reels_comments)\.json$")
COMMENT_PATHS = [(), ("comments_media_comments",), ("comments_reels_comments",)]
_MEDIA_ID = re.compile(r"_(\d{8,})\.\w+$")


class InstagramImporter(Importer):
    name = "instagram"
    version = "1"
    platforms = frozenset({"instagram"})
    label = gettext_lazy("Instagram download")

    def parts(self, export: Export) -> list[Part]:
        parts = []
        for entry in export.entries:
            if export.is_zip:
                if _COMMENTS.search(entry.name):
                    parts.append(Part(entry, "comments", "comments"))
                elif _POSTS.search(entry.name):
                    parts.append(Part(entry, "posts", "posts"))
                continue
            sniff.expect(entry, self.name, str(self.label))
            first = sniff.first_element(entry, COMMENT_PATHS)
            reader = (
                "comments" if isinstance(first, dict) and "string_map_data" in first else "posts"
            )
            if sniff.json_kind(entry) == "object":
                reader = "comments"
            parts.append(Part(entry, reader, reader, complete=False))
        if not parts:
            raise not_this_platform(str(self.label), export.display_name)
        return parts

    def records(self, part: Part, context: dict[str, Any]) -> Iterator[Record]:
        paths = [()] if part.reader == "posts" else COMMENT_PATHS
        limit = part.entry.export.limits.record_bytes
        seen: Counter[str] = Counter()
        for _path, raw in jsonstream.array_elements(
            part.entry.chunks(), paths, part.entry.name, limit
        ):
            data = jsonstream.loads(raw, part.entry.name)
            if not isinstance(data, dict):
                raise jsonstream.malformed(part.entry.name)
            yield (
                _post(data, raw, part)
                if part.reader == "posts"
                else _comment(data, raw, part, seen)
            )


def _post(data: dict[str, Any], raw: bytes, part: Part) -> Record:
    media = [m for m in data.get("media") or [] if isinstance(m, dict)]
    first = media[0] if media else {}
    caption = data.get("title") or first.get("title") or ""
    timestamp = data.get("creation_timestamp") or first.get("creation_timestamp")
    uris = [m["uri"] for m in media if m.get("uri")]
    match = _MEDIA_ID.search(PurePosixPath(uris[0]).name) if uris else None
    external_id = (
        f"media:{match.group(1)}" if match else derived_id("instagram-post", timestamp, *uris)
    )
    return Record(
        external_id=external_id,
        kind=POST,
        author_kind=ORGANISATION,
        text=repair_mojibake(caption),
        published_at=from_timestamp(timestamp),
        raw=raw,
        origin=part.entry.name,
        collection=part.collection,
        extra={"media": uris},
    )


def _label(data: dict[str, Any], label: str) -> dict[str, Any]:
    value = (data.get("string_map_data") or {}).get(label)
    return value if isinstance(value, dict) else {}


def _comment(data: dict[str, Any], raw: bytes, part: Part, seen: Counter[str]) -> Record:
    text = repair_mojibake(str(_label(data, "Comment").get("value") or ""))
    owner = repair_mojibake(str(_label(data, "Media Owner").get("value") or ""))
    timestamp = _label(data, "Time").get("timestamp")
    key = derived_id("instagram-comment", timestamp, owner, text)
    seen[key] += 1  # the same words to the same owner in the same second stay apart
    return Record(
        external_id=key if seen[key] == 1 else derived_id(key, seen[key]),
        kind=COMMENT,
        author_kind=ORGANISATION,
        text=text,
        published_at=from_timestamp(timestamp),
        raw=raw,
        origin=part.entry.name,
        collection=part.collection,
        extra={"media_owner": owner} if owner else {},
    )


IMPORTER = InstagramImporter()
