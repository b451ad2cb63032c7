"""The documents people ask for next, filled from the same answers: profile texts per
platform, a pinned post, webcare replies and a privacy statement.

The texts (companion_content, content/*.yaml) ask for flags and values, never
for question ids; this module derives them from the answers and the
organisation, so a change to the interview is made here once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core.content import PLACEHOLDER, ContentError
from govsocial.core.i18n import current_language
from govsocial.core.models import Organisation
from govsocial.documents.model import BulletList, Document, Note, Paragraph, Section, Table

from .. import companion_content
from ..companion_content import CompanionContent, Part, Post
from ..models import PolicyVersion
from .document import Context, _meta, fill_values
from .promise import LEGACY_HOURS

COMPANION_KINDS = companion_content.KINDS
# Organisation kinds that are public bodies: public task as the lawful basis, records law.
PUBLIC_BODY_KINDS = {"municipality", "province", "agency", "health_trust"}
DAY_NAMES = {"weekdays": ("Monday to Friday", "Mon to Fri"), "all_week": ("every day", "daily")}


def load_companions() -> dict[str, CompanionContent]:
    return companion_content.load()


def companion_labels(language: str | None = None) -> list[tuple[str, str]]:
    """(kind, name) of each companion document, for the list of downloads."""
    language = current_language(language)
    return [(kind, content.label[language]) for kind, content in load_companions().items()]


# --- flags and values ----------------------------------------------------------------


def _country(country: str) -> str:
    code = (country or "NL").upper()
    return "gb" if code in ("GB", "UK") else code.lower() if code in ("NL", "BE") else "other"


def companion_flags(
    answers: Mapping[str, Any], country: str = "NL", organisation_kind: str = "municipality"
) -> dict[str, bool]:
    """What the texts' conditions ask, from the answers and the organisation."""
    around_the_clock = answers.get("response_basis") == "around_the_clock"
    flags = {
        "office_hours": not around_the_clock,
        "around_the_clock": around_the_clock,
        "comments_open": bool(answers.get("comments_open", True)),
        "public_body": organisation_kind in PUBLIC_BODY_KINDS,
        "crisis": "crisis" in (answers.get("goals") or []),
    }
    for code in ("nl", "be", "gb", "other"):
        flags[f"country_{code}"] = _country(country) == code
    return flags


def _minutes(clock: str) -> int:
    hours, _sep, minutes = clock.partition(":")
    return int(hours) * 60 + int(minutes or 0)


def _staffed(answers: Mapping[str, Any]) -> tuple[int, int]:
    """Start and end of the staffed hours in minutes after midnight (08:30-17:00 if unknown)."""
    match = re.fullmatch(r"(\d\d:\d\d)-(\d\d:\d\d)", str(answers.get("staffed_hours") or ""))
    start, end = (match.group(1), match.group(2)) if match else ("08:30", "17:00")
    return _minutes(start), _minutes(end)


def clock_en(minutes: int) -> str:
    """A time the GOV.UK way: 8:30am, 5pm, midday, midnight."""
    hours, rest = divmod(minutes % (24 * 60), 60)
    if rest == 0 and hours in (0, 12):
        return "midnight" if hours == 0 else "midday"
    suffix = "am" if hours < 12 else "pm"
    hours = hours % 12 or 12
    return f"{hours}{suffix}" if rest == 0 else f"{hours}:{rest:02d}{suffix}"


def clock_nl(minutes: int) -> str:
    """A time the Dutch way: 08.30, 17.00, 24.00."""
    hours, rest = divmod(minutes, 60)
    return f"{hours:02d}.{rest:02d}"


def _hours(answers: Mapping[str, Any], language: str) -> tuple[str, str]:
    """When the accounts are staffed: (long, short) in `language`."""
    if answers.get("response_basis") == "around_the_clock":
        return (
            ("dag en nacht, elke dag", "dag en nacht")
            if language == "nl"
            else (
                "day and night, every day",
                "24/7",
            )
        )
    start, end = _staffed(answers)
    days = "all_week" if answers.get("staffed_days") == "all_week" else "weekdays"
    if (start, end) == (0, 24 * 60):
        if language == "nl":
            return (
                ("elke dag, de hele dag", "dagelijks hele dag")
                if days == "all_week"
                else (
                    "op werkdagen, de hele dag",
                    "ma-vr hele dag",
                )
            )
        return f"{DAY_NAMES[days][0]}, all day", f"{DAY_NAMES[days][1]} all day"
    if language == "nl":
        span = f"{clock_nl(start)} tot {clock_nl(end)} uur"
        long = ("elke dag van " if days == "all_week" else "op werkdagen van ") + span
        short = ("dagelijks " if days == "all_week" else "ma-vr ") + (
            f"{clock_nl(start)}-{clock_nl(end)} uur"
        )
        return long, short
    long_days, short_days = DAY_NAMES[days]
    span = f"{clock_en(start)} to {clock_en(end)}"
    return f"{long_days}, {span}", f"{short_days} {span}"


_PROMISE = re.compile(r"\s*(\d+)\s*([^\d\s].*)?", re.IGNORECASE)


def _promise_amount(value: Any) -> tuple[int, str]:
    """(number, "hours" | "days") from the response-time answer: a number of hours, or a
    text such as "2 werkdagen" or "1 working day"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value, "hours"
    match = _PROMISE.fullmatch(str(value or ""))
    if not match:
        return 8, "hours"
    unit = (match.group(2) or "").lower()
    return int(match.group(1)), "days" if re.search(r"dag|day", unit) else "hours"


def _promise_answer(answers: Mapping[str, Any]) -> Any:
    """The promise as answered ("1 working day"), or whole hours from older answers."""
    return answers.get("response_time") or answers.get(LEGACY_HOURS)


def response_promise(answers: Mapping[str, Any], language: str) -> str:
    """The response promise in words the public reads right: working hours while that fits in
    one staffed day, else (working) days. 24 hours at 3.5 staffed hours a day is 7 working days."""
    number, unit = _promise_amount(_promise_answer(answers))
    if answers.get("response_basis") == "around_the_clock":
        kind = "hours" if unit == "hours" else "days"
    else:
        start, end = _staffed(answers)
        per_day = max(end - start, 15) / 60
        if unit == "hours" and number >= per_day:
            number, unit = math.ceil(number / per_day), "days"
        working = answers.get("staffed_days") != "all_week"
        kind = ("working_" if working else "") + unit
    words = {
        "en": {
            "hours": ("hour", "hours"),
            "days": ("day", "days"),
            "working_hours": ("working hour", "working hours"),
            "working_days": ("working day", "working days"),
        },
        "nl": {
            "hours": ("uur", "uur"),
            "days": ("dag", "dagen"),
            "working_hours": ("werkuur", "werkuren"),
            "working_days": ("werkdag", "werkdagen"),
        },
    }[language][kind]
    word = words[0] if number == 1 else words[1]
    return f"binnen {number} {word}" if language == "nl" else f"within {number} {word}"


def companion_values(answers: Mapping[str, Any], language: str, context: Context) -> dict[str, str]:
    """Every value a companion text can fill in, in one language."""
    base = fill_values(answers, language, context)
    hours, hours_short = _hours(answers, language)
    return {
        "organisation": base["organisation"],
        "audience": base["audience"],
        "emergency_number": base["emergency_number"],
        "hours": hours,
        "hours_short": hours_short,
        "response_promise": response_promise(answers, language),
    }


# --- building the documents ------------------------------------------------------------


def _holds(when: Mapping[str, bool], flags: Mapping[str, bool]) -> bool:
    return all(flags.get(flag) == wanted for flag, wanted in when.items())


def _fill(text: str, values: Mapping[str, str], *, capitalise: bool = True) -> str:
    """The text filled in; a sentence that opens with a value gets a capital."""
    filled = PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
    return filled[:1].upper() + filled[1:] if capitalise else filled


def post_text(
    post: Post, flags: Mapping[str, bool], values: Mapping[str, str], language: str
) -> str:
    """The first variant that fits the post's limit, filled in."""
    for variant in post.variants:
        text = _join(variant, post.separator, flags, values, language)
        if len(text) <= post.limit:
            return text
    # The loader proves the last variant always fits: reaching here is a content bug.
    raise ContentError(f"no variant fits {post.limit} characters: {text!r}")


def _join(
    parts: tuple[Part, ...],
    separator: str,
    flags: Mapping[str, bool],
    values: Mapping[str, str],
    language: str,
) -> str:
    return separator.join(
        _fill(part.text[language], values) for part in parts if _holds(part.when, flags)
    )


def _blocks(
    blocks: tuple[companion_content.Block, ...],
    flags: Mapping[str, bool],
    values: Mapping[str, str],
    language: str,
) -> list:
    out: list = []
    for block in blocks:
        if not _holds(block.when, flags):
            continue
        if block.kind == "p" and block.text is not None:
            out.append(Paragraph(_fill(block.text[language], values)))
        elif block.kind == "note" and block.text is not None:
            out.append(Note(_fill(block.text[language], values)))
        elif block.kind == "list":
            # An item continuing a sentence that ends in a colon keeps its lower case.
            items = [
                _fill(item.text[language], values, capitalise=item.text[language].startswith("{"))
                for item in block.items
                if _holds(item.when, flags)
            ]
            if items:
                out.append(BulletList(items=items))
        elif block.kind == "table" and block.caption is not None:
            out.append(
                Table(
                    header=[_fill(h[language], values) for h in block.header],
                    rows=[
                        [_fill(cell[language], values) for cell in cells]
                        for cells, when in block.rows
                        if _holds(when, flags)
                    ],
                    caption=_fill(block.caption[language], values),
                )
            )
        elif block.kind == "post" and block.post is not None:
            text = post_text(block.post, flags, values, language)
            out.append(Paragraph(text))
            out.append(
                Note(
                    _("%(count)s of at most %(limit)s characters")
                    % {"count": len(text), "limit": block.post.limit}
                )
            )
    return out


def build_companion(
    kind: str,
    answers: Mapping[str, Any],
    language: str,
    *,
    organisation: Organisation | None = None,
    organisation_name: str | None = None,
    audience: str | None = None,
    country: str | None = None,
    organisation_kind: str | None = None,
    version: PolicyVersion | None = None,
) -> Document:
    """One of the companion documents (COMPANION_KINDS) as a Document."""
    content = load_companions().get(kind)
    if content is None:
        raise ValueError(f"unknown document kind {kind!r}")
    language = current_language(language)
    with translation.override(language):
        context = Context.for_organisation(organisation, language, organisation_name)
        if audience:
            context.audience = audience
        if country:
            context.country = country
        values = companion_values(answers, language, context)
        values.update({name: f.text[language] for name, f in content.fill_ins.items()})
        flags = companion_flags(
            answers,
            context.country,
            organisation_kind
            or (organisation.kind if organisation is not None else "municipality"),
        )
        sections = []
        for section in content.sections:
            if not _holds(section.when, flags):
                continue
            blocks = _blocks(section.blocks, flags, values, language)
            if blocks:
                title = _fill(section.title[language], values)
                sections.append(Section(title=title, blocks=blocks, id=section.id))
        return Document(
            title=_fill(content.title[language], values),
            language=language,
            organisation=context.header_name,
            subtitle=_fill(content.subtitle[language], values),
            meta=_meta(version, language),
            sections=sections,
        )


def companion_file_stem(kind: str, language: str) -> str:
    return load_companions()[kind].file_name[language]
