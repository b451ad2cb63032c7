"""A real HTTP server on 127.0.0.1 that answers like a platform's API, for the sync tests.

Each route is a path mapped to a function of the query (a dict of lists) returning
(status, headers, body); the server keeps every request it answered."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Response = tuple[int, dict[str, str], bytes]
Route = Callable[[dict[str, list[str]]], Response]


def ok(value: Any, **headers: str) -> Response:
    return 200, headers, json.dumps(value).encode()


def file(data: bytes, content_type: str = "image/jpeg") -> Route:
    """A route answering a media file's bytes."""
    return lambda query: (200, {"Content-Type": content_type}, data)


class Platform:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                platform.requests.append((self.path, dict(self.headers)))
                route = platform.routes.get(parts.path)
                status, headers, body = (
                    route(parse_qs(parts.query)) if route else (404, {}, b'{"error":"not found"}')
                )
                self.send_response(status)
                if "Content-Type" not in headers:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler

    def paths(self) -> list[str]:
        return [urlsplit(p).path for p, _h in self.requests]

    def __enter__(self) -> Platform:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
