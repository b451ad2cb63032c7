"""The Social Media Game on the players' own phones (no account needed) and the
game master's join link. See services/players.py for what a join code is."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation

from govsocial.core.access import get_for_org, member_required
from govsocial.core.qr import qr_svg

from . import game, services
from .models import GameSession

CLAIMS = "game_claims"  # in the player's browser session: session uuid → claim


def join_url(request, session: GameSession) -> str:
    code = services.players.join_code(session)
    return request.build_absolute_uri(
        reverse("training:game_play", kwargs={"session": session.uuid, "code": code})
    )


@member_required()
def game_join_qr(request, session):
    session_obj = get_for_org(GameSession.objects.all(), request.organisation, uuid=session)
    return HttpResponse(qr_svg(join_url(request, session_obj)), content_type="image/svg+xml")


def _claim(request, session: GameSession) -> str | None:
    return request.session.get(CLAIMS, {}).get(str(session.uuid))


def game_play(request, session, code):
    session_obj = services.players.session_for_player(session, code)
    # The session's language, unless this player chose their own with the switcher.
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or session_obj.language
    if language not in dict(settings.LANGUAGES):
        language = session_obj.language
    translation.activate(language)
    request.LANGUAGE_CODE = language
    if request.method == "POST":
        return _act(request, session_obj, code)
    role_id = services.players.role_of(session_obj, _claim(request, session_obj))
    country = services.session_country(session_obj)
    roles = game.localised_roles(language, country)
    current = services.current_round(session_obj)
    raw_card = game.challenge(current.challenge_id) if current else None
    card = (
        game.localised_card(raw_card, language, country, session_obj.deck_code or None)
        if raw_card
        else None
    )
    context = {
        "session": session_obj,
        "code": code,
        "roles": [
            {**r, "taken": r["id"] in session_obj.claimed_roles and r["id"] != role_id}
            for r in roles
        ],
        "role": next((r for r in roles if r["id"] == role_id), None),
        "current": current,
        "card": card,
        "playing": session_obj.state == GameSession.State.PLAYING,
    }
    if card and role_id:
        options = {o["key"]: o for o in card["options"]}
        context["prompt"] = next(p for p in card["prompts"] if p["role_id"] == role_id)
        context["mine"] = options.get(current.choices.get(role_id, ""))
    # Poll while there is nothing to do; never while the player may be choosing.
    context["poll"] = context["playing"] and role_id and (
        card is None or current.revealed or context.get("mine") is not None
    )
    return render(request, "training/game_play.html", context)


def _act(request, session: GameSession, code: str):
    here = reverse("training:game_play", kwargs={"session": session.uuid, "code": code})
    try:
        if request.POST.get("action") == "claim":
            claim = _claim(request, session) or services.players.new_claim()
            services.players.claim_role(
                session, request.POST.get("role", ""), claim, request.POST.get("name", "")
            )
            request.session[CLAIMS] = {**request.session.get(CLAIMS, {}), str(session.uuid): claim}
        else:
            role_id = services.players.role_of(session, _claim(request, session))
            if role_id is None:
                return redirect(here)
            services.players.choose(session, role_id, request.POST.get("option", ""))
    except services.GameError as error:
        messages.error(request, str(error))
    return redirect(here)
