"""The column mapping of a webcare tool's CSV, saved per channel.

Hootsuite Inbox, Sprout, Coosto and OBI4wan each name their columns
differently; the mapping says which column holds the conversation, the time,
the direction, the author and the text. Saved once for a channel, the next
import of that channel (in the browser or `archive import --source csv`)
uses it; a mapping given with the import overrides it field by field.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping

from django.utils.translation import gettext as _

from govsocial.core.models import Organisation

from ..importers import generic_csv, table
from ..importers.errors import ArchiveError
from ..models import SavedMapping
from .imports import channel_for

HEAD_BYTES = 64 * 1024  # the header line of a sample, never the whole file
MAX_COLUMNS = 300
MAX_COLUMN_NAME = 200
REQUIRED_COLUMNS = generic_csv.REQUIRED


def saved_mapping(organisation: Organisation, channel_id: int) -> dict[str, str]:
    found = SavedMapping.objects.filter(organisation=organisation, channel_id=channel_id).first()
    return dict(found.mapping) if found else {}


def mapping_for(
    organisation: Organisation, channel_id: int, given: Mapping[str, str] | None
) -> dict[str, str]:
    """The saved mapping with the fields `given` overriding it."""
    return {**saved_mapping(organisation, channel_id), **dict(given or {})}


def save_mapping(
    organisation: Organisation, channel_id: int, mapping: Mapping[str, str], by: str = ""
) -> SavedMapping:
    channel_for(organisation, channel_id)
    checked = generic_csv.check_mapping({k: v for k, v in mapping.items() if v})
    found, _created = SavedMapping.objects.update_or_create(
        organisation=organisation,
        channel_id=channel_id,
        defaults={"mapping": checked, "updated_by": by[:150]},
    )
    return found


def columns_in(head: bytes, name: str) -> list[str]:
    """The column names of a sample CSV's first line (read from its first bytes only)."""
    try:
        columns = [c for c in table.columns_of(head[:HEAD_BYTES]) if c]
    except csv.Error as exc:  # e.g. a NUL byte in a binary file
        raise ArchiveError(_("%(file)s is not a CSV file.") % {"file": name}) from exc
    if len(columns) < 2 or len(columns) > MAX_COLUMNS or b"\x00" in head[:HEAD_BYTES]:
        raise ArchiveError(_("%(file)s has no header line with column names.") % {"file": name})
    return [c[:MAX_COLUMN_NAME] for c in columns]
