"""Calendar arithmetic shared by the apps."""

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def short_date(day: dt.date | dt.datetime, language: str) -> str:
    """A short date in the reader's language: "30 Nov 2025", "30 nov 2025", "5 mrt 2025".

    Django's "M" capitalises every language's abbreviation (Dutch "Nov"); Dutch
    writes months in lower case, so Dutch takes "b"."""
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override(language):
        return date_format(day, "j b Y" if language == "nl" else "j M Y")
