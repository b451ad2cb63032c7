"""Connections only to public addresses, checked at the moment of connecting.

GovSocial's server fetches addresses people typed (an organisation's OpenID
provider, an archive's platform). Checking a host name and then letting the HTTP
library resolve it again leaves a gap: a host whose DNS answers a public address
to the check and 127.0.0.1 (or 169.254.169.254, or a private address) to the
connection gets through (DNS rebinding). So a connection resolves the name once,
is refused when any of its addresses is not public, and goes to the checked
addresses themselves.

This module holds the rule (`public_address`), the checked resolving
(`public_addresses`) and, for code that uses `requests`, a session that connects
only that way (`public_session`). The archive's httpx backend builds on the same
rule (archive.sync.address).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from typing import Any, NoReturn

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection

# IPv6 ranges that carry an IPv4 address in their last 32 bits: NAT64 and the
# deprecated IPv4-compatible addresses (::127.0.0.1).
_EMBEDDING = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))


class NotPublic(OSError):
    """A host that resolves to an address that is not public (or to none)."""

    def __init__(self, host: str) -> None:
        super().__init__(f"{host} resolves to an address that is not public")
        self.host = host


def public_address(address: str) -> bool:
    """Whether a resolved address is on the internet: not loopback, private, link-local,
    carrier-grade NAT, multicast, reserved or unspecified, also not when an IPv6 address
    carries such an IPv4 address (::ffff:127.0.0.1, 6to4, NAT64)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if not ip.is_global or ip.is_multicast:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:
            return False
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is None and any(ip in network for network in _EMBEDDING):
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            return public_address(str(inner))
    return True


def resolve(host: str, port: int | None = None) -> list[str]:
    """Every address `host` resolves to, in the resolver's order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def public_addresses(host: str, port: int | None = None) -> list[str]:
    """The addresses to connect to, all of them public: NotPublic when any one is not
    (or there are none); the resolver's own OSError when the name cannot be resolved."""
    addresses = resolve(host, port)
    if not addresses or not all(public_address(address) for address in addresses):
        raise NotPublic(host)
    return addresses


def refused_host(error: BaseException) -> str | None:
    """The host a failed request was refused for by the address check, if that was why.
    requests wraps urllib3's error (MaxRetryError, its `reason`) in its own."""
    seen: set[int] = set()
    todo: list[object] = [error]
    while todo:
        current = todo.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, (AddressRefused, NotPublic)):
            return current.host
        todo += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        todo += list(current.args)
    return None


# -- requests --------------------------------------------------------------------


class AddressRefused(NewConnectionError):
    """urllib3's connection error for a host the address check refused; requests
    raises it as a ConnectionError (a RequestException) like any unreachable host."""

    def __init__(self, conn: HTTPConnection, host: str) -> None:
        super().__init__(conn, f"{host} resolves to an address that is not public")
        self.host = host


def _checked_socket(conn: HTTPConnection) -> socket.socket:
    """urllib3's `_new_conn`, connecting only to the checked addresses: resolve once,
    refuse unless every address is public, try them in turn (as
    socket.create_connection does). urllib3 keeps `conn.host` for the Host header,
    SNI and the certificate's name check, so TLS still verifies the name."""
    try:
        addresses = public_addresses(conn._dns_host.strip("[]"), conn.port)
    except NotPublic:
        raise AddressRefused(conn, conn.host) from None
    except socket.gaierror as error:
        raise NameResolutionError(conn.host, conn, error) from error
    except OSError as error:
        raise NewConnectionError(conn, f"Failed to establish a new connection: {error}") from error
    failure: OSError | None = None
    for address in addresses:
        try:
            sock = connection.create_connection(
                (address, conn.port),
                conn.timeout,
                source_address=conn.source_address,
                socket_options=conn.socket_options,
            )
        except OSError as error:
            failure = error
            continue
        sys.audit("http.client.connect", conn, conn.host, conn.port)
        return sock
    if isinstance(failure, TimeoutError):
        raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out.") from failure
    raise NewConnectionError(conn, f"Failed to establish a new connection: {failure}")


class _CheckedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _checked_socket(self)


class _CheckedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _checked_socket(self)


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """requests' adapter whose urllib3 pools connect only to checked public addresses."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPPool,
            "https": _CheckedHTTPSPool,
        }

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> NoReturn:
        # Through a proxy only the proxy's address would be checked, not the host's.
        raise requests.exceptions.ProxyError("requests through a proxy are not checked")


def public_session() -> requests.Session:
    """A requests session that connects only to checked public addresses. It ignores
    HTTP(S)_PROXY and .netrc from the environment (a proxy would connect in its place);
    a CA bundle named in REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE is still used."""
    session = requests.Session()
    session.trust_env = False
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle:
        session.verify = bundle
    adapter = PublicOnlyAdapter()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
