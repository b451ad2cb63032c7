import pytest
from django.urls import reverse
from django.utils import timezone

from govsocial.training import game, services

from .test_game import play

pytestmark = pytest.mark.django_db


def test_the_game_summary_is_named_after_organisation_game_day_and_language(
    organisation, lead, client
):
    session = services.create_session(organisation, lead, "Teamdag", "nl")
    play(session, lead, "hacked_account")
    client.force_login(lead)
    response = client.get(reverse("training:game_summary", args=[session.uuid, "docx"]))
    day = timezone.localtime(session.created_at).date().isoformat()
    expected = f"gemeente-voorbeeld-social-media-game-{day}-nl.docx"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_the_deck_downloaded_from_the_web_carries_the_organisations_name(staff_client):
    url = reverse("training:game_download", args=["deck", "NL", "nl", "docx"])
    name = staff_client.get(url)["Content-Disposition"].split('filename="')[1].rstrip('"')
    code = game.standard_code()
    assert name == f"gemeente-voorbeeld-social-media-game-deck-nl-{code}-nl.docx"


def test_the_command_line_deck_name_has_no_organisation():
    assert game.file_name("guide", "en", "GB", "K7QM2X", "pdf") == (
        "social-media-game-guide-gb-K7QM2X-en.pdf"
    )
