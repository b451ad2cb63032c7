"""The players' deck and the game master's guide as files, in any of the
documents app's formats, for the command line and the web."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govsocial.documents.model import Document

from .deck import deck_document
from .guide import guide_document

if TYPE_CHECKING:  # pragma: no cover
    from govsocial.core.models import Organisation

KINDS = ("deck", "guide")
FORMATS = ("pdf", "docx", "html", "md")


def document(kind: str, language: str, country: str, code: str) -> Document:
    if kind == "deck":
        return deck_document(language, country, code)
    if kind == "guide":
        return guide_document(language, country, code)
    raise ValueError(f"unknown game document {kind!r}; use deck or guide")


def render_file(
    kind: str,
    language: str,
    country: str,
    code: str,
    fmt: str,
    organisation: Organisation | None = None,
) -> bytes:
    from govsocial.documents.render import render

    return render(document(kind, language, country, code), fmt, organisation=organisation)


def file_name(
    kind: str,
    language: str,
    country: str,
    code: str,
    fmt: str,
    organisation: Organisation | None = None,
) -> str:
    """social-media-game-deck-nl-<code>-nl.pdf; downloaded from the web, prefixed with
    the organisation's name (gemeente-voorbeeld-social-media-game-…)."""
    from govsocial.core.files import download_name

    parts = ("social-media-game", kind, country.lower(), code)
    return download_name(organisation, language, *parts, extension=fmt)
