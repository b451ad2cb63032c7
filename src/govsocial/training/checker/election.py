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
from functools import cache

from .. import content
from .context import NAME, _both, _words
from .text import _political_patterns

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
def _patterns() -> dict[str, re.Pattern[str]]:
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
    patterns = _patterns()
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
