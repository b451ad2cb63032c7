"""The documents made from the same answers: profile texts, pinned post, webcare
replies and privacy statement. Content checks, limits, plain language, the four
formats reopened, the version page, the published page and the command line."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from govsocial.core.content import ContentError
from govsocial.documents import render
from govsocial.policies import companion_content, services
from govsocial.policies.tests.factories import answers, make_version

# The limits the platforms set (characters), per profile text.
BIO_LIMITS = {
    "x": 160,
    "instagram": 150,
    "facebook": 255,
    "linkedin_tagline": 120,
    "linkedin_about": 2000,
    "mastodon": 500,
    "bluesky": 256,
}
LONG_NAME = "Gemeenschappelijke Regeling Veiligheids- en Gezondheidsregio " + "X" * 139
# Three organisations: a small Dutch municipality staffed on weekday mornings only,
# a UK council with round-the-clock webcare, one with comments closed.
ANSWER_SETS = {
    "small_nl": (
        {"staffed_hours": "09:00-12:30", "staffed_days": "weekdays", "response_time_hours": 24},
        "NL",
    ),
    "uk_24_7": ({"response_basis": "around_the_clock", "response_time_hours": 2}, "GB"),
    "comments_closed": ({"comments_open": False, "goals": ["information", "crisis"]}, "BE"),
}


def build(kind, language="en", name="Example Council", set_name="small_nl", **changes):
    changed, country = ANSWER_SETS[set_name]
    return services.build_document(
        kind, answers(**{**changed, **changes}), language, organisation_name=name, country=country
    )


def sections(document):
    return {section.id: section for section in document.sections}


# --- the loader -----------------------------------------------------------------------


def test_companion_content_loads_and_is_registered():
    content = companion_content.load()
    assert tuple(content) == companion_content.KINDS == services.COMPANION_KINDS
    assert set(services.COMPANION_KINDS) <= set(services.DOCUMENT_KINDS)


def _minimal(**section_changes):
    section = {
        "id": "one",
        "title": {"en": "One", "nl": "Een"},
        "blocks": [{"p": {"en": "Hello {organisation}.", "nl": "Hallo {organisation}."}}],
        **section_changes,
    }
    return {
        "document": {
            "label": {"en": "L", "nl": "L"},
            "file_name": {"en": "l", "nl": "l"},
            "title": {"en": "T", "nl": "T"},
            "subtitle": {"en": "S", "nl": "S"},
        },
        "fill_ins": {"phone": {"en": "[phone]", "nl": "[telefoon]", "longest": 20}},
        "sections": [section],
    }


def test_a_minimal_file_parses():
    content = companion_content.parse("bio", _minimal())
    assert content.sections[0].blocks[0].text.nl == "Hallo {organisation}."
    assert content.fill_ins["phone"].longest == 20


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"blocks": [{"p": {"en": "Hi {nobody}", "nl": "Hoi {nobody}"}}]}, "no value fills"),
        ({"blocks": [{"p": {"en": "Hi %(name)s", "nl": "Hoi"}}]}, "write {name} instead"),
        ({"blocks": [{"p": {"en": "Hi"}}]}, "missing or empty 'nl'"),
        ({"blocks": [{"p": {"en": "{phone}", "nl": "x"}}]}, "placeholders differ"),
        ({"when": {"weekend": True}}, "unknown flag 'weekend'"),
        ({"when": {"comments_open": "yes"}}, "must be true or false"),
        (
            {"blocks": [{"p": {"en": "a", "nl": "b"}, "note": {"en": "a", "nl": "b"}}]},
            "exactly one",
        ),
        (
            {"blocks": [{"post": {"limit": 0, "variants": [{"en": "a", "nl": "b"}]}}]},
            "needs a limit",
        ),
        (
            {
                "blocks": [
                    {"post": {"limit": 10, "variants": [{"en": "{organisation}", "nl": "x"}]}}
                ]
            },
            "(not {organisation})",
        ),
        (
            {
                "blocks": [
                    {"post": {"limit": 10, "variants": [{"en": "Call {phone}", "nl": "Bel"}]}}
                ]
            },
            "can take",
        ),
        ({"id": "Not An Id"}, "needs an id"),
        ({"blocks": []}, "needs a list of blocks"),
    ],
)
def test_the_loader_names_each_fault(changes, message):
    with pytest.raises(ContentError) as caught:
        companion_content.parse("bio", _minimal(**changes))
    assert message in str(caught.value)
    assert str(caught.value).startswith("bio.yaml: ")


def test_fill_ins_are_bracketed_and_have_a_length():
    data = _minimal()
    data["fill_ins"] = {"phone": {"en": "phone", "nl": "[telefoon]"}}
    with pytest.raises(ContentError) as caught:
        companion_content.parse("bio", data)
    assert "[square brackets]" in str(caught.value) and "needs 'longest'" in str(caught.value)


def test_a_missing_file_is_a_content_error(monkeypatch, tmp_path):
    monkeypatch.setattr(companion_content, "CONTENT_DIR", tmp_path)
    with pytest.raises(ContentError, match="bio.yaml: missing"):
        companion_content.read("bio")


# --- values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "en", "nl"),
    [
        # 24 hours counted in 3.5 staffed hours a day is seven working days (issue 14, defect 8)
        (
            {"staffed_hours": "09:00-12:30", "response_time": "24 hours"},
            "within 7 working days",
            "binnen 7 werkdagen",
        ),
        ({"response_time": "8 hours"}, "within 8 working hours", "binnen 8 werkuren"),
        ({"response_time": "1 uur"}, "within 1 working hour", "binnen 1 werkuur"),
        ({"response_time": "9 hours"}, "within 2 working days", "binnen 2 werkdagen"),
        (
            {"staffed_days": "all_week", "response_time": "20 hours"},
            "within 3 days",
            "binnen 3 dagen",
        ),
        (
            {"response_basis": "around_the_clock", "response_time": "24 hours"},
            "within 24 hours",
            "binnen 24 uur",
        ),
        ({"response_time": "2 werkdagen"}, "within 2 working days", "binnen 2 werkdagen"),
        ({"response_time": "1 working day"}, "within 1 working day", "binnen 1 werkdag"),
    ],
)
def test_the_response_promise_is_said_in_hours_or_days_people_understand(changes, en, nl):
    given = {**answers(), **changes}
    assert services.response_promise(given, "en") == en
    assert services.response_promise(given, "nl") == nl


def test_staffed_hours_read_the_gov_uk_way_and_the_dutch_way():
    values = services.companion_values(
        answers(staffed_hours="08:30-17:00"), "en", services.Context("Example Council")
    )
    assert values["hours"] == "Monday to Friday, 8:30am to 5pm"
    assert values["hours_short"] == "Mon to Fri 8:30am to 5pm"
    values = services.companion_values(
        answers(staffed_hours="12:00-24:00", staffed_days="all_week"),
        "nl",
        services.Context("Gemeente Voorbeeld"),
    )
    assert values["hours"] == "elke dag van 12.00 tot 24.00 uur"
    en = services.companion_values(
        answers(staffed_hours="12:00-24:00"), "en", services.Context("Example Council")
    )
    assert en["hours_short"] == "Mon to Fri midday to midnight"


def test_every_value_stays_within_the_length_the_loader_counts_on():
    bounded = {k: v for k, v in companion_content.VALUES.items() if v is not None}
    clocks = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 15, 30, 45)]
    hours_answers = [("09:00", "12:30"), ("00:00", "24:00")] + [
        (a, b) for a in clocks[::7] for b in clocks[::5] if a < b
    ]
    for start, end in hours_answers:
        for days in ("weekdays", "all_week"):
            for basis in ("office_hours", "around_the_clock"):
                for hours in (1, 9, 168):
                    given = answers(
                        staffed_hours=f"{start}-{end}",
                        staffed_days=days,
                        response_basis=basis,
                        response_time_hours=hours,
                    )
                    for language in ("en", "nl"):
                        for audience in services.AUDIENCE_WORDS:
                            context = services.Context("X", audience=audience, country="GB")
                            values = services.companion_values(given, language, context)
                            for name, longest in bounded.items():
                                assert len(values[name]) <= longest, (name, values[name])


# --- profile texts --------------------------------------------------------------------------


def test_the_profile_texts_have_the_platforms_limits():
    bio = companion_content.load()["bio"]
    limits = {s.id: s.blocks[0].post.limit for s in bio.sections}
    assert limits == BIO_LIMITS


@pytest.mark.parametrize("set_name", list(ANSWER_SETS))
@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("name", ["Example Council", "Gemeente Westerwolde", LONG_NAME])
def test_every_profile_text_fits_its_platform(set_name, language, name):
    document = build("bio", language, name, set_name)
    found = sections(document)
    assert set(found) == set(BIO_LIMITS) | {"adoption"}  # every document carries its adoption
    for platform, limit in BIO_LIMITS.items():
        text = found[platform].blocks[0].text
        assert len(text) <= limit, (platform, len(text), text)
        assert text and "{" not in text
        count_note = found[platform].blocks[1].text
        assert str(len(text)) in count_note and str(limit) in count_note


def test_profile_texts_say_who_runs_the_account_when_and_where_to_go_if_urgent():
    nl = sections(build("bio", "nl", "Gemeente Westerwolde"))
    x = nl["x"].blocks[0].text
    assert "Gemeente Westerwolde" in x and "ma-vr 09.00-12.30 uur" in x
    assert "Noodgeval? Bel 112." in x and "[telefoonnummer]" in x
    assert "Het team communicatie beheert" in nl["facebook"].blocks[0].text
    uk = sections(build("bio", "en", "Example Council", "uk_24_7"))
    assert "We reply 24/7." in uk["x"].blocks[0].text
    assert "Emergency? Call 999." in uk["x"].blocks[0].text
    assert "day and night, every day" in uk["facebook"].blocks[0].text
    assert "within 2 hours" in uk["linkedin_about"].blocks[0].text
    # a name too long for X falls back to the text without it
    long = sections(build("bio", "en", LONG_NAME))
    assert LONG_NAME not in long["x"].blocks[0].text
    assert long["x"].blocks[0].text.startswith("We reply Mon to Fri 9am to 12:30pm.")
    assert LONG_NAME in long["linkedin_about"].blocks[0].text


def test_house_rules_are_named_only_when_comments_are_open():
    open_ = sections(build("bio", "en"))["mastodon"].blocks[0].text
    closed = sections(build("bio", "en", set_name="comments_closed"))["mastodon"].blocks[0].text
    assert "House rules" in open_ and "House rules" not in closed


# --- plain language -----------------------------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"[\w\[\]'’-]+")


# A simple passive: a form of "to be" / "worden" followed (within a few words) by a participle.
PASSIVE = {
    "en": re.compile(
        r"\b(?:is|are|was|were|be|been|being)\b(?:\s+\w+){0,2}?\s+\w+(?:ed|en|wn|ept|ent)\b",
        re.IGNORECASE,
    ),
    "nl": re.compile(
        r"\b(?:wordt|worden|werd|werden)\b.*\b(?:ge\w+[dt]|\w+(?:eerd|ceerd))\b", re.IGNORECASE
    ),
}


def sentences(document) -> list[str]:
    found = []
    for section in document.sections:
        for block in section.blocks:
            texts = getattr(block, "items", None) or [getattr(block, "text", "")]
            for text in texts:
                found += [s for s in SENTENCE_END.split(text) if WORD.search(s)]
    return found


def sentence_lengths(document) -> list[int]:
    return [len(WORD.findall(sentence)) for sentence in sentences(document)]


@pytest.mark.parametrize("kind", services.COMPANION_KINDS)
@pytest.mark.parametrize("set_name", list(ANSWER_SETS))
@pytest.mark.parametrize("language", ["en", "nl"])
def test_companion_documents_are_in_short_active_sentences(kind, set_name, language):
    document = build(kind, language, "Example Council", set_name)
    lengths = sentence_lengths(document)
    over_20 = sum(1 for n in lengths if n > 20)
    passives = [s for s in sentences(document) if PASSIVE[language].search(s)]
    figures = (
        f"{kind} {set_name} {language}: {len(lengths)} sentences, longest {max(lengths)} words, "
        f"{over_20} over 20 words, {len(passives)} passive"
    )
    print(figures)
    assert max(lengths) <= 25, figures
    assert over_20 <= 0.10 * len(lengths), figures
    assert len(passives) < 0.05 * len(lengths), f"{figures}: {passives}"


# --- the four formats, reopened -----------------------------------------------------------


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _pdftotext(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", services.COMPANION_KINDS)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_each_format_reopens_with_the_texts(kind, language, tmp_path):
    from govsocial.documents.tests.pdf_structure import read_structure

    document = build(kind, language, "Gemeente Westerwolde")
    first = document.sections[0]
    sample = next(
        b.text for section in document.sections for b in section.blocks if hasattr(b, "text")
    )
    probe = " ".join(sample.split()[:6])
    html = render.render(document, "html").decode()
    assert f'<html lang="{language}">' in html and document.title in html
    md = render.render(document, "md").decode()
    assert f"# {document.title}" in md
    docx_text = _docx_text(render.render(document, "docx"))
    assert document.title in docx_text and first.title in docx_text and probe in docx_text
    pdf = render.render(document, "pdf")
    assert probe in _words(_pdf_text(pdf))
    assert probe in _words(_pdftotext(pdf, tmp_path))
    found = read_structure(pdf)
    assert found.lang == language and found.marked and found.tags["H2"] >= 1


# --- the version page, the published page and the command line ------------------------------


def test_the_version_page_offers_every_companion_document(lead_client, organisation, lead):
    version = make_version(organisation, lead)
    html = lead_client.get(
        reverse("policies:version", args=[version.pk]) + "?doc=bio&lang=nl"
    ).content.decode()
    assert "Profielteksten voor onze socialemedia-accounts" in html
    for label in ("Profile texts (bios)",):
        assert label in html
    response = lead_client.get(
        reverse(
            "policies:download",
            kwargs={"pk": version.pk, "kind": "bio", "lang": "nl", "fmt": "docx"},
        )
    )
    assert response.status_code == 200
    assert (
        'filename="gemeente-voorbeeld-profielteksten-v1-nl.docx"' in response["Content-Disposition"]
    )
    assert "Noodgeval? Bel 112." in _docx_text(response.content)


def test_the_published_page_downloads_a_companion_document(staff_client, organisation, lead):
    make_version(organisation, lead, publish=True)
    url = reverse("policies:published_download", kwargs={"kind": "bio", "lang": "en", "fmt": "pdf"})
    response = staff_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "example-council-profile-texts-v1-en.pdf" in response["Content-Disposition"]
    assert "Official account of Example Council." in _words(_pdf_text(response.content))
    html = staff_client.get(reverse("policies:published") + "?doc=bio").content.decode()
    assert "Profile texts for our social media accounts" in html


def test_an_unknown_kind_is_not_found(lead_client, organisation, lead):
    version = make_version(organisation, lead)
    url = f"/policy/versions/{version.pk}/download/manifesto-en.pdf"
    assert lead_client.get(url).status_code == 404


@pytest.fixture
def answers_file(tmp_path):
    out = io.StringIO()
    call_command("policy", "example-answers", stdout=out)
    path = tmp_path / "answers.yaml"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", services.COMPANION_KINDS)
def test_the_command_line_writes_each_companion_document(answers_file, tmp_path, kind):
    out_path = tmp_path / f"{kind}.docx"
    out = io.StringIO()
    call_command(
        "policy",
        "generate",
        "--answers",
        str(answers_file),
        "--document",
        kind,
        "--lang",
        "nl",
        "--country",
        "GB",
        "--organisation-name",
        "Gemeente Voorbeeld",
        "--out",
        str(out_path),
        stdout=out,
    )
    assert "docx" in out.getvalue()
    title = companion_content.load()[kind].title.nl
    assert title in _docx_text(out_path.read_bytes())


def test_the_command_line_refuses_two_documents(answers_file, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command(
            "policy",
            "generate",
            "--answers",
            str(answers_file),
            "--house-rules",
            "--document",
            "bio",
            "--out",
            str(tmp_path / "x.pdf"),
        )
    assert caught.value.returncode == 2 and "--house-rules" in str(caught.value)
    assert not (tmp_path / "x.pdf").exists()


# --- pinned post ----------------------------------------------------------------------------


@pytest.mark.parametrize("set_name", list(ANSWER_SETS))
@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("name", ["Example Council", LONG_NAME])
def test_the_pinned_post_fits_x_and_instagram(set_name, language, name):
    found = sections(build("pinned", language, name, set_name))
    assert len(found["short"].blocks[0].text) <= 280
    assert len(found["long"].blocks[0].text) <= 2200


def test_the_pinned_post_follows_the_answers():
    small = sections(build("pinned", "nl", "Gemeente Westerwolde"))["long"].blocks[0].text
    assert "Wij reageren op werkdagen van 09.00 tot 12.30 uur." in small
    assert "Dan krijgt u binnen 7 werkdagen antwoord." in small
    assert "Stuurt u een bericht buiten deze tijden?" in small
    assert "[link naar huisregels]" in small and "Bij een noodgeval belt u 112." in small
    closed = sections(build("pinned", "en", set_name="comments_closed"))
    assert "You cannot comment on our posts." in closed["short"].blocks[0].text
    assert "house rules" not in closed["long"].blocks[0].text
    assert "In a crisis or emergency" in closed["long"].blocks[0].text
    uk = sections(build("pinned", "en", set_name="uk_24_7"))["long"].blocks[0].text
    assert "outside these hours" not in uk and "call 999" in uk
    # the long post keeps its lines
    assert small.count("\n") >= 6


# --- webcare replies ----------------------------------------------------------------------

REPLIES = ("thanks", "looking_into_it", "private_message", "complaint", "emergency")


def _organisation(kind="municipality", country="NL"):
    from govsocial.core.models import Organisation

    return Organisation(
        slug="x",
        name_en="Example Council",
        name_nl="Gemeente Voorbeeld",
        kind=kind,
        country=country,
    )


@pytest.mark.parametrize("set_name", list(ANSWER_SETS))
@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_webcare_reply_fits_a_reply_on_x(set_name, language):
    found = sections(build("webcare", language, LONG_NAME, set_name))
    assert set(REPLIES) <= set(found)
    for reply in REPLIES:
        posts = [b.text for b in found[reply].blocks[1:] if type(b).__name__ == "Paragraph"]
        assert posts
        for text in posts:
            if "^[" in text:  # a reply, not the line that says when to use it
                assert len(text) <= 280, (reply, text)


def test_webcare_replies_follow_the_answers_and_the_country():
    nl = sections(build("webcare", "nl", "Gemeente Westerwolde"))
    assert "U krijgt binnen 7 werkdagen antwoord." in nl["looking_into_it"].blocks[1].text
    assert "burgerservicenummer (BSN)" in nl["private_message"].blocks[2].text
    assert "Is er direct gevaar? Bel dan meteen 112." in nl["emergency"].blocks[1].text
    assert "outside_hours" in nl
    uk = sections(build("webcare", "en", set_name="uk_24_7"))
    assert "National Insurance number" in uk["private_message"].blocks[2].text
    assert "call 999 now" in uk["emergency"].blocks[1].text
    assert "outside_hours" not in uk  # staffed around the clock
    be = sections(build("webcare", "nl", set_name="comments_closed"))
    assert "rijksregisternummer" in be["private_message"].blocks[1].text
    # with comments closed there is no advice on deleting comments
    assert not any("Verwijder" in b.text for b in be["private_message"].blocks)


def test_only_a_public_body_points_to_the_ombudsman():
    council = services.build_document("webcare", answers(), "en", organisation=_organisation())
    housing = services.build_document(
        "webcare", answers(), "en", organisation=_organisation("housing_association")
    )
    assert "Ombudsman" in sections(council)["complaint"].blocks[1].text
    assert "Ombudsman" not in sections(housing)["complaint"].blocks[1].text


def test_the_private_message_reply_says_delete_not_hide():
    note = sections(build("webcare", "en"))["private_message"].blocks[1].text
    assert "Do not only hide it" in note and "stays visible" in note


# --- privacy statement ----------------------------------------------------------------------


def test_the_privacy_statement_names_joint_controllership_retention_rights_and_contact():
    nl = build("privacy", "nl", "Gemeente Westerwolde")
    found = sections(nl)
    assert set(found) >= {
        "what_we_use",
        "lawful_basis",
        "facebook",
        "retention",
        "rights",
        "contact",
    }
    facebook = " ".join(b.text for b in found["facebook"].blocks)
    assert "samen met Meta verantwoordelijk" in facebook and "C-210/16" in facebook
    assert "Page Insights Controller Addendum" in facebook
    retention = " ".join(b.text for b in found["retention"].blocks)
    assert "selectielijst" in retention and "jaar" not in retention  # no flat "10 years"
    assert "verwijderen wij die reactie" in retention
    assert "artikel 6 lid 1 onder e van de AVG" in nl.text()
    assert "Autoriteit Persoonsgegevens" in nl.text()
    assert "functionaris gegevensbescherming" in found["contact"].blocks[0].text
    # what is processed, as a table
    table = found["what_we_use"].blocks[0]
    assert table.header == ["Gegevens", "Waarvoor wij ze gebruiken"] and len(table.rows) == 5
    # list items that continue "U kunt ons vragen om:" stay in lower case
    assert found["rights"].blocks[1].items[0].startswith("u de gegevens")


def test_the_privacy_statement_follows_country_kind_and_comments():
    uk = build("privacy", "en", set_name="uk_24_7")
    assert "Article 6(1)(e) of the UK GDPR" in uk.text()
    assert "retention schedule says" in uk.text() and "selectielijst" not in uk.text()
    assert "Information Commissioner's Office (ICO)" in uk.text()
    be = build("privacy", "nl", set_name="comments_closed")
    assert "Gegevensbeschermingsautoriteit" in be.text()
    assert "Uw reacties op onze berichten" not in be.text()
    assert "verwijderen wij die reactie" not in be.text()
    housing = services.build_document(
        "privacy", answers(), "en", organisation=_organisation("housing_association")
    )
    text = housing.text()
    assert "legitimate interest" in text and "Article 6(1)(f) of the GDPR" in text
    assert "public task" not in text and "data protection officer" not in text
    elsewhere = services.build_document(
        "privacy", answers(), "en", organisation=_organisation(country="DE")
    )
    assert "data protection authority in your country" in elsewhere.text()
