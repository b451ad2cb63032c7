"""Issue 12's misses and false alarms of "Can I post this?", one by one: the
detectors, the allow-list of the organisation's own details, election
content by country and period, the command line and the organisation page."""

import io
import sys
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from govsocial.core.models import AuditEvent
from govsocial.training.checker import (
    CHECK_FIRST,
    DO_NOT_POST,
    POST,
    ElectionWindow,
    OrganisationContext,
    OwnDetails,
    check_post,
)
from govsocial.training.checker.context import find

from .factories import make_election_period

PERIOD = ElectionWindow("Municipal elections", date(2026, 2, 1), date(2026, 3, 18))


def verdict_of(text, country="NL", period=False, own=None, language=None):
    context = OrganisationContext(
        country=country,
        today=date(2026, 3, 10),
        election_periods=[PERIOD] if period else [],
        own_details=own or OwnDetails(),
    )
    return check_post(text, is_public_already=True, organisation_context=context, language=language)


def codes(verdict):
    return {r.code for r in verdict.reasons}


# --- the misses of issue 12 -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text,code",
    [
        ("Mevrouw Jansen woont aan de Kerkstraat 12 in Utrecht.", "context.home_address"),
        ("Jan de Vries lives at 12 High Street, Leeds.", "context.home_address"),
        ("Fout geparkeerd: de auto AB-12-CD staat op het fietspad.", "context.number_plate"),
        ("De wagen 1-ABC-123 is weggetakeld.", "context.number_plate"),
        ("The car AB12 CDE was towed.", "context.number_plate"),
        ("We're sorry to hear about your son's autism.", "context.special_category.health"),
        ("Vervelend dat uw zoon met autisme geen plek heeft.", "context.special_category.health"),
        ("Mrs Khan, who is Muslim, asked for a quiet room.", "context.special_category.religion"),
        ("Jan de Vries, born on 12-03-1985, won the prize.", "context.birth_date"),
        ("Gefeliciteerd Daan (8) van basisschool De Regenboog!", "context.child"),
        ("Frankly, that's your problem. Stop wasting our time.", "tone.dismissive"),
    ],
)
def test_what_issue_12_found_missing_is_now_do_not_post(text, code):
    verdict = verdict_of(text)
    assert code in codes(verdict)
    assert verdict.verdict == DO_NOT_POST


@pytest.mark.parametrize(
    "text",
    ["Postcode 3581 KP 12 kreeg de verkeerde brief.", "See 19 Victoria Terrace, Bradford BD3 9QT."],
)
def test_an_exact_address_without_a_person_is_checked_first(text):
    verdict = verdict_of(text)
    assert "context.exact_address" in codes(verdict) and verdict.verdict == CHECK_FIRST


@pytest.mark.parametrize(
    "text",
    [
        "As we already explained, the road is closed until Friday.",
        "Zoals al eerder uitgelegd is de weg tot vrijdag dicht.",
        "As we’ve already explained, the tip is closed on Mondays.",
    ],
)
def test_condescension_is_checked_first_and_simply_gets_advice(text):
    assert verdict_of(text).verdict == CHECK_FIRST
    advice = verdict_of("U moet simpelweg het formulier invullen.")
    assert "tone.patronising" in codes(advice) and advice.verdict == POST


@pytest.mark.parametrize(
    "text",
    [
        "If your child has autism, our team can help.",
        "Heeft uw kind autisme? Het wijkteam helpt u graag.",
        "Autism awareness week: quiet hours in every library.",
        "Roadworks in the Kerkstraat from Monday.",
        "Jan van Galenstraat 12 tot 40: de stoep wordt vernieuwd.",
        "Children aged 4 to 12 can join the reading challenge.",
        "Bevrijdingsdag: op 5 mei 1945 werd Nederland bevrijd.",
    ],
)
def test_general_information_raises_no_alarm(text):
    assert verdict_of(text).verdict == POST


def test_hits_never_reach_beyond_their_sentence():
    assert not [h for h in find("Jan opened the fair. Autism awareness week starts Monday.")]


# --- the organisation's own details --------------------------------------------------------------

OWN = OwnDetails.from_lists(
    ibans=["NL91 ABNA 0417 1643 00"],
    phones=["06 1234 5678"],
    addresses=["Stadhuisplein 1, 3511 AB Utrecht"],
    email_domains=["utrecht.nl"],
)


@pytest.mark.parametrize(
    "text",
    [
        "Betaal de leges op NL91 ABNA 0417 1643 00 onder vermelding van uw kenmerk.",
        "App de wijkregisseur op 06 1234 5678.",
        "Mail housing@utrecht.nl of wonen@wijk.utrecht.nl.",
        "Het loket zit op Stadhuisplein 1, 3511 AB Utrecht.",
    ],
)
def test_the_organisations_own_details_are_allowed(text):
    assert verdict_of(text).verdict != POST  # without the allow-list
    allowed = verdict_of(text, own=OWN)
    assert allowed.verdict == POST, [r.message for r in allowed.reasons]
    assert {"personal_data.own_details", "context.own_details"} & codes(allowed)


def test_the_allow_list_does_not_cover_a_neighbouring_number_or_another_account():
    assert verdict_of("Stort het op NL20 INGB 0001 2345 67.", own=OWN).verdict == DO_NOT_POST
    assert (
        verdict_of("Ons adres: Stadhuisplein 12, 3511 AB Utrecht.", own=OWN).verdict == CHECK_FIRST
    )
    assert verdict_of("Mail jan@utrecht.nl.evil.com", own=OWN).verdict == CHECK_FIRST


# --- elections ----------------------------------------------------------------------------


@pytest.mark.parametrize("period", [True, False])
@pytest.mark.parametrize(
    "text,country",
    [
        ("Vote Labour on Thursday", "GB"),
        ("Alderman Van Dam (VVD) opened the pool. Vote on 18 March!", "NL"),
        ("Wethouder Van Dam (VVD) opende het zwembad. Stem op 18 maart!", "NL"),
        ("Kies voor Vooruit: wij bouwden het zwembad.", "BE"),
    ],
)
def test_campaigning_from_an_official_account_is_do_not_post(text, country, period):
    verdict = verdict_of(text, country=country, period=period)
    assert "election.campaigning" in codes(verdict) and verdict.verdict == DO_NOT_POST


@pytest.mark.parametrize(
    "text",
    [
        "Polls open in 24 polling stations on 18 March.",
        "Polling stations open 7:30–21:00 on Thursday. Bring photo ID.",
        "Stemmen kan van 7.30 tot 21.00 uur.",
        "Stem op 18 maart! Vergeet uw stempas niet.",
    ],
)
def test_neutral_voting_information_is_never_flagged(text):
    for country in ("NL", "BE", "GB"):
        verdict = verdict_of(text, country=country, period=True)
        assert verdict.verdict == POST and "election.voting_information" in codes(verdict)


@pytest.mark.parametrize(
    "country,period,expected",
    [
        ("NL", True, CHECK_FIRST),
        ("BE", True, DO_NOT_POST),
        ("GB", True, DO_NOT_POST),
        ("NL", False, POST),
        ("GB", False, POST),
    ],
)
def test_political_content_depends_on_the_country_and_the_period(country, period, expected):
    text = {
        "NL": "Wethouder Bakker (D66) opent de fietsbrug.",
        "BE": "Schepen Peeters (N-VA) opent het park.",
    }
    text = text.get(country, "Labour councillors opened the new play area.")
    assert verdict_of(text, country=country, period=period).verdict == expected


def test_election_messages_are_in_dutch_for_a_dutch_reader():
    with translation.override("nl"):
        verdict = verdict_of("Stem op de VVD!", period=True)
    message = next(r.message for r in verdict.reasons if r.code == "election.campaigning")
    assert "nooit" in message and "VVD" in message


# --- command line ---------------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("post", "check", *args, stdout=out)
    return exit_info.value.code, out.getvalue()


@pytest.mark.django_db
def test_the_command_uses_the_organisations_allow_list_and_election_period(organisation):
    organisation.own_ibans = "NL91 ABNA 0417 1643 00"
    organisation.save()
    text = "Betaal de leges op NL91 ABNA 0417 1643 00."
    assert run("--text", text, "--public")[0] == 3
    assert run("--text", text, "--public", "--org", organisation.slug)[0] == 0
    political = "Het VVD-voorstel is aangenomen."
    assert run("--text", political, "--public", "--org", organisation.slug)[0] == 0
    make_election_period(organisation, date.today(), date.today())
    code, out = run("--text", political, "--public", "--org", organisation.slug)
    assert code == 1 and "VVD" in out
    assert (
        run(
            "--text", political, "--public", "--org", organisation.slug, "--election-period", "off"
        )[0]
        == 0
    )


def test_the_command_takes_an_election_period_and_a_country_without_an_organisation():
    text = "Labour councillors opened the new play area."
    assert run("--text", text, "--public", "--country", "GB")[0] == 0
    code, out = run("--text", text, "--public", "--country", "GB", "--election-period", "on")
    assert code == 3 and "Labour" in out


def test_an_unknown_country_is_refused_in_the_readers_language(monkeypatch):
    with pytest.raises(CommandError) as error:
        call_command("post", "check", "--text", "Hallo", "--country", "XX", "--lang", "nl")
    assert "Onbekend land" in str(error.value) and error.value.returncode == 2
    assert sys.stdout is not None


# --- the organisation page ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_lead_edits_the_own_details_on_the_organisation_page(organisation, lead_client):
    page = lead_client.get(reverse("core:organisation"))
    assert b'action="/organisation/own-details/"' in page.content.replace(b"'", b'"') or (
        reverse("core:organisation_own_details").encode() in page.content
    )
    response = lead_client.post(
        reverse("core:organisation_own_details"),
        {
            "own_ibans": "nl91abna0417164300",
            "own_phone_numbers": "030 286 0000",
            "own_addresses": "Stadhuisplein 1, 3511 AB Utrecht",
            "own_email_domains": "@Utrecht.nl",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.own_ibans == "NL91 ABNA 0417 1643 00"
    assert organisation.own_email_domains == "utrecht.nl"
    assert AuditEvent.objects.filter(
        organisation=organisation, action="organisation.updated"
    ).exists()


@pytest.mark.django_db
def test_a_wrong_iban_or_domain_is_refused_and_nothing_is_saved(organisation, lead_client):
    with translation.override("nl"):
        response = lead_client.post(
            reverse("core:organisation_own_details"),
            {"own_ibans": "NL00 ABNA 0000 0000 00", "own_email_domains": "not a domain"},
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    assert response.status_code == 200
    assert "NL00 ABNA 0000 0000 00" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.own_ibans == "" and organisation.own_email_domains == ""


@pytest.mark.django_db
def test_staff_cannot_edit_the_own_details(organisation, staff_client):
    response = staff_client.post(
        reverse("core:organisation_own_details"), {"own_ibans": "NL91 ABNA 0417 1643 00"}
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.own_ibans == ""


@pytest.mark.django_db
def test_the_web_check_uses_the_organisations_allow_list(organisation, staff_client):
    import json

    def reasons():
        response = staff_client.post(
            reverse("training:check_api"),
            json.dumps({"text": "Betaal op NL91 ABNA 0417 1643 00.", "is_public_already": True}),
            content_type="application/json",
        )
        return response.json()

    assert reasons()["verdict"] == DO_NOT_POST
    organisation.own_ibans = "NL91 ABNA 0417 1643 00"
    organisation.save()
    assert reasons()["verdict"] == POST
