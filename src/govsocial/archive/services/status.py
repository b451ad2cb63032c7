"""Completeness per channel: items per kind, deletions, last capture, gaps in
time, versions without a raw payload. Feeds `archive status`, the archive's
pages and, as facts "archive" (`completeness`), any other app."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Max, Min, Q, Window
from django.db.models.functions import Lag
from django.utils import timezone

from govsocial.channels import services as channels
from govsocial.core.models import Organisation

from ..models import ImportRun, Item, ItemVersion, Kind

LIVE_STATUSES = {"active", "dormant"}
GAP_DAYS = 30  # a month without a single item is worth a look
MAX_GAPS = 5


@dataclass(frozen=True)
class Gap:
    start: datetime
    end: datetime

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class ChannelStatus:
    channel_id: int
    name: str
    platform: str
    total: int = 0
    deleted: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    first_item: datetime | None = None
    last_item: datetime | None = None
    last_capture: datetime | None = None
    without_raw: int = 0
    gaps: tuple[Gap, ...] = ()

    @property
    def platform_name(self) -> str:
        return channels.platform_name(self.platform)

    @property
    def kind_labels(self) -> list[tuple[str, int]]:
        return [(str(Kind(k).label), n) for k, n in sorted(self.kinds.items())]

    def as_dict(self) -> dict:
        return {
            "channel_id": self.channel_id,
            "name": self.name,
            "platform": self.platform,
            "total": self.total,
            "deleted": self.deleted,
            "kinds": self.kinds,
            "first_item": self.first_item.isoformat() if self.first_item else None,
            "last_item": self.last_item.isoformat() if self.last_item else None,
            "last_capture": self.last_capture.isoformat() if self.last_capture else None,
            "without_raw": self.without_raw,
            "gaps": [
                {"start": g.start.isoformat(), "end": g.end.isoformat(), "days": g.days}
                for g in self.gaps
            ],
        }


def gaps(organisation: Organisation, gap_days: int = GAP_DAYS) -> dict[int, list[Gap]]:
    """The longest stretches without an item, per channel (longest first)."""
    rows = (
        Item.objects.filter(organisation=organisation, published_at__isnull=False)
        .annotate(
            previous=Window(
                Lag("published_at"),
                partition_by=[F("channel_id")],
                order_by=F("published_at").asc(),
            )
        )
        .filter(previous__lt=F("published_at") - timedelta(days=gap_days))
        .values_list("channel_id", "previous", "published_at")
    )
    found: dict[int, list[Gap]] = {}
    for channel_id, previous, published in rows:
        if previous is not None and published is not None:
            found.setdefault(channel_id, []).append(Gap(previous, published))
    return {
        c: sorted(g, key=lambda gap: gap.days, reverse=True)[:MAX_GAPS] for c, g in found.items()
    }


def status(organisation: Organisation, gap_days: int = GAP_DAYS) -> list[ChannelStatus]:
    """Every channel of the register, archived or not, and anything archived for a channel since removed."""
    names = {c.id: (c.name, c.platform) for c in channels.channel_choices(organisation)}
    per_kind: dict[int, dict[str, int]] = {}
    totals: dict[int, dict] = {}
    rows = (
        Item.objects.filter(organisation=organisation)
        .values("channel_id", "kind")
        .annotate(
            n=Count("pk"),
            deleted=Count("pk", filter=Q(deleted_seen_at__isnull=False)),
        )
        .order_by()
    )
    for row in rows:
        per_kind.setdefault(row["channel_id"], {})[row["kind"]] = row["n"]
        total = totals.setdefault(row["channel_id"], {"total": 0, "deleted": 0})
        total["total"] += row["n"]
        total["deleted"] += row["deleted"]
    spans: dict[int, Any] = {
        r["channel_id"]: r
        for r in Item.objects.filter(organisation=organisation)
        .values("channel_id")
        .annotate(first=Min("published_at"), last=Max("published_at"))
        .order_by()
    }
    captures = dict(
        ImportRun.objects.filter(organisation=organisation)
        .exclude(source="destruction")
        .values("channel_id")
        .annotate(last=Max("finished_at"))
        .values_list("channel_id", "last")
    )
    no_raw = dict(
        ItemVersion.objects.filter(
            organisation=organisation,
            raw__isnull=True,
            event__in=[ItemVersion.Event.CAPTURED, ItemVersion.Event.EDITED],
        )
        .values("channel_id")
        .annotate(n=Count("pk"))
        .values_list("channel_id", "n")
    )
    holes = gaps(organisation, gap_days)
    result = []
    for channel_id in sorted(set(names) | set(totals)):
        name, platform = names.get(channel_id, ("?", "?"))
        result.append(
            ChannelStatus(
                channel_id=channel_id,
                name=name,
                platform=platform,
                total=totals.get(channel_id, {}).get("total", 0),
                deleted=totals.get(channel_id, {}).get("deleted", 0),
                kinds=per_kind.get(channel_id, {}),
                first_item=(spans.get(channel_id) or {}).get("first"),
                last_item=(spans.get(channel_id) or {}).get("last"),
                last_capture=captures.get(channel_id),
                without_raw=no_raw.get(channel_id, 0),
                gaps=tuple(holes.get(channel_id, [])),
            )
        )
    return result


STALE_DAYS = 30  # a live channel not captured for a month is falling behind


def completeness(
    organisation: Organisation, statuses: list[ChannelStatus] | None = None
) -> dict[str, Any]:
    """Facts "archive" for other apps and the archive page: per channel the last
    capture, gaps in time and versions without a raw payload, and the totals."""
    now = timezone.now()
    live = {c.id for c in channels.channel_choices(organisation) if c.status in LIVE_STATUSES}
    per_channel: dict[int, dict[str, Any]] = {}
    for s in statuses if statuses is not None else status(organisation):
        stale = s.channel_id in live and (
            s.last_capture is None or now - s.last_capture > timedelta(days=STALE_DAYS)
        )
        per_channel[s.channel_id] = {
            "name": s.name,
            "items": s.total,
            "deleted": s.deleted,
            "last_capture": s.last_capture,
            "gaps": len(s.gaps),
            "longest_gap_days": max((g.days for g in s.gaps), default=0),
            "without_raw": s.without_raw,
            "stale": stale,
        }
    values = list(per_channel.values())
    return {
        "channels": per_channel,
        "archived_channels": sum(1 for v in values if v["last_capture"]),
        "never_captured": sum(
            1 for c, v in per_channel.items() if c in live and not v["last_capture"]
        ),
        "stale_channels": sum(1 for v in values if v["stale"]),
        "channels_with_gaps": sum(1 for v in values if v["gaps"]),
        "without_raw": sum(v["without_raw"] for v in values),
        "stale_days": STALE_DAYS,
    }
