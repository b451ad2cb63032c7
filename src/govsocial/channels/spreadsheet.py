"""The register as a spreadsheet: CSV (and JSON) out, CSV in.

The CSV file
- is UTF-8 (a byte-order mark, as Excel writes it, is fine); comma or semicolon separated;
- has one header row naming the columns in English or Dutch, in any order (see COLUMNS;
  "Platform", "Name" and "Status" must be there, the others may be left out);
- has one channel per row. Yes/no cells take yes/no/ja/nee/true/false/1/0; dates are
  YYYY-MM-DD (or DD-MM-YYYY); platform and status take the code or the English or Dutch
  name; owner and cover person are a member's user name or e-mail address.

Importing checks every row and imports nothing unless every row is valid. A row that names a
platform and handle already in the register is an error (the import adds channels, it does
not overwrite them). Accounts that are already live may be imported as active or dormant even
without cover or confirmed custody: the register records reality, and the governance dashboard
flags what is missing.

Exported cells that begin with = + - @, a tab or a carriage return get a leading apostrophe,
so spreadsheets show them as text instead of running them; importing removes that apostrophe
again, so a file survives the round trip unchanged. Imported text is only ever stored and shown
escaped, never evaluated.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from govsocial.core.errors import GovSocialError
from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event

from . import services
from .models import Channel

MAX_ROWS = 5000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
S = Channel.Status


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    kind: str = "text"  # text, bool, date, platform, status, person, url, email, hours
    required: bool = False  # must be in the header
    max_length: int | None = None
    help: Promise | None = None


COLUMNS = [
    Column(
        "platform",
        pgettext_lazy("spreadsheet column", "Platform"),
        "platform",
        True,
        help=gettext_lazy(
            "x, facebook, instagram, linkedin, youtube, tiktok, mastodon, bluesky, whatsapp_channel or other (or the name)"
        ),
    ),
    Column("name", pgettext_lazy("spreadsheet column", "Name"), required=True, max_length=200),
    Column(
        "handle",
        pgettext_lazy("spreadsheet column", "Handle"),
        max_length=200,
        help=gettext_lazy("e.g. @examplecouncil"),
    ),
    Column("url", pgettext_lazy("spreadsheet column", "Web address"), "url", max_length=500),
    Column("owning_team", pgettext_lazy("spreadsheet column", "Owning team"), max_length=200),
    Column("purpose", pgettext_lazy("spreadsheet column", "Purpose")),
    Column("objectives", pgettext_lazy("spreadsheet column", "Objectives")),
    Column("audience", pgettext_lazy("spreadsheet column", "Audience")),
    Column("staffed_hours", pgettext_lazy("spreadsheet column", "Staffed hours"), max_length=200),
    Column("hours_on_profile", pgettext_lazy("spreadsheet column", "Hours on profile"), "bool"),
    Column(
        "owner",
        pgettext_lazy("spreadsheet column", "Primary owner"),
        "person",
        help=gettext_lazy("user name or e-mail address of a member"),
    ),
    Column(
        "cover",
        pgettext_lazy("spreadsheet column", "Cover person"),
        "person",
        help=gettext_lazy("user name or e-mail address of a member"),
    ),
    Column(
        "credentials_in_password_manager",
        pgettext_lazy("spreadsheet column", "Credentials in password manager"),
        "bool",
    ),
    Column(
        "credentials_changed_on",
        pgettext_lazy("spreadsheet column", "Credentials changed on"),
        "date",
    ),
    Column("two_factor_enabled", pgettext_lazy("spreadsheet column", "Two-factor sign-in"), "bool"),
    Column(
        "recovery_address_owned_by_organisation",
        pgettext_lazy("spreadsheet column", "Recovery address owned by organisation"),
        "bool",
    ),
    Column("recovery_mailbox", pgettext_lazy("spreadsheet column", "Recovery mailbox"), "email"),
    Column(
        "status",
        pgettext_lazy("spreadsheet column", "Status"),
        "status",
        True,
        help=gettext_lazy("requested, approved, rejected, active, dormant or closed (or the name)"),
    ),
    Column(
        "closed_reason",
        pgettext_lazy("spreadsheet column", "Reason for closing"),
        help=gettext_lazy("required when the status is closed"),
    ),
    Column("last_activity_on", pgettext_lazy("spreadsheet column", "Last activity on"), "date"),
    Column(
        "why_not_corporate",
        pgettext_lazy("spreadsheet column", "Why the corporate account does not serve"),
    ),
    Column("hours_per_week", pgettext_lazy("spreadsheet column", "Hours per week"), "hours"),
    Column("posters", pgettext_lazy("spreadsheet column", "Who will post")),
    Column("content_plan", pgettext_lazy("spreadsheet column", "Content plan")),
    Column("success_measures", pgettext_lazy("spreadsheet column", "How success will be measured")),
]
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

TRUE = {"yes", "y", "ja", "j", "true", "waar", "1", "x"}
FALSE = {"no", "n", "nee", "false", "onwaar", "0", ""}
PLATFORM_ALIASES = {"twitter": "x", "x (twitter)": "x", "whatsapp": "whatsapp_channel"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _labels(key_label_pairs, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Map code, English and Dutch name (normalised) to the code."""
    mapping = dict(extra or {})
    for code, label in key_label_pairs:
        mapping[_norm(code)] = code
        for language in ("en", "nl"):
            with translation.override(language):
                mapping[_norm(str(label))] = code
    return mapping


def header_names() -> dict[str, str]:
    names = {}
    for column in COLUMNS:
        names[_norm(column.key)] = column.key
        for language in ("en", "nl"):
            with translation.override(language):
                names[_norm(str(column.label))] = column.key
    return names


def neutralise(value: str) -> str:
    """Make a cell safe to open in a spreadsheet: formulas become text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unneutralise(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


# --- reading -------------------------------------------------------------------


class SpreadsheetError(GovSocialError):
    """The file as a whole cannot be read (encoding, header, size)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Problem:
    row: int  # the row number as a spreadsheet shows it (the header is row 1)
    column: str  # the column's name in the current language, or "" for the whole row
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    created: list[Channel] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _(
                "The file is not UTF-8 text (a problem at byte %(position)s). In Excel choose "
                "“Save as” › “CSV UTF-8 (comma delimited)” and upload that file."
            )
            % {"position": exc.start + 1}
        ) from exc


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Decode and split the file: the column keys and (row number, cells by key) per row."""
    text = decode(data)
    if "\x00" in text:
        raise SpreadsheetError(_("The file contains binary data; upload a CSV text file."))
    if not text.strip():
        raise SpreadsheetError(_("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        known = header_names()
        keys: list[str] = []
        unknown = []
        for cell in header:
            key = known.get(_norm(cell))
            if key is None:
                unknown.append(cell.strip() or _("(empty)"))
            keys.append(key or "")
        problems = []
        if unknown:
            problems.append(
                _("unknown columns: %(columns)s")
                % {"columns": ", ".join(f"“{c}”" for c in unknown)}
            )
        duplicates = sorted({k for k in keys if k and keys.count(k) > 1})
        if duplicates:
            problems.append(
                _("columns that appear twice: %(columns)s")
                % {"columns": ", ".join(f"“{COLUMN_BY_KEY[k].label}”" for k in duplicates)}
            )
        missing = [c for c in COLUMNS if c.required and c.key not in keys]
        if missing:
            problems.append(
                _("missing columns: %(columns)s")
                % {"columns": ", ".join(f"“{c.label}”" for c in missing)}
            )
        if problems:
            raise SpreadsheetError(
                _(
                    "The first row of the file must name the columns. Found %(problems)s. "
                    "The columns are: %(expected)s. Download the empty template to start from."
                )
                % {
                    "problems": "; ".join(problems),
                    "expected": ", ".join(str(c.label) for c in COLUMNS),
                }
            )
        rows = []
        for cells in reader:
            row_number = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise SpreadsheetError(
                    _("The file has more than %(max)s channels; split it into smaller files.")
                    % {"max": MAX_ROWS}
                )
            values = {key: "" for key in keys}
            extra = cells[len(keys) :]
            for key, cell in zip(keys, cells, strict=False):
                values[key] = unneutralise(cell.strip())
            if any(cell.strip() for cell in extra):
                values["__extra__"] = "1"
            rows.append((row_number, values))
    except csv.Error as exc:
        raise SpreadsheetError(
            _("The file is not a valid CSV file (line %(line)s).") % {"line": reader.line_num}
        ) from exc
    return keys, rows


def _parse_date(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


class _People:
    """Members of the organisation, by user name and e-mail address (case-insensitive)."""

    def __init__(self, organisation: Organisation):
        self.by_key: dict[str, Person] = {}
        for person in services.members(organisation):
            self.by_key[person.username.casefold()] = person
            if person.email:
                self.by_key.setdefault(person.email.casefold(), person)

    def get(self, value: str) -> Person | None:
        return self.by_key.get(value.strip().casefold())


class _Bad(Exception):
    """One cell's value is not acceptable; the message says why."""


@dataclass
class _Context:
    today: date
    platforms: dict[str, str]
    statuses: dict[str, str]
    people: _People
    url_validator: URLValidator = field(default_factory=lambda: URLValidator(["http", "https"]))
    email_validator: EmailValidator = field(default_factory=EmailValidator)


def _cell_text(key: str, raw: str, ctx: _Context) -> Any:
    if key == "name" and not raw:
        raise _Bad(_("the name is required."))
    return raw


def _cell_bool(key: str, raw: str, ctx: _Context) -> Any:
    folded = _norm(raw)
    if folded in TRUE:
        return True
    if folded in FALSE:
        return False
    raise _Bad(_("“%(value)s” is not yes or no.") % {"value": raw})


def _cell_date(key: str, raw: str, ctx: _Context) -> Any:
    if not raw:
        return None
    try:
        parsed = _parse_date(raw)
    except ValueError:
        raise _Bad(
            _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": raw}
        ) from None
    if parsed > ctx.today:
        raise _Bad(_("%(date)s is in the future.") % {"date": parsed.isoformat()})
    return parsed


def _cell_platform(key: str, raw: str, ctx: _Context) -> Any:
    if not raw:
        raise _Bad(_("the platform is required."))
    code = ctx.platforms.get(_norm(raw))
    if code is None:
        raise _Bad(
            _("“%(value)s” is not a platform we know. Use one of: %(allowed)s.")
            % {"value": raw, "allowed": ", ".join(c for c, _label in Channel.Platform.choices)}
        )
    return code


def _cell_status(key: str, raw: str, ctx: _Context) -> Any:
    if not raw:
        raise _Bad(_("the status is required."))
    code = ctx.statuses.get(_norm(raw))
    if code is None:
        raise _Bad(
            _("“%(value)s” is not a status. Use one of: %(allowed)s.")
            % {"value": raw, "allowed": ", ".join(c for c, _label in Channel.Status.choices)}
        )
    return code


def _cell_person(key: str, raw: str, ctx: _Context) -> Any:
    if not raw:
        return None
    person = ctx.people.get(raw)
    if person is None:
        raise _Bad(
            _("no member of this organisation has the user name or e-mail address “%(value)s”.")
            % {"value": raw}
        )
    return person


def _cell_url(key: str, raw: str, ctx: _Context) -> Any:
    if raw:
        try:
            ctx.url_validator(raw)
        except ValidationError:
            raise _Bad(
                _("“%(value)s” is not a web address starting with https:// or http://.")
                % {"value": raw}
            ) from None
    return raw


def _cell_email(key: str, raw: str, ctx: _Context) -> Any:
    if raw:
        try:
            ctx.email_validator(raw)
        except ValidationError:
            raise _Bad(_("“%(value)s” is not an e-mail address.") % {"value": raw}) from None
    return raw


def _cell_hours(key: str, raw: str, ctx: _Context) -> Any:
    if not raw:
        return None
    try:
        hours = int(raw)
    except ValueError:
        hours = -1
    if not 0 <= hours <= 168:
        raise _Bad(_("“%(value)s” is not a whole number of hours from 0 to 168.") % {"value": raw})
    return hours


_CELL_READERS = {
    "text": _cell_text,
    "bool": _cell_bool,
    "date": _cell_date,
    "platform": _cell_platform,
    "status": _cell_status,
    "person": _cell_person,
    "url": _cell_url,
    "email": _cell_email,
    "hours": _cell_hours,
}


def _row_values(keys: list[str], cells: dict[str, str], ctx: _Context, problem) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in keys:
        if not key:
            continue
        column = COLUMN_BY_KEY[key]
        raw = cells.get(key, "")
        if column.max_length and len(raw) > column.max_length:
            problem(
                key,
                _("at most %(max)s characters (this has %(count)s).")
                % {"max": column.max_length, "count": len(raw)},
            )
            continue
        try:
            values[key] = _CELL_READERS[column.kind](key, raw, ctx)
        except _Bad as bad:
            problem(key, str(bad))
    return values


def validate(organisation: Organisation, data: bytes, today: date | None = None) -> ImportResult:
    """Check every row; messages are in the active language. Raises SpreadsheetError for the file."""
    keys, raw_rows = read_rows(data)
    result = ImportResult()
    if not raw_rows:
        raise SpreadsheetError(_("The file has a header but no channels."))
    ctx = _Context(
        today=today or timezone.localdate(),
        platforms=_labels(Channel.Platform.choices, PLATFORM_ALIASES),
        statuses=_labels(Channel.Status.choices),
        people=_People(organisation),
    )
    existing = set(
        Channel.objects.filter(organisation=organisation)
        .exclude(handle="")
        .values_list("platform", "handle")
    )
    seen: dict[tuple[str, str], int] = {}

    for row_number, cells in raw_rows:

        def problem(key: str, message: str, row_number: int = row_number) -> None:
            label = str(COLUMN_BY_KEY[key].label) if key else ""
            result.problems.append(Problem(row_number, label, message))

        if cells.pop("__extra__", None):
            problem("", _("this row has more cells than the header has columns."))
        values = _row_values(keys, cells, ctx, problem)
        if values.get("status") == S.CLOSED and not values.get("closed_reason"):
            problem("closed_reason", _("give the reason why the channel was closed."))
        owner, cover = values.get("owner"), values.get("cover")
        if owner is not None and cover is not None and owner.pk == cover.pk:
            problem("cover", _("the cover person must be someone other than the primary owner."))
        handle = values.get("handle", "")
        if handle and values.get("platform"):
            identity = (values["platform"], handle)
            if identity in existing:
                problem(
                    "handle",
                    _("“%(handle)s” is already in the register for this platform.")
                    % {"handle": handle},
                )
            elif identity in seen:
                problem(
                    "handle",
                    _("“%(handle)s” also appears in row %(row)s.")
                    % {"handle": handle, "row": seen[identity]},
                )
            else:
                seen[identity] = row_number
        result.rows.append(values)
    return result


def import_channels(
    organisation: Organisation, person: Person | None, data: bytes, today: date | None = None
) -> ImportResult:
    """Validate the whole file, then add every channel, or none (atomic)."""
    today = today or timezone.localdate()
    result = validate(organisation, data, today)
    if not result.ok:
        return result
    with transaction.atomic():
        for values in result.rows:
            status = values.get("status", S.ACTIVE)
            fields = {k: v for k, v in values.items() if k in COLUMN_BY_KEY}
            fields.setdefault("status", status)
            if status in services.LIVE:
                fields["activated_on"] = today
            if any(
                fields.get(k)
                for k in (
                    "credentials_in_password_manager",
                    "credentials_changed_on",
                    "two_factor_enabled",
                    "recovery_address_owned_by_organisation",
                )
            ):
                fields["custody_checked_on"] = today
                fields["custody_checked_by"] = person
            channel = Channel.objects.create(
                organisation=organisation, requested_by=person, **fields
            )
            record_event(
                organisation,
                person,
                "channel.imported",
                channel,
                services.audit_summary(
                    organisation, channel, services.EVENT_LABELS["channel.imported"]
                ),
                to_status=channel.status,
            )
            result.created.append(channel)
    return result


# --- writing -------------------------------------------------------------------


def export_records(organisation: Organisation) -> list[dict[str, Any]]:
    """The register as plain values (codes, ISO dates, user names), one dict per channel."""
    records = []
    channels = (
        Channel.objects.filter(organisation=organisation)
        .select_related("owner", "cover")
        .order_by("name", "id")
    )
    for channel in channels:
        record: dict[str, Any] = {}
        for column in COLUMNS:
            value = getattr(channel, column.key)
            if column.kind == "person":
                value = value.username if value else ""
            elif column.kind == "date":
                value = value.isoformat() if value else ""
            elif value is None:
                value = ""
            record[column.key] = value
        records.append(record)
    return records


def _cell(column: Column, value: Any) -> str:
    if column.kind == "bool":
        return pgettext("spreadsheet", "yes") if value else pgettext("spreadsheet", "no")
    if column.kind == "platform":
        return str(Channel.Platform(value).label) if value else ""
    if column.kind == "status":
        return str(Channel.Status(value).label) if value else ""
    return neutralise(str(value))


def to_csv(records: list[dict[str, Any]], language: str = "en") -> bytes:
    """A CSV file (UTF-8 with byte-order mark, for Excel) with the header in `language`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    with translation.override(language):
        writer.writerow([str(c.label) for c in COLUMNS])
        for record in records:
            writer.writerow([_cell(c, record.get(c.key, "")) for c in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def template_csv(language: str = "en") -> bytes:
    return to_csv([], language)


def to_json(records: list[dict[str, Any]], organisation: Organisation) -> bytes:
    payload = {
        "organisation": organisation.slug,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "columns": [c.key for c in COLUMNS],
        "channels": records,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


def export(organisation: Organisation, fmt: str, language: str = "en") -> bytes:
    records = export_records(organisation)
    if fmt == "csv":
        return to_csv(records, language)
    if fmt == "json":
        return to_json(records, organisation)
    raise ValueError(fmt)


def column_help() -> list[dict[str, str]]:
    """The documented columns, for the import page."""
    rows = []
    kinds = {
        "text": gettext_lazy("text"),
        "bool": gettext_lazy("yes or no"),
        "date": gettext_lazy("date (YYYY-MM-DD)"),
        "platform": gettext_lazy("platform"),
        "status": gettext_lazy("status"),
        "person": gettext_lazy("member"),
        "url": gettext_lazy("web address"),
        "email": gettext_lazy("e-mail address"),
        "hours": gettext_lazy("whole number 0–168"),
    }
    for column in COLUMNS:
        rows.append(
            {
                "label": str(column.label),
                "kind": str(kinds[column.kind]),
                "required": column.required,
                "help": str(column.help) if column.help else "",
            }
        )
    return rows
