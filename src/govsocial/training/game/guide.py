"""The game master's guide as a Document: what to prepare, the rules sheet,
session plans with timings, the answer key (in the order of one deck code),
debrief questions, a printable score sheet and the worksheet that turns the
session's outcomes into guideline changes."""

from __future__ import annotations

from typing import Any

from govsocial.documents.model import (
    Block,
    BulletList,
    Document,
    PageBreak,
    Paragraph,
    Section,
    Table,
)

from .content import game
from .deck import scores_table
from .localise import Words, country_name, localised_card, localised_roles, localised_scores
from .rules import challenges

BLANK = " \n \n "  # a cell to write in: tall enough for a pen in the PDF
SHEET_ROUNDS = 10


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def plan_rows(plan: dict[str, Any], words: Words) -> list[list[str]]:
    """One row per step: the clock time from the start, minutes, the part and what happens."""
    rows, start = [], 0
    for step in plan["steps"]:
        end = start + step["minutes"]
        rows.append(
            [
                f"{_clock(start)}–{_clock(end)}",
                str(step["minutes"]),
                words(step["title"]),
                words(step["text"]),
            ]
        )
        start = end
    rows.append([words.label("total"), str(start), "", ""])
    return rows


def _card_number(card_id: str) -> int:
    return next(i for i, c in enumerate(challenges(), start=1) if c["id"] == card_id)


def _plans(words: Words) -> Section:
    sections: list[Block] = []
    for plan in game()["plans"]:
        titles = {c["id"]: words(c["title"]) for c in challenges()}
        sections.append(
            Section(
                words(plan["title"]),
                [
                    Paragraph(words(plan["summary"])),
                    Table(
                        [
                            words.label("time"),
                            words.label("minutes"),
                            words.label("part"),
                            words.label("what_happens"),
                        ],
                        plan_rows(plan, words),
                    ),
                    Section(
                        words.label("cards_to_play"),
                        [
                            BulletList(
                                [
                                    words.label(
                                        "card_heading", number=_card_number(cid), title=titles[cid]
                                    )
                                    for cid in plan["cards"]
                                ],
                                ordered=True,
                            )
                        ],
                    ),
                ],
                id=f"plan-{plan['id']}",
            )
        )
    return Section(words.label("session_plans"), [*sections, PageBreak()], id="plans")


def _rules(words: Words) -> Section:
    rules = game()["rules"]
    round_rows = [[words(s["title"]), str(s["minutes"]), words(s["text"])] for s in rules["round"]]
    round_rows.append([words.label("total"), str(rules["round_minutes"]), ""])
    return Section(
        words.label("rules_sheet"),
        [
            Section(words.label("setup"), [BulletList(words.all(rules["setup"]), ordered=True)]),
            Section(words.label("turn_order"), [BulletList(words.all(rules["turn_order"]))]),
            Section(
                words.label("round_heading", minutes=rules["round_minutes"]),
                [
                    Table(
                        [words.label("step"), words.label("minutes"), words.label("what_happens")],
                        round_rows,
                    )
                ],
            ),
            Section(words.label("end_of_game"), [BulletList(words.all(rules["end"]))]),
            Section(
                words.label("scoring"),
                [BulletList(words.all(rules["scoring"])), scores_table(words)],
            ),
            PageBreak(),
        ],
        id="rules",
    )


def _effects(option: dict[str, Any], words: Words) -> str:
    arrows = {s["id"]: s["arrow"] for s in localised_scores(words.language, words.country)}
    return "\n".join(
        f"{arrows[e['id']]} {e['name']} {e['value']:+d}"
        if e["value"]
        else f"{arrows[e['id']]} {e['name']} 0"
        for e in option["effects"]
    )


def _answer(card: dict[str, Any], number: int, words: Words, code: str) -> Section:
    local = localised_card(card, words.language, words.country, code)
    changes = [f"{o['letter']}: {o['change']}" for o in local["options"] if o["change"]]
    blocks: list[Block] = [
        Paragraph(local["situation"]),
        Table(
            [
                words.label("option"),
                words.label("what_you_do"),
                words.label("what_happens"),
                words.label("the_scores"),
            ],
            [[o["letter"], o["text"], o["outcome"], _effects(o, words)] for o in local["options"]],
        ),
        Paragraph(
            f"{words.label('recommended', letter=local['recommended'])}. {local['good_practice']}",
            emphasis=True,
        ),
        Section(words.label("discussion"), [BulletList(local["discussion"])]),
    ]
    if changes:
        blocks.append(Section(words.label("guideline_changes"), [BulletList(changes)]))
    return Section(
        words.label("card_heading", number=number, title=local["title"]),
        blocks,
        id=f"answer-{card['id']}",
    )


def _debrief(words: Words) -> Section:
    roles = localised_roles(words.language, words.country)
    return Section(
        words.label("debrief"),
        [
            Section(
                words.label("per_role"),
                [Section(r["name"], [BulletList(r["debrief"])]) for r in roles],
            ),
            Section(words.label("whole_group"), [BulletList(words.all(game()["debrief"]))]),
            PageBreak(),
        ],
        id="debrief",
    )


def _score_sheet(words: Words) -> Section:
    roles = localised_roles(words.language, words.country)
    scores = localised_scores(words.language, words.country)
    start = str(game()["start_score"])
    rounds = [str(n) for n in range(1, SHEET_ROUNDS + 1)]
    return Section(
        words.label("score_sheet"),
        [
            Paragraph(words.label("score_sheet_intro")),
            Table(
                [words.label("round"), words.label("card")] + [r["name"] for r in roles],
                [[n] + [BLANK] * (len(roles) + 1) for n in rounds],
                caption=words.label("choices_per_round"),
            ),
            Table(
                [words.label("round")]
                + [f"{s['arrow']} {s['name']}" for s in scores]
                + [words.label("overall")],
                [[words.label("start")] + [start] * len(scores) + [start]]
                + [[n] + [BLANK] * (len(scores) + 1) for n in rounds]
                + [[words.label("end")] + [BLANK] * (len(scores) + 1)],
                caption=words.label("scores_per_round"),
            ),
            PageBreak(),
        ],
        id="score-sheet",
    )


def _worksheet(words: Words, code: str) -> Section:
    data = game()["worksheet"]
    overview = []
    for number, card in enumerate(challenges(), start=1):
        local = localised_card(card, words.language, words.country, code)
        heading = words.label("card_heading", number=number, title=local["title"])
        overview += [[heading, o["letter"], o["change"]] for o in local["options"] if o["change"]]
    return Section(
        words.label("worksheet"),
        [
            Paragraph(words(data["intro"])),
            BulletList(words.all(data["steps"]), ordered=True),
            Table(
                [
                    f"{words.label('round')} / {words.label('card')}",
                    words.label("what_we_chose"),
                    words.label("guidelines_say"),
                    words.label("decision"),
                    words.label("who_when"),
                ],
                [[str(n)] + [BLANK] * 4 for n in range(1, SHEET_ROUNDS + 1)],
            ),
            Paragraph(words(data["console"])),
            Section(
                words.label("changes_overview"),
                [
                    Paragraph(words.label("changes_overview_intro")),
                    Table(
                        [words.label("card"), words.label("option"), words.label("guidelines_say")],
                        overview,
                    ),
                ],
            ),
        ],
        id="worksheet",
    )


def guide_document(language: str, country: str, code: str) -> Document:
    words = Words(language, country)
    data = game()
    answers = [
        _answer(card, number, words, code) for number, card in enumerate(challenges(), start=1)
    ]
    return Document(
        title=words.label("guide_title"),
        language=language,
        subtitle=words(data["introduction"]),
        meta=[
            (words.label("deck_code"), code),
            (words.label("country"), country_name(country, language)),
        ],
        contents=True,
        sections=[
            Section(
                words.label("before_session"),
                [
                    Paragraph(words.label("guide_note", code=code), emphasis=True),
                    Section(
                        words.label("what_you_need"), [BulletList(words.all(data["preparation"]))]
                    ),
                    PageBreak(),
                ],
                id="before",
            ),
            _rules(words),
            _plans(words),
            Section(
                words.label("answer_key"),
                [Paragraph(words.label("answer_key_intro", code=code)), *answers, PageBreak()],
                id="answers",
            ),
            _debrief(words),
            _score_sheet(words),
            _worksheet(words, code),
        ],
    )
