import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govsocial.core.access import EDITOR, LEAD, get_for_org, member_required, scoped
from govsocial.core.i18n import current_language

from . import content, game, policy, services
from .drafts import DraftInvalid, draft_input
from .forms import CheckForm, ChoicesForm, DealForm, ElectionPeriodForm, GameSessionForm, QuizForm
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
    form = GameSessionForm(request.POST if request.method == "POST" else None, language=language)
    if request.method == "POST" and form.is_valid():
        session = services.create_session(
            request.organisation,
            request.user,
            form.cleaned_data["name"],
            form.cleaned_data["language"],
            form.players(),
        )
        return redirect("training:game_session", session=session.uuid)
    sessions = scoped(GameSession, request.organisation).select_related("game_master")
    return render(
        request,
        "training/game_index.html",
        {
            "form": form,
            "sessions": sessions,
            "roles": game.localised_roles(language),
            "card_count": len(game.challenges()),
        },
    )


def _session(request, session) -> GameSession:
    return get_for_org(
        GameSession.objects.select_related("game_master"), request.organisation, uuid=session
    )


@member_required()
def game_session(request, session, forms=None):
    session = _session(request, session)
    language = session.language
    current = services.current_round(session)
    card = content.challenge(current.challenge_id) if current else None
    forms = forms or {}
    played = set(session.rounds.values_list("challenge_id", flat=True))
    context = {
        "session": session,
        "can_run": _can_run(request, session),
        "current": current,
        "card": game.localised_card(card, language) if card else None,
        "board": services.scoreboard(session, language),
        "deal_form": forms.get("deal") or DealForm(language=language, played=played),
        "choices_form": forms.get("choices")
        or (
            ChoicesForm(initial=current.choices, card=card, language=language)
            if card and not current.revealed
            else None
        ),
        "roles": game.localised_roles(language),
        "players": session.players,
        "history": [
            {
                "round": r,
                "title": content.challenge(r.challenge_id)["title"].get(language),
            }
            for r in session.rounds.order_by("number")
            if r.revealed and content.challenge(r.challenge_id)
        ],
    }
    if current and current.revealed and card:
        context["chosen"] = [
            {"role": role, "option": game.option(card, current.choices.get(role["id"], ""))}
            for role in context["roles"]
        ]
        context["round_effects"] = [
            {"name": s["name"], "value": current.effects.get(s["id"], 0)}
            for s in game.localised_scores(language)
        ]
    return render(request, "training/game_session.html", context, status=400 if forms else 200)


def _run_action(request, session_uuid):
    session = _session(request, session_uuid)
    if not _can_run(request, session):
        raise PermissionDenied
    return session


@require_POST
@member_required()
def game_deal(request, session):
    session_obj = _run_action(request, session)
    played = set(session_obj.rounds.values_list("challenge_id", flat=True))
    form = DealForm(request.POST, language=session_obj.language, played=played)
    if not form.is_valid():
        return game_session(request, session, forms={"deal": form})
    try:
        services.deal(session_obj, request.user, form.cleaned_data.get("challenge") or None)
    except services.GameError as error:
        messages.error(request, str(error))
    return redirect(
        reverse("training:game_session", kwargs={"session": session_obj.uuid}) + "#current-round"
    )


@require_POST
@member_required()
def game_choices(request, session):
    session_obj = _run_action(request, session)
    current = services.current_round(session_obj)
    card = content.challenge(current.challenge_id) if current else None
    if card is None:
        messages.error(request, _("Deal a challenge card first."))
        return redirect("training:game_session", session=session_obj.uuid)
    form = ChoicesForm(request.POST, card=card, language=session_obj.language)
    if not form.is_valid():
        return game_session(request, session, forms={"choices": form})
    try:
        services.record_choices(current, request.user, form.cleaned_data)
        services.reveal(current, request.user)
    except services.GameError as error:
        messages.error(request, str(error))
    return redirect(
        reverse("training:game_session", kwargs={"session": session_obj.uuid}) + "#current-round"
    )


@require_POST
@member_required()
def game_end(request, session):
    session_obj = _run_action(request, session)
    services.end_session(session_obj, request.user)
    messages.success(request, _("The game has ended. Here is the scoreboard."))
    return redirect("training:game_session", session=session_obj.uuid)


@member_required()
def game_summary(request, session, fmt):
    session_obj = _session(request, session)
    from govsocial.documents.render import content_type

    body = services.summary_file(session_obj, fmt, session_obj.language)
    response = HttpResponse(body, content_type=content_type(fmt))
    response["Content-Disposition"] = (
        f'attachment; filename="game-{session_obj.uuid.hex[:8]}.{fmt}"'
    )
    return response


@member_required()
def game_deck(request):
    language = request.GET.get("lang") or current_language()
    if language not in ("en", "nl"):
        raise Http404
    response = HttpResponse(game.deck_pdf(language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="social-media-game-{language}.pdf"'
    return response
