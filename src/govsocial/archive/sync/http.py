"""Fetching a platform's API: checked addresses, timeouts, a size cap, bounded back-off.

The server fetches addresses a lead typed, so a host must be https:// on a
public address (GOVSOCIAL_SYNC_LOCAL_HOSTS lets an installation or the tests
reach local ones), checked again at the moment of connecting and connected to
as checked (address.py: no DNS rebinding), redirects are not followed, and a page only follows `next`
links to the host it started on. Every refusal is an ArchiveError with a
message in the person's language. Photos and videos (MediaClient) may come
from any host, since platforms serve them from a CDN, but the same checks
apply, the token is never sent, and a refusal is the file's, not the sync's.
"""

from __future__ import annotations

import hashlib
import re
import time
from typing import IO, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import orjson
from django.conf import settings
from django.utils.translation import gettext as _

from ..importers.errors import ArchiveError
from .address import AddressRefused, PublicOnlyTransport, public_address, resolve

RETRIES = 3
# Graph API error codes for "too many calls" (app, user, page, custom level).
GRAPH_RATE_CODES = frozenset({4, 17, 32, 613})
_LINK = re.compile(r'<([^<>\s]{1,4000})>\s*;\s*rel="?next"?')
SECRET_PARAMETERS = {"access_token", "appsecret_proof"}


class SyncError(ArchiveError):
    pass


def _public(host: str) -> bool:
    """The early check, when a lead saves an address or before a request is made;
    the connection itself is checked again (address.PublicOnlyBackend)."""
    try:
        addresses = resolve(host)
    except OSError:
        return True  # unresolvable: the request fails with its own message
    return all(public_address(address) for address in addresses)


def _private(host: str) -> SyncError:
    return SyncError(
        _("%(host)s is an address on a private network; the archive only syncs from the internet.")
        % {"host": host}
    )


def check_base_url(url: str) -> str:
    """The address with no trailing slash, or a refusal saying why it cannot be used."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    local = settings.GOVSOCIAL_SYNC_LOCAL_HOSTS
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise SyncError(_("%(url)s is no web address.") % {"url": url or "—"})
    if parts.scheme != "https" and not local:
        raise SyncError(
            _("The platform must be reached over https: %(url)s is not.") % {"url": url}
        )
    if not local and not _public(parts.hostname):
        raise _private(parts.hostname)
    return url


def endpoint(url: str) -> str:
    """The URL as provenance: without tokens."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in SECRET_PARAMETERS]
    return urlunsplit(parts._replace(query=urlencode(query)))[:500]


def next_link(header: str | None) -> str:
    """The `rel="next"` URL of a Link header (Mastodon's paging), or ""."""
    if not header or len(header) > 8000:
        return ""
    found = _LINK.search(header)
    return found.group(1) if found else ""


class Client:
    """One sync's connection to one platform host."""

    def __init__(self, base_url: str, token: str = "") -> None:
        self.base_url = check_base_url(base_url)
        self.origin = urlsplit(self.base_url)[:2]
        headers = {"Accept": "application/json", "User-Agent": "GovSocial archive sync"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(
            headers=headers,
            timeout=settings.GOVSOCIAL_SYNC_TIMEOUT_SECONDS,
            follow_redirects=False,
            transport=PublicOnlyTransport(),
        )
        self.requests = 0

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def url(self, path: str, **params: Any) -> str:
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return f"{self.base_url}{path}" + (f"?{query}" if query else "")

    def get(self, url: str) -> tuple[Any, bytes, httpx.Headers]:
        """The JSON at `url` (on this client's host), its bytes and headers."""
        if urlsplit(url)[:2] != self.origin:
            raise SyncError(
                _("The platform pointed to %(url)s, another host; the sync stopped there.")
                % {"url": endpoint(url)}
            )
        for attempt in range(RETRIES + 1):
            status, body, headers = self._fetch(url)
            wait = _rate_limited(status, body, headers)
            if wait is None:
                break
            if attempt == RETRIES:
                raise SyncError(
                    _("%(url)s kept saying too many requests; try again later.")
                    % {"url": endpoint(url)}
                )
            time.sleep(min(wait, settings.GOVSOCIAL_SYNC_MAX_WAIT_SECONDS))
        if status != 200:
            raise SyncError(
                _("%(url)s answered with status %(status)s.")
                % {"url": endpoint(url), "status": status}
            )
        try:
            return orjson.loads(body), body, headers
        except orjson.JSONDecodeError as error:
            raise SyncError(_("%(url)s sent no valid JSON.") % {"url": endpoint(url)}) from error

    def _fetch(self, url: str) -> tuple[int, bytes, httpx.Headers]:
        cap = settings.GOVSOCIAL_SYNC_MAX_RESPONSE_BYTES
        self.requests += 1
        try:
            with self.http.stream("GET", url) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise _too_large(url)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > cap:
                        raise _too_large(url)
                return response.status_code, bytes(body), response.headers
        except AddressRefused as error:
            raise _private(error.host) from error
        except httpx.HTTPError as error:
            raise SyncError(
                _("%(url)s could not be reached (%(error)s).")
                % {"url": endpoint(url), "error": type(error).__name__}
            ) from error


def _too_large(url: str) -> SyncError:
    return SyncError(
        _("%(url)s sent more than the archive reads in one answer (%(limit)s bytes).")
        % {"url": endpoint(url), "limit": settings.GOVSOCIAL_SYNC_MAX_RESPONSE_BYTES}
    )


def _rate_limited(status: int, body: bytes, headers: httpx.Headers) -> float | None:
    """Seconds to wait before asking again, or None when the answer is no rate limit."""
    limited = status == 429
    if not limited and status in (400, 403) and len(body) < 65536:
        try:
            error = orjson.loads(body).get("error") or {}
            limited = int(error.get("code", 0)) in GRAPH_RATE_CODES
        except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError):
            limited = False
    if not limited:
        return None
    retry = headers.get("retry-after", "")
    try:
        return max(0.0, float(retry))
    except ValueError:
        return 60.0  # no (or a date-shaped) Retry-After: a minute, within the cap


# -- media files ---------------------------------------------------------------


class MediaRefused(Exception):
    """A media file that was not fetched: the reason (MediaReason's value) and a detail."""

    def __init__(self, reason: str, detail: str = "", size: int = 0) -> None:
        super().__init__(reason, detail)
        self.reason, self.detail, self.size = reason, detail, size


def _media_host_allowed(url: str) -> bool:
    parts = urlsplit(url)
    if not parts.hostname or parts.scheme not in ("https", "http"):
        return False
    if settings.GOVSOCIAL_SYNC_LOCAL_HOSTS:
        return True
    return parts.scheme == "https" and _public(parts.hostname)


class MediaClient:
    """Fetches a sync's photos and videos, which platforms serve from other hosts
    (a CDN): any host, but https on a public address only, without redirects,
    and without the platform's access token (no Authorization header at all)."""

    def __init__(self) -> None:
        self.http = httpx.Client(
            headers={"User-Agent": "GovSocial archive sync"},
            timeout=settings.GOVSOCIAL_SYNC_TIMEOUT_SECONDS,
            follow_redirects=False,
            transport=PublicOnlyTransport(),
        )
        self.requests = 0

    def __enter__(self) -> MediaClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def download(self, url: str, into: IO[bytes], limit: int) -> tuple[str, int, str]:
        """Stream `url` into `into`: its SHA-256, size and content type, or MediaRefused."""
        if not _media_host_allowed(url):
            raise MediaRefused("refused", endpoint(url)[:200])
        self.requests += 1
        deadline = time.monotonic() + 10 * settings.GOVSOCIAL_SYNC_TIMEOUT_SECONDS
        try:
            with self.http.stream("GET", url) as response:
                if response.status_code != 200:
                    raise MediaRefused("status", str(response.status_code))
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise MediaRefused("too_large", size=int(declared))
                digest, size = hashlib.sha256(), 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise MediaRefused("too_large", size=size)
                    if time.monotonic() > deadline:
                        raise MediaRefused("unreachable", "ReadTimeout")
                    digest.update(chunk)
                    into.write(chunk)
                kind = response.headers.get("content-type", "").split(";")[0].strip()
                return digest.hexdigest(), size, kind
        except AddressRefused as error:
            raise MediaRefused("refused", endpoint(url)[:200]) from error
        except httpx.HTTPError as error:
            raise MediaRefused("unreachable", type(error).__name__) from error
