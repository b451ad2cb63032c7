"""What a draft says about a person (issue 12): a name with a home address,
number plates, a postcode with a house number, special categories of
personal data (GDPR art. 9 and 10) tied to a person, a date of birth, a named
child with an age or a school, and condescending or dismissive wording.

Knowledge in `content/context.yaml`. Every search is linear in the text:
bounded quantifiers only, word lists joined so the regex engine skips to
their first letters (see text._alternatives), and "near a person" looked up
by bisection in sorted spans, within one sentence and a bounded distance.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache, cached_property, lru_cache, partial
from itertools import compress, repeat
from operator import attrgetter
from typing import NamedTuple

from .. import content
from ..detect import matches
from .text import WordList, Words, _alternatives, _by_first_character, _heads

# How far (characters, within one sentence) a person may be from what is said about them.
NEAR = 100


@lru_cache(maxsize=4096)
def _postcode_after(after: str) -> bool:
    """Whether a postcode comes in the 40 characters after a street and a number."""
    return bool(POSTCODE_AFTER_RE.match(after) or UK_POSTCODE_RE.search(after))


class Hit(NamedTuple):
    kind: (
        str  # home_address, exact_address, number_plate, special_category, birth_date, child, tone
    )
    start: int
    end: int
    text: str
    detail: str = ""  # the category, the tone kind, "person" when tied to a person


# A Hit from a tuple of all its fields, made without a Python call.
_hit = partial(tuple.__new__, Hit)
_LAST_INDEX = attrgetter("lastindex")


def _phrases(items: list[str]) -> list[str]:
    """`items` (words or phrases) lower case, longest first."""
    # Phones type a curly apostrophe: "we’ve", "it’s".
    items = [variant for i in items for variant in {i, i.replace("'", "’")}]
    return sorted({i.lower() for i in items if i.strip()}, key=len, reverse=True)


def _words(items: list[str], then: str = r"(?!\w)") -> str:
    """Any of `items` (words or phrases) as whole words, any case, longest first."""
    return "|".join(_alternatives(_phrases(items), r"\w", then, phrases=True))


def _word_list(items: list[str], then: str = r"(?!\w)", ends: bool = True) -> WordList:
    """_words as a WordList; `ends`: `then` reads no word character first."""
    return WordList(_words(items, then), _heads(_phrases(items), True, ends))


def _labelled(lists: dict[str, list[str]]) -> tuple[WordList, tuple[str, ...]]:
    """Whole words of several lists in one pattern, and the list's name by `match.lastindex`.

    What `_words` makes of each list, joined, matches what this does: the
    same words tried in the same order. But where a named group around
    each list would hide the first characters from the regex engine, here
    the pattern starts with them (see text._alternatives) and each list's
    words at one first character end with an empty group of their own.
    """
    by_first: dict[frozenset[str], list[tuple[str, list[str]]]] = {}
    for name, items in lists.items():
        for cases, rests in _by_first_character(_phrases(items), phrases=True).items():
            by_first.setdefault(cases, []).append((name, rests))
    names = [""]  # group 0 is the whole match
    alternatives = []
    heads = [head for items in lists.values() for head in _heads(_phrases(items), True, True)]
    for cases, lists_here in by_first.items():
        for case in sorted(cases):
            inner = []
            for name, rests in lists_here:
                inner.append(f"(?i:{'|'.join(rests)})(?!\\w)()")
                names.append(name)
            alternatives.append(f"{re.escape(case)}(?<!\\w[\\s\\S])(?:{'|'.join(inner)})")
    return WordList("|".join(alternatives), heads), tuple(names)


def _both(entry: dict) -> list[str]:
    return [str(w) for language in content.LANGUAGES for w in entry.get(language) or []]


NAME = r"[A-Z][a-zà-ÿ'’-]{1,24}"
PARTICLES = r"(?:(?:van|de|der|den|ter|ten|te|von|du|le|la|Van|De|Ter|Ten)\s{1,3}){0,3}"
# One character, not a run: "[.!?]+" would read a long run of dots again
# from each of them (quadratic).
#
# Each pattern below starts with one character class (a lookbehind comes
# after the first character, "(?<!\w.)"): the regex engine then skips every
# other character in one quick test instead of trying the whole pattern at
# each place, which is most of the time a long draft takes.
SENTENCE_END_RE = re.compile(r"[.!?…\n](?:(?<=\n)|(?=\s))")  # [.!?…](?=\s)|\n
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
    r"([^\W\d_](?<![\w'’-].)[^\W\d_'’-]{0,40})[ \t]{1,3}(?:nr\.?[ ]?)?(\d{1,4}(?:[ ]?[a-zA-Z](?!\w))?)(?!\d|[.,]\d)"
)
NL_POSTCODE_NUMBER_RE = re.compile(
    r"[1-9](?<!\w.)\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2},?[ \t]{1,3}(?:nr\.?[ ]?|huisnummer[ ]?)?\d{1,4}[a-zA-Z]?(?![\w.,:])"
)
# After a street and a number: a Dutch ("1234 AB") or Belgian ("9000 Gent") postcode.
POSTCODE_AFTER_RE = re.compile(r",?[ \t]{1,3}[1-9]\d{3}(?:[ ]?[A-Z]{2}(?!\w)|[ \t]{1,3}[A-Z])")
UK_POSTCODE_RE = re.compile(r"[A-Z](?<![A-Za-z0-9].)[A-Z]?\d[A-Z\d]?[ ]?\d[A-Z]{2}(?![A-Za-z0-9])")
# Written from its first character on (see above); a plate's first character
# is a capital or a digit, the rest of each shape follows the class it is in,
# and shapes that begin alike share that beginning. At most one shape fits at
# a place, so their order does not matter.
PLATE_RE = re.compile(
    r"[A-Z\d](?:(?<![\w-].)(?:"
    # Dutch side codes, written with dashes as on the plate: from a capital…
    r"(?<=[A-Z])(?:-(?:\d{3}-[A-Z]{2}|\d{2}-[A-Z]{3})"
    r"|[A-Z](?:-(?:\d{2}-\d{2}|\d{2}-[A-Z]{2}|[A-Z]{2}-\d{2}|\d{3}-[A-Z])|[A-Z]-\d{2}-[A-Z]))"
    # … and from a digit; Belgian: 1-ABC-123.
    r"|(?<=\d)(?:-(?:[A-Z]{3}-\d{2}|[A-Z]{2}-\d{3}|(?<=[1-9]-)[A-Z]{3}-\d{3})"
    r"|\d(?:-(?:\d{2}-[A-Z]{2}|[A-Z]{2}-\d{2}|[A-Z]{2}-[A-Z]{2}|[A-Z]{3}-\d)|\d-[A-Z]{2}-\d))"
    r")(?![\w-])"
    # British: AB12 CDE.
    r"|(?<=[A-Z])(?<![A-Za-z0-9].)[A-Z]\d{2}[ ]?[A-Z]{3}(?![A-Za-z0-9]))"
)
# PLATE_RE as its two families, for detect.matches: neither ever begins inside
# a plate of the other (every place in a plate but its start follows a letter,
# a digit or a dash), so together they find what PLATE_RE finds. The shapes from
# a digit all hold a dash.
PLATE_FROM_CAPITAL_SPLIT_RE = re.compile(
    r"([A-Z](?:(?<![\w-].)(?:-(?:\d{3}-[A-Z]{2}|\d{2}-[A-Z]{3})"
    r"|[A-Z](?:-(?:\d{2}-\d{2}|\d{2}-[A-Z]{2}|[A-Z]{2}-\d{2}|\d{3}-[A-Z])|[A-Z]-\d{2}-[A-Z]))"
    r"(?![\w-])|(?<![A-Za-z0-9].)[A-Z]\d{2}[ ]?[A-Z]{3}(?![A-Za-z0-9])))"
)
PLATE_FROM_DIGIT_SPLIT_RE = re.compile(
    r"(\d(?<![\w-].)(?:-(?:[A-Z]{3}-\d{2}|[A-Z]{2}-\d{3}|(?<=[1-9]-)[A-Z]{3}-\d{3})"
    r"|\d(?:-(?:\d{2}-[A-Z]{2}|[A-Z]{2}-\d{2}|[A-Z]{2}-[A-Z]{2}|[A-Z]{3}-\d)|\d-[A-Z]{2}-\d))"
    r"(?![\w-]))"
)
# Possessive ("+") where what follows cannot be what was given back.
UK_STREET_RE = re.compile(
    r"\d(?<![\w-].)\d{0,3}+[a-zA-Z]?+,?+[ \t]{1,3}+(?:[A-Z][\w'’-]{1,20}[ \t]{1,3}){1,3}([A-Z][a-z]{1,10})\.?(?!\w)"
)
# A name with an age: "Emma (7)", "Charlie, 6,", "Julia, 7 jaar,", "Isla, aged 5".
# The name's letters and spaces are taken whole ("+"): what follows them (a
# comma, a space, a bracket) is none of them, so giving some back never helps.
NAME_AGE_RE = re.compile(
    r"[A-Z](?<!\w.)[a-zà-ÿ'’-]{1,24}+(?:\s{1,3}+[A-Z][a-zà-ÿ'’-]{1,24}+){0,2}+"
    r"(?:,?\s?\((\d{1,2})(?:\s?(?:jaar|yrs?|years?))?\)"
    r"|,\s(\d{1,2})(?:\s(?:jaar(?:\soud)?|years?\sold))?,"
    r"|,?\s(?:aged|age)\s(\d{1,2})(?!\d))"
    # "Children aged 4 to 12": a range of ages is a group, not a person.
    r"(?!\s?(?:to|tot|-|–)\s?\d)"
)
# Plates, postcodes, British streets and names with an age all hold a capital:
# a draft without one is not searched for them.
CAPITAL_RE = re.compile(r"[A-Z]")
AGE_WORDS = ("year", "jarige")  # the words of AGE_NAME_RE, one of which it holds
AGE_NAME_RE = re.compile(rf"(\d(?<!\w.)\d?)(?:[- ]year[- ]old|-jarige|\s?jarige)\s{{1,3}}({NAME})")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """What is read just before a place (in a few characters)."""
    people = content.context_rules()["people"]
    return {
        "generic_before": re.compile(
            rf"(?:^|\W)(?i:{'|'.join(map(re.escape, _both(people['generic_before'])))})\s{{1,3}}$"
        ),
        "possessive_before": re.compile(
            rf"(?:^|\W)(?i:{'|'.join(map(re.escape, _both(people['possessives'])))})"
            r"\s{1,3}(?:[\w'’-]{1,20}\s{1,3})?$"
        ),
    }


@cache
def _word_lists() -> dict[str, WordList]:
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
    honorifics = people["honorifics"]
    honorific = _words(honorifics, rf"\.?\s{{1,3}}{PARTICLES}{NAME}")
    relations = "|".join(
        re.escape(r) for r in sorted(_both(people["relations"]), key=len, reverse=True)
    )
    relation = rf"\s{{1,3}}(?i:{relations})(?:['’]s)?(?!\w)"
    name_heads = _heads(_phrases(honorifics), True, True) + _heads(names, False, True)
    return {
        "name": WordList(f"{honorific}|{first_names}", name_heads),
        "relation": _word_list(_both(people["possessives"]), relation),
        "residence": _word_list(_both(people["residence"])),
        # What may come between the word and the date holds letters too.
        "birth": _word_list(_both(data["birth"]), rf"(?i:[^\d.!?\n]{{0,24}}?{DATE})", False),
        "school": _word_list(_both(data["children"]["school"])),
        "child_name": _word_list(_both(people["relations"]), rf"\s{{1,3}}{NAME}"),
    }


@cache
def _categories() -> tuple[WordList, tuple[str, ...]]:
    """Special categories: the pattern, and each alternative's category."""
    categories = content.context_rules()["special_categories"]
    return _labelled({name: _both(entry) for name, entry in categories.items()})


@cache
def _tone() -> tuple[WordList, tuple[str, ...]]:
    """Tone: the pattern, and each alternative's kind."""
    return _labelled(
        {kind: _both(entry) for kind, entry in content.context_rules()["tone"].items()}
    )


class _Near:
    """Spans of people in a text, looked up by bisection; found when first asked
    for (most drafts have nothing that needs them)."""

    def __init__(self, words: Words, name_ages: list[tuple[int, int]]):
        self.text = words.text
        self.words = words
        self.name_ages = name_ages

    @cached_property
    def ends(self) -> list[int]:
        return [m.end() for m in SENTENCE_END_RE.finditer(self.text)]

    @cached_property
    def spans(self) -> list[tuple[int, int]]:
        spans = _people(self.words, self.name_ages)
        spans.sort()
        return spans

    @cached_property
    def starts(self) -> list[int]:
        return [s for s, _ in self.spans]

    def sentence(self, position: int) -> int:
        return bisect_right(self.ends, position)

    def person(self, start: int, end: int) -> bool:
        """A person within NEAR characters of start…end, in the same sentence, not
        inside it (a street named after someone: "Jan van Galenstraat 12")."""
        spans = self.spans
        i = bisect_left(self.starts, start - NEAR - 80)  # no span is longer than 80 characters
        sentence = None
        while i < len(spans) and spans[i][0] <= end + NEAR:
            s, e = spans[i]
            inside = s < end and e > start
            if not inside and e >= start - NEAR:
                if sentence is None:
                    sentence = self.sentence(start)
                if self.sentence(max(s, e - 1)) == sentence:
                    return True
            i += 1
        return False


def _addressed(text: str, start: int) -> bool:
    """Whether a possessive comes right before `start` ("your autism", "uw kind
    met autisme"), not as general advice ("heeft uw kind autisme?")."""
    # The possessive is read in the 32 characters before, and general advice
    # in up to 14 before the possessive; a space comes right before the word.
    return (
        start > 0
        and text[start - 1].isspace()
        and _addressed_after(text[max(0, start - 46) : start])
    )


@lru_cache(maxsize=4096)
def _addressed_after(before: str) -> bool:
    """_addressed, of the (at most 46) characters before the place."""
    patterns = _patterns()
    window = max(0, len(before) - 32)
    possessive = patterns["possessive_before"].search(before[window:])
    if possessive is None:
        return False
    at = window + possessive.start()
    return not _generic_before(before[max(0, at - 14) : at + 1])


@lru_cache(maxsize=4096)
def _generic_before(before: str) -> bool:
    """Whether `before` ends in general advice ("if your", "heeft uw")."""
    return _patterns()["generic_before"].search(before) is not None


def _people(words: Words, name_ages: list[tuple[int, int]]) -> list[tuple[int, int]]:
    text = words.text
    word_lists = _word_lists()
    spans = list(zip(*word_lists["name"].found(words)[:2], strict=True))
    spans += name_ages
    starts, ends, _texts = word_lists["relation"].found(words)
    # "If your child has autism": general advice, nobody in particular.
    spans += [
        (start, end)
        for start, end in zip(starts, ends, strict=True)
        if not _generic_before(text[max(0, start - 14) : start])
    ]
    spans += zip(*word_lists["residence"].found(words)[:2], strict=True)
    return spans


def _street_addresses(words: Words) -> list[tuple[int, int]]:
    text = words.text
    rules = content.context_rules()["addresses"]
    endings = tuple(e.lower() for e in rules["nl_street_endings"])
    uk_types = set(rules["uk_street_types"])
    found = []
    # A word and a number: "Kerkstraat 12", "Markt 3"; "kerkstraat 12" in lower
    # case too. Searched only from the words that end as a street does: any
    # match of WORD_NUMBER_RE begins a word, and one that does not end so
    # holds no other place such a word (of three letters or more) begins.
    if all(len(ending) >= 3 for ending in endings):
        lasts = {ending[-3:] for ending in endings}
        matches = filter(None, map(WORD_NUMBER_RE.match, repeat(text), words.ending_as(lasts)))
    else:
        matches = WORD_NUMBER_RE.finditer(text)
    end = 0
    for match in matches:
        if match.start() >= end and match.group(1).lower().endswith(endings):
            found.append(match.span())
            end = match.end()
    # "12 High Street": a street type is a word of the draft.
    if CAPITAL_RE.search(text) and not words.words.isdisjoint(map(str.lower, uk_types)):
        found += [m.span() for m in UK_STREET_RE.finditer(text) if m.group(1) in uk_types]
    return found


def _plates(text: str) -> tuple[list[int], list[int], list[str]]:
    """Where PLATE_RE finds a plate, where it ends and what it reads (in a
    text with a capital)."""
    plates = matches(PLATE_FROM_CAPITAL_SPLIT_RE, text)
    if "-" not in text:
        return plates
    more = matches(PLATE_FROM_DIGIT_SPLIT_RE, text)
    if not more[0]:
        return plates
    found = sorted(zip(*(a + b for a, b in zip(plates, more, strict=True)), strict=True))
    return [s for s, _, _ in found], [e for _, e, _ in found], [t for _, _, t in found]


def find(text: str, words: Words | None = None) -> tuple[Hit, ...]:
    """Every hit, in the order of the text within each kind; `words`: the
    text's, if already read."""
    return tuple(_find(words if words is not None else Words(text)))


def _find(words: Words) -> list[Hit]:
    text = words.text
    word_lists = _word_lists()
    name_ages = list(NAME_AGE_RE.finditer(text))
    near = _Near(words, list(map(re.Match.span, name_ages)))
    hits: list[Hit] = []
    exact: list[tuple[int, int]] = []
    for start, end in _street_addresses(words):
        after = _postcode_after(text[end : end + 40])
        if after:
            exact.append((start, end))
        if near.person(start, end):
            hits.append(_hit(("home_address", start, end, text[start:end], "person")))
        elif after:
            hits.append(_hit(("exact_address", start, end, text[start:end], "")))
    capitals = CAPITAL_RE.search(text) is not None
    for match in NL_POSTCODE_NUMBER_RE.finditer(text) if capitals else ():
        start, end = match.span()
        # The streets end in order: none ends within 40 before when the last does not.
        if (
            exact
            and start <= exact[-1][1] + 40
            and any(s <= start <= e + 40 for s, e in exact[-3:])
        ):
            continue  # the street before it is already found
        if near.person(start, end):
            hits.append(_hit(("home_address", start, end, match.group(), "person")))
        else:
            hits.append(_hit(("exact_address", start, end, match.group(), "")))
    if capitals:
        hits += map(_hit, zip(repeat("number_plate"), *_plates(text), repeat("")))
    categories, category_names = _categories()
    for match in categories.finditer(words):
        start, end = match.span()
        if _addressed(text, start) or near.person(start, end):
            hits.append(
                Hit("special_category", start, end, match.group(), category_names[match.lastindex])
            )
    hits += [
        _hit(("birth_date", start, end, found, "person" if near.person(start, end) else ""))
        for start, end, found in zip(*word_lists["birth"].found(words), strict=True)
    ]
    hits += _children(words, near, name_ages)
    tone, kinds = _tone()
    hits += [_hit(("tone", *m.span(), m.group(), kinds[m.lastindex])) for m in tone.finditer(words)]
    return hits


def _ages_before_names(words: Words) -> bool:
    """Whether AGE_NAME_RE may find something: "year" or "jarige" is a word of the draft."""
    return not words.words.isdisjoint(AGE_WORDS) and CAPITAL_RE.search(words.text) is not None


def _children(words: Words, near: _Near, name_ages: list[re.Match[str]]) -> list[Hit]:
    text = words.text
    adult = content.context_rules()["children"]["adult_age"]
    word_lists = _word_lists()
    # Exactly one of the three age groups takes part: the last one that did.
    ages = map(int, map(re.Match.group, name_ages, map(_LAST_INDEX, name_ages)))
    young = list(compress(name_ages, map(adult.__gt__, ages)))
    hits = list(
        map(
            _hit,
            zip(
                repeat("child"),
                map(re.Match.start, young),
                map(re.Match.end, young),
                map(re.Match.group, young),
                repeat("age"),
            ),
        )
    )
    hits += [
        Hit("child", *match.span(), match.group(), "age")
        for match in (AGE_NAME_RE.finditer(text) if _ages_before_names(words) else ())
        if int(match[1]) < adult
    ]
    schools = [m.span() for m in word_lists["school"].finditer(words)]
    if not schools:
        return hits
    school_starts = [s for s, _ in schools]
    for match in word_lists["child_name"].finditer(words):
        start, end = match.span()
        i = bisect_left(school_starts, start - NEAR)
        sentence = None
        while i < len(schools) and schools[i][0] <= end + NEAR:
            if sentence is None:
                sentence = near.sentence(start)
            if near.sentence(schools[i][0]) == sentence:
                hits.append(Hit("child", start, end, match.group(), "school"))
                break
            i += 1
    return hits
