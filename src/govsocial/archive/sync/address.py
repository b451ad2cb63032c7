"""Connections only to public addresses, checked at the moment of connecting.

Checking a host name and then letting the HTTP library resolve it again leaves a
gap: a host whose DNS answers a public address to the check and 127.0.0.1 (or
169.254.169.254, or a private address) to the connection gets through (DNS
rebinding). So the sync's connections go through a network backend that resolves
the name once, refuses when any of its addresses is not public, and connects to
the checked addresses themselves. TLS still verifies the certificate against the
host name: httpcore takes the name for SNI and verification from the URL, not
from the address the socket was connected to. The rule for what is public, and
the checked resolving, are core's (core.services.addresses), shared with single
sign-on.

GOVSOCIAL_SYNC_LOCAL_HOSTS switches the check off (the tests' local servers, or an
installation that syncs from its own network).
"""

from __future__ import annotations

from collections.abc import Iterable

import httpcore
import httpx
from django.conf import settings

from govsocial.core.services.addresses import NotPublic, public_address, public_addresses, resolve

__all__ = [
    "AddressRefused",
    "PublicOnlyBackend",
    "PublicOnlyTransport",
    "public_address",
    "resolve",
]


class AddressRefused(httpx.ConnectError):
    """A connection refused because the host resolves to an address that is not public."""

    def __init__(self, host: str) -> None:
        super().__init__(f"{host} resolves to an address that is not public")
        self.host = host


class PublicOnlyBackend(httpcore.NetworkBackend):
    """httpcore's network backend, connecting only to checked public addresses."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self.inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        if settings.GOVSOCIAL_SYNC_LOCAL_HOSTS:
            return self.inner.connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            addresses = public_addresses(host, port)
        except NotPublic:
            raise AddressRefused(host) from None
        except OSError as error:
            raise httpcore.ConnectError(str(error)) from error
        failure = httpcore.ConnectError(f"{host} could not be reached")
        for address in addresses:  # like socket.create_connection: the next on failure
            try:
                return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as error:
                failure = error
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("the sync does not connect to local sockets")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class PublicOnlyTransport(httpx.HTTPTransport):
    """httpx's own transport with the checking backend under its connection pool.

    httpx (0.28) takes no network backend, so its pool is replaced with an httpcore
    pool built on PublicOnlyBackend. A client with its own transport also ignores
    HTTP(S)_PROXY from the environment, which is wanted: through a proxy only the
    proxy's address would be checked. test_sync_address fails if a later httpx
    stops sending requests through `_pool`."""

    def __init__(self) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=100,  # httpx's default limits
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=PublicOnlyBackend(),
        )
