"""Single sign-on per organisation: its provider, and the people the provider signs in.

A lead configures the organisation's OpenID Connect provider; the endpoints are
read from the issuer's discovery document when the configuration is saved. The
provider is trusted for this organisation only: a person it signs in becomes (or
is) a member of this organisation, and an account that also signs in elsewhere,
or is the installation's host, is never reached through it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import encryption
from ..errors import GovSocialError
from ..models import (
    Invitation,
    Membership,
    Organisation,
    Person,
    SingleSignOn,
    SingleSignOnIdentity,
)
from .addresses import NotPublic, public_addresses, public_session, refused_host
from .audit import record_event
from .invitations import accept_for_single_sign_on

DISCOVERY_PATH = "/.well-known/openid-configuration"
MAX_DISCOVERY_BYTES = 256 * 1024
# The settings a lead changes; the secret is stored apart and never compared or shown.
SETTINGS = (
    "enabled",
    "issuer",
    "client_id",
    "email_claim",
    "role_claim",
    "lead_values",
    "editor_values",
    "sso_only",
    "trusted_for_two_factor",
)


class SingleSignOnError(GovSocialError, ValueError):
    """The provider cannot be used; the message says why, in the person's language."""


class SignInRefused(GovSocialError):
    """A sign-in through the provider is refused. `reason` is a code for the audit
    trail ("audience", "expired", "nonce", "issuer", ...); the message is for the person."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


# -- the provider ----------------------------------------------------------------


def _public_address(host: str) -> bool:
    """The early check, when a lead saves the provider; every connection is checked
    again when it is made (provider_session)."""
    try:
        public_addresses(host)
    except NotPublic:
        return False
    except OSError:
        return True  # unresolvable: the request fails on its own, with its own message
    return True


def provider_session() -> requests.Session:
    """The session every request to a provider goes through (discovery here, token,
    JWKS and userinfo in core.sso): it connects only to the addresses it checked at
    that moment, so a name that answers a public address to the check and a local
    one to the connection (DNS rebinding) is refused. With
    GOVSOCIAL_OIDC_LOCAL_PROVIDERS the installation's providers may be local: a
    plain session, as requests.get uses."""
    if settings.GOVSOCIAL_OIDC_LOCAL_PROVIDERS:
        return requests.Session()
    return public_session()


def _private(host: str) -> SingleSignOnError:
    return SingleSignOnError(
        _(
            "%(host)s is an address on a private network; this installation only uses providers on the internet."
        )
        % {"host": host}
    )


def check_provider_url(url: str) -> None:
    """An https:// address on the internet: GovSocial's server fetches it, so a lead
    must not point it at the installation's own network (unless the installation
    says its providers may be local: GOVSOCIAL_OIDC_LOCAL_PROVIDERS)."""
    parts = urlsplit(url)
    local_allowed = settings.GOVSOCIAL_OIDC_LOCAL_PROVIDERS
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise SingleSignOnError(_("%(url)s is no web address.") % {"url": url})
    if parts.scheme != "https" and not local_allowed:
        raise SingleSignOnError(
            _("The provider must be reached over https: %(url)s is not.") % {"url": url}
        )
    if not local_allowed and not _public_address(parts.hostname):
        raise _private(parts.hostname)


@dataclass(frozen=True)
class Discovery:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    token_auth_basic: bool


def _fetch_json(url: str) -> dict[str, Any]:
    try:
        with (
            provider_session() as http,
            http.get(
                url, timeout=settings.OIDC_TIMEOUT, allow_redirects=False, stream=True
            ) as response,
        ):
            if response.status_code != 200:
                raise SingleSignOnError(
                    _("%(url)s answered with status %(status)s.")
                    % {"url": url, "status": response.status_code}
                )
            body = response.raw.read(MAX_DISCOVERY_BYTES + 1, decode_content=True)
    except requests.RequestException as error:
        host = refused_host(error)
        if host is not None:
            raise _private(host) from error
        raise SingleSignOnError(
            _("%(url)s could not be reached (%(error)s).")
            % {"url": url, "error": type(error).__name__}
        ) from error
    if len(body) > MAX_DISCOVERY_BYTES:
        raise SingleSignOnError(_("%(url)s sent more than a discovery document.") % {"url": url})
    try:
        document = json.loads(body)
    except ValueError as error:
        raise SingleSignOnError(_("%(url)s sent no JSON.") % {"url": url}) from error
    if not isinstance(document, dict):
        raise SingleSignOnError(_("%(url)s sent no JSON.") % {"url": url})
    return document


def discover(issuer: str) -> Discovery:
    """Read the issuer's discovery document and check what GovSocial relies on."""
    issuer = issuer.strip()
    check_provider_url(issuer)
    url = issuer.rstrip("/") + DISCOVERY_PATH
    document = _fetch_json(url)
    stated = str(document.get("issuer") or "")
    if stated.rstrip("/") != issuer.rstrip("/"):
        raise SingleSignOnError(
            _("The provider calls itself %(stated)s, not %(issuer)s: copy its issuer exactly.")
            % {"stated": stated or "—", "issuer": issuer}
        )
    endpoints = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"):
        value = str(document.get(name) or "")
        if not value and name != "userinfo_endpoint":
            raise SingleSignOnError(
                _("The provider's discovery document has no %(name)s.") % {"name": name}
            )
        if value:
            check_provider_url(value)
        endpoints[name] = value
    algorithms = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    if "RS256" not in algorithms:
        raise SingleSignOnError(_("The provider does not sign its tokens with RS256."))
    # Without a list the standard's default holds: the secret in an Authorization header.
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return Discovery(
        issuer=stated,
        token_auth_basic="client_secret_post" not in methods,
        **endpoints,
    )


def configuration(organisation: Organisation) -> SingleSignOn | None:
    return SingleSignOn.objects.filter(organisation=organisation).first()


def configuration_for_sign_in(slug: str) -> SingleSignOn | None:
    """The switched-on provider of the (not disabled) organisation with this short name."""
    return (
        SingleSignOn.objects.select_related("organisation")
        .filter(
            organisation__slug__iexact=slug.strip(),
            enabled=True,
            organisation__disabled_at__isnull=True,
        )
        .exclude(authorization_endpoint="")
        .first()
    )


def any_single_sign_on() -> bool:
    return SingleSignOn.objects.filter(
        enabled=True, organisation__disabled_at__isnull=True
    ).exists()


def sign_in_origins() -> list[str]:
    """Where the sign-in page's single sign-on form may lead: browsers hold the
    redirect after a form to the Content-Security-Policy's form-action too."""
    origins = set()
    endpoints = SingleSignOn.objects.filter(
        enabled=True, organisation__disabled_at__isnull=True
    ).values_list("authorization_endpoint", flat=True)
    for endpoint in endpoints:
        parts = urlsplit(endpoint)
        if parts.scheme and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def password_sign_in_refused(person: Person) -> Organisation | None:
    """The organisation that signs this person in only through its provider, if any.
    Only for accounts that provider can sign in: never the host, nor a member elsewhere
    too (they would have no way in at all)."""
    if person.is_host or person.memberships.count() != 1:
        return None
    membership = (
        Membership.objects.filter(
            person=person,
            organisation__single_sign_on__enabled=True,
            organisation__single_sign_on__sso_only=True,
        )
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


@transaction.atomic
def save_configuration(
    organisation: Organisation,
    actor: Person | None,
    discovery: Discovery,
    *,
    client_secret: str = "",
    **values: Any,
) -> SingleSignOn:
    """Store the lead's settings and the discovered endpoints; an empty
    `client_secret` keeps the stored one. The trail names what changed, never the secret."""
    stored = configuration(organisation)
    config = stored or SingleSignOn(organisation=organisation)
    values["issuer"] = discovery.issuer
    changed = sorted(k for k in SETTINGS if k in values and getattr(config, k) != values[k])
    for key in SETTINGS:
        if key in values:
            setattr(config, key, values[key])
    for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
        setattr(config, key, getattr(discovery, key))
    config.token_auth_basic = discovery.token_auth_basic
    config.discovered_at = timezone.now()
    if client_secret:
        config.client_secret_encrypted = encryption.encrypt(client_secret)
        changed.append("client_secret")
    if not config.client_secret_encrypted:
        raise SingleSignOnError(_("Enter the client secret."))
    config.save()
    record_event(
        organisation,
        actor,
        "sso.configured" if stored else "sso.created",
        config,
        f"{config.issuer}: {', '.join(changed) or '—'}",
        changed=changed,
        issuer=config.issuer,
        client_id=config.client_id,
        state="on" if config.enabled else "off",
    )
    return config


@transaction.atomic
def switch_off(organisation: Organisation, actor: Person | None) -> bool:
    """Single sign-on off (and with it "SSO only"), the settings kept: for a provider that fails."""
    config = configuration(organisation)
    if config is None:
        return False
    config.enabled = config.sso_only = False
    config.save(update_fields=["enabled", "sso_only", "updated_at"])
    record_event(
        organisation,
        actor,
        "sso.configured",
        config,
        f"{config.issuer}: enabled, sso_only",
        changed=["enabled", "sso_only"],
        issuer=config.issuer,
        client_id=config.client_id,
        state="off",
    )
    return True


@transaction.atomic
def remove_configuration(organisation: Organisation, actor: Person | None) -> bool:
    config = configuration(organisation)
    if config is None:
        return False
    issuer = config.issuer
    config.delete()
    record_event(organisation, actor, "sso.removed", organisation, issuer, issuer=issuer)
    return True


def client_secret(config: SingleSignOn) -> str:
    try:
        return encryption.decrypt(config.client_secret_encrypted)
    except encryption.UnreadableSecret:
        raise SignInRefused(
            "secret",
            _("Single sign-on needs its client secret again: ask your communications lead."),
        ) from None


# -- people ----------------------------------------------------------------------


def role_for(config: SingleSignOn, claims: dict[str, Any]) -> str:
    """The role the provider's groups or roles give: lead before editor before staff."""
    if not config.role_claim:
        return Membership.Role.STAFF
    value = claims.get(config.role_claim)
    held = {str(v) for v in value} if isinstance(value, list) else {str(value or "")}
    if held & SingleSignOn.values(config.lead_values):
        return Membership.Role.LEAD
    if held & SingleSignOn.values(config.editor_values):
        return Membership.Role.EDITOR
    return Membership.Role.STAFF


def _email(config: SingleSignOn, claims: dict[str, Any]) -> str:
    email = str(claims.get(config.email_claim) or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise SignInRefused(
            "email",
            _("Your organisation's provider did not send an e-mail address (claim “%(claim)s”).")
            % {"claim": config.email_claim},
        ) from None
    if claims.get("email_verified") is False and config.email_claim == "email":
        raise SignInRefused(
            "email", _("Your organisation's provider has not verified your e-mail address.")
        )
    return email


def _new_username(email: str) -> str:
    from ..forms import RESERVED_USERNAMES  # names that look like the system's own

    base = re.sub(r"[^\w.+-]", "", email.split("@")[0].lower())[:140] or "member"
    if base in RESERVED_USERNAMES:
        base = f"{base}-member"
    candidate, n = base, 1
    while Person.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _refuse_elsewhere(person: Person, organisation: Organisation) -> None:
    """An account reached through this organisation's provider must be this
    organisation's alone: never the host's, never a member elsewhere too."""
    elsewhere = person.memberships.exclude(organisation=organisation).exists()
    if person.is_host or elsewhere or not person.is_active:
        raise SignInRefused(
            "account",
            _(
                "Your account also signs in elsewhere on this installation: sign in with your user name and password instead."
            ),
        )


def _known(config: SingleSignOn, subject: str) -> Person | None:
    identity = (
        SingleSignOnIdentity.objects.select_related("person")
        .filter(organisation=config.organisation, issuer=config.issuer, subject=subject)
        .first()
    )
    if identity is None:
        return None
    person = identity.person
    if not person.memberships.filter(organisation=config.organisation).exists():
        raise SignInRefused(
            "not_member",
            _("You are no longer a member of %(organisation)s.")
            % {"organisation": config.organisation.name()},
        )
    _refuse_elsewhere(person, config.organisation)
    identity.last_used_at = timezone.now()
    identity.save(update_fields=["last_used_at"])
    return person


def _identity(config: SingleSignOn, person: Person, subject: str) -> None:
    SingleSignOnIdentity.objects.create(
        person=person,
        organisation=config.organisation,
        issuer=config.issuer,
        subject=subject,
        last_used_at=timezone.now(),
    )


@transaction.atomic
def person_for_claims(config: SingleSignOn, claims: dict[str, Any], language: str) -> Person:
    """The member the provider signed in: known by subject, an account of this
    organisation with the same e-mail address, or a new member (first sign-in)."""
    organisation = config.organisation
    if claims.get("iss") != config.issuer:  # the token was checked already; never trust less
        raise SignInRefused("issuer", _("This sign-in comes from another provider."))
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SignInRefused("claims", _("Your organisation's provider sent no subject."))
    person = _known(config, subject)
    if person is not None:
        return person
    email = _email(config, claims)
    existing = list(Person.objects.filter(email__iexact=email)[:2])
    if len(existing) > 1:
        raise SignInRefused("account", _("More than one account has your e-mail address."))
    if existing:
        person = existing[0]
        if not person.memberships.filter(organisation=organisation).exists():
            raise SignInRefused(
                "not_member",
                _(
                    "There is already an account with your e-mail address, but not at %(organisation)s."
                )
                % {"organisation": organisation.name()},
            )
        _refuse_elsewhere(person, organisation)
        _identity(config, person, subject)
        record_event(
            organisation, person, "sso.linked", person, person.username, issuer=config.issuer
        )
        return person
    return _new_member(config, claims, email, subject, language)


def _new_member(
    config: SingleSignOn, claims: dict[str, Any], email: str, subject: str, language: str
) -> Person:
    organisation = config.organisation
    person = Person.objects.create_user(
        username=_new_username(email),
        email=email,
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
        language=language,
    )
    person.set_unusable_password()
    person.save(update_fields=["password"])
    _identity(config, person, subject)
    invitation = (
        Invitation.objects.filter(
            organisation=organisation,
            email__iexact=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )
    if invitation is not None:  # the lead chose this person's role: it wins over the groups
        accept_for_single_sign_on(invitation, person)
        return person
    role = role_for(config, claims)
    membership = Membership.objects.create(person=person, organisation=organisation, role=role)
    record_event(
        organisation,
        person,
        "member.joined",
        membership,
        f"{person.username} ({role}, single sign-on)",
        role=role,
        via="sso",
    )
    return person


def record_refusal(config: SingleSignOn, refusal: SignInRefused, address: str) -> None:
    record_event(
        config.organisation,
        None,
        "sign_in.sso_refused",
        config,
        f"{refusal.reason} ({address or '—'})",
        reason=refusal.reason,
        address=address,
    )
