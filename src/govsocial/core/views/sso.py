"""Single sign-on pages: start at the organisation's provider, come back, and the
lead's configuration page.

The person chooses the organisation by its short name (or follows a link the
lead shares: /sign-in/sso/?organisation=<short name>). Short names are unique
and given by the installation's host; e-mail domains are not (several
organisations may share one, and a lead could claim another's), so they do not
choose a provider here.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import View
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .. import services, sign_in_flow
from ..access import LEAD, member_required
from ..client_address import client_address
from ..forms import SingleSignOnForm
from ..models import SingleSignOn
from ..services import single_sign_on
from ..sso import configured_settings, refusal

BACKEND = "govsocial.core.sso.OrganisationOIDCBackend"


class SingleSignOnStart(OIDCAuthenticationRequestView):
    """To the organisation's provider, with state, nonce and a PKCE challenge."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the provider is the organisation's, not the settings'
        self.overrides: dict = {}

    def get_settings(self, attr, *args):  # type: ignore[override]
        if attr in self.overrides:
            return self.overrides[attr]
        return import_from_settings(attr, *args)

    def get(self, request):
        slug = request.GET.get("organisation", "").strip()
        config = services.configuration_for_sign_in(slug) if slug else None
        if config is None:
            if slug:
                messages.error(
                    request,
                    _(
                        "No organisation here signs in with the short name “%(slug)s”. Check it with your communications lead."
                    )
                    % {"slug": slug[:50]},
                )
            return redirect(reverse("core:login") + "#single-sign-on")
        self.overrides = configured_settings(config)
        self.OIDC_OP_AUTH_ENDPOINT = config.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = config.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        # The return finds the organisation by the state it was started with.
        request.session["oidc_states"][state]["organisation"] = config.organisation_id
        request.session.modified = True
        return response


class SingleSignOnReturn(OIDCAuthenticationCallbackView):
    """Back from the provider: the library checks the state and exchanges the code;
    our backend checks the token and finds or creates the member."""

    def get(self, request):
        state = request.GET.get("state", "")
        states = request.session.get("oidc_states")
        entry = states.get(state) if isinstance(states, dict) else None
        config = None
        if isinstance(entry, dict):
            config = (
                SingleSignOn.objects.select_related("organisation")
                .filter(
                    organisation_id=entry.get("organisation"),
                    enabled=True,
                    organisation__disabled_at__isnull=True,
                )
                .first()
            )
        if config is None:
            return self.refused(None, refusal("state"))
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(config.organisation.default_language)
            request.LANGUAGE_CODE = config.organisation.default_language
        request.sso_configuration = config
        if request.GET.get("error"):  # the library forgets the state, then fails
            request.sso_refusal = services.SignInRefused(
                "provider_error",
                _("Your organisation's provider did not sign you in (%(error)s).")
                % {"error": request.GET["error"][:100]},
            )
        return super().get(request)

    def refused(self, config: SingleSignOn | None, refused: services.SignInRefused):
        if config is not None:
            single_sign_on.record_refusal(config, refused, client_address(self.request))
        context = {"problem": refused.message}
        return render(self.request, "core/sso_refused.html", context, status=403)

    def login_failure(self):
        config = getattr(self.request, "sso_configuration", None)
        refused = getattr(self.request, "sso_refusal", None) or refusal("provider")
        return self.refused(config, refused)

    def login_success(self):
        config = self.request.sso_configuration
        next_url = sign_in_flow.safe_next(
            self.request, self.request.session.pop("oidc_login_next", None)
        )
        return sign_in_flow.finish_sign_in(
            self.request,
            self.user,
            backend=BACKEND,
            next_url=next_url,
            organisation_id=config.organisation_id,
            strong=config.trusted_for_two_factor,
        )


@member_required(LEAD)
def configuration(request):
    organisation = request.organisation
    stored = single_sign_on.configuration(organisation)
    may_require = request.session.get(sign_in_flow.SSO_ORGANISATION) == organisation.pk
    form = SingleSignOnForm(request.POST or None, instance=stored, may_require_sso=may_require)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            discovery = services.discover(data["issuer"])
            services.save_configuration(
                organisation,
                request.user,
                discovery,
                client_secret=data["client_secret"],
                **{k: data[k] for k in single_sign_on.SETTINGS},
            )
        except services.SingleSignOnError as error:
            form.add_error("issuer", str(error))
        else:
            messages.success(request, _("Single sign-on is saved."))
            return redirect("core:single_sign_on")
    context = {
        "form": form,
        "stored": stored,
        "redirect_uri": request.build_absolute_uri(reverse("core:sso_callback")),
        "sign_in_link": request.build_absolute_uri(reverse("core:sso_start"))
        + f"?organisation={organisation.slug}",
    }
    return render(request, "core/single_sign_on.html", context)


@member_required(LEAD)
@require_POST
def remove_configuration(request):
    if services.remove_configuration(request.organisation, request.user):
        messages.success(request, _("Single sign-on is removed."))
    return redirect("core:single_sign_on")
