"""Two-factor sign-in pages: the code step of signing in, setting up an
authenticator app on "Your account", and a lead ending a member's second factor."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from .. import services, sign_in_flow
from ..access import LEAD, get_for_org, member_required
from ..forms import CodeForm, TwoFactorRequiredForm
from ..models import Membership
from ..services import two_factor


def _wrong_code(request, person, form) -> None:
    """A wrong code is a failed sign-in of the account: django-axes counts it."""
    user_login_failed.send(
        sender=__name__, credentials={"username": person.get_username()}, request=request
    )
    form.add_error("code", _("This code is not right, or it was used already."))


def _checked(request, person, form):
    """The device that takes the form's code, or None with the form saying why.
    While django-otp makes the person wait after wrong codes, no code is tried
    (and none counted): it is told how long to wait."""
    wait = two_factor.wait_seconds(person)
    if wait:
        form.add_error(
            "code",
            _("Too many wrong codes in a row: wait %(seconds)s seconds, then type the newest code.")
            % {"seconds": wait},
        )
        return None
    device = two_factor.verify(person, form.cleaned_data["code"])
    if device is None:
        _wrong_code(request, person, form)
    return device


def sign_in_code(request):
    """The second step of signing in (or of a session that must now show a code)."""
    half = sign_in_flow.pending(request)
    state = None
    if half is not None:
        person, state = half
    elif request.user.is_authenticated and not request.user.is_verified():
        person = request.user
        if not two_factor.has_two_factor(person):
            return redirect("core:two_factor")
    else:
        return redirect("core:dashboard" if request.user.is_authenticated else "core:login")
    if person.language:  # their password told who they are: their own language, as signed in
        translation.activate(person.language)
        request.LANGUAGE_CODE = person.language
    credentials = {"username": person.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return get_lockout_response(request, None, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _checked(request, person, form)
        if device is not None:
            next_url = "/"
            if state is not None:
                del request.session[sign_in_flow.PENDING]
                sign_in_flow.complete(request, person, state["backend"], state["organisation"])
                next_url = sign_in_flow.safe_next(request, state.get("next"))
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = two_factor.recovery_codes_left(person)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)s are left. Make new ones on “Your account”."
                    )
                    % {"left": left},
                )
            return redirect(next_url)
    return render(request, "core/sign_in_code.html", {"form": form, "person": person})


@login_required
def two_factor_page(request):
    person = request.user
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = CodeForm(request.POST if action in ("confirm", "renew", "remove") else None)
    codes = None
    if action == "start":
        two_factor.start_set_up(person)
        return redirect("core:two_factor")
    if action == "confirm" and form.is_valid():
        wait = two_factor.wait_seconds(person)
        codes = None if wait else two_factor.confirm_set_up(person, form.cleaned_data["code"])
        if wait:
            form.add_error(
                "code",
                _(
                    "Too many wrong codes in a row: wait %(seconds)s seconds, then type the newest code."
                )
                % {"seconds": wait},
            )
        elif codes is None:
            form.add_error(
                "code",
                _(
                    "This code is not right. Check that your phone's clock is right and type the newest code."
                ),
            )
        else:
            otp_login(request, two_factor.app_device(person))
            form = CodeForm()
    elif action in ("renew", "remove") and form.is_valid():
        if _checked(request, person, form) is None:
            pass
        elif action == "renew":
            codes = two_factor.renew_recovery_codes(person)
            form = CodeForm()
        else:
            two_factor.remove(person, person)
            messages.success(request, _("Two-factor sign-in is switched off for your account."))
            return redirect("core:two_factor")
    app = two_factor.app_device(person)
    pending = None if app else two_factor.unconfirmed_app(person)
    context = {
        "form": form,
        "app": app,
        "pending": pending,
        "secret": two_factor.secret(pending) if pending else "",
        "codes": codes,
        "codes_left": two_factor.recovery_codes_left(person) if app else 0,
        "required": two_factor.required(person, request.membership),
        "strong": sign_in_flow.strong_session(request),
    }
    return render(request, "core/two_factor.html", context)


@login_required
def two_factor_qr(request):
    device = two_factor.unconfirmed_app(request.user)
    if device is None:
        raise Http404("No authenticator app is being set up")
    return HttpResponse(two_factor.qr_code_svg(device), content_type="image/svg+xml")


@member_required(LEAD)
@require_POST
def remove_member_two_factor(request, membership_id):
    membership = get_for_org(
        Membership.objects.select_related("person"), request.organisation, pk=membership_id
    )
    if two_factor.remove(membership.person, request.user):
        messages.success(
            request,
            _("%(user)s signs in without a second factor until they set up a new app.")
            % {"user": membership.person.username},
        )
    return redirect("core:people")


@member_required(LEAD)
@require_POST
def organisation_two_factor(request):
    form = TwoFactorRequiredForm(request.POST, instance=request.organisation)
    if form.is_valid():
        required = form.cleaned_data["two_factor_required"]
        services.update_organisation(
            request.organisation, request.user, two_factor_required=required
        )
        if required:
            messages.success(request, _("Communications leads now sign in with a second factor."))
        else:
            messages.success(request, _("Two-factor sign-in is no longer required."))
    return redirect("core:organisation")
