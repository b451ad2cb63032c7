"""The players' deck and the game master's guide: what each holds (and what
the deck must not), per country and language, and their downloads on the web."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from govsocial.documents.model import BulletList, Section, Table
from govsocial.training import game

CODE = "K7QM2X"


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def walk(blocks):
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from walk(block.blocks)


def section(document, section_id) -> Section:
    return next(b for b in walk(document.sections) if getattr(b, "id", "") == section_id)


def option_tables(document) -> dict[str, dict[str, str]]:
    """Card section id → {option text: letter}, from the tables with an option column."""
    found = {}
    for block in walk(document.sections):
        if isinstance(block, Section) and block.id.startswith(("card-", "answer-")):
            table = next(b for b in block.blocks if isinstance(b, Table))
            found[block.id.split("-", 1)[1]] = {row[1]: row[0] for row in table.rows}
    return found


def first_words(text: str, count: int = 7) -> str:
    return " ".join(text.split()[:count])


@pytest.fixture(scope="module")
def deck_pdf_gb():
    return pdf_text(game.render_file("deck", "en", "GB", CODE, "pdf"))


def test_the_players_deck_holds_no_answers(deck_pdf_gb):
    text = deck_pdf_gb
    words = game.Words("en", "GB")
    assert "Card 24" in text and "The Governor" in text and f"Deck code {CODE}" in text
    for card in game.challenges():
        assert first_words(words(card["title"]), 4) in text
        assert first_words(words(card["good_practice"])) not in text
        for option in card["options"]:
            assert first_words(words(option["text"]), 5) in text
            assert first_words(words(option["outcome"])) not in text, card["id"]
            if option.get("change"):
                assert first_words(words(option["change"]["text"])) not in text
        for prompt in card["discussion"]:
            assert words(prompt) not in text
    assert not re.search(r"recommend|good practice|\+[1-3]\b", text, re.IGNORECASE)


def test_the_british_deck_names_british_bodies(deck_pdf_gb):
    assert not re.search(r"alderman|aldermen|water board", deck_pdf_gb, re.IGNORECASE)
    assert "cabinet member" in deck_pdf_gb and "Environment Agency" in deck_pdf_gb
    assert "leader of the council" in deck_pdf_gb


@pytest.mark.parametrize(
    "language,country,present,absent",
    [
        (
            "nl",
            "NL",
            ["wethouder", "waterschap", "gemeenteraad"],
            ["schepen", "portefeuillehouder"],
        ),
        ("nl", "BE", ["schepen", "Vlaamse Milieumaatschappij"], ["wethouder", "waterschap"]),
        ("en", "NL", ["alderman", "water authority"], ["water board", "cabinet member"]),
        ("nl", "GB", ["portefeuillehouder", "Environment Agency"], ["wethouder", "waterschap"]),
    ],
)
def test_each_country_has_its_own_names(language, country, present, absent):
    for kind in game.KINDS:
        text = game.document(kind, language, country, CODE).text()
        for word in present:
            assert word in text, (kind, word)
        for word in absent:
            assert not re.search(rf"\b{word}\b", text, re.IGNORECASE), (kind, word)


def test_options_are_lettered_a_to_c_alike_in_the_deck_and_its_guide():
    deck = option_tables(game.deck_document("en", "NL", CODE))
    guide = option_tables(game.guide_document("en", "NL", CODE))
    assert set(deck) == set(guide) == {c["id"] for c in game.challenges()}
    for card_id, letters in deck.items():
        assert sorted(letters.values()) == ["A", "B", "C"][: len(letters)]
        assert letters == guide[card_id]
    other = option_tables(game.deck_document("en", "NL", "HX4PQ2"))
    assert other != deck  # another code, another order


def test_the_guide_has_the_rules_sheet_and_the_debrief():
    guide = game.guide_document("en", "GB", CODE)
    rules = section(guide, "rules")
    titles = [b.title for b in rules.blocks if isinstance(b, Section)]
    assert titles == [
        "Setting up",
        "Turn order",
        "How a round works (10 minutes)",
        "End of the game",
        "Scoring",
    ]
    round_table = next(b for b in walk([rules]) if isinstance(b, Table))
    assert sum(int(r[1]) for r in round_table.rows[:-1]) == 10 == int(round_table.rows[-1][1])
    debrief = section(guide, "debrief")
    per_role = next(b for b in debrief.blocks if isinstance(b, Section))
    assert [s.title for s in per_role.blocks] == [r["name"] for r in game.localised_roles("en")]
    assert all(len(s.blocks[0].items) >= 2 for s in per_role.blocks)
    group = debrief.blocks[1]
    assert group.title == "Questions for the whole group" and len(group.blocks[0].items) >= 5


@pytest.mark.parametrize("plan_id,total,end", [("ninety", 90, "1:30"), ("half_day", 210, "3:30")])
def test_the_session_plans_add_up_to_their_length(plan_id, total, end):
    for language in ("en", "nl"):
        plan = section(game.guide_document(language, "NL", CODE), f"plan-{plan_id}")
        table = next(b for b in plan.blocks if isinstance(b, Table))
        steps, total_row = table.rows[:-1], table.rows[-1]
        assert sum(int(r[1]) for r in steps) == total == int(total_row[1])
        assert steps[-1][0].endswith(end)
        cards = next(b for b in walk([plan]) if isinstance(b, BulletList))
        # ten minutes a round: the rounds in the plan fit the cards it lists
        rounds = sum(int(r[1]) for r in steps if "round" in r[2].lower() or "ronde" in r[2].lower())
        assert rounds == 10 * len(cards.items)
    assert 180 <= 210 <= 240  # half a day


def test_the_answer_key_recommends_an_option_for_every_card_with_prompts():
    guide = game.guide_document("nl", "BE", CODE)
    for card in game.challenges():
        answer = section(guide, f"answer-{card['id']}")
        letter = game.letters(card, CODE)[card["recommended"]]
        lead = next(b for b in answer.blocks if getattr(b, "emphasis", False))
        assert lead.text.startswith(f"Goede praktijk raadt optie {letter} aan")
        discussion = next(b for b in answer.blocks if isinstance(b, Section))
        assert len(discussion.blocks[0].items) >= 2


def test_the_score_sheet_and_worksheet_are_printable_tables():
    guide = game.guide_document("en", "NL", CODE)
    sheet = section(guide, "score-sheet")
    tables = [b for b in sheet.blocks if isinstance(b, Table)]
    assert tables[0].header[2:] == [r["name"] for r in game.localised_roles("en")]
    assert tables[1].rows[0] == ["Start", "50", "50", "50", "50", "50"]
    assert "↓ Risk" in tables[1].header and "↑ Time and budget left" in tables[1].header
    worksheet = section(guide, "worksheet")
    table = next(b for b in worksheet.blocks if isinstance(b, Table))
    assert "What our guidelines should say" in table.header and len(table.rows) >= 9
    assert "Open a draft policy revision" in guide.text()
    overview = next(b for b in walk([worksheet]) if isinstance(b, Table) and b is not table)
    assert any("password manager" in row[2] for row in overview.rows)


def test_the_guide_pdf_has_every_part_a_trainer_needs():
    text = pdf_text(game.render_file("guide", "nl", "NL", CODE, "pdf"))
    for words in [
        "Voor de sessie",
        "Spelregels",
        "Voorbereiden",
        "Volgorde van spreken",
        "Zo verloopt een ronde (10 minuten)",
        "Einde van het spel",
        "Een sessie van 90 minuten",
        "Een workshop van een halve dag",
        "Antwoordsleutel",
        "Vragen per rol",
        "Vragen aan de hele groep",
        "Scoreformulier",
        "Werkblad",
        f"Kaartcode {CODE}",
        "wethouder",
    ]:
        assert words in text, words


@pytest.mark.django_db
@pytest.mark.parametrize("kind", game.KINDS)
@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("country", game.COUNTRY_CODES)
def test_deck_and_guide_download_in_every_language_and_country(
    staff_client, kind, language, country
):
    url = reverse("training:game_download", args=[kind, country, language, "md"])
    response = staff_client.get(url + f"?code={CODE}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    title = game.Words(language, country).label(f"{kind}_title")
    text = response.content.decode()
    assert f"# {title}\n" in text
    assert CODE in text and CODE in response["Content-Disposition"]


@pytest.mark.django_db
def test_the_pdfs_download_from_the_web(staff_client):
    for kind, language, country, word in (
        ("deck", "nl", "BE", "schepen"),
        ("guide", "en", "GB", "Answer key"),
    ):
        response = staff_client.get(
            reverse("training:game_download", args=[kind, country, language, "pdf"])
        )
        assert response["Content-Type"] == "application/pdf"
        assert word in pdf_text(response.content)
        assert game.standard_code() in response["Content-Disposition"]
    wrong = reverse("training:game_download", args=["guide", "NL", "en", "pdf"]) + "?code=nope"
    assert staff_client.get(wrong).status_code == 404


@pytest.mark.django_db
def test_the_print_form_works_without_javascript(staff_client):
    page = staff_client.get(reverse("training:game")).content.decode()
    assert f'action="{reverse("training:game_print")}"' in page and 'id="print_country"' in page
    response = staff_client.get(
        reverse("training:game_print"),
        {"kind": "guide", "lang": "nl", "country": "BE", "fmt": "docx", "code": "k7q m2x"},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("training:game_download", args=["guide", "BE", "nl", "docx"]) + f"?code={CODE}"
    )
    standard = staff_client.get(
        reverse("training:game_print"),
        {"kind": "deck", "lang": "en", "country": "GB", "fmt": "pdf", "code": ""},
    )
    assert standard["Location"].endswith(f"?code={game.standard_code()}")
    bad = staff_client.get(
        reverse("training:game_print"),
        {"kind": "deck", "lang": "en", "country": "FR", "fmt": "pdf", "code": "nope"},
    )
    assert bad.status_code == 400
    assert "A deck code is six letters and digits" in bad.content.decode()
    assert staff_client.get(reverse("training:game_print")).status_code == 200


@pytest.mark.django_db
def test_the_old_deck_address_leads_to_the_players_deck(staff_client, organisation):
    response = staff_client.get(reverse("training:game_deck") + "?lang=nl")
    assert response["Location"] == reverse(
        "training:game_download", args=["deck", organisation.country, "nl", "pdf"]
    )
    assert staff_client.get(reverse("training:game_deck") + "?lang=de").status_code == 404
