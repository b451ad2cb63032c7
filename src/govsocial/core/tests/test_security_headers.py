"""Content-Security-Policy on every page (nothing inline), and no-store for what is private."""

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from govsocial.core.middleware import PrivateResponseMiddleware
from govsocial.core.tests.test_every_page import _demo_lead, _html_pages, _page_urls

pytestmark = pytest.mark.django_db


class InlineCode(HTMLParser):
    """What a page would need 'unsafe-inline' for: style attributes, handlers, inline scripts."""

    def __init__(self, nonce: str | None):
        super().__init__()
        self.nonce = nonce
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attributes.items():
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            elif name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
        if tag == "script" and not attributes.get("src"):
            self.found.append("an inline <script>")
        if tag == "style" and (self.nonce is None or attributes.get("nonce") != self.nonce):
            self.found.append("a <style> without the response's nonce")


def _policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _check_page(response) -> list[str]:
    problems = []
    header = response.get("Content-Security-Policy", "")
    policy = _policy(header)
    if (
        policy.get("default-src") != ["'self'"]
        or "'unsafe-inline'" in header
        or "unsafe-eval" in header
    ):
        problems.append(f"policy: {header!r}")
    nonces = [
        s[len("'nonce-") : -1] for s in policy.get("style-src", []) if s.startswith("'nonce-")
    ]
    finder = InlineCode(nonces[0] if nonces else None)
    finder.feed(response.content.decode())
    problems += finder.found
    return problems


def _interview_pages(client) -> list[str]:
    review = client.get(reverse("policies:review")).content.decode()
    return sorted(
        set(re.findall(r'href="(/policy/interview/[a-z0-9_-]+/)"', review))
        - {reverse("policies:review")}
    )


def test_every_page_has_a_content_security_policy_without_inline_code(client):
    lead, organisation = _demo_lead()
    client.force_login(lead)
    pages, errors = _html_pages(client, _page_urls(organisation))
    interview = _interview_pages(client)
    assert interview, "the interview pages are checked too"
    failures = {}
    for url in pages + interview:
        response = client.get(url)
        problems = _check_page(response)
        if "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"Cache-Control: {response.get('Cache-Control')!r}")
        if problems:
            failures[url] = problems[:5]
    assert not failures, failures
    assert not errors


def test_the_sign_in_page_has_the_policy_too(client):
    response = client.get(reverse("core:login"))
    assert not _check_page(response)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_conditional_question_style_carries_the_nonce_of_its_response(client):
    lead, _organisation = _demo_lead()
    client.force_login(lead)
    seen = 0
    for url in _interview_pages(client):
        response = client.get(url)
        html = response.content.decode()
        if "<style" in html:
            seen += 1
            assert not _check_page(response), url
            assert "'nonce-" in response["Content-Security-Policy"]
    assert seen, "at least one interview page hides a question with CSS"


def test_every_response_to_a_signed_in_person_is_not_stored(lead_client):
    for url in (reverse("core:dashboard"), reverse("core:people"), reverse("core:audit")):
        assert lead_client.get(url)["Cache-Control"] == "no-store", url
    redirect = lead_client.post(reverse("core:language"), {"language": "nl", "next": "/"})
    assert redirect["Cache-Control"] == "no-store"


def test_exports_and_downloads_are_not_stored(lead_client):
    for url in (
        reverse("channels:export_csv"),
        reverse("documents:sample", args=["pdf"]),
        reverse("documents:sample", args=["docx"]),
        reverse("documents:sample", args=["html"]),
    ):
        response = lead_client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url


def test_an_anonymous_download_is_not_stored_but_an_anonymous_page_may_be():
    request = RequestFactory().get("/anything")
    request.user = AnonymousUser()

    def download(request):
        response = HttpResponse(b"a,b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        return response

    assert PrivateResponseMiddleware(download)(request)["Cache-Control"] == "no-store"
    page = PrivateResponseMiddleware(lambda r: HttpResponse("<p>hi</p>"))(request)
    assert not page.has_header("Cache-Control")


def test_an_html_document_may_use_only_its_own_stylesheet_and_runs_nothing(lead_client):
    response = lead_client.get(reverse("documents:sample", args=["html"]))
    header = response["Content-Security-Policy"]
    policy = _policy(header)
    style = re.search(rb"<style>(.*?)</style>", response.content, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(style).digest()).decode()
    assert policy["default-src"] == ["'none'"]
    assert policy["style-src"] == [f"'sha256-{digest}'"]
    assert "sandbox" in policy and "'unsafe-inline'" not in header


def test_a_pdf_shown_in_the_browser_has_no_policy_that_stops_the_pdf_viewer(lead_client):
    response = lead_client.get(reverse("documents:sample", args=["pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert not response.has_header("Content-Security-Policy")
