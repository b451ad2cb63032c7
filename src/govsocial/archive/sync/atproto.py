"""Where a Bluesky author's original files are: their server (PDS), found from their DID.

The AppView offers a video only as an HLS playlist; the post's record names the
original file (a blob: its CID, type and size), which the author's PDS serves at
`com.atproto.sync.getBlob`. The PDS is the `#atproto_pds` service of the author's
DID document: a did:plc's from the PLC directory (GOVSOCIAL_BLUESKY_PLC_URL), a
did:web's from its own host. Both are fetched through the MediaClient (https on a
public address, no token, no redirects, capped); a failure is the file's, not the sync's.

A file is listed under `at://DID/blob/CID`: the CID is the hash of the content and
the DID the author, so the name stays the same when the author moves to another
server (the getBlob address would not).
"""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import urlencode, urlsplit

import orjson
from django.conf import settings

from .http import MediaClient, MediaRefused

DID_DOCUMENT_BYTES = 64 * 1024  # a real one is about 1 KB
GET_BLOB = "/xrpc/com.atproto.sync.getBlob"
UNRESOLVED = "unresolved"  # MediaReason.UNRESOLVED
_PLC = re.compile(r"did:plc:[a-z2-7]{24}")
_WEB = re.compile(r"did:web:([a-z0-9.-]{1,253}(?:%3a[0-9]{1,5})?)", re.IGNORECASE)
_CID = re.compile(r"b[a-z2-7]{8,120}")  # a CIDv1 in base32, as blobs are named
_ORIGIN = re.compile(r"at://([^/]+)/blob/([^/]+)")


def blob_origin(did: str, cid: str) -> str:
    """The name a blob is listed under, or "" when `did` or `cid` is not one."""
    if not _CID.fullmatch(cid) or not did_document_url(did):
        return ""
    return f"at://{did}/blob/{cid}"


def did_document_url(did: str) -> str:
    """Where the DID document of `did` is read, or "" for what is no did:plc or did:web."""
    if _PLC.fullmatch(did):
        return f"{settings.GOVSOCIAL_BLUESKY_PLC_URL}/{did}"
    web = _WEB.fullmatch(did)
    if not web:
        return ""
    host = web.group(1).lower().replace("%3a", ":")
    # As atproto's own resolver: a development server on localhost speaks http (and is
    # reached only with GOVSOCIAL_SYNC_LOCAL_HOSTS).
    scheme = "http" if host.split(":")[0] == "localhost" else "https"
    return f"{scheme}://{host}/.well-known/did.json"


def blob_url(origin: str, client: MediaClient, cache: dict[str, Any]) -> str:
    """The getBlob address of a blob listed under `origin`; MediaRefused when the
    author's server cannot be found."""
    found = _ORIGIN.fullmatch(origin)
    if not found or not blob_origin(found.group(1), found.group(2)):
        raise MediaRefused(UNRESOLVED, origin[:200])
    did, cid = found.groups()
    return f"{pds_of(did, client, cache)}{GET_BLOB}?" + urlencode({"did": did, "cid": cid})


def pds_of(did: str, client: MediaClient, cache: dict[str, Any]) -> str:
    """The author's PDS address, looked up once per sync (`cache`), a failure too."""
    key = f"pds {did}"
    if key not in cache:
        try:
            cache[key] = _resolve(did, client)
        except MediaRefused as refused:
            cache[key] = refused
    found = cache[key]
    if isinstance(found, MediaRefused):
        raise MediaRefused(found.reason, found.detail)
    return str(found)


def _resolve(did: str, client: MediaClient) -> str:
    url = did_document_url(did)
    host = urlsplit(url).netloc
    buffer = io.BytesIO()
    try:
        client.download(url, buffer, DID_DOCUMENT_BYTES)
    except MediaRefused as refused:
        problem = {"status": f"HTTP {refused.detail}", "too_large": "too large"}
        raise MediaRefused(
            UNRESOLVED, f"{host}: {problem.get(refused.reason, refused.detail or refused.reason)}"
        ) from refused
    try:
        document = orjson.loads(buffer.getvalue())
    except orjson.JSONDecodeError:
        document = None
    if not isinstance(document, dict) or document.get("id") != did:
        raise MediaRefused(UNRESOLVED, f"{host}: no DID document of {did}")
    for service in document.get("service") or []:
        if (
            isinstance(service, dict)
            and service.get("id") in ("#atproto_pds", f"{did}#atproto_pds")
            and service.get("type") == "AtprotoPersonalDataServer"
        ):
            return _endpoint(service.get("serviceEndpoint"), host)
    raise MediaRefused(UNRESOLVED, f"{host}: no #atproto_pds service")


def _endpoint(value: Any, host: str) -> str:
    """The PDS's address: a bare origin. Whether it is https on a public address is the
    download's check (MediaClient), made again for every connection."""
    try:
        parts = urlsplit(value.strip().rstrip("/")) if isinstance(value, str) else None
        _port = parts and parts.port  # a port that is no number raises
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("https", "http")
        or not parts.hostname
        or "@" in parts.netloc
        or parts.path
        or parts.query
        or parts.fragment
    ):
        raise MediaRefused(UNRESOLVED, f"{host}: no valid #atproto_pds address")
    return f"{parts.scheme}://{parts.netloc}"
