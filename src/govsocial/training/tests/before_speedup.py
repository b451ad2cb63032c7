"""The context and election detectors as they were before the post check was
made fast (issue 9, "Figures"), verbatim but for their imports and the names
their two _patterns functions share here: the reference the differential tests
compare the fast versions with.
"""

# ruff: noqa: E501

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from govsocial.training import content

# --- text.py (what the two use) -----------------------------------------------------------------

# Characters that re.IGNORECASE takes for a letter besides its upper and lower
# case: "İ" and "ı" for "i", "ſ" for "s", the Kelvin sign for "k", the Ångström
# sign for "å". A test checks that no other character is missed.
CASE_SPECIALS = "\u0130\u0131\u017f\u212a\u212b"


@cache
def _cases(char: str) -> frozenset[str]:
    """The characters re.IGNORECASE matches with `char`."""
    same = re.compile(re.escape(char), re.IGNORECASE)
    candidates = {char, char.lower(), char.upper(), char.casefold(), *CASE_SPECIALS}
    return frozenset(c for c in candidates if len(c) == 1 and same.fullmatch(c))


def _alternatives(items: list[str], not_after: str, then: str, phrases: bool = False) -> list[str]:
    """Regex alternatives matching any of `items` case-insensitively, earlier ones
    first, where the character before is not in the class `not_after`, followed
    by `then`; `phrases`: words apart by any white space, else each item as written.

    Each alternative starts with one literal character (every case of an
    item's first character, then the rest case-insensitively): joined with
    "|", they let the regex engine jump to the places where a first character
    occurs and skip the others with one test, instead of trying every item at
    every place, which keeps a search over a long text fast.
    """
    groups: dict[frozenset[str], list[str]] = {}  # by the cases of the first character
    for item in items:
        if phrases:
            words = item.split()
            first, rest = words[0][0], r"\s++".join(map(re.escape, [words[0][1:], *words[1:]]))
        else:
            first, rest = item[0], re.escape(item[1:])
        groups.setdefault(_cases(first), []).append(rest)
    before = rf"(?<!{not_after}[\s\S])" if not_after else ""
    return [
        rf"{re.escape(case)}{before}(?i:{'|'.join(rests)}){then}"
        for cases, rests in groups.items()
        for case in sorted(cases)
    ]


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
    keyword_pattern = re.compile("|".join(_alternatives(keywords, r"[\w-]", r"(?![\w-])")))
    return name_pattern, keyword_pattern


# --- context.py ---------------------------------------------------------------------------------

# How far (characters, within one sentence) a person may be from what is said about them.
NEAR = 100


class Hit(NamedTuple):
    kind: (
        str  # home_address, exact_address, number_plate, special_category, birth_date, child, tone
    )
    start: int
    end: int
    text: str
    detail: str = ""  # the category, the tone kind, "person" when tied to a person


def _words(items: list[str], then: str = r"(?!\w)") -> str:
    """Any of `items` (words or phrases) as whole words, any case, longest first."""
    # Phones type a curly apostrophe: "we’ve", "it’s".
    items = [variant for i in items for variant in {i, i.replace("'", "’")}]
    items = sorted({i.lower() for i in items if i.strip()}, key=len, reverse=True)
    return "|".join(_alternatives(items, r"\w", then, phrases=True))


def _both(entry: dict) -> list[str]:
    return [str(w) for language in content.LANGUAGES for w in entry.get(language) or []]


NAME = r"[A-Z][a-zà-ÿ'’-]{1,24}"
PARTICLES = r"(?:(?:van|de|der|den|ter|ten|te|von|du|le|la|Van|De|Ter|Ten)\s{1,3}){0,3}"
# One character, not a run: "[.!?]+" would read a long run of dots again
# from each of them (quadratic).
SENTENCE_END_RE = re.compile(r"[.!?…](?=\s)|\n")
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "januari|februari|maart|mei|juni|juli|augustus|oktober|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec"
)
DATE = (
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|e)?\s{{1,3}}(?:{MONTHS})\.?,?\s{{1,3}}(?:19|20)\d{{2}}"
    rf"|(?:{MONTHS})\.?\s{{1,3}}\d{{1,2}}(?:st|nd|rd|th)?,?\s{{1,3}}(?:19|20)\d{{2}})"
)
WORD_NUMBER_RE = re.compile(
    r"(?<![\w'’-])([^\W\d_][^\W\d_'’-]{0,40})[ \t]{1,3}(?:nr\.?[ ]?)?(\d{1,4}(?:[ ]?[a-zA-Z](?!\w))?)(?!\d|[.,]\d)"
)
NL_POSTCODE_NUMBER_RE = re.compile(
    r"(?<!\w)[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2},?[ \t]{1,3}(?:nr\.?[ ]?|huisnummer[ ]?)?\d{1,4}[a-zA-Z]?(?![\w.,:])"
)
# After a street and a number: a Dutch ("1234 AB") or Belgian ("9000 Gent") postcode.
POSTCODE_AFTER_RE = re.compile(r",?[ \t]{1,3}[1-9]\d{3}(?:[ ]?[A-Z]{2}(?!\w)|[ \t]{1,3}[A-Z])")
UK_POSTCODE_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z]{1,2}\d[A-Z\d]?)[ ]?\d[A-Z]{2}(?![A-Za-z0-9])"
)
PLATE_RE = re.compile(
    r"(?<![\w-])(?:"
    # Dutch side codes, written with dashes as on the plate.
    r"[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}"
    r"|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}"
    r"|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|[A-Z]-\d{2}-[A-Z]{3}"
    r"|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d"
    # Belgian: 1-ABC-123.
    r"|[1-9]-[A-Z]{3}-\d{3}"
    r")(?![\w-])"
    # British: AB12 CDE.
    r"|(?<![A-Za-z0-9])[A-Z]{2}\d{2}[ ]?[A-Z]{3}(?![A-Za-z0-9])"
)
UK_STREET_RE = re.compile(
    r"(?<![\w-])\d{1,4}[a-zA-Z]?,?[ \t]{1,3}(?:[A-Z][\w'’-]{1,20}[ \t]{1,3}){1,3}([A-Z][a-z]{1,10})\.?(?!\w)"
)
# A name with an age: "Emma (7)", "Charlie, 6,", "Julia, 7 jaar,", "Isla, aged 5".
NAME_AGE_RE = re.compile(
    rf"[A-Z](?<!\w.)[a-zà-ÿ'’-]{{1,24}}(?:\s{{1,3}}{NAME}){{0,2}}"
    r"(?:,?\s?\((\d{1,2})(?:\s?(?:jaar|yrs?|years?))?\)"
    r"|,\s(\d{1,2})(?:\s(?:jaar(?:\soud)?|years?\sold))?,"
    r"|,?\s(?:aged|age)\s(\d{1,2})(?!\d))"
    # "Children aged 4 to 12": a range of ages is a group, not a person.
    r"(?!\s?(?:to|tot|-|–)\s?\d)"
)
AGE_NAME_RE = re.compile(
    rf"(?<!\w)(\d{{1,2}})(?:[- ]year[- ]old|-jarige|\s?jarige)\s{{1,3}}({NAME})"
)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    data = content.context_rules()
    people = data["people"]
    names = sorted(people["first_names"], key=len, reverse=True)
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(re.escape(name[1:]))
    surname = rf"(?:\s{{1,3}}{PARTICLES}{NAME})?"
    first_names = "|".join(
        rf"{re.escape(first)}(?<!\w.)(?:{'|'.join(rests)})(?!\w){surname}"
        for first, rests in by_first.items()
    )
    honorific = _words(people["honorifics"], rf"\.?\s{{1,3}}{PARTICLES}{NAME}")
    relations = "|".join(
        re.escape(r) for r in sorted(_both(people["relations"]), key=len, reverse=True)
    )
    relation = _words(_both(people["possessives"]), rf"\s{{1,3}}(?i:{relations})(?:['’]s)?(?!\w)")
    categories = data["special_categories"]
    return {
        "name": re.compile(f"{honorific}|{first_names}"),
        "relation": re.compile(relation),
        "generic_before": re.compile(
            rf"(?:^|\W)(?i:{'|'.join(map(re.escape, _both(people['generic_before'])))})\s{{1,3}}$"
        ),
        "possessive_before": re.compile(
            rf"(?:^|\W)(?i:{'|'.join(map(re.escape, _both(people['possessives'])))})"
            r"\s{1,3}(?:[\w'’-]{1,20}\s{1,3})?$"
        ),
        "residence": re.compile(_words(_both(people["residence"]))),
        "categories": re.compile(
            "|".join(f"(?P<{name}>{_words(_both(entry))})" for name, entry in categories.items())
        ),
        "birth": re.compile(
            _words(_both(data["birth"]), rf"[^\d.!?\n]{{0,24}}?{DATE}"),
            re.IGNORECASE,
        ),
        "school": re.compile(_words(_both(data["children"]["school"]))),
        "child_name": re.compile(_words(_both(people["relations"]), rf"\s{{1,3}}{NAME}")),
        "tone": re.compile(
            "|".join(f"(?P<{kind}>{_words(_both(entry))})" for kind, entry in data["tone"].items())
        ),
    }


class _Near:
    """Spans of people in a text, found once, looked up by bisection."""

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.ends = [m.end() for m in SENTENCE_END_RE.finditer(text)]
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.spans = spans

    def sentence(self, position: int) -> int:
        return bisect_right(self.ends, position)

    def person(self, start: int, end: int) -> bool:
        """A person within NEAR characters of start…end, in the same sentence, not
        inside it (a street named after someone: "Jan van Galenstraat 12")."""
        sentence = self.sentence(start)
        i = bisect_left(self.starts, start - NEAR - 80)  # no span is longer than 80 characters
        while i < len(self.spans) and self.spans[i][0] <= end + NEAR:
            s, e = self.spans[i]
            inside = s < end and e > start
            if not inside and e >= start - NEAR and self.sentence(max(s, e - 1)) == sentence:
                return True
            i += 1
        return False


def _addressed(text: str, start: int) -> bool:
    """Whether a possessive comes right before `start` ("your autism", "uw kind
    met autisme"), not as general advice ("heeft uw kind autisme?")."""
    patterns = _patterns()
    window = max(0, start - 32)
    possessive = patterns["possessive_before"].search(text[window:start])
    if possessive is None:
        return False
    at = window + possessive.start()
    return not patterns["generic_before"].search(text[max(0, at - 14) : at + 1])


def _people(text: str) -> list[tuple[int, int]]:
    patterns = _patterns()
    spans = [m.span() for m in patterns["name"].finditer(text)]
    spans += [m.span() for m in NAME_AGE_RE.finditer(text)]
    for match in patterns["relation"].finditer(text):
        # "If your child has autism": general advice, nobody in particular.
        if not patterns["generic_before"].search(text[max(0, match.start() - 14) : match.start()]):
            spans.append(match.span())
    spans += [m.span() for m in patterns["residence"].finditer(text)]
    return spans


def _street_addresses(text: str) -> list[tuple[int, int]]:
    rules = content.context_rules()["addresses"]
    endings = tuple(e.lower() for e in rules["nl_street_endings"])
    uk_types = set(rules["uk_street_types"])
    found = []
    for match in WORD_NUMBER_RE.finditer(text):
        word = match.group(1).lower()
        # "Kerkstraat 12", "Markt 3"; "kerkstraat 12" in lower case too.
        if word.endswith(endings):
            found.append(match.span())
    found += [m.span() for m in UK_STREET_RE.finditer(text) if m.group(1) in uk_types]
    return found


def find(text: str) -> tuple[Hit, ...]:
    """Every hit, in the order of the text within each kind."""
    return tuple(_find(text))


def _find(text: str) -> list[Hit]:
    patterns = _patterns()
    near = _Near(text, _people(text))
    hits: list[Hit] = []
    exact: list[tuple[int, int]] = []
    for start, end in _street_addresses(text):
        after = POSTCODE_AFTER_RE.match(text, end) or UK_POSTCODE_RE.search(text[end : end + 40])
        if after is not None:
            exact.append((start, end))
        if near.person(start, end):
            hits.append(Hit("home_address", start, end, text[start:end], "person"))
        elif after is not None:
            hits.append(Hit("exact_address", start, end, text[start:end]))
    for match in NL_POSTCODE_NUMBER_RE.finditer(text):
        start, end = match.span()
        if any(s <= start <= e + 40 for s, e in exact[-3:]):
            continue  # the street before it is already found
        kind = "home_address" if near.person(start, end) else "exact_address"
        hits.append(
            Hit(kind, start, end, match.group(), "person" if kind == "home_address" else "")
        )
    hits += [Hit("number_plate", *m.span(), m.group()) for m in PLATE_RE.finditer(text)]
    for match in patterns["categories"].finditer(text):
        start, end = match.span()
        if _addressed(text, start) or near.person(start, end):
            hits.append(Hit("special_category", start, end, match.group(), match.lastgroup or ""))
    for match in patterns["birth"].finditer(text):
        start, end = match.span()
        hits.append(
            Hit(
                "birth_date", start, end, match.group(), "person" if near.person(start, end) else ""
            )
        )
    hits += _children(text, near)
    for match in patterns["tone"].finditer(text):
        hits.append(Hit("tone", *match.span(), match.group(), match.lastgroup or ""))
    return hits


def _children(text: str, near: _Near) -> list[Hit]:
    adult = content.context_rules()["children"]["adult_age"]
    patterns = _patterns()
    hits = []
    for match in NAME_AGE_RE.finditer(text):
        age = next(group for group in match.groups() if group)
        if int(age) < adult:
            hits.append(Hit("child", *match.span(), match.group(), "age"))
    for match in AGE_NAME_RE.finditer(text):
        if int(match.group(1)) < adult:
            hits.append(Hit("child", *match.span(), match.group(), "age"))
    schools = [m.span() for m in patterns["school"].finditer(text)]
    school_starts = [s for s, _ in schools]
    for match in patterns["child_name"].finditer(text):
        start, end = match.span()
        i = bisect_left(school_starts, start - NEAR)
        sentence = near.sentence(start)
        while i < len(schools) and schools[i][0] <= end + NEAR:
            if near.sentence(schools[i][0]) == sentence:
                hits.append(Hit("child", start, end, match.group(), "school"))
                break
            i += 1
    return hits


# --- election.py --------------------------------------------------------------------------------

# What may come before a call to vote that starts a sentence: the start of the
# text or of a line, sentence punctuation, a dash or an opening bracket, "please".
SENTENCE_START_RE = re.compile(
    r"(?:^|[.!?…:;\-–—(\"“'‘]|\b(?:please|so|and|en|dus|graag|vooral))\s{0,4}$", re.IGNORECASE
)


@dataclass
class ElectionReading:
    campaigning: list[str] = field(default_factory=list)  # what makes it campaigning
    political: list[str] = field(default_factory=list)  # parties, candidates, political talk
    voting_information: list[str] = field(default_factory=list)

    def severity_key(self) -> str:
        if self.campaigning:
            return "campaigning"
        if self.political:
            return "political"
        return "voting_information" if self.voting_information else ""


@cache
def _election_patterns() -> dict[str, re.Pattern[str]]:
    data = content.election_rules()
    campaigning = data["campaigning"]
    not_names = "|".join(re.escape(w) for w in _both(data["not_names"]))
    return {
        "call": re.compile(_words(_both(campaigning["calls"]))),
        "call_before_a_name": re.compile(_words(_both(campaigning["calls_before_a_name"]))),
        # A name right after the call: "Vote Jones", "Stem op Van Dam".
        "name_after": re.compile(
            rf"\s{{1,3}}(?:op\s{{1,3}}|for\s{{1,3}})?(?!(?:{not_names})(?!\w)){NAME}"
        ),
        "candidate": re.compile(
            _words(_both(campaigning["roles"]), rf"\s{{1,3}}(?:van\s|de\s)?{NAME}")
        ),
        "voting_information": re.compile(_words(_both(data["voting_information"]))),
        "political_words": re.compile(_words(_both(data["political_words"]))),
    }


def read(text: str, country: str) -> ElectionReading:
    patterns = _election_patterns()
    parties, _keywords = _political_patterns(country or "")
    names = list(dict.fromkeys(m.group() for m in parties.finditer(text))) if parties else []
    candidates = [m.group() for m in patterns["candidate"].finditer(text)]
    reading = ElectionReading()
    reading.voting_information = [m.group() for m in patterns["voting_information"].finditer(text)]
    calls = [
        match
        for match in patterns["call"].finditer(text)
        if SENTENCE_START_RE.search(text[max(0, match.start() - 12) : match.start()])
    ]
    if calls and (names or candidates):
        reading.campaigning = [calls[0].group(), *names, *candidates]
    else:
        for call in calls:
            if not patterns["call_before_a_name"].fullmatch(call.group()):
                continue
            name = patterns["name_after"].match(text, call.end())
            if name is not None:
                reading.campaigning = [text[call.start() : name.end()]]
                break
    reading.political = list(
        dict.fromkeys(
            names + candidates + [m.group() for m in patterns["political_words"].finditer(text)]
        )
    )
    return reading


def political_severity(country: str, active: bool) -> str:
    """ "stop", "check" or "none" for political content, by country and period."""
    levels = content.election_rules()["political_content"]["active" if active else "inactive"]
    key = "GB" if country.upper() in ("GB", "UK") else country.upper()
    return levels.get(key, levels["other"])
