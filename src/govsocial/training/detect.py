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
from bisect import bisect_left, bisect_right
from collections import deque
from functools import cache, lru_cache
from itertools import accumulate, compress, count, repeat
from operator import add, and_, mul, not_, sub

import phonenumbers
from stdnum import iban as std_iban
from stdnum import numdb
from stdnum.be import nn as std_be_nn

from . import checksums
from .findings import (
    PERSONAL_LABEL_BEFORE_REVERSED_RE,
    REFERENCE_BEFORE_REVERSED_RE,
    START,
    THOUSANDS_RE,
    Finding,
    Scan,
    Spans,
    amount_after,
    amount_before,
    as_finding,
    context_before,
    is_amount,
    looks_like_date,
    reads_before,
)

PHONE_REGIONS = ("NL", "BE", "GB")


EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)
# The patterns below that search a whole draft start with one character
# class (a lookbehind comes after the first character), so that the regex
# engine skips every other character in one quick test instead of trying
# the whole pattern at each place. The tests compare each with its plain
# form (tests/test_fast_patterns.py).
#
# IBAN_RE from its first digit, two characters in: the plain form is
# r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,30}(?![A-Za-z0-9])"; a match starts
# IBAN_BACK characters before where this one does.
IBAN_RE = re.compile(
    r"\d(?<=(?<![A-Za-z0-9])[A-Za-z]{2}\d)\d(?:[ ]?[A-Za-z0-9]){10,30}(?![A-Za-z0-9])"
)
IBAN_BACK = 2
# A run of digit groups joined by single spaces, dots or dashes.
NUMBER_RUN_RE = re.compile(r"\d(?<![\w/].)\d*(?:[ .\-]\d+)*(?![\w/])")
NINO_RE = re.compile(
    r"[A-CEGHJ-PR-TW-Z](?<![A-Za-z0-9].)[A-CEGHJ-NPR-TW-Z](?<!BG|GB|NK|KN|TN|NT|ZZ)"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])"
)
NINO_SPLIT_RE = re.compile(f"({NINO_RE.pattern})")
# An IBAN-shaped string (even with a wrong checksum) is not a number of another kind.
# Both IBAN_RE and IBAN_SHAPE_RE match only where this does: one quick pass,
# from the letters (written without {2}: a first letter class is searched for quickly),
# spares the two that start at every digit.
IBAN_START_RE = re.compile(r"[A-Za-z][A-Za-z]\d\d")


def matches(split: re.Pattern[str], text: str) -> tuple[list[int], list[int], list[str]]:
    """Where each match of a pattern begins and ends and what it reads, as
    finditer gives them, from `split`: the pattern (holding no group) as one
    group. One re.split, without a Python turn for each match."""
    parts = split.split(text)  # between, match, between, …
    bounds = list(accumulate(map(len, parts)))
    return bounds[0:-1:2], bounds[1::2], parts[1::2]


# From its first digit, as IBAN_RE.
IBAN_SHAPE_RE = re.compile(
    r"\d(?<=(?<![A-Za-z0-9])[A-Z]{2}\d)\d(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"
)
IBAN_SHAPE_SPLIT_RE = re.compile(f"({IBAN_SHAPE_RE.pattern})")
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
EMAIL_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
EMAIL_DOMAIN_RE = re.compile(EMAIL_DOMAIN)
# An "@" with a domain after it (a domain holds no "@", so none is passed over).
EMAIL_AT_RE = re.compile(f"@{EMAIL_DOMAIN}")
# The start of a local part up to the "@" that ends the search (endpos): the
# first character that nothing of an address comes before.
EMAIL_LOCAL_RE = re.compile(r"[A-Za-z0-9](?<![\w.+-].)[A-Za-z0-9._%+-]*@\Z")
EMAIL_LOCAL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")
EMAIL_FIRST_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
EMAIL_NOT_AFTER_RE = re.compile(r"[\w.+-]")
NON_DIGIT_RE = re.compile(r"\D")
NONZERO_BYTE_RE = re.compile(rb"[^\x00]")
NON_ASCII_DIGIT_RE = re.compile(r"[^0-9]")
# Per byte of a digit string encoded to ASCII with "?" for other digits: 1 for "?".
OTHER_DIGIT = bytes(int(b == ord("?")) for b in range(256))
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
# The same parts, found from where a "0" or a "+" has five letters or digits
# after it: a part holds such a place (its first "0" or "+" has at least as
# many after it as a later one), and a part is a whole run of PHONE_CHAR.
PHONE_START_RE = re.compile(
    f"[0+](?:(?:(?={PHONE_CHAR})[\\W_])*+(?={PHONE_CHAR})[^\\W_]){{5}}", re.IGNORECASE
)
PHONE_RUN_RE = re.compile(f"{PHONE_CHAR}*+", re.IGNORECASE)
# With more than one part in this many characters, PHONE_PART_RE.
PHONE_PARTS_SHARE = 200
# At most this many characters of text that may hold a phone number are
# parsed per draft (`phonenumbers` takes up to some 40 µs a character); no
# ordinary post comes near it, and a draft that does is told so.
PHONE_TEXT_BUDGET = 600


# --- national numbers ------------------------------------------------------------------------


# Weights of the checks in _national_id_kind; digits are summed as their code
# points ("0" is 48), hence the offsets.
BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
BSN_OFFSET, NHS_OFFSET = 48 * sum(BSN_WEIGHTS), 48 * sum(NHS_WEIGHTS)
# After each run's digits in _Runs: a character that is no digit 0-9, so that
# no window that holds it (from one run into the next) may pass.
RUN_GAP = "?"
NINE, TWO = 9, 2  # for map(NINE.__le__, …): in C, not a Python turn per run


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


def _national_id_kind(digits: str) -> str | None:
    """What python-stdnum takes `digits` (0-9 only) for. A BSN and an NHS number
    are their checksum (and a BSN is not nought), which _checksum_may_pass works
    out; a Belgian number also holds a date of birth, which stdnum reads."""
    if len(digits) == 9:
        return "bsn" if _checksum_may_pass(digits) and digits.strip("0") else None
    if len(digits) == 10:
        return "nhs" if _checksum_may_pass(digits) else None
    if len(digits) == 11 and std_be_nn.is_valid(digits):
        return "be_nn"
    return None


# Window sizes in the order they are tried (the longest first), by the bits
# set in a byte of window codes (bit 0: nine digits, 1: ten, 2: eleven).
SIZES_BY_CODE = [
    tuple(s for bit, s in reversed(list(enumerate(checksums.SIZES))) if code >> bit & 1)
    for code in range(8)
]
# NUMBER_RUN_RE for re.split, the runs of nine characters or more (and a few
# shorter), and what lies between them: the eight characters after a long run's
# first digit are digits or separators. Where that fails, NUMBER_RUN_RE finds a
# shorter run, and none from a later place of that run (the same character
# stops each), so the long runs are the same.
NUMBER_RUN_SPLIT_RE = re.compile(r"(\d(?<![\w/].)(?=[\d .\-]{8})\d*(?:[ .\-]\d+)*(?![\w/]))")
DIGITS_TO_NOUGHT = str.maketrans("123456789", "000000000")
MARKS = bytes.maketrans(b"01", b"\x00\x01")


class _Runs:
    """The runs of digit groups in a draft ("123 456 782", "12.34.56-789.01")
    with at least nine digits, but those inside something already found (an
    e-mail address, an IBAN: every window of theirs would overlap it).

    A window is a number of consecutive groups holding 9 to 11 digits. Every
    window's checksum is worked out at once (checksums.passing_windows) over
    the runs' digits one after the other, each run followed by RUN_GAP;
    `codes` keeps those that may pass where a group begins and another ends:
    one byte per digit, a bit per size. What is kept per group is made with
    string operations, not a Python turn per group: a draft of 35,000 groups
    costs a few of those.
    """

    def __init__(self, text: str, taken: Spans) -> None:
        self.text = text
        self.codes = self.several = b""
        self.single: list[int] = []
        parts = NUMBER_RUN_SPLIT_RE.split(text)  # between, run, between, run, …, between
        bounds = list(accumulate(map(len, parts)))
        # The runs of nine characters or more, then (digits only) nine digits or more.
        long = list(map(NINE.__le__, map(len, parts[1::2])))
        texts = list(compress(parts[1::2], long))
        starts = list(compress(bounds[0::2], long))
        ends = list(compress(bounds[1::2], long))
        # str.replace, not str.translate: quick in any script.
        digits = "\n".join(texts).replace(" ", "").replace(".", "").replace("-", "").split("\n")
        long = list(map(NINE.__le__, map(len, digits)))
        if taken:
            long = list(map(and_, long, map(not_, map(taken.covers, starts, ends))))
        texts = list(compress(texts, long))
        self.run_starts = list(compress(starts, long))
        self.run_ends = list(compress(ends, long))
        self.before: list[tuple[bool, bool] | None] = [None] * len(texts)
        if not texts:
            return
        # Every run's groups one after the other, then a group "#" that stands
        # for RUN_GAP in `digits`.
        joined = " # ".join(texts) + " #"
        spaced = joined.replace(".", "").replace("-", "").replace("#", RUN_GAP)
        # Where each group begins in the runs' digits, and in `joined`: a space
        # before each, and (if any) dots and dashes.
        self.offsets = list(accumulate(map(len, spaced.split(" ")), initial=0))
        # Without dots and dashes, group k begins at offsets[k] + k in `joined` (None).
        self.in_joined: list[int] | None = None
        if len(spaced) != len(joined):
            lengths = map(len, joined.split(" "))
            self.in_joined = list(map(add, accumulate(lengths, initial=0), count()))
        # Each run's first group, and what to add to a place in `joined` for the text.
        counts = list(map(add, map(str.count, texts, repeat(" ")), repeat(2)))  # groups and "#"
        self.first_group = list(accumulate(counts, initial=0))
        firsts = list(map(self.offsets.__getitem__, self.first_group[:-1]))
        if self.in_joined is None:
            in_joined = map(add, firsts, self.first_group[:-1])
        else:
            in_joined = map(self.in_joined.__getitem__, self.first_group[:-1])
        self.shifts = list(map(sub, self.run_starts, in_joined))
        self.digits = spaced.replace(" ", "")
        self.codes = self._codes(spaced)
        # The runs of one group with a window, and the codes of the others' windows.
        alone = list(map(mul, map(TWO.__eq__, counts), map(self.codes.__getitem__, firsts)))
        self.single = list(compress(range(len(texts)), alone))
        several = bytearray(self.codes)
        deque(map(several.__setitem__, compress(firsts, alone), repeat(0)), 0)
        self.several = bytes(several)

    def _codes(self, spaced: str) -> bytes:
        """`codes`, from the runs' digits with a space before each group but the first."""
        digits = self.digits
        length = len(digits)
        # stdnum takes only 0-9: a window with another digit ("٣") never passes.
        other = digits.encode("ascii", "replace").translate(OTHER_DIGIT)
        # Digits, spaces and RUN_GAP: in ASCII, RUN_GAP is all there is to replace.
        if spaced.isascii():
            spaced = spaced.replace(RUN_GAP, "0")
        else:
            spaced = spaced.encode("ascii", "replace").decode().replace(RUN_GAP, "0")
        passing = checksums.passing_windows(spaced.replace(" ", ""))
        # 1 where a group begins (and where the last ends): at each digit after a space.
        marks = (" " + spaced).translate(DIGITS_TO_NOUGHT).replace(" 0", "1") + "1"
        bound = int.from_bytes(marks.encode().translate(MARKS), "little")
        others = int.from_bytes(other, "little")
        codes = 0
        for bit, size in enumerate(checksums.SIZES):
            fits = int.from_bytes(passing[size], "little") & bound & (bound >> (8 * size))
            if others:
                spread = 0  # 1 where a window of this size holds another digit
                for k in range(size):
                    spread |= others >> (8 * k)
                fits &= ~spread
            codes |= fits << bit
        return codes.to_bytes(length + 1, "little")

    def run_before(self, run: int) -> tuple[bool, bool]:
        """(Whether a label such as "BSN" comes before the run, whether a label, an
        amount or a reference does), read once for both of scan's passes. Only
        digits and separators lie between a later group and any word before the
        run: only the first group can follow one of them."""
        found = self.before[run]
        if found is None:
            found = self.before[run] = _label_before(
                self.text[max(0, self.run_starts[run] - 30) : self.run_starts[run]]
            )
        return found

    def findings(self, taken: Spans, labelled: bool, kinds: dict[str, str | None]) -> list[Finding]:
        """National numbers that pass their checksum; `labelled`: only those the
        text names ("BSN …").

        The candidates are windows from each group that no earlier finding
        covers, the longest first ("BSN 123456782 12 keer" is one number): the
        windows whose checksum may pass, in order, jumping past each finding.
        """
        if not self.codes:
            return []
        found = self._single_findings(taken, labelled, kinds)
        codes, offsets, first_group = self.several, self.offsets, self.first_group
        current, first, position = -1, 0, 0
        while (window := NONZERO_BYTE_RE.search(codes, position)) is not None:
            offset = window.start()
            group = bisect_left(offsets, offset)
            run = bisect_right(first_group, group) - 1
            run_end = offsets[first_group[run + 1] - 1]  # where its "#" begins
            if run != current:
                current = run
                first = self._first_window_group(run, taken, labelled)
                if first is None:  # none of this run's windows can be a finding
                    position = run_end
                    continue
            i = group - first_group[run]
            position = offset + 1
            if i < first:
                continue
            if i > 0 and labelled:
                position = run_end
                continue
            for size in SIZES_BY_CODE[codes[offset]]:
                last = bisect_left(offsets, offset + size) - 1
                finding = self._finding(run, group, last, taken, labelled, kinds)
                if finding is not None:
                    found.append(finding)
                    position = offsets[last + 1]
                    break
        return found

    def _single_findings(
        self, taken: Spans, labelled: bool, kinds: dict[str, str | None]
    ) -> list[Finding]:
        """`findings` in the runs of one group: each has one window, itself
        (_first_window_group and _finding of it, in one Python turn a run)."""
        found: list[Finding] = []
        text, digits, offsets = self.text, self.digits, self.offsets
        starts, ends, first_group = self.run_starts, self.run_ends, self.first_group
        overlaps = taken.overlaps
        single = self.single
        if taken:  # a run an earlier finding covers is dropped without a Python turn
            covered = map(
                taken.covers, map(starts.__getitem__, single), map(ends.__getitem__, single)
            )
            single = list(compress(single, map(not_, covered)))
        for run in single:
            start, end = starts[run], ends[run]
            has_label, not_first = self.run_before(run)
            if not has_label if labelled else not_first:
                continue
            group = first_group[run]
            number = digits[offsets[group] : offsets[group + 1]]
            kind = kinds.get(number, "")
            if kind == "":
                kind = kinds[number] = _national_id_kind(number)
            if kind is None:
                continue
            candidate = text[start:end]  # the run: its one window
            dotted = "." in candidate
            if (dotted or "-" in candidate) and looks_like_date(candidate) or overlaps(start, end):
                continue
            if not labelled and (
                amount_after(text, end) or dotted and THOUSANDS_RE.fullmatch(candidate)
            ):
                continue
            found.append(as_finding((kind, start, end, candidate, "")))
        return found

    def _first_window_group(self, run: int, taken: Spans, labelled: bool) -> int | None:
        """The run's first group a window may start from, None for none."""
        if taken.covers(self.run_starts[run], self.run_ends[run]):
            return None
        has_label, not_first = self.run_before(run)
        if labelled and not has_label:
            return None
        first = 1 if not labelled and not_first else 0
        groups = self.first_group[run + 1] - self.first_group[run] - 1  # and its "#"
        return first if first < groups else None

    def _finding(
        self,
        run: int,
        first: int,
        last: int,
        taken: Spans,
        labelled: bool,
        kinds: dict[str, str | None],
    ) -> Finding | None:
        """The number in groups `first` to `last` of `run`, whose checksum may
        pass, if it is one."""
        number = self.digits[self.offsets[first] : self.offsets[last + 1]]
        kind = kinds.get(number, "")
        if kind == "":
            kind = kinds[number] = _national_id_kind(number)
        if kind is None:
            return None
        shift, in_joined = self.shifts[run], self.in_joined
        if in_joined is None:
            start = self.offsets[first] + first + shift
            end = self.offsets[last + 1] + last + shift
        else:
            start, end = in_joined[first] + shift, in_joined[last + 1] - 1 + shift
        text = self.text
        candidate = text[start:end]
        dotted = "." in candidate
        if (
            (dotted or "-" in candidate)
            and looks_like_date(candidate)
            or taken.overlaps(start, end)
        ):
            return None
        if not labelled and (
            amount_after(text, end) or dotted and THOUSANDS_RE.fullmatch(candidate)
        ):
            return None
        return as_finding((kind, start, end, candidate, ""))


@lru_cache(maxsize=4096)
def _label_before(before: str) -> tuple[bool, bool]:
    """_Runs.run_before, of the 30 characters before a run."""
    end = len(before)
    label = reads_before(PERSONAL_LABEL_BEFORE_REVERSED_RE, before, end)
    return label, label or (
        amount_before(before, end) or reads_before(REFERENCE_BEFORE_REVERSED_RE, before, end)
    )


# --- phone numbers ---------------------------------------------------------------------------


def _phone_subtype(text: str, number_type: int, start: int, end: int) -> str:
    if number_type in MOBILE_TYPES:
        return "mobile"
    around = context_before(text, start, 40) + " " + text[end : end + 25]
    return "organisation" if ORGANISATION_CONTACT_RE.search(around) else "fixed"


def _phone_parts(text: str) -> tuple[list[tuple[int, int]], int]:
    """What PHONE_PART_RE finds: the runs of PHONE_CHAR that hold a PHONE_START_RE,
    at least up to the one that goes past PHONE_TEXT_BUDGET, and how many there are.

    PHONE_PART_RE tries every place of the text, PHONE_START_RE only those
    of a "0" or a "+", with a few Python steps for each part: with many parts,
    the first is quicker, and the parts past the budget are only counted."""
    most = len(text) // PHONE_PARTS_SHARE
    parts: list[tuple[int, int]] = []
    reversed_text = ""
    position = 0
    while (found := PHONE_START_RE.search(text, position)) is not None:
        at = found.start()
        if not reversed_text:
            reversed_text = text[::-1]
        # Back to the run's start (no further than the last part's end), on to its end.
        back = len(text) - at  # where the character before `at` is in reversed_text
        start = at - (PHONE_RUN_RE.match(reversed_text, back).end() - back)
        position = PHONE_RUN_RE.match(text, at).end()
        parts.append((start, position))
        if len(parts) > most:
            parts, length = [], 0
            for match in PHONE_PART_RE.finditer(text):
                parts.append(match.span())
                length += match.end() - match.start()
                if length > PHONE_TEXT_BUDGET:
                    break
            return parts, PHONE_PART_RE.subn("", text)[1]
    return parts, len(parts)


def _phone_findings(text: str, taken: Spans) -> tuple[list[Finding], int]:
    """Phone numbers, and how many parts of the text that may hold one were not searched.

    Each part is searched with one character of the text on either side, so
    that `phonenumbers` sees what it looks at around a number (a letter or a
    currency sign right next to it) and finds what it would in the whole text.
    """
    findings: list[Finding] = []
    claimed = Spans(taken)
    budget = PHONE_TEXT_BUDGET
    parts, count_parts = _phone_parts(text)
    # What phonenumbers finds in a window (start, end, as written, type), by
    # window and region: a draft may repeat a part, and a search costs.
    found: dict[tuple[str, str], list[tuple[int, int, str, int]]] = {}
    for number, (part_start, part_end) in enumerate(parts):
        budget -= part_end - part_start
        if budget < 0:
            return findings, count_parts - number
        offset = max(0, part_start - 1)
        window = text[offset : part_end + 1]
        for region in PHONE_REGIONS:
            matches = found.get((window, region))
            if matches is None:
                matches = found[window, region] = [
                    (m.start, m.end, m.raw_string, phonenumbers.number_type(m.number))
                    for m in phonenumbers.PhoneNumberMatcher(
                        window, region, leniency=phonenumbers.Leniency.VALID
                    )
                ]
            for match_start, match_end, raw, number_type in matches:
                start, end = match_start + offset, match_end + offset
                if claimed.overlaps(start, end):
                    continue
                # A phone number is written with its trunk prefix (0) or an international one.
                if not raw.lstrip("(").startswith(("0", "+")) or BE_NN_SHAPE_RE.match(raw.strip()):
                    continue
                if number_type in SERVICE_NUMBER_TYPES:
                    continue
                if is_amount(text, start, end) or reads_before(
                    REFERENCE_BEFORE_REVERSED_RE, text, start
                ):
                    continue
                claimed.add(start, end)
                findings.append(
                    Finding("phone", start, end, raw, _phone_subtype(text, number_type, start, end))
                )
    return findings, 0


# --- e-mail addresses and IBANs ----------------------------------------------------------------


def _email_findings(text: str) -> list[Finding]:
    """What EMAIL_RE finds, looking at each "@" with a domain once: the domain
    after it, then the leftmost start of a local part (at most 64 characters) before it."""
    findings = []
    last_end = 0
    for domain in EMAIL_AT_RE.finditer(text):
        at, end = domain.start(), domain.end()
        local = EMAIL_LOCAL_RE.search(text, max(at - 64, last_end), at + 1)
        if local is not None:
            address = text[local.start() : end]
            if text[local.start() : at].lower() not in ROLE_MAILBOXES:
                findings.append(Finding("email", local.start(), end, address))
            last_end = end
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
    read: dict[str, int] = {}  # what _iban_in gives, by match (a draft may repeat one)
    for match in IBAN_RE.finditer(text):
        match_start = match.start() - IBAN_BACK
        group = text[match_start : match.end()]
        length = read.get(group)
        if length is None:
            length = read[group] = _iban_in(group)
        if length:
            stop = match_start + length
            findings.append(as_finding(("iban", match_start, stop, text[match_start:stop], "")))
    return findings


def _iban_in(group: str) -> int:
    """How many characters at the start of an IBAN_RE match an IBAN takes (0: none)."""
    compact = group.replace(" ", "").upper()
    length = _iban_length(compact[:2])
    if length is None:
        return 0
    ends = [length] if length else range(len(compact), 14, -1)
    for end in ends:
        if not 15 <= end <= len(compact):
            continue
        candidate = compact[:end]
        if int((candidate[4:] + candidate[:4]).translate(IBAN_DIGITS)) % 97 != 1:
            continue
        if std_iban.is_valid(candidate):
            # Back to the text: the end-th letter or digit, past the spaces before it.
            stop = end
            while (spaces := group.count(" ", 0, stop)) != stop - end:
                stop = end + spaces
            return stop
    return 0


# --- everything ---------------------------------------------------------------------------------


def scan(text: str) -> Scan:
    """Every piece of personal data in `text`, in reading order, without overlaps."""
    taken = Spans()
    findings = taken.claim(_email_findings(text))
    # An IBAN begins with two letters and two digits: a draft without them holds none.
    if IBAN_START_RE.search(text):
        findings += taken.claim(_iban_findings(text))
        starts, ends, _ = matches(IBAN_SHAPE_SPLIT_RE, text)
        shapes = zip(repeat(""), map(sub, starts, repeat(IBAN_BACK)), ends, repeat(""), repeat(""))
        taken.claim(list(map(as_finding, shapes)))
    findings += taken.claim(
        list(map(as_finding, zip(repeat("nino"), *matches(NINO_SPLIT_RE, text), repeat(""))))
    )
    # A number the text names ("BSN 123456782") is that number; an unnamed one
    # written like a phone number is a phone number before it is an NHS number.
    runs = _Runs(text, taken)
    kinds: dict[str, str | None] = {}
    findings += taken.claim(runs.findings(taken, True, kinds))
    phones, unchecked = _phone_findings(text, taken)
    findings += taken.claim(phones)
    findings += taken.claim(runs.findings(taken, False, kinds))
    return Scan(sorted(findings, key=START), unchecked)


def find_personal_data(text: str) -> list[Finding]:
    """Every piece of personal data in `text`, in reading order, without overlaps."""
    return scan(text).findings
