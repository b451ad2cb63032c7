"""The Social Media Game: sessions, rounds and the game's summary document.

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

from .. import content, game
from ..models import GameRound, GameSession


def create_session(
    organisation: Organisation,
    game_master: Person,
    name: str,
    language: str,
    players: dict[str, str] | None = None,
) -> GameSession:
    session = GameSession.objects.create(
        organisation=organisation,
        name=name,
        language=language,
        game_master=game_master,
        players={k: v for k, v in (players or {}).items() if k in content.ROLE_IDS and v},
        scores=game.start_scores(),
    )
    record_event(organisation, game_master, "training.game.created", session, name)
    return session


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
        if content.challenge(challenge_id) is None:
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
    card = content.challenge(game_round.challenge_id)
    if card is None or game_round.revealed:
        raise GameError(_("The choices of a revealed round cannot be changed."))
    keys = {o["key"] for o in card["options"]}
    clean = {role: key for role, key in choices.items() if role in content.ROLE_IDS and key in keys}
    if set(clean) != set(content.ROLE_IDS):
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
    if set(game_round.choices) != set(content.ROLE_IDS):
        raise GameError(_("Record a choice for every role before revealing."))
    card = content.challenge(game_round.challenge_id)
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
    role_points = {role: 0 for role in content.ROLE_IDS}
    for game_round in rounds:
        card = content.challenge(game_round.challenge_id)
        for role, key in game_round.choices.items():
            if card and key == card["best"]:
                role_points[role] = role_points.get(role, 0) + 1
    score_rows = [
        {**s, "value": session.scores.get(s["id"], 0), "start": content.game()["start_score"]}
        for s in game.localised_scores(language)
    ]
    role_rows = [
        {**r, "player": session.players.get(r["id"], ""), "points": role_points[r["id"]]}
        for r in game.localised_roles(language)
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
            if not game_round.revealed:
                continue
            card = content.challenge(game_round.challenge_id)
            if card is None:
                continue
            local = game.localised_card(card, language)
            options = {o["key"]: o for o in local["options"]}
            choices = [
                _("%(role)s: %(letter)s. %(option)s")
                % {
                    "role": role["name"],
                    "letter": game_round.choices.get(role["id"], "").upper(),
                    "option": options.get(game_round.choices.get(role["id"], ""), {}).get(
                        "text", "—"
                    ),
                }
                for role in game.localised_roles(language)
            ]
            effects = ", ".join(
                f"{s['name']} {game_round.effects.get(s['id'], 0):+d}"
                for s in game.localised_scores(language)
            )
            document.sections.append(
                Section(
                    _("Round %(number)s: %(title)s")
                    % {"number": game_round.number, "title": local["title"]},
                    [
                        Paragraph(local["situation"]),
                        BulletList(choices),
                        Paragraph(_("Consequences: %(effects)s.") % {"effects": effects}),
                        Paragraph(
                            _("Good practice (option %(best)s): %(text)s")
                            % {"best": local["best"], "text": local["good_practice"]}
                        ),
                    ],
                    id=f"round-{game_round.number}",
                )
            )
        return document


def summary_file(session: GameSession, fmt: str, language: str) -> bytes:
    from govsocial.documents.render import render

    return render(summary_document(session, language), fmt, organisation=session.organisation)
