"""The response promise as the public reads it, and the hours nobody watches the accounts.

"Within 24 hours, counted in staffed hours" at three and a half staffed hours
a day is seven working days; the public reads one day. So a promise in hours
that runs past one staffed day is stated in working days, and the interview
warns when a promise exceeds two working days. Other apps read the promise as
`response_time_hours`: a whole number of staffed hours (clock hours around
the clock), as before.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import duration
from ..duration import Duration, DurationProblem

DAY = 24 * 60
WEEK = 7 * DAY
WEEKDAYS = (0, 1, 2, 3, 4)
ALL_DAYS = (0, 1, 2, 3, 4, 5, 6)
EVENING_UNTIL = 22 * 60  # posts "in the evening" go out until 22:00
LEGACY_HOURS = "response_time_hours"  # the answer id other apps read


def around_the_clock(answers: Mapping[str, Any]) -> bool:
    return answers.get("response_basis") == "around_the_clock"


def staffed_window(answers: Mapping[str, Any]) -> tuple[int, int]:
    """Opening and closing minute of a staffed day (the whole day around the clock)."""
    if around_the_clock(answers):
        return 0, DAY
    start, _sep, end = str(answers.get("staffed_hours") or "09:00-17:00").partition("-")
    try:
        opening = int(start[:2]) * 60 + int(start[3:5])
        closing = int(end[:2]) * 60 + int(end[3:5])
    except ValueError:
        return 9 * 60, 17 * 60
    return (opening, closing) if 0 <= opening < closing <= DAY else (9 * 60, 17 * 60)


def staffed_days(answers: Mapping[str, Any]) -> tuple[int, ...]:
    if around_the_clock(answers) or answers.get("staffed_days") == "all_week":
        return ALL_DAYS
    return WEEKDAYS


def staffed_hours_per_day(answers: Mapping[str, Any]) -> float:
    opening, closing = staffed_window(answers)
    return (closing - opening) / 60


def response_duration(answers: Mapping[str, Any]) -> Duration | None:
    try:
        return duration.parse(answers.get("response_time"))
    except DurationProblem:
        return None


def public_promise(answers: Mapping[str, Any]) -> Duration | None:
    """The promise in words the public reads right: hours within one staffed day, else working days."""
    promise = response_duration(answers)
    if promise is None or promise.unit != duration.HOURS or around_the_clock(answers):
        return promise
    per_day = staffed_hours_per_day(answers)
    if promise.amount <= per_day:
        return promise
    days = math.ceil(promise.amount / per_day)
    return Duration(
        amount=min(days, duration.LIMITS[duration.WORKING_DAYS][1]), unit="working_days"
    )


def working_days(answers: Mapping[str, Any]) -> float | None:
    """How many working days the promise takes at most (a day is 24 hours around the clock)."""
    promise = response_duration(answers)
    if promise is None:
        return None
    if promise.unit == duration.WORKING_DAYS:
        return float(promise.amount)
    per_day = 24.0 if around_the_clock(answers) else staffed_hours_per_day(answers)
    return promise.amount / per_day


def response_hours(answers: Mapping[str, Any]) -> int | None:
    """The promise as a whole number of staffed hours (clock hours around the clock)."""
    promise = response_duration(answers)
    if promise is None:
        return None
    if promise.unit == duration.HOURS:
        return promise.amount
    per_day = 24.0 if around_the_clock(answers) else staffed_hours_per_day(answers)
    return max(1, min(168, math.floor(promise.amount * per_day)))


# --- the week: staffed, posting, and the windows in between ------------------------


def _intervals(days: tuple[int, ...], start: int, end: int) -> list[tuple[int, int]]:
    return [(day * DAY + start, day * DAY + end) for day in days if start < end]


def staffed_week(answers: Mapping[str, Any]) -> list[tuple[int, int]]:
    opening, closing = staffed_window(answers)
    return _intervals(staffed_days(answers), opening, closing)


def posting_week(answers: Mapping[str, Any]) -> list[tuple[int, int]]:
    """When posts go out: the staffed hours, plus evenings and weekends as answered."""
    if around_the_clock(answers):
        return [(0, WEEK)]
    window = str(answers.get("posting_window") or "staffed")
    opening, closing = staffed_window(answers)
    days = staffed_days(answers)
    if "weekends" in window:
        days = tuple(sorted(set(days) | {5, 6}))
    until = max(closing, EVENING_UNTIL) if "evenings" in window else closing
    return _intervals(days, opening, until)


@dataclass(frozen=True)
class Window:
    """A stretch nobody watches the accounts, in minutes from Monday 00:00 (end may pass a week)."""

    start: int
    end: int

    @property
    def hours(self) -> float:
        return (self.end - self.start) / 60


def _gaps(staffed: list[tuple[int, int]]) -> list[Window]:
    if not staffed:
        return [Window(0, WEEK)]
    ordered = sorted(staffed)
    gaps = [
        Window(end, start)
        for (_s, end), (start, _e) in zip(ordered, ordered[1:], strict=False)
        if start > end
    ]
    first_start, last_end = ordered[0][0], ordered[-1][1]
    if last_end < WEEK + first_start:
        gaps.append(Window(last_end, WEEK + first_start))
    return [gap for gap in gaps if gap.end > gap.start]


def _overlaps(window: Window, intervals: list[tuple[int, int]]) -> bool:
    for start, end in intervals:
        for shift in (0, WEEK):
            if start + shift < window.end and window.start < end + shift:
                return True
    return False


def unmoderated_windows(answers: Mapping[str, Any]) -> list[Window]:
    """The stretches without staff that follow or hold a post: comments there go unread."""
    if around_the_clock(answers):
        return []
    staffed = staffed_week(answers)
    posting = posting_week(answers)
    return [gap for gap in _gaps(staffed) if _overlaps(gap, posting)]


# --- the contract other apps read: the promise and the staffed week -------------------


@dataclass(frozen=True)
class ResponseTerms:
    """What the policy promises the public about answers, as plain values.

    `promise_hours` counts staffed hours (clock hours around the clock);
    `promise_text` is the answer as stored ("1 working day", "4 hours")."""

    around_the_clock: bool
    staffed_days: tuple[int, ...]  # 0 = Monday
    opens_minute: int
    closes_minute: int
    promise_hours: int | None
    promise_text: str
    promise_working_days: float | None
    report_day: int

    @property
    def hours_per_day(self) -> float:
        return (self.closes_minute - self.opens_minute) / 60


def response_terms(answers: Mapping[str, Any]) -> ResponseTerms:
    opening, closing = staffed_window(answers)
    try:
        report_day = min(max(int(answers.get("report_day") or 1), 1), 28)
    except (TypeError, ValueError):
        report_day = 1
    return ResponseTerms(
        around_the_clock=around_the_clock(answers),
        staffed_days=staffed_days(answers),
        opens_minute=opening,
        closes_minute=closing,
        promise_hours=response_hours(answers),
        promise_text=str(answers.get("response_time") or ""),
        promise_working_days=working_days(answers),
        report_day=report_day,
    )
