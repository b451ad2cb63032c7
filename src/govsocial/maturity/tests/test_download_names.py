import pytest
from django.urls import reverse

from .factories import all_answers, make_completed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "start"),
    [
        ("nl", "gemeente-voorbeeld-scorekaart-volwassenheid-"),
        ("en", "example-council-maturity-scorecard-"),
    ],
)
def test_the_scorecard_is_named_after_the_organisation_and_language(
    lead_client, organisation, lead, language, start
):
    assessment = make_completed(organisation, all_answers(3), person=lead)
    response = lead_client.get(reverse("maturity:pdf", args=[assessment.pk]) + f"?lang={language}")
    stamp = assessment.completed_at.date().isoformat()
    expected = f"{start}{stamp}-{language}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
