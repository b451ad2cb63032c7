"""Thin views over services: check the person's role, call a service, render.

By page family: `browse` (overview, channel timeline, item, search), `imports`
(upload, progress, verify)."""

from .browse import channel, index, item, search
from .imports import job, upload, verify

__all__ = ["channel", "index", "item", "job", "search", "upload", "verify"]
