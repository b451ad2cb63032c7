"""A person's own account: password change and reset, and accepting an invitation.

The password views are Django's, in the page shell and both languages. A reset
says the same whether or not the address belongs to anyone.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _

from .. import services
from ..forms import AcceptInvitationForm, PersonalPasswordResetForm
from ..services import record_event


@login_required
def account(request):
    context = {"two_factor": services.two_factor.has_two_factor(request.user)}
    return render(request, "core/account.html", context)


class AccountPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        for membership in self.request.user.memberships.select_related("organisation"):
            record_event(
                membership.organisation,
                self.request.user,
                "sign_in.password_changed",
                self.request.user,
                self.request.user.username,
            )
        return response


class AccountPasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "core/password_change_done.html"


class ResetView(auth_views.PasswordResetView):
    template_name = "core/password_reset.html"
    form_class = PersonalPasswordResetForm
    email_template_name = "core/email/password_reset.txt"
    subject_template_name = "core/email/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")

    def form_valid(self, form):
        # The link points at GOVSOCIAL_SITE_URL when set, else at the address asked.
        self.extra_email_context = {"site_url": settings.GOVSOCIAL_SITE_URL}
        return super().form_valid(form)


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.html"
    success_url = reverse_lazy("core:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        for membership in form.user.memberships.select_related("organisation"):
            record_event(
                membership.organisation,
                form.user,
                "sign_in.password_reset",
                form.user,
                form.user.username,
            )
        return response


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"


def invitation(request, token):
    """The invitee chooses a user name and password, or joins with the account they have."""
    found = services.find(token)
    if not found.usable or found.invitation is None:
        context = {"problem": found.problem}
        return render(request, "core/invitation_unusable.html", context, status=410)
    invite = found.invitation
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and not request.user.is_authenticated:
        translation.activate(invite.language)  # the language the lead chose for them
        request.LANGUAGE_CODE = invite.language
    signed_in = request.user.is_authenticated
    form = None if signed_in else AcceptInvitationForm(request.POST or None, email=invite.email)
    if request.method == "POST" and (signed_in or (form is not None and form.is_valid())):
        try:
            if signed_in:
                services.accept_with_account(token, request.user)
            else:
                assert form is not None
                data = form.cleaned_data
                services.accept_with_new_account(
                    token,
                    username=data["username"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                )
        except services.InvitationError as error:
            if form is None:
                messages.error(request, str(error))
                return redirect("core:dashboard")
            form.add_error(None, str(error))
        else:
            organisation = invite.organisation.name()
            if signed_in:
                messages.success(
                    request, _("You are now a member of %(name)s.") % {"name": organisation}
                )
                return redirect("core:dashboard")
            messages.success(
                request,
                _("Your account is ready: sign in to start with %(name)s.")
                % {"name": organisation},
            )
            return redirect(reverse("core:login"))
    sso = services.configuration_for_sign_in(invite.organisation.slug)
    context = {
        "invite": invite,
        "form": form,
        "sign_in_url": reverse("core:login") + "?next=" + request.path,
        "sso": sso,
        "sso_url": reverse("core:sso_start") + f"?organisation={invite.organisation.slug}",
    }
    return render(request, "core/invitation.html", context)


class SignOutView(auth_views.LogoutView):
    """Signs out and says so on the page one lands on, in the language just used."""

    def post(self, request, *args, **kwargs):
        was_signed_in = request.user.is_authenticated
        language = translation.get_language() or settings.LANGUAGE_CODE
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, _("You are signed out."))
            # The sign-in page that follows knows no person: keep their language.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
