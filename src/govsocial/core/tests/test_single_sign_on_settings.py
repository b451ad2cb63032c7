"""The lead's single sign-on page: discovery when saved, the secret stored encrypted
and never shown again, every change in the audit trail, and "SSO only" only
after the lead has signed in through the provider."""

import pytest
from django.urls import reverse

from govsocial.core import encryption
from govsocial.core.models import AuditEvent, SingleSignOn
from govsocial.core.tests.test_single_sign_on import configure, sign_in

pytestmark = pytest.mark.django_db


def _form(provider, **changes):
    data = {
        "enabled": "on",
        "issuer": provider.issuer(),
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
        "email_claim": "email",
        "role_claim": "groups",
        "lead_values": "govsocial-leads",
        "editor_values": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_lead_saves_the_provider_and_the_endpoints_are_discovered(
    lead_client, organisation, oidc_provider
):
    url = reverse("core:single_sign_on")
    page = lead_client.get(url).content.decode()
    assert "http://testserver/sign-in/sso/callback/" in page
    assert "openid email profile" in page
    response = lead_client.post(url, _form(oidc_provider))
    assert response.status_code == 302
    config = SingleSignOn.objects.get(organisation=organisation)
    assert config.token_endpoint == oidc_provider.issuer() + "/token"
    assert config.jwks_uri == oidc_provider.issuer() + "/jwks"
    assert oidc_provider.client_secret not in config.client_secret_encrypted
    assert encryption.decrypt(config.client_secret_encrypted) == oidc_provider.client_secret
    page = lead_client.get(url).content.decode()
    assert oidc_provider.client_secret not in page, "the secret is never shown again"
    created = AuditEvent.objects.get(organisation=organisation, action="sso.created")
    assert "client_secret" in created.detail["changed"]
    assert oidc_provider.client_secret not in str(created.detail) + created.summary

    # Saved again without a secret: the stored one is kept.
    lead_client.post(url, _form(oidc_provider, client_secret="", editor_values="redactie"))
    config.refresh_from_db()
    assert encryption.decrypt(config.client_secret_encrypted) == oidc_provider.client_secret
    changed = AuditEvent.objects.get(organisation=organisation, action="sso.configured")
    assert changed.detail["changed"] == ["editor_values"]


def test_an_issuer_that_is_no_provider_is_refused_with_the_reason(
    lead_client, organisation, oidc_provider
):
    response = lead_client.post(
        reverse("core:single_sign_on"), _form(oidc_provider, issuer=oidc_provider.base + "/nope")
    )
    assert response.status_code == 200
    assert "status 404" in response.content.decode()
    assert not SingleSignOn.objects.exists()


def test_a_provider_on_the_installations_own_network_is_refused(lead_client, settings):
    settings.GOVSOCIAL_OIDC_LOCAL_PROVIDERS = False
    response = lead_client.post(
        reverse("core:single_sign_on"),
        {
            "enabled": "on",
            "issuer": "http://127.0.0.1:9/realm",
            "client_id": "x",
            "client_secret": "y",
            "email_claim": "email",
        },
    )
    assert "must be reached over https" in response.content.decode()
    response = lead_client.post(
        reverse("core:single_sign_on"),
        {
            "enabled": "on",
            "issuer": "https://127.0.0.1:9/realm",
            "client_id": "x",
            "client_secret": "y",
            "email_claim": "email",
        },
    )
    assert "private network" in response.content.decode()
    assert not SingleSignOn.objects.exists()


def test_sso_only_waits_until_the_lead_signed_in_through_the_provider(
    client, organisation, lead, oidc_provider
):
    configure(organisation, oidc_provider)
    client.force_login(lead)
    url = reverse("core:single_sign_on")
    response = client.post(url, _form(oidc_provider, client_secret="", sso_only="on"))
    assert "Sign in with single sign-on yourself first" in response.content.decode()
    assert not SingleSignOn.objects.get().sso_only

    client.post(reverse("core:logout"))
    lead.email = "anna@example.org"
    lead.save()
    assert sign_in(client, oidc_provider).status_code == 302
    assert client.session["_auth_user_id"] == str(lead.pk)
    response = client.post(url, _form(oidc_provider, client_secret="", sso_only="on"))
    assert response.status_code == 302
    assert SingleSignOn.objects.get().sso_only


def test_removing_single_sign_on_is_in_the_trail(lead_client, organisation, oidc_provider):
    configure(organisation, oidc_provider)
    response = lead_client.post(reverse("core:remove_single_sign_on"))
    assert response.status_code == 302
    assert not SingleSignOn.objects.exists()
    assert AuditEvent.objects.filter(organisation=organisation, action="sso.removed").exists()


def test_staff_cannot_open_the_single_sign_on_page(staff_client):
    assert staff_client.get(reverse("core:single_sign_on")).status_code == 403
    assert staff_client.post(reverse("core:remove_single_sign_on")).status_code == 403


def test_a_secret_under_an_old_key_is_read_with_the_fallback(settings):
    stored = encryption.encrypt("the secret")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a new key " * 5
    assert encryption.decrypt(stored) == "the secret"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(encryption.UnreadableSecret):
        encryption.decrypt(stored)
