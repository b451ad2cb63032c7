"""A draft post's input, validated in one place for the check page, the JSON
API (`/training/api/check`) and the `govsocial post check` command.

`draft_input` takes what a person gave (form fields, a JSON object or command
options) and returns a `DraftInput`, or raises `DraftInvalid` naming the field
and the problem in the person's language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from govsocial.core.errors import GovSocialError
from govsocial.core.i18n import current_language

from .checker import platforms

MAX_TEXT_LENGTH = 70_000
MAX_ALT_TEXT_LENGTH = 2_000
LANGUAGES = ("en", "nl")
# What the post does (the decision guide's case), as a person says it.
KINDS = ("already_public", "points_elsewhere", "new_content", "unsure")
FLAGS = {"true": True, "1": True, "on": True, "yes": True}
FLAGS |= {"false": False, "0": False, "off": False, "no": False, "": None}


class DraftInvalid(GovSocialError, ValueError):
    """One field of a draft's input is wrong; `message()` says so in a language."""

    def __init__(self, field: str, code: str, template: str, **values: Any) -> None:
        self.field, self.code, self.template, self.values = field, code, template, values
        super().__init__(self.message())

    def message(self, language: str | None = None) -> str:
        with translation.override(current_language(language)):
            return _(self.template) % self.values


@dataclass(frozen=True)
class DraftInput:
    text: str
    platform: str | None = None
    language: str | None = None
    has_image: bool = False
    alt_text: str = ""
    is_public_already: bool | None = None
    only_links: bool | None = None

    def options(self) -> dict[str, Any]:
        """The keyword arguments of `check_post` besides the text."""
        return {k: v for k, v in asdict(self).items() if k != "text"}


def flag(value: Any) -> bool | None:
    """A yes/no answer given as a boolean or as text ("true", "on", "0", …); None when not given."""
    if isinstance(value, str):
        return FLAGS.get(value.strip().lower())
    return value if isinstance(value, bool) else None


def _flag(data: Mapping[str, Any], field: str) -> bool | None:
    """The yes/no answer in `field` (also 1 or 0), None when not given, DraftInvalid otherwise."""
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    if isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in FLAGS):
        return flag(value)
    raise DraftInvalid(
        field,
        "not_a_flag",
        gettext_noop("Give %(name)s as true or false, not %(value)s."),
        name=field,
        value=_shown(value),
    )


def _shown(value: Any) -> str:
    """A value as a message names it: at most 40 characters of it."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def _text(data: Mapping[str, Any], field: str) -> str:
    """The text in `field` ("" when not given); DraftInvalid when it is not text."""
    value = data.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        template = gettext_noop("Give %(name)s as text, not %(value)s.")
        raise DraftInvalid(field, "not_text", template, name=field, value=_shown(value))
    if not _is_unicode(value):
        template = gettext_noop("The value of %(name)s is not valid Unicode text.")
        raise DraftInvalid(field, "not_unicode", template, name=field)
    return value


def _is_unicode(text: str) -> bool:
    """False for text with lone surrogates (undecodable bytes), which no page or terminal can show."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _kind_flags(data: Mapping[str, Any]) -> tuple[bool | None, bool | None]:
    """(is_public_already, only_links) from `kind`, or from the two flags themselves."""
    kind = data.get("kind") or None
    if kind is None:
        return _flag(data, "is_public_already"), _flag(data, "only_links")
    if kind not in KINDS:
        raise DraftInvalid(
            "kind",
            "unknown",
            gettext_noop("Unknown kind %(value)s; use one of: %(allowed)s."),
            value=_shown(kind),
            allowed=", ".join(KINDS),
        )
    known = kind != "unsure"
    return (kind == "already_public" if known else None), (
        kind == "points_elsewhere" if known else None
    )


def draft_input(data: Mapping[str, Any]) -> DraftInput:
    """The draft in `data` (text, platform, language, has_image, alt_text and
    kind or is_public_already/only_links), checked; DraftInvalid otherwise."""
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DraftInvalid("text", "empty", gettext_noop('Give the draft post as "text".'))
    if len(text) > MAX_TEXT_LENGTH:
        raise DraftInvalid(
            "text", "too_long", gettext_noop("The text is too long (at most 70,000 characters).")
        )
    text = _text(data, "text")
    language = data.get("language") or None
    if language is not None and language not in LANGUAGES:
        raise DraftInvalid(
            "language",
            "unknown",
            gettext_noop("Unknown language %(value)s; use en or nl."),
            value=_shown(language),
        )
    platform = data.get("platform") or None
    if platform is not None:
        if not isinstance(platform, str) or platform.strip().lower() not in platforms():
            raise DraftInvalid(
                "platform",
                "unknown",
                gettext_noop("Unknown platform %(value)s; use one of: %(allowed)s."),
                value=_shown(platform),
                allowed=", ".join(platforms()),
            )
        platform = platform.strip().lower()
    alt_text = _text(data, "alt_text")
    if len(alt_text) > MAX_ALT_TEXT_LENGTH:
        raise DraftInvalid(
            "alt_text",
            "too_long",
            gettext_noop("The alt text is too long (at most 2,000 characters)."),
        )
    is_public_already, only_links = _kind_flags(data)
    return DraftInput(
        text=text,
        platform=platform,
        language=language,
        has_image=bool(_flag(data, "has_image")),
        alt_text=alt_text,
        is_public_already=is_public_already,
        only_links=only_links,
    )
