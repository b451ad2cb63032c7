"""The rules of issue 12: what a draft says about a person, its tone, and
election content. Each reads a `rules.Draft` and returns its reasons; they are
in `rules.RULES`. Detectors: `context.find` and `election.read`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import election as election_content
from .verdict import ADVICE, CHECK, INFO, STOP, Reason

if TYPE_CHECKING:
    from .rules import Draft

# Hits shown one by one per kind; a draft built of thousands is summed up.
SHOWN = 10
ADDRESS_KINDS = ("home_address", "exact_address")


def _category_name(category: str) -> str:
    return {
        "health": _("health"),
        "religion": _("religion or belief"),
        "union": _("trade union membership"),
        "sexual_orientation": _("sexual orientation"),
        "ethnicity": _("racial or ethnic origin"),
        "criminal_record": _("a criminal record"),
    }.get(category, category)


def _context_message(kind: str, detail: str) -> tuple[str, str, str]:
    """(code, severity, message with %(text)s) for one hit."""
    if kind == "home_address":
        message = _(
            "The text ties a person to an address (%(text)s). Never post where someone lives; "
            "move the conversation to a private channel."
        )
        return "context.home_address", STOP, message
    if kind == "exact_address":
        message = _(
            "The text gives an exact address (%(text)s). Check that it is not someone's home; "
            "add your organisation's own addresses to its allow-list."
        )
        return "context.exact_address", CHECK, message
    if kind == "number_plate":
        message = _(
            "The text contains a number plate (%(text)s). A plate leads to its owner: "
            "do not post it, also not to point at bad parking."
        )
        return "context.number_plate", STOP, message
    if kind == "special_category":
        message = _(
            "The text ties a person to %(category)s (%(text)s). This is a special category of "
            "personal data: never post it, reply in a private channel."
        )
        return f"context.special_category.{detail}", STOP, message
    if kind == "birth_date":
        if detail == "person":
            message = _(
                "The text gives a person's date of birth (%(text)s). With a name it identifies "
                "them: leave it out."
            )
            return "context.birth_date", STOP, message
        message = _(
            "The text seems to give a date of birth (%(text)s). Check whose it is and leave it out."
        )
        return "context.birth_date", CHECK, message
    # A named child.
    if detail == "school":
        message = _(
            "The text names a child with their school (%(text)s). Children are easy to find that way: "
            "leave out the name or the school, and have the parents' consent."
        )
    else:
        message = _(
            "The text names a child with their age (%(text)s). Leave out the name or the age, "
            "and have the parents' consent."
        )
    return "context.child", STOP, message


def context(draft: Draft) -> list[Reason]:
    """Addresses, plates, special categories, dates of birth and children;
    the organisation's own addresses (its allow-list) are left alone."""
    own = draft.organisation.own_details
    reasons: list[Reason] = []
    shown: dict[str, int] = {}
    allowed = 0
    messages: dict[tuple[str, str], tuple[str, str, str]] = {}  # translated once a check
    full: set[tuple[str, str]] = set()  # hits of these are shown SHOWN times already
    addresses = bool(own.addresses)  # only an address can be the organisation's own
    for hit in draft.context_hits:
        kind = hit.kind
        if kind == "tone":
            continue
        if addresses and kind in ADDRESS_KINDS and own.has(kind, hit.text):
            allowed += 1
            continue
        key = (kind, hit.detail)
        if key in full:
            continue
        if key not in messages:
            messages[key] = _context_message(*key)
        code, severity, message = messages[key]
        shown[code] = shown.get(code, 0) + 1
        if shown[code] > SHOWN:
            full.add(key)
            continue
        values = {"text": hit.text.strip(), "category": _category_name(hit.detail)}
        reasons.append(
            draft.reason("context", code, severity, message % values, start=hit.start, end=hit.end)
        )
    if allowed:
        message = _(
            "The text contains your organisation's own address, which is on its allow-list."
        )
        reasons.append(draft.reason("context", "context.own_details", INFO, message))
    return reasons


def tone(draft: Draft) -> list[Reason]:
    """Dismissive wording stops a post, condescension asks for a second look,
    patronising words ("simply") get advice."""
    found: dict[str, list[str]] = {}
    for hit in draft.context_hits:
        if hit.kind == "tone":
            words = found.setdefault(hit.detail, [])
            if hit.text.lower() not in words and len(words) < SHOWN:
                words.append(hit.text.lower())
    reasons = []
    if "dismissive" in found:
        message = _(
            "The text dismisses the reader (%(words)s). Never tell someone their question is their "
            "problem or a waste of time: help them, or say who can."
        ) % {"words": ", ".join(found["dismissive"])}
        reasons.append(
            draft.reason("tone", "tone.dismissive", STOP, message, words=found["dismissive"])
        )
    if "condescending" in found:
        message = _(
            "The text may come across as condescending (%(words)s). Explain it again kindly, as if for "
            "the first time; have a colleague read it first."
        ) % {"words": ", ".join(found["condescending"])}
        reasons.append(
            draft.reason("tone", "tone.condescending", CHECK, message, words=found["condescending"])
        )
    if "patronising_words" in found:
        message = _(
            "Words such as %(words)s can sound patronising to someone who finds it hard: leave them out."
        ) % {"words": ", ".join(found["patronising_words"])}
        reasons.append(
            draft.reason(
                "tone", "tone.patronising", ADVICE, message, words=found["patronising_words"]
            )
        )
    return reasons


def _active_window(draft: Draft):
    organisation = draft.organisation
    today = organisation.today or date.today()
    return next(
        (w for w in organisation.election_periods if w.starts_on <= today <= w.ends_on), None
    )


def election(draft: Draft) -> list[Reason]:
    """Campaigning never; political content as the country and the election
    period say; neutral voting information always welcome."""
    organisation = draft.organisation
    window = _active_window(draft)
    active = (
        bool(window)
        if organisation.election_period_active is None
        else organisation.election_period_active
    )
    reading = election_content.read(draft.text, organisation.country, draft.words)
    if window is not None:
        # A date as the reader writes it ("18 maart 2027"), never ISO.
        period = {"name": window.name, "ends": date_format(window.ends_on, "j F Y")}
        during = _('It is the election period "%(name)s" (until %(ends)s).') % period
    elif active:
        during = _("It is an election period.")
    else:
        during = ""
    if reading.campaigning:
        message = _(
            "The post calls on people to vote for a party or a candidate (%(words)s). An official "
            "account never campaigns: do not post it."
        ) % {"words": ", ".join(reading.campaigning)}
        return [
            draft.reason(
                "election", "election.campaigning", STOP, message, words=reading.campaigning
            )
        ]
    if reading.political:
        severity = election_content.political_severity(organisation.country, active)
        if severity != "none":
            message = (
                _(
                    "%(during)s The post mentions %(words)s. Stay politically neutral: check it first "
                    "with %(officers)s."
                )
                if severity == "check"
                else _(
                    "%(during)s The post mentions %(words)s. In this period your organisation may not publish "
                    "anything that could affect support for a party or candidate: do not post it."
                )
            )
            values = {
                "during": during,
                "words": ", ".join(reading.political),
                "officers": draft.officers,
            }
            return [
                draft.reason(
                    "election",
                    "election.political_content",
                    STOP if severity == "stop" else CHECK,
                    (message % values).strip(),
                    words=reading.political,
                    period=window.name if window else "",
                )
            ]
    if reading.voting_information:
        message = _(
            "The post gives neutral voting information (%(words)s): that is what the policy encourages."
        ) % {
            "words": ", ".join(dict.fromkeys(w.lower() for w in reading.voting_information[:SHOWN]))
        }
        return [draft.reason("election", "election.voting_information", INFO, message)]
    if active:
        message = _("%(during)s Stay politically neutral.") % {"during": during}
        return [
            draft.reason(
                "election", "election.period", INFO, message, period=window.name if window else ""
            )
        ]
    return []
