"""Benchmark labels and chart dates in the reader's language (issue 15)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from govsocial.maturity import demo, services
from govsocial.maturity.models import Assessment

from .factories import all_answers, make_completed

pytestmark = pytest.mark.django_db


def test_the_demo_set_is_named_in_the_readers_language_and_imported_ones_as_written():
    with translation.override("nl"):
        assert services.set_text(services.SYNTHETIC_SET_LABEL) == (
            "Synthetische vergelijkingsgroep (demodata, geen echte organisaties)"
        )
        assert services.set_text("VNG / KING peers 2025") == "VNG / KING peers 2025"
    with translation.override("en"):
        assert services.set_text(services.SYNTHETIC_SET_SOURCE) == (
            "GovSocial demo data: 48 made-up organisations, not real results"
        )


def test_a_dutch_scorecard_shows_the_demo_peers_and_dates_in_dutch(client, organisation, lead):
    lead.language = "nl"
    lead.save(update_fields=["language"])
    demo.seed(organisation)
    first = Assessment.objects.filter(organisation=organisation, is_latest=False).first()
    Assessment.objects.filter(pk=first.pk).update(
        completed_at=timezone.make_aware(dt.datetime(2025, 11, 30, 12))
    )
    latest = Assessment.objects.get(organisation=organisation, is_latest=True)
    client.force_login(lead)
    page = client.get(reverse("maturity:scorecard", args=[latest.pk])).content.decode()
    assert "Synthetische vergelijkingsgroep (demodata, geen echte organisaties)" in page
    assert "48 verzonnen organisaties" in page
    assert "Synthetic peer set" not in page and "made-up organisations" not in page
    assert "30 nov 2025" in page and "30 Nov 2025" not in page
    benchmark_page = client.get(reverse("maturity:benchmark")).content.decode()
    assert "Synthetische vergelijkingsgroep" in benchmark_page
    assert "Synthetic peer set" not in benchmark_page


@pytest.mark.parametrize(("language", "label"), [("en", "30 Nov 2025"), ("nl", "30 nov 2025")])
def test_history_dates_follow_the_charts_language(organisation, lead, language, label):
    past = make_completed(organisation, all_answers(2), person=lead)
    Assessment.objects.filter(pk=past.pk).update(
        completed_at=timezone.make_aware(dt.datetime(2025, 11, 30, 12))
    )
    latest = make_completed(organisation, all_answers(3), person=lead)
    labels = [point[0] for point in services.history_points(organisation, latest, language)]
    assert label in labels
