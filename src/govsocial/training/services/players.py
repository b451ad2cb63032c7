"""Players on their own phones: a join link per session, a role per browser, a choice per round.

The link carries a code derived from the session and the secret key, so it needs no
table and cannot be guessed from the session's id. A player needs no account: the
browser's session holds which role it claimed. Choices stay hidden until the game
master reveals the round."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from base64 import b32encode
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from .. import game
from ..game import ROLE_IDS
from ..models import GameRound, GameSession
from .games import GameError, session_country

NAME_LENGTH = 60


def join_code(session: GameSession) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"game-join:{session.uuid}".encode(), hashlib.sha256
    ).digest()
    return b32encode(digest).decode()[:20].lower()


def session_for_player(session_uuid: Any, code: str) -> GameSession:
    """The session a join link names; a wrong code is as unknown as a wrong session."""
    session = (
        GameSession.objects.select_related("organisation").filter(uuid=session_uuid).first()
    )
    if session is None or not hmac.compare_digest(join_code(session), str(code)):
        raise Http404
    return session


def new_claim() -> str:
    return secrets.token_urlsafe(16)


@transaction.atomic
def claim_role(session: GameSession, role: str, claim: str, name: str) -> GameSession:
    """Take a free role for this browser (or re-take one's own)."""
    locked = GameSession.objects.select_for_update().get(pk=session.pk)
    if locked.state != GameSession.State.PLAYING:
        raise GameError(_("This game has ended."))
    if role not in ROLE_IDS:
        raise GameError(_("Choose one of the roles."))
    holder = locked.claimed_roles.get(role)
    if holder and not hmac.compare_digest(holder, claim):
        raise GameError(_("Someone else has taken this role. Choose another one."))
    locked.claimed_roles = {
        r: c for r, c in locked.claimed_roles.items() if c != claim
    } | {role: claim}
    name = " ".join(name.split())[:NAME_LENGTH]
    if name:
        locked.players = {**locked.players, role: name}
    locked.save(update_fields=["claimed_roles", "players"])
    return locked


def role_of(session: GameSession, claim: str | None) -> str | None:
    if not claim:
        return None
    return next(
        (r for r, c in session.claimed_roles.items() if hmac.compare_digest(c, claim)), None
    )


@transaction.atomic
def choose(session: GameSession, role: str, option_key: str) -> GameRound:
    """A player's choice for the current round; they may change it until the reveal."""
    game_round = (
        GameRound.objects.select_for_update().filter(session=session).order_by("-number").first()
    )
    if game_round is None or game_round.revealed:
        raise GameError(_("There is no open round to choose in. Wait for the next challenge."))
    card = game.challenge(game_round.challenge_id)
    if card is None or option_key not in {o["key"] for o in card["options"]}:
        raise GameError(_("Choose one of the options."))
    game_round.choices = {**game_round.choices, role: option_key}
    game_round.save(update_fields=["choices"])
    return game_round


def waiting_for(session: GameSession, game_round: GameRound | None) -> list[dict[str, Any]]:
    """Per role: its player, whether a phone holds it, and whether it has chosen
    (never what it chose: the console shows that only at the reveal)."""
    roles = game.localised_roles(session.language, session_country(session))
    chosen = set(game_round.choices) if game_round and not game_round.revealed else set()
    return [
        {
            "name": role["name"],
            "player": session.players.get(role["id"], ""),
            "joined": role["id"] in session.claimed_roles,
            "chosen": role["id"] in chosen,
        }
        for role in roles
    ]
