"""Personal data in a draft post: plain functions over text, no database.

Finds e-mail addresses, phone numbers (Dutch, Belgian, British and
international formats, through `phonenumbers`), Dutch citizen service numbers
(BSN), Belgian national register numbers, British NHS numbers and IBANs that
pass their checksums (`python-stdnum`), and British National Insurance numbers
by their format. Dates, amounts and reference numbers that merely look like
one of these raise no alarm: a number must pass its checksum, must not be an
amount (a currency sign or word beside it) or a date, and a number that a
reference word introduces ("ref.", "kenmerk", "zaaknummer") is left alone
unless the text names it as personal ("BSN", "NHS number").

Every search is linear in the text: each regular expression either has no
nested quantifiers or is anchored so that it cannot backtrack far, every
candidate is a bounded window, and overlaps are looked up in sorted spans.
Phone numbers are the one costly check (`phonenumbers` parses each candidate),
so a draft is searched for them only in the parts that can hold one, up to
`PHONE_TEXT_BUDGET` characters; `scan` says when a draft has more.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from operator import add, mul
from typing import NamedTuple

import phonenumbers
from stdnum import iban as std_iban
from stdnum import numdb
from stdnum.be import nn as std_be_nn
from stdnum.gb import nhs as std_gb_nhs
from stdnum.nl import bsn as std_nl_bsn

from . import checksums

PHONE_REGIONS = ("NL", "BE", "GB")


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


EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)
IBAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,30}(?![A-Za-z0-9])")
# A run of digit groups joined by single spaces, dots or dashes.
NUMBER_RUN_RE = re.compile(r"(?<![\w/])\d+(?:[ .\-]\d+)*(?![\w/])")
NINO_RE = re.compile(
    r"(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])"
)
# The words before a number that make it an amount, a reference or a named
# personal number. They are matched against the text before the number read
# backwards (see _before), so that only one place is tried, however the text
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


def _reversed_words(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w[::-1]) for w in words)


# Reversed: r"(?:[€£$]|\b(?:EUR|…)\b)\s*$"
CURRENCY_BEFORE_REVERSED_RE = re.compile(
    rf"\s*(?:[€£$]|\b(?:{_reversed_words(CURRENCY_WORDS)})\b)", re.IGNORECASE
)
# Reversed: r"\b(?:ref|…)\b[\s.:#nro°-]*$"
REFERENCE_BEFORE_REVERSED_RE = re.compile(
    rf"[\s.:#nro°-]*\b(?:{_reversed_words(REFERENCE_WORDS)})\b", re.IGNORECASE
)
# Reversed: r"\b(?:bsn|…)\b[\s.:#nro°-]*(?:(?:is|was|=)\s*)?$"
PERSONAL_LABEL_BEFORE_REVERSED_RE = re.compile(
    rf"(?:\s*(?:si|saw|=))?[\s.:#nro°-]*\b(?:{_reversed_words(PERSONAL_LABELS)})\b", re.IGNORECASE
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
# An IBAN-shaped string (even with a wrong checksum) is not a number of another kind.
IBAN_SHAPE_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"
)
# The written form of a Belgian national register number: yy.mm.dd-nnn.cc
BE_NN_SHAPE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}$")
# Service numbers (free, premium, shared cost, one number for an organisation) are not personal.
SERVICE_NUMBER_TYPES = {
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.PREMIUM_RATE,
    phonenumbers.PhoneNumberType.SHARED_COST,
    phonenumbers.PhoneNumberType.UAN,
}
MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.PAGER}
# Words that present a number as the organisation's own: "bel ons op", "our contact centre".
ORGANISATION_CONTACT_RE = re.compile(
    r"\b(?:bel ons|belt u ons|call us|ring us|phone us|contact us|neem contact op|contact centre|contact center|"
    r"klantcontactcentrum|kcc|gemeente|stadhuis|gemeentehuis|town hall|city hall|council|servicepunt|"
    r"helpdesk|switchboard|receptie|reception|klantenservice|customer service|informatienummer|loket|"
    r"our|onze|ons|wijkteam|team|afdeling|department|office|kantoor|stad|city|municipality)\b",
    re.IGNORECASE,
)
# Addresses of a team or a service, not of a person.
ROLE_MAILBOXES = {
    "info", "contact", "noreply", "no-reply", "press", "pers", "communicatie", "communications", "klantenservice",
    "customerservice", "webmaster", "privacy", "service", "enquiries", "helpdesk", "balie", "gemeente", "post",
    "secretariaat", "office", "hello", "hallo", "media", "support", "socialmedia", "redactie",
}  # fmt: skip


# --- the searches' building blocks ------------------------------------------------------

# EMAIL_RE read as two parts around the "@", so each "@" is looked at once:
# the local part (at most 64 characters before it) and the domain after it.
EMAIL_DOMAIN_RE = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)
EMAIL_LOCAL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")
EMAIL_FIRST_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
EMAIL_NOT_AFTER_RE = re.compile(r"[\w.+-]")
NON_DIGIT_RE = re.compile(r"\D")
NONZERO_BYTE_RE = re.compile(rb"[^\x00]")
NON_ASCII_DIGIT_RE = re.compile(r"[^0-9]")
# Per byte of a digit string encoded to ASCII with "?" for other digits: 1 for "?".
OTHER_DIGIT = bytes(int(b == ord("?")) for b in range(256))
DATE_SEPARATOR_RE = re.compile(r"[.\-]")
# The characters a `phonenumbers` candidate can hold: digits, its punctuation,
# plus signs and brackets, and the extension syntax ("ext.", "x", "#", ";ext=",
# "anexo", "доб"). A phone number never spans anything else, so the text is
# searched part by part (a test compares this with phonenumbers' own pattern).
_PHONE_OTHER = (
    "\\-x\u2010-\u2015\u2212\u30fc\uff0d-\uff0f \u00a0\u00ad\u200b\u2060\u3000()\uff08\uff09"
    "\uff3b\uff3d.\\[\\]/~\u2053\u223c\uff5e\uff0b\t,;=:\uff0e#\uff03"
    "extnsio\u00f3\u0301a\u0434\u043e\u0431\uff45\uff58\uff54\uff4e\uff49"
)
PHONE_CHAR = f"[\\d+{_PHONE_OTHER}]"
# A part that may hold a phone number as this module takes one: written from
# a "0" or a "+" (see _phone_findings) with at least five letters or digits
# after it (the shortest valid number is a country code and four digits, or
# "0" and five). Possessive and anchored at the part's start: linear.
PHONE_PART_RE = re.compile(
    f"(?<!{PHONE_CHAR})"
    f"(?:[^\\D0]|[{_PHONE_OTHER}])*+[0+]"
    f"(?:(?:(?={PHONE_CHAR})[\\W_])*+(?={PHONE_CHAR})[^\\W_]){{5}}"
    f"{PHONE_CHAR}*+",
    re.IGNORECASE,
)
# At most this many characters of text that may hold a phone number are
# parsed per draft (`phonenumbers` takes up to some 40 µs a character); no
# ordinary post comes near it, and a draft that does is told so.
PHONE_TEXT_BUDGET = 600


class _Spans:
    """Non-overlapping character spans, kept sorted, so an overlap is found by bisection."""

    def __init__(self, spans: _Spans | None = None) -> None:
        self._starts: list[int] = list(spans._starts) if spans else []
        self._ends: list[int] = list(spans._ends) if spans else []

    def overlaps(self, start: int, end: int) -> bool:
        # The spans that start before `end`; the last of them ends furthest.
        i = bisect_left(self._starts, end)
        return i > 0 and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def _context_before(text: str, start: int, width: int = 30) -> str:
    return text[max(0, start - width) : start]


def _before(pattern: re.Pattern[str], text: str, start: int, width: int = 30) -> bool:
    """Whether the `width` characters before `start` end with what the reversed `pattern` reads."""
    return pattern.match(text[max(0, start - width) : start][::-1]) is not None


def _amount_before(text: str, start: int) -> bool:
    return _before(CURRENCY_BEFORE_REVERSED_RE, text, start, 12)


def _amount_after(text: str, end: int) -> bool:
    return CURRENCY_AFTER_RE.match(text[end : end + 12]) is not None


def _is_amount(text: str, start: int, end: int) -> bool:
    return _amount_before(text, start) or _amount_after(text, end)


def _national_id_kind(digits: str) -> str | None:
    if len(digits) == 9 and std_nl_bsn.is_valid(digits):
        return "bsn"
    if len(digits) == 11 and std_be_nn.is_valid(digits):
        return "be_nn"
    if len(digits) == 10 and std_gb_nhs.is_valid(digits):
        return "nhs"
    return None


def _looks_like_date(run: str) -> bool:
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


# --- national numbers ------------------------------------------------------------------------


# Weights of the checks in _national_id_kind; digits are summed as their code
# points ("0" is 48), hence the offsets.
BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
BSN_OFFSET, NHS_OFFSET = 48 * sum(BSN_WEIGHTS), 48 * sum(NHS_WEIGHTS)
# A run of more groups than this has its windows' checksums worked out all at once.
LONG_RUN = 24


def _checksum_may_pass(digits: str) -> bool:
    """The arithmetic of _national_id_kind's checks without their other rules:
    False only for digits none of them accepts (stdnum takes only 0-9)."""
    if not digits.isascii():
        return False
    if len(digits) == 9:  # BSN: the eleven-test
        return (sum(map(mul, BSN_WEIGHTS, digits.encode())) - BSN_OFFSET) % 11 == 0
    if len(digits) == 10:  # NHS: modulus 11
        return (sum(map(mul, NHS_WEIGHTS, digits.encode())) - NHS_OFFSET) % 11 == 0
    number, check = int(digits[:9]), int(digits[9:])  # Belgian: modulus 97, either century
    return 97 - number % 97 == check or 97 - (2_000_000_000 + number) % 97 == check


# Window sizes in the order they are tried (the longest first), by the bits
# set in a byte of _Run._codes (bit 0: nine digits, 1: ten, 2: eleven).
SIZES_BY_CODE = [
    tuple(s for bit, s in reversed(list(enumerate(checksums.SIZES))) if code >> bit & 1)
    for code in range(8)
]


class _Run:
    """A run of digit groups ("123 456 782", "12.34.56-789.01") with at least nine digits."""

    __slots__ = ("starts", "ends", "digits", "cumulative", "long", "_windows", "_codes", "_group")

    def __init__(self, starts: list[int], ends: list[int], counts: Iterable[int], digits: str):
        self.starts, self.ends, self.digits = starts, ends, digits
        self.cumulative = list(accumulate(counts, initial=0))  # digits before group k
        self.long = len(starts) > LONG_RUN
        self._windows: list[tuple[int, int]] | None = None
        self._codes = b""
        self._group: dict[int, int] = {}

    def all_windows(self) -> list[tuple[int, int]]:
        """(first, last group) of every window of 9 to 11 digits whose checksum may
        pass, by first group, the longest first: the order findings are made in.
        A window holds at most 11 digits, so at most 11 groups."""
        if self._windows is None:
            cumulative, digits, groups = self.cumulative, self.digits, len(self.starts)
            self._windows = []
            last = 0  # the last group a window from group i may end with
            for i in range(groups):
                last = max(last, i)
                while last + 1 < groups and cumulative[last + 2] - cumulative[i] <= 11:
                    last += 1
                for j in range(last, i - 1, -1):
                    size = cumulative[j + 1] - cumulative[i]
                    if size < 9:
                        break
                    number = digits[cumulative[i] : cumulative[j + 1]]
                    if size <= 11 and _checksum_may_pass(number):
                        self._windows.append((i, j))
        return self._windows

    def windows_at(self, group: int) -> tuple[int, tuple[int, ...]] | None:
        """For a long run: the first group from `group` on that begins a window whose
        checksum may pass, and the last group of each, the longest first.

        checksums.passing_windows gives every window's checksum at once, kept
        where groups begin and end: one byte per digit offset, a bit per size.
        """
        if not self._codes:
            cumulative, length = self.cumulative, len(self.digits)
            # stdnum takes only 0-9: a window with another digit ("٣") never passes.
            other = self.digits.encode("ascii", "replace").translate(OTHER_DIGIT)
            digits = NON_ASCII_DIGIT_RE.sub("0", self.digits)
            passing = checksums.passing_windows(digits)
            bounds = bytearray(length + 1)  # 1 where a group begins (or the run ends)
            for offset in cumulative:
                bounds[offset] = 1
            bound, others = int.from_bytes(bounds, "little"), int.from_bytes(other, "little")
            codes = 0
            for bit, size in enumerate(checksums.SIZES):
                fits = int.from_bytes(passing[size], "little") & bound & (bound >> (8 * size))
                if others:
                    spread = 0  # 1 where a window of this size holds another digit
                    for k in range(size):
                        spread |= others >> (8 * k)
                    fits &= ~spread
                codes |= fits << bit
            self._codes = codes.to_bytes(length + 1, "little")
            self._group = dict(zip(cumulative, range(len(cumulative)), strict=True))
        found = NONZERO_BYTE_RE.search(self._codes, self.cumulative[group])
        if found is None:
            return None
        offset = found.start()
        sizes = SIZES_BY_CODE[self._codes[offset]]
        return self._group[offset], tuple(self._group[offset + size] - 1 for size in sizes)


class _Windows:
    """A long run's windows from a group on, in the order findings are made (by
    first group, the longest first); `skip_to` jumps past a finding."""

    def __init__(self, run: _Run, group: int) -> None:
        self.run = run
        self.skip_to(group)

    def skip_to(self, group: int) -> None:
        self.group, self.pending = group, []

    def __iter__(self) -> _Windows:
        return self

    def __next__(self) -> tuple[int, int]:
        if not self.pending and self.group < len(self.run.starts):
            found = self.run.windows_at(self.group)
            if found is not None:
                first, lasts = found
                self.group, self.pending = first + 1, [(first, last) for last in reversed(lasts)]
        if not self.pending:
            raise StopIteration
        return self.pending.pop()


def _number_runs(text: str) -> list[_Run]:
    runs = []
    for match in NUMBER_RUN_RE.finditer(text):
        run = match.group()
        if len(run) < 9:
            continue
        if run.isdecimal():  # one group of digits only
            runs.append(_Run([match.start()], [match.end()], [len(run)], run))
            continue
        digits = NON_DIGIT_RE.sub("", run)
        if len(digits) < 9:
            continue
        groups = run.split(" ")  # the groups hold digits, dots and dashes
        lengths = list(map(len, groups))
        starts = [
            start + i for i, start in enumerate(accumulate(lengths[:-1], initial=match.start()))
        ]
        ends = list(map(add, starts, lengths))
        if "." in run or "-" in run:
            counts = [len(g) - g.count(".") - g.count("-") for g in groups]
        else:
            counts = lengths
        runs.append(_Run(starts, ends, counts, digits))
    return runs


def _number_findings(
    text: str, runs: list[_Run], taken: _Spans, labelled: bool, kinds: dict[str, str | None]
) -> list[Finding]:
    """National numbers that pass their checksum; `labelled`: only those the text names ("BSN …").

    The candidates are windows of consecutive groups with 9 to 11 digits, from
    each group that no earlier finding covers, the longest first ("BSN
    123456782 12 keer" is one number): at most 11 groups a window, so the work
    is linear in the run. `kinds` caches the checksums by digits.
    """
    findings: list[Finding] = []
    for run in runs:
        starts, ends, cumulative, digits = run.starts, run.ends, run.cumulative, run.digits
        # Only digits and separators lie between a later group and any word
        # before the run: only the first group can follow a label, a reference
        # word or a currency.
        has_label = _before(PERSONAL_LABEL_BEFORE_REVERSED_RE, text, starts[0])
        if labelled and not has_label:
            continue
        skip_first = not labelled and (
            has_label
            or _amount_before(text, starts[0])
            or _before(REFERENCE_BEFORE_REVERSED_RE, text, starts[0])
        )
        first = 1 if skip_first else 0
        if first >= len(starts):
            continue
        # A long run's windows come as needed, jumping past each finding.
        windows = _Windows(run, first) if run.long else run.all_windows()
        used_until = -1
        for i, j in windows:
            if i > 0 and labelled:
                break
            start = starts[i]
            if i < first or start < used_until:
                continue
            number = digits[cumulative[i] : cumulative[j + 1]]
            kind = kinds.get(number, "")
            if kind == "":
                kind = kinds[number] = _national_id_kind(number)
            if kind is None:
                continue
            end = ends[j]
            candidate = text[start:end]
            if _looks_like_date(candidate) or taken.overlaps(start, end):
                continue
            if not labelled and (_amount_after(text, end) or THOUSANDS_RE.fullmatch(candidate)):
                continue
            findings.append(Finding(kind, start, end, candidate))
            used_until = end
            if isinstance(windows, _Windows):
                windows.skip_to(j + 1)
    return findings


# --- phone numbers ---------------------------------------------------------------------------


def _phone_subtype(text: str, match: phonenumbers.PhoneNumberMatch, offset: int) -> str:
    if phonenumbers.number_type(match.number) in MOBILE_TYPES:
        return "mobile"
    start, end = match.start + offset, match.end + offset
    around = _context_before(text, start, 40) + " " + text[end : end + 25]
    return "organisation" if ORGANISATION_CONTACT_RE.search(around) else "fixed"


def _phone_findings(text: str, taken: _Spans) -> tuple[list[Finding], int]:
    """Phone numbers, and how many parts of the text that may hold one were not searched.

    Each part is searched with one character of the text on either side, so
    that `phonenumbers` sees what it looks at around a number (a letter or a
    currency sign right next to it) and finds what it would in the whole text.
    """
    findings: list[Finding] = []
    claimed = _Spans(taken)
    budget = PHONE_TEXT_BUDGET
    parts = [m.span() for m in PHONE_PART_RE.finditer(text)]
    for number, (part_start, part_end) in enumerate(parts):
        budget -= part_end - part_start
        if budget < 0:
            return findings, len(parts) - number
        offset = max(0, part_start - 1)
        window = text[offset : part_end + 1]
        for region in PHONE_REGIONS:
            for match in phonenumbers.PhoneNumberMatcher(
                window, region, leniency=phonenumbers.Leniency.VALID
            ):
                start, end = match.start + offset, match.end + offset
                raw = match.raw_string
                if claimed.overlaps(start, end):
                    continue
                # A phone number is written with its trunk prefix (0) or an international one.
                if not raw.lstrip("(").startswith(("0", "+")) or BE_NN_SHAPE_RE.match(raw.strip()):
                    continue
                if phonenumbers.number_type(match.number) in SERVICE_NUMBER_TYPES:
                    continue
                if _is_amount(text, start, end) or _before(
                    REFERENCE_BEFORE_REVERSED_RE, text, start
                ):
                    continue
                claimed.add(start, end)
                findings.append(
                    Finding("phone", start, end, raw, _phone_subtype(text, match, offset))
                )
    return findings, 0


# --- e-mail addresses and IBANs ----------------------------------------------------------------


def _email_findings(text: str) -> list[Finding]:
    """What EMAIL_RE finds, looking at each "@" once: the domain after it, then
    the leftmost start of a local part (at most 64 characters) before it."""
    findings = []
    last_end = 0
    at = text.find("@")
    while at >= 0:
        domain = EMAIL_DOMAIN_RE.match(text, at + 1)
        if domain is not None:
            start = at
            while start > 0 and at - start < 64 and text[start - 1] in EMAIL_LOCAL_CHARS:
                start -= 1
            for first in range(max(start, last_end), at):
                if text[first] in EMAIL_FIRST_CHARS and (
                    first == 0 or not EMAIL_NOT_AFTER_RE.match(text, first - 1)
                ):
                    address = text[first : domain.end()]
                    if address.split("@")[0].lower() not in ROLE_MAILBOXES:
                        findings.append(Finding("email", first, domain.end(), address))
                    last_end = domain.end()
                    break
        at = text.find("@", at + 1)
    return findings


# Letters as stdnum's IBAN checksum reads them: "A" is 10, …, "Z" is 35.
IBAN_DIGITS = {ord(c): str(int(c, 36)) for c in string.ascii_uppercase}
IBAN_REGISTER = numdb.get("iban")
BBAN_FORMAT_RE = re.compile(r"(?:\d+![nac])+")


@cache
def _iban_length(country: str) -> int | None:
    """The length of an IBAN of `country` in stdnum's register (None: no such
    country; 0: a format this does not read, so any length may do)."""
    bban = IBAN_REGISTER.info(country)[0][1].get("bban")
    if not bban:
        return None
    if not BBAN_FORMAT_RE.fullmatch(bban):
        return 0
    return 4 + sum(int(n) for n in re.findall(r"\d+", bban))


def _iban_findings(text: str) -> list[Finding]:
    """IBANs that pass their checksum; the match may run on into following words ("NL91 … today").

    stdnum accepts an IBAN only at its country's length, and only if the
    checksum (modulus 97) holds: both are tested before stdnum is asked.
    """
    findings = []
    valid: dict[str, bool] = {}
    for match in IBAN_RE.finditer(text):
        compact = match.group().replace(" ", "").upper()
        length = _iban_length(compact[:2])
        if length is None:
            continue
        ends = [length] if length else range(len(compact), 14, -1)
        for end in ends:
            if not 15 <= end <= len(compact):
                continue
            candidate = compact[:end]
            if int((candidate[4:] + candidate[:4]).translate(IBAN_DIGITS)) % 97 != 1:
                continue
            if candidate not in valid:
                valid[candidate] = std_iban.is_valid(candidate)
            if valid[candidate]:
                # Character offsets of the letters and digits, to map the candidate back to the text.
                offsets = [match.start() + i for i, c in enumerate(match.group()) if c != " "]
                start, stop = offsets[0], offsets[end - 1] + 1
                findings.append(Finding("iban", start, stop, text[start:stop]))
                break
    return findings


# --- everything ---------------------------------------------------------------------------------


def scan(text: str) -> Scan:
    """Every piece of personal data in `text`, in reading order, without overlaps."""
    findings: list[Finding] = []
    taken = _Spans()

    def claim(found: list[Finding]) -> None:
        for finding in found:
            if not taken.overlaps(finding.start, finding.end):
                findings.append(finding)
                taken.add(finding.start, finding.end)

    claim(_email_findings(text))
    claim(_iban_findings(text))
    for m in IBAN_SHAPE_RE.finditer(text):
        if not taken.overlaps(m.start(), m.end()):
            taken.add(m.start(), m.end())
    claim([Finding("nino", m.start(), m.end(), m.group()) for m in NINO_RE.finditer(text)])
    # A number the text names ("BSN 123456782") is that number; an unnamed one
    # written like a phone number is a phone number before it is an NHS number.
    runs = _number_runs(text)
    kinds: dict[str, str | None] = {}
    claim(_number_findings(text, runs, taken, True, kinds))
    phones, unchecked = _phone_findings(text, taken)
    claim(phones)
    claim(_number_findings(text, runs, taken, False, kinds))
    return Scan(sorted(findings, key=lambda f: f.start), unchecked)


def find_personal_data(text: str) -> list[Finding]:
    """Every piece of personal data in `text`, in reading order, without overlaps."""
    return scan(text).findings
