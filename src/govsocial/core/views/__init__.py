"""Core's pages: sign-in, dashboard, language, audit trail and organisation details.

People (`people`), the installation's host (`host`) and a person's own account,
passwords and invitations (`account`) have their own modules.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import registry, services
from ..access import LEAD, member_required, scoped
from ..forms import OrganisationForm, SignInForm
from ..models import AuditEvent
from .account import (
    AccountPasswordChangeDoneView,
    AccountPasswordChangeView,
    ResetCompleteView,
    ResetConfirmView,
    ResetDoneView,
    ResetView,
    account,
    invitation,
)
from .host import (
    host_audit,
    host_delete,
    host_disable,
    host_edit,
    host_enable,
    host_invite,
    host_new,
    host_organisations,
)
from .people import (
    change_role,
    export_member,
    invite,
    people,
    remove_member,
    revoke_invitation,
    unlock,
)

__all__ = [
    "AccountPasswordChangeDoneView",
    "AccountPasswordChangeView",
    "ResetCompleteView",
    "ResetConfirmView",
    "ResetDoneView",
    "ResetView",
    "SignInView",
    "account",
    "audit_trail",
    "change_role",
    "dashboard",
    "export_member",
    "healthz",
    "host_audit",
    "host_delete",
    "host_disable",
    "host_edit",
    "host_enable",
    "host_invite",
    "host_new",
    "host_organisations",
    "invitation",
    "invite",
    "organisation_settings",
    "people",
    "remove_member",
    "revoke_invitation",
    "switch_language",
    "unlock",
]


class SignInView(auth_views.LoginView):
    # Single sign-on and a second factor come as further steps of this view.
    template_name = "core/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


def dashboard(request):
    if request.user.is_authenticated and request.membership is None and request.user.is_host:
        return redirect("core:host")
    return _member_dashboard(request)


@member_required()
def _member_dashboard(request):
    panels = []
    for panel_for in registry.panels():
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
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
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


@member_required(LEAD)
def organisation_settings(request):
    form = OrganisationForm(request.POST or None, instance=request.organisation)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(
            request.organisation,
            request.user,
            **{k: form.cleaned_data[k] for k in form.Meta.fields},
        )
        messages.success(request, _("The organisation's details are saved."))
        return redirect("core:organisation")
    return render(request, "core/organisation.html", {"form": form})
