"""What every importer shares: the normalised record, the errors it raises,
and the small parsers the platforms need (dates, mojibake, derived ids)."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

from django.utils.translation import gettext as _

from .errors import ArchiveError
from .files import Entry, Export
from .media import MediaIndex

POST, REPLY, COMMENT, DIRECT_MESSAGE, REPOST = (
    "post",
    "reply",
    "comment",
    "direct_message",
    "repost",
)
ORGANISATION, PUBLIC = "organisation", "public"


class WrongPlatform(ArchiveError):
    pass


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which
# cost an import several microseconds a record. Nothing changes a record once made
# (`dataclasses.replace` makes a new one).
@dataclass(slots=True)
class Record:
    """One item as an importer read it, with the bytes it came from."""

    external_id: str
    kind: str
    author_kind: str
    text: str
    published_at: datetime | None
    raw: bytes
    origin: str  # the file (entry in the ZIP) it came from
    collection: str
    author_handle: str = ""
    language: str = ""
    in_reply_to: str = ""
    thread_id: str = ""
    url: str = ""
    counts: Mapping[str, int] = field(default_factory=dict)
    edited_at: datetime | None = None
    deleted_at: datetime | None = None  # the platform says it was deleted
    media_type: str = "application/json"
    extra: Mapping[str, Any] = field(default_factory=dict)  # platform facts kept in the version
    # The source says it was deleted but not when (a mastodon-archive file): marked
    # deleted as seen in this import, with no date on the platform.
    deleted: bool = False

    @property
    def gone(self) -> bool:
        return self.deleted or self.deleted_at is not None


@dataclass(frozen=True)
class Part:
    """One file of an export an importer will read, and what it holds."""

    entry: Entry
    reader: str  # the importer's name for the file's format
    collection: str
    # A complete collection: an item it no longer holds has been deleted.
    complete: bool = True


class Importer:
    """One source. Subclasses set `name`, `version`, `platforms`, and implement
    `parts` (which files of the export to read) and `records` (read one)."""

    name: ClassVar[str]
    version: ClassVar[str] = "1"
    platforms: ClassVar[frozenset[str]]  # channel platforms this source fits ("*": any)
    label: ClassVar[str]

    def parts(self, export: Export) -> list[Part]:
        raise NotImplementedError

    def records(self, part: Part, context: dict[str, Any]) -> Iterator[Record]:
        raise NotImplementedError

    def media(self, record: Record, index: MediaIndex) -> list[Entry]:
        """The export's files of the record's photos and videos (paths in `extra["media"]`)."""
        found = (index.by_path(r) for r in record.extra.get("media") or [] if isinstance(r, str))
        return [entry for entry in found if entry is not None]


# -- helpers -------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def derived_id(*parts: object) -> str:
    """A stable id for a record the platform gave none: the same record, the same id."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return "d:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def repair_mojibake(value: str) -> str:
    """Facebook and Instagram write each UTF-8 byte as its own code point.

    Repairs a string exactly once: a string with a character beyond latin-1 was
    never mangled, and one whose bytes are not UTF-8 stays as it is.
    """
    if not value or value.isascii():
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def repair_all(value: Any) -> Any:
    if isinstance(value, str):
        return repair_mojibake(value)
    if isinstance(value, list):
        return [repair_all(v) for v in value]
    if isinstance(value, dict):
        return {k: repair_all(v) for k, v in value.items()}
    return value


def from_timestamp(value: Any) -> datetime | None:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    if seconds <= 0:
        return None
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    return datetime.fromtimestamp(seconds, tz=UTC)


def from_iso(value: Any) -> datetime | None:
    """ISO 8601 with Z, an offset or no zone (then UTC), milliseconds allowed."""
    if not isinstance(value, str) or not value:
        return None
    try:  # most: already what fromisoformat reads ("Z" included)
        moment = datetime.fromisoformat(value)
    except ValueError:
        pass
    else:
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    text = value.strip().replace(" UTC", "").replace("/", "-")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_MONTHS = {m: n for n, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def from_twitter(value: Any) -> datetime | None:
    """`Fri Nov 18 21:10:34 +0000 2022` (read by position in UTC: strptime is slow)."""
    if not isinstance(value, str):
        return None
    if len(value) == 30 and value[19:26] == " +0000 " and value[13] == value[16] == ":":
        month = _MONTHS.get(value[4:7])
        if month is not None:
            try:
                return datetime(
                    int(value[26:]), month, int(value[8:10]),
                    int(value[11:13]), int(value[14:16]), int(value[17:19]), tzinfo=UTC,
                )  # fmt: skip
            except ValueError:
                pass
    try:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        try:
            return parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None


_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)


def html_to_text(value: str | None) -> str:
    """Mastodon's HTML content as plain text: paragraphs and breaks become new lines."""
    if not value:
        return ""
    if value.startswith("<p>") and value.endswith("</p>") and value.count("<") == 2:
        return html.unescape(value[3:-4]).strip()  # one plain paragraph: no tags to take out
    text = _BREAK.sub("\n", value)
    return html.unescape(_TAG.sub("", text)).strip()


_LANGUAGES: dict[str, str] = {}  # tags seen -> codes (an export uses a handful)


def language_code(value: Any) -> str:
    """A language tag cut to its primary code; pseudo-codes (und, zxx, qme…) become ""."""
    if not isinstance(value, str) or not value:
        return ""
    found = _LANGUAGES.get(value)
    if found is not None:
        return found
    code = value.split("-")[0].split("_")[0].lower()
    if code in {"und", "zxx", "qme", "qam", "qct", "qht", "qst", "art"} or not code.isalpha():
        code = ""
    code = code[:8]
    if len(_LANGUAGES) < 1000:
        _LANGUAGES[value] = code
    return code


def integer(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def not_this_platform(label: str, name: str) -> WrongPlatform:
    return WrongPlatform(
        _("%(file)s is not an export this archive can read as %(platform)s.")
        % {"file": name, "platform": label}
    )
