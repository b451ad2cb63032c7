"""The detectors as they were before issue 9 ("Hardening"), verbatim but for
their imports: the reference the differential tests compare the linear-time
versions with. Cubic or quadratic in places, so only ever given short texts.
"""

# ruff: noqa: E501

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import phonenumbers
from stdnum import iban as std_iban
from stdnum.be import nn as std_be_nn
from stdnum.gb import nhs as std_gb_nhs
from stdnum.nl import bsn as std_nl_bsn

from govsocial.training import content

# --- detect.py --------------------------------------------------------------------------------

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


# --- checker/text.py ----------------------------------------------------------------------------

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
HASHTAG_RE = re.compile(r"(?<![\w&#])#([^\s#]*)")
VALID_TAG_RE = re.compile(r"[^\W_][\w]*", re.UNICODE)
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


# --- language -------------------------------------------------------------------


def detect_language(text: str, default: str = "en") -> str:
    """English or Dutch, by counting small words each language uses a lot."""
    stopwords = content.checker()["stopwords"]
    tokens = [t.lower() for t in WORD_RE.findall(URL_RE.sub(" ", text))]
    en = sum(1 for t in tokens if t in stopwords["en"])
    nl = sum(1 for t in tokens if t in stopwords["nl"])
    if en == nl:
        # Dutch-only letter pairs settle a tie: "ij", "oe", "ui".
        lowered = text.lower()
        nl += sum(lowered.count(pair) for pair in ("ij", " oe", "ui", "aa", "ee"))
        en += sum(lowered.count(pair) for pair in ("th", "wh", "ing "))
    if en == nl:
        return default if default in ("en", "nl") else "en"
    return "nl" if nl > en else "en"


# --- wording --------------------------------------------------------------------


LETTERS = r"[^\W\d_]"


@cache
def _word_patterns(language: str) -> list[tuple[str, re.Pattern[str], bool]]:
    """(kind, pattern, is_compound): whole words (with suffixes) and phrases; compounds apart."""
    data = content.words()
    suffixes = sorted(data["suffixes"][language], key=len, reverse=True)
    suffix_group = "(?:" + "|".join(re.escape(s) for s in suffixes) + ")"
    patterns = []
    for kind, entry in data["lists"][language].items():
        words = sorted(entry["words"], key=len, reverse=True)
        word_group = "|".join(re.escape(w.lower()) for w in words)
        alternatives = [rf"(?<![\w*])(?:{word_group}){suffix_group}(?![\w*])"]
        compounds = []
        prefixes = sorted(entry.get("prefixes") or [], key=len, reverse=True)
        if prefixes:
            # The first part of a compound: "kutgemeente", "klotebeleid".
            group = "|".join(re.escape(p.lower()) for p in prefixes)
            compounds.append(rf"(?<![\w*])(?:{group}){LETTERS}{{2,}}(?![\w*])")
        contains = entry.get("contains") or []
        if contains:
            # Anywhere inside a word: "clusterfuck", "motherfucking".
            group = "|".join(re.escape(c.lower()) for c in contains)
            compounds.append(rf"(?<![\w*]){LETTERS}*(?:{group}){LETTERS}*(?![\w*])")
        phrases = entry.get("phrases") or []
        if phrases:
            phrase_group = "|".join(
                r"\s+".join(re.escape(p) for p in ph.lower().split()) for ph in phrases
            )
            alternatives.append(rf"(?<!\w)(?:{phrase_group})(?!\w)")
        patterns.append((kind, re.compile("|".join(alternatives), re.IGNORECASE), False))
        if compounds:
            patterns.append((kind, re.compile("|".join(compounds), re.IGNORECASE), True))
    return patterns


def _is_proper_name(text: str, start: int) -> bool:
    """A capitalised word inside a sentence ("Kuttekoven", "Klotenberg") is a name."""
    if not text[start].isupper():
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in ".!?:;\"'(«“‘-–—#@"


@cache
def _innocent_pattern() -> re.Pattern[str] | None:
    """Ordinary phrases around a rude-looking word, in either language ("bloody nose", "prat op")."""
    phrases = [
        ph
        for lang in content.LANGUAGES
        for ph in content.words().get("innocent_phrases", {}).get(lang) or []
    ]
    if not phrases:
        return None
    phrases.sort(key=len, reverse=True)
    group = "|".join(r"\s+".join(re.escape(p) for p in ph.lower().split()) for ph in phrases)
    return re.compile(rf"(?<!\w)(?:{group})(?!\w)", re.IGNORECASE)


@cache
def _innocent_stems() -> tuple[str, ...]:
    stems = content.words().get("innocent_stems") or {}
    return tuple(s.lower() for lang in content.LANGUAGES for s in stems.get(lang) or [])


def find_wording(text: str, language: str) -> list[tuple[str, str]]:
    """(kind, word) for abusive, profane or impolite wording.

    Profanity and abuse are looked for in both languages (a Dutch draft may
    swear in English); impolite wording only in the draft's own language.
    """
    innocent = _innocent_pattern()
    cleaned = innocent.sub(lambda m: " " * len(m.group()), text) if innocent else text
    cleaned = URL_RE.sub(lambda m: " " * len(m.group()), cleaned)
    stems = _innocent_stems()
    found = []
    seen: set[tuple[int, int]] = set()
    others = [lang for lang in content.LANGUAGES if lang != language]
    for lang in [language, *others]:
        for kind, pattern, is_compound in _word_patterns(lang):
            if lang != language and kind == "impolite":
                continue
            for match in pattern.finditer(cleaned):
                word = match.group()
                if match.span() in seen or (
                    is_compound
                    and (word.lower().startswith(stems) or _is_proper_name(cleaned, match.start()))
                ):
                    continue
                seen.add(match.span())
                found.append((kind, word))
    return found


# --- political content ----------------------------------------------------------


@cache
def _political_patterns(country: str) -> tuple[re.Pattern[str] | None, re.Pattern[str]]:
    data = content.political()
    countries = data["countries"]
    key = "GB" if country.upper() in ("GB", "UK") else country.upper()
    names = (
        countries[key]["names"]
        if key in countries
        else [n for c in countries.values() for n in c["names"]]
    )
    names = sorted(names, key=len, reverse=True)
    name_pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
        if names
        else None
    )
    keywords = sorted(
        {k for lang in content.LANGUAGES for k in data["keywords"][lang]}, key=len, reverse=True
    )
    keyword_pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in keywords) + r")(?![\w-])", re.IGNORECASE
    )
    return name_pattern, keyword_pattern


def find_political(text: str, country: str) -> list[str]:
    names, keywords = _political_patterns(country or "")
    found = [m.group() for m in names.finditer(text)] if names else []
    found += [m.group() for m in keywords.finditer(text)]
    return list(dict.fromkeys(found))


# --- length and hashtags --------------------------------------------------------


# Code points X counts as one (Latin, Greek, Cyrillic, … and general punctuation);
# emoji and most other characters count as two; joiners and modifiers as nothing.
LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
ZERO_WIDTH = {0x200D, *range(0xFE00, 0xFE10), *range(0x1F3FB, 0x1F400)}


def _weight(char: str) -> int:
    code = ord(char)
    if code in ZERO_WIDTH:
        return 0
    return 1 if any(low <= code <= high for low, high in LIGHT_RANGES) else 2


def post_length(text: str, platform: dict[str, Any] | None) -> int:
    url_length = platform.get("url_length") if platform else None
    if url_length:
        text = URL_RE.sub("x" * url_length, text)
    if platform and platform.get("weighted"):
        return sum(_weight(c) for c in text)
    return len(text)


def hashtag_problems(text: str) -> tuple[list[str], list[str], list[str]]:
    """(all tags, malformed tags, tags that should be CamelCase)."""
    camel_length = content.checker()["camelcase_hint_length"]
    tags, malformed, camel = [], [], []
    for match in HASHTAG_RE.finditer(URL_RE.sub(" ", text)):
        body = match.group(1)
        raw = "#" + body
        # Trailing punctuation ends a sentence, not the tag.
        body = body.rstrip(".,;:!?)»\"'’")
        if not body:
            malformed.append(raw)
            continue
        if not VALID_TAG_RE.fullmatch(body) or body.isdigit() or not any(c.isalpha() for c in body):
            malformed.append("#" + body)
            continue
        tags.append("#" + body)
        if len(body) > camel_length and body.islower():
            camel.append("#" + body)
    return tags, malformed, camel


# --- alt text and links ---------------------------------------------------------


FILE_NAME_RE = re.compile(r"[\w\-. ]+\.(?:jpe?g|png|gif|webp|heic|svg|bmp|tiff?)", re.IGNORECASE)


def says_nothing(alt_text: str) -> bool:
    """An alt text that is a file name or only a word such as "image" or "foto"."""
    alt = alt_text.strip().strip(".").lower()
    generic = content.checker().get("generic_alt_texts") or {}
    words = {w.lower() for lang in content.LANGUAGES for w in generic.get(lang) or []}
    return bool(FILE_NAME_RE.fullmatch(alt)) or alt in words


def words_outside_links(text: str) -> int:
    stripped = HASHTAG_RE.sub(" ", URL_RE.sub(" ", text))
    return len(WORD_RE.findall(stripped))
