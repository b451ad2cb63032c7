"""Maturity benchmarks: peer-group aggregation over 10,000 organisations, and
the scorecard PDF time as a ratio to WeasyPrint's bare render.

    python -m benchmarks.maturity_bench [--organisations 10000] [--repeat 5]

Runs against a throw-away SQLite database in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time


def _setup() -> str:
    data_dir = tempfile.mkdtemp(prefix="gs-maturity-bench-")
    os.environ["GOVSOCIAL_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsocial.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return data_dir


def _timed(func, repeat: int) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _seed(count: int) -> None:
    from django.utils import timezone

    from govsocial.core.models import Organisation
    from govsocial.maturity.content import load_content
    from govsocial.maturity.models import Assessment

    rng = random.Random(42)
    kinds = [k for k, _label in Organisation.Kind.choices]
    sizes = [s for s, _label in Organisation.SizeBand.choices]
    countries = ["NL", "BE", "GB"]
    themes = [t.id for t in load_content().themes]
    organisations = [
        Organisation(
            slug=f"bench-{n}",
            name_en=f"Bench {n}",
            name_nl=f"Bench {n}",
            kind=rng.choice(kinds),
            size_band=rng.choice(sizes),
            country=rng.choice(countries),
        )
        for n in range(count)
    ]
    Organisation.objects.bulk_create(organisations, batch_size=2000)
    now = timezone.now()
    assessments = []
    for organisation in Organisation.objects.filter(slug__startswith="bench-"):
        scores = {t: round(rng.uniform(0, 100), 1) for t in themes}
        assessments.append(
            Assessment(
                organisation=organisation,
                status=Assessment.Status.COMPLETED,
                completed_at=now,
                theme_scores=scores,
                overall_score=round(sum(scores.values()) / len(scores), 1),
                overall_stage=3,
                respondent_count=1,
                is_latest=True,
            )
        )
    Assessment.objects.bulk_create(assessments, batch_size=2000)


def bench_benchmark(count: int, repeat: int) -> dict:
    from govsocial.core.models import Organisation
    from govsocial.maturity import services

    _seed(count)
    organisation = Organisation.objects.get(slug="bench-0")
    results = {}
    for group in services.PEER_GROUPS:
        seconds, result = _timed(lambda g=group: services.benchmark(organisation, g), repeat)
        results[group] = (seconds, result["organisations"])
    seconds, rows = _timed(services.benchmark_rows, max(1, repeat // 2))
    results["csv export (all groups)"] = (seconds, len(rows))
    return results


def bench_pdf(repeat: int) -> dict:
    from django.utils import translation
    from weasyprint import HTML

    from govsocial.core.models import Organisation
    from govsocial.documents import render as renderer
    from govsocial.maturity import services
    from govsocial.maturity.models import Assessment, Response

    organisation = Organisation.objects.get(slug="bench-1")
    assessment = Assessment.objects.create(organisation=organisation)
    Response.objects.create(assessment=assessment, answers=services.example_answers())
    services.complete(assessment)

    scorecard, _pdf = _timed(lambda: services.scorecard_pdf(assessment, "nl", "all"), repeat)
    with translation.override("nl"):
        document = services.scorecard_document(assessment, "nl", "all")
        html = renderer.full_html(document, organisation)
    same_html, _pdf = _timed(lambda: HTML(string=html).write_pdf(), repeat)
    bare_html = (
        "<!DOCTYPE html><html lang='nl'><body><h1>Scorekaart</h1><p>Een pagina.</p></body></html>"
    )
    bare, _pdf = _timed(lambda: HTML(string=bare_html).write_pdf(), repeat)
    return {"scorecard": scorecard, "same_html": same_html, "bare": bare}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    data_dir = _setup()
    try:
        print(f"Benchmark aggregation over {args.organisations:,} organisations (goal < 200 ms):")
        ok = True
        for name, (seconds, size) in bench_benchmark(args.organisations, args.repeat).items():
            print(f"  {name:<24} {seconds * 1000:8.1f} ms   ({size:,} peers/rows)")
            if not name.startswith("csv"):
                ok &= seconds < 0.2
        pdf = bench_pdf(max(3, args.repeat // 2))
        print("Scorecard PDF (Dutch, charts included):")
        print(f"  full scorecard PDF      {pdf['scorecard'] * 1000:8.1f} ms")
        print(
            f"  WeasyPrint, same HTML   {pdf['same_html'] * 1000:8.1f} ms   ratio {pdf['scorecard'] / pdf['same_html']:.2f}"
        )
        print(
            f"  WeasyPrint, bare page   {pdf['bare'] * 1000:8.1f} ms   ratio {pdf['scorecard'] / pdf['bare']:.2f}"
        )
        print("Goal met." if ok else "Goal NOT met.")
        return 0 if ok else 1
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
