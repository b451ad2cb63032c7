"""Single sign-on with mozilla-django-oidc, one provider per organisation.

mozilla-django-oidc is built for one provider named in the settings. Here the
provider is the organisation's: the sign-in view (core.views.sso) stores the
organisation's id with the state in the session, and the return view hands that
organisation's configuration to this backend on the request. The backend then
checks what the library leaves open: the token's audience (our client id), its
issuer (the organisation's own, so another tenant of a shared provider is
refused), its expiry and the nonce, and it finds or creates the member through
core.services.single_sign_on rather than by e-mail address alone.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.core.exceptions import SuspiciousOperation
from django.utils import translation
from django.utils.encoding import smart_str
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from requests.auth import HTTPBasicAuth

from .models import Person, SingleSignOn
from .services import single_sign_on
from .services.single_sign_on import SignInRefused

log = logging.getLogger(__name__)

ALGORITHM = "RS256"
# Clocks of the provider and GovSocial may differ this much (seconds).
LEEWAY = 60


def configured_settings(config: SingleSignOn) -> dict[str, Any]:
    """mozilla-django-oidc's settings, from the organisation's configuration."""
    return {
        "OIDC_TOKEN_USE_BASIC_AUTH": config.token_auth_basic,
        "OIDC_RP_CLIENT_ID": config.client_id,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": config.authorization_endpoint,
        "OIDC_RP_SIGN_ALGO": ALGORITHM,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
    }


def refusal(reason: str) -> SignInRefused:
    """A refusal with the message for the person, in their language."""
    messages = {
        "audience": _(
            "The sign-in from your organisation's provider was meant for another application. Ask your communications lead to check the client id."
        ),
        "expired": _(
            "The sign-in from your organisation's provider has expired. Please sign in again."
        ),
        "nonce": _(
            "The sign-in from your organisation's provider does not belong to this sign-in. Please sign in again."
        ),
        "issuer": _(
            "This sign-in comes from another organisation's provider, not from yours. Sign in with your organisation's own account."
        ),
        "signature": _("The sign-in from your organisation's provider could not be verified."),
        "state": _(
            "This sign-in was not started here, or was used already. Please start again from the sign-in page."
        ),
        "provider": _(
            "Your organisation's provider could not be reached or gave an answer that cannot be used. Please try again later."
        ),
    }
    return SignInRefused(reason, messages.get(reason, messages["signature"]))


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The library reads one provider from the settings here; ours come per request.
        self.UserModel = Person
        self.configuration: SingleSignOn | None = None
        self.overrides: dict[str, Any] = {}

    def get_settings(self, attr: str, *args: Any) -> Any:  # type: ignore[override]
        if attr in self.overrides:
            return self.overrides[attr]
        return import_from_settings(attr, *args)

    def authenticate(self, request, nonce=None, code_verifier=None, **kwargs):
        config = getattr(request, "sso_configuration", None) if request is not None else None
        if config is None or nonce is None:
            return None  # not the return from an organisation's provider
        self.configuration = config
        self.overrides = configured_settings(config)
        self.OIDC_OP_TOKEN_ENDPOINT = config.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = config.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = config.jwks_uri
        self.OIDC_RP_CLIENT_ID = config.client_id
        self.OIDC_RP_SIGN_ALGO = ALGORITHM
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            self.OIDC_RP_CLIENT_SECRET = single_sign_on.client_secret(config)
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except SignInRefused as refused:
            request.sso_refusal = refused
        except (requests.RequestException, ValueError, KeyError, SuspiciousOperation) as error:
            log.warning("single sign-on for %s failed: %s", config.organisation.slug, error)
            request.sso_refusal = refusal("provider")
        return None

    def _verify_jws(self, payload, key):
        assert self.configuration is not None
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.PyJWTError:
            raise refusal("signature") from None
        if header.get("alg") != ALGORITHM:
            raise refusal("signature")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[ALGORITHM],
                audience=self.configuration.client_id,
                issuer=self.configuration.issuer,
                leeway=LEEWAY,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise refusal("expired") from None
        except jwt.InvalidAudienceError:
            raise refusal("audience") from None
        except jwt.InvalidIssuerError:
            raise refusal("issuer") from None
        except jwt.PyJWTError:
            raise refusal("signature") from None

    def get_token(self, payload):
        """The library's get_token, through the checked session."""
        auth = None
        if self.get_settings("OIDC_TOKEN_USE_BASIC_AUTH", False):
            auth = HTTPBasicAuth(payload["client_id"], payload.pop("client_secret"))
        with single_sign_on.provider_session() as http:
            response = http.post(
                self.OIDC_OP_TOKEN_ENDPOINT,
                data=payload,
                auth=auth,
                timeout=self.get_settings("OIDC_TIMEOUT", None),
            )
        self.raise_token_response_error(response)
        return response.json()

    def retrieve_matching_jwk(self, token):
        """The library's key lookup, with the JWKS fetched through the checked session."""
        with single_sign_on.provider_session() as http:
            response = http.get(
                self.OIDC_OP_JWKS_ENDPOINT, timeout=self.get_settings("OIDC_TIMEOUT", None)
            )
        response.raise_for_status()
        try:
            header = jwt.get_unverified_header(token)
            keys = response.json()["keys"]
        except (jwt.PyJWTError, ValueError, KeyError, TypeError):
            raise refusal("signature") from None
        key = None
        # A provider's key set is input like any other: a malformed one refuses, never a 500.
        for jwk in keys if isinstance(keys, list) else ():
            if not isinstance(jwk, dict):
                continue
            if self.get_settings("OIDC_VERIFY_KID", True) and jwk.get("kid") != smart_str(
                header.get("kid")
            ):
                continue
            if "alg" in jwk and jwk["alg"] != smart_str(header.get("alg")):
                continue
            key = jwk
        if key is None:
            raise refusal("signature")
        try:
            return jwt.PyJWK(key)
        except jwt.PyJWTError:
            raise refusal("signature") from None

    def verify_token(self, token, **kwargs):
        payload = self._verify_jws(token, self.retrieve_matching_jwk(token))
        if payload.get("nonce") != kwargs.get("nonce"):
            raise refusal("nonce")
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise refusal("audience")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with what the userinfo endpoint adds (Entra ID
        puts groups in the token, Keycloak may put them in either)."""
        claims: dict[str, Any] = {}
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            info = self._fetch_userinfo(access_token)
            if not isinstance(info, dict) or info.get("sub") != payload.get("sub"):
                raise refusal("signature")
            claims.update(info)
        claims.update(payload)
        return claims

    def _fetch_userinfo(self, access_token: str) -> Any:
        """The library's userinfo request, through the checked session."""
        with single_sign_on.provider_session() as http:
            response = http.get(
                self.OIDC_OP_USER_ENDPOINT,
                headers={"Authorization": f"Bearer {access_token}"},
                timeout=self.get_settings("OIDC_TIMEOUT", None),
            )
        response.raise_for_status()
        if response.headers.get("content-type", "").lower().startswith("application/jwt"):
            return self.verify_token(response.text)  # userinfo may come signed
        return response.json()

    def get_or_create_user(self, access_token, id_token, payload):
        assert self.configuration is not None
        claims = self.get_userinfo(access_token, id_token, payload)
        language = translation.get_language() or self.configuration.organisation.default_language
        return single_sign_on.person_for_claims(self.configuration, claims, language[:2])
