"""The published policy, read through the policies app's public services.

Training only uses `govsocial.policies.services` (published_version,
published_answers, clause_texts, policy_url, example_answers), imported when
first needed. Without a published policy the example answers are used and
every page says so.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from govsocial.core.models import Organisation

_clause_cache: dict[tuple[Any, str], dict[str, tuple[str, str]]] = {}


def _services():
    return importlib.import_module("govsocial.policies.services")


@dataclass
class PolicyInfo:
    answers: dict[str, Any]
    version: Any = None  # PolicyVersion or None
    is_example: bool = True
    clauses: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def number(self) -> int | None:
        return getattr(self.version, "number", None)

    @property
    def version_id(self) -> Any:
        return getattr(self.version, "id", None)


def published_version(organisation: Organisation):
    return _services().published_version(organisation)


def example_answers(language: str = "en") -> dict[str, Any]:
    """The policy builder's example answers (its suggested answers in `language` where it offers them)."""
    services = _services()
    localised = getattr(services, "default_answers", None)
    if localised is not None and language != "en":
        return {**services.example_answers(), **localised(language)}
    return dict(services.example_answers())


def clause_texts(version, language: str) -> dict[str, tuple[str, str]]:
    """Clause id → (title, text) of a version, cached per version and language."""
    if version is None:
        return {}
    key = (getattr(version, "id", None), language)
    if key not in _clause_cache:
        if len(_clause_cache) > 256:
            _clause_cache.clear()
        _clause_cache[key] = dict(_services().clause_texts(version, language))
    return _clause_cache[key]


def policy_url(organisation: Organisation) -> str:
    try:
        return _services().policy_url(organisation)
    except Exception:  # no stable link yet (no published version): the page says so
        return ""


def info(organisation: Organisation | None, language: str) -> PolicyInfo:
    """The organisation's published answers and clauses, or the example answers."""
    version = published_version(organisation) if organisation is not None else None
    if version is None:
        return PolicyInfo(answers=example_answers(language))
    answers = dict(version.answers or {})
    defaults = example_answers(language)
    for key, value in defaults.items():
        answers.setdefault(key, value)
    return PolicyInfo(
        answers=answers, version=version, is_example=False, clauses=clause_texts(version, language)
    )
