"""The post checker: decision guide, wording, length, hashtags, alt text, elections, language."""

from datetime import date

import pytest
from django.utils import translation

from govsocial.training import content
from govsocial.training.checker import (
    CHECK_FIRST,
    DO_NOT_POST,
    POST,
    ElectionWindow,
    OrganisationContext,
    UnknownPlatform,
    check_post,
    detect_language,
    find_wording,
)


def codes(verdict):
    return [r.code for r in verdict.reasons]


def test_already_public_information_may_be_posted():
    verdict = check_post(
        "Today the council published its decision on the new park.", is_public_already=True
    )
    assert verdict.verdict == POST
    assert verdict.case == "already_public"
    assert "reminder.public_meeting" in codes(verdict)


def test_a_post_that_only_points_elsewhere_may_be_posted():
    verdict = check_post(
        "Read the fire service's advice: https://example.org/storm", only_links=True
    )
    assert verdict.verdict == POST and verdict.case == "points_elsewhere"


def test_a_short_introduction_to_a_link_is_taken_as_pointing_elsewhere():
    verdict = check_post("Lees het persbericht: https://example.nl/nieuws/park")
    assert verdict.case == "points_elsewhere" and verdict.verdict == POST


def test_new_guidance_is_checked_first_with_the_named_officers():
    context = OrganisationContext(
        check_officers="Anna Smit (communications) and Bert Jansen (policy)"
    )
    verdict = check_post(
        "From May you can apply for a parking permit online.", organisation_context=context
    )
    assert verdict.verdict == CHECK_FIRST and verdict.case == "new_content"
    assert "Anna Smit (communications) and Bert Jansen (policy)" in verdict.summary


def test_every_reason_is_given_not_only_the_first():
    text = "Mijn BSN is 111222333 en dit is een kutzooi #help-mij"
    verdict = check_post(text, platform="x", has_image=True)
    found = codes(verdict)
    for code in (
        "decision.new_content",
        "personal_data.bsn",
        "wording.profanity",
        "hashtags.malformed",
        "image.no_alt_text",
        "reminder.public_meeting",
    ):
        assert code in found
    assert verdict.verdict == DO_NOT_POST


@pytest.mark.parametrize(
    "text,language",
    [
        ("What the fuck is going on with the bins", "en"),
        ("This is bullshit", "en"),
        ("Wat een kutzooi bij de milieustraat", "nl"),
        ("Die wethouder is een klootzak", "nl"),
        ("Rot op met je regels", "nl"),
        ("You are an idiot", "en"),
    ],
)
def test_profane_or_abusive_wording_stops_a_post(text, language):
    verdict = check_post(text, language=language, is_public_already=True)
    assert verdict.verdict == DO_NOT_POST
    assert any(c in codes(verdict) for c in ("wording.profanity", "wording.abuse"))


@pytest.mark.parametrize(
    "text,language",
    [
        ("Welcome to Scunthorpe and Penistone, and to Essex and Sussex!", "en"),
        ("The class assessment and the cocktail party were a success.", "en"),
        ("Dick Schoof visits the town hall.", "en"),
        ("U kunt uw paspoort ophalen bij de balie.", "nl"),
        ("Doe mee aan de strijd tegen kanker: steun het KWF.", "nl"),
        ("Bezoek de Domtoren en de Dom van Utrecht.", "nl"),
        ("Het matchen van vraag en aanbod gaat goed.", "nl"),
        ("Shitake mushrooms at the market today.", "en"),
    ],
)
def test_ordinary_words_that_contain_rude_ones_raise_no_alarm(text, language):
    assert find_wording(text, language) == []


def test_impolite_wording_asks_for_a_second_look():
    verdict = check_post("This is a stupid rule", language="en", is_public_already=True)
    assert verdict.verdict == CHECK_FIRST and "wording.impolite" in codes(verdict)


@pytest.mark.parametrize(
    "platform,limit",
    [
        ("x", 280),
        ("bluesky", 300),
        ("mastodon", 500),
        ("instagram", 2200),
        ("facebook", 63206),
        ("linkedin", 3000),
        ("tiktok", 2200),
        ("youtube", 5000),
    ],
)
def test_platform_length_limits(platform, limit):
    assert content.checker()["platforms"][platform]["limit"] == limit
    fits = check_post("a" * limit, platform=platform, is_public_already=True)
    assert fits.verdict == POST and fits.limit == limit
    over = check_post("a" * (limit + 1), platform=platform, is_public_already=True)
    assert over.verdict == DO_NOT_POST and "length.over_limit" in codes(over)


def test_links_count_as_23_characters_on_x():
    text = "Read more: https://example.org/" + "a" * 300
    verdict = check_post(text, platform="x", is_public_already=True)
    assert verdict.length == len("Read more: ") + 23 and verdict.verdict == POST


def test_unknown_platform_is_refused():
    with pytest.raises(UnknownPlatform):
        check_post("Hello", platform="myspace")


def test_malformed_and_too_many_hashtags_get_advice():
    malformed = check_post("Nieuws #covid-19 #2024 # en #ok.", is_public_already=True)
    reason = next(r for r in malformed.reasons if r.code == "hashtags.malformed")
    assert "#covid-19" in reason.detail["tags"] and "#2024" in reason.detail["tags"]
    assert "#ok" not in reason.detail["tags"]  # a full stop after a tag ends the sentence
    many = check_post("Fun day #a1 #b2 #c3 #d4", platform="x", is_public_already=True)
    assert "hashtags.too_many" in codes(many)
    assert many.verdict == POST  # advice does not change the verdict
    camel = check_post("Join us #roadworkshighstreet", is_public_already=True)
    assert "hashtags.camelcase" in codes(camel)
    assert "hashtags.camelcase" not in codes(
        check_post("Join us #RoadWorksHighStreet", is_public_already=True)
    )


def test_an_image_needs_alt_text():
    without = check_post("Our new library", has_image=True, is_public_already=True)
    assert without.verdict == DO_NOT_POST and "image.no_alt_text" in codes(without)
    with_alt = check_post(
        "Our new library",
        has_image=True,
        alt_text="The glass front of the library at dusk",
        is_public_already=True,
    )
    assert with_alt.verdict == POST


def election_context(today):
    return OrganisationContext(
        country="NL",
        today=today,
        election_periods=[
            ElectionWindow("Municipal elections", date(2026, 2, 1), date(2026, 3, 18))
        ],
    )


@pytest.mark.parametrize(
    "today,warned",
    [
        (date(2026, 1, 31), False),
        (date(2026, 2, 1), True),
        (date(2026, 3, 1), True),
        (date(2026, 3, 18), True),
        (date(2026, 3, 19), False),
    ],
)
def test_political_content_is_warned_about_only_inside_the_election_period(today, warned):
    verdict = check_post(
        "Het VVD-voorstel voor de nieuwe stembureaus is aangenomen",
        language="nl",
        is_public_already=True,
        organisation_context=election_context(today),
    )
    assert ("election.political_content" in codes(verdict)) is warned
    assert verdict.verdict == (CHECK_FIRST if warned else POST)


def test_neutral_content_in_the_election_period_only_gets_a_reminder():
    verdict = check_post(
        "De bibliotheek is maandag gesloten",
        language="nl",
        is_public_already=True,
        organisation_context=election_context(date(2026, 3, 1)),
    )
    assert verdict.verdict == POST and "election.period" in codes(verdict)


@pytest.mark.parametrize(
    "text,language",
    [
        ("The library will be closed on Monday because of the holiday.", "en"),
        ("De bibliotheek is maandag gesloten vanwege de feestdag.", "nl"),
        ("Wij zijn er voor u, ook in het weekend.", "nl"),
        ("We are here for you at the weekend too.", "en"),
    ],
)
def test_language_is_detected(text, language):
    assert detect_language(text) == language
    assert check_post(text).language == language


def test_messages_are_in_the_active_language():
    with translation.override("nl"):
        verdict = check_post("Mijn BSN is 111222333", language="nl")
    assert verdict.label == "Niet plaatsen"
    assert any("burgerservicenummer" in r.message for r in verdict.reasons)


def test_reasons_cite_the_clauses_of_the_published_policy():
    clauses = {
        "decision_guide": ("Posting decision guide", "..."),
        "data_privacy_archiving": ("Data", "..."),
        "principles": ("Principles", "..."),
    }
    verdict = check_post("BSN 111222333", organisation_context=OrganisationContext(clauses=clauses))
    by_code = {r.code: r for r in verdict.reasons}
    assert by_code["decision.new_content"].clause_id == "decision_guide"
    assert by_code["personal_data.bsn"].clause_id == "data_privacy_archiving"
    assert by_code["reminder.public_meeting"].clause_id == "principles"


# --- found in review: what a communications officer would notice --------------------


@pytest.mark.parametrize(
    "text, word",
    [
        ("Wat een kutgemeente is dit zeg.", "kutgemeente"),
        ("Wat een klotebeleid weer.", "klotebeleid"),
        ("Die teringherrie van de bouwplaats!", "teringherrie"),
        ("Het beleid van deze kankergemeente.", "kankergemeente"),
        ("Shitshow at the town hall today.", "shitshow"),
        ("Clusterfuck on the ring road.", "clusterfuck"),
        ("Wat een fucking zooi bij de milieustraat.", "fucking"),  # English swearing in Dutch
    ],
)
def test_swearing_inside_compound_words_and_in_the_other_language_stops_a_post(text, word):
    verdict = check_post(text)
    assert verdict.verdict == DO_NOT_POST
    assert word in next(r for r in verdict.reasons if r.code == "wording.profanity").message


@pytest.mark.parametrize(
    "text",
    [
        "Doneer voor kankeronderzoek; de kankerzorg in ons ziekenhuis is vernieuwd.",
        "De GGD start met tyfusvaccinaties voor reizigers.",
        "We zetten de tering naar de nering en geven minder uit.",
        "Wij gaan er prat op dat de bibliotheek elke dag open is.",
        "Het fietspad bij Kuttekoven wordt geasfalteerd.",
        "Het Dom-plein is afgesloten vanwege werk aan de Domtoren.",
        "Shitterton village fair and Scunthorpe market open on Saturday.",
    ],
)
def test_medical_compounds_idioms_and_place_names_raise_no_wording_alarm(text):
    assert not [r for r in check_post(text).reasons if r.code.startswith("wording.")]


def test_the_organisations_own_number_is_not_treated_as_a_residents_mobile():
    own = check_post(
        "Vragen over de afvalinzameling? Bel ons op 020 624 1111.", is_public_already=True
    )
    assert own.verdict == POST
    assert "personal_data.phone_organisation" in codes(own)
    resident = check_post("Mevrouw Jansen is bereikbaar op 06-12345678.", is_public_already=True)
    assert resident.verdict == CHECK_FIRST
    reason = next(r for r in resident.reasons if r.code == "personal_data.phone_mobile")
    assert "mobile phone number (…678)" in reason.message


def test_a_dutch_draft_with_few_small_words_is_still_recognised_as_dutch():
    assert detect_language("Die kutwethouder moet weg.") == "nl"


def test_x_counts_emoji_as_two_characters():
    verdict = check_post("Fijne feestdagen! " + "🎄" * 140, platform="x")
    assert verdict.length == 18 + 280
    assert "length.over_limit" in codes(verdict)
    assert "length.over_limit" not in codes(check_post("Fijne feestdagen! 🎄", platform="x"))


@pytest.mark.parametrize("alt", ["IMG_2041.jpg", "foto", "Image."])
def test_an_alt_text_that_says_nothing_asks_for_a_check(alt):
    verdict = check_post("Het nieuwe park is open.", has_image=True, alt_text=alt, only_links=True)
    assert verdict.verdict == CHECK_FIRST
    assert "image.poor_alt_text" in codes(verdict)
    described = check_post(
        "Het nieuwe park is open.",
        has_image=True,
        alt_text="Kinderen spelen op het nieuwe klimrek in het park.",
        only_links=True,
    )
    assert described.verdict == POST
