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
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from govsocial.core.errors import GovSocialError
from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event

from . import services
from .cells import CELL_READERS, PLATFORM_ALIASES, BadCell, CellContext, People, norm
from .models import Channel

MAX_ROWS = 5000
DEFAULT_MAX_IMPORT_BYTES = 2 * 1024 * 1024  # some 5,000 channels with long texts
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


def _labels(key_label_pairs, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Map code, English and Dutch name (normalised) to the code."""
    mapping = dict(extra or {})
    for code, label in key_label_pairs:
        mapping[norm(code)] = code
        for language in ("en", "nl"):
            with translation.override(language):
                mapping[norm(str(label))] = code
    return mapping


def header_names() -> dict[str, str]:
    names = {}
    for column in COLUMNS:
        names[norm(column.key)] = column.key
        for language in ("en", "nl"):
            with translation.override(language):
                names[norm(str(column.label))] = column.key
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
    row_numbers: list[int] = field(default_factory=list)  # of each row, as a spreadsheet shows it
    problems: list[Problem] = field(default_factory=list)
    created: list[Channel] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # against the policy; never refused

    @property
    def ok(self) -> bool:
        return not self.problems


def max_import_bytes() -> int:
    """The largest file an import reads: settings.GOVSOCIAL_MAX_IMPORT_BYTES, or 2 MB."""
    return int(getattr(settings, "GOVSOCIAL_MAX_IMPORT_BYTES", DEFAULT_MAX_IMPORT_BYTES))


def too_large(size: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "This file is %(size)s; a file to import may be at most %(limit)s. Split it into smaller files."
        )
        % {"size": filesizeformat(size), "limit": filesizeformat(max_import_bytes())}
    )


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
    if len(data) > max_import_bytes():
        raise too_large(len(data))
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
            key = known.get(norm(cell))
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


def _row_values(
    keys: list[str], cells: dict[str, str], ctx: CellContext, problem
) -> dict[str, Any]:
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
            values[key] = CELL_READERS[column.kind](key, raw, ctx)
        except BadCell as bad:
            problem(key, str(bad))
    return values


def validate(organisation: Organisation, data: bytes, today: date | None = None) -> ImportResult:
    """Check every row; messages are in the active language. Raises SpreadsheetError for the file."""
    keys, raw_rows = read_rows(data)
    result = ImportResult()
    if not raw_rows:
        raise SpreadsheetError(_("The file has a header but no channels."))
    ctx = CellContext(
        today=today or timezone.localdate(),
        platforms=_labels(Channel.Platform.choices, PLATFORM_ALIASES),
        statuses=_labels(Channel.Status.choices),
        people=People(organisation),
    )
    existing = set(
        Channel.objects.filter(organisation=organisation)
        .exclude(handle="")
        .values_list("platform", "handle")
    )
    seen: dict[tuple[str, str], int] = {}
    fit = services.policy_fit(organisation, translation.get_language() or "en")

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
        if fit is not None and values.get("status", S.ACTIVE) not in services.FINISHED:
            hours = values.get("staffed_hours", "")
            for warning in fit.check(hours, bool(values.get("hours_on_profile"))):
                message = f"{warning.message} ({warning.link_text})"
                result.warnings.append(Problem(row_number, _policy_column(warning), message))
        result.rows.append(values)
        result.row_numbers.append(row_number)
    return result


def _policy_column(warning: services.PolicyWarning) -> str:
    key = "hours_on_profile" if warning.code == "not_on_profile" else "staffed_hours"
    return str(COLUMN_BY_KEY[key].label)


def import_channels(
    organisation: Organisation, person: Person | None, data: bytes, today: date | None = None
) -> ImportResult:
    """Validate the whole file, then add every channel, or none (atomic).

    One import per organisation at a time: the organisation's row is locked (PostgreSQL;
    SQLite writes one transaction at a time anyway), so a second import of the same file
    waits, then finds the first one's channels and reports them as row problems."""
    today = today or timezone.localdate()
    result = validate(organisation, data, today)
    if not result.ok:
        return result
    with transaction.atomic():
        list(
            Organisation.objects.select_for_update(no_key=True)
            .filter(pk=organisation.pk)
            .values_list("pk", flat=True)
        )
        if _report_just_added(organisation, result):
            return result
        try:
            with transaction.atomic():
                for values in result.rows:
                    result.created.append(_create(organisation, person, values, today))
        except IntegrityError:
            # Someone added one of these handles through the register's form just now.
            result.created = []
            if not _report_just_added(organisation, result):
                raise
    return result


def _report_just_added(organisation: Organisation, result: ImportResult) -> bool:
    """Row problems for handles that reached the register after the file was checked."""
    taken = set(
        Channel.objects.filter(organisation=organisation)
        .exclude(handle="")
        .values_list("platform", "handle")
    )
    label = str(COLUMN_BY_KEY["handle"].label)
    for row_number, values in zip(result.row_numbers, result.rows, strict=True):
        handle = values.get("handle", "")
        if handle and (values.get("platform"), handle) in taken:
            message = _("“%(handle)s” was added to the register by someone else a moment ago.") % {
                "handle": handle
            }
            result.problems.append(Problem(row_number, label, message))
    return bool(result.problems)


def _create(
    organisation: Organisation, person: Person | None, values: dict[str, Any], today: date
) -> Channel:
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
    channel = Channel.objects.create(organisation=organisation, requested_by=person, **fields)
    record_event(
        organisation,
        person,
        "channel.imported",
        channel,
        services.audit_summary(organisation, channel, services.EVENT_LABELS["channel.imported"]),
        to_status=channel.status,
    )
    return channel


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


def export(
    organisation: Organisation,
    fmt: str,
    language: str = "en",
    *,
    person: Person | None = None,
    via: str = "",
) -> bytes:
    """The register as a file. It names owners and cover persons, so an export for a
    person (`via` the web or the command line) is recorded in the audit trail."""
    records = export_records(organisation)
    if fmt == "csv":
        content = to_csv(records, language)
    elif fmt == "json":
        content = to_json(records, organisation)
    else:
        raise ValueError(fmt)
    if via:
        with translation.override(organisation.default_language or "en"):
            summary = ngettext(
                "Channel register exported (%(format)s, %(count)s channel)",
                "Channel register exported (%(format)s, %(count)s channels)",
                len(records),
            ) % {"format": fmt.upper(), "count": len(records)}
        record_event(
            organisation,
            person,
            "channel.register_exported",
            None,
            summary,
            format=fmt,
            channels=len(records),
            via=via,
        )
    return content


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
