"""Retention: the schedule per channel, legal holds, and destruction.

An item is due when it is older (published, or captured when the platform
gave no date) than its kind's years in the channel's schedule, is not under
a legal hold, and is not destroyed yet. A channel without a schedule keeps
everything. Destroying an item empties its text, its versions' text and
fields and (when no kept item shares it) its raw payload, keeps a tombstone
row, and appends a "destroyed" link to the channel's hash chain: the chain
stays verifiable and shows the destruction, never a silent gap.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from govsocial.core.access import scoped
from govsocial.core.dates import add_months
from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event
from govsocial.policies import services as policies

from ..importers.errors import ArchiveError
from ..models import (
    ChainHead,
    Destruction,
    ImportRun,
    Item,
    ItemVersion,
    Kind,
    LegalHold,
    RawPayload,
    RetentionSchedule,
)
from . import media, remote_media, search
from .chain import GENESIS, canonical, link

KINDS = tuple(Kind.values)
DESTRUCTION_SOURCE = "destruction"  # the ImportRun that is the destruction's provenance
BATCH = 500
MAX_YEARS = 200


def policy_years(organisation: Organisation) -> int | None:
    """The retention period the published policy names, a suggestion for a schedule."""
    policy = policies.published_policy(organisation)
    if policy is None or not policy.answers.get("archiving_duty"):
        return None
    years = policy.answers.get("retention_years")
    return int(years) if isinstance(years, int) else None


def schedules(organisation: Organisation) -> dict[int, RetentionSchedule]:
    return {s.channel_id: s for s in scoped(RetentionSchedule, organisation)}


def set_schedule(
    organisation: Organisation,
    person: Person | None,
    channel_id: int,
    years: dict[str, int | None],
    basis: str = "",
) -> RetentionSchedule:
    clean: dict[str, int | None] = {}
    for kind, value in years.items():
        if kind not in Kind.values:
            raise ArchiveError(_("“%(kind)s” is not a kind of item.") % {"kind": kind})
        if value is not None and not 1 <= int(value) <= MAX_YEARS:
            raise ArchiveError(
                _("Keep items between 1 and %(max)s years, or permanently.") % {"max": MAX_YEARS}
            )
        clean[kind] = None if value is None else int(value)
    schedule, _created = RetentionSchedule.objects.update_or_create(
        organisation=organisation,
        channel_id=channel_id,
        defaults={"years": clean, "basis": basis[:300], "set_by": _person(person)},
    )
    record_event(
        organisation, person, "archive.retention_set", schedule,
        summary=f"channel {channel_id}", years=clean, basis=basis[:300],
    )  # fmt: skip
    return schedule


def schedule_labels(schedule: RetentionSchedule) -> list[tuple[str, int | None]]:
    """(kind label, years or None for permanently), in the kinds' order."""
    return [
        (str(label), schedule.years.get(kind))
        for kind, label in Kind.choices
        if kind in schedule.years
    ]


def _person(person: Person | None) -> Person | None:
    return person if person is not None and person.pk else None


def active_holds(organisation: Organisation) -> QuerySet[LegalHold]:
    return scoped(LegalHold, organisation).filter(released_at__isnull=True)


def place_hold(
    organisation: Organisation,
    person: Person | None,
    reason: str,
    channel_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> LegalHold:
    if not reason.strip():
        raise ArchiveError(_("Say why the items are on hold."))
    if since and until and until < since:
        raise ArchiveError(_("The end of the period lies before its start."))
    hold = LegalHold.objects.create(
        organisation=organisation, channel_id=channel_id, since=since, until=until,
        reason=reason.strip()[:500], placed_by=_person(person),
    )  # fmt: skip
    record_event(organisation, person, "archive.hold_placed", hold, summary=hold.reason)
    return hold


def release_hold(hold: LegalHold, person: Person | None) -> None:
    hold.released_at, hold.released_by = timezone.now(), _person(person)
    hold.save(update_fields=["released_at", "released_by"])
    record_event(hold.organisation, person, "archive.hold_released", hold, summary=hold.reason)


def _day(value: date, end: bool = False) -> datetime:
    return timezone.make_aware(
        datetime.combine(value + timedelta(days=1) if end else value, time.min)
    )


def _held(holds: list[LegalHold], channel_id: int) -> Q | None:
    """Items of the channel under any of the holds."""
    found: Q | None = None
    for hold in holds:
        if hold.channel_id not in (None, channel_id):
            continue
        q = Q()
        if hold.since:
            q &= Q(published_at__gte=_day(hold.since))
        if hold.until:
            q &= Q(published_at__lt=_day(hold.until, end=True))
        if hold.since or hold.until:
            q |= Q(published_at__isnull=True)  # an undated item might fall in the period
        found = q if found is None else found | q
    return found


def due(
    organisation: Organisation, channel_id: int, today: date | None = None
) -> tuple[QuerySet[Item], int]:
    """The channel's items due for destruction, and how many more a legal hold keeps."""
    schedule = schedules(organisation).get(channel_id)
    items = scoped(Item, organisation).filter(channel_id=channel_id, destroyed_at__isnull=True)
    if schedule is None:
        return items.none(), 0
    today = today or timezone.localdate()
    past = Q(pk__in=[])
    for kind, years in schedule.years.items():
        if years is None:
            continue
        cutoff = _day(add_months(today, -12 * int(years)))
        past |= Q(kind=kind) & (
            Q(published_at__lt=cutoff) | Q(published_at__isnull=True, first_captured_at__lt=cutoff)
        )
    candidates = items.filter(past)
    held = _held(list(active_holds(organisation)), channel_id)
    if held is None:
        return candidates, 0
    return candidates.exclude(held), candidates.filter(held).count()


@dataclass(frozen=True)
class Plan:
    channel_id: int
    due: int
    held: int
    schedule: dict[str, Any]


def plan(organisation: Organisation, today: date | None = None) -> list[Plan]:
    """What a destruction run would destroy now, per channel with a schedule (a dry run)."""
    result = []
    for channel_id, schedule in sorted(schedules(organisation).items()):
        items, held = due(organisation, channel_id, today)
        result.append(Plan(channel_id, items.count(), held, dict(schedule.years)))
    return result


def destroy(
    organisation: Organisation,
    person: Person | None,
    ground: str,
    *,
    by: str = "",
    today: date | None = None,
) -> list[Destruction]:
    """Destroy every due item of every channel, one Destruction record per channel."""
    ground = ground.strip() or _("the retention schedule")
    done = []
    for entry in plan(organisation, today):
        if entry.due:
            done.append(_destroy_channel(organisation, person, entry, ground, by, today))
    return done


def _destroy_channel(
    organisation: Organisation,
    person: Person | None,
    entry: Plan,
    ground: str,
    by: str,
    today: date | None,
) -> Destruction:
    now = timezone.now()
    with transaction.atomic():
        media.hold_media(organisation)  # first, as an import: the one order of locks
        items, _held_count = due(organisation, entry.channel_id, today)
        span = items.aggregate(first=Min("published_at"), last=Max("published_at"))
        kinds = Counter(items.values_list("kind", flat=True))
        destruction = Destruction.objects.create(
            organisation=organisation, channel_id=entry.channel_id, performed_at=now,
            performed_by=_person(person), by=(by or (person.get_username() if person else "cli"))[:150],
            ground=ground, schedule=entry.schedule, count=sum(kinds.values()), kinds=dict(kinds),
            first_published=span["first"], last_published=span["last"],
        )  # fmt: skip
        chain = _Chain(organisation, entry.channel_id, destruction, now)
        while batch := list(items.order_by("pk")[:BATCH]):
            chain.destroy(batch)
        chain.finish()
    record_event(
        organisation, person, "archive.destroyed", destruction,
        summary=f"channel {entry.channel_id}: {destruction.count} items", ground=ground,
        count=destruction.count, kinds=dict(kinds),
    )  # fmt: skip
    return destruction


class _Chain:
    """Appends the "destroyed" links to one channel's chain."""

    def __init__(
        self, organisation: Organisation, channel_id: int, destruction: Destruction, now: datetime
    ) -> None:
        self.organisation, self.channel_id, self.now = organisation, channel_id, now
        self.origin = f"destruction {destruction.pk}"
        self.destruction = destruction
        self.head, _created = ChainHead.objects.select_for_update().get_or_create(
            organisation=organisation, channel_id=channel_id, defaults={"record_hash": GENESIS}
        )
        self.run = ImportRun.objects.create(
            organisation=organisation, channel_id=channel_id, source=DESTRUCTION_SOURCE,
            origin=self.origin, importer_version="1", started_at=now, finished_at=now,
            started_by=destruction.by,
        )  # fmt: skip

    def destroy(self, batch: list[Item]) -> None:
        ids = [i.pk for i in batch]
        last = dict(
            ItemVersion.objects.filter(item_id__in=ids)
            .values("item_id")
            .annotate(n=Max("number"))
            .values_list("item_id", "n")
        )
        raw_ids = set(
            ItemVersion.objects.filter(item_id__in=ids, raw__isnull=False).values_list(
                "raw_id", flat=True
            )
        )
        versions = []
        for item in batch:
            self.head.sequence += 1
            number = last.get(item.pk, 0) + 1
            record = canonical(
                channel_id=self.channel_id, source=item.source, external_id=item.external_id,
                number=number, event=ItemVersion.Event.DESTROYED, content="", raw_sha256="",
                captured_at=self.now, origin=self.origin, importer_version="1",
            )  # fmt: skip
            record_hash = link(self.head.record_hash, record)
            versions.append(
                ItemVersion(
                    organisation=self.organisation,
                    channel_id=self.channel_id,
                    item=item,
                    number=number,
                    event=ItemVersion.Event.DESTROYED,
                    run=self.run,
                    origin=self.origin,
                    importer_version="1",
                    captured_at=self.now,
                    sequence=self.head.sequence,
                    previous_hash=self.head.record_hash,
                    record_hash=record_hash,
                )  # fmt: skip
            )
            self.head.record_hash = record_hash
        search.unindex(batch)  # with the words it was indexed with, before they go
        ItemVersion.objects.filter(item_id__in=ids).update(text="", fields={})
        ItemVersion.objects.bulk_create(versions)
        Item.objects.filter(pk__in=ids).update(
            text="", author_handle="", url="", counts={}, destroyed_at=self.now,
            destruction=self.destruction,
        )  # fmt: skip
        # A payload another kept item shares stays.
        shared = set(
            ItemVersion.objects.filter(
                raw_id__in=raw_ids, item__destroyed_at__isnull=True
            ).values_list("raw_id", flat=True)
        )
        RawPayload.objects.filter(pk__in=raw_ids - shared).update(data=b"", destroyed_at=self.now)
        media.forget(self.organisation, ids)
        remote_media.forget(self.organisation, ids)

    def finish(self) -> None:
        self.head.save()


def destructions(organisation: Organisation) -> QuerySet[Destruction]:
    return scoped(Destruction, organisation).order_by("-performed_at", "-pk")
