"""Archive benchmarks: import throughput of generated X archive items as a ratio
to a raw baseline (orjson parse + sqlite3.executemany of the same rows, in the
same run), peak memory of an import of 1,000 vs N items, the time of `archive
verify` over N items, and search p95.

N is 100,000 by default (under two minutes); `--archive-items 1000000` (or
GOVSOCIAL_ARCHIVE_BENCH_ITEMS) runs the full size of issue 10. Each measurement
runs in its own process with its own data folder, so peak memory (max RSS)
belongs to that measurement alone. With GOVSOCIAL_BENCH_POSTGRES (a server URL,
e.g. postgres://postgres@127.0.0.1:5432) the import and search p95 are measured
on PostgreSQL too, in a database created for the run and dropped after it.

Run: python -m benchmarks archive_bench [--archive-items N]
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks import _mastodon_api as mastodon_api
from benchmarks import _mastodon_archive as mastodon_archive

SMALL = 1000
WORDS = [
    "paspoort",
    "zwembad",
    "omleiding",
    "passport",
    "Noorderpark",
    "Bibliotheek",
    "afval",
    "Bins",
]


def _items() -> int:
    return int(os.environ.get("GOVSOCIAL_ARCHIVE_BENCH_ITEMS", "100000"))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextlib.contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    """A temporary folder removed afterwards: a 1,000,000-item run writes gigabytes."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _generate(folder: Path, count: int) -> Path:
    from govsocial.archive.generate import write_tweets_js

    return write_tweets_js(folder / "tweets.js", count)


def baseline(count: int) -> dict[str, float]:
    """orjson parse of the whole file + sqlite3.executemany of the same rows."""
    with scratch("govsocial-archive-base-") as folder:
        return _baseline(folder, count)


def _baseline(folder: Path, count: int) -> dict[str, float]:
    import orjson

    path = _generate(folder, count)
    start, cpu = time.perf_counter(), time.process_time()
    data = path.read_bytes()
    records = orjson.loads(data[data.index(b"=") + 1 :])
    rows = [
        (
            t["tweet"]["id_str"],
            t["tweet"]["full_text"],
            t["tweet"]["created_at"],
            t["tweet"]["lang"],
            t["tweet"].get("in_reply_to_status_id_str", ""),
            orjson.dumps(t),
        )
        for t in records
    ]
    db = sqlite3.connect(folder / "baseline.sqlite3")
    db.execute(
        "CREATE TABLE item (id TEXT PRIMARY KEY, text TEXT, created TEXT, lang TEXT, reply TEXT, raw BLOB)"
    )
    db.executemany("INSERT INTO item VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "peak_mib": _peak_mib()}


def archive(count: int, measure_all: bool = False) -> dict[str, float]:
    """The archive's import (streamed, batched, hash-chained, indexed) of the same file
    (on the database DATABASE_URL names, SQLite when unset)."""
    with scratch("govsocial-archive-bench-") as folder:
        os.environ["GOVSOCIAL_DATA_DIR"] = str(folder)
        return _archive(count, measure_all)


def _archive(count: int, measure_all: bool) -> dict[str, float]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsocial.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from govsocial.archive import services
    from govsocial.channels.models import Channel
    from govsocial.core.models import Organisation

    organisation = Organisation.objects.create(slug="bench", name_en="Bench", name_nl="Bench")
    channel = Channel.objects.create(
        organisation=organisation, platform="x", name="Bench", handle="bench"
    )
    path = _generate(Path(os.environ["GOVSOCIAL_DATA_DIR"]), count)
    start, cpu = time.perf_counter(), time.process_time()
    counts = services.import_export(organisation, channel.pk, "x", path)
    seconds = time.perf_counter() - start
    assert counts.new == count, counts
    result = {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "peak_mib": _peak_mib()}
    if measure_all:
        if os.environ.get("DATABASE_URL") is None:
            start = time.perf_counter()
            verified = services.verify(organisation)
            result["verify_seconds"] = time.perf_counter() - start
            assert verified.ok and verified.records == count
        result["search_p95_ms"] = _search_p95(organisation)
    return result


def _search_p95(organisation) -> float:  # type: ignore[no-untyped-def]
    from govsocial.archive import services

    for word in WORDS:  # warm the caches, as a running server has them
        services.search(organisation, word, limit=20)
    times = []
    for n in range(80):
        start = time.perf_counter()
        found = services.search(organisation, WORDS[n % len(WORDS)], limit=20)
        times.append((time.perf_counter() - start) * 1000)
        assert found, WORDS[n % len(WORDS)]
    return statistics.quantiles(times, n=20)[18]


def _child_code(code: str, env: dict[str, str] | None = None) -> str:
    """Run `code` in a fresh Python process; its last line of output."""
    out = subprocess.run(
        [sys.executable, "-c", "import json, sys; " + code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        env={**os.environ, **(env or {})},
    )
    if out.returncode:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr else out.returncode)
    return out.stdout.strip().splitlines()[-1]


def _child(
    function: str, count: int, measure_all: bool = False, env: dict[str, str] | None = None
) -> dict[str, float]:
    code = (
        "from benchmarks import archive_bench as b; "
        f"print(json.dumps(b.{function}({count}{', True' if measure_all else ''})))"
    )
    return json.loads(_child_code(code, env))


def _postgres(count: int) -> dict[str, float] | None:
    """Import and search p95 on PostgreSQL, in a database made for this run."""
    server = os.environ.get("GOVSOCIAL_BENCH_POSTGRES", "").rstrip("/")
    if not server:
        print("PostgreSQL: skipped (set GOVSOCIAL_BENCH_POSTGRES=postgres://user@host:5432)")
        return None
    import psycopg

    name = f"govsocial_bench_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        return _child("archive", count, True, {"DATABASE_URL": f"{server}/{name}"})
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main() -> dict[str, float]:
    items = _items()  # read when run: --archive-items sets it
    base = _child("baseline", items)
    ours = _child("archive", items, measure_all=True)
    small = _child("archive", SMALL)
    ratio = base["seconds"] / ours["seconds"]
    cpu_ratio = base["cpu_seconds"] / ours["cpu_seconds"]
    print(
        f"import of {items:,} generated X items: {items / ours['seconds']:,.0f} items/s "
        f"({ours['seconds']:.1f} s); raw baseline (orjson + sqlite3.executemany) "
        f"{items / base['seconds']:,.0f} items/s; ratio {ratio:.1%} (goal >= 30 %); "
        f"in CPU time (fairer on a busy machine) {cpu_ratio:.1%}"
    )
    print(
        f"peak memory (max RSS): import of {SMALL:,} items {small['peak_mib']:.0f} MiB, of {items:,} items "
        f"{ours['peak_mib']:.0f} MiB (x{ours['peak_mib'] / small['peak_mib']:.2f}); "
        f"the baseline, which loads the file whole, {base['peak_mib']:.0f} MiB"
    )
    print(f"archive verify over {items:,} items: {ours['verify_seconds']:.1f} s")
    print(
        f"search p95 over {items:,} items (SQLite FTS5): {ours['search_p95_ms']:.1f} ms (goal < 50 ms)"
    )
    postgres = _postgres(items)
    if postgres:
        print(
            f"PostgreSQL: import of {items:,} items {items / postgres['seconds']:,.0f} items/s "
            f"({postgres['seconds']:.1f} s); search p95 (full text, GIN) "
            f"{postgres['search_p95_ms']:.1f} ms (goal < 50 ms)"
        )
    mastodon = mastodon_api.compare(min(items, 100_000))
    mastodon_text = mastodon_archive.compare(min(items, 100_000))
    return {
        "ratio": ratio,
        "cpu_ratio": cpu_ratio,
        "items_per_second": items / ours["seconds"],
        "peak_small_mib": small["peak_mib"],
        "peak_large_mib": ours["peak_mib"],
        "verify_seconds": ours["verify_seconds"],
        "search_p95_ms": ours["search_p95_ms"],
        **({"postgres_search_p95_ms": postgres["search_p95_ms"]} if postgres else {}),
        **({"mastodon_archive_ratio": mastodon} if mastodon else {}),
        **({"mastodon_archive_text_ratio": mastodon_text} if mastodon_text else {}),
    }


if __name__ == "__main__":
    main()
