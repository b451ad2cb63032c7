"""The Social Media Game: sessions, rounds and the game's summary document.

A session shows the cards in its own option order (its deck code) and in its
country's words; the deck and guide printed with the same code match it.
Every state change is written to the audit trail.
"""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from govsocial.core.errors import GovSocialError
from govsocial.core.models import Organisation, Person
from govsocial.core.services import record_event
from govsocial.documents.model import BulletList, Document, Paragraph, Section, Table

from .. import game
from ..game import ROLE_IDS
from ..models import GameRound, GameSession


def create_session(
    organisation: Organisation,
    game_master: Person,
    name: str,
    language: str,
    players: dict[str, str] | None = None,
    country: str | None = None,
    deck_code: str | None = None,
) -> GameSession:
    """A new session; without a deck code of a printed deck it gets a fresh option order."""
    session = GameSession.objects.create(
        organisation=organisation,
        name=name,
        language=language,
        game_master=game_master,
        country=game.country_for(country or organisation.country),
        deck_code=game.clean_code(deck_code) or game.new_code(),
        players={k: v for k, v in (players or {}).items() if k in ROLE_IDS and v},
        scores=game.start_scores(),
    )
    record_event(
        organisation,
        game_master,
        "training.game.created",
        session,
        name,
        deck_code=session.deck_code,
        country=session.country,
    )
    return session


def session_country(session: GameSession) -> str:
    return game.country_for(session.country or session.organisation.country)


def session_card(session: GameSession, card: dict[str, Any]) -> dict[str, Any]:
    """A card as the session shows it: its language, its country's words, its option order."""
    return game.localised_card(
        card, session.language, session_country(session), session.deck_code or None
    )


class GameError(GovSocialError):
    """A game action that does not fit the session's state (message for the person)."""


def current_round(session: GameSession) -> GameRound | None:
    return session.rounds.order_by("-number").first()


@transaction.atomic
def deal(
    session: GameSession,
    person: Person | None,
    challenge_id: str | None = None,
    rng: random.Random | None = None,
) -> GameRound:
    """Deal the next challenge card (a named one, or one not yet played)."""
    if session.state != GameSession.State.PLAYING:
        raise GameError(_("This game has ended."))
    last = current_round(session)
    if last is not None and not last.revealed:
        raise GameError(_("Reveal the current round before dealing the next challenge."))
    played = set(session.rounds.values_list("challenge_id", flat=True))
    if challenge_id:
        if game.challenge(challenge_id) is None:
            raise GameError(_("There is no challenge card %(id)s.") % {"id": challenge_id})
    else:
        remaining = [c["id"] for c in game.challenges() if c["id"] not in played]
        if not remaining:
            raise GameError(_("Every challenge card has been played."))
        challenge_id = (rng or random.Random()).choice(remaining)
    number = (last.number + 1) if last else 1
    game_round = GameRound.objects.create(
        organisation=session.organisation, session=session, number=number, challenge_id=challenge_id
    )
    record_event(
        session.organisation,
        person,
        "training.game.dealt",
        session,
        f"round {number}: {challenge_id}",
        round=number,
        challenge=challenge_id,
    )
    return game_round


@transaction.atomic
def record_choices(
    game_round: GameRound, person: Person | None, choices: dict[str, str]
) -> GameRound:
    card = game.challenge(game_round.challenge_id)
    if card is None or game_round.revealed:
        raise GameError(_("The choices of a revealed round cannot be changed."))
    keys = {o["key"] for o in card["options"]}
    clean = {role: key for role, key in choices.items() if role in ROLE_IDS and key in keys}
    if set(clean) != set(ROLE_IDS):
        raise GameError(_("Record a choice for every role."))
    game_round.choices = clean
    game_round.save(update_fields=["choices"])
    record_event(
        game_round.organisation,
        person,
        "training.game.choices",
        game_round.session,
        f"round {game_round.number}",
        round=game_round.number,
        choices=clean,
    )
    return game_round


@transaction.atomic
def reveal(game_round: GameRound, person: Person | None) -> GameRound:
    if game_round.revealed:
        return game_round
    if set(game_round.choices) != set(ROLE_IDS):
        raise GameError(_("Record a choice for every role before revealing."))
    card = game.challenge(game_round.challenge_id)
    if card is None:
        raise GameError(_("There is no challenge card %(id)s.") % {"id": game_round.challenge_id})
    effects = game.round_effects(card, game_round.choices)
    session = GameSession.objects.select_for_update().get(pk=game_round.session_id)
    session.scores = game.apply(session.scores, effects)
    session.save(update_fields=["scores"])
    game_round.effects = effects
    game_round.revealed = True
    game_round.save(update_fields=["effects", "revealed"])
    record_event(
        game_round.organisation,
        person,
        "training.game.revealed",
        session,
        f"round {game_round.number}",
        round=game_round.number,
        effects=effects,
    )
    return game_round


@transaction.atomic
def end_session(session: GameSession, person: Person | None) -> GameSession:
    if session.state == GameSession.State.FINISHED:
        return session
    last = current_round(session)
    if last is not None and not last.revealed:
        last.delete()  # a dealt card without choices does not count
    session.state = GameSession.State.FINISHED
    session.finished_at = timezone.now()
    session.save(update_fields=["state", "finished_at"])
    record_event(
        session.organisation,
        person,
        "training.game.ended",
        session,
        session.name,
        scores=session.scores,
    )
    return session


def scoreboard(session: GameSession, language: str) -> dict[str, Any]:
    """Team scores and, per role, how often it chose what good practice says."""
    rounds = [r for r in session.rounds.order_by("number") if r.revealed]
    role_points = {role: 0 for role in ROLE_IDS}
    for game_round in rounds:
        card = game.challenge(game_round.challenge_id)
        for role, key in game_round.choices.items():
            if card and key == card["recommended"]:
                role_points[role] = role_points.get(role, 0) + 1
    country = session_country(session)
    score_rows = [
        {**s, "value": session.scores.get(s["id"], 0), "start": game.game()["start_score"]}
        for s in game.localised_scores(language, country)
    ]
    role_rows = [
        {**r, "player": session.players.get(r["id"], ""), "points": role_points[r["id"]]}
        for r in game.localised_roles(language, country)
    ]
    return {
        "scores": score_rows,
        "roles": role_rows,
        "rounds": len(rounds),
        "overall": game.overall(session.scores),
    }


def summary_document(session: GameSession, language: str) -> Document:
    """The game's summary as a Document (Markdown or PDF through the documents renderers)."""
    with translation.override(language):
        board = scoreboard(session, language)
        document = Document(
            title=_("Social Media Game: %(name)s") % {"name": session.name},
            language=language,
            organisation=session.organisation.name(language),
            meta=[
                (
                    _("Game master"),
                    session.game_master.display_name() if session.game_master else "—",
                ),
                (_("Played on"), session.created_at.date().isoformat()),
                (_("Deck code"), session.deck_code or "—"),
                (_("Rounds"), str(board["rounds"])),
                (_("Overall score"), str(board["overall"])),
            ],
        )
        document.sections.append(
            Section(
                _("Scoreboard"),
                [
                    Table(
                        [_("Score"), _("Start"), _("End"), _("Better when")],
                        [
                            [
                                s["name"],
                                str(s["start"]),
                                str(s["value"]),
                                _("higher") if s["better"] == "higher" else _("lower"),
                            ]
                            for s in board["scores"]
                        ],
                        caption=_("Team scores"),
                    ),
                    Table(
                        [_("Role"), _("Player"), _("Choices that match good practice")],
                        [
                            [r["name"], r["player"] or "—", f"{r['points']} / {board['rounds']}"]
                            for r in board["roles"]
                        ],
                        caption=_("Roles"),
                    ),
                ],
                id="scoreboard",
            )
        )
        for game_round in session.rounds.order_by("number"):
            section = _round_section(session, game_round, language)
            if section is not None:
                document.sections.append(section)
        return document


def _round_section(session: GameSession, game_round: GameRound, language: str) -> Section | None:
    card = game.challenge(game_round.challenge_id)
    if card is None or not game_round.revealed:
        return None
    country = session_country(session)
    local = game.localised_card(card, language, country, session.deck_code or None)
    options = {o["key"]: o for o in local["options"]}
    choices = []
    for role in game.localised_roles(language, country):
        chosen = options.get(game_round.choices.get(role["id"], ""))
        choices.append(
            _("%(role)s: %(letter)s. %(option)s")
            % {
                "role": role["name"],
                "letter": chosen["letter"] if chosen else "—",
                "option": chosen["text"] if chosen else "—",
            }
        )
    effects = ", ".join(
        f"{s['name']} {game_round.effects.get(s['id'], 0):+d}"
        for s in game.localised_scores(language, country)
    )
    return Section(
        _("Round %(number)s: %(title)s") % {"number": game_round.number, "title": local["title"]},
        [
            Paragraph(local["situation"]),
            BulletList(choices),
            Paragraph(_("Consequences: %(effects)s.") % {"effects": effects}),
            Paragraph(
                _("Good practice (option %(best)s): %(text)s")
                % {"best": local["recommended"], "text": local["good_practice"]}
            ),
        ],
        id=f"round-{game_round.number}",
    )


def summary_file(session: GameSession, fmt: str, language: str) -> bytes:
    from govsocial.documents.render import render

    return render(summary_document(session, language), fmt, organisation=session.organisation)
