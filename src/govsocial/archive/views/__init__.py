"""Thin views over services: check the person's role, call a service, render.

By page family: `browse` (overview, channel timeline, item, search), `imports`
(upload, progress, verify), `disclosure` (packages for records requests),
`retention` (schedules, legal holds, destruction), `sync` (API sync of a channel)."""

from .browse import channel, index, item, media_file, search
from .disclosure import (
    disclosure,
    disclosure_download,
    disclosure_entry,
    disclosures,
    redaction_remove,
)
from .imports import job, mapping, upload, verify
from .retention import destroy, destruction, hold_release, retention, retention_channel
from .sync import sync

__all__ = [
    "channel",
    "destroy",
    "destruction",
    "hold_release",
    "retention",
    "retention_channel",
    "disclosure",
    "disclosure_download",
    "disclosure_entry",
    "disclosures",
    "index",
    "item",
    "mapping",
    "media_file",
    "job",
    "redaction_remove",
    "search",
    "sync",
    "upload",
    "verify",
]
