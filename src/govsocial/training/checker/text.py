"""What the checker reads in a draft: its language, rude or political wording,
its length as a platform counts it, its hashtags and its alt text. Pure
functions of the text and the knowledge in `content/*.yaml`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

from .. import content

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
HASHTAG_RE = re.compile(r"(?<![\w&#])#([^\s#]*)")
VALID_TAG_RE = re.compile(r"[^\W_][\w]*", re.UNICODE)
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


# --- language -------------------------------------------------------------------


def detect_language(text: str, default: str = "en") -> str:
    """English or Dutch, by counting small words each language uses a lot."""
    stopwords = content.checker()["stopwords"]
    counts = Counter(map(str.lower, WORD_RE.findall(URL_RE.sub(" ", text))))
    en = sum(n for token, n in counts.items() if token in stopwords["en"])
    nl = sum(n for token, n in counts.items() if token in stopwords["nl"])
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
def _word_patterns(language: str) -> list[tuple[str, re.Pattern[str], bool]]:
    """(kind, pattern, is_compound): whole words (with suffixes) and phrases; compounds apart."""
    data = content.words()
    suffixes = sorted(data["suffixes"][language], key=len, reverse=True)
    after_word = "(?i:" + "|".join(re.escape(s) for s in suffixes) + r")(?![\w*])"
    patterns = []
    for kind, entry in data["lists"][language].items():
        words = [w.lower() for w in sorted(entry["words"], key=len, reverse=True)]
        alternatives = _alternatives(words, r"[\w*]", after_word)
        phrases = [p.lower() for p in entry.get("phrases") or []]
        alternatives += _alternatives(phrases, r"\w", r"(?!\w)", phrases=True)
        patterns.append((kind, re.compile("|".join(alternatives)), False))
        compounds = []
        prefixes = sorted(entry.get("prefixes") or [], key=len, reverse=True)
        # The first part of a compound: "kutgemeente", "klotebeleid".
        compounds += _alternatives(
            [p.lower() for p in prefixes], r"[\w*]", rf"{LETTERS}{{2,}}+(?![\w*])"
        )
        contains = entry.get("contains") or []
        if contains:
            # Anywhere inside a word: "clusterfuck", "motherfucking". The word is
            # read once: look ahead for the part, then take the whole word.
            group = "|".join(_alternatives([c.lower() for c in contains], "", ""))
            compounds.append(rf"(?<![\w*])(?={LETTERS}*?(?:{group})){LETTERS}++(?![\w*])")
        if compounds:
            patterns.append((kind, re.compile("|".join(compounds)), True))
    return patterns


def _is_proper_name(text: str, start: int) -> bool:
    """A capitalised word inside a sentence ("Kuttekoven", "Klotenberg") is a name."""
    if not text[start].isupper():
        return False
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] not in ".!?:;\"'(«“‘-–—#@"


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
    return re.compile("|".join(_alternatives([p.lower() for p in phrases], r"\w", r"(?!\w)", True)))


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
    keyword_pattern = re.compile("|".join(_alternatives(keywords, r"[\w-]", r"(?![\w-])")))
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
# Counted in one pass each rather than character by character.
HEAVY_RE = re.compile(
    "[^" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in LIGHT_RANGES) + "]"
)
HEAVY_ZERO_WIDTH_RE = re.compile("[\ufe00-\ufe0f\U0001f3fb-\U0001f3ff]")


def weighted_length(text: str) -> int:
    """One for each character in LIGHT_RANGES, two for any other, none for
    ZERO_WIDTH: one each, one more for a heavy character, less the joiners
    (light) and the modifiers (heavy)."""
    heavy = sum(1 for _ in HEAVY_RE.finditer(text))
    heavy_zero = sum(1 for _ in HEAVY_ZERO_WIDTH_RE.finditer(text))
    return len(text) + heavy - text.count("\u200d") - 2 * heavy_zero


def post_length(text: str, platform: dict[str, Any] | None) -> int:
    url_length = platform.get("url_length") if platform else None
    if url_length:
        text = URL_RE.sub("x" * url_length, text)
    if platform and platform.get("weighted"):
        return weighted_length(text)
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
