"""Every page a member can open, in English and in Dutch: it answers without a
server error, and (in the browser) axe-core finds no accessibility violations."""

import importlib

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from govsocial.core import registry
from govsocial.core.models import Organisation, Person
from govsocial.core.tests.factories import PASSWORD

NOT_PAGES = {"core:logout", "core:language", "core:healthz", "core:login"}


def _plain_url_names(patterns=None, namespace=""):
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += _plain_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
            if not entry.pattern.regex.groupindex:
                names.append(f"{namespace}{entry.name}")
    return names


def _demo_lead():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    lead = Person.objects.get(username="lead")
    lead.set_password(PASSWORD)
    lead.language = "en"
    lead.is_host = True  # so that the host's pages are opened and checked too
    lead.save()
    return lead, Organisation.objects.get(slug="example")


def _page_urls(organisation):
    urls = [reverse(name) for name in _plain_url_names() if name not in NOT_PAGES]
    for module in registry.scoping_modules():
        urls += importlib.import_module(module).scoping_urls(organisation)
    return list(dict.fromkeys(urls))


def _html_pages(client, urls):
    pages, errors = [], []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            errors.append((url, response.status_code))
        elif (
            response.status_code == 200
            and response["Content-Type"].startswith("text/html")
            and not response.has_header("Content-Disposition")  # a downloaded document, not a page
        ):
            if b"<html" in response.content[:500]:
                pages.append(url)
    return pages, errors


@pytest.mark.django_db
def test_every_page_opens_in_english_and_dutch(client):
    lead, organisation = _demo_lead()
    urls = _page_urls(organisation)
    client.force_login(lead)
    for language in ("en", "nl"):
        lead.language = language
        lead.save()
        pages, errors = _html_pages(client, urls)
        assert not errors, errors
        assert len(pages) >= 40, pages
        for url in pages:
            html = client.get(url).content.decode()
            assert f'<html lang="{language}"' in html, url


# The markup axe reads is the same on both engines; that every page opens on
# PostgreSQL is the test above.
@pytest.mark.browser
@pytest.mark.same_on_every_engine
@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_violations_on_any_page(page, client, axe):
    from govsocial.core.tests.browser import click_and_wait, sign_in

    lead, organisation = _demo_lead()
    client.force_login(lead)
    pages, _errors = _html_pages(client, _page_urls(organisation))
    sign_in(page, "lead")
    failures = []
    for language in ("nl", "en"):
        click_and_wait(page, page.locator(f"button[name=language][value={language}]"))
        for url in pages:
            page.goto(url)
            try:
                axe(page)
            except AssertionError as error:
                failures.append(f"{language} {url}: {str(error)[:600]}")
    assert not failures, "\n\n".join(failures)
