""" "Can I post this?" speaks the reader's language: clause titles, never clause keys;
dates as the reader writes them, never ISO (issue 15)."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import make_election_period, publish_policy
from .test_post_context import run

pytestmark = pytest.mark.django_db

POLITICAL = "Het VVD-voorstel over de stembureaus is aangenomen."


def _check_page(client, text):
    return client.post(reverse("training:check"), {"text": text, "is_public_already": "on"})


def test_the_page_names_the_election_period_end_in_dutch_words(organisation, staff, staff_client):
    staff.language = "nl"
    staff.save()
    today = timezone.localdate()
    make_election_period(organisation, today, dt.date(today.year + 1, 3, 18), name="Raad")
    page = _check_page(staff_client, POLITICAL).content.decode()
    assert f"tot en met 18 maart {today.year + 1}" in page
    assert f"{today.year + 1}-03-18" not in page


def test_the_api_names_the_end_date_in_english_words(organisation, staff_client):
    today = timezone.localdate()
    make_election_period(organisation, today, dt.date(today.year + 1, 3, 18))
    response = staff_client.post(
        reverse("training:check_api"),
        json.dumps({"text": POLITICAL, "is_public_already": True}),
        content_type="application/json",
    )
    messages = " ".join(r["message"] for r in response.json()["reasons"])
    assert f"until 18 March {today.year + 1}" in messages


def test_reasons_name_the_clause_title_never_its_key(organisation, lead, staff_client):
    publish_policy(organisation, lead)
    # A citizen service number is personal data: the reason cites the privacy clause.
    page = _check_page(staff_client, "Het BSN van de aanvrager is 111222333.").content.decode()
    assert "Policy: " in page
    assert "data_privacy_archiving" not in page and "(decision_guide)" not in page


def test_the_command_line_cites_clause_titles(organisation, lead):
    publish_policy(organisation, lead)
    _code, out = run("--text", "Het BSN van de aanvrager is 111222333.", "--org", organisation.slug)
    assert "data_privacy_archiving" not in out
    assert "(Beleid: " in out  # the organisation writes Dutch
