from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import registry, services
from .access import LEAD, member_required, scoped
from .forms import SignInForm
from .models import AuditEvent


class SignInView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@member_required()
def dashboard(request):
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
def people(request):
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from .forms import MemberForm
    from .models import Membership

    form = MemberForm(request.POST or None)
    new_password = None
    if request.method == "POST" and form.is_valid():
        new_password = services.generate_password()
        data = form.cleaned_data
        services.add_member(
            request.organisation,
            data["username"],
            data["role"],
            password=new_password,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            language=request.organisation.default_language,
            actor=request.user,
        )
        messages.success(
            request,
            _(
                "%(user)s can now sign in with the password %(password)s — pass it on safely; it is shown only once."
            )
            % {"user": data["username"], "password": new_password},
        )
        return redirect("core:people")
    members = list(
        scoped(Membership, request.organisation)
        .select_related("person")
        .order_by("person__username")
    )
    locked = services.locked_out_usernames([m.person.username for m in members])
    for member in members:
        member.locked_out = member.person.username in locked
    return render(request, "core/people.html", {"form": form, "members": members})


@member_required(LEAD)
@require_POST
def change_role(request, membership_id):
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from .access import get_for_org
    from .forms import RoleForm
    from .models import Membership

    membership = get_for_org(Membership, request.organisation, pk=membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(membership, form.cleaned_data["role"], request.user)
            messages.success(
                request,
                _("The role of %(user)s is changed.") % {"user": membership.person.username},
            )
        except services.LastLeadError:
            messages.error(request, _("An organisation needs at least one communications lead."))
    return redirect("core:people")


@member_required(LEAD)
@require_POST
def unlock(request, membership_id):
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from .access import get_for_org
    from .models import Membership

    membership = get_for_org(Membership, request.organisation, pk=membership_id)
    services.unlock_sign_in(membership, request.user)
    messages.success(
        request,
        _("%(user)s can sign in again.") % {"user": membership.person.username},
    )
    return redirect("core:people")


@member_required(LEAD)
def organisation_settings(request):
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from .forms import OrganisationForm

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
