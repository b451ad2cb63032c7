"""Output and conversation per channel and month, from the archive's items.

Posts, replies and reposts are the organisation's; comments received are the
public's replies and comments. Engagement adds the likes, reposts and replies
the platform counted on the organisation's posts, where the export gives
counts; the rate is engagement per post that has counts (no export gives
followers or views, so no rate per follower)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from govsocial.archive.services import Interaction

ORGANISATION = "organisation"
PUBLIC = "public"
CONVERSATION_KINDS = ("reply", "comment", "direct_message")
ENGAGEMENT_COUNTS = ("likes", "reposts", "replies")

HeatMap = tuple[tuple[int, ...], ...]  # 7 weekdays (Monday first) × 24 hours
NO_HOURS: HeatMap = tuple((0,) * 24 for _day in range(7))


@dataclass(frozen=True)
class Measures:
    posts: int = 0
    replies: int = 0  # the organisation's replies, comments and messages
    reposts: int = 0
    comments_received: int = 0  # the public's replies and comments
    messages_received: int = 0  # the public's direct messages
    engagement: int | None = None  # None: the export gives no counts
    posts_with_counts: int = 0
    posting: HeatMap = NO_HOURS
    reactions: HeatMap = NO_HOURS
    last_published: datetime | None = None  # the organisation's last post, reply or repost

    @property
    def engagement_rate(self) -> float | None:
        if self.engagement is None or not self.posts_with_counts:
            return None
        return self.engagement / self.posts_with_counts

    @property
    def broadcasts(self) -> int:
        return self.posts + self.reposts

    @property
    def broadcast_share(self) -> float | None:
        """Broadcasts as a share (0–100) of everything the organisation published."""
        total = self.broadcasts + self.replies
        return 100 * self.broadcasts / total if total else None

    @property
    def output(self) -> int:
        return self.broadcasts + self.replies


def _empty() -> list[list[int]]:
    return [[0] * 24 for _ in range(7)]


def measure(items: Iterable[Interaction], zone: ZoneInfo) -> Measures:
    posts = replies = reposts = received = messages = with_counts = engagement = 0
    posting, reactions = _empty(), _empty()
    last: datetime | None = None
    for item in items:
        local = item.published_at.astimezone(zone)
        if item.author_kind == ORGANISATION:
            posting[local.weekday()][local.hour] += 1
            last = item.published_at if last is None else max(last, item.published_at)
            if item.kind == "post":
                posts += 1
                found = [item.counts[k] for k in ENGAGEMENT_COUNTS if k in item.counts]
                if found:
                    with_counts += 1
                    engagement += sum(found)
            elif item.kind == "repost":
                reposts += 1
            elif item.kind in CONVERSATION_KINDS:
                replies += 1
        elif item.author_kind == PUBLIC:
            reactions[local.weekday()][local.hour] += 1
            if item.kind == "direct_message":
                messages += 1
            elif item.kind in CONVERSATION_KINDS:
                received += 1
    return Measures(
        posts=posts,
        replies=replies,
        reposts=reposts,
        comments_received=received,
        messages_received=messages,
        engagement=engagement if with_counts else None,
        posts_with_counts=with_counts,
        posting=tuple(tuple(row) for row in posting),
        reactions=tuple(tuple(row) for row in reactions),
        last_published=last,
    )


def combine(parts: Iterable[Measures]) -> Measures:
    """The organisation's measures: the channels' added up."""
    total_reactions = [[0] * 24 for _ in range(7)]
    total_posting = [[0] * 24 for _ in range(7)]
    counts = dict.fromkeys(
        ("posts", "replies", "reposts", "comments_received", "messages_received"), 0
    )
    engagement: int | None = None
    with_counts = 0
    last: datetime | None = None
    for part in parts:
        if part.last_published is not None:
            last = part.last_published if last is None else max(last, part.last_published)
        for key in counts:
            counts[key] += getattr(part, key)
        if part.engagement is not None:
            engagement = (engagement or 0) + part.engagement
            with_counts += part.posts_with_counts
        for day in range(7):
            for hour in range(24):
                total_posting[day][hour] += part.posting[day][hour]
                total_reactions[day][hour] += part.reactions[day][hour]
    return Measures(
        **counts,
        engagement=engagement,
        posts_with_counts=with_counts,
        posting=tuple(tuple(r) for r in total_posting),
        reactions=tuple(tuple(r) for r in total_reactions),
        last_published=last,
    )
