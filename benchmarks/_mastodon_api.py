"""The archive's Mastodon sync against `mastodon-archive archive`: both capture
the same statuses from the same API.

`mastodon-archive archive` is that tool's import: it pages through
`/api/v1/accounts/:id/statuses` and writes `<domain>.user.<name>.json`. Our
`archive sync` pages through the same endpoint and archives each status
(hashed, chained, indexed). Both fetch from one local server that answers like
a Mastodon instance (over https, which mastodon-archive requires, with a
certificate made for the run; pages of 40, Mastodon's cap, the next page in
the `Link` header), and both are timed from start to end of a first, full
capture. The server runs in its own process, pages rendered before the clock
starts, so it costs both the same. Favourites and bookmarks are skipped
(`--no-favourites --no-bookmarks`): our sync does not fetch them.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson

from benchmarks._mastodon_archive import USER, VENV, _children_cpu, bench_channel, statuses

PAGE = 40  # Mastodon's most statuses per page, whatever `limit` asks
ACCOUNT = {"id": "1", "username": USER, "acct": USER, "display_name": "Gemeente"}


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, trusted by both clients for the run."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _pages(count: int) -> dict[str, bytes]:
    """Each page's body by the `max_id` that asks for it ("" for the first), newest first."""
    found = sorted(statuses(count), key=lambda s: int(s["id"]), reverse=True)
    pages, max_id = {}, ""
    for start in range(0, len(found), PAGE):
        page = found[start : start + PAGE]
        pages[max_id] = orjson.dumps(page)
        max_id = page[-1]["id"]
    pages[max_id] = b"[]"
    return pages


def _serve(port: int, cert: str, key: str, count: int, ready: Any) -> None:
    pages = _pages(count)
    lookup = orjson.dumps(ACCOUNT)
    instance = orjson.dumps(
        {"uri": f"127.0.0.1:{port}", "domain": f"127.0.0.1:{port}", "version": "4.2.0",
         "title": "Bench", "api_versions": {"mastodon": 2}}
    )  # fmt: skip
    base = f"https://127.0.0.1:{port}"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real instance
        disable_nagle_algorithm = True  # headers and body apart would wait on a delayed ACK

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            path = parts.path.rstrip("/")  # Mastodon.py asks for /api/v1/instance/
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            headers: dict[str, str] = {}
            if path == "/api/v1/accounts/1/statuses":
                body = pages.get(query.get("max_id", ""), b"[]")
                if body != b"[]":
                    last = orjson.loads(body)[-1]["id"]
                    limit = query.get("limit", "20")
                    headers["Link"] = (
                        f"<{base}/api/v1/accounts/1/statuses?limit={limit}&max_id={last}>; "
                        'rel="next"'
                    )
            elif path in ("/api/v1/accounts/lookup", "/api/v1/accounts/verify_credentials"):
                body = lookup
            elif path in ("/api/v1/instance", "/api/v2/instance"):
                body = instance
            else:
                body = b"[]"
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    ready.set()
    server.serve_forever()


class Instance:
    """The local Mastodon instance, in its own process, for the length of a `with`."""

    def __init__(self, folder: Path, count: int) -> None:
        self.cert, self.key = certificate(folder)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"https://127.0.0.1:{self.port}"
        context = get_context("fork")
        ready = context.Event()
        self.process = context.Process(
            target=_serve, args=(self.port, str(self.cert), str(self.key), count, ready)
        )
        self.process.start()
        if not ready.wait(120):
            raise RuntimeError("the local Mastodon instance did not start")

    def __enter__(self) -> Instance:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.join()


def theirs(instance: Instance, folder: Path, count: int) -> dict[str, float]:
    """`mastodon-archive archive` as its user runs it, logged in (the secrets files it
    keeps after its first login are written beforehand)."""
    domain = f"127.0.0.1:{instance.port}"
    (folder / f"{domain}.client.secret").write_text(
        f"id\nsecret\n{instance.url}\nmastodon-archive\n"
    )
    (folder / f"{domain}.user.{USER}.secret").write_text(f"token\n{instance.url}\n")
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [str(VENV / "bin" / "mastodon-archive"), "--quiet", "archive",
         "--no-favourites", "--no-bookmarks", f"{USER}@{domain}"],
        cwd=folder, capture_output=True, text=True,
        env={**os.environ, "REQUESTS_CA_BUNDLE": str(instance.cert)},
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"mastodon-archive failed: {done.stdout}{done.stderr}")
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    kept = json.loads((folder / f"{domain}.user.{USER}.json").read_text())
    assert len(kept["statuses"]) == count, len(kept["statuses"])
    return {"seconds": seconds, "cpu_seconds": cpu}


def ours(count: int, url: str) -> dict[str, float]:
    """Our first sync of the channel from the instance (run in its own process)."""
    from benchmarks.archive_bench import scratch

    with scratch("govsocial-mastodon-sync-") as data:
        os.environ["GOVSOCIAL_DATA_DIR"] = str(data)
        os.environ["GOVSOCIAL_SYNC_LOCAL_HOSTS"] = "1"  # the instance is on 127.0.0.1
        organisation, channel = bench_channel()
        from govsocial.archive import services

        services.save_settings(
            organisation, channel.pk, source="mastodon", account=f"@{USER}", base_url=url,
            token="", by="bench",
        )  # fmt: skip
        start, cpu = time.perf_counter(), time.process_time()
        counts = services.sync_channel(organisation, channel.pk)
        seconds = time.perf_counter() - start
        assert counts.new == count, counts
        return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu}


def compare(count: int) -> float | None:
    """Their time / ours for a first capture of `count` statuses; None without the tool."""
    if not (VENV / "bin" / "mastodon-archive").exists():
        return None  # _mastodon_archive.compare has said why
    from benchmarks.archive_bench import _child_code, scratch

    with scratch("govsocial-mastodon-api-") as folder, Instance(folder, count) as instance:
        their = theirs(instance, folder, count)
        our = json.loads(
            _child_code(
                "from benchmarks import _mastodon_api as m; "
                f"print(json.dumps(m.ours({count}, {instance.url!r})))",
                # More pages than one sync reads by default (80,000 statuses): raised.
                env={
                    "SSL_CERT_FILE": str(instance.cert),
                    "GOVSOCIAL_SYNC_MAX_PAGES": str(count // PAGE + 2),
                },  # fmt: skip
            )
        )
    ratio = their["seconds"] / our["seconds"]
    print(
        f"mastodon-archive 1.4.8 `archive` of {count:,} statuses from a local instance: "
        f"{their['seconds']:.1f} s; our `archive sync` of the same {our['seconds']:.1f} s; ours is "
        f"{ratio:.1f}x as fast (goal >= 5x); in CPU time (the clients alone) "
        f"{their['cpu_seconds']:.1f} s against {our['cpu_seconds']:.1f} s, "
        f"{their['cpu_seconds'] / our['cpu_seconds']:.1f}x"
    )
    return ratio
