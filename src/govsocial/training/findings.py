"""What the search for personal data finds (`Finding`, `Scan`), the spans
it has taken, and what the text around a number says of it: an amount, a
reference, a date, or a number the text names as personal.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache, partial
from operator import itemgetter
from typing import NamedTuple


class Finding(NamedTuple):  # a tuple: thousands are made quickly
    kind: str  # email, phone, bsn, be_nn, nhs, iban, nino
    start: int
    end: int
    text: str
    # phone: "mobile" (usually a person's own), "organisation" (a fixed line
    # the text presents as the organisation's: "bel ons", "contact centre") or "fixed".
    subtype: str = ""

    def masked(self) -> str:
        """The match with most characters hidden, safe to show back."""
        raw = self.text.strip()
        if self.kind == "email":
            local, _, domain = raw.partition("@")
            return f"{local[:1]}…@{domain}"
        visible = [c for c in raw if c.isalnum()]
        if len(visible) <= 4:
            return "…"
        return "…" + "".join(visible[-3:])


@dataclass(frozen=True)
class Scan:
    """The personal data found, and whether every part of the text was searched."""

    findings: list[Finding]
    # Parts of the text that may hold a phone number but were left unsearched
    # (over PHONE_TEXT_BUDGET): how many.
    phone_parts_unchecked: int = 0

    @property
    def complete(self) -> bool:
        return not self.phone_parts_unchecked


# The words before a number that make it an amount, a reference or a named
# personal number. They are matched against the text before the number read
# backwards (see reads_before), so that only one place is tried, however the text
# before it looks: "$" anchors would make a search try every position.
CURRENCY_WORDS = ("EUR", "GBP", "USD", "euro", "euros", "pond", "pound", "pounds")
REFERENCE_WORDS = (
    "ref", "refs", "reference", "referentie", "kenmerk", "ons kenmerk", "uw kenmerk", "zaaknummer", "zaak",
    "dossier", "dossiernummer", "order", "ordernummer", "bestelnummer", "invoice", "factuur", "factuurnummer",
    "case", "case number", "ticket", "klantnummer", "customer number", "account number", "planning application",
    "aanvraag", "vergunning", "artikel", "article", "isbn", "kvk", "chamber of commerce", "btw", "vat",
)  # fmt: skip
PERSONAL_LABELS = (
    "bsn", "burgerservicenummer", "sofinummer", "rijksregisternummer", "rijksregister", "insz",
    "national register", "national register number", "nhs", "nhs number", "nhs no", "patient number",
    "patiëntnummer", "citizen service number",
)  # fmt: skip


def reversed_words(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w[::-1]) for w in words)


# Reversed: r"(?:[€£$]|\b(?:EUR|…)\b)\s*$"
CURRENCY_BEFORE_REVERSED_RE = re.compile(
    rf"\s*(?:[€£$]|\b(?:{reversed_words(CURRENCY_WORDS)})\b)", re.IGNORECASE
)
# Reversed: r"\b(?:ref|…)\b[\s.:#nro°-]*$"
REFERENCE_BEFORE_REVERSED_RE = re.compile(
    rf"[\s.:#nro°-]*\b(?:{reversed_words(REFERENCE_WORDS)})\b", re.IGNORECASE
)
# Reversed: r"\b(?:bsn|…)\b[\s.:#nro°-]*(?:(?:is|was|=)\s*)?$"
PERSONAL_LABEL_BEFORE_REVERSED_RE = re.compile(
    rf"(?:\s*(?:si|saw|=))?[\s.:#nro°-]*\b(?:{reversed_words(PERSONAL_LABELS)})\b", re.IGNORECASE
)
CURRENCY_AFTER_RE = re.compile(
    r"^\s*(?:,-|,\d{2}\b|\.\d{2}\b|[€£$%]|(?:EUR|GBP|euro|euros|pond|pounds?|procent|percent|km|kg|m2|m²|m3|"
    # Counts: "123.456.782 bezoekers", "943 476 5919 views".
    r"inwoners|residents|people|mensen|bezoekers|visitors|deelnemers|participants|huishoudens|households|"
    r"woningen|homes|houses|huizen|leerlingen|pupils|students|studenten|patiënten|patients|bomen|trees|"
    r"bollen|bulbs|volgers|followers|views|weergaven|keer|times|stuks|items|liter|litres|liters|ton|tonnes|"
    r"tons|kilometer|kilometers|kilometres|meter|meters|metres|jaar|years)\b)",
    re.IGNORECASE,
)
# A count written with thousands separators ("123.456.782"): a quantity, not
# a national number, unless the text names it ("BSN 123.456.782").
THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
DATE_SEPARATOR_RE = re.compile(r"[.\-]")


START, END = itemgetter(1), itemgetter(2)  # of a Finding
# A Finding from a tuple of all its fields, made without a Python call.
as_finding = partial(tuple.__new__, Finding)


class Spans:
    """Non-overlapping character spans, kept sorted, so an overlap is found by bisection."""

    def __init__(self, spans: Spans | None = None) -> None:
        self._starts: list[int] = list(spans._starts) if spans else []
        self._ends: list[int] = list(spans._ends) if spans else []

    def __bool__(self) -> bool:
        return bool(self._starts)

    def covers(self, start: int, end: int) -> bool:
        """Whether one span holds all of start…end."""
        i = bisect_right(self._starts, start)
        return i > 0 and self._ends[i - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        # The spans that start before `end`; the last of them ends furthest.
        i = bisect_left(self._starts, end)
        return i > 0 and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def claim(self, found: list[Finding]) -> list[Finding]:
        """The findings that overlap no span, which become spans. The findings
        overlap no other (each search makes them so): none keeps out another."""
        starts, ends = self._starts, self._ends
        if starts:
            found = [
                f
                for f in found
                if not ((i := bisect_left(starts, f.end)) > 0 and ends[i - 1] > f.start)
            ]
        if found:
            # Spans apart from each other end in the order they start.
            self._starts = sorted(starts + list(map(START, found)))
            self._ends = sorted(ends + list(map(END, found)))
        return found


def context_before(text: str, start: int, width: int = 30) -> str:
    return text[max(0, start - width) : start]


def reads_before(pattern: re.Pattern[str], text: str, start: int, width: int = 30) -> bool:
    """Whether the `width` characters before `start` end with what the reversed `pattern` reads."""
    return pattern.match(text[max(0, start - width) : start][::-1]) is not None


def amount_before(text: str, start: int) -> bool:
    return reads_before(CURRENCY_BEFORE_REVERSED_RE, text, start, 12)


def amount_after(text: str, end: int) -> bool:
    return amount_in(text[end : end + 12])


@lru_cache(maxsize=4096)
def amount_in(after: str) -> bool:
    """Whether the 12 characters after a number make it an amount."""
    return CURRENCY_AFTER_RE.match(after) is not None


def is_amount(text: str, start: int, end: int) -> bool:
    return amount_before(text, start) or amount_after(text, end)


def looks_like_date(run: str) -> bool:
    if "." not in run and "-" not in run:
        return False
    parts = DATE_SEPARATOR_RE.split(run)
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        a, b, c = (len(p) for p in parts)
        if (a in (1, 2) and b in (1, 2) and c in (2, 4)) or (
            a == 4 and b in (1, 2) and c in (1, 2)
        ):
            return True
    return False
