"""Which platform wrote a file, from its first bytes: for the single-file
imports and for telling a person that they chose the wrong source."""

from __future__ import annotations

import re
from typing import Any

import orjson

from . import jsonstream
from .files import Entry

# mastodon-archive's `<domain>.user.<name>.json`: an object whose first key names one of its lists.
_MASTODON_ARCHIVE = re.compile(
    rb'^(?:\xef\xbb\xbf)?\s*\{\s*"(?:account|statuses|favourites|bookmarks|mentions)"\s*:'
)

_CSV_HEADERS = {
    "linkedin": ("ShareLink", "ShareCommentary", "Share Link", "Share Commentary"),
}


def first_element(entry: Entry, paths: list[tuple[str, ...]]) -> Any:
    """The first element of the arrays at `paths` (parsed), None if there is none."""
    limit = entry.export.limits.record_bytes
    with entry.export.raw_open(entry.name) as stream:

        def chunks():
            while chunk := stream.read(256 * 1024):
                yield chunk

        try:
            for _path, raw in jsonstream.array_elements(chunks(), paths, entry.name, limit):
                return orjson.loads(raw)
        except (jsonstream.MalformedJSON, orjson.JSONDecodeError):
            return None
    return None


def json_kind(entry: Entry) -> str:
    """ "array", "object" or "" (not JSON) from the first significant byte."""
    head = entry.head(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return {b"[": "array", b"{": "object"}.get(head[:1], "")


def platform_of(entry: Entry) -> str:
    """ "x", "facebook", "instagram", "mastodon", "bluesky", "linkedin" or ""."""
    head = entry.head()
    if re.match(rb"\s*window\.(YTD\.|__THAR_CONFIG)", head):
        return "x"
    if b"roots" in head[:16] and b"version" in head[:128] and head.lstrip()[:1] not in (b"{", b"["):
        return "bluesky"
    text = _text(head)
    first_line = text.split("\n", 1)[0]
    for platform, headers in _CSV_HEADERS.items():
        if any(h in first_line for h in headers):
            return platform
    if first_line.strip() == "Date,Link,Message":
        return "linkedin"
    kind = json_kind(entry)
    if kind == "object":
        return _object_platform(head)
    if kind == "array":
        return array_platform(first_element(entry, [()]))
    return ""


def _text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8", errors="ignore")


def mastodon_archive(head: bytes) -> bool:
    """A file the open tool mastodon-archive wrote (its own archive, or a split part of it)."""
    return _MASTODON_ARCHIVE.match(head) is not None


def _object_platform(head: bytes) -> str:
    if mastodon_archive(head):
        return "mastodon"  # before the others: a status's text may hold any of their markers
    if b'"orderedItems"' in head or b"activitystreams" in head:
        return "mastodon"
    if re.search(rb'^\s*\{\s*"(feed|cursor)"', head) or b'"app.bsky.' in head:
        return "bluesky"
    if re.search(rb'^\s*\{\s*"(comments_v2|comments)"', head):
        return "facebook"
    if re.search(rb'^\s*\{\s*"comments_(media|reels)_comments"', head):
        return "instagram"
    if b'"spoiler_text"' in head or b'"reblog"' in head:
        return "mastodon"
    return ""


def array_platform(first: Any) -> str:
    if not isinstance(first, dict):
        return ""
    if "tweet" in first:
        return "x"
    if "string_map_data" in first or "media" in first or "creation_timestamp" in first:
        return "instagram"
    if "timestamp" in first:
        return "facebook"
    if "content" in first and ("created_at" in first or "account" in first):
        return "mastodon"
    if "post" in first and isinstance(first["post"], dict) and "uri" in first["post"]:
        return "bluesky"
    return ""


def expect(entry: Entry, platform: str, label: str) -> None:
    """Refuse a single file another platform wrote (an empty JSON array fits any)."""
    from .base import not_this_platform

    found = platform_of(entry)
    if found == platform:
        return
    if not found and json_kind(entry) == "array" and first_element(entry, [()]) is None:
        if entry.head(4096).strip(b"\xef\xbb\xbf \t\r\n[]") == b"":
            return
    raise not_this_platform(label, entry.name)
