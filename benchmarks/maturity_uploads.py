"""Hostile answers files: the 317-byte alias bomb (and deep brackets, and a file
over the size limit) answered through the upload service, as a ratio to parsing
an ordinary answers file in the same run. Goal: the bomb in under 100 ms with
under 20 MB of extra memory (tracemalloc peak).

    python -m benchmarks maturity_uploads
    python -m benchmarks.maturity_uploads [--repeat 20]

Not part of `make test`. Uses a throw-away SQLite database for the page.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

GOAL_SECONDS = 0.1
GOAL_BYTES = 20 * 1024 * 1024

# Nine "lol"s, then six levels of nine aliases each: 9**7 = 4,782,969 strings once expanded.
ALIAS_BOMB = (
    b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + b"".join(
        f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]\n".encode()
        for prev, name in zip("abcdef", "bcdefg", strict=True)
    )
    + b"answers: {lead_sponsor: *g}\n"
)


def _setup() -> str | None:
    """Django on a throw-away database; returns the folder to remove, if this made one."""
    made = None
    if "GOVSOCIAL_DATA_DIR" not in os.environ:
        made = tempfile.mkdtemp(prefix="gs-uploads-bench-")
        os.environ["GOVSOCIAL_DATA_DIR"] = made
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsocial.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    # Another benchmark in the same run may have removed its data folder.
    connections.close_all()
    Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    return made


def _refused(parse: Callable[[bytes], object], content: bytes) -> Callable[[], None]:
    from govsocial.maturity import services

    def run() -> None:
        try:
            parse(content)
        except services.AnswersError:
            return
        raise AssertionError("a hostile file was accepted")

    return run


def _measure(function: Callable[[], object], repeat: int) -> tuple[float, int]:
    """Median seconds over `repeat` runs, and the tracemalloc peak of one more run."""
    function()  # warm up: content loaded, templates compiled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        function()
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return statistics.median(times), peak


def _page(content: bytes) -> Callable[[], None]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    logging.getLogger("django.request").setLevel(logging.ERROR)  # each refusal logs a warning
    client = Client(SERVER_NAME="localhost")  # an allowed host: a refusal, not a 400 for the host

    def run() -> None:
        upload = SimpleUploadedFile("answers.yaml", content)
        response = client.post(
            reverse("maturity:anon_start"), {"action": "upload", "answers_file": upload}
        )
        assert response.status_code == 400 and b"aliases" in response.content, response.status_code

    return run


def cases() -> dict[str, tuple[Callable[[], object], bool]]:
    """name → (what to run, whether the goal applies)."""
    from govsocial.maturity import services

    parse = services.parse_answers_file
    ordinary = services.answers_file(services.example_answers(), "nl").encode()
    return {
        f"ordinary answers file ({len(ordinary):,} B)": (lambda: parse(ordinary), False),
        f"alias bomb ({len(ALIAS_BOMB)} B)": (_refused(parse, ALIAS_BOMB), True),
        "30,000 nested brackets": (_refused(parse, b"[" * 30_000), True),
        "file over the size limit": (
            _refused(parse, b"#" * (services.MAX_ANSWERS_BYTES + 1)),
            True,
        ),
        "alias bomb, anonymous upload page": (_page(ALIAS_BOMB), True),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv if argv is not None else [])
    made = _setup()
    try:
        from django.test.utils import override_settings

        results = {}
        with override_settings(GOVSOCIAL_ANONYMOUS_ASSESSMENTS_PER_HOUR=0):
            for name, (function, goal) in cases().items():
                results[name] = (*_measure(function, args.repeat), goal)
        base_seconds, base_peak, _goal = next(iter(results.values()))
        print("Hostile answers files through the upload service (goal < 100 ms, < 20 MB):")
        print(f"  {'':36} {'median':>9} {'ratio':>7} {'peak memory':>12}")
        ok = True
        for name, (seconds, peak, goal) in results.items():
            ratio = seconds / base_seconds
            print(f"  {name:36} {seconds * 1000:7.2f} ms {ratio:6.1f}x {peak / 1024:9.0f} KB")
            if goal:
                ok &= seconds < GOAL_SECONDS and peak < GOAL_BYTES
        print("Goal met." if ok else "Goal NOT met.")
        return 0 if ok else 1
    finally:
        if made:
            shutil.rmtree(made, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
