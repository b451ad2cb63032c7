"""Test data for insights: a channel's month of posts, questions and answers,
and the scoping contract (`scoping_urls`)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from django.urls import reverse

from govsocial.archive.importers.base import ORGANISATION, POST, PUBLIC, REPLY
from govsocial.archive.tests.factories import archive_records, record
from govsocial.channels.tests.factories import make_channel

_counter = itertools.count(1)
# Monday 3 March 2025, 10:00 in Amsterdam (09:00 UTC): a staffed morning.
MONDAY = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def make_month(
    organisation, threads: int = 3, answer_after: timedelta | None = timedelta(hours=2), **fields
):  # type: ignore[no-untyped-def]
    """A Mastodon channel with `threads` posts in March 2025, each with a question from the
    public, answered by the organisation `answer_after` later (None: never answered)."""
    n = next(_counter)
    fields.setdefault("platform", "mastodon")
    fields.setdefault("handle", f"@insights{n}")
    fields.setdefault("owner", None)
    fields.setdefault("cover", None)
    channel = make_channel(organisation, **fields)
    records = []
    for t in range(threads):
        at = MONDAY + timedelta(days=7 * (t % 4), minutes=t)
        post, question = f"i{n}-p{t}", f"i{n}-q{t}"
        records.append(
            record(post, f"Het zwembad is open {t}", published_at=at,
                   counts={"likes": 3, "reposts": 1})
        )  # fmt: skip
        records.append(
            record(question, f"Wanneer gaat het zwembad dicht {t}", kind=REPLY,
                   author_kind=PUBLIC, author_handle="inwoner", in_reply_to=post,
                   thread_id=post, published_at=at + timedelta(minutes=30))
        )  # fmt: skip
        if answer_after is not None:
            records.append(
                record(f"i{n}-a{t}", "Om 22 uur.", kind=REPLY, author_kind=ORGANISATION,
                       in_reply_to=question, thread_id=post,
                       published_at=at + timedelta(minutes=30) + answer_after)
            )  # fmt: skip
    archive_records(organisation, channel, records)
    return channel


def scoping_urls(organisation):  # type: ignore[no-untyped-def]
    """Every URL of insights that names an object."""
    from govsocial.archive.services import interactions

    channel = make_month(organisation, threads=1)
    question = next(
        i
        for i in interactions(organisation, MONDAY, MONDAY + timedelta(days=1))
        if i.author_kind == PUBLIC
    )
    from govsocial.insights.models import MonthlyReport, MonthlyReportFile

    report = MonthlyReport.objects.create(
        organisation=organisation, month="2025-03", made_at=MONDAY + timedelta(days=30)
    )
    MonthlyReportFile.objects.create(report=report, language="en", pdf=b"%PDF-1.7", size=8)
    return [
        reverse("insights:report_file", args=[report.pk, "en"]),
        reverse("insights:channel", args=[channel.pk]) + "?month=2025-03",
        reverse("insights:comments", args=[channel.pk]) + "?month=2025-03",
        reverse("insights:correct", args=[channel.pk, question.id]),
    ]


__all__ = ["MONDAY", "POST", "make_month", "scoping_urls"]
