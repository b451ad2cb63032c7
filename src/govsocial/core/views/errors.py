"""The 403, 404 and 500 pages: in the site's layout and the person's language, with a way back."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _


def permission_denied(request, exception=None):
    return render(request, "core/error.html", {"status": 403}, status=403)


def page_not_found(request, exception=None):
    return render(request, "core/error.html", {"status": 404}, status=404)


def server_error(request):
    """Rendered without the request's context: the database or a context
    processor may be what failed. If even this template fails, plain text."""
    language = translation.get_language() or "en"
    try:
        body = loader.get_template("core/500.html").render({"LANGUAGE_CODE": language})
    except Exception:  # noqa: BLE001 - the last resort must not raise
        body = _("Something went wrong on our side. Try again in a few minutes.")
        return HttpResponseServerError(body, content_type="text/plain; charset=utf-8")
    return HttpResponseServerError(body)
