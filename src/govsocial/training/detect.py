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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as std_iban
from stdnum.be import nn as std_be_nn
from stdnum.gb import nhs as std_gb_nhs
from stdnum.nl import bsn as std_nl_bsn

PHONE_REGIONS = ("NL", "BE", "GB")


@dataclass(frozen=True)
class Finding:
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
CURRENCY_BEFORE_RE = re.compile(
    r"(?:[€£$]|\b(?:EUR|GBP|USD|euro|euros|pond|pounds?)\b)\s*$", re.IGNORECASE
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
REFERENCE_BEFORE_RE = re.compile(
    r"\b(?:ref|refs|reference|referentie|kenmerk|ons kenmerk|uw kenmerk|zaaknummer|zaak|dossier|dossiernummer|"
    r"order|ordernummer|bestelnummer|invoice|factuur|factuurnummer|case|case number|ticket|"
    r"klantnummer|customer number|account number|planning application|aanvraag|vergunning|"
    r"artikel|article|isbn|kvk|chamber of commerce|btw|vat)\b[\s.:#nro°-]*$",
    re.IGNORECASE,
)
PERSONAL_LABEL_BEFORE_RE = re.compile(
    r"\b(?:bsn|burgerservicenummer|sofinummer|rijksregisternummer|rijksregister|insz|"
    r"national register(?: number)?|nhs(?: number| no)?|patient number|patiëntnummer|citizen service number)"
    r"\b[\s.:#nro°-]*(?:(?:is|was|=)\s*)?$",
    re.IGNORECASE,
)
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


def _context_before(text: str, start: int, width: int = 30) -> str:
    return text[max(0, start - width) : start]


def _is_amount(text: str, start: int, end: int) -> bool:
    return bool(CURRENCY_BEFORE_RE.search(_context_before(text, start, 12))) or bool(
        CURRENCY_AFTER_RE.match(text[end : end + 12])
    )


def _national_id_kind(digits: str) -> str | None:
    if len(digits) == 9 and std_nl_bsn.is_valid(digits):
        return "bsn"
    if len(digits) == 11 and std_be_nn.is_valid(digits):
        return "be_nn"
    if len(digits) == 10 and std_gb_nhs.is_valid(digits):
        return "nhs"
    return None


def _looks_like_date(run: str) -> bool:
    parts = re.split(r"[.\-]", run)
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        a, b, c = (len(p) for p in parts)
        if (a in (1, 2) and b in (1, 2) and c in (2, 4)) or (
            a == 4 and b in (1, 2) and c in (1, 2)
        ):
            return True
    return False


def _number_findings(text: str, taken: list[tuple[int, int]], labelled: bool) -> list[Finding]:
    """National numbers that pass their checksum; `labelled`: only those the text names ("BSN …")."""
    findings: list[Finding] = []
    for match in NUMBER_RUN_RE.finditer(text):
        run_start = match.start()
        # Windows of consecutive space-separated groups: "BSN 123456782 12 keer".
        groups = [
            (m.start() + run_start, m.end() + run_start) for m in re.finditer(r"\S+", match.group())
        ]
        used_until = -1
        for i in range(len(groups)):
            if groups[i][0] < used_until:
                continue
            for j in range(len(groups) - 1, i - 1, -1):
                start, end = groups[i][0], groups[j][1]
                candidate = text[start:end]
                digits = re.sub(r"\D", "", candidate)
                if len(digits) < 9 or len(digits) > 11:
                    continue
                if _looks_like_date(candidate) or any(s < end and start < e for s, e in taken):
                    continue
                kind = _national_id_kind(digits)
                if kind is None:
                    continue
                before = _context_before(text, start)
                has_label = bool(PERSONAL_LABEL_BEFORE_RE.search(before))
                if has_label != labelled:
                    continue
                if not has_label and (
                    _is_amount(text, start, end)
                    or REFERENCE_BEFORE_RE.search(before)
                    or THOUSANDS_RE.fullmatch(candidate)
                ):
                    continue
                findings.append(Finding(kind, start, end, candidate))
                used_until = end
                break
    return findings


def _phone_subtype(text: str, match: phonenumbers.PhoneNumberMatch) -> str:
    if phonenumbers.number_type(match.number) in MOBILE_TYPES:
        return "mobile"
    around = _context_before(text, match.start, 40) + " " + text[match.end : match.end + 25]
    return "organisation" if ORGANISATION_CONTACT_RE.search(around) else "fixed"


def _phone_findings(text: str, taken: list[tuple[int, int]]) -> list[Finding]:
    findings: list[Finding] = []
    seen: list[tuple[int, int]] = []
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        ):
            start, end = match.start, match.end
            raw = match.raw_string
            if any(s < end and start < e for s, e in taken + seen):
                continue
            # A phone number is written with its trunk prefix (0) or an international one.
            if not raw.lstrip("(").startswith(("0", "+")) or BE_NN_SHAPE_RE.match(raw.strip()):
                continue
            if phonenumbers.number_type(match.number) in SERVICE_NUMBER_TYPES:
                continue
            if _is_amount(text, start, end) or REFERENCE_BEFORE_RE.search(
                _context_before(text, start)
            ):
                continue
            seen.append((start, end))
            findings.append(Finding("phone", start, end, raw, _phone_subtype(text, match)))
    return findings


def _iban_findings(text: str) -> list[Finding]:
    """IBANs that pass their checksum; the match may run on into following words ("NL91 … today")."""
    findings = []
    for match in IBAN_RE.finditer(text):
        # Character offsets of the letters and digits, so a shorter candidate maps back to the text.
        offsets = [match.start() + i for i, c in enumerate(match.group()) if c != " "]
        compact = match.group().replace(" ", "").upper()
        for end in range(len(compact), 14, -1):
            if std_iban.is_valid(compact[:end]):
                start, stop = offsets[0], offsets[end - 1] + 1
                findings.append(Finding("iban", start, stop, text[start:stop]))
                break
    return findings


def find_personal_data(text: str) -> list[Finding]:
    """Every piece of personal data in `text`, in reading order, without overlaps."""
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def claim(found: list[Finding]) -> None:
        for finding in found:
            if not any(s < finding.end and finding.start < e for s, e in taken):
                findings.append(finding)
                taken.append((finding.start, finding.end))

    claim(
        [
            Finding("email", m.start(), m.end(), m.group())
            for m in EMAIL_RE.finditer(text)
            if m.group().split("@")[0].lower() not in ROLE_MAILBOXES
        ]
    )
    claim(_iban_findings(text))
    shapes = [(m.start(), m.end()) for m in IBAN_SHAPE_RE.finditer(text)]
    taken.extend(s for s in shapes if not any(a < s[1] and s[0] < b for a, b in taken))
    claim([Finding("nino", m.start(), m.end(), m.group()) for m in NINO_RE.finditer(text)])
    # A number the text names ("BSN 123456782") is that number; an unnamed one
    # written like a phone number is a phone number before it is an NHS number.
    claim(_number_findings(text, taken, labelled=True))
    claim(_phone_findings(text, taken))
    claim(_number_findings(text, taken, labelled=False))
    return sorted(findings, key=lambda f: f.start)
