"""PDF/A-3b by WeasyPrint from the standalone HTML with its A4 print stylesheet.

WeasyPrint may fetch nothing but data: URLs; fonts come from the system and are embedded.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ..model import Document
from .html import full_html

if TYPE_CHECKING:  # pragma: no cover
    from govsocial.core.models import Organisation

PDF_VARIANT = "pdf/a-3b"
_local = threading.local()


def _font_config() -> Any:
    """One FontConfiguration per thread, reused across renders (fonts load once)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def _url_fetcher() -> Any:
    """Only inline data: URLs; anything else (http, file, ...) is refused and left out."""
    fetcher = getattr(_local, "url_fetcher", None)
    if fetcher is None:
        from weasyprint.urls import URLFetcher

        fetcher = _local.url_fetcher = URLFetcher(
            allowed_protocols={"data"}, allow_redirects=False, timeout=1
        )
    return fetcher


def pdf(document: Document, organisation: Organisation | None = None) -> bytes:
    import weasyprint

    html = full_html(document, organisation)
    return weasyprint.HTML(string=html, url_fetcher=_url_fetcher(), base_url=None).write_pdf(
        font_config=_font_config(), pdf_variant=PDF_VARIANT
    )
