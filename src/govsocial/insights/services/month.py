"""One organisation's month: the measures and the response to the public, per
channel and for the whole organisation, against the published policy.

A few queries whatever the number of items: the channels, the policy, the
corrected labels and one reading of the archive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from govsocial.archive import services as archive
from govsocial.channels import services as channels
from govsocial.channels.services import ChannelChoice, platform_name
from govsocial.core.models import Organisation
from govsocial.policies import services as policies

from ..models import SentimentCorrection
from .errors import InsightsError
from .measures import Measures, combine, measure
from .methods import plan
from .mood import Mood, mood
from .mood import combine as combine_moods
from .responses import Responses, responses
from .responses import combine as combine_responses
from .staffed import zone_for

ANSWER_LOOKAHEAD = timedelta(days=31)  # an answer in the next month still counts
EARLIEST_YEAR = 2000


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def slug(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def following(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def start(self, zone: ZoneInfo) -> datetime:
        return datetime(self.year, self.month, 1, tzinfo=zone)

    def end(self, zone: ZoneInfo) -> datetime:
        return self.following().start(zone)


def this_month(zone: ZoneInfo | None = None) -> Month:
    now = timezone.now().astimezone(zone) if zone else timezone.localtime()
    return Month(now.year, now.month)


def parse_month(value: str | None) -> Month:
    """`YYYY-MM` as a Month, or InsightsError in the person's language."""
    text = (value or "").strip()
    year, sep, month = text.partition("-")
    if sep and len(year) == 4 and len(month) == 2 and year.isdigit() and month.isdigit():
        found = Month(int(year), int(month))
        if 1 <= found.month <= 12 and EARLIEST_YEAR <= found.year:
            if found.slug <= this_month().slug:
                return found
            raise InsightsError(_("%(month)s has not started yet.") % {"month": text})
    raise InsightsError(
        _("“%(month)s” is not a month; write it as YYYY-MM, e.g. 2026-03.") % {"month": text[:20]}
    )


@dataclass(frozen=True)
class ChannelMonth:
    channel_id: int
    name: str
    platform: str
    handle: str
    measures: Measures
    responses: Responses
    mood: Mood = Mood()
    status: str = ""  # the register's: active, dormant, closed, …

    @property
    def platform_name(self) -> str:
        return platform_name(self.platform) if self.platform else ""

    @property
    def label(self) -> str:
        """The name with the platform: one organisation often has the same name on each."""
        return f"{self.name} ({self.platform_name})" if self.platform else self.name


@dataclass(frozen=True)
class OrganisationMonth:
    month: Month
    zone: ZoneInfo
    terms: policies.ResponseTerms
    has_policy: bool  # False: the suggested answers stand in for a published policy
    measures: Measures
    responses: Responses
    mood: Mood
    channels: tuple[ChannelMonth, ...]
    # Every channel of the register, also those with nothing this month (for dormancy).
    register: tuple[ChannelChoice, ...] = ()

    def channel(self, channel_id: int) -> ChannelMonth | None:
        return next((c for c in self.channels if c.channel_id == channel_id), None)


def response_terms(organisation: Organisation) -> tuple[policies.ResponseTerms, bool]:
    policy = policies.published_policy(organisation)
    if policy is None:
        return policies.response_terms(policies.default_answers("en")), False
    return policies.response_terms(policy.answers), True


def organisation_month(
    organisation: Organisation, month: Month, now: datetime | None = None
) -> OrganisationMonth:
    now = now or timezone.now()
    zone = zone_for(organisation.country)
    start, end = month.start(zone), month.end(zone)
    terms, has_policy = response_terms(organisation)
    items = archive.interactions(organisation, start, min(end + ANSWER_LOOKAHEAD, now))
    names = {c.id: c for c in channels.channel_choices(organisation)}
    corrected = dict(
        SentimentCorrection.objects.filter(organisation=organisation).values_list(
            "item_id", "label"
        )
    )
    methods = plan()  # a model folder that cannot be used: the word lists, and the page says so
    by_channel: dict[int, list[archive.Interaction]] = {}
    for item in items:
        by_channel.setdefault(item.channel_id, []).append(item)
    parts: list[ChannelMonth] = []
    for channel_id, channel_items in by_channel.items():
        in_month = [i for i in channel_items if i.published_at < end]
        if not in_month:
            continue
        choice = names.get(channel_id)
        parts.append(
            ChannelMonth(
                channel_id=channel_id,
                name=choice.name if choice else f"#{channel_id}",
                platform=choice.platform if choice else "",
                handle=choice.handle if choice else "",
                measures=measure(in_month, zone),
                responses=responses(channel_items, start, end, terms, organisation.country, now),
                mood=mood(in_month, corrected, methods),
                status=choice.status if choice else "",
            )
        )
    parts.sort(key=lambda c: (c.platform, c.name.casefold(), c.channel_id))
    return OrganisationMonth(
        month=month,
        zone=zone,
        terms=terms,
        has_policy=has_policy,
        measures=combine(p.measures for p in parts),
        responses=combine_responses([p.responses for p in parts]),
        mood=combine_moods([p.mood for p in parts], methods),
        channels=tuple(parts),
        register=tuple(names.values()),
    )
