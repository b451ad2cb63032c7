"""Core's pages: sign-in, dashboard, language, audit trail and organisation details.

People (`people`), the installation's host (`host`) and a person's own account,
passwords and invitations (`account`) have their own modules.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import registry, services, sign_in_flow, start_here
from ..access import LEAD, member_required
from ..forms import OrganisationForm, SignInForm, SingleSignOnStartForm, TwoFactorRequiredForm
from .account import (
    AccountPasswordChangeDoneView,
    AccountPasswordChangeView,
    ResetCompleteView,
    ResetConfirmView,
    ResetDoneView,
    ResetView,
    SignOutView,
    account,
    invitation,
)
from .audit import audit_trail_export
from .audit import audit_trail_page as audit_trail
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
from .sso import SingleSignOnReturn, SingleSignOnStart
from .sso import configuration as single_sign_on
from .sso import remove_configuration as remove_single_sign_on
from .two_factor import (
    organisation_two_factor,
    remove_member_two_factor,
    sign_in_code,
    two_factor_page,
    two_factor_qr,
)

__all__ = [
    "AccountPasswordChangeDoneView",
    "AccountPasswordChangeView",
    "SignOutView",
    "ResetCompleteView",
    "ResetConfirmView",
    "ResetDoneView",
    "ResetView",
    "SignInView",
    "SingleSignOnReturn",
    "SingleSignOnStart",
    "account",
    "audit_trail",
    "audit_trail_export",
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
    "organisation_two_factor",
    "people",
    "remove_member",
    "remove_member_two_factor",
    "remove_single_sign_on",
    "revoke_invitation",
    "sign_in_code",
    "single_sign_on",
    "switch_language",
    "two_factor_page",
    "two_factor_qr",
    "unlock",
]


class SignInView(auth_views.LoginView):
    """A user name or e-mail address and password, then (core.sign_in_flow) the
    second factor for whoever set one up; or single sign-on through the organisation."""

    template_name = "core/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        person = form.get_user()
        return sign_in_flow.finish_sign_in(
            self.request, person, backend=person.backend, next_url=self.get_success_url()
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context.get("single_sign_on"):
            origins = services.single_sign_on.sign_in_origins()
            response._csp_update = {"form-action": origins}  # read by django-csp
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["single_sign_on"] = services.any_single_sign_on()
        context["sso_form"] = SingleSignOnStartForm(
            initial={"organisation": self.request.GET.get("organisation", "")[:50]}
        )
        return context


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
    steps = []
    if request.membership.role == LEAD:
        steps = start_here.path(panels, services.ticked_steps(request.organisation))
    return render(
        request,
        "core/dashboard.html",
        {"panels": panels, "steps": steps, "all_done": bool(steps) and all(s.done for s in steps)},
    )


@require_POST
@member_required(LEAD)
def start_step_done(request, number: int):
    services.tick_step(request.organisation, request.user, number)
    return redirect("core:dashboard")


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
    context = {
        "form": form,
        "two_factor_form": TwoFactorRequiredForm(instance=request.organisation),
        "sso": services.single_sign_on.configuration(request.organisation),
    }
    return render(request, "core/organisation.html", context)
