""" "Can I post this?" — a pure function from a draft post to a verdict.

`check_post` walks the three cases of the policy's posting decision guide
(already public → post it; only points to another resource → post it; new
guidance, content or a view → check it first with the named officers) and
adds every other reason: personal data (the organisation's own details
allowed), what the text says about a person (`context`: addresses, number
plates, special categories, dates of birth, children), abusive or profane
wording, condescending tone, length, hashtags, alt text, election content
(campaigning, political content by country and period, voting information),
and always the public-meeting reminder. No database: what it needs from the
organisation comes in an `OrganisationContext` (see services.context_for).

`text` reads the draft, `context` and `election` read it for issue 12's
rules (in `context_rules`), `rules` holds the other rules and the pipeline,
`verdict` the values a check gives back.
"""

from .rules import RULES, Draft, check_post
from .text import (
    detect_language,
    find_political,
    find_wording,
    hashtag_problems,
    post_length,
)
from .verdict import (
    ADVICE,
    CHECK,
    CHECK_FIRST,
    DO_NOT_POST,
    INFO,
    POST,
    STOP,
    ElectionWindow,
    OrganisationContext,
    OwnDetails,
    Reason,
    UnknownPlatform,
    Verdict,
    platforms,
    resolve_clause,
    verdict_label,
)

__all__ = [
    "ADVICE",
    "CHECK",
    "CHECK_FIRST",
    "DO_NOT_POST",
    "INFO",
    "POST",
    "RULES",
    "STOP",
    "Draft",
    "ElectionWindow",
    "OrganisationContext",
    "OwnDetails",
    "Reason",
    "UnknownPlatform",
    "Verdict",
    "check_post",
    "detect_language",
    "find_political",
    "find_wording",
    "hashtag_problems",
    "platforms",
    "post_length",
    "resolve_clause",
    "verdict_label",
]
