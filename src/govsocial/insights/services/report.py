"""The monthly report: one A4 page for the organisation, then one per channel
(`report_pages`), rendered to HTML and PDF by the documents app."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.archive import services as archive
from govsocial.core.models import Organisation
from govsocial.documents.model import Document

from . import document as parts
from . import report_pages as pages
from .month import Month, organisation_month

FORMATS = ("html", "pdf")


def month_report(
    organisation: Organisation, month: Month, language: str, now: datetime | None = None
) -> Document:
    """One A4 page for the organisation, then one per channel, each starting its own page."""
    with translation.override(language):
        found = organisation_month(organisation, month, now=now)
        record = archive.completeness(organisation)["channels"]
        return Document(
            title=_("Monthly report: %(month)s") % {"month": parts.month_label(found)},
            language=language,
            organisation=organisation.name(language),
            subtitle=_("Practice measured against the published policy"),
            sections=[
                pages.organisation_page(found, record),
                *(
                    pages.channel_page(found, channel, record.get(channel.channel_id))
                    for channel in found.channels
                ),
            ],
            compact=True,
        )


def render_report(document: Document, fmt: str, organisation: Organisation) -> bytes:
    from govsocial.documents.render import render

    return render(document, fmt, organisation=organisation)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one step: a reader never sees half a file."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".insights-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # the report is for reading, like any file written here
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
