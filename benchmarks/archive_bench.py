"""Archive benchmarks: import throughput of generated X archive items as a ratio
to a raw baseline (orjson parse + sqlite3.executemany of the same rows, in the
same run), peak memory of an import of 1,000 vs N items, the time of `archive
verify` over N items, and search p95.

N is 100,000 by default; GOVSOCIAL_ARCHIVE_BENCH_ITEMS=1000000 runs the full
size of issue 10. Each measurement runs in its own process with its own data
folder, so peak memory (max RSS) belongs to that measurement alone.

Run: python -m benchmarks archive_bench
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ITEMS = int(os.environ.get("GOVSOCIAL_ARCHIVE_BENCH_ITEMS", "100000"))
SMALL = 1000


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _generate(folder: Path, count: int) -> Path:
    from govsocial.archive.generate import write_tweets_js

    return write_tweets_js(folder / "tweets.js", count)


def baseline(count: int) -> dict[str, float]:
    """orjson parse of the whole file + sqlite3.executemany of the same rows."""
    import orjson

    folder = Path(tempfile.mkdtemp(prefix="govsocial-archive-base-"))
    path = _generate(folder, count)
    start = time.perf_counter()
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
    return {"seconds": seconds, "peak_mib": _peak_mib()}


def archive(count: int, measure_all: bool = False) -> dict[str, float]:
    """The archive's import (streamed, batched, hash-chained, indexed) of the same file."""
    os.environ["GOVSOCIAL_DATA_DIR"] = tempfile.mkdtemp(prefix="govsocial-archive-bench-")
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
    start = time.perf_counter()
    counts = services.import_export(organisation, channel.pk, "x", path)
    seconds = time.perf_counter() - start
    assert counts.new == count, counts
    result = {"seconds": seconds, "peak_mib": _peak_mib()}
    if measure_all:
        start = time.perf_counter()
        verified = services.verify(organisation)
        result["verify_seconds"] = time.perf_counter() - start
        assert verified.ok and verified.records == count
        words = [
            "paspoort",
            "zwembad",
            "omleiding",
            "passport",
            "Noorderpark",
            "library",
            "afval",
            "Bins",
        ]
        times = []
        for n in range(60):
            start = time.perf_counter()
            services.search(organisation, words[n % len(words)], limit=20)
            times.append((time.perf_counter() - start) * 1000)
        result["search_p95_ms"] = statistics.quantiles(times, n=20)[18]
    return result


def _child(function: str, count: int, measure_all: bool = False) -> dict[str, float]:
    code = (
        "import json, sys; from benchmarks import archive_bench as b; "
        f"print(json.dumps(b.{function}({count}{', True' if measure_all else ''})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> dict[str, float]:
    base = _child("baseline", ITEMS)
    ours = _child("archive", ITEMS, measure_all=True)
    small = _child("archive", SMALL)
    ratio = base["seconds"] / ours["seconds"]
    print(
        f"import of {ITEMS:,} generated X items: {ITEMS / ours['seconds']:,.0f} items/s "
        f"({ours['seconds']:.1f} s); raw baseline (orjson + sqlite3.executemany) "
        f"{ITEMS / base['seconds']:,.0f} items/s; ratio {ratio:.1%} (goal >= 30 %)"
    )
    print(
        f"peak memory (max RSS): import of {SMALL:,} items {small['peak_mib']:.0f} MiB, of {ITEMS:,} items "
        f"{ours['peak_mib']:.0f} MiB (x{ours['peak_mib'] / small['peak_mib']:.2f}); "
        f"the baseline, which loads the file whole, {base['peak_mib']:.0f} MiB"
    )
    print(f"archive verify over {ITEMS:,} items: {ours['verify_seconds']:.1f} s")
    print(
        f"search p95 over {ITEMS:,} items (SQLite FTS5): {ours['search_p95_ms']:.1f} ms (goal < 50 ms)"
    )
    return {
        "ratio": ratio,
        "items_per_second": ITEMS / ours["seconds"],
        "peak_small_mib": small["peak_mib"],
        "peak_large_mib": ours["peak_mib"],
        "verify_seconds": ours["verify_seconds"],
        "search_p95_ms": ours["search_p95_ms"],
    }


if __name__ == "__main__":
    main()
