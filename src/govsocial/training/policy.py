"""The published policy, read only through the policies app's contract.

Training sees a `PublishedPolicy` value (number, answers, clauses, url), never
a model row. Without a published policy the policy builder's example answers
are used and every page says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from govsocial.core.models import Organisation
from govsocial.policies import services as policies
from govsocial.policies.services import PublishedPolicy

__all__ = ["PolicyInfo", "PublishedPolicy", "example_answers", "info", "published"]


@dataclass(frozen=True)
class PolicyInfo:
    answers: dict[str, Any]
    published: PublishedPolicy | None = None
    clauses: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # id → (title, text)

    @property
    def is_example(self) -> bool:
        return self.published is None

    @property
    def number(self) -> int | None:
        return self.published.number if self.published else None


def published(organisation: Organisation | None) -> PublishedPolicy | None:
    return policies.published_policy(organisation) if organisation is not None else None


def example_answers(language: str = "en") -> dict[str, Any]:
    """The policy builder's example answers (its suggested answers in `language`)."""
    if language == "en":
        return dict(policies.example_answers())
    return {**policies.example_answers(), **policies.default_answers(language)}


def info(organisation: Organisation | None, language: str) -> PolicyInfo:
    """The organisation's published answers and clauses, or the example answers."""
    policy = published(organisation)
    if policy is None:
        return PolicyInfo(answers=example_answers(language))
    clauses = {c.id: (c.title, c.text) for c in policy.clauses(language).values()}
    return PolicyInfo(
        answers={**example_answers(language), **policy.answers}, published=policy, clauses=clauses
    )
