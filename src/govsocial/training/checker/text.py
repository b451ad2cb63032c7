"""What the checker reads in a draft: its language, rude or political wording,
its length as a platform counts it, its hashtags and its alt text. Pure
functions of the text and the knowledge in `content/*.yaml`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cache, cached_property
from itertools import accumulate, chain, compress, repeat
from operator import itemgetter, not_
from typing import Any

from .. import content

# What r"(?:https?://|www\.)[^\s<>\"']+" finds with re.IGNORECASE ("ſ" is an "s"
# there), written to start with one character class: the regex engine then
# skips the other characters in one quick test (tests/test_fast_patterns.py).
URL_RE = re.compile(r"[hHwW](?:(?<=[hH])[tT][tT][pP][sSſ]?://|(?<=[wW])[wW][wW]\.)[^\s<>\"']+")


def may_hold_link(text: str) -> bool:
    """False for a text URL_RE finds nothing in: every match holds "://" or
    "w." ("www."). Plain substring tests, quicker than a search of the text."""
    return "://" in text or "w." in text or "W." in text


def without_links(text: str, replacement: str | Callable[[re.Match[str]], str] = " ") -> str:
    """URL_RE.sub(replacement, text)."""
    return URL_RE.sub(replacement, text) if may_hold_link(text) else text


# r"(?<![\w&#])#([^\s#]*)", from its "#".
HASHTAG_RE = re.compile(r"#(?<![\w&#].)([^\s#]*)")
VALID_TAG_RE = re.compile(r"[^\W_][\w]*", re.UNICODE)
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
# WORD_RE in ASCII text in lower case.
ASCII_WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")
# ASCII_WORD_RE in a text without "'": the runs of letters, read by str.split
# once all else is a space (some ten times quicker than a regex search).
NOT_A_LETTER = str.maketrans({chr(c): " " for c in range(128) if not chr(c).islower()})


# --- language -------------------------------------------------------------------


def detect_language(text: str, default: str = "en") -> str:
    """English or Dutch, by counting small words each language uses a lot."""
    stopwords = content.checker()["stopwords"]
    unlinked = without_links(text)
    if unlinked.isascii():
        # Lower case first, in one call: in ASCII that changes no word's bounds.
        lowered = unlinked.lower()
        if "'" in lowered:
            counts = Counter(ASCII_WORD_RE.findall(lowered))
        else:
            counts = Counter(lowered.translate(NOT_A_LETTER).split())
    else:
        counts = Counter(map(str.lower, WORD_RE.findall(unlinked)))
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
    before = rf"(?<!{not_after}[\s\S])" if not_after else ""
    return [
        rf"{re.escape(case)}{before}(?i:{'|'.join(rests)}){then}"
        for cases, rests in _by_first_character(items, phrases).items()
        for case in sorted(cases)
    ]


def _by_first_character(items: list[str], phrases: bool) -> dict[frozenset[str], list[str]]:
    """`items` by the cases of their first character: the rest of each, escaped, in order."""
    groups: dict[frozenset[str], list[str]] = {}
    for item in items:
        if phrases:
            words = item.split()
            first, rest = words[0][0], r"\s++".join(map(re.escape, [words[0][1:], *words[1:]]))
        else:
            first, rest = item[0], re.escape(item[1:])
        groups.setdefault(_cases(first), []).append(rest)
    return groups


# --- the draft's words, found once for every word list -----------------------------


# A word from a letter on (the rest of a run of word characters): a draft of
# digits has none to read. A word list's word that begins otherwise is looked
# for in the whole text.
WORD_SPLIT_RE = re.compile(r"([^\W\d_]\w*)")
# The same in folded ASCII text (lower case), quicker.
ASCII_WORD_SPLIT_RE = re.compile(r"([a-z][a-z0-9_]*)")
LETTER_RE = re.compile(r"[^\W\d_]")
WORD_CHARACTER_RE = re.compile(r"\w")
LEADING_WORD_RE = re.compile(r"\w*")
FIRST_ONE, FIRST_TWO, FIRST_THREE = (itemgetter(slice(0, n)) for n in (1, 2, 3))
LAST_THREE = itemgetter(slice(-3, None))
# With more places to try than one in DENSE characters, one search of the
# whole text is quicker than a search at each place.
DENSE = 16


@cache
def _fold_exceptions() -> tuple[tuple[str, str], ...]:
    """The characters str.lower does not fold as re.IGNORECASE reads them, each
    with what to write instead: "ſ" as "s", "ı" and "İ" as "i" (whose lower
    case is two characters), and the capital sigma, whose lower case depends
    on the letters around it.

    Groups of characters that re.IGNORECASE matches with each other (see
    _cases) are taken for the Latin alphabets; each folds to the lower case
    of one of them.
    """
    group: dict[str, str] = {}  # union-find over "re.IGNORECASE matches"

    def root(char: str) -> str:
        while group.get(char, char) != char:
            char = group[char]
        return char

    for code in range(0x250):
        for other in _cases(chr(code)):
            a, b = root(chr(code)), root(other)
            if a != b:
                group[a] = b
    members: dict[str, set[str]] = {}
    for char in set(group) | set(group.values()):
        members.setdefault(root(char), set()).add(char)
    exceptions = {"\u03a3": "\u03c3"}
    for chars in members.values():
        lower = {c.lower() for c in chars}
        folded = min(c for c in lower if len(c) == 1 and c in chars)
        exceptions.update((c, folded) for c in sorted(chars) if c.lower() != folded)
    return tuple(exceptions.items())


def fold(text: str) -> str:
    """`text` in lower case as re.IGNORECASE reads it, one character for each."""
    if not text.isascii():
        for char, folded in _fold_exceptions():
            if char in text:
                text = text.replace(char, folded)
    return text.lower()


class _Listed:
    """What every WordList made so far looks for: Words keeps only those words."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.keys: set[str] = set()
        self.two: set[str] = set()
        self.one: set[str] = set()
        self.version = 0

    def add(self, word_list: WordList) -> None:
        self.words |= word_list.words
        self.keys |= word_list.keys
        self.two |= word_list.two
        self.one |= word_list.one
        self.version += 1


_LISTED = _Listed()


class Words:
    """A draft's words (runs of word characters from a letter on), read once for
    every WordList: whole and by their first one to three characters, folded
    as re.IGNORECASE reads them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        split = ASCII_WORD_SPLIT_RE if self.folded.isascii() else WORD_SPLIT_RE
        self._parts = split.split(self.folded)  # between, word, between, …
        self.words = set(self._parts[1::2])
        # From the distinct words: a draft repeats most of its words.
        self.keys = set(map(FIRST_THREE, self.words))
        self._shorter: tuple[set[str], set[str]] | None = None
        self._by_word: dict[str, list[int]] = {}
        self._by_key: dict[str, list[int]] = {}
        self._listed = -1  # _LISTED.version when those were made
        self._sorted: list[str] = []

    def ending_as(self, lasts: set[str]) -> list[int]:
        """Where the words whose last three characters (folded) are one of `lasts` begin, in order."""
        # Most drafts hold no such word: then no word's start is needed.
        wanted = {word for word in self.words if word[-3:] in lasts}
        if not wanted:
            return []
        return list(compress(self._starts, map(wanted.__contains__, self._parts[1::2])))

    @cached_property
    def _keys(self) -> list[str]:
        """Each word's key (first three characters), in order."""
        return list(map(FIRST_THREE, self._parts[1::2]))

    @cached_property
    def _starts(self) -> list[int]:
        """Where each word begins (part 2k is what comes before word k)."""
        return list(accumulate(map(len, self._parts)))[0:-1:2]

    def shorter_keys(self) -> tuple[set[str], set[str]]:
        """The words' first character and first two characters."""
        if self._shorter is None:
            two = set(map(FIRST_TWO, self.keys))
            self._shorter = set(map(FIRST_ONE, two)), two
        return self._shorter

    def keys_from(self, prefix: str) -> list[str]:
        """The keys (first three characters) that begin with `prefix`."""
        if not self._sorted:
            self._sorted = sorted(self.keys)
        i = bisect_left(self._sorted, prefix)
        found = []
        while i < len(self._sorted) and self._sorted[i].startswith(prefix):
            found.append(self._sorted[i])
            i += 1
        return found

    def starts(self, words: Iterable[str], keys: Iterable[str]) -> list[int]:
        """Where these words and the words with these keys begin, in order."""
        if self._listed != _LISTED.version:
            # Only the words a WordList may begin with are kept.
            self._listed = _LISTED.version
            three, two, one = _LISTED.keys, _LISTED.two, _LISTED.one
            kept = {k for k in self.keys if k in three or k[:2] in two or k[:1] in one}
            listed = _LISTED.words
            self._by_word = (
                _index(self._starts, self._parts[1::2], listed.__contains__)
                if not self.words.isdisjoint(listed)
                else {}
            )
            self._by_key = _index(self._starts, self._keys, kept.__contains__) if kept else {}
        found = [self._by_word[word] for word in words] + [self._by_key[key] for key in keys]
        return sorted(chain.from_iterable(found))


def _index(starts: list[int], keys: list[str], kept: Callable[[str], bool]) -> dict[str, list[int]]:
    """The starts by key, of the keys kept."""
    index: dict[str, list[int]] = {}
    mask = list(map(kept, keys))
    for start, key in zip(compress(starts, mask), compress(keys, mask), strict=True):
        found = index.get(key)
        if found is None:
            index[key] = [start]
        else:
            found.append(start)
    return index


class WordList:
    """A pattern of words and phrases whose every match begins a word (no word
    character before it), searched only where a word begins as one of them can.

    `heads`: for each word or phrase, the text a match begins with up to the
    end of its first word (any case), and whether a match ends that word there
    (True: no word character follows, as after "f" in "f*ck" or "de" in "de
    heer"; False: it may run on, as "kut" in "kutzooi"). `inside`: parts that
    may begin anywhere inside a word (those make it search the whole text when
    the draft holds one). The words of a draft are folded (see Words): a match
    folds to its word's first characters, so every place that may match is
    tried, in order, as re.finditer would.
    """

    def __init__(
        self,
        pattern: str | re.Pattern[str],
        heads: Iterable[tuple[str, bool]],
        inside: Iterable[str] = (),
    ) -> None:
        self.pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
        self._split: re.Pattern[str] | None = None  # the pattern as one group, for re.split
        self.inside = tuple(fold(part) for part in inside)
        # A letter whose cases do not fold to one character (outside the Latin
        # alphabets) could match where the draft does not fold alike.
        self.everywhere = any(not _folds_alike(part) for part in self.inside)
        self.words: set[str] = set()  # a word a match begins with, whole
        self.keys: set[str] = set()  # a word's first three characters (it may run on)
        self.two: set[str] = set()  # a word's first two characters (it may run on)
        self.one: set[str] = set()
        for head, ends in heads:
            first_word = fold(head)
            word = LEADING_WORD_RE.match(first_word).group()
            if not LETTER_RE.match(word) or not _folds_alike(word):
                self.everywhere = True  # search the whole text
            elif ends or len(word) < len(first_word):
                self.words.add(word)
            elif len(word) >= 3:
                self.keys.add(word[:3])
            else:
                (self.two if len(word) == 2 else self.one).add(word)
        _LISTED.add(self)

    def _places(self, words: Words) -> list[int] | None:
        """Where a match may begin, in order; None: anywhere (search the whole text)."""
        if self.everywhere or any(part in words.folded for part in self.inside):
            return None
        whole = self.words & words.words
        keys = self.keys & words.keys
        if self.two or self.one:
            one, two = words.shorter_keys()
            for prefix in chain(self.two & two, self.one & one):
                keys.update(words.keys_from(prefix))
        if not whole and not keys:
            return []
        starts = words.starts(whole, keys)
        return None if len(starts) * DENSE > len(words.text) else starts

    def finditer(self, words: Words) -> Iterator[re.Match[str]]:
        """What self.pattern.finditer(words.text) gives."""
        text = words.text
        places = self._places(words)
        if places is None:
            yield from self.pattern.finditer(text)
            return
        end = 0
        match = self.pattern.match
        for start in places:
            if start >= end and (found := match(text, start)) is not None:
                end = found.end()
                yield found

    def found(self, words: Words) -> tuple[list[int], list[int], list[str]]:
        """Where each match begins and ends and what it reads, as finditer
        gives them; many at once without a Python turn each."""
        places = self._places(words)
        if places is not None:  # as finditer, without a generator's turn and a list each
            text, match, end = words.text, self.pattern.match, 0
            starts, ends, texts = [], [], []
            for start in places:
                if start >= end and (found := match(text, start)) is not None:
                    end = found.end()
                    starts.append(start)
                    ends.append(end)
                    texts.append(found.group())
            return starts, ends, texts
        if self.pattern.groups:
            matches = list(self.pattern.finditer(words.text))
            starts = [m.start() for m in matches]
            return starts, [m.end() for m in matches], [m.group() for m in matches]
        if self._split is None:
            self._split = re.compile(f"({self.pattern.pattern})")
        parts = self._split.split(words.text)  # between, match, between, …
        bounds = list(accumulate(map(len, parts)))
        return bounds[0:-1:2], bounds[1::2], parts[1::2]

    def sub_spaces(self, words: Words) -> str:
        """The text with each match blanked out (as many spaces)."""
        pieces, end = [], 0
        for match in self.finditer(words):
            pieces += (words.text[end : match.start()], " " * (match.end() - match.start()))
            end = match.end()
        if not pieces:
            return words.text
        pieces.append(words.text[end:])
        return "".join(pieces)


def _folds_alike(text: str) -> bool:
    """Whether every case of each character of `text` folds to one character."""
    return all(len(set(map(fold, _cases(c)))) == 1 for c in text)


def _heads(items: Iterable[str], phrases: bool, ends: bool) -> list[tuple[str, bool]]:
    """WordList heads for what _alternatives makes of `items`; `ends`: what comes
    after each item is no word character."""
    found = []
    for item in items:
        words = item.split() if phrases else [item]
        found.append((words[0], ends or len(words) > 1))
    return found


@cache
def _word_patterns(language: str) -> list[tuple[str, WordList, bool]]:
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
        # A word is read with one of the suffixes and no more: whole words.
        heads = [(word + suffix, True) for word in words for suffix in suffixes]
        heads += _heads(phrases, True, True)
        patterns.append((kind, WordList("|".join(alternatives), heads), False))
        compounds = []
        prefixes = [p.lower() for p in sorted(entry.get("prefixes") or [], key=len, reverse=True)]
        # The first part of a compound: "kutgemeente", "klotebeleid".
        compounds += _alternatives(prefixes, r"[\w*]", rf"{LETTERS}{{2,}}+(?![\w*])")
        contains = [c.lower() for c in entry.get("contains") or []]
        if contains:
            # Anywhere inside a word: "clusterfuck", "motherfucking". The word is
            # read once: look ahead for the part, then take the whole word.
            group = "|".join(_alternatives(contains, "", ""))
            compounds.append(rf"(?<![\w*])(?={LETTERS}*?(?:{group})){LETTERS}++(?![\w*])")
        if compounds:
            word_list = WordList("|".join(compounds), _heads(prefixes, False, False), contains)
            patterns.append((kind, word_list, True))
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
def _innocent_pattern() -> WordList | None:
    """Ordinary phrases around a rude-looking word, in either language ("bloody nose", "prat op")."""
    phrases = [
        ph
        for lang in content.LANGUAGES
        for ph in content.words().get("innocent_phrases", {}).get(lang) or []
    ]
    if not phrases:
        return None
    phrases = [p.lower() for p in sorted(phrases, key=len, reverse=True)]
    pattern = "|".join(_alternatives(phrases, r"\w", r"(?!\w)", True))
    return WordList(pattern, _heads(phrases, True, True))


@cache
def _innocent_stems() -> tuple[str, ...]:
    stems = content.words().get("innocent_stems") or {}
    return tuple(s.lower() for lang in content.LANGUAGES for s in stems.get(lang) or [])


def find_wording(text: str, language: str, words: Words | None = None) -> list[tuple[str, str]]:
    """(kind, word) for abusive, profane or impolite wording.

    Profanity and abuse are looked for in both languages (a Dutch draft may
    swear in English); impolite wording only in the draft's own language.
    `words`: the text's, if already read.
    """
    words = words if words is not None else Words(text)
    innocent = _innocent_pattern()
    cleaned = innocent.sub_spaces(words) if innocent else text
    cleaned = without_links(cleaned, lambda m: " " * len(m.group()))
    if cleaned != text:
        words = Words(cleaned)
    stems = _innocent_stems()
    found: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()  # a place found once, by the first kind to find it
    others = [lang for lang in content.LANGUAGES if lang != language]
    for lang in [language, *others]:
        for kind, pattern, is_compound in _word_patterns(lang):
            if lang != language and kind == "impolite":
                continue
            starts, ends, texts = pattern.found(words)
            spans = list(zip(starts, ends, strict=True))
            fresh = list(map(not_, map(seen.__contains__, spans)))
            if is_compound:
                fresh = [
                    new and not (word.lower().startswith(stems) or _is_proper_name(cleaned, start))
                    for new, word, start in zip(fresh, texts, starts, strict=True)
                ]
            seen.update(compress(spans, fresh))
            found += zip(repeat(kind), compress(texts, fresh))
    return found


# --- political content ----------------------------------------------------------


@cache
def _political_patterns(country: str) -> tuple[WordList | None, WordList]:
    data = content.political()
    countries = data["countries"]
    key = "GB" if country.upper() in ("GB", "UK") else country.upper()
    names = (
        countries[key]["names"]
        if key in countries
        else [n for c in countries.values() for n in c["names"]]
    )
    names = sorted(names, key=len, reverse=True)
    # r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)", each name from its
    # first character (as written: names are matched in their case), so that a
    # search skips to those.
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(re.escape(name[1:]))
    alternatives = [
        rf"{re.escape(first)}(?<!\w[\s\S])(?:{'|'.join(rests)})(?!\w)"
        for first, rests in by_first.items()
    ]
    name_pattern = WordList("|".join(alternatives), _heads(names, False, True)) if names else None
    keywords = sorted(
        {k for lang in content.LANGUAGES for k in data["keywords"][lang]}, key=len, reverse=True
    )
    keyword_pattern = WordList(
        "|".join(_alternatives(keywords, r"[\w-]", r"(?![\w-])")), _heads(keywords, False, True)
    )
    return name_pattern, keyword_pattern


def find_political(text: str, country: str, words: Words | None = None) -> list[str]:
    names, keywords = _political_patterns(country or "")
    words = words if words is not None else Words(text)
    found = [m.group() for m in names.finditer(words)] if names else []
    found += [m.group() for m in keywords.finditer(words)]
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
    if text.isascii():  # every ASCII character is light
        return len(text)
    heavy = len(text) - len(HEAVY_RE.sub("", text))
    heavy_zero = len(text) - len(HEAVY_ZERO_WIDTH_RE.sub("", text))
    return len(text) + heavy - text.count("\u200d") - 2 * heavy_zero


def post_length(text: str, platform: dict[str, Any] | None) -> int:
    url_length = platform.get("url_length") if platform else None
    if url_length:
        text = without_links(text, "x" * url_length)
    if platform and platform.get("weighted"):
        return weighted_length(text)
    return len(text)


def hashtag_problems(text: str) -> tuple[list[str], list[str], list[str]]:
    """(all tags, malformed tags, tags that should be CamelCase)."""
    camel_length = content.checker()["camelcase_hint_length"]
    bodies = HASHTAG_RE.findall(without_links(text))
    # Each different tag is read once (a draft may repeat one thousands of times).
    verdicts = list(map({b: _hashtag(b, camel_length) for b in set(bodies)}.__getitem__, bodies))
    tags = [tag for tag, _malformed, _camel in verdicts if tag]
    malformed = [tag for _tag, tag, _camel in verdicts if tag]
    camel = [tag for _tag, _malformed, tag in verdicts if tag]
    return tags, malformed, camel


def _hashtag(body: str, camel_length: int) -> tuple[str, str, str]:
    """(The tag, "" if malformed; the tag if malformed, else ""; the tag if it
    should be CamelCase, else "") for what follows a "#"."""
    raw = "#" + body
    # Trailing punctuation ends a sentence, not the tag.
    body = body.rstrip(".,;:!?)»\"'’")
    if not body:
        return "", raw, ""
    if not VALID_TAG_RE.fullmatch(body) or body.isdigit() or not any(c.isalpha() for c in body):
        return "", "#" + body, ""
    camel = len(body) > camel_length and body.islower()
    return "#" + body, "", "#" + body if camel else ""


# --- alt text and links ---------------------------------------------------------


FILE_NAME_RE = re.compile(r"[\w\-. ]+\.(?:jpe?g|png|gif|webp|heic|svg|bmp|tiff?)", re.IGNORECASE)


def says_nothing(alt_text: str) -> bool:
    """An alt text that is a file name or only a word such as "image" or "foto"."""
    alt = alt_text.strip().strip(".").lower()
    generic = content.checker().get("generic_alt_texts") or {}
    words = {w.lower() for lang in content.LANGUAGES for w in generic.get(lang) or []}
    return bool(FILE_NAME_RE.fullmatch(alt)) or alt in words


def words_outside_links(text: str) -> int:
    stripped = HASHTAG_RE.sub(" ", without_links(text))
    return len(WORD_RE.findall(stripped))
