import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govsocial.core.access import EDITOR, LEAD, get_for_org, member_required, scoped
from govsocial.core.errors import GovSocialError
from govsocial.core.files import download_name
from govsocial.core.i18n import current_language

from . import game, player_views, policy, services
from .drafts import DraftInvalid, draft_input
from .forms import (
    CheckForm,
    ChoicesForm,
    DealForm,
    ElectionPeriodForm,
    GameSessionForm,
    GuidelinesForm,
    PrintForm,
    QuizForm,
)
from .models import ElectionPeriod, GameSession, QuizAttempt


@member_required()
def index(request):
    version = policy.published(request.organisation)
    return render(
        request,
        "training/index.html",
        {
            "ack": services.acknowledgement_for(request.organisation, request.user, version)
            if version
            else None,
            "version": version,
            "is_lead": request.membership.role == LEAD,
            "election_period": services.current_election_period(request.organisation),
        },
    )


# --- can I post this? ---------------------------------------------------------------------


@member_required()
def check(request):
    verdict = None
    form = CheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and form.draft is not None:
        verdict = services.check(request.organisation, form.draft)
    template = "training/_check_result.html" if request.htmx else "training/check.html"
    return render(
        request, template, {"form": form, "verdict": verdict, "htmx_errors": bool(request.htmx)}
    )


def _api_error(message: str, status: int, field: str = "") -> JsonResponse:
    return JsonResponse({"error": message, "field": field}, status=status)


def check_api(request):
    """POST a draft (JSON or form fields) → the verdict as JSON. Same-origin, with CSRF."""
    if not request.user.is_authenticated or request.membership is None:
        return _api_error(_("Sign in first."), 401)
    if request.method != "POST":
        response = _api_error(_("Use POST."), 405)
        response["Allow"] = "POST"
        return response
    try:
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except (ValueError, RecursionError):  # RecursionError: nested too deeply
                return _api_error(_("The body is not valid JSON."), 400)
            if not isinstance(data, dict):
                return _api_error(_("The body must be a JSON object."), 400)
        else:
            data = request.POST.dict()
    except (RequestDataTooBig, TooManyFieldsSent):
        return _api_error(_("The request is too large."), 400)
    try:
        draft = draft_input(data)
    except DraftInvalid as error:
        return _api_error(error.message(), 400, error.field)
    verdict = services.check(request.organisation, draft)
    return JsonResponse(verdict.to_dict())


# --- policy acknowledgement -------------------------------------------------------------------


@member_required()
def policy_page(request):
    organisation = request.organisation
    version = policy.published(organisation)
    if request.method == "POST":
        if version is None:
            messages.error(request, _("There is no published policy to confirm yet."))
        else:
            services.acknowledge(organisation, request.user)
            messages.success(
                request,
                _("Thank you: you have confirmed that you have read policy version %(number)s.")
                % {"number": version.number},
            )
        return redirect("training:policy")
    return render(
        request,
        "training/policy.html",
        {
            "version": version,
            "ack": services.acknowledgement_for(organisation, request.user, version)
            if version
            else None,
            "policy_url": version.url if version else "",
        },
    )


@member_required(LEAD)
def acknowledgements(request):
    try:
        number = int(request.GET.get("version", ""))
    except ValueError:
        number = None
    overview = services.acknowledgement_overview(request.organisation, number)
    return render(request, "training/acknowledgements.html", {"overview": overview})


# --- quiz -------------------------------------------------------------------------------------------


@member_required()
def quiz(request):
    language = current_language()
    ids = (
        [x for x in request.POST.get("scenarios", "").split(",") if x]
        if request.method == "POST"
        else None
    )
    questions, info = services.quiz_for(
        request.organisation,
        language,
        ids,
        seed=f"{request.user.pk}-{QuizAttempt.objects.filter(person=request.user).count()}",
    )
    form = QuizForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        attempt = services.submit_quiz(
            request.organisation, request.user, questions, form.chosen(), language, info.number
        )
        return redirect("training:quiz_result", attempt=attempt.uuid)
    return render(request, "training/quiz.html", {"form": form, "info": info})


@member_required()
def quiz_result(request, attempt):
    attempt = get_for_org(QuizAttempt, request.organisation, uuid=attempt)
    if attempt.person_id != request.user.pk and request.membership.role != LEAD:
        raise Http404
    rows = []
    if all("prompt" in answer for answer in attempt.answers.values()):
        # The questions as they were asked (the policy may have changed since),
        # in the order asked (PostgreSQL does not keep the keys' order).
        stored = sorted(attempt.answers.items(), key=lambda item: item[1].get("position", 0))
        for question_id, answer in stored:
            question = {
                "id": question_id,
                "prompt": answer["prompt"],
                "feedback": answer["feedback"],
                "clause_id": answer["clause_id"],
                "clause_title": answer["clause_title"],
            }
            rows.append(
                {
                    "question": question,
                    "chosen": answer["chosen_text"],
                    "correct": answer["correct_text"],
                    "right": answer["right"],
                }
            )
    else:  # an attempt stored before the questions were kept with it
        questions, _info = services.quiz_for(
            request.organisation,
            attempt.language,
            [k for k in attempt.answers if not k.startswith("policy_")],
        )
        for question in questions:
            answer = attempt.answers.get(question.id)
            if answer is None:
                continue
            rows.append(
                {
                    "question": question,
                    "chosen": question.option_text(answer["chosen"]),
                    "correct": question.option_text(question.answer),
                    "right": answer["right"],
                }
            )
    return render(request, "training/quiz_result.html", {"attempt": attempt, "rows": rows})


@member_required(LEAD)
def quiz_results(request):
    return render(
        request, "training/quiz_results.html", {"rows": services.quiz_results(request.organisation)}
    )


# --- election periods ---------------------------------------------------------------------------------


@member_required(LEAD)
def elections(request):
    form = ElectionPeriodForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_election_period(
            request.organisation, request.user, data["name"], data["starts_on"], data["ends_on"]
        )
        messages.success(request, _("Election period %(name)s added.") % {"name": data["name"]})
        return redirect("training:elections")
    periods = scoped(ElectionPeriod, request.organisation)
    return render(request, "training/elections.html", {"form": form, "periods": periods})


@require_POST
@member_required(LEAD)
def election_delete(request, pk):
    period = get_for_org(ElectionPeriod, request.organisation, pk=pk)
    services.delete_election_period(period, request.user)
    messages.success(request, _("Election period %(name)s removed.") % {"name": period.name})
    return redirect("training:elections")


# --- the game --------------------------------------------------------------------------------------------


def _can_run(request, session: GameSession) -> bool:
    return session.game_master_id == request.user.pk or request.membership.role in (LEAD, EDITOR)


@member_required()
def game_index(request):
    language = current_language()
    country = game.country_for(request.organisation.country)
    form = GameSessionForm(
        request.POST if request.method == "POST" else None, language=language, country=country
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = services.create_session(
            request.organisation,
            request.user,
            data["name"],
            data["language"],
            form.players(),
            country=data["country"],
            deck_code=data["deck_code"],
        )
        return redirect("training:game_session", session=session.uuid)
    sessions = scoped(GameSession, request.organisation).select_related("game_master")
    return render(
        request,
        "training/game_index.html",
        {
            "form": form,
            "print_form": PrintForm(language=language, country=country),
            "sessions": sessions,
            "roles": game.localised_roles(language, country),
            "card_count": len(game.challenges()),
        },
        status=400 if form.errors else 200,
    )


def _session(request, session) -> GameSession:
    return get_for_org(
        GameSession.objects.select_related("game_master", "organisation"),
        request.organisation,
        uuid=session,
    )


def _revealed(session: GameSession, current, card) -> dict:
    roles = game.localised_roles(session.language, services.session_country(session))
    options = {o["key"]: o for o in card["options"]}
    return {
        "chosen": [
            {"role": role, "option": options.get(current.choices.get(role["id"], ""))}
            for role in roles
        ],
        "round_effects": [
            {"name": s["name"], "value": current.effects.get(s["id"], 0)}
            for s in game.localised_scores(session.language, services.session_country(session))
        ],
    }


def _print_links(session: GameSession) -> list[dict]:
    country = services.session_country(session)
    code = session.deck_code or game.standard_code()
    return [
        {
            "kind": kind,
            "url": reverse("training:game_download", args=[kind, country, session.language, "pdf"])
            + f"?code={code}",
        }
        for kind in game.KINDS
    ]


@member_required()
def game_session(request, session, forms=None):
    session = _session(request, session)
    language, country = session.language, services.session_country(session)
    current = services.current_round(session)
    raw_card = game.challenge(current.challenge_id) if current else None
    card = services.session_card(session, raw_card) if raw_card else None
    forms = forms or {}
    played = set(session.rounds.values_list("challenge_id", flat=True))
    roles = game.localised_roles(language, country)
    changes = services.guideline_changes(session)
    words = game.Words(language, country)
    context = {
        "session": session,
        "can_run": _can_run(request, session),
        "can_propose": request.membership.role in (LEAD, EDITOR),
        "current": current,
        "card": card,
        "board": services.scoreboard(session, language),
        "deal_form": forms.get("deal")
        or DealForm(language=language, country=country, played=played),
        "choices_form": forms.get("choices")
        or (
            ChoicesForm(
                initial={r: k for r, k in current.choices.items() if r not in session.claimed_roles},
                card=card,
                roles=_typed_roles(session, roles),
            )
            if card and not current.revealed
            else None
        ),
        "guidelines_form": forms.get("guidelines") or GuidelinesForm(changes=changes),
        "has_changes": bool(changes),
        "roles": roles,
        "players": session.players,
        "country_name": game.country_name(country, language),
        "print_links": _print_links(session),
        "join_url": player_views.join_url(request, session),
        "players_status": services.players.waiting_for(session, current),
        "history": [
            {"round": r, "title": words(game.challenge(r.challenge_id)["title"])}
            for r in session.rounds.order_by("number")
            if r.revealed and game.challenge(r.challenge_id)
        ],
    }
    if current and current.revealed and card:
        context.update(_revealed(session, current, card))
    return render(request, "training/game_session.html", context, status=400 if forms else 200)


def _run_action(request, session_uuid):
    session = _session(request, session_uuid)
    if not _can_run(request, session):
        raise PermissionDenied
    return session


def _typed_roles(session: GameSession, roles: list[dict]) -> list[dict]:
    """The roles whose choice the game master records: those not played on a phone."""
    return [r for r in roles if r["id"] not in session.claimed_roles]


def _to_round(session: GameSession):
    return redirect(
        reverse("training:game_session", kwargs={"session": session.uuid}) + "#current-round"
    )


@require_POST
@member_required()
def game_deal(request, session):
    session_obj = _run_action(request, session)
    played = set(session_obj.rounds.values_list("challenge_id", flat=True))
    form = DealForm(
        request.POST,
        language=session_obj.language,
        country=services.session_country(session_obj),
        played=played,
    )
    if not form.is_valid():
        return game_session(request, session, forms={"deal": form})
    try:
        services.deal(session_obj, request.user, form.cleaned_data.get("challenge") or None)
    except services.GameError as error:
        messages.error(request, str(error))
    return _to_round(session_obj)


@require_POST
@member_required()
def game_choices(request, session):
    session_obj = _run_action(request, session)
    current = services.current_round(session_obj)
    raw_card = game.challenge(current.challenge_id) if current else None
    if raw_card is None:
        messages.error(request, _("Deal a challenge card first."))
        return redirect("training:game_session", session=session_obj.uuid)
    roles = game.localised_roles(session_obj.language, services.session_country(session_obj))
    card = services.session_card(session_obj, raw_card)
    form = ChoicesForm(request.POST, card=card, roles=_typed_roles(session_obj, roles))
    if not form.is_valid():
        return game_session(request, session, forms={"choices": form})
    on_phones = {r: k for r, k in current.choices.items() if r in session_obj.claimed_roles}
    if set(on_phones) != set(session_obj.claimed_roles):
        messages.error(request, _("Not every player has chosen yet."))
        return _to_round(session_obj)
    try:
        services.record_choices(current, request.user, {**on_phones, **form.cleaned_data})
        services.reveal(current, request.user)
    except services.GameError as error:
        messages.error(request, str(error))
    return _to_round(session_obj)


@require_POST
@member_required()
def game_end(request, session):
    session_obj = _run_action(request, session)
    services.end_session(session_obj, request.user)
    messages.success(request, _("The game has ended. Here is the scoreboard."))
    return redirect("training:game_session", session=session_obj.uuid)


@require_POST
@member_required(LEAD, EDITOR)
def game_guidelines(request, session):
    """Open a draft policy revision with the guideline changes the group agreed."""
    session_obj = _session(request, session)
    form = GuidelinesForm(request.POST, changes=services.guideline_changes(session_obj))
    if form.is_valid():
        try:
            url = services.propose_guidelines(
                session_obj, request.user, form.cleaned_data["changes"]
            )
        except GovSocialError as error:
            form.add_error("changes", str(error))
        else:
            messages.success(
                request,
                _(
                    "A draft policy revision with the agreed changes is ready. Read it, then a "
                    "communications lead can approve it."
                ),
            )
            return redirect(url)
    return game_session(request, session, forms={"guidelines": form})


@member_required()
def game_summary(request, session, fmt):
    session_obj = _session(request, session)
    from govsocial.documents.render import content_type

    body = services.summary_file(session_obj, fmt, session_obj.language)
    response = HttpResponse(body, content_type=content_type(fmt))
    played = timezone.localtime(session_obj.created_at).date().isoformat()
    name = download_name(
        session_obj.organisation, session_obj.language, "social-media-game", played, extension=fmt
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@member_required()
def game_download(request, kind, country, lang, fmt):
    """The players' deck or the game master's guide, in a language, country and format."""
    asked = request.GET.get("code", "")
    code = game.clean_code(asked) if asked else game.standard_code()
    if code is None:
        raise Http404("Not a deck code")
    from govsocial.documents.render import content_type

    body = game.render_file(kind, lang, country, code, fmt, organisation=request.organisation)
    response = HttpResponse(body, content_type=content_type(fmt))
    name = game.file_name(kind, lang, country, code, fmt, organisation=request.organisation)
    disposition = "inline" if fmt in ("pdf", "html") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@member_required()
def game_print(request):
    """The print form (GET): on to the file it asks for, or back with what to correct."""
    language = current_language()
    country = game.country_for(request.organisation.country)
    form = PrintForm(request.GET or None, language=language, country=country)
    if form.is_valid():
        data = form.cleaned_data
        url = reverse(
            "training:game_download",
            args=[data["kind"], data["country"], data["lang"], data["fmt"]],
        )
        return redirect(f"{url}?code={data['code']}")
    return render(
        request,
        "training/game_print.html",
        {"print_form": form},
        status=400 if form.is_bound else 200,
    )


@member_required()
def game_deck(request):
    """The old address of the deck: the players' deck in the organisation's country."""
    language = request.GET.get("lang") or current_language()
    if language not in ("en", "nl"):
        raise Http404
    country = game.country_for(request.organisation.country)
    return redirect("training:game_download", "deck", country, language, "pdf")
