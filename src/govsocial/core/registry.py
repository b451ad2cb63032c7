"""What the whole site collects from every app, registered in its AppConfig.ready().

Each app says what it offers (a dashboard panel, demo data, periodic tasks,
facts for other apps, archive importers, content checks, where its test
factories list the URLs that carry an object id); core asks here and never
lists apps by hand. Registration happens at start-up: an app whose ready()
fails stops the server, so nothing vanishes silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import schedule


@dataclass(frozen=True)
class Entry:
    app: str
    order: int
    value: Any


class Registry:
    def __init__(self) -> None:
        self._lists: dict[str, list[Entry]] = {}
        self._named: dict[str, dict[str, Entry]] = {}

    # -- generic ---------------------------------------------------------------
    def add(self, kind: str, app: str, value: Any, order: int = 100) -> None:
        entries = self._lists.setdefault(kind, [])
        if any(e.app == app and e.value is value for e in entries):
            return  # ready() may run twice in tests; registering is idempotent
        entries.append(Entry(app=app, order=order, value=value))

    def add_named(self, kind: str, name: str, app: str, value: Any) -> None:
        named = self._named.setdefault(kind, {})
        existing = named.get(name)
        if existing is not None and existing.app != app:
            raise ValueError(f"{kind} '{name}' is registered by both {existing.app} and {app}")
        named[name] = Entry(app=app, order=0, value=value)

    def entries(self, kind: str) -> list[Entry]:
        return sorted(self._lists.get(kind, []), key=lambda e: (e.order, e.app))

    def values(self, kind: str) -> list[Any]:
        return [e.value for e in self.entries(kind)]

    def named(self, kind: str) -> dict[str, Any]:
        return {name: e.value for name, e in sorted(self._named.get(kind, {}).items())}


site = Registry()

PANEL = "dashboard_panel"
DEMO_SEED = "demo_seed"
SCOPING_URLS = "scoping_urls"
CONTENT = "content"
FACTS = "facts"
IMPORTER = "importer"
SYNCER = "syncer"
AUDIT_KIND = "audit_kind"
AUDIT_SENTENCE = "audit_sentence"


def register_panel(app: str, panel: Callable[..., Mapping[str, Any] | None], order: int) -> None:
    """`panel(organisation, person, role)` returns the panel's context or None."""
    site.add(PANEL, app, panel, order)


def register_demo_seed(app: str, seed: Callable[[Any], None], order: int) -> None:
    """`seed(organisation)` creates or refreshes the app's demo data; lower order runs first."""
    site.add(DEMO_SEED, app, seed, order)


def register_scoping_urls(app: str, module: str) -> None:
    """The dotted path of the app's test factories: `scoping_urls(organisation)`
    and an optional `public_url_names`. Imported only by the tests."""
    site.add(SCOPING_URLS, app, module)


def register_content(app: str, check: Callable[[], Any]) -> None:
    """A loader that reads and validates the app's YAML knowledge; called now and in the tests."""
    site.add(CONTENT, app, check)
    check()


def register_periodic(app: str, task: Any, every_seconds: int) -> None:
    schedule.register(task, every_seconds=every_seconds)
    site.add("periodic", app, task)


def register_facts(app: str, name: str, provider: Callable[[Any], Mapping[str, Any]]) -> None:
    """`provider(organisation)` returns facts other apps may read (contradictions, reports)."""
    site.add_named(FACTS, name, app, provider)


def register_importer(app: str, name: str, importer: Any) -> None:
    site.add_named(IMPORTER, name, app, importer)


def register_syncer(app: str, name: str, syncer: Any) -> None:
    """An archive API sync for one platform (archive/sync/<platform>.py)."""
    site.add_named(SYNCER, name, app, syncer)


def register_audit_texts(app: str, kinds: Mapping[str, Any], sentences: Mapping[str, Any]) -> None:
    """The app's audit kinds (an action's first part: "channel") and, per action code,
    a translatable sentence or a tuple of them, the first whose placeholders all
    fill wins (so older events without a detail still read well)."""
    for prefix, label in kinds.items():
        site.add_named(AUDIT_KIND, prefix, app, label)
    for code, sentence in sentences.items():
        site.add_named(AUDIT_SENTENCE, code, app, sentence)


def audit_kinds() -> dict[str, Any]:
    return site.named(AUDIT_KIND)


def audit_sentences() -> dict[str, Any]:
    return site.named(AUDIT_SENTENCE)


def panels() -> list[Callable[..., Mapping[str, Any] | None]]:
    return site.values(PANEL)


def demo_seeds() -> list[Callable[[Any], None]]:
    return site.values(DEMO_SEED)


def scoping_modules() -> list[str]:
    return site.values(SCOPING_URLS)


def content_checks() -> list[Entry]:
    return site.entries(CONTENT)


def facts(name: str, organisation: Any) -> Mapping[str, Any]:
    """The facts `name` offers about `organisation`; KeyError when no app offers them."""
    return site.named(FACTS)[name](organisation)


def fact_sources() -> list[str]:
    return list(site.named(FACTS))


def importers() -> dict[str, Any]:
    return site.named(IMPORTER)


def syncers() -> dict[str, Any]:
    return site.named(SYNCER)
