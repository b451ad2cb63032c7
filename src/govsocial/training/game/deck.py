"""The players' deck as a Document: how to play, the scores, the role cards
and the challenge cards with their options A-C. Nothing a player should not
see before choosing: no consequences, no effects, no recommendation."""

from __future__ import annotations

from govsocial.documents.model import (
    BulletList,
    Document,
    PageBreak,
    Paragraph,
    Section,
    Table,
)

from .content import game
from .localise import Words, country_name, localised_card, localised_roles, localised_scores
from .rules import challenges


def scores_table(words: Words) -> Table:
    return Table(
        [words.label("score"), words.label("what_it_means"), words.label("better_when")],
        [
            [
                f"{s['arrow']} {s['name']}",
                s["explain"],
                words.label("higher" if s["better"] == "higher" else "lower"),
            ]
            for s in localised_scores(words.language, words.country)
        ],
        caption=words.label("the_scores"),
    )


def card_sections(words: Words, code: str) -> list[Section]:
    """Every challenge card as the players see it: one to a page."""
    cards = challenges()
    sections = []
    for number, card in enumerate(cards, start=1):
        local = localised_card(card, words.language, words.country, code)
        sections.append(
            Section(
                words.label("card_heading", number=number, title=local["title"]),
                [
                    Paragraph(local["situation"], emphasis=True),
                    Section(
                        words.label("each_role"),
                        [BulletList([f"{p['role']}: {p['text']}" for p in local["prompts"]])],
                    ),
                    Table(
                        [words.label("option"), words.label("what_you_do")],
                        [[o["letter"], o["text"]] for o in local["options"]],
                        caption=words.label("options"),
                    ),
                    PageBreak(),
                ],
                id=f"card-{card['id']}",
            )
        )
    return sections


def deck_document(language: str, country: str, code: str) -> Document:
    words = Words(language, country)
    data = game()
    roles = localised_roles(language, country)
    return Document(
        title=words.label("deck_title"),
        language=language,
        subtitle=words(data["introduction"]),
        meta=[
            (words.label("deck_code"), code),
            (words.label("country"), country_name(country, language)),
            (
                words.label("contents"),
                words.label("deck_contents", count=len(roles), total=len(challenges())),
            ),
        ],
        sections=[
            Section(
                words.label("how_to_play"),
                [
                    BulletList(words.all(data["player_rules"])),
                    scores_table(words),
                    Paragraph(words.label("deck_note", code=code)),
                    PageBreak(),
                ],
                id="how-to-play",
            ),
            Section(
                words.label("role_cards"),
                [
                    Section(
                        role["name"],
                        [
                            Paragraph(f"{words.label('focus')}: {role['focus']}", emphasis=True),
                            Paragraph(role["description"]),
                        ],
                        id=f"role-{role['id']}",
                    )
                    for role in roles
                ]
                + [PageBreak()],
                id="roles",
            ),
            Section(words.label("challenge_cards"), list(card_sections(words, code)), id="cards"),
        ],
    )
