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


# Longer than the report prints: a busy month with long words must still keep to its page.
LONG_NAME = "Gemeente Voorbeeld, afdeling Openbare Ruimte, Verkeer en Mobiliteit %(n)s"
LONG_QUESTION = (
    "Wanneer wordt het grofvuil in de wijk Noorderpark-Oost weer opgehaald, en kan ik het "
    "ook zelf naar de milieustraat aan de Industrieweg brengen op zaterdagochtend? %(t)s"
)
PRAISE = (
    "Wat fijn dat jullie zo snel en duidelijk uitleggen hoe de nieuwe afvalregeling werkt, "
    "heel erg bedankt daarvoor en complimenten aan het hele team! %(t)s"
)
COMPLAINT = (
    "Dit is echt belachelijk, alweer werkzaamheden in de Noorderpark en niemand die ons "
    "vooraf heeft gewaarschuwd, slecht geregeld en heel vervelend voor de buurt. %(t)s"
)


def make_busy_month(organisation, channels: int = 14, threads: int = 12, quiet: int = 6,
                    dormant: int = 3):  # type: ignore[no-untyped-def]  # fmt: skip
    """A busy March 2025: `channels` channels with long names (the first marked dormant in
    the register), each with `threads` long questions that nobody answered, praise and
    complaints; `quiet` active channels with nothing this month and `dormant` more channels
    the register marks dormant."""
    made = []
    for c in range(channels):
        n = next(_counter)
        channel = make_channel(organisation, platform="mastodon", handle=f"@busy{n}",
                               name=LONG_NAME % {"n": c + 1}, owner=None, cover=None,
                               status="dormant" if c == 0 else "active")  # fmt: skip
        records = []
        for t in range(threads):
            at = MONDAY + timedelta(days=t % 25, hours=t % 7, minutes=t)
            post = f"b{n}-p{t}"
            records.append(record(post, f"Nieuws uit de wijk {t}", published_at=at,
                                  counts={"likes": 12345 + t, "reposts": 678, "replies": 90}))  # fmt: skip
            for kind, text, later in (("q", LONG_QUESTION, 30), ("g", PRAISE, 40),
                                      ("c", COMPLAINT, 50)):  # fmt: skip
                records.append(
                    record(f"b{n}-{kind}{t}", text % {"t": t}, kind=REPLY, author_kind=PUBLIC,
                           author_handle="inwoner", in_reply_to=post, thread_id=post,
                           published_at=at + timedelta(minutes=later))
                )  # fmt: skip
        archive_records(organisation, channel, records)
        made.append(channel)
    for q in range(quiet):
        make_channel(organisation, platform="facebook", name=LONG_NAME % {"n": 100 + q},
                     owner=None, cover=None)  # fmt: skip
    for d in range(dormant):
        make_channel(organisation, status="dormant", platform="x",
                     name=LONG_NAME % {"n": 200 + d}, owner=None, cover=None)  # fmt: skip
    return made


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


__all__ = ["MONDAY", "POST", "make_busy_month", "make_month", "scoping_urls"]
