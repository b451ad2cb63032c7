"""The fast paths of "Can I post this?" (issue 9, "Figures": a 70,000-character
draft in under 50 ms) against what they stand for: each pattern rewritten to
start with one character class finds what its plain form finds, the index of a
draft's words never misses a place a word list matches, the checksums of every
window at once agree with one window at a time, and the context and election
detectors find what they found before (before_speedup)."""

import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.be import nn as std_be_nn
from stdnum.gb import nhs as std_gb_nhs
from stdnum.nl import bsn as std_nl_bsn

from govsocial.training import checksums, content, detect
from govsocial.training.checker import context, election
from govsocial.training.checker import text as checker_text

from . import before_hardening, before_speedup, corpus

# --- what the drafts are made of -----------------------------------------------------------


def _vocabulary() -> list[str]:
    """Every word and phrase the checker's lists hold."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key != "why":
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for data in (content.context_rules(), content.election_rules(), content.words()):
        walk(data)
    walk(content.political()["countries"])
    walk(content.political()["keywords"])
    return sorted({w for w in found if w.strip()})


def _shape(rng: random.Random, shape: str) -> str:
    """L: a capital, l: a small letter, D: a digit; the rest as written."""
    pick = {"L": "ABCDEGHKLNRSTXZ", "l": "abekorstz", "D": "0123456789"}
    return "".join(rng.choice(pick[c]) if c in pick else c for c in shape)


SHAPES = [
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
    "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D",
    "D-LLL-DDD", "LLDD LLL", "LLDDLLL", "DDDD LL", "DDDDLL", "LD DLL", "LLD DLL", "LDLDLL",
    "LLDDLLLLDDDDDDDDDD", "LLDD LLLL DDDD DDDD DD", "LL DD DD DD L", "LLDDDDDDL",
    "DD-DD-DDDD", "DDD DDD DDD", "DDD.DDD.DDD", "DD.DD.DD-DDD.DD", "D D D D D D D D D D D",
    "DDDDDDDDDD", "DDDDDDDDDDD", "+DD D DDDDDDDD", "0DD-DDDDDDD", "(0DD) DDDDDDD", "ext D",
    "Lllll (D)", "Lllll, DD,", "aged D", "D-year-old Lllll", "DD jarige Llll", "DD Llll Street",
    "Llllstraat DD", "Lllllaan DDa", "nr. D", "DD-DD-DDDD", "D lllll DDDD",
]  # fmt: skip
PIECES = [
    " ", "  ", "\n", "\t", ".", ". ", "! ", "? ", ",", ", ", "-", "'", "’", "(", ")", "#", "@",
    "/", "+", "0", "1", "12", "€", "…", "_", "x", "a", "İ", "ı", "ſ", "K", "Å", "Σ", "µ", "é",
    "Я", "١", "٣", "😀", "\u200d", "http://a.nl/b", "www.x.nl", "jan@example.nl", "BSN ",
    "ref ", "de", "van", "Van", "Jan", "Emma", "Mr", "Mevrouw", "your", "uw", "son", "zoon",
]  # fmt: skip
VOCABULARY = _vocabulary()


def _fragments():
    vocabulary = st.sampled_from(VOCABULARY).flatmap(
        lambda w: st.sampled_from([w, w.upper(), w.title(), w.capitalize(), w.replace(" ", "\n ")])
    )
    shapes = st.builds(_shape, st.randoms(use_true_random=False), st.sampled_from(SHAPES))
    numbers = st.builds(
        lambda rng, make: make(rng),
        st.randoms(use_true_random=False),
        st.sampled_from([corpus.make_bsn, corpus.make_iban, corpus.make_phone, corpus.make_nino]),
    )
    # A word of a list run on into more letters: a suffix, a compound ("kutzooi").
    run_on = st.tuples(vocabulary, st.text("abeiknorstyz", min_size=1, max_size=5)).map("".join)
    return st.one_of(
        vocabulary, run_on, shapes, numbers, st.sampled_from(PIECES), st.text(max_size=4)
    )


DRAFTS = st.lists(_fragments(), max_size=30).map("".join)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


# --- patterns that start with one character class -------------------------------------------


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DRAFTS)
def test_each_fast_pattern_finds_what_its_plain_form_finds(text):
    plain = before_speedup
    for fast, slow in (
        (context.PLATE_RE, plain.PLATE_RE),
        (context.NL_POSTCODE_NUMBER_RE, plain.NL_POSTCODE_NUMBER_RE),
        (context.UK_STREET_RE, plain.UK_STREET_RE),
        (context.AGE_NAME_RE, plain.AGE_NAME_RE),
        (context.NAME_AGE_RE, plain.NAME_AGE_RE),
        (context.SENTENCE_END_RE, plain.SENTENCE_END_RE),
        (context.WORD_NUMBER_RE, plain.WORD_NUMBER_RE),
        (detect.NINO_RE, before_hardening.NINO_RE),
        (detect.NUMBER_RUN_RE, before_hardening.NUMBER_RUN_RE),
        (checker_text.URL_RE, before_hardening.URL_RE),
        (checker_text.HASHTAG_RE, before_hardening.HASHTAG_RE),
    ):
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
            (m.span(), m.groups()) for m in slow.finditer(text)
        ], fast.pattern
    # Plates: as two families, each from its first character.
    assert list(zip(*context._plates(text), strict=True)) == [
        (m.start(), m.end(), m.group()) for m in plain.PLATE_RE.finditer(text)
    ]
    # A postcode is looked for in the 40 characters after a street.
    for start in range(0, len(text), 7):
        window = text[start : start + 40]
        assert bool(context.UK_POSTCODE_RE.search(window)) == bool(
            plain.UK_POSTCODE_RE.search(window)
        )
    # Searched from the first digit: the match begins IBAN_BACK characters earlier.
    for fast, slow in (
        (detect.IBAN_RE, before_hardening.IBAN_RE),
        (detect.IBAN_SHAPE_RE, before_hardening.IBAN_SHAPE_RE),
    ):
        shifted = [(start - detect.IBAN_BACK, end) for start, end in _spans(fast, text)]
        assert shifted == _spans(slow, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DRAFTS)
def test_phone_parts_and_split_matches_are_what_the_plain_searches_find(text):
    _assert_phone_parts(text)
    _assert_phone_parts(text * 3)
    starts, ends, found = detect.matches(detect.NINO_SPLIT_RE, text)
    assert list(zip(starts, ends, found, strict=True)) == [
        (m.start(), m.end(), m.group()) for m in detect.NINO_RE.finditer(text)
    ]


def test_a_draft_of_many_phone_parts_is_searched_the_same_way_round():
    # Past PHONE_PARTS_SHARE parts, _phone_parts hands over to PHONE_PART_RE.
    for unit in ("0612345678 b ", "b0612345678 ", "+31 6 a ", "x 0 0 0 0 0 0 y "):
        text = unit * 400
        _assert_phone_parts(text)


def _assert_phone_parts(text: str) -> None:
    """_phone_parts gives what PHONE_PART_RE finds, at least up to the part past
    the budget, and counts them all."""
    expected = _spans(detect.PHONE_PART_RE, text)
    parts, count = detect._phone_parts(text)
    assert count == len(expected)
    assert parts == expected[: len(parts)]
    read = sum(end - start for start, end in parts)
    assert len(parts) == len(expected) or read > detect.PHONE_TEXT_BUDGET


# --- the index of a draft's words -----------------------------------------------------------


def _word_lists() -> dict[str, checker_text.WordList]:
    lists = {f"context {name}": w for name, w in context._word_lists().items()}
    lists |= {f"election {name}": w for name, w in election._word_lists().items()}
    lists["categories"], lists["tone"] = context._categories()[0], context._tone()[0]
    for language in content.LANGUAGES:
        for kind, word_list, compound in checker_text._word_patterns(language):
            lists[f"{language} {kind} {'compounds' if compound else 'words'}"] = word_list
    for country in ("NL", "BE", "GB", ""):
        names, keywords = checker_text._political_patterns(country)
        lists[f"parties {country}"], lists["political keywords"] = names, keywords
    lists["innocent phrases"] = checker_text._innocent_pattern()
    return lists


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DRAFTS)
def test_every_word_list_finds_through_the_word_index_what_a_search_of_the_text_finds(text):
    words = checker_text.Words(text)
    for name, word_list in _word_lists().items():
        expected = [(m.start(), m.end(), m.group()) for m in word_list.pattern.finditer(text)]
        assert [(m.start(), m.end(), m.group()) for m in word_list.finditer(words)] == expected
        assert list(zip(*word_list.found(words), strict=True)) == expected, name


def test_a_word_list_met_many_times_is_searched_the_same_way_round():
    # Over one place in DENSE characters, the whole text is searched instead.
    for unit in ("your son autism ", "Jan ", "kut kut ", "as we already explained "):
        text = unit * 2000
        words = checker_text.Words(text)
        for word_list in _word_lists().values():
            assert _spans(word_list.pattern, text) == [m.span() for m in word_list.finditer(words)]


def test_folding_keeps_every_character_one_of_its_kind():
    folded = checker_text.fold("".join(map(chr, range(0x30000))))
    assert len(folded) == 0x30000
    word = re.compile(r"\w")
    changed = [
        code
        for code in range(0x30000)
        if bool(word.match(chr(code))) != bool(word.match(folded[code]))
    ]
    assert not changed


def test_every_letter_a_word_list_begins_with_folds_as_re_ignorecase_reads_it():
    letters = set()
    for word_list in _word_lists().values():
        letters |= set("".join(word_list.words | word_list.keys | word_list.two | word_list.one))
    letters -= set("0123456789_")
    union = re.compile("[" + "".join(map(re.escape, sorted(letters))) + "]", re.IGNORECASE)
    matched = [chr(code) for code in range(0x110000) if union.fullmatch(chr(code))]
    for char in matched:
        for letter in letters:
            same = re.fullmatch(re.escape(letter), char, re.IGNORECASE) is not None
            assert same == (checker_text.fold(char) == checker_text.fold(letter)), (char, letter)


# --- national numbers -----------------------------------------------------------------------


def _digits(rng: random.Random, size: int) -> str:
    if rng.random() < 0.1:
        return "0" * size
    return "".join(rng.choice("0123456789" if rng.random() < 0.9 else "09") for _ in range(size))


def _may_pass(window: str) -> bool:
    """A window's weighted sum as checksums.passing_windows reads it, one at a time."""
    total = sum(w * int(d) for w, d in zip(checksums.WEIGHTS[len(window)], window, strict=True))
    if len(window) < 11:
        return total % 11 == 0
    return (total % 97 == 0 and total > 0) or (total + checksums.BE_CENTURY) % 97 == 0


def test_the_checksums_of_every_window_at_once_are_those_of_each_window():
    rng = random.Random(9)
    for _ in range(300):
        digits = _digits(rng, rng.randint(0, 60))
        passing = checksums.passing_windows(digits)
        for size in checksums.SIZES:
            windows = [digits[a : a + size] for a in range(len(digits) - size + 1)]
            assert passing[size] == bytes(map(_may_pass, windows)), (digits, size)
            # What may pass holds every window whose checksum passes.
            assert all(
                passing[size][a] for a, w in enumerate(windows) if detect._checksum_may_pass(w)
            )


def test_a_national_number_is_what_python_stdnum_takes_it_for():
    rng = random.Random(12)
    for _ in range(3000):
        size = rng.choice((9, 10, 11))
        digits = _digits(rng, size)
        if rng.random() < 0.5:  # one that passes its checksum
            digits = rng.choice([corpus.make_bsn, corpus.make_nhs, corpus.make_be_nn])(rng)
        expected = (
            "bsn"
            if len(digits) == 9 and std_nl_bsn.is_valid(digits)
            else "be_nn"
            if len(digits) == 11 and std_be_nn.is_valid(digits)
            else "nhs"
            if len(digits) == 10 and std_gb_nhs.is_valid(digits)
            else None
        )
        assert detect._national_id_kind(digits) == expected, digits


# --- the same hits as before ----------------------------------------------------------------


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DRAFTS)
def test_context_and_elections_are_read_as_before(text):
    assert context.find(text) == before_speedup.find(text)
    for country in ("NL", "BE", "GB", ""):
        assert vars(election.read(text, country)) == vars(before_speedup.read(text, country))


def test_drafts_built_to_be_slow_are_read_as_before():
    from .test_adversarial import ADVERSARIAL

    for name, text in ADVERSARIAL.items():
        draft = text[:3000]  # the references are slow on long drafts
        assert context.find(draft) == before_speedup.find(draft), name
        assert vars(election.read(draft, "NL")) == vars(before_speedup.read(draft, "NL")), name
