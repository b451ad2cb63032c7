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


class StaffedClock:
    """`staffed_hours` for many waits in one stretch of days: each day's staffed
    seconds added up once, so a wait costs two partial days and a subtraction."""

    def __init__(self, terms: ResponseTerms, country: str, first: date, last: date):
        self.terms, self.country, self.zone = terms, country, zone_for(country)
        self.first = first
        last = min(last, first + timedelta(days=MAX_DAYS))
        self.running = [0.0]  # staffed seconds of the days before first + i
        day = first
        while day <= last:
            self.running.append(self.running[-1] + self._day(day, None, None))
            day += timedelta(days=1)

    def _day(self, day: date, begin: datetime | None, finish: datetime | None) -> float:
        if day.weekday() not in self.terms.staffed_days:
            return 0.0
        if day in public_holidays(self.country, day.year):
            return 0.0
        midnight = datetime.combine(day, time(0), tzinfo=self.zone)
        opens = midnight + timedelta(minutes=self.terms.opens_minute)
        closes = midnight + timedelta(minutes=self.terms.closes_minute)
        if begin is not None:
            opens = max(opens, begin)
        if finish is not None:
            closes = min(closes, finish)
        return max(0.0, (closes - opens).total_seconds())

    def hours(self, start: datetime, end: datetime) -> float:
        if end <= start:
            return 0.0
        if self.terms.around_the_clock:
            return calendar_hours(start, end)
        begin, finish = start.astimezone(self.zone), end.astimezone(self.zone)
        a, b = begin.date(), finish.date()
        inside = 0 <= (a - self.first).days and (b - self.first).days < len(self.running) - 1
        if not inside:
            return staffed_hours(start, end, self.terms, self.country)
        if a == b:
            return self._day(a, begin, finish) / 3600
        between = self.running[(b - self.first).days] - self.running[(a - self.first).days + 1]
        return (self._day(a, begin, None) + between + self._day(b, None, finish)) / 3600
