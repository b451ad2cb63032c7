"""Single sign-on connects only to the public address it checked: a provider whose
DNS answers a public address to the check and 127.0.0.1 to the connection (DNS
rebinding) gets no connection and the person is told the provider could not be
reached, a host with any address that is not public is refused, and a public name
is connected to at its checked address with TLS still verified against the name.

The fake DNS answers lookups without a port (how the check looks a name up) apart
from lookups with one (how a connection looks it up, in urllib3 as much as in the
checked session), so these tests also fail for code that lets the HTTP library
resolve the name again."""

from __future__ import annotations

import json
import socket
import ssl

import mozilla_django_oidc.auth
import pytest
import requests
import urllib3.connection
import urllib3.util.connection
from django.utils import translation
from urllib3.util.ssl_ import resolve_cert_reqs

from govsocial.core import services
from govsocial.core.models import AuditEvent, Person, SingleSignOn
from govsocial.core.services.addresses import public_address, refused_host
from govsocial.core.services.single_sign_on import SingleSignOnError, provider_session
from govsocial.core.sso import OrganisationOIDCBackend
from govsocial.core.tests.addresses import (
    NOT_PUBLIC,
    PUBLIC,
    PUBLIC_V6,
    FakeDNS,
    connections,
)
from govsocial.core.tests.test_single_sign_on import configure, problem, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def dns(monkeypatch, settings):
    settings.GOVSOCIAL_OIDC_LOCAL_PROVIDERS = False
    settings.OIDC_TIMEOUT = 1
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def connects(monkeypatch):
    """Every address a connection is made to; none is really made."""
    made: list[tuple[str, int]] = []

    def create_connection(address, *args, **kwargs):
        made.append(address)
        raise ConnectionRefusedError("stubbed")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", create_connection)
    return made


@pytest.mark.parametrize("address", [PUBLIC, PUBLIC_V6, "2a00:1450:4001:80b::200e"])
def test_an_address_on_the_internet_is_public(address):
    assert public_address(address)


@pytest.mark.parametrize("address", NOT_PUBLIC + ["not-an-address"])
def test_an_address_of_a_private_network_is_not_public(address):
    assert not public_address(address)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_token_endpoint_rebinding_to_127_0_0_1_gets_no_connection_and_the_person_is_told(
    client, organisation, oidc_provider, settings, dns, listener, language
):
    settings.GOVSOCIAL_OIDC_LOCAL_PROVIDERS = True  # the provider on 127.0.0.1 is saved
    config = configure(organisation, oidc_provider)
    settings.GOVSOCIAL_OIDC_LOCAL_PROVIDERS = False  # and then every connection is checked
    port = listener.getsockname()[1]
    dns.add("rebind.example", check=[PUBLIC], connect=["127.0.0.1"])
    SingleSignOn.objects.filter(pk=config.pk).update(
        token_endpoint=f"https://rebind.example:{port}/token"
    )
    client.cookies["govsocial_language"] = language
    response = sign_in(client, oidc_provider)
    assert response.status_code == 403
    expected = {
        "en": "provider could not be reached",
        "nl": "provider van uw organisatie was niet bereikbaar",
    }[language]
    assert expected in problem(response)
    assert connections(listener) == 0
    assert not Person.objects.filter(email="anna@example.org").exists()
    assert "_auth_user_id" not in client.session
    refused = AuditEvent.objects.get(organisation=organisation, action="sign_in.sso_refused")
    assert refused.detail["reason"] == "provider"


@pytest.mark.parametrize("endpoint", ["token", "jwks", "userinfo"])
def test_every_request_of_the_sign_in_refuses_a_rebinding_host(dns, listener, endpoint):
    port = listener.getsockname()[1]
    dns.add("rebind.example", check=[PUBLIC], connect=["127.0.0.1"])
    url = f"https://rebind.example:{port}/{endpoint}"
    backend = OrganisationOIDCBackend()
    backend.OIDC_OP_TOKEN_ENDPOINT = backend.OIDC_OP_JWKS_ENDPOINT = url
    backend.OIDC_OP_USER_ENDPOINT = url
    request = {
        "token": lambda: backend.get_token({"client_id": "c", "client_secret": "s"}),
        "jwks": lambda: backend.retrieve_matching_jwk("a.b.c"),
        "userinfo": lambda: backend.get_userinfo("access", "id", {"sub": "anna"}),
    }[endpoint]
    with pytest.raises(requests.ConnectionError) as refused:
        request()
    assert refused_host(refused.value) == "rebind.example"
    assert connections(listener) == 0


def test_discovery_rebinding_to_127_0_0_1_gets_no_connection_and_says_why(dns, listener):
    port = listener.getsockname()[1]
    dns.add("rebind.example", check=[PUBLIC], connect=["127.0.0.1"])
    issuer = f"https://rebind.example:{port}/realm"
    with translation.override("nl"), pytest.raises(SingleSignOnError, match="privénetwerk"):
        services.discover(issuer)
    with pytest.raises(SingleSignOnError, match="rebind.example is an address on a private"):
        services.discover(issuer)
    assert connections(listener) == 0


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_a_host_with_any_address_that_is_not_public_is_refused(dns, connects, address):
    dns.add("mixed.example", check=[PUBLIC, address])
    with pytest.raises(SingleSignOnError, match="mixed.example is an address on a private"):
        services.discover("https://mixed.example/realm")
    dns.add("late.example", check=[PUBLIC], connect=[PUBLIC, address])
    with provider_session() as http, pytest.raises(requests.ConnectionError) as refused:
        http.get("https://late.example/.well-known/openid-configuration", timeout=1)
    assert refused_host(refused.value) == "late.example"
    assert connects == []  # refused before connecting, also to the public address


class _FakeTLSSocket(socket.socket):
    def selected_alpn_protocol(self):
        return None


def test_a_public_name_is_connected_to_at_its_checked_address_with_tls_on_the_name(
    dns, monkeypatch
):
    dns.add("sso.example", check=[PUBLIC_V6, PUBLIC])
    document = {
        "issuer": "https://sso.example/realm",
        "authorization_endpoint": "https://sso.example/auth",
        "token_endpoint": "https://sso.example/token",
        "jwks_uri": "https://sso.example/jwks",
    }
    body = json.dumps(document).encode()
    made: list[tuple[str, int]] = []
    ours, theirs = socket.socketpair()
    theirs.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    tls: dict = {}

    def create_connection(address, *args, **kwargs):
        made.append(address)
        if address[0] == PUBLIC_V6:
            raise OSError("no IPv6 route")  # the next address is tried
        return _FakeTLSSocket(ours.family, ours.type, fileno=ours.detach())

    def wrap(sock, **kwargs):
        tls.update(kwargs)
        return urllib3.connection._WrappedAndVerifiedSocket(socket=sock, is_verified=True)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", create_connection)
    monkeypatch.setattr(urllib3.connection, "_ssl_wrap_socket_and_match_hostname", wrap)
    discovery = services.discover("https://sso.example/realm")
    assert discovery.token_endpoint == "https://sso.example/token"
    assert made == [(PUBLIC_V6, 443), (PUBLIC, 443)]
    assert tls["server_hostname"] == "sso.example"
    assert resolve_cert_reqs(tls["cert_reqs"]) == ssl.CERT_REQUIRED
    assert tls["assert_hostname"] is None  # the certificate's name is checked
    assert tls["ssl_context"] is None or tls["ssl_context"].verify_mode == ssl.CERT_REQUIRED
    theirs.settimeout(1)
    sent = theirs.recv(65536)
    theirs.close()
    assert b"GET /realm/.well-known/openid-configuration HTTP/1.1\r\n" in sent
    assert b"\r\nHost: sso.example\r\n" in sent


def test_a_sign_in_never_uses_the_librarys_own_requests(
    client, organisation, oidc_provider, monkeypatch
):
    """The library's module-level requests would resolve the name again: every request
    of a sign-in (token, JWKS, userinfo) goes through provider_session instead."""
    configure(organisation, oidc_provider)

    class Forbidden:
        def __getattr__(self, name):
            raise AssertionError(f"mozilla_django_oidc used requests.{name}")

    monkeypatch.setattr(mozilla_django_oidc.auth, "requests", Forbidden())
    response = sign_in(client, oidc_provider)
    assert response.status_code == 302, problem(response)
    assert client.session["_auth_user_id"]
