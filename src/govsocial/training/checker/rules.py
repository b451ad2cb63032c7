"""The rules of "Can I post this?" and the pipeline that runs them.

Each rule reads one `Draft` (the text and everything known around it) and
returns its reasons; `check_post` runs `RULES` in order and turns the reasons
into a verdict. To add a rule, write a function and add it to `RULES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import content
from ..detect import scan as scan_personal_data
from .context import Hit
from .context import find as find_context
from .context_rules import context, election, tone
from .text import (
    URL_RE,
    Words,
    detect_language,
    find_wording,
    hashtag_problems,
    may_hold_link,
    post_length,
    says_nothing,
    words_outside_links,
)
from .verdict import (
    ADVICE,
    CHECK,
    CHECK_FIRST,
    DO_NOT_POST,
    INFO,
    POST,
    STOP,
    OrganisationContext,
    Reason,
    UnknownPlatform,
    Verdict,
    platforms,
    resolve_clause,
    verdict_label,
)


@dataclass(frozen=True)
class Draft:
    """What every rule reads: the draft post and what is known around it."""

    text: str
    language: str
    platform: dict[str, Any] | None
    platform_name: str
    has_image: bool
    alt_text: str
    only_links: bool | None
    case: str  # the decision guide's case: already_public, points_elsewhere or new_content
    length: int
    limit: int | None
    officers: str
    organisation: OrganisationContext

    @cached_property
    def words(self) -> Words:
        """The draft's words, read once for every rule that looks for words."""
        return Words(self.text)

    @cached_property
    def context_hits(self) -> tuple[Hit, ...]:
        """What the draft says about people and its tone, read once for the rules that use it."""
        return find_context(self.text, self.words)

    def reason(self, topic: str, code: str, severity: str, message: str, **detail: Any) -> Reason:
        """A reason citing the policy clause its topic relates to."""
        hints = content.checker()["clause_hints"].get(topic, [])
        clause_id, clause_title = resolve_clause(hints, self.organisation.clauses)
        return Reason(code, severity, message, clause_id, clause_title, detail)


Rule = Callable[[Draft], list[Reason]]


def decision_case(text: str, is_public_already: bool | None, only_links: bool | None) -> str:
    """Which of the decision guide's three cases the draft is."""
    if is_public_already:
        return "already_public"
    if only_links:
        return "points_elsewhere"
    pointer_max_words = content.checker()["pointer_max_words"]
    if (
        only_links is None
        and may_hold_link(text)
        and URL_RE.search(text)
        and words_outside_links(text) <= pointer_max_words
    ):
        return "points_elsewhere"
    return "new_content"


# --- the rules, in the order their reasons are shown ---------------------------------


def already_public(draft: Draft) -> list[Reason]:
    if draft.case != "already_public":
        return []
    message = _(
        "The information is already public (such as a press release or a published decision): you may post it."
    )
    return [draft.reason("already_public", "decision.already_public", INFO, message)]


def points_elsewhere(draft: Draft) -> list[Reason]:
    if draft.case != "points_elsewhere":
        return []
    if draft.only_links:
        message = _("The post only points to another resource: you may post it.")
    else:  # guessed from a link with a short introduction
        message = _(
            "The post seems only to point to another resource (a link with a short introduction): you may post it. "
            "If it adds new guidance or a view of its own, check it first with %(officers)s."
        ) % {"officers": draft.officers}
    return [draft.reason("points_elsewhere", "decision.points_elsewhere", INFO, message)]


def new_content(draft: Draft) -> list[Reason]:
    if draft.case != "new_content":
        return []
    message = _(
        "The post gives new guidance or content, or expresses a view: check it first with %(officers)s."
    ) % {"officers": draft.officers}
    return [draft.reason("new_content", "decision.new_content", CHECK, message)]


PERSONAL_DATA_NAMES = {
    "email": lambda: _("an e-mail address"),
    "phone": lambda: _("a phone number"),
    "bsn": lambda: _("a Dutch citizen service number (BSN)"),
    "be_nn": lambda: _("a Belgian national register number"),
    "nhs": lambda: _("an NHS number"),
    "iban": lambda: _("a bank account number (IBAN)"),
    "nino": lambda: _("a National Insurance number"),
}


def _personal_data_message(kind: str, subtype: str) -> tuple[str, str, str]:
    """(code, severity, message template) for a piece of personal data."""
    if kind == "phone" and subtype == "mobile":
        message = _(
            "The text contains a mobile phone number (%(masked)s). A mobile number is usually a "
            "person's own: never post the number of a resident or a colleague."
        )
        return "personal_data.phone_mobile", CHECK, message
    if kind == "phone" and subtype == "organisation":
        message = _(
            "The text contains a phone number (%(masked)s) that it presents as the organisation's own. "
            "Check that it is the public number on the organisation's website."
        )
        return "personal_data.phone_organisation", INFO, message
    if kind in ("email", "phone"):
        message = _(
            "The text contains %(what)s (%(masked)s). Share only the organisation's public contact details, "
            "never a person's own."
        )
        return f"personal_data.{kind}", CHECK, message
    message = _(
        "The text contains %(what)s (%(masked)s). Do not share personal data on social media; "
        "move the conversation to a private channel."
    )
    return f"personal_data.{kind}", STOP, message


# Pieces of personal data shown one by one; the rest are summed up in one reason
# (a draft built of thousands would otherwise give a page of thousands).
PERSONAL_DATA_SHOWN = 20
SEVERITY_ORDER = (INFO, ADVICE, CHECK, STOP)


def personal_data(draft: Draft) -> list[Reason]:
    """Contact details may be the organisation's own: check them; national
    numbers and bank accounts never belong in a post."""
    scan = scan_personal_data(draft.text)
    own = draft.organisation.own_details
    # Only these kinds can be on the allow-list (see OwnDetails.has).
    listed = {"iban": own.ibans, "phone": own.phones, "email": own.email_domains}
    if any(listed.values()):
        findings = [
            f for f in scan.findings if not (listed.get(f.kind) and own.has(f.kind, f.text))
        ]
    else:
        findings = scan.findings
    reasons = []
    if len(findings) < len(scan.findings):
        message = _(
            "The text contains your organisation's own contact or bank details, which are on its allow-list."
        )
        reasons.append(draft.reason("personal_data", "personal_data.own_details", INFO, message))
    messages: dict[tuple[str, str], tuple[str, str, str, str]] = {}  # translated once a check

    def message_of(key: tuple[str, str]) -> tuple[str, str, str, str]:
        if key not in messages:
            messages[key] = (*_personal_data_message(*key), PERSONAL_DATA_NAMES[key[0]]())
        return messages[key]

    for finding in findings[:PERSONAL_DATA_SHOWN]:
        code, severity, message, what = message_of((finding.kind, finding.subtype))
        position = {"kind": finding.kind, "start": finding.start, "end": finding.end}
        text = message % {"what": what, "masked": finding.masked()}
        reasons.append(draft.reason("personal_data", code, severity, text, **position))
    more: dict[str, str] = {}  # beyond PERSONAL_DATA_SHOWN: what, by severity
    for key in dict.fromkeys((f.kind, f.subtype) for f in findings[PERSONAL_DATA_SHOWN:]):
        _code, severity, _message, what = message_of(key)
        more[what] = max(more.get(what, severity), severity, key=SEVERITY_ORDER.index)
    if more:
        count = len(findings) - PERSONAL_DATA_SHOWN
        values = {"count": count, "what": ", ".join(sorted(more))}
        message = (
            ngettext(
                "The text contains one more piece of personal data (%(what)s), not listed on its own.",
                "The text contains %(count)s more pieces of personal data (%(what)s), not listed one by one.",
                count,
            )
            % values
        )
        severity = max(more.values(), key=SEVERITY_ORDER.index)
        reasons.append(
            draft.reason("personal_data", "personal_data.more", severity, message, count=count)
        )
    if not scan.complete:
        message = _(
            "The text holds more numbers than the checker reads for phone numbers (not read: "
            "%(count)s). Check those yourself before you post it."
        ) % {"count": scan.phone_parts_unchecked}
        reasons.append(
            draft.reason(
                "personal_data",
                "personal_data.not_all_checked",
                CHECK,
                message,
                unchecked=scan.phone_parts_unchecked,
            )
        )
    return reasons


def profanity(draft: Draft) -> list[Reason]:
    """Profane and abusive wording stops a post; impolite wording asks for a second look."""
    # Each different word once (a draft may repeat one thousands of times).
    wording = set(find_wording(draft.text, draft.language, draft.words))
    reasons = []
    for kind in ("profanity", "abuse"):
        found = sorted({w.lower() for k, w in wording if k == kind})
        if not found:
            continue
        if kind == "profanity":
            message = _(
                "The text contains profane wording (%(words)s). Never post what you would not say in a public meeting."
            )
        else:
            message = _(
                "The text contains abusive or insulting wording (%(words)s). Be respectful, also when others are not."
            )
        reasons.append(
            draft.reason(
                "profanity",
                f"wording.{kind}",
                STOP,
                message % {"words": ", ".join(found)},
                words=found,
            )
        )
    impolite = sorted({w.lower() for k, w in wording if k == "impolite"})
    if impolite:
        message = _(
            "Some words may come across as impolite (%(words)s). Have a colleague read it first."
        ) % {"words": ", ".join(impolite)}
        reasons.append(
            draft.reason("profanity", "wording.impolite", CHECK, message, words=impolite)
        )
    return reasons


def length(draft: Draft) -> list[Reason]:
    reasons = []
    if not draft.text.strip():
        reasons.append(draft.reason("length", "length.empty", STOP, _("The post is empty.")))
    if draft.limit is not None and draft.length > draft.limit:
        message = _(
            "The post is %(length)s characters long; %(platform)s allows %(limit)s. Shorten it by %(over)s characters."
        ) % {
            "length": draft.length,
            "platform": draft.platform_name,
            "limit": draft.limit,
            "over": draft.length - draft.limit,
        }
        reasons.append(
            draft.reason(
                "length",
                "length.over_limit",
                STOP,
                message,
                length=draft.length,
                limit=draft.limit,
            )
        )
    return reasons


def hashtags(draft: Draft) -> list[Reason]:
    tags, malformed, camel = hashtag_problems(draft.text)
    reasons = []
    if malformed:
        message = _(
            "These hashtags will not work as intended: %(tags)s. A hashtag is one word of letters and digits "
            "(no spaces, hyphens or punctuation) and must contain a letter."
        ) % {"tags": ", ".join(malformed)}
        reasons.append(
            draft.reason("hashtags", "hashtags.malformed", ADVICE, message, tags=malformed)
        )
    max_tags = (
        draft.platform["max_hashtags"]
        if draft.platform
        else content.checker()["default_max_hashtags"]
    )
    if len(tags) > max_tags:
        message = _(
            "The post has %(count)s hashtags; use at most %(max)s so it stays readable, also for screen readers."
        ) % {"count": len(tags), "max": max_tags}
        reasons.append(
            draft.reason(
                "hashtags", "hashtags.too_many", ADVICE, message, count=len(tags), max=max_tags
            )
        )
    if camel:
        message = _(
            "Write hashtags of several words in CamelCase (such as #RoadWorksHighStreet) so screen readers can read them: %(tags)s."
        ) % {"tags": ", ".join(camel)}
        reasons.append(draft.reason("hashtags", "hashtags.camelcase", ADVICE, message, tags=camel))
    return reasons


def alt_text(draft: Draft) -> list[Reason]:
    if not draft.has_image:
        return []
    if not draft.alt_text.strip():
        message = _(
            "The image has no alt text. Describe the image so people who use a screen reader get the same information."
        )
        return [draft.reason("alt_text", "image.no_alt_text", STOP, message)]
    if says_nothing(draft.alt_text):
        message = _(
            'The alt text "%(alt)s" does not describe the image. Say what the image shows and what it means '
            "for the reader, as you would to someone on the phone."
        ) % {"alt": draft.alt_text.strip()}
        return [draft.reason("alt_text", "image.poor_alt_text", CHECK, message)]
    return []


def public_meeting(draft: Draft) -> list[Reason]:
    message = _("Would you say this in a public meeting? If not, do not post it.")
    return [draft.reason("public_meeting", "reminder.public_meeting", INFO, message)]


RULES: tuple[Rule, ...] = (
    already_public,
    points_elsewhere,
    new_content,
    personal_data,
    context,
    profanity,
    tone,
    length,
    hashtags,
    alt_text,
    election,
    public_meeting,
)


# --- the pipeline ------------------------------------------------------------------------


def _platform(platform: str | None) -> tuple[str | None, dict[str, Any] | None]:
    if not platform:
        return platform, None
    platform = platform.strip().lower()
    info = platforms().get(platform)
    if info is None:
        raise UnknownPlatform(platform)
    return platform, info


def check_post(
    text: str,
    platform: str | None = None,
    language: str | None = None,
    has_image: bool = False,
    alt_text: str = "",
    is_public_already: bool | None = None,
    only_links: bool | None = None,
    organisation_context: OrganisationContext | None = None,
) -> Verdict:
    """The verdict on a draft post, with every reason behind it.

    Messages are in the active language (translation.override around the call).
    Raises UnknownPlatform for a platform the checker does not know.
    """
    organisation = organisation_context or OrganisationContext()
    text = text or ""
    platform, platform_info = _platform(platform)
    language_detected = language not in ("en", "nl")
    if language is None or language_detected:
        language = detect_language(text, organisation.default_language)
    draft = Draft(
        text=text,
        language=language,
        platform=platform_info,
        platform_name=platform_info["name"].get(language) if platform_info else "",
        has_image=has_image,
        alt_text=alt_text or "",
        only_links=only_links,
        case=decision_case(text, is_public_already, only_links),
        length=post_length(text, platform_info),
        limit=platform_info["limit"] if platform_info else None,
        officers=organisation.check_officers.strip() or _("the policy and communications officers"),
        organisation=organisation,
    )
    reasons = [reason for rule in RULES for reason in rule(draft)]
    severities = {r.severity for r in reasons}
    verdict = DO_NOT_POST if STOP in severities else CHECK_FIRST if CHECK in severities else POST
    summary = {
        POST: _("You may post this."),
        CHECK_FIRST: _("Check this first with %(officers)s before you post it.")
        % {"officers": draft.officers},
        DO_NOT_POST: _("Do not post this as it stands: fix the problems below first."),
    }[verdict]
    return Verdict(
        verdict=verdict,
        label=verdict_label(verdict),
        summary=summary,
        language=language,
        language_detected=language_detected,
        platform=platform,
        platform_name=draft.platform_name,
        length=draft.length,
        limit=draft.limit,
        case=draft.case,
        reasons=reasons,
        check_officers=draft.officers,
        policy_version=organisation.policy_version,
    )
