"""Election content from an official account (issue 12), read from
`content/election.yaml` and the party names in `political.yaml`.

- campaigning: a call to vote where a sentence starts ("Vote Labour on
  Thursday", "… stem op 18 maart") with a party, a named candidate or a name
  right after the call → always "do not post";
- political content: a party, a named candidate or political talk (coalition,
  manifesto) → as serious as the country and the election period say;
- voting information (where, when and how to vote) → never flagged.

Linear: word lists joined as in text._alternatives; the look back for a
sentence start reads a bounded window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain

from .. import content
from .context import NAME, _both, _word_list, _words
from .text import WordList, Words, _political_patterns

# What may come before a call to vote that starts a sentence: the start of the
# text or of a line, sentence punctuation, a dash or an opening bracket, "please".
SENTENCE_START_RE = re.compile(
    r"(?:^|[.!?…:;\-–—(\"“'‘]|\b(?:please|so|and|en|dus|graag|vooral))\s{0,4}$", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def _starts_sentence(before: str) -> bool:
    """Whether a call to vote after `before` (its 12 characters) starts a sentence."""
    return SENTENCE_START_RE.search(before) is not None


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
def _patterns() -> dict[str, re.Pattern[str]]:
    """What is read at a call to vote."""
    data = content.election_rules()
    campaigning = data["campaigning"]
    not_names = "|".join(re.escape(w) for w in _both(data["not_names"]))
    return {
        "call_before_a_name": re.compile(_words(_both(campaigning["calls_before_a_name"]))),
        # A name right after the call: "Vote Jones", "Stem op Van Dam".
        "name_after": re.compile(
            rf"\s{{1,3}}(?:op\s{{1,3}}|for\s{{1,3}})?(?!(?:{not_names})(?!\w)){NAME}"
        ),
    }


@cache
def _word_lists() -> dict[str, WordList]:
    data = content.election_rules()
    campaigning = data["campaigning"]
    return {
        "call": _word_list(_both(campaigning["calls"])),
        "candidate": _word_list(_both(campaigning["roles"]), rf"\s{{1,3}}(?:van\s|de\s)?{NAME}"),
        "voting_information": _word_list(_both(data["voting_information"])),
        "political_words": _word_list(_both(data["political_words"])),
    }


def read(text: str, country: str, words: Words | None = None) -> ElectionReading:
    """`words`: the text's, if already read."""
    words = words if words is not None else Words(text)
    patterns, word_lists = _patterns(), _word_lists()
    parties, _keywords = _political_patterns(country or "")
    names = list(dict.fromkeys(m.group() for m in parties.finditer(words))) if parties else []
    candidates = [m.group() for m in word_lists["candidate"].finditer(words)]
    reading = ElectionReading()
    reading.voting_information = [
        m.group() for m in word_lists["voting_information"].finditer(words)
    ]
    calls = (
        match
        for match in word_lists["call"].finditer(words)
        if _starts_sentence(text[max(0, match.start() - 12) : match.start()])
    )
    first = next(calls, None)
    if first is not None and (names or candidates):
        reading.campaigning = [first.group(), *names, *candidates]
    elif first is not None:
        for call in chain([first], calls):
            if not patterns["call_before_a_name"].fullmatch(call.group()):
                continue
            name = patterns["name_after"].match(text, call.end())
            if name is not None:
                reading.campaigning = [text[call.start() : name.end()]]
                break
    reading.political = list(
        dict.fromkeys(
            names + candidates + [m.group() for m in word_lists["political_words"].finditer(words)]
        )
    )
    return reading


def political_severity(country: str, active: bool) -> str:
    """ "stop", "check" or "none" for political content, by country and period."""
    levels = content.election_rules()["political_content"]["active" if active else "inactive"]
    key = "GB" if country.upper() in ("GB", "UK") else country.upper()
    return levels.get(key, levels["other"])
