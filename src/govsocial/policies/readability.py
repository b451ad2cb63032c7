"""Plain-language figures for a generated document: sentence length and passives.

Simple and honest rather than clever. A sentence ends at . ! or ? followed
by a capital or a quote (not a digit: "nr. 64569/09"); a list item, a table cell and a paragraph
each start a new sentence. Headings, and table cells that do not end like a
sentence (names, dates, labels), are not sentences. A word is a run of
characters with a letter or digit in it.

The passive detector looks inside one clause (up to a comma, semicolon,
colon or dash):
- English: a form of "be" (is, are, was, were, be, been, being), up to two
  adverbs such as "not" or a question's subject ("are you"), then a past
  participle (ending in -ed, or a common irregular one such as "kept").
- Dutch: a form of "worden" (wordt, worden, werd, werden) or "zijn" (is,
  zijn, was, waren) with a voltooid deelwoord anywhere in the same clause,
  before or after it ("wordt gecontroleerd", "dat het is verwijderd",
  "bemand zijn"). A deelwoord starts with ge- (or has -ge- after a
  separable prefix, as in "vastgesteld") and ends in -d, -t or -en, or starts
  with be-, ver-, ont-, her- or er- and ends in -d or -t. It also counts a
  "zijn" perfect such as "is gekomen", and misses a strong deelwoord with an
  inseparable prefix such as "besproken"; both are rare in these texts. A
  short list of words that look like a deelwoord but are not (beleid,
  bericht, gebruiken ...) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from govsocial.documents.model import BulletList, Document, Note, Paragraph, Section, Table

SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z\"'“‘(À-ÖØ-Þ])")
CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s-\s")
WORD = re.compile(r"[\w'’#@.\-/]*\w[\w'’#@.\-/]*")
LONG, TOO_LONG = 20, 25

_EN_BE = {"is", "are", "was", "were", "be", "been", "being"}
# Words that may stand between "be" and the participle: adverbs, and the
# subject of a question ("Are you harassed ...?").
_EN_BETWEEN = {
    "not", "also", "only", "always", "never", "often", "then", "still", "already",
    "you", "we", "they", "it", "he", "she", "i",
}  # fmt: skip
_EN_IRREGULAR = {
    "given", "taken", "done", "made", "kept", "written", "known", "seen", "shown", "held",
    "sent", "told", "paid", "found", "left", "put", "set", "brought", "built", "chosen",
    "drawn", "broken", "hidden", "spoken", "read", "heard", "meant", "run", "won", "bound",
}  # fmt: skip
_EN_NOT_PARTICIPLE = {"need", "feed", "speed", "seed", "bed", "red", "shed", "indeed", "hundred"}

_NL_AUX = {"wordt", "worden", "werd", "werden", "is", "zijn", "was", "waren"}
_NL_PARTICIPLE = re.compile(
    r"^(?:ge\w{2,}(?:d|t|en)|\w{2,}ge\w{2,}(?:d|t|en)|(?:be|ver|ont|her|er)\w{2,}[dt])$"
)
# Nouns, adjectives and verb forms that look like a deelwoord.
_NL_NOT_PARTICIPLE = {
    "beleid", "bericht", "beeld", "verband", "gebied", "geld", "gezondheid", "algemeen",
    "bestand", "verstand", "gevolgen", "gevallen", "noodgevallen", "twijfelgevallen",
    "gemeenten", "gesprekken", "gebieden", "gedachten", "persoonsgegeven", "gebruiken",
    "gebeuren", "geloven", "gelden", "geldt", "gebeurt", "betekent", "bevat", "verschillend",
    "ergens", "gezicht", "gewicht", "gerecht",
}  # fmt: skip
# The present tense of a verb with be-, ver- ... ends in -t after a voiced
# sound ("verandert", "betaalt"); its deelwoord ends in -d ("veranderd").
_VOICED_BEFORE_T = set("rlnmwjvzgbdaeiouy")


@dataclass(frozen=True)
class Figures:
    sentences: int
    over_20: int
    over_25: int
    longest: int
    passives: int
    longest_sentence: str = ""
    passive_sentences: tuple[str, ...] = ()

    @property
    def share_over_20(self) -> float:
        return self.over_20 / self.sentences if self.sentences else 0.0

    @property
    def share_passive(self) -> float:
        return self.passives / self.sentences if self.sentences else 0.0

    def summary(self) -> str:
        return (
            f"{self.sentences} sentences, longest {self.longest} words, "
            f"{self.over_20} over 20 ({self.share_over_20:.0%}), {self.over_25} over 25, "
            f"{self.passives} passive ({self.share_passive:.1%})"
        )


def words(sentence: str) -> list[str]:
    return WORD.findall(sentence)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text.strip()) if words(s)]


def _en_participle(word: str) -> bool:
    return word in _EN_IRREGULAR or (
        len(word) > 4 and word.endswith("ed") and word not in _EN_NOT_PARTICIPLE
    )


def _en_passive(clause: list[str]) -> bool:
    for index, word in enumerate(clause):
        if word not in _EN_BE:
            continue
        for follower in clause[index + 1 : index + 4]:
            if _en_participle(follower):
                return True
            if follower not in _EN_BETWEEN:
                break
    return False


def _nl_participle(word: str) -> bool:
    if word in _NL_NOT_PARTICIPLE or word.endswith(("dt", "heid")):
        return False
    if word.endswith("geven") and "gegeven" not in word:
        return False  # "aangeven", "doorgeven": a separable infinitive
    prefixed = word.startswith(("be", "ver", "ont", "her", "er")) and "ge" not in word[2:]
    if prefixed and word.endswith("t") and word[-2] in _VOICED_BEFORE_T:
        return False
    return bool(_NL_PARTICIPLE.match(word))


def _nl_passive(clause: list[str]) -> bool:
    return any(w in _NL_AUX for w in clause) and any(_nl_participle(w) for w in clause)


def is_passive(sentence: str, language: str) -> bool:
    detector = _nl_passive if language == "nl" else _en_passive
    for clause in CLAUSE_BREAK.split(sentence):
        lowered = [w.lower().strip(".'’") for w in words(clause)]
        if detector(lowered):
            return True
    return False


def _texts(blocks: Iterable) -> Iterable[str]:
    for block in blocks:
        if isinstance(block, (Paragraph, Note)):
            yield block.text
        elif isinstance(block, BulletList):
            yield from block.items
        elif isinstance(block, Table):
            # A cell is prose only when it ends like a sentence; names, dates
            # and labels are not sentences and would flatter the figures.
            yield from (
                c for row in block.rows for c in row if c.rstrip().endswith((".", "!", "?"))
            )
        elif isinstance(block, Section):
            yield from _texts(block.blocks)


def document_sentences(document: Document) -> list[str]:
    """Every sentence of a document's body: paragraphs, list items, notes and prose table cells."""
    found = [document.subtitle]
    for section in document.sections:
        found += list(_texts(section.blocks))
    return [sentence for text in found for sentence in sentences(text)]


def figures(found: list[str], language: str) -> Figures:
    lengths = [len(words(s)) for s in found]
    passive = tuple(s for s in found if is_passive(s, language))
    longest = max(lengths, default=0)
    return Figures(
        sentences=len(found),
        over_20=sum(1 for n in lengths if n > LONG),
        over_25=sum(1 for n in lengths if n > TOO_LONG),
        longest=longest,
        passives=len(passive),
        longest_sentence=found[lengths.index(longest)] if found else "",
        passive_sentences=passive,
    )


def document_figures(document: Document) -> Figures:
    return figures(document_sentences(document), document.language)
