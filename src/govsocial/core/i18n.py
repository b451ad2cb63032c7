"""The language of the current request or command, as one of the site's languages."""

from django.conf import settings
from django.utils import translation


def current_language(language: str | None = None) -> str:
    """`language` (or the active one) cut to a site language; English when unknown."""
    code = (language or translation.get_language() or "en")[:2]
    return code if code in dict(settings.LANGUAGES) else "en"
