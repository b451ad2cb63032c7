"""An election day as people type it: "17-03-2027", "17/3/2027" or "2027-03-17".

Stored as an ISO date string so that it reads the same in every answers file;
YAML may also give a date itself. The pattern is anchored and bounded, so a long
hostile input is refused in linear time.
"""

from __future__ import annotations

import datetime as dt
import re

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
# A policy lives for years, not decades: a year outside this range is a typing error.
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_LENGTH = 20


class DateProblem(ValueError):
    """`code`: "form" (not a date as typed) or "range" (a year outside FIRST_YEAR-LAST_YEAR)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def parse(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and len(value) <= MAX_LENGTH:
        if match := _ISO.match(value):
            year, month, number = (int(g) for g in match.groups())
        elif match := _DAY_FIRST.match(value):
            number, month, year = (int(g) for g in match.groups())
        else:
            raise DateProblem("form")
        try:
            day = dt.date(year, month, number)
        except ValueError:
            raise DateProblem("form") from None
    else:
        raise DateProblem("form")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DateProblem("range")
    return day


def is_valid(value: object) -> bool:
    try:
        parse(value)
    except DateProblem:
        return False
    return True
