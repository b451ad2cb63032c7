"""What every platform's API sync shares.

A syncer is an `Importer` to the archive's writer: it carries the same source
name as the platform's export importer, so an export and a later sync meet on
the same items, and its own version ("api-1") as provenance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.utils.translation import gettext as _

from ..importers.base import Importer, Record
from .http import Client, MediaClient, MediaRefused, SyncError

MAX_THREAD_DEPTH = 20


@dataclass(frozen=True)
class Account:
    base_url: str
    account: str  # a Mastodon handle, a Bluesky handle or DID, a page or Instagram account id
    token: str = ""


@dataclass(frozen=True)
class RemoteMedia:
    """A photo or video a record names on the platform: where to fetch it, and the
    name it is listed under (its origin; stable from one sync to the next)."""

    origin: str
    url: str  # "": the syncer finds it (`Syncer.locate`), only when it is not kept yet
    content_type: str = ""  # as the platform says, when the host does not
    description: str = ""  # alt text
    skip: str = ""  # a MediaReason value: listed, never fetched (a streamed video)
    size: int = 0  # as the platform declares it: over the limit, it is not fetched


class Syncer(Importer):
    version = "api-1"
    default_base_url: ClassVar[str]
    needs_token: ClassVar[bool] = False
    # Collections a whole sync reads completely: what it no longer finds is deleted.
    collections: ClassVar[frozenset[str]]

    def fetch(self, client: Client, account: Account, state: dict) -> Iterator[Record]:
        """Every record of the account; sets state["partial"] when it stopped early."""
        raise NotImplementedError

    def remote_media(self, record: Record) -> list[RemoteMedia]:
        """The photos and videos of a record this sync read (none by default)."""
        return []

    def locate(self, media: RemoteMedia, client: MediaClient, cache: dict[str, Any]) -> str:
        """The address of a file named without one (`url` ""), asked just before it is
        fetched; `cache` lives for one sync. MediaRefused when it cannot be found."""
        raise MediaRefused("refused", media.origin[:200])


def pages(
    client: Client, first: str, state: dict, next_of: Callable[[Any, Any], str]
) -> Iterator[tuple[Any, bytes, str]]:
    """Each page's JSON, bytes and URL, following `next_of(data, headers)` up to
    GOVSOCIAL_SYNC_MAX_PAGES (a runaway `next` chain stops there; the sync is partial)."""
    url, count, most = first, 0, settings.GOVSOCIAL_SYNC_MAX_PAGES
    while url:
        if count >= most:
            state["partial"] = True
            return
        data, raw, headers = client.get(url)
        yield data, raw, url
        count += 1
        url = next_of(data, headers)


def mapping(value: object) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one (platforms omit or null fields)."""
    return value if isinstance(value, dict) else {}


def unexpected(url: str) -> SyncError:
    return SyncError(_("%(url)s sent an answer of an unexpected shape.") % {"url": url})
