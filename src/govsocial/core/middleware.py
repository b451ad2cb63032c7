import base64
import hashlib
import re

from django.conf import settings
from django.utils import translation

from .access import disabled_membership, membership_for

SESSION_ORGANISATION = "govsocial_organisation_id"


class PersonLanguageMiddleware:
    """A signed-in person's chosen language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class OrganisationMiddleware:
    """request.membership and request.organisation for the signed-in person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.organisation = None
        if request.user.is_authenticated:
            request.membership = membership_for(
                request.user, request.session.get(SESSION_ORGANISATION)
            )
            if request.membership is None:
                refused = disabled_membership(request.user)
                if refused is not None:
                    return _organisation_disabled(request, refused.organisation)
            else:
                request.organisation = request.membership.organisation
                # No choice of their own yet: the organisation's language, not the browser's.
                if (
                    not request.user.language
                    and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
                ):
                    translation.activate(request.organisation.default_language)
                    request.LANGUAGE_CODE = request.organisation.default_language
        return self.get_response(request)


def _organisation_disabled(request, organisation):
    """Sign out a person whose only organisations are disabled, and say why."""
    from django.contrib.auth import logout
    from django.shortcuts import render

    logout(request)
    return render(
        request, "core/organisation_disabled.html", {"disabled": organisation}, status=403
    )


class RequestSizeLimitMiddleware:
    """Refuse a body over GOVSOCIAL_MAX_REQUEST_BYTES before anything reads it.

    Without this the CSRF check parses the form first, and Django spools any
    upload to disk, however large, just to refuse it. It runs after the
    language is known (no middleware before it reads the body) so that the
    refusal is in the person's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.GOVSOCIAL_MAX_REQUEST_BYTES
        length = request.META.get("CONTENT_LENGTH") or ""
        if length.strip():
            try:
                size = int(length)
            except ValueError:
                size = -1
            if size < 0 or size > limit:
                return _refusal(request, 413 if size > limit else 400, limit)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            # Django would read nothing of a body without a length; say so instead.
            return _refusal(request, 411, limit)
        return self.get_response(request)


def _refusal(request, status: int, limit: int):
    from django.shortcuts import render
    from django.template.defaultfilters import filesizeformat

    return render(
        request,
        "core/request_refused.html",
        {"status": status, "limit": filesizeformat(limit)},
        status=status,
    )


class PrivateResponseMiddleware:
    """No cache keeps what a signed-in person saw, or any download.

    A download (a response with Content-Disposition) is no page of the site, so
    it gets its own Content-Security-Policy: an HTML document carries its
    stylesheet inline, which is allowed by its hash while nothing else loads
    or runs; a PDF, DOCX or CSV gets none, since Chromium's PDF viewer works
    only without one (crbug.com/271452).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        download = response.has_header("Content-Disposition")
        user = getattr(request, "user", None)
        if download or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "no-store"
        if download:
            if response.get("Content-Type", "").startswith("text/html"):
                response["Content-Security-Policy"] = _document_policy(response)
            else:
                response._csp_exempt = True  # read by django-csp's middleware
        return response


_STYLE = re.compile(rb"<style>(.*?)</style>", re.DOTALL)


def _document_policy(response) -> str:
    styles = []
    if not response.streaming:
        for block in _STYLE.findall(response.content):
            digest = base64.b64encode(hashlib.sha256(block).digest()).decode()
            styles.append(f"'sha256-{digest}'")
    style_src = " ".join(styles) or "'none'"
    return f"default-src 'none'; style-src {style_src}; img-src data:; sandbox"
