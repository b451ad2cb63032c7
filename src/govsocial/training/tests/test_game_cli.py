"""`govsocial game deck`, `govsocial game guide` and `govsocial game cards`."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from govsocial.training import game


def run(*args) -> str:
    out = io.StringIO()
    call_command("game", *args, stdout=out)
    return out.getvalue()


def test_game_guide_pdf_for_a_british_trainer(tmp_path):
    out = tmp_path / "guide.pdf"
    message = run("guide", "--lang", "en", "--country", "GB", "--out", str(out))
    assert "game master's guide" in message and game.standard_code() in message
    reader = PdfReader(out)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for words in [
        "Answer key",
        "Rules",
        "A 90-minute session",
        "A half-day workshop",
        "Questions for the whole group",
        "Score sheet",
        "Worksheet",
        "cabinet member",
        "Good practice recommends option",
    ]:
        assert words in text, words
    assert "alderman" not in text.lower()
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".guide")]


def test_game_deck_in_dutch_for_the_netherlands_and_other_formats(tmp_path):
    message = run(
        "deck",
        "--lang",
        "nl",
        "--country",
        "NL",
        "--code",
        "k7qm2x",
        "--out",
        str(tmp_path / "deck.md"),
    )
    assert "K7QM2X" in message
    text = (tmp_path / "deck.md").read_text()
    assert "wethouder" in text and "Kaartcode" in text and "K7QM2X" in text
    assert "Goede praktijk raadt" not in text
    run("deck", "--lang", "en", "--country", "BE", "--out", str(tmp_path / "deck.docx"))
    with zipfile.ZipFile(tmp_path / "deck.docx") as docx:
        assert "alderman (schepen)" in docx.read("word/document.xml").decode()
    run("guide", "--lang", "en", "--out", str(tmp_path / "guide.html"))
    assert "water authority" in (tmp_path / "guide.html").read_text()  # NL by default


def test_a_deck_and_its_guide_share_the_option_order_of_their_code(tmp_path):
    run("deck", "--code", "HX4PQ2", "--out", str(tmp_path / "deck.md"))
    run("guide", "--code", "HX4PQ2", "--out", str(tmp_path / "guide.md"))
    deck, guide = (tmp_path / "deck.md").read_text(), (tmp_path / "guide.md").read_text()
    card = game.challenge("hacked_account")
    words = game.Words("en", "NL")
    for option in game.ordered_options(card, "HX4PQ2"):
        letter = game.letters(card, "HX4PQ2")[option["key"]]
        row = f"| {letter} | {words(option['text'])}"
        assert row in deck and row in guide


@pytest.mark.parametrize(
    "args,message",
    [
        (["deck", "--lang", "de", "--out", "deck.pdf"], "Unknown language"),
        (["guide", "--country", "FR", "--out", "guide.pdf"], "Unknown country FR"),
        (["guide", "--code", "nope", "--out", "guide.pdf"], "A deck code is six"),
        (["deck", "--out", "deck.txt"], "Give a file name ending in .pdf"),
        (["deck", "--out", "missing/deck.pdf"], "does not exist"),
        (["cards", "--country", "XX"], "Unknown country"),
    ],
)
def test_bad_input_exits_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message) as error:
        run(*args)
    assert error.value.returncode == 2
    assert not [p for p in tmp_path.iterdir() if p.name.lstrip(".").startswith(("deck", "guide"))]


def test_cards_lists_the_titles_in_the_countrys_words():
    lines = run("cards", "--lang", "nl", "--country", "BE").splitlines()
    assert len(lines) == len(game.challenges())
    assert lines[0] == " 1. viral_complaint: Een klacht gaat viraal"
