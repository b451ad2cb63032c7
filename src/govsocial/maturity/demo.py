"""Demo data: a completed self-assessment with two respondents who disagree,
an older round for the history, and a clearly labelled synthetic peer set
(benchmark aggregates only: no made-up organisation is stored)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from govsocial.core.models import Membership, Organisation, Person

from . import scoring, services
from .models import Assessment, BenchmarkSet

PEER_COUNT = 48
SYNTHETIC_SET_LABEL = services.SYNTHETIC_SET_LABEL
SYNTHETIC_SET_SOURCE = services.SYNTHETIC_SET_SOURCE
RESPONDENT = "demo-webcare"


def _answers(base: float, spread: int, seed: int, dont_know_every: int = 0) -> dict:
    rng = random.Random(seed)
    answers = {}
    for i, qid in enumerate(services.content().questions):
        if dont_know_every and i % dont_know_every == dont_know_every - 1:
            answers[qid] = services.DONT_KNOW
            continue
        level = round(base + rng.uniform(-spread, spread))
        answers[qid] = max(1, min(5, level))
    return answers


def _respondent(organisation: Organisation) -> Person:
    person, created = Person.objects.get_or_create(
        username=RESPONDENT,
        defaults={
            "first_name": "Noor",
            "last_name": "Visser",
            "email": "webcare@example.org",
            "language": "nl",
        },
    )
    if created:
        person.set_unusable_password()
        person.save()
    Membership.objects.get_or_create(
        person=person, organisation=organisation, defaults={"role": "editor"}
    )
    return person


def _complete_round(
    organisation: Organisation, people_answers: list[tuple[Person | None, dict]], completed_at
) -> Assessment:
    assessment = Assessment.objects.create(
        organisation=organisation, language=organisation.default_language
    )
    for person, answers in people_answers:
        response = (
            services.response_for(assessment, person)
            if person
            else services.anonymous_response(assessment)
        )
        services.save_answers(response, answers, replace=True)
        services.submit_response(response, person)
    services.complete(assessment, people_answers[0][0])
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=completed_at - timedelta(days=7), completed_at=completed_at
    )
    assessment.refresh_from_db()
    return assessment


def synthetic_peer_rows() -> list[dict]:
    """Benchmark aggregates over synthetic organisations that exist only in this function.

    They are never stored as organisations, so they never enter the benchmark of
    real organisations on this installation; the demo organisation sees them only
    as an imported set whose label says they are synthetic.
    """
    kinds = ["municipality"] * 3 + ["agency", "housing_association", "health_trust"]
    sizes = ["small", "medium", "large"]
    countries = ["NL", "NL", "BE", "GB"]
    content = services.content()
    peers = []
    for n in range(PEER_COUNT):
        answers = _answers(1.4 + (n % 9) * 0.4, 1, seed=100 + n, dont_know_every=9)
        result = scoring.score(answers, content)
        scores = {tid: data["score"] for tid, data in result["themes"].items()}
        peers.append((scores, kinds[n % 6], sizes[n % 3], countries[n % 4]))
    return services.benchmark_rows(peers)


@transaction.atomic
def seed(organisation: Organisation) -> None:
    if not Assessment.objects.filter(
        organisation=organisation, status=Assessment.Status.COMPLETED
    ).exists():
        lead = (
            Person.objects.filter(memberships__organisation=organisation, memberships__role="lead")
            .order_by("id")
            .first()
        )
        colleague = _respondent(organisation)
        now = timezone.now()
        older_lead = _answers(2.0, 1, seed=1, dont_know_every=12)
        _complete_round(organisation, [(lead, older_lead)], now - timedelta(days=365))
        # Both say a rota covers weekends, which the demo policy (weekdays only) contradicts.
        first = services.example_answers() | {"gov_rota": 4}
        second = dict(first)
        # Where the two respondents see their organisation differently.
        second.update(
            {
                "str_engagement": 5,
                "imp_comments": 1,
                "gov_register": 4,
                "imp_monitoring": 1,
                "lead_budget": 1,
                "pol_measurement": 4,
                "str_goals": 1,
                "lead_new_tech": 3,
            }
        )
        _complete_round(organisation, [(lead, first), (colleague, second)], now - timedelta(days=2))
    if not BenchmarkSet.objects.filter(
        organisation=organisation, label=SYNTHETIC_SET_LABEL
    ).exists():
        BenchmarkSet.objects.create(
            organisation=organisation,
            label=SYNTHETIC_SET_LABEL,
            source=SYNTHETIC_SET_SOURCE,
            rows=synthetic_peer_rows(),
        )
