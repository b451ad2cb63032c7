"""In a real browser the Content-Security-Policy blocks nothing GovSocial itself needs,
and htmx still works under it."""

import pytest
from django.urls import reverse

from govsocial.core.tests.browser import sign_in
from govsocial.core.tests.test_every_page import _demo_lead
from govsocial.core.tests.test_security_headers import _interview_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _csp_reports(messages):
    return [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m]


def test_pages_report_no_csp_violation_in_the_browser_console(page, client):
    lead, _organisation = _demo_lead()
    client.force_login(lead)
    urls = [
        reverse("core:dashboard"),
        reverse("core:people"),
        reverse("core:audit"),
        reverse("policies:review"),
        *_interview_pages(client)[:4],
        reverse("maturity:index"),
        reverse("channels:index"),
        reverse("training:index"),
        reverse("documents:sample", args=["html"]),
    ]
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{page.url}: {message.text}"))
    sign_in(page, "lead")
    for url in urls:
        page.goto(url)
        page.wait_for_load_state()

    # htmx under the policy: typing alone (no submit) fetches the verdict.
    page.goto(reverse("training:check"))
    page.locator("#id_text").fill("Our offices are closed on Monday")
    page.locator(".gs-verdict").wait_for()
    assert not _csp_reports(messages), _csp_reports(messages)

    # The console does report a violation when there is one.
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<style>main { color: red }</style>')"
    )
    page.wait_for_timeout(200)
    assert _csp_reports(messages)
