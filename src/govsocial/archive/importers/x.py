"""X / Twitter "Your archive": the ZIP, or one of its `data/*.js` files.

Each file is JavaScript: `window.YTD.<name>.part<N> = ` and a JSON array, each
element wrapped as `{"tweet": {...}}` with every number a string. Retweets are
plain tweets whose text starts with "RT @"; an edit is a tweet naming its
first version in `edit_info.edit.initialTweetId`, so it becomes a version of
that item. `deleted-tweets.js` holds full tweets with `deleted_at`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy

from . import jsonstream
from .base import (
    ORGANISATION,
    POST,
    REPLY,
    REPOST,
    Importer,
    Part,
    Record,
    from_twitter,
    integer,
    language_code,
    not_this_platform,
)
from .files import Entry, Export
from .media import MediaIndex

_PREFIX = re.compile(rb"^\s*window\.(?:YTD\.(\w+)\.part(\d+)|__THAR_CONFIG)\s*=\s*")
# YTD name -> (collection, complete when the whole archive is read)
ITEM_FILES = {
    "tweets": "tweets",
    "tweet": "tweets",
    "community_tweet": "community_tweets",
    "deleted_tweets": "deleted_tweets",
}


class XImporter(Importer):
    name = "x"
    version = "1"
    platforms = frozenset({"x"})
    label = gettext_lazy("X (Twitter) archive")

    def media(self, record: Record, index: MediaIndex) -> list[Entry]:
        """X names the files after the tweet (`tweets_media/<id>-<name>`), not its media URLs."""
        return index.of_tweet(record.url.rsplit("/", 1)[-1])

    def parts(self, export: Export) -> list[Part]:
        parts = []
        for entry in export.entries:
            if export.is_zip and not entry.name.endswith(".js"):
                continue
            match = _PREFIX.match(entry.head(256))
            if match is None:
                if not export.is_zip:
                    raise not_this_platform(str(self.label), entry.name)
                continue
            ytd = (match.group(1) or b"").decode()
            if ytd == "account":
                parts.insert(0, Part(entry, "account", "account", complete=False))
            elif ytd in ITEM_FILES:
                # A lone file may be one part of many: only a whole archive proves absence.
                complete = export.is_zip and ytd != "deleted_tweets"
                parts.append(Part(entry, "tweets", ITEM_FILES[ytd], complete=complete))
            else:
                parts.append(Part(entry, "other", ytd or "manifest", complete=False))
        if (
            export.is_zip
            and not any(p.reader != "other" for p in parts)
            and not _is_x_archive(export)
        ):
            raise not_this_platform(str(self.label), export.display_name)
        return parts

    def records(self, part: Part, context: dict[str, Any]) -> Iterator[Record]:
        if part.reader == "other":
            return
        for raw in _elements(part.entry, context):
            data = jsonstream.loads(raw, part.entry.name)
            if not isinstance(data, dict):
                raise jsonstream.malformed(part.entry.name)
            if part.reader == "account":
                account = data.get("account") or {}
                context["handle"] = account.get("username", "")
                continue
            tweet = data.get("tweet", data)
            if isinstance(tweet, dict) and (tweet.get("id_str") or tweet.get("id")):
                yield _record(tweet, raw, part, context.get("handle", ""))


def _is_x_archive(export: Export) -> bool:
    return export.is_zip and any(e.basename == "manifest.js" for e in export.entries)


def _elements(entry: Entry, context: dict[str, Any]) -> Iterator[bytes]:
    limit = entry.export.limits.record_bytes

    def chunks() -> Iterator[bytes]:
        first = True
        for chunk in entry.chunks():
            if first:
                match = _PREFIX.match(chunk)
                if match is None:
                    raise not_this_platform(str(XImporter.label), entry.name)
                chunk, first = chunk[match.end() :], False
            yield chunk

    for _path, raw in jsonstream.array_elements(chunks(), [()], entry.name, limit):
        yield raw


_NONE: dict[str, Any] = {}  # read only: what a missing object reads as


def _record(tweet: dict[str, Any], raw: bytes, part: Part, handle: str) -> Record:
    get = tweet.get
    tweet_id = str(get("id_str") or get("id"))
    edit = (get("edit_info") or _NONE).get("edit") or _NONE
    initial = str(edit.get("initialTweetId") or tweet_id)
    text = html.unescape(get("full_text") or get("text") or "")
    reply_to = str(get("in_reply_to_status_id_str") or get("in_reply_to_status_id") or "")
    kind = REPOST if text.startswith("RT @") else REPLY if reply_to else POST
    entities = get("entities") or _NONE
    media = (get("extended_entities") or entities).get("media")
    urls = entities.get("urls")
    created = from_twitter(get("created_at"))
    extra: dict[str, Any] = {
        "links": [u.get("expanded_url") for u in urls if u.get("expanded_url")] if urls else [],
        "media": [
            m.get("media_url_https") or m.get("media_url") for m in media if isinstance(m, dict)
        ]
        if media
        else [],
    }
    if get("in_reply_to_screen_name"):
        extra["reply_to_user"] = tweet["in_reply_to_screen_name"]
    deleted = get("deleted_at")
    return Record(
        external_id=initial,
        kind=kind,
        author_kind=ORGANISATION,
        author_handle=handle,
        text=text,
        language=language_code(get("lang")),
        published_at=created,
        in_reply_to=reply_to,
        url=f"https://x.com/{handle or 'i/web'}/status/{tweet_id}",
        counts={
            "likes": integer(get("favorite_count")),
            "reposts": integer(get("retweet_count")),
        },
        edited_at=created if initial != tweet_id else None,
        deleted_at=from_twitter(deleted) if deleted else None,
        raw=raw,
        origin=part.entry.name,
        collection=part.collection,
        extra=extra,
    )


IMPORTER = XImporter()
