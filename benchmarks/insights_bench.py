"""Insights benchmarks, as ratios measured in one run:

- sentiment throughput (language detection included) on the labelled English
  and Dutch comments, against VADER alone on the same English texts (goal
  >= 1.0): once with every text distinct (the cache never helps), once as a
  month's stream in which comments repeat;
- the monthly report (the month's measures and the document, HTML) for one
  channel-month of 10,000 interactions (goal under 2 s).

Run: python -m benchmarks insights_bench
"""

from __future__ import annotations

import csv
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src/govsocial/insights/tests/data"
ROUNDS = 7
STREAM_REPEATS = 4  # a month's comments: each distinct text comes back a few times
REPORT_ITEMS = 10_000


def _texts(language: str) -> list[str]:
    with (DATA / f"labelled_{language}.csv").open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def _seconds(function, texts: list[str], before=None) -> float:  # type: ignore[no-untyped-def]
    if before is not None:
        before()
    start = time.perf_counter()
    for text in texts:
        function(text)
    return time.perf_counter() - start


def _ratio_on(vader, sentiment, base: list[str], texts: list[str], reset) -> float:  # type: ignore[no-untyped-def]
    """Texts per second of ours on `texts` over VADER alone's on `base` (as many texts)."""
    best_base = best_ours = float("inf")
    for _ in range(ROUNDS):
        best_base = min(best_base, _seconds(vader.polarity_scores, base))
        best_ours = min(best_ours, _seconds(sentiment.score, texts, reset))
    return (len(texts) / best_ours) / (len(base) / best_base)


def sentiment_figures() -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from govsocial.insights.services import sentiment

    vader = SentimentIntensityAnalyzer()
    sentiment.load()
    english, dutch = _texts("en"), _texts("nl")
    # Distinct: a number makes every text new to the cache and changes no score.
    distinct_en = [f"{t} {n}" for n in range(3) for t in english]
    distinct_nl = [f"{t} {n}" for n in range(3) for t in dutch]
    start = time.perf_counter()
    for text in distinct_en:
        vader.polarity_scores(text)
    figures = {"vader_alone_en_per_s": len(distinct_en) / (time.perf_counter() - start)}
    reset = sentiment._score.cache_clear
    for name, texts in (("en", distinct_en), ("nl", distinct_nl)):
        # VADER alone runs on the English texts of the same length as `texts`.
        base = distinct_en[: len(texts)]
        figures[f"distinct_{name}_ratio"] = _ratio_on(vader, sentiment, base, texts, reset)
        rng = random.Random(11)
        stream = [rng.choice(texts) for _ in range(len(texts) * STREAM_REPEATS)]
        base_stream = [rng.choice(distinct_en) for _ in range(len(stream))]
        figures[f"stream_{name}_ratio"] = _ratio_on(vader, sentiment, base_stream, stream, reset)
    return figures


def report_seconds() -> float:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import transaction

    from govsocial.archive.importers.base import ORGANISATION, POST, PUBLIC, REPLY, Record
    from govsocial.archive.services.capture import Channel as ArchiveChannel
    from govsocial.archive.services.capture import Writer
    from govsocial.channels.models import Channel
    from govsocial.core import registry
    from govsocial.core.models import Organisation
    from govsocial.documents.render import render
    from govsocial.insights.services.month import Month
    from govsocial.insights.services.report import month_report

    organisation = Organisation.objects.create(
        slug=f"insights-bench-{time.time_ns()}", name_en="Bench", name_nl="Bench"
    )
    channel = Channel.objects.create(
        organisation=organisation, platform="mastodon", name="Bench", handle="@bench"
    )
    english, dutch = _texts("en"), _texts("nl")
    rng = random.Random(5)
    start = datetime(2025, 3, 1, 7, tzinfo=UTC)
    records = []
    for n in range(REPORT_ITEMS):
        at = start + timedelta(minutes=4 * n)
        post = f"p{n // 10}"
        if n % 10 == 0:
            kind, author, parent, text = POST, ORGANISATION, "", "Het zwembad is open."
        elif n % 10 == 9:
            kind, author, parent, text = (
                REPLY,
                ORGANISATION,
                f"c{n - 1}",
                "Dank u, we kijken ernaar.",
            )
        else:
            kind, author, parent = REPLY, PUBLIC, post
            text = rng.choice(english if n % 4 == 0 else dutch)
        records.append(
            Record(external_id=f"c{n}" if n % 10 else post, kind=kind, author_kind=author,
                   author_handle="bench", text=text, published_at=at, raw=b"{}",
                   origin="bench", collection="bench", in_reply_to=parent, thread_id=post,
                   counts={"likes": n % 7})
        )  # fmt: skip
    importer = registry.importers()["mastodon"]
    with transaction.atomic():
        writer = Writer(
            organisation, ArchiveChannel(channel.pk, "mastodon", "bench"), importer, "b", "b"
        )
        for one in records:
            writer.add(one)
        writer.finish()
    now = datetime(2025, 4, 2, tzinfo=UTC)
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        render(
            month_report(organisation, Month(2025, 3), "en", now=now),
            "html",
            organisation=organisation,
        )
        best = min(best, time.perf_counter() - began)
    return best


def main() -> dict[str, float]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsocial.settings")
    os.environ.setdefault("GOVSOCIAL_DATA_DIR", tempfile.mkdtemp(prefix="govsocial-bench-"))
    import django

    django.setup()
    figures = sentiment_figures()
    print(f"VADER alone, English: {figures['vader_alone_en_per_s']:.0f} texts/s (the baseline)")
    for name in ("en", "nl"):
        print(
            f"sentiment with language detection, {name}: "
            f"{figures[f'distinct_{name}_ratio']:.2f} x VADER alone (every text distinct), "
            f"{figures[f'stream_{name}_ratio']:.2f} x (a month's stream, texts repeat)"
        )
    figures["report_seconds"] = report_seconds()
    print(
        f"monthly report, one channel-month of {REPORT_ITEMS} interactions: "
        f"{figures['report_seconds']:.2f} s (goal < 2 s)"
    )
    return figures


if __name__ == "__main__":
    main()
