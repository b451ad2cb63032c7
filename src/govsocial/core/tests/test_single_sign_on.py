"""Single sign-on end to end against a real provider on 127.0.0.1 (oidc_provider):
discovery, the authorize redirect with state, nonce and PKCE, the token endpoint,
JWKS and userinfo. Every refusal is told in the person's language, and creates
nobody."""

import html
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from govsocial.core import services
from govsocial.core.models import AuditEvent, Membership, Person, SingleSignOnIdentity
from govsocial.core.tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


def configure(organisation, provider, tenant="tenant-a", **values):
    settings = {
        "enabled": True,
        "client_id": provider.client_id,
        "email_claim": "email",
        "role_claim": "groups",
        "lead_values": "govsocial-leads",
        "editor_values": "govsocial-editors\nwebredactie",
        "sso_only": False,
        "trusted_for_two_factor": False,
    }
    settings.update(values)
    discovery = services.discover(provider.issuer(tenant))
    return services.save_configuration(
        organisation, None, discovery, client_secret=provider.client_secret, **settings
    )


def start(client, slug):
    response = client.get(reverse("core:sso_start") + f"?organisation={slug}")
    assert response.status_code == 302, response
    return response["Location"]


def sign_in(client, provider, slug="example", state=None):
    """Start at GovSocial, follow the redirect to the provider (which signs the
    user in at once), and follow its redirect back with the code."""
    authorize = start(client, slug)
    back = requests.get(authorize, allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    parts = urlsplit(back.headers["Location"])
    query = parse_qs(parts.query)
    if state is not None:
        query["state"] = [state]
    return client.get(parts.path, {k: v[0] for k, v in query.items()})


def problem(response) -> str:
    page = response.content.decode()
    return html.unescape(page.split('id="sso-problem">', 1)[1].split("</p>", 1)[0])


def test_the_authorize_redirect_carries_state_nonce_and_a_pkce_challenge(
    client, organisation, oidc_provider
):
    configure(organisation, oidc_provider)
    query = parse_qs(urlsplit(start(client, "example")).query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == [oidc_provider.client_id]
    assert query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert len(query["code_challenge"][0]) == 43
    assert query["redirect_uri"] == ["http://testserver/sign-in/sso/callback/"]
    states = client.session["oidc_states"]
    assert states[query["state"][0]]["organisation"] == organisation.pk


def test_a_first_sign_in_creates_the_member_with_the_role_the_groups_give(
    client, organisation, oidc_provider
):
    configure(organisation, oidc_provider)
    oidc_provider.user["groups"] = ["everyone", "webredactie"]
    response = sign_in(client, oidc_provider)
    assert response.status_code == 302 and response["Location"] == "/"
    person = Person.objects.get(email="anna@example.org")
    assert person.username == "anna" and person.get_full_name() == "Anna de Vries"
    assert not person.has_usable_password()
    assert Membership.objects.get(person=person, organisation=organisation).role == "editor"
    assert client.session["_auth_user_id"] == str(person.pk)
    identity = SingleSignOnIdentity.objects.get(person=person)
    assert identity.issuer == oidc_provider.issuer() and identity.subject == "user-1"
    token_request = [form for kind, form in oidc_provider.log if kind == "token"][-1]
    assert token_request["code_verifier"] and "client_secret" in token_request
    joined = AuditEvent.objects.get(organisation=organisation, action="member.joined")
    assert joined.detail["via"] == "sso" and joined.detail["role"] == "editor"
    assert AuditEvent.objects.filter(action="sign_in.succeeded", actor=person).exists()

    client.post(reverse("core:logout"))
    oidc_provider.user["email"] = "anna.devries@example.org"  # a new address, the same subject
    assert sign_in(client, oidc_provider).status_code == 302
    assert Person.objects.filter(email__icontains="anna").count() == 1


def test_an_open_invitation_gives_its_role_on_the_first_sign_in(
    client, organisation, oidc_provider
):
    from govsocial.core.tests.factories import make_invitation

    configure(organisation, oidc_provider)
    invitation, _token = make_invitation(organisation, email="Anna@Example.org", role="lead")
    assert sign_in(client, oidc_provider).status_code == 302
    person = Person.objects.get(email="anna@example.org")
    assert Membership.objects.get(person=person).role == "lead"
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


REFUSALS = {
    "audience": (
        {"aud": "another-application"},
        "meant for another application",
        "voor een andere toepassing",
    ),
    "expired": (
        {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200},
        "has expired",
        "is verlopen",
    ),
    "nonce": ({"nonce": "not-the-one-we-sent"}, "does not belong to this sign-in", "hoort niet"),
}


@pytest.mark.parametrize("reason", sorted(REFUSALS))
@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_bad_token_is_refused_in_the_persons_language_and_creates_nobody(
    client, organisation, oidc_provider, reason, language
):
    configure(organisation, oidc_provider)
    claims, english, dutch = REFUSALS[reason]
    oidc_provider.tamper = claims
    client.cookies["govsocial_language"] = language
    response = sign_in(client, oidc_provider)
    assert response.status_code == 403
    assert (english if language == "en" else dutch) in problem(response)
    assert f'<html lang="{language}"' in response.content.decode()
    assert not Person.objects.filter(email="anna@example.org").exists()
    assert "_auth_user_id" not in client.session
    refused = AuditEvent.objects.get(organisation=organisation, action="sign_in.sso_refused")
    assert refused.detail["reason"] == reason


@pytest.mark.parametrize(
    "keys",
    [
        {"keys": [{"kty": "RSA", "alg": "RS256"}]},  # no key id
        {"keys": "not a list"},
        {"keys": [17, None]},
        ["no", "object"],
        {},
    ],
)
def test_a_malformed_key_set_from_the_provider_is_refused_not_an_error(
    client, organisation, oidc_provider, keys
):
    configure(organisation, oidc_provider)
    oidc_provider.keys = keys
    client.cookies["govsocial_language"] = "nl"
    response = sign_in(client, oidc_provider)
    assert response.status_code == 403
    assert "kon niet worden gecontroleerd" in problem(response)
    assert not Person.objects.filter(email="anna@example.org").exists()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_wrong_state_is_refused(client, organisation, oidc_provider, language):
    configure(organisation, oidc_provider)
    client.cookies["govsocial_language"] = language
    response = sign_in(client, oidc_provider, state="forged-state")
    assert response.status_code == 403
    expected = "was not started here" if language == "en" else "niet hier begonnen"
    assert expected in problem(response)
    assert not Person.objects.filter(email="anna@example.org").exists()


def test_the_state_works_once(client, organisation, oidc_provider):
    configure(organisation, oidc_provider)
    authorize = start(client, "example")
    back = requests.get(authorize, allow_redirects=False, timeout=5).headers["Location"]
    parts = urlsplit(back)
    assert client.get(parts.path + "?" + parts.query).status_code == 302
    client.post(reverse("core:logout"))
    assert client.get(parts.path + "?" + parts.query).status_code == 403


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_user_of_another_tenant_of_a_shared_provider_is_refused(
    client, organisation, oidc_provider, language
):
    configure(organisation, oidc_provider, tenant="tenant-a")
    # A multi-tenant provider signs in someone of tenant B and says so in the token.
    oidc_provider.tamper = {"iss": oidc_provider.issuer("tenant-b")}
    client.cookies["govsocial_language"] = language
    response = sign_in(client, oidc_provider)
    assert response.status_code == 403
    expected = "another organisation's provider" if language == "en" else "een andere organisatie"
    assert expected in problem(response)
    assert not Person.objects.filter(email="anna@example.org").exists()


def test_another_organisations_member_cannot_get_in_through_this_provider(
    client, organisation, other_organisation, oidc_provider
):
    configure(organisation, oidc_provider, tenant="tenant-a")
    configure(other_organisation, oidc_provider, tenant="tenant-b")
    elsewhere = make_person(other_organisation, role="lead", email="anna@example.org")
    client.cookies["govsocial_language"] = "en"
    response = sign_in(client, oidc_provider, slug="example")  # tenant A says: anna@example.org
    assert response.status_code == 403
    assert "not at Example Council" in problem(response)
    assert not Membership.objects.filter(organisation=organisation, person=elsewhere).exists()
    assert "_auth_user_id" not in client.session
    assert not SingleSignOnIdentity.objects.exists()


def test_the_host_is_never_signed_in_by_an_organisations_provider(
    client, organisation, oidc_provider
):
    configure(organisation, oidc_provider)
    make_person(organisation, role="lead", email="anna@example.org", is_host=True)
    response = sign_in(client, oidc_provider)
    assert response.status_code == 403
    # No language chosen in this browser: the organisation's (Dutch).
    assert "log in plaats daarvan in met uw gebruikersnaam en wachtwoord" in problem(response)


def test_a_member_signs_in_with_the_existing_account_and_it_is_linked(
    client, organisation, oidc_provider
):
    configure(organisation, oidc_provider)
    member = make_person(organisation, role="staff", email="ANNA@example.org")
    assert sign_in(client, oidc_provider).status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)
    assert SingleSignOnIdentity.objects.get().person == member
    assert AuditEvent.objects.filter(action="sso.linked", actor=member).exists()


def test_an_unverified_e_mail_address_is_refused(client, organisation, oidc_provider):
    configure(organisation, oidc_provider)
    oidc_provider.user["email_verified"] = False
    assert sign_in(client, oidc_provider).status_code == 403
    assert not Person.objects.filter(email="anna@example.org").exists()


def test_an_unknown_organisation_says_so_on_the_sign_in_page(client, organisation, oidc_provider):
    configure(organisation, oidc_provider)
    response = client.get(reverse("core:sso_start") + "?organisation=nowhere", follow=True)
    page = html.unescape(response.content.decode())
    assert "No organisation here signs in with the short name “nowhere”" in page
    assert "Sign in with your organisation's account" in page


def test_single_sign_on_only_refuses_the_password_of_its_members(
    client, organisation, other_organisation, oidc_provider
):
    configure(organisation, oidc_provider, sso_only=True)
    member = make_person(organisation, role="staff", username="member")
    make_person(other_organisation, role="staff", username="outsider")
    response = client.post(reverse("core:login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 200
    assert "signs you in with your organisation" in response.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("core:login"), {"username": "outsider", "password": PASSWORD})
    assert response.status_code == 302
    assert member.has_usable_password()


def test_a_provider_the_organisation_trusts_counts_as_two_factor_sign_in(
    client, organisation, oidc_provider
):
    configure(organisation, oidc_provider, trusted_for_two_factor=True)
    organisation.two_factor_required = True
    organisation.save()
    oidc_provider.user["groups"] = ["govsocial-leads"]
    assert sign_in(client, oidc_provider).status_code == 302
    person = Person.objects.get(email="anna@example.org")
    assert Membership.objects.get(person=person).role == "lead"
    assert client.get(reverse("core:people")).status_code == 200, "no code asked"


def test_otherwise_the_code_is_asked_after_single_sign_on(client, organisation, oidc_provider):
    from govsocial.core.tests.factories import totp_code, with_two_factor

    configure(organisation, oidc_provider)
    member = make_person(organisation, role="staff", email="anna@example.org")
    device, _codes = with_two_factor(member)
    response = sign_in(client, oidc_provider)
    assert response["Location"] == reverse("core:sign_in_code")
    assert "_auth_user_id" not in client.session
    client.post(reverse("core:sign_in_code"), {"code": totp_code(device.bin_key, steps_ahead=1)})
    assert client.session["_auth_user_id"] == str(member.pk)
    assert client.session["govsocial_sso_organisation"] == organisation.pk


def test_the_sign_in_page_lets_its_form_lead_to_the_providers(client, organisation, oidc_provider):
    assert "form-action 'self'" in client.get(reverse("core:login"))["Content-Security-Policy"]
    configure(organisation, oidc_provider)
    policy = client.get(reverse("core:login"))["Content-Security-Policy"]
    assert f"form-action 'self' {oidc_provider.base}" in policy
    assert (
        oidc_provider.base
        not in client.get(reverse("core:password_reset"))["Content-Security-Policy"]
    )


def test_sso_only_leaves_the_host_and_members_elsewhere_their_password(
    client, organisation, other_organisation, oidc_provider
):
    configure(organisation, oidc_provider, sso_only=True)
    host = make_person(organisation, role="lead", username="host", is_host=True)
    both = make_person(organisation, role="staff", username="both")
    Membership.objects.create(person=both, organisation=other_organisation, role="staff")
    for person in (host, both):
        client.cookies.clear()
        response = client.post(
            reverse("core:login"), {"username": person.username, "password": PASSWORD}
        )
        assert response.status_code == 302, "the provider would refuse them: the password stays"


def test_the_command_line_switches_a_failing_provider_off(
    client, organisation, oidc_provider, capsys
):
    from django.core.management import CommandError, call_command

    configure(organisation, oidc_provider, sso_only=True)
    make_person(organisation, role="staff", username="member")
    call_command("org", "sso-off", "--slug", "example")
    assert "Single sign-on of example is off" in capsys.readouterr().out
    assert not services.configuration_for_sign_in("example")
    response = client.post(reverse("core:login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="sso.configured", detail__state="off").exists()
    with pytest.raises(CommandError) as error:
        call_command("org", "sso-off", "--slug", "nowhere", "--lang", "nl")
    assert error.value.returncode == 2
