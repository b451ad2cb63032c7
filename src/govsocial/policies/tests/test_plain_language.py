"""Plain language, measured on every generated document: Dutch at B1, English in GOV.UK style.

For each answer set, document and language: no sentence over 25 words, at
most 10 % over 20 words, passives in under 5 % of sentences. The figures are
printed (`pytest -s`) and are part of every assertion message.
"""

import pytest

from govsocial.policies import readability, services
from govsocial.policies.tests.answer_sets import ANSWER_SETS, every_document


def test_the_figures_for_every_answer_set_and_language(capsys):
    rows = []
    failures = []
    for answer_set, kind, language, document in every_document():
        figures = readability.document_figures(document)
        row = f"{answer_set.id:28} {kind:12} {language}  {figures.summary()}"
        rows.append(row)
        if figures.over_25:
            failures.append(f"{row}\n    longest: {figures.longest_sentence}")
        if figures.share_over_20 > 0.10:
            failures.append(f"{row}\n    more than 10 % over 20 words")
        if figures.share_passive >= 0.05:
            failures.append(f"{row}\n    passives: {list(figures.passive_sentences)}")
    table = "\n".join(["", "Plain-language figures (issue 14):", *rows])
    with capsys.disabled():
        print(table)
    assert not failures, table + "\n\nFailing:\n" + "\n".join(failures)
    # The staff policy, the house rules and the companion documents, in two languages.
    assert len(rows) == len(ANSWER_SETS) * len(services.DOCUMENT_KINDS) * 2


@pytest.mark.parametrize(
    ("sentence", "language", "passive"),
    [
        ("Het bericht wordt door het team gecontroleerd.", "nl", True),
        ("Dat het bericht is verwijderd, staat vast.", "nl", True),
        ("De accounts zijn bemand van 08.30 tot 17.00 uur.", "nl", True),
        ("Ze worden minstens eens per maand veiliggesteld.", "nl", True),
        ("Wij beantwoorden vragen op werkdagen.", "nl", False),
        ("Dit beleid geldt voor iedereen.", "nl", False),
        ("Een account dat alleen zendt, verandert niets.", "nl", False),
        ("Comments are moderated before publication.", "en", True),
        ("Comments are not read one by one.", "en", True),
        ("Are you harassed online because of your work?", "en", True),
        ("A request is handled within the legal time limit.", "en", True),
        ("We answer every question.", "en", False),
        ("Comments are open.", "en", False),
    ],
)
def test_the_passive_detector(sentence, language, passive):
    assert readability.is_passive(sentence, language) is passive


def test_sentences_split_at_full_stops_but_not_inside_times_or_numbers():
    found = readability.sentences(
        "Wij antwoorden van 08.30 tot 17.00 uur. Zie nr. 64569/09 van het Hof. Klaar? Ja!"
    )
    assert found == [
        "Wij antwoorden van 08.30 tot 17.00 uur.",
        "Zie nr. 64569/09 van het Hof.",
        "Klaar?",
        "Ja!",
    ]
    assert len(readability.words("Bel 112, niet via sociale media.")) == 6


def test_honest_and_fair_are_two_words_in_dutch():
    for answer_set, kind, language, document in every_document():
        if kind != "policy" or language != "nl":
            continue
        text = document.text()
        assert "Wees verantwoordelijk en eerlijk." in text
        assert "Wees geloofwaardig, nauwkeurig en evenwichtig." in text
        assert text.count("eerlijk") == 1, answer_set.id


def test_the_house_rules_speak_to_the_reader():
    for answer_set, kind, language, document in every_document():
        if kind != "house_rules":
            continue
        found = readability.document_sentences(document)
        you = " u " if language == "nl" else " you"
        addressed = [s for s in found if you in f" {s.lower()} "]
        assert len(addressed) >= 10, (answer_set.id, language, len(addressed))
