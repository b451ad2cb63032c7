"""A promise as people type it: a whole number with a unit, hours or working days.

"1 werkdag", "een werkdag", "2 working days", "8 uur" and "4 hours" all work; a number without
a unit, or in calendar days or weeks, does not, because the public reads those
differently from the team. An answer is stored in one English form ("8 hours",
"1 working day") so that it reads the same in every file, and shown in the
reader's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HOURS = "hours"
WORKING_DAYS = "working_days"
LIMITS = {HOURS: (1, 168), WORKING_DAYS: (1, 10)}
_UNIT_WORDS = {
    HOURS: ("hour", "hours", "hr", "hrs", "h", "uur", "uren", "u"),
    WORKING_DAYS: (
        "working day",
        "working days",
        "workday",
        "workdays",
        "business day",
        "business days",
        "werkdag",
        "werkdagen",
    ),
}
# Words people may type that name no unit we can promise in: the public reads
# "2 days" as calendar days, while the team counts working days.
_CALENDAR_WORDS = ("day", "days", "dag", "dagen", "week", "weeks", "weken", "minute", "minutes")
MAX_LENGTH = 60
_ONE = ("een", "één", "one", "a", "an")
_FORM = re.compile(r"^\s*(?P<number>[0-9]+(?:[.,][0-9]+)?)?\s*(?P<unit>[^\d]*?)\s*\.?\s*$")
_WORDS = {
    "en": {HOURS: ("hour", "hours"), WORKING_DAYS: ("working day", "working days")},
    "nl": {HOURS: ("uur", "uur"), WORKING_DAYS: ("werkdag", "werkdagen")},
}


class DurationProblem(ValueError):
    """What is wrong with a typed duration; `code` is one of the names below."""

    NO_NUMBER = "no_number"
    NOT_WHOLE = "not_whole"
    NO_UNIT = "no_unit"
    CALENDAR = "calendar"
    UNKNOWN_UNIT = "unknown_unit"
    RANGE = "range"

    def __init__(self, code: str, unit: str = ""):
        self.code = code
        self.unit = unit
        super().__init__(code)


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: str  # HOURS or WORKING_DAYS

    def words(self, language: str) -> str:
        one, other = _WORDS["nl" if language == "nl" else "en"][self.unit]
        return f"{self.amount} {one if self.amount == 1 else other}"

    def canonical(self) -> str:
        return self.words("en")


def parse(value: object) -> Duration:
    """The duration in a typed answer, or DurationProblem saying what is wrong."""
    if isinstance(value, Duration):
        return value
    if not isinstance(value, str):
        raise DurationProblem(DurationProblem.NO_NUMBER)
    if len(value) > MAX_LENGTH:  # before any pattern reads it
        raise DurationProblem(DurationProblem.UNKNOWN_UNIT)
    value = value.lower().strip()
    first, _space, rest = value.partition(" ")
    if first in _ONE and rest:  # "een werkdag", "one working day"
        value = f"1 {rest}"
    match = _FORM.match(value)
    if match is None or match.group("number") is None:
        raise DurationProblem(DurationProblem.NO_NUMBER)
    number, word = match.group("number"), " ".join(match.group("unit").split())
    if not word:
        raise DurationProblem(DurationProblem.NO_UNIT)
    unit = next((u for u, words in _UNIT_WORDS.items() if word in words), None)
    if unit is None:
        code = DurationProblem.CALENDAR if word in _CALENDAR_WORDS else DurationProblem.UNKNOWN_UNIT
        raise DurationProblem(code)
    if not number.isdigit():
        raise DurationProblem(DurationProblem.NOT_WHOLE, unit)
    amount = int(number)
    low, high = LIMITS[unit]
    if not low <= amount <= high:
        raise DurationProblem(DurationProblem.RANGE, unit)
    return Duration(amount=amount, unit=unit)


def is_valid(value: object) -> bool:
    try:
        parse(value)
    except DurationProblem:
        return False
    return True
