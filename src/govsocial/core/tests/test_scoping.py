"""Another organisation's lead requests every URL that names the first
organisation's objects: each must answer 404 or 403, never the data."""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from govsocial.core import registry

pytestmark = pytest.mark.django_db


def _factories():
    for module in registry.scoping_modules():
        yield importlib.import_module(module)


def _parametrised_url_names(patterns=None, namespace=""):
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _parametrised_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.pattern.converters and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def _public_names():
    """URL names an app declares as naming no organisation object (a format, a public token)."""
    names = set()
    for module in _factories():
        names |= set(getattr(module, "public_url_names", set()))
    return names


def _urls(organisation):
    urls = []
    for module in _factories():
        urls += module.scoping_urls(organisation)
    return urls


def test_every_url_with_an_id_is_covered_by_the_scoping_test(organisation):
    covered = {resolve(url.split("?")[0]).view_name for url in _urls(organisation)}
    missing = _parametrised_url_names() - covered - _public_names()
    assert not missing, f"add these to your app's scoping_urls(): {sorted(missing)}"


def test_another_organisations_lead_gets_404_or_403_everywhere(
    client, organisation, lead, other_lead
):
    urls = _urls(organisation)
    public = _public_names()
    client.force_login(other_lead)
    leaks = []
    for url in urls:
        if resolve(url.split("?")[0]).view_name in public:
            continue
        statuses = {method: getattr(client, method)(url).status_code for method in ("get", "post")}
        if any(code not in (403, 404, 405) for code in statuses.values()) or set(
            statuses.values()
        ) == {405}:
            leaks.append((url, statuses))
    assert not leaks, leaks
