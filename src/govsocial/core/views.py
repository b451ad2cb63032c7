import importlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services
from .access import LEAD, member_required, scoped
from .forms import SignInForm
from .models import AuditEvent

PANEL_APPS = ["policies", "maturity", "channels", "training"]


class SignInView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@member_required()
def dashboard(request):
    panels = []
    for app in PANEL_APPS:
        try:
            module = importlib.import_module(f"govsocial.{app}.services")
        except ImportError:
            continue
        panel_for = getattr(module, "dashboard_panel", None)
        if panel_for is not None:
            panel = panel_for(request.organisation, request.user, request.membership.role)
            if panel:
                panels.append(panel)
    return render(request, "core/dashboard.html", {"panels": panels})


@require_POST
def switch_language(request):
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("Unknown language")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    if request.user.is_authenticated:
        services.set_language(request.user, language)
    translation.activate(language)
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@member_required(LEAD)
def audit_trail(request):
    events = scoped(AuditEvent, request.organisation).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page})


def healthz(request):
    return JsonResponse({"status": "ok"})
