"""The site finds what every app offers through the registry, never a hand-written list."""

import importlib

import pytest
from django.apps import apps

from govsocial.core import registry


def _govsocial_apps():
    return [c for c in apps.get_app_configs() if c.name.startswith("govsocial.")]


def test_every_app_lists_its_object_urls_for_the_scoping_test():
    modules = registry.scoping_modules()
    for config in _govsocial_apps():
        assert f"{config.name}.tests.factories" in modules, config.label
    for module in modules:
        assert callable(importlib.import_module(module).scoping_urls)


def test_every_app_with_a_dashboard_panel_or_demo_registers_it():
    panel_apps = {e.app for e in registry.site.entries(registry.PANEL)}
    seed_apps = {e.app for e in registry.site.entries(registry.DEMO_SEED)}
    for config in _govsocial_apps():
        module = importlib.import_module(config.name)
        path = module.__path__[0]
        if importlib.util.find_spec(f"{config.name}.demo"):
            assert config.label in seed_apps, f"{config.label} has demo.py but no seed registered"
        assert path
    assert {"policies", "maturity", "channels", "training"} <= panel_apps


def test_every_apps_content_is_valid():
    checks = registry.content_checks()
    assert {e.app for e in checks} >= {"policies", "maturity", "training"}
    for entry in checks:
        entry.value()


def test_a_name_offered_by_two_apps_is_refused():
    local = registry.Registry()
    local.add_named(registry.FACTS, "channels", "channels", dict)
    with pytest.raises(ValueError, match="registered by both"):
        local.add_named(registry.FACTS, "channels", "archive", dict)


@pytest.mark.django_db
def test_a_failing_panel_is_an_error_not_a_silently_missing_panel(client, lead, monkeypatch):
    def broken(organisation, person, role):
        raise RuntimeError("broken panel")

    local = registry.Registry()
    local.add(registry.PANEL, "broken", broken)
    monkeypatch.setattr(registry, "site", local)
    client.raise_request_exception = True
    client.force_login(lead)
    with pytest.raises(RuntimeError, match="broken panel"):
        client.get("/")


@pytest.mark.parametrize(
    "document",
    ["a: &x [1]\nb: *x", "when: 2020-13-45", "[" * 5000 + "]" * 5000, "x: !!python/name:os.system"],
    ids=["alias", "impossible-date", "deep-nesting", "python-tag"],
)
def test_hostile_yaml_is_refused_with_one_error_type(document):
    from govsocial.core.content import YamlError, parse_yaml

    with pytest.raises(YamlError):
        parse_yaml(document)
