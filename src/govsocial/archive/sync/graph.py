"""What the Facebook and Instagram Graph API syncs share: `paging.next`, and
the default host. Rate limits (429, error codes 4/17/32/613) are waited out
by the client (http.Client) with a bounded number of retries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .base import pages, unexpected
from .http import Client, endpoint

GRAPH = "https://graph.facebook.com/v21.0"


def _next(data: Any, headers: Any) -> str:
    paging = data.get("paging") if isinstance(data, dict) else None
    return str(paging.get("next") or "") if isinstance(paging, dict) else ""


def edges(client: Client, first: str, state: dict) -> Iterator[tuple[dict[str, Any], str]]:
    """Every object of a Graph edge, page after page, with the page's endpoint."""
    for data, _raw, url in pages(client, first, state, _next):
        if not isinstance(data, dict) or not isinstance(data.get("data"), list):
            raise unexpected(endpoint(url))
        for node in data["data"]:
            if isinstance(node, dict) and node.get("id"):
                yield node, endpoint(url)
