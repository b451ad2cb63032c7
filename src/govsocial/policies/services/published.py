"""The contract other apps read: the policy in force and the ids its knowledge may name.

Other apps use these, never `PolicyVersion` or `published_version()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from django.urls import reverse

from govsocial.core.models import Organisation

from ..models import PolicyVersion
from .answers import DERIVED_ANSWERS, derived_answers, fill_defaults, load_content, upgrade
from .document import clause_texts
from .versions import published_version


@dataclass(frozen=True)
class PublishedClause:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class PublishedPolicy:
    """The organisation's policy in force, as other apps see it: never a model row."""

    version_id: int
    number: int
    published_at: dt.datetime | None
    review_due: dt.date | None
    answers: Mapping[str, Any]  # every answer id, defaults filled in
    url: str

    def clauses(self, language: str) -> dict[str, PublishedClause]:
        """Clause id → title and plain text of the staff policy, in `language`."""
        return _published_clauses(self.version_id, language)


_clause_cache: dict[tuple[int, str], dict[str, PublishedClause]] = {}


def _published_clauses(version_id: int, language: str) -> dict[str, PublishedClause]:
    # A published version's answers never change, so its clauses are cached by id.
    key = (version_id, language)
    if key not in _clause_cache:
        if len(_clause_cache) > 256:
            _clause_cache.clear()
        version = PolicyVersion.objects.select_related("organisation").get(pk=version_id)
        _clause_cache[key] = {
            cid: PublishedClause(id=cid, title=title, text=text)
            for cid, (title, text) in clause_texts(version, language).items()
        }
    return dict(_clause_cache[key])


def answer_ids() -> frozenset[str]:
    """Every answer id: those the interview asks and those worked out from them
    (`response_time_hours`), the names other apps' knowledge may use."""
    return frozenset(load_content().questions) | DERIVED_ANSWERS


def clause_ids() -> frozenset[str]:
    """Every clause id of the staff policy and the house rules."""
    content = load_content()
    return frozenset(c.id for c in content.policy.clauses) | frozenset(
        c.id for c in content.house_rules.clauses
    )


def policy_url(organisation: Organisation) -> str:
    """The stable link where every member of staff reads the published policy."""
    return reverse("policies:published")


def _every_answer(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Every answer id: the version's answers, and the suggested answer where branching skipped
    a question (the English one, so the value does not depend on who asks)."""
    answers = fill_defaults(upgrade(stored), "en")
    every = {
        q.id: answers[q.id] if q.id in answers else q.default_for("en")
        for q in load_content().questions.values()
    }
    return {**every, **derived_answers(answers)}


def published_policy(organisation: Organisation) -> PublishedPolicy | None:
    """The policy in force for `organisation`, or None before the first publication."""
    version = published_version(organisation)
    if version is None:
        return None
    return PublishedPolicy(
        version_id=version.pk,
        number=version.number,
        published_at=version.published_at,
        review_due=version.review_due,
        answers=MappingProxyType(_every_answer(version.answers)),
        url=policy_url(organisation),
    )
