"""The archive as other apps read it for measuring: one frozen value per item.

Insights count, match questions to answers and score sentiment from these;
they never see `Item`. One query, the columns it needs, streamed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from govsocial.core.access import scoped
from govsocial.core.models import Organisation

from ..models import Item

MAX_INTERACTIONS = 200_000  # a cap on one reading; a month of one organisation stays far below


@dataclass(frozen=True)
class Interaction:
    id: int
    channel_id: int
    external_id: str
    kind: str  # post, reply, comment, direct_message, repost
    author_kind: str  # organisation or public
    author_handle: str
    text: str
    published_at: datetime
    in_reply_to: str
    thread_id: str
    counts: Mapping[str, int]


_COLUMNS = (
    "pk",
    "channel_id",
    "external_id",
    "kind",
    "author_kind",
    "author_handle",
    "text",
    "published_at",
    "in_reply_to",
    "thread_id",
    "counts",
)


def _interaction(row: tuple) -> Interaction:
    pk, channel, external_id, kind, author_kind, handle, text, published_at, *rest = row
    in_reply_to, thread_id, counts = rest
    return Interaction(
        id=pk,
        channel_id=channel,
        external_id=external_id,
        kind=kind,
        author_kind=author_kind,
        author_handle=handle,
        text=text,
        published_at=published_at,
        in_reply_to=in_reply_to,
        thread_id=thread_id,
        counts={k: v for k, v in (counts or {}).items() if isinstance(v, int)},
    )


def interactions(
    organisation: Organisation,
    start: datetime,
    end: datetime,
    channel_id: int | None = None,
) -> list[Interaction]:
    """Every live item published in [start, end), oldest first (destroyed items left out)."""
    items = scoped(Item, organisation).filter(
        published_at__gte=start, published_at__lt=end, destroyed_at__isnull=True
    )
    if channel_id is not None:
        items = items.filter(channel_id=channel_id)
    rows = items.order_by("published_at", "pk").values_list(*_COLUMNS)[:MAX_INTERACTIONS]
    return [_interaction(row) for row in rows.iterator(chunk_size=2000)]


def interactions_by_id(organisation: Organisation, ids: list[int]) -> dict[int, Interaction]:
    """The organisation's live items among `ids` (others, and destroyed ones, left out)."""
    found: dict[int, Interaction] = {}
    for start in range(0, len(ids), 500):
        rows = (
            scoped(Item, organisation)
            .filter(pk__in=ids[start : start + 500], destroyed_at__isnull=True)
            .values_list(*_COLUMNS)
        )
        for row in rows:
            item = _interaction(row)
            found[item.id] = item
    return found
