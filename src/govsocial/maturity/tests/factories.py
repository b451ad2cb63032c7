"""Factories for maturity tests, and the scoping contract for the core test."""

from __future__ import annotations

from django.urls import reverse

from govsocial.core.models import Organisation
from govsocial.core.tests.factories import make_person

from .. import services
from ..models import Assessment, BenchmarkSet, Response


def all_answers(level) -> dict:
    return {qid: level for qid in services.content().questions}


def make_completed(
    organisation: Organisation | None, *answer_sets: dict, person=None, people: list | None = None
) -> Assessment:
    """A completed assessment with one response per answer set.

    The i-th set is answered by the i-th of `people` (or `person` for the first);
    the others by unnamed respondents (no password hashing: quick).
    """
    assessment = Assessment.objects.create(organisation=organisation)
    respondents = list(people or ([person] if person else []))
    for i, answers in enumerate(answer_sets or (all_answers(3),)):
        respondent = respondents[i] if i < len(respondents) else None
        Response.objects.create(
            assessment=assessment, respondent=respondent, answers=services.validate_answers(answers)
        )
    return services.complete(assessment, person)


def make_benchmark_set(organisation: Organisation | None) -> BenchmarkSet:
    rows = [
        {
            "group": "all",
            "value": "",
            "theme": t.id,
            "organisations": 12,
            "median": 50.0,
            "q1": 40.0,
            "q3": 60.0,
        }
        for t in services.content().themes
    ]
    return BenchmarkSet.objects.create(
        organisation=organisation, label="Test set", source="tests", rows=rows
    )


def scoping_urls(organisation: Organisation) -> list[str]:
    """Every maturity URL that takes an id or token, for one object of each kind of `organisation`."""
    person = make_person(organisation, role="lead")
    done = make_completed(organisation, all_answers(3), person=person)
    open_round = services.start_round(organisation, person)
    services.save_answers(services.response_for(open_round, person), {"lead_sponsor": 2})
    urls = []
    for assessment in (open_round, done):
        pk = assessment.pk
        urls += [
            reverse("maturity:theme", args=[pk, 1]),
            reverse("maturity:review", args=[pk]),
            reverse("maturity:complete", args=[pk]),
            reverse("maturity:upload", args=[pk]),
            reverse("maturity:answers_yaml", args=[pk]),
            reverse("maturity:answers_json", args=[pk]),
            reverse("maturity:scorecard", args=[pk]),
            reverse("maturity:pdf", args=[pk]),
            reverse("maturity:retake", args=[pk]),
            reverse("maturity:disagreements", args=[pk]),
            # An organisation's round is never reachable through the anonymous pages.
            reverse("maturity:anon_overview", args=[assessment.token]),
            reverse("maturity:anon_theme", args=[assessment.token, 1]),
            reverse("maturity:anon_review", args=[assessment.token]),
            reverse("maturity:anon_answers_yaml", args=[assessment.token]),
            reverse("maturity:anon_answers_json", args=[assessment.token]),
            reverse("maturity:anon_scorecard", args=[assessment.token]),
            reverse("maturity:anon_pdf", args=[assessment.token]),
            reverse("maturity:anon_retake", args=[assessment.token]),
        ]
    benchmark_set = make_benchmark_set(organisation)
    urls.append(reverse("maturity:scorecard", args=[done.pk]) + f"?compare=set-{benchmark_set.pk}")
    return urls
