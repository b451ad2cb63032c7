"""Another organisation's people never see or change this organisation's training data."""

import pytest
from django.urls import reverse

from govsocial.training import services
from govsocial.training.models import ElectionPeriod, GameSession

from .factories import make_game, make_quiz_attempt, publish_policy, scoping_urls

pytestmark = pytest.mark.django_db


def test_every_training_url_answers_404_or_403_to_another_organisation(
    client, organisation, lead, other_lead
):
    urls = scoping_urls(organisation)
    client.force_login(other_lead)
    for url in urls:
        for method in ("get", "post"):
            assert getattr(client, method)(url).status_code in (403, 404, 405), (method, url)
    assert ElectionPeriod.objects.filter(organisation=organisation).exists()
    assert GameSession.objects.get(organisation=organisation).state == GameSession.State.PLAYING


def test_lists_and_overviews_show_only_the_own_organisation(
    client, organisation, lead, other_organisation, other_lead
):
    make_game(organisation)
    make_quiz_attempt(organisation, lead)
    publish_policy(organisation, lead)
    services.acknowledge(organisation, lead)
    client.force_login(other_lead)
    assert "Test game" not in client.get(reverse("training:game")).content.decode()
    results = client.get(reverse("training:quiz_results")).content.decode()
    assert lead.display_name() not in results
    overview = services.acknowledgement_overview(other_organisation)
    assert overview["version_number"] is None and [r["person"] for r in overview["rows"]] == [
        other_lead
    ]
    page = client.get(reverse("training:policy")).content.decode()
    assert "No policy has been published yet" in page
