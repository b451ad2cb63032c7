"""What the checker reads in a draft: its language, rude or political wording,
its length as a platform counts it, its hashtags and its alt text. Pure
functions of the text and the knowledge in `content/*.yaml`.
"""

from __future__ import annotations

import re
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
