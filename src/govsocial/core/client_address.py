"""The address a request comes from, for the sign-in lockout and the audit trail.

Behind a reverse proxy every request arrives from the proxy's address. The
proxy names the real client in X-Forwarded-For, but anyone can send that
header, so it is believed only when the request comes from an address in
GOVSOCIAL_TRUSTED_PROXIES. The list is read from the right (each proxy appends
the address it was reached from) and the first address that is not a trusted
proxy is the client.
"""

import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # settings import this module: keep its imports light
    from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: str | list[str] | tuple[str, ...]) -> tuple[Network, ...]:
    """Comma-separated addresses and CIDR ranges; ImproperlyConfigured for a bad one."""
    items = value.split(",") if isinstance(value, str) else value
    networks = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"GOVSOCIAL_TRUSTED_PROXIES: {item!r} is not an address or CIDR range"
            ) from exc
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(value: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(value)


def _address(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(request: "HttpRequest") -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For when a trusted proxy sent it."""
    peer_text = request.META.get("REMOTE_ADDR", "") or ""
    networks = _trusted(tuple(getattr(settings, "GOVSOCIAL_TRUSTED_PROXIES", ()) or ()))
    peer = _address(peer_text)
    if peer is None or not networks or not _is_trusted(peer, networks):
        return str(peer) if peer is not None else peer_text
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a trusted proxy never writes this; keep the last address we can vouch for
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
