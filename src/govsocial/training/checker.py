""" "Can I post this?" — a pure function from a draft post to a verdict.

`check_post` walks the three cases of the policy's posting decision guide
(already public → post it; only points to another resource → post it; new
guidance, content or a view → check it first with the named officers) and
adds every other reason: personal data, abusive or profane wording, length,
hashtags, alt text, political content inside an election period, and always
the public-meeting reminder. No database: what it needs from the
organisation comes in an `OrganisationContext` (see services.context_for).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import content
from .detect import find_personal_data

POST = "post"
CHECK_FIRST = "check_first"
DO_NOT_POST = "do_not_post"
VERDICTS = (POST, CHECK_FIRST, DO_NOT_POST)

# Severity of a reason: "stop" → do not post as it stands; "check" → check
# first; "advice" and "info" leave the verdict alone.
STOP, CHECK, ADVICE, INFO = "stop", "check", "advice", "info"

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
HASHTAG_RE = re.compile(r"(?<![\w&#])#([^\s#]*)")
VALID_TAG_RE = re.compile(r"[^\W_][\w]*", re.UNICODE)
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@dataclass
class ElectionWindow:
    name: str
    starts_on: date
    ends_on: date


@dataclass
class OrganisationContext:
    """What the checker knows of an organisation (built by services.context_for)."""

    country: str = ""
    default_language: str = "en"
    check_officers: str = ""
    policy_version: int | None = None  # number of the published version
    clauses: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (title, text)
    election_periods: list[ElectionWindow] = field(default_factory=list)
    today: date | None = None
    uses_example_policy: bool = True


@dataclass
class Reason:
    code: str
    severity: str
    message: str
    clause_id: str = ""
    clause_title: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Verdict:
    verdict: str
    label: str
    summary: str
    language: str
    language_detected: bool
    platform: str | None
    platform_name: str
    length: int
    limit: int | None
    case: str
    reasons: list[Reason]
    check_officers: str
    policy_version: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def stops(self) -> list[Reason]:
        return [r for r in self.reasons if r.severity == STOP]


class UnknownPlatform(ValueError):
    pass


def platforms() -> dict[str, dict[str, Any]]:
    return content.checker()["platforms"]


def verdict_label(verdict: str) -> str:
    return {
        POST: pgettext("verdict", "Post it"),
        CHECK_FIRST: pgettext("verdict", "Check first"),
        DO_NOT_POST: pgettext("verdict", "Do not post"),
    }[verdict]


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


# --- clauses --------------------------------------------------------------------


def resolve_clause(
    kind: str,
    clauses: dict[str, tuple[str, str]],
    hints: list[str] | None = None,
    keywords: list[str] | None = None,
) -> tuple[str, str]:
    """(clause id, title) the reason relates to, or ("", "") without a policy."""
    if not clauses:
        return "", ""
    data = content.checker()
    hints = hints if hints is not None else data["clause_hints"].get(kind, [])
    keywords = keywords if keywords is not None else data["clause_keywords"].get(kind, [])
    for hint in hints:
        if hint in clauses:
            return hint, clauses[hint][0]
    for hint in hints:
        for clause_id, (title, _text) in clauses.items():
            if hint in clause_id:
                return clause_id, title
    for word in keywords:
        for clause_id, (title, _text) in clauses.items():
            if word.lower() in title.lower():
                return clause_id, title
    return "", ""


# --- the check --------------------------------------------------------------------

PERSONAL_DATA_NAMES = {
    "email": lambda: _("an e-mail address"),
    "phone": lambda: _("a phone number"),
    "bsn": lambda: _("a Dutch citizen service number (BSN)"),
    "be_nn": lambda: _("a Belgian national register number"),
    "nhs": lambda: _("an NHS number"),
    "iban": lambda: _("a bank account number (IBAN)"),
    "nino": lambda: _("a National Insurance number"),
}


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
    ctx = organisation_context or OrganisationContext()
    settings = content.checker()
    text = text or ""
    platform_info = None
    if platform:
        platform = platform.strip().lower()
        platform_info = platforms().get(platform)
        if platform_info is None:
            raise UnknownPlatform(platform)
    language_detected = language not in ("en", "nl")
    if language_detected:
        language = detect_language(text, ctx.default_language)
    assert language is not None
    officers = ctx.check_officers.strip() or _("the policy and communications officers")
    reasons: list[Reason] = []

    def add(topic: str, code: str, severity: str, message: str, **detail: Any) -> None:
        clause_id, clause_title = resolve_clause(topic, ctx.clauses)
        reasons.append(Reason(code, severity, message, clause_id, clause_title, detail))

    # 1. The decision guide: three cases.
    urls = URL_RE.findall(text)
    if is_public_already:
        case = "already_public"
        add(
            case,
            "decision.already_public",
            INFO,
            _(
                "The information is already public (such as a press release or a published decision): you may post it."
            ),
        )
    elif only_links:
        case = "points_elsewhere"
        add(
            case,
            "decision.points_elsewhere",
            INFO,
            _("The post only points to another resource: you may post it."),
        )
    elif (
        only_links is None and urls and _words_outside_links(text) <= settings["pointer_max_words"]
    ):
        case = "points_elsewhere"
        add(
            case,
            "decision.points_elsewhere",
            INFO,
            _(
                "The post seems only to point to another resource (a link with a short introduction): you may post it. "
                "If it adds new guidance or a view of its own, check it first with %(officers)s."
            )
            % {"officers": officers},
        )
    else:
        case = "new_content"
        add(
            case,
            "decision.new_content",
            CHECK,
            _(
                "The post gives new guidance or content, or expresses a view: check it first with %(officers)s."
            )
            % {"officers": officers},
        )

    # 2. Personal data. Contact details may be the organisation's own: check them;
    # national numbers and bank accounts never belong in a post.
    for finding in find_personal_data(text):
        what = PERSONAL_DATA_NAMES[finding.kind]()
        position = {"kind": finding.kind, "start": finding.start, "end": finding.end}
        if finding.kind == "phone" and finding.subtype == "mobile":
            add(
                "personal_data",
                "personal_data.phone_mobile",
                CHECK,
                _(
                    "The text contains a mobile phone number (%(masked)s). A mobile number is usually a "
                    "person's own: never post the number of a resident or a colleague."
                )
                % {"masked": finding.masked()},
                **position,
            )
        elif finding.kind == "phone" and finding.subtype == "organisation":
            add(
                "personal_data",
                "personal_data.phone_organisation",
                INFO,
                _(
                    "The text contains a phone number (%(masked)s) that it presents as the organisation's own. "
                    "Check that it is the public number on the organisation's website."
                )
                % {"masked": finding.masked()},
                **position,
            )
        elif finding.kind in ("email", "phone"):
            add(
                "personal_data",
                f"personal_data.{finding.kind}",
                CHECK,
                _(
                    "The text contains %(what)s (%(masked)s). Share only the organisation's public contact details, "
                    "never a person's own."
                )
                % {"what": what, "masked": finding.masked()},
                **position,
            )
        else:
            add(
                "personal_data",
                f"personal_data.{finding.kind}",
                STOP,
                _(
                    "The text contains %(what)s (%(masked)s). Do not share personal data on social media; "
                    "move the conversation to a private channel."
                )
                % {"what": what, "masked": finding.masked()},
                kind=finding.kind,
                start=finding.start,
                end=finding.end,
            )

    # 3. Wording.
    wording = find_wording(text, language)
    for kind in ("profanity", "abuse"):
        found = sorted({w.lower() for k, w in wording if k == kind})
        if found:
            message = (
                _(
                    "The text contains profane wording (%(words)s). Never post what you would not say in a public meeting."
                )
                if kind == "profanity"
                else _(
                    "The text contains abusive or insulting wording (%(words)s). Be respectful, also when others are not."
                )
            )
            add(
                "profanity",
                f"wording.{kind}",
                STOP,
                message % {"words": ", ".join(found)},
                words=found,
            )
    impolite = sorted({w.lower() for k, w in wording if k == "impolite"})
    if impolite:
        add(
            "profanity",
            "wording.impolite",
            CHECK,
            _("Some words may come across as impolite (%(words)s). Have a colleague read it first.")
            % {"words": ", ".join(impolite)},
            words=impolite,
        )

    # 4. Length and hashtags.
    length = post_length(text, platform_info)
    limit = platform_info["limit"] if platform_info else None
    platform_name = content.text(platform_info["name"], language) if platform_info else ""
    if not text.strip():
        add("length", "length.empty", STOP, _("The post is empty."))
    if limit is not None and length > limit:
        add(
            "length",
            "length.over_limit",
            STOP,
            _(
                "The post is %(length)s characters long; %(platform)s allows %(limit)s. Shorten it by %(over)s characters."
            )
            % {"length": length, "platform": platform_name, "limit": limit, "over": length - limit},
            length=length,
            limit=limit,
        )
    tags, malformed, camel = hashtag_problems(text)
    if malformed:
        add(
            "hashtags",
            "hashtags.malformed",
            ADVICE,
            _(
                "These hashtags will not work as intended: %(tags)s. A hashtag is one word of letters and digits "
                "(no spaces, hyphens or punctuation) and must contain a letter."
            )
            % {"tags": ", ".join(malformed)},
            tags=malformed,
        )
    max_tags = platform_info["max_hashtags"] if platform_info else settings["default_max_hashtags"]
    if len(tags) > max_tags:
        add(
            "hashtags",
            "hashtags.too_many",
            ADVICE,
            _(
                "The post has %(count)s hashtags; use at most %(max)s so it stays readable, also for screen readers."
            )
            % {"count": len(tags), "max": max_tags},
            count=len(tags),
            max=max_tags,
        )
    if camel:
        add(
            "hashtags",
            "hashtags.camelcase",
            ADVICE,
            _(
                "Write hashtags of several words in CamelCase (such as #RoadWorksHighStreet) so screen readers can read them: %(tags)s."
            )
            % {"tags": ", ".join(camel)},
            tags=camel,
        )

    # 5. Image without alt text.
    if has_image and not (alt_text or "").strip():
        add(
            "alt_text",
            "image.no_alt_text",
            STOP,
            _(
                "The image has no alt text. Describe the image so people who use a screen reader get the same information."
            ),
        )
    elif has_image and _says_nothing(alt_text):
        add(
            "alt_text",
            "image.poor_alt_text",
            CHECK,
            _(
                'The alt text "%(alt)s" does not describe the image. Say what the image shows and what it means '
                "for the reader, as you would to someone on the phone."
            )
            % {"alt": alt_text.strip()},
        )

    # 6. Election period.
    today = ctx.today or date.today()
    for window in ctx.election_periods:
        if window.starts_on <= today <= window.ends_on:
            political = find_political(text, ctx.country)
            if political:
                add(
                    "election",
                    "election.political_content",
                    CHECK,
                    _(
                        'It is the election period "%(name)s" (until %(ends)s) and the post mentions %(words)s. '
                        "Stay politically neutral: check it first with %(officers)s."
                    )
                    % {
                        "name": window.name,
                        "ends": window.ends_on.isoformat(),
                        "words": ", ".join(political),
                        "officers": officers,
                    },
                    words=political,
                    period=window.name,
                )
            else:
                add(
                    "election",
                    "election.period",
                    INFO,
                    _(
                        'It is the election period "%(name)s" (until %(ends)s): stay politically neutral.'
                    )
                    % {"name": window.name, "ends": window.ends_on.isoformat()},
                    period=window.name,
                )
            break

    # 7. Always.
    add(
        "public_meeting",
        "reminder.public_meeting",
        INFO,
        _("Would you say this in a public meeting? If not, do not post it."),
    )

    severities = {r.severity for r in reasons}
    verdict = DO_NOT_POST if STOP in severities else CHECK_FIRST if CHECK in severities else POST
    summary = {
        POST: _("You may post this."),
        CHECK_FIRST: _("Check this first with %(officers)s before you post it.")
        % {"officers": officers},
        DO_NOT_POST: _("Do not post this as it stands: fix the problems below first."),
    }[verdict]
    return Verdict(
        verdict=verdict,
        label=verdict_label(verdict),
        summary=summary,
        language=language,
        language_detected=language_detected,
        platform=platform,
        platform_name=platform_name,
        length=length,
        limit=limit,
        case=case,
        reasons=reasons,
        check_officers=officers,
        policy_version=ctx.policy_version,
    )


FILE_NAME_RE = re.compile(r"[\w\-. ]+\.(?:jpe?g|png|gif|webp|heic|svg|bmp|tiff?)", re.IGNORECASE)


def _says_nothing(alt_text: str) -> bool:
    """An alt text that is a file name or only a word such as "image" or "foto"."""
    alt = alt_text.strip().strip(".").lower()
    generic = content.checker().get("generic_alt_texts") or {}
    words = {w.lower() for lang in content.LANGUAGES for w in generic.get(lang) or []}
    return bool(FILE_NAME_RE.fullmatch(alt)) or alt in words


def _words_outside_links(text: str) -> int:
    stripped = HASHTAG_RE.sub(" ", URL_RE.sub(" ", text))
    return len(WORD_RE.findall(stripped))
