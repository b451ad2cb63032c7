"""A fake resolver and the addresses that are not public, for the tests of the
address check (the archive's sync and single sign-on use the same rule).

The fake DNS answers lookups without a port (how the check looks a name up) apart
from lookups with one (how a connection looks it up), so the tests also fail for
code that lets the HTTP library resolve the name again."""

from __future__ import annotations

import socket

PUBLIC = "93.184.215.14"
PUBLIC_V6 = "2606:2800:220:1:248:1893:25c8:1946"
NOT_PUBLIC = [
    "127.0.0.1",
    "::1",
    "fe80::1%1",  # link-local
    "fd12:3456::1",  # unique-local
    "fec0::1",  # site-local
    "::ffff:127.0.0.1",  # IPv4-mapped
    "0.0.0.0",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # carrier-grade NAT
    "10.0.0.5",
    "192.168.1.1",
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "224.0.0.1",  # multicast
]
_REAL_GETADDRINFO = socket.getaddrinfo


class FakeDNS:
    """Answers for the test's names; every other name goes to the real resolver."""

    def __init__(self) -> None:
        self.names: dict[str, tuple[list[str], list[str]]] = {}

    def add(self, host: str, check: list[str], connect: list[str] | None = None) -> None:
        self.names[host] = (check, check if connect is None else connect)

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002
        if host not in self.names:
            return _REAL_GETADDRINFO(host, port, family, type, proto, flags)
        check, connect = self.names[host]
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port or 0, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port or 0))
            for a in (connect if port else check)
        ]


def connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _address = server.accept()
        except TimeoutError:
            return count
        connection.close()
        count += 1
