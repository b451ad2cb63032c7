"""Hours between two moments, counted as the public's clock and as the team's:
staffed hours follow the published policy's staffed days and hours and skip
the country's public holidays (the `holidays` package)."""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
from django.conf import settings

from govsocial.policies.services import ResponseTerms

MAX_DAYS = 800  # a longer wait is counted up to here: beyond any promise anyway
ZONES = {"NL": "Europe/Amsterdam", "BE": "Europe/Brussels", "GB": "Europe/London"}


def zone_for(country: str) -> ZoneInfo:
    return ZoneInfo(ZONES.get((country or "").upper(), settings.TIME_ZONE))


@functools.lru_cache(maxsize=64)
def public_holidays(country: str, year: int) -> frozenset[date]:
    """The country's public holidays in `year`; none for a country the package does not know."""
    try:
        calendar = holiday_calendars.country_holidays((country or "").upper(), years=year)
    except NotImplementedError:
        return frozenset()
    return frozenset(calendar.keys())


def calendar_hours(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() / 3600)


def staffed_hours(start: datetime, end: datetime, terms: ResponseTerms, country: str) -> float:
    """Hours between `start` and `end` that fall in the staffed week, holidays left out."""
    if end <= start:
        return 0.0
    if terms.around_the_clock:
        return calendar_hours(start, end)
    zone = zone_for(country)
    begin, finish = start.astimezone(zone), end.astimezone(zone)
    day = begin.date()
    last = min(finish.date(), day + timedelta(days=MAX_DAYS))
    seconds = 0.0
    while day <= last:
        if day.weekday() in terms.staffed_days and day not in public_holidays(country, day.year):
            midnight = datetime.combine(day, time(0), tzinfo=zone)
            opens = midnight + timedelta(minutes=terms.opens_minute)
            closes = midnight + timedelta(minutes=terms.closes_minute)
            overlap = (min(closes, finish) - max(opens, begin)).total_seconds()
            seconds += max(0.0, overlap)
        day += timedelta(days=1)
    return seconds / 3600
