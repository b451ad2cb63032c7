"""Finding an item's media files (photos, videos) among the files of an export.

Exports name them differently: Facebook, Instagram and Mastodon give each
file's path (Mastodon as a URL path), which the ZIP may hold under a top
folder; X names them `tweets_media/<tweet id>-<name>`, videos with a random
name. The index is built once per export, in one pass over its entries.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .files import Entry, Export

MEDIA_FOLDERS = ("tweets_media", "tweet_media", "deleted_tweets_media")


class MediaIndex:
    def __init__(self, export: Export) -> None:
        self.by_name: dict[str, list[Entry]] = defaultdict(list)
        self.by_tweet: dict[str, list[Entry]] = defaultdict(list)
        if not export.is_zip:
            return  # a single file holds no media
        for entry in export.entries:
            path = PurePosixPath(entry.name)
            self.by_name[path.name].append(entry)
            if path.parent.name in MEDIA_FOLDERS and "-" in path.name:
                self.by_tweet[path.name.split("-", 1)[0]].append(entry)

    def by_path(self, reference: str) -> Entry | None:
        """The entry a media path or URL of the export names, if the ZIP holds it."""
        path = urlsplit(reference).path.lstrip("/") if "://" in reference else reference
        path = path.lstrip("/")
        for entry in self.by_name.get(PurePosixPath(path).name, []):
            if entry.name == path or entry.name.endswith("/" + path):
                return entry
        return None

    def of_tweet(self, tweet_id: str) -> list[Entry]:
        return list(self.by_tweet.get(tweet_id, []))


def index_of(export: Export) -> MediaIndex:
    """The export's media index, built on first use."""
    index = getattr(export, "_media_index", None)
    if index is None:
        index = MediaIndex(export)
        export._media_index = index  # type: ignore[attr-defined]
    return index
