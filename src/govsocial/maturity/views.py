"""Pages of the maturity self-assessment. Thin: validate, call a service, render.

Organisation rounds are reached by id within the member's organisation
(another organisation's ids give 404); anonymous tests only by their token.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from govsocial.core.access import LEAD, get_for_org, member_required, require_role
from govsocial.core.client_address import client_address
from govsocial.core.files import download_name
from govsocial.core.i18n import current_language

from . import services
from .content import load_content
from .forms import AnswersUploadForm, BenchmarkImportForm, ThemeForm
from .models import Assessment, Response


@dataclass
class Flow:
    """One respondent going through one assessment, signed in or anonymous."""

    assessment: Assessment
    response: Response | None
    anonymous: bool

    def url(self, name: str, *extra) -> str:
        if self.anonymous:
            return reverse(f"maturity:anon_{name}", args=[self.assessment.token, *extra])
        return reverse(f"maturity:{name}", args=[self.assessment.pk, *extra])

    def urls(self) -> dict:
        names = ["review", "answers_yaml", "answers_json", "scorecard", "pdf"]
        urls = {name: self.url(name) for name in names}
        urls["themes"] = [self.url("theme", n) for n in range(1, len(load_content().themes) + 1)]
        urls["home"] = self.url("overview") if self.anonymous else reverse("maturity:index")
        return urls


def _org_flow(request, pk: int, *, need_response: bool = True) -> Flow:
    rounds = Assessment.objects.select_related("organisation")
    assessment = get_for_org(rounds, request.organisation, pk=pk)
    response = None
    if need_response and not assessment.is_completed:
        response = services.response_for(assessment, request.user)
    elif need_response:
        response = assessment.responses.filter(respondent=request.user).first()
    return Flow(assessment, response, anonymous=False)


def _anon_flow(token: str) -> Flow:
    assessment = get_object_or_404(Assessment, token=token, organisation__isnull=True)
    return Flow(assessment, services.anonymous_response(assessment), anonymous=True)


def _theme_nav(flow: Flow, current: int | None = None) -> list[dict]:
    answers = flow.response.answers if flow.response else {}
    language = current_language()
    return [
        {
            "number": theme.number,
            "name": theme.name.get(language),
            "url": flow.url("theme", theme.number),
            "answered": sum(1 for q in theme.questions if answers.get(q.id) is not None),
            "total": len(theme.questions),
            "current": theme.number == current,
        }
        for theme in load_content().themes
    ]


# --- the questions, shared by members and anonymous visitors ------------------------------


def _theme_page(request, flow: Flow, number: int):
    content = load_content()
    if not 1 <= number <= len(content.themes):
        raise Http404("No such theme")
    if flow.assessment.is_completed:
        return redirect(flow.url("scorecard"))
    theme = content.themes[number - 1]
    language = current_language()
    if request.method == "POST":
        form = ThemeForm(theme, language, request.POST)
        if form.is_valid():
            services.save_answers(flow.response, form.answers())
            if request.htmx:
                return render(
                    request,
                    "maturity/_saved.html",
                    {
                        "saved_at": timezone.localtime(),
                        "progress": services.progress(flow.response.answers),
                    },
                )
            action = request.POST.get("action", "next")
            if action == "previous" and number > 1:
                return redirect(flow.url("theme", number - 1))
            if action == "later":
                messages.success(
                    request, _("Your answers are saved. You can continue where you left off.")
                )
                return redirect(flow.urls()["home"])
            if action == "next" and number < len(content.themes):
                return redirect(flow.url("theme", number + 1))
            return redirect(flow.url("review"))
    else:
        initial = {
            q.id: str(flow.response.answers[q.id])
            for q in theme.questions
            if q.id in flow.response.answers
        }
        form = ThemeForm(theme, language, initial=initial)
    return render(
        request,
        "maturity/theme.html",
        {
            "flow": flow,
            "urls": flow.urls(),
            "form": form,
            "theme": theme,
            "theme_name": theme.name.get(language),
            "theme_description": theme.description.get(language),
            "number": number,
            "theme_count": len(content.themes),
            "nav": _theme_nav(flow, number),
            "progress": services.progress(flow.response.answers),
            "is_last": number == len(content.themes),
        },
    )


def _review_rows(answers: dict, flow: Flow) -> list[dict]:
    groups = services.review_groups(answers, current_language())
    return [{**group, "url": flow.url("theme", group["number"])} for group in groups]


def _review_page(request, flow: Flow):
    if flow.assessment.is_completed:
        return redirect(flow.url("scorecard"))
    answers = flow.response.answers
    if request.method == "POST":
        if flow.anonymous:
            try:
                services.complete(flow.assessment)
            except services.AnswersError as exc:
                messages.error(request, str(exc))
                return redirect(flow.url("review"))
            return redirect(flow.url("scorecard"))
        services.submit_response(flow.response, request.user)
        messages.success(
            request,
            _(
                "Thank you. Your answers are submitted; you can still change them until the round is closed."
            ),
        )
        return redirect("maturity:index")
    return render(
        request,
        "maturity/review.html",
        {
            "flow": flow,
            "urls": flow.urls(),
            "groups": _review_rows(answers, flow),
            "progress": services.progress(answers),
            "nav": _theme_nav(flow),
        },
    )


def _download_answers(flow: Flow, fmt: str):
    answers = (
        flow.response.answers
        if flow.response and flow.response.answers
        else flow.assessment.answers
    )
    text = services.answers_file(answers, current_language(), fmt)
    content_type = "application/json" if fmt == "json" else "application/yaml"
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="maturity-answers.{fmt}"'
    return response


def _compare(request, organisation) -> services.Comparison:
    return services.comparison(
        organisation, request.GET.get("compare"), request.GET.get("group", "all")
    )


def _scorecard_page(request, flow: Flow):
    if not flow.assessment.is_completed:
        return redirect(flow.url("review"))
    chosen = _compare(request, flow.assessment.organisation)
    card = services.scorecard(
        flow.assessment,
        current_language(),
        chosen.group,
        chosen.benchmark_set,
        bench=chosen.bench,
    )
    return render(
        request,
        "maturity/scorecard.html",
        {
            "flow": flow,
            "urls": flow.urls(),
            "card": card,
            "report": card["report"],
            "compare_choices": chosen.choices,
            "selected": chosen.selected,
            "token_url": request.build_absolute_uri(flow.url("scorecard"))
            if flow.anonymous
            else "",
            "query": request.GET.urlencode(),
        },
    )


def _pdf(request, flow: Flow):
    if not flow.assessment.is_completed:
        raise Http404("Not completed")
    language = request.GET.get("lang") or current_language()
    if language not in ("en", "nl"):
        language = "en"
    chosen = _compare(request, flow.assessment.organisation)
    pdf = services.scorecard_pdf(flow.assessment, language, chosen.group, chosen.benchmark_set)
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = flow.assessment.completed_at.date().isoformat()
    with translation.override(language):
        stem = _("maturity-scorecard")
    name = download_name(flow.assessment.organisation, language, stem, stamp, extension="pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- organisation pages --------------------------------------------------------------------


@member_required()
def index(request):
    language = current_language()
    overview = services.round_overview(request.organisation, request.user, language)
    mine = overview["mine"]
    content = load_content()
    return render(
        request,
        "maturity/index.html",
        {
            **overview,
            "my_progress": services.progress(mine.answers if mine else {}),
            "is_lead": request.membership.role == LEAD,
            "upload_form": AnswersUploadForm(),
            "question_total": len(content.questions),
            "themes": [t.name.get(language) for t in content.themes],
        },
    )


@member_required()
@require_POST
def start(request):
    assessment = services.start_round(request.organisation, request.user, current_language())
    services.response_for(assessment, request.user)
    return redirect("maturity:theme", assessment.pk, 1)


@member_required()
@require_http_methods(["GET", "POST"])
def theme(request, pk: int, number: int):
    return _theme_page(request, _org_flow(request, pk), number)


@member_required()
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    return _review_page(request, _org_flow(request, pk))


@member_required(LEAD)
def complete(request, pk: int):
    assessment = get_for_org(Assessment, request.organisation, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.complete(assessment, request.user)
    except services.AnswersError as exc:
        messages.error(request, str(exc))
        return redirect("maturity:index")
    messages.success(request, _("The round is closed and the result calculated."))
    return redirect("maturity:scorecard", assessment.pk)


@member_required()
def upload(request, pk: int):
    flow = _org_flow(request, pk, need_response=False)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    flow = _org_flow(request, pk)
    if flow.assessment.is_completed:
        raise Http404("Completed")
    form = AnswersUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            answers = services.parse_answers_file(form.cleaned_data["answers_file"].read())
        except services.AnswersError as exc:
            messages.error(request, _("The file was not used: %(problem)s") % {"problem": exc})
        else:
            services.save_answers(flow.response, answers, replace=True)
            messages.success(
                request, _("Your answers were loaded from the file. Check them and submit.")
            )
            return redirect(flow.url("review"))
    else:
        messages.error(request, _("Choose an answers file to upload."))
    return redirect("maturity:index")


@member_required()
def answers_download(request, pk: int, fmt: str):
    return _download_answers(_org_flow(request, pk), fmt)


@member_required()
def scorecard(request, pk: int):
    return _scorecard_page(request, _org_flow(request, pk, need_response=False))


@member_required()
def scorecard_pdf(request, pk: int):
    return _pdf(request, _org_flow(request, pk, need_response=False))


@member_required()
def retake(request, pk: int):
    assessment = get_for_org(Assessment, request.organisation, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    new = services.retake(assessment, request.user)
    return redirect("maturity:review", new.pk)


@member_required()
def disagreements(request, pk: int):
    assessment = get_for_org(Assessment, request.organisation, pk=pk)
    is_lead = request.membership.role == LEAD
    # Colleagues' answers stay private while they may still change them: only a lead
    # sees them (named) during the round; the others see them unnamed once it is closed.
    if not (is_lead or assessment.is_completed):
        return render(
            request, "maturity/disagreements.html", {"assessment": assessment}, status=403
        )
    items = services.disagreement_list(assessment, current_language(), named=is_lead)
    flow = Flow(assessment, None, anonymous=False)
    return render(
        request,
        "maturity/disagreements.html",
        {
            "assessment": assessment,
            "items": items,
            "shown": True,
            "gap": services.DISAGREEMENT_GAP,
            "respondent_count": assessment.responses.exclude(answers={}).count(),
            "scorecard_url": flow.url("scorecard") if assessment.is_completed else "",
        },
    )


def _benchmark_page(request, form: BenchmarkImportForm, status: int = 200):
    organisation = request.organisation
    language = current_language()
    return render(
        request,
        "maturity/benchmark.html",
        {
            "groups": [services.benchmark(organisation, g) for g in services.PEER_GROUPS],
            "names": {t.id: t.name.get(language) for t in load_content().themes},
            "sets": [
                {
                    "label": services.set_text(s.label),
                    "source": services.set_text(s.source),
                    "imported_at": s.imported_at,
                }
                for s in services.benchmark_sets_for(organisation)
            ],
            "form": form,
            "is_lead": request.membership.role == LEAD,
            "min_peers": services.MIN_PEERS,
        },
        status=status,
    )


@member_required()
def benchmark(request):
    return _benchmark_page(request, BenchmarkImportForm())


@member_required()
def benchmark_csv(request):
    response = HttpResponse(services.export_benchmark_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="maturity-benchmark.csv"'
    return response


@member_required(LEAD)
@require_POST
def benchmark_import(request):
    require_role(request, LEAD)
    form = BenchmarkImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            text = form.cleaned_data["csv_file"].read().decode("utf-8-sig")
            benchmark_set = services.import_benchmark_csv(
                text,
                form.cleaned_data["label"],
                form.cleaned_data["source"],
                request.organisation,
                request.user,
            )
        except (UnicodeDecodeError, services.BenchmarkImportError) as exc:
            form.add_error(
                "csv_file",
                str(exc)
                if isinstance(exc, services.BenchmarkImportError)
                else _("The file is not UTF-8 text."),
            )
        else:
            messages.success(request, _("Imported “%(label)s”.") % {"label": benchmark_set.label})
            return redirect("maturity:benchmark")
    return _benchmark_page(request, form, status=400)


# --- anonymous: no account, reached by the token only --------------------------------------


def _client(request) -> str:
    # Behind a reverse proxy, the address the proxy names (GOVSOCIAL_TRUSTED_PROXIES).
    return services.client_hash(client_address(request))


def _too_many(request, exc: services.TooManyAnonymousAssessments):
    response = render(request, "maturity/too_many.html", {"minutes": -(-exc.retry_after // 60)})
    response.status_code = 429
    response["Retry-After"] = str(exc.retry_after)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def anon_start(request):
    try:
        return _anon_start(request)
    except services.TooManyAnonymousAssessments as exc:
        return _too_many(request, exc)


def _anon_start(request):
    form = AnswersUploadForm()
    if request.method == "POST":
        if request.POST.get("action") == "upload":
            form = AnswersUploadForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    answers = services.parse_answers_file(form.cleaned_data["answers_file"].read())
                except services.AnswersError as exc:
                    form.add_error("answers_file", str(exc))
                else:
                    assessment = services.start_anonymous(
                        current_language(), answers, client=_client(request)
                    )
                    messages.success(
                        request,
                        _(
                            "Your answers were loaded. Check them, change what you like, and see your result."
                        ),
                    )
                    return redirect("maturity:anon_review", assessment.token)
        else:
            assessment = services.start_anonymous(current_language(), client=_client(request))
            return redirect("maturity:anon_theme", assessment.token, 1)
    content = load_content()
    language = current_language()
    return render(
        request,
        "maturity/anonymous_start.html",
        {
            "form": form,
            "question_total": len(content.questions),
            "themes": [t.name.get(language) for t in content.themes],
        },
        status=400 if form.errors else 200,
    )


@never_cache
def anon_overview(request, token: str):
    flow = _anon_flow(token)
    return render(
        request,
        "maturity/anonymous_overview.html",
        {
            "flow": flow,
            "urls": flow.urls(),
            "progress": services.progress(flow.response.answers),
            "nav": _theme_nav(flow),
            "link": request.build_absolute_uri(flow.url("overview")),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def anon_theme(request, token: str, number: int):
    return _theme_page(request, _anon_flow(token), number)


@never_cache
@require_http_methods(["GET", "POST"])
def anon_review(request, token: str):
    return _review_page(request, _anon_flow(token))


@never_cache
def anon_answers_download(request, token: str, fmt: str):
    return _download_answers(_anon_flow(token), fmt)


@never_cache
def anon_scorecard(request, token: str):
    return _scorecard_page(request, _anon_flow(token))


@never_cache
def anon_pdf(request, token: str):
    return _pdf(request, _anon_flow(token))


@never_cache
def anon_retake(request, token: str):
    flow = _anon_flow(token)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        new = services.retake(flow.assessment, client=_client(request))
    except services.TooManyAnonymousAssessments as exc:
        return _too_many(request, exc)
    return redirect("maturity:anon_review", new.token)
