"""Policy builder benchmarks.

1. Rendering: the time to produce a full staff policy in all four formats
   (HTML, Markdown, DOCX, PDF), as a ratio to WeasyPrint's bare render of the
   same HTML to PDF, measured in the same run (goal: <= 1.3).
2. Latency: p95 of the interview page and the published policy page with 20
   concurrent clients against `govsocial serve` on a spare local port, with
   its own temporary data folder (goal: < 100 ms, no errors). The server is
   stopped at the end, whatever happens.

Run: python -m benchmarks.policy_render
"""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

CLIENTS = 20
REQUESTS_PER_CLIENT = 20  # 400 requests in all, half to each page
RENDER_ROUNDS = 5
PAGES = {"interview": "/policy/interview/responsiveness/", "policy": "/policy/published/"}


def _setup_django(data_dir: str) -> None:
    os.environ["GOVSOCIAL_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsocial.settings")
    import django

    django.setup()


def bench_render() -> dict:
    import weasyprint

    from govsocial.documents import render
    from govsocial.policies import services

    document = services.build_document(
        "policy", services.example_answers(), "nl", organisation_name="Gemeente Voorbeeld"
    )
    html = render.full_html(document)
    for fmt in services.FORMATS:  # warm up fonts and caches
        render.render(document, fmt)
    weasyprint.HTML(string=html).write_pdf()
    full, bare = [], []
    for _ in range(RENDER_ROUNDS):
        start = time.perf_counter()
        for fmt in services.FORMATS:
            render.render(document, fmt)
        full.append(time.perf_counter() - start)
        start = time.perf_counter()
        weasyprint.HTML(string=html).write_pdf()
        bare.append(time.perf_counter() - start)
    full_s, bare_s = statistics.median(full), statistics.median(bare)
    return {"all_formats_s": full_s, "weasyprint_bare_s": bare_s, "ratio": full_s / bare_s}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _govsocial(data_dir: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "GOVSOCIAL_DATA_DIR": data_dir}
    return subprocess.run(
        [sys.executable, "-m", "govsocial", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


class Client:
    """One browser-like client: its own session cookie and a kept-alive connection."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        parsed = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)

    def _cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def get(self, path: str) -> tuple[int, bytes]:
        headers = {"Cookie": self._cookie_header(), "Connection": "keep-alive"}
        try:
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # the server closed an idle connection: reconnect once
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
        return response.status, response.read()

    def sign_in(self, username: str, password: str) -> None:
        with self.opener.open(self.base + "/sign-in/", timeout=30) as response:
            body = response.read()
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/"}
        ).encode()
        request = urllib.request.Request(
            self.base + "/sign-in/", data=data, headers={"Referer": self.base + "/sign-in/"}
        )
        with self.opener.open(request, timeout=30) as response:
            if "/sign-in/" in response.url:
                raise RuntimeError("sign-in failed")


def _wait_until_up(base: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("govsocial serve stopped before it was ready")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("govsocial serve did not start in time")


def bench_latency(data_dir: str) -> dict:
    _govsocial(data_dir, "migrate", "--noinput")
    _govsocial(data_dir, "demo", "--new-password")
    password = (Path(data_dir) / "demo-lead-password").read_text().strip()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GOVSOCIAL_DATA_DIR": data_dir}
    server = subprocess.Popen(
        [sys.executable, "-m", "govsocial", "serve", "--bind", f"127.0.0.1:{port}", "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_until_up(base, server)
        clients = [Client(base) for _ in range(CLIENTS)]
        for client in clients:
            client.sign_in("lead", password)
        for client in clients:  # one warm-up request per page
            for path in PAGES.values():
                client.get(path)
        timings: dict[str, list[float]] = {name: [] for name in PAGES}
        errors: list[str] = []
        lock = threading.Lock()
        start_line = threading.Barrier(CLIENTS)

        def run(client: Client, offset: int) -> None:
            start_line.wait()
            names = list(PAGES)
            for i in range(REQUESTS_PER_CLIENT):
                name = names[(i + offset) % len(names)]
                started = time.perf_counter()
                try:
                    status, _body = client.get(PAGES[name])
                    ok = status == 200
                except OSError as exc:
                    ok, status = False, str(exc)
                elapsed = time.perf_counter() - started
                with lock:
                    timings[name].append(elapsed)
                    if not ok:
                        errors.append(f"{name}: {status}")

        threads = [threading.Thread(target=run, args=(c, i)) for i, c in enumerate(clients)]
        wall = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        wall = time.perf_counter() - wall
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    result = {
        "errors": len(errors),
        "requests": sum(len(t) for t in timings.values()),
        "wall_s": wall,
    }
    for name, values in timings.items():
        values.sort()
        result[f"{name}_p50_ms"] = 1000 * values[len(values) // 2]
        result[f"{name}_p95_ms"] = 1000 * values[max(0, int(len(values) * 0.95) - 1)]
    return result


def main() -> int:
    data_dir = tempfile.mkdtemp(prefix="govsocial-bench-policy-")
    try:
        _setup_django(data_dir)
        render_result = bench_render()
        print(f"Policy rendering (staff policy, Dutch, median of {RENDER_ROUNDS} rounds)")
        print(f"  all four formats:        {render_result['all_formats_s'] * 1000:8.1f} ms")
        print(f"  WeasyPrint bare PDF:     {render_result['weasyprint_bare_s'] * 1000:8.1f} ms")
        print(f"  ratio:                   {render_result['ratio']:8.2f}  (goal <= 1.3)")
        latency = bench_latency(data_dir)
        print(
            f"Page latency, {CLIENTS} concurrent clients, {latency['requests']} requests, govsocial serve"
        )
        for name in PAGES:
            print(
                f"  {name:10s} p50 {latency[f'{name}_p50_ms']:7.1f} ms   p95 {latency[f'{name}_p95_ms']:7.1f} ms  (goal p95 < 100 ms)"
            )
        print(f"  errors: {latency['errors']}")
        ok = (
            render_result["ratio"] <= 1.3
            and latency["errors"] == 0
            and all(latency[f"{n}_p95_ms"] < 100 for n in PAGES)
        )
        print("  goals met" if ok else "  goals NOT met")
        return 0
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
