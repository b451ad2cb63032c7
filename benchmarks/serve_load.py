"""Mixed load against `govsocial serve`: 50 concurrent signed-in clients.

Each client reads pages (dashboard, channel register, published policy) and
writes (saves an interview page with its current answers, runs "can I post
this?") for a bounded number of requests. Reported: errors (goal 0) and the
p50/p95 latency of reads and writes. Runs on SQLite in a temporary data
folder, and on PostgreSQL too when `GOVSOCIAL_BENCH_POSTGRES` names a server
(e.g. postgres://postgres@127.0.0.1:5432), in a throw-away database.
Only loopback addresses are used; the server is stopped at the end.

Run: python -m benchmarks serve_load
"""

from __future__ import annotations

import html.parser
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

from benchmarks.policy_render import Client, _free_port, _wait_until_up

CLIENTS = 50
REQUESTS_PER_CLIENT = 12
READS = ["/", "/channels/", "/policy/published/"]
INTERVIEW_PAGE = "/policy/interview/responsiveness/"


class _Form(html.parser.HTMLParser):
    """The fields of the first form that posts to the page itself, with their current values."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.fields and self.fields[-1][0] == self._textarea:
            self.fields[-1] = (self._textarea, self.fields[-1][1] + data)


class LoadClient(Client):
    fields: list[tuple[str, str]] = []
    token = ""

    def post(self, path: str, fields: list[tuple[str, str]]) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(fields)
        headers = {
            "Cookie": self._cookie_header(),
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": self.base + path,
            "Connection": "keep-alive",
        }
        self.connection.request("POST", path, body=body, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read()

    def interview_fields(self) -> list[tuple[str, str]]:
        status, body = self.get(INTERVIEW_PAGE)
        form = _Form()
        form.feed(body.decode("utf-8", "replace"))
        return form.fields


def _run(data_dir: str, env: dict[str, str]) -> dict:
    def govsocial(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "govsocial", *args],
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        )

    govsocial("migrate", "--noinput")
    govsocial("demo", "--new-password")
    password = (Path(data_dir) / "demo-lead-password").read_text().strip()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "govsocial", "serve", "--bind", f"127.0.0.1:{port}", "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_until_up(base, server)
        clients = [LoadClient(base) for _ in range(CLIENTS)]
        for client in clients:
            client.sign_in("lead", password)
        for client in clients:  # each client's own form, with its own CSRF token
            client.fields = client.interview_fields()
            client.token = dict(client.fields)["csrfmiddlewaretoken"]
        timings: dict[str, list[float]] = {"read": [], "write": []}
        errors: list[str] = []
        lock = threading.Lock()
        start_line = threading.Barrier(CLIENTS)

        def one(client: LoadClient, i: int) -> None:
            started = time.perf_counter()
            kind = "write" if i % 3 == 2 else "read"
            try:
                if kind == "read":
                    status, _ = client.get(READS[i % len(READS)])
                    ok = status == 200
                elif i % 2:
                    status, _ = client.post(INTERVIEW_PAGE, client.fields)
                    ok = status in (200, 302)
                else:
                    check = [
                        ("csrfmiddlewaretoken", client.token),
                        ("text", f"Our offices are closed on Monday {i}"),
                        ("platform", "x"),
                        ("kind", "unsure"),
                    ]
                    status, _ = client.post("/training/check/", check)
                    ok = status == 200
            except OSError as exc:
                ok, status = False, repr(exc)
            with lock:
                timings[kind].append(time.perf_counter() - started)
                if not ok:
                    errors.append(f"{kind}: {status}")

        def run(client: LoadClient, offset: int) -> None:
            start_line.wait()
            for i in range(REQUESTS_PER_CLIENT):
                one(client, i + offset)

        threads = [threading.Thread(target=run, args=(c, n)) for n, c in enumerate(clients)]
        wall = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        wall = time.perf_counter() - wall
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    result: dict = {"errors": errors, "wall_s": wall}
    for kind, values in timings.items():
        values.sort()
        result[f"{kind}_n"] = len(values)
        result[f"{kind}_p50_ms"] = 1000 * values[len(values) // 2] if values else 0.0
        result[f"{kind}_p95_ms"] = (
            1000 * values[max(0, int(len(values) * 0.95) - 1)] if values else 0.0
        )
    return result


def _report(label: str, result: dict) -> None:
    total = result["read_n"] + result["write_n"]
    print(f"{label}: {CLIENTS} clients, {total} requests in {result['wall_s']:.1f} s")
    for kind in ("read", "write"):
        print(
            f"  {kind:5s} n={result[f'{kind}_n']:4d}  p50 {result[f'{kind}_p50_ms']:7.1f} ms"
            f"  p95 {result[f'{kind}_p95_ms']:7.1f} ms"
        )
    print(f"  errors: {len(result['errors'])}  (goal 0) {sorted(set(result['errors']))[:5]}")


def main() -> int:
    data_dir = tempfile.mkdtemp(prefix="govsocial-bench-load-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GOVSOCIAL_DATA_DIR"] = data_dir
    try:
        _report("SQLite", _run(data_dir, env))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    server = os.environ.get("GOVSOCIAL_BENCH_POSTGRES")
    if not server:
        print("PostgreSQL: skipped (set GOVSOCIAL_BENCH_POSTGRES=postgres://user@127.0.0.1:5432)")
        return 0
    name = f"govsocial_bench_{uuid.uuid4().hex[:8]}"
    admin = urllib.parse.urlsplit(server)
    psql = ["psql", "-h", admin.hostname or "127.0.0.1", "-p", str(admin.port or 5432)]
    psql += ["-U", admin.username or "postgres", "-d", "postgres", "-c"]
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True, capture_output=True)
    data_dir = tempfile.mkdtemp(prefix="govsocial-bench-load-")
    try:
        pg_env = {**env, "GOVSOCIAL_DATA_DIR": data_dir, "DATABASE_URL": f"{server}/{name}"}
        _report("PostgreSQL", _run(data_dir, pg_env))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
