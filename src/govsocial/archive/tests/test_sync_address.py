"""The sync connects only to the public address it checked: a host whose DNS answers
a public address to the check and a local one to the connection (DNS rebinding) gets
no connection, a host with any non-public address is refused, and a public name is
connected to at its checked address with TLS still verified against the name.

The fake DNS answers lookups without a port (how the check looks a name up) apart
from lookups with one (how a connection looks it up, in socket.create_connection as
much as in the sync's own backend), so the test also fails for code that lets the
HTTP library resolve the name again."""

from __future__ import annotations

import socket
import ssl
from io import BytesIO

import httpcore
import pytest
from django.utils import translation

from govsocial.archive import services
from govsocial.archive.importers.errors import ArchiveError
from govsocial.archive.models import Item
from govsocial.archive.sync.http import Client, MediaClient, MediaRefused, check_base_url
from govsocial.core.tests.addresses import (
    NOT_PUBLIC,
    PUBLIC,
    PUBLIC_V6,
    FakeDNS,
    connections,
)

from .test_sync import _channel

pytestmark = pytest.mark.django_db


class FakeStream(httpcore.NetworkStream):
    """A connection that answers one HTTP request with `{}`, keeping what it was sent."""

    def __init__(self) -> None:
        self.sent = b""
        self.answer = [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"]
        self.tls: tuple[ssl.SSLContext, str | None] | None = None

    def read(self, max_bytes, timeout=None):
        return self.answer.pop(0) if self.answer else b""

    def write(self, buffer, timeout=None):
        self.sent += buffer

    def close(self):
        pass

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        self.tls = (ssl_context, server_hostname)
        return self

    def get_extra_info(self, info):
        return None


@pytest.fixture
def dns(monkeypatch, settings):
    settings.GOVSOCIAL_SYNC_LOCAL_HOSTS = False
    settings.GOVSOCIAL_SYNC_TIMEOUT_SECONDS = 1
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def connects(monkeypatch):
    """Every address a connection is made to; none is really made."""
    made: list[tuple[str, int]] = []

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        made.append((host, port))
        raise httpcore.ConnectError("stubbed")

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect_tcp)
    return made


def test_a_host_rebinding_to_127_0_0_1_gets_no_connection_and_the_sync_fails(
    organisation, dns, listener
):
    port = listener.getsockname()[1]
    dns.add("rebind.example", check=[PUBLIC], connect=["127.0.0.1"])
    channel = _channel(organisation, "mastodon", "gemeente")
    services.save_settings(
        organisation, channel.pk, source="mastodon", account="gemeente",
        base_url=f"https://rebind.example:{port}", by="tests",
    )  # fmt: skip
    with translation.override("nl"), pytest.raises(ArchiveError, match="privénetwerk"):
        services.sync_channel(organisation, channel.pk)
    with pytest.raises(ArchiveError, match="rebind.example is an address on a private network"):
        services.sync_channel(organisation, channel.pk)
    assert connections(listener) == 0
    assert not Item.objects.exists()


def test_a_media_host_rebinding_to_127_0_0_1_is_refused_without_a_connection(dns, listener):
    port = listener.getsockname()[1]
    dns.add("cdn.rebind.example", check=[PUBLIC], connect=["127.0.0.1"])
    with MediaClient() as client, pytest.raises(MediaRefused) as refused:
        client.download(f"https://cdn.rebind.example:{port}/a.jpg", BytesIO(), 1000)
    assert refused.value.reason == "refused"
    assert connections(listener) == 0


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_a_host_with_any_address_that_is_not_public_is_refused(dns, connects, address):
    dns.add("mixed.example", check=[PUBLIC, address])
    with pytest.raises(ArchiveError, match="private network"):
        check_base_url("https://mixed.example")
    dns.add("late.example", check=[PUBLIC], connect=[PUBLIC, address])
    with Client("https://late.example") as client:
        with pytest.raises(ArchiveError, match="late.example is an address on a private network"):
            client.get("https://late.example/api/v1/instance")
    assert connects == []  # refused before connecting, also to the public address


def test_a_public_name_is_connected_to_at_its_checked_address_with_tls_on_the_name(
    dns, monkeypatch
):
    dns.add("social.example", check=[PUBLIC_V6, PUBLIC])
    made: list[tuple[str, int]] = []
    stream = FakeStream()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        made.append((host, port))
        if host == PUBLIC_V6:
            raise httpcore.ConnectError("no IPv6 route")  # the next address is tried
        return stream

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect_tcp)
    with Client("https://social.example", token="t") as client:
        answer, _body, _headers = client.get("https://social.example/api/v1/instance")
    assert answer == {}
    assert made == [(PUBLIC_V6, 443), (PUBLIC, 443)]
    assert stream.tls is not None
    context, server_hostname = stream.tls
    assert server_hostname == "social.example"
    assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED
    assert b"GET /api/v1/instance HTTP/1.1\r\nHost: social.example\r\n" in stream.sent
