"""The demo archive: a year of GENERATED items for the demo organisation's
channels (both languages: posts with counts, the public's questions, praise and
complaints, the organisation's answers within and over the promise, some never).
Never the real exports. Idempotent: a channel that has an archive is left alone."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import orjson
from django.db import transaction
from django.utils import timezone

from govsocial.channels import services as channels
from govsocial.core import registry
from govsocial.core.models import Organisation

from .generate import ANSWERS, COMMENTS, PLACES, sentence
from .importers.base import COMMENT, ORGANISATION, POST, PUBLIC, REPLY, Record
from .models import ImportRun
from .services.capture import Channel, Writer

DAYS = 365  # a year, so every month of the insights has something to draw
ARCHIVED_STATUSES = {"active", "dormant", "closed"}
RESIDENTS = [
    "inwoner_ans",
    "pietervd",
    "m.yilmaz",
    "sanne_b",
    "dewi.k",
    "j.smith",
    "buurtapp_oost",
    "kees1960",
]
OFFICE_ZONE = ZoneInfo("Europe/Amsterdam")
POST_HOURS = (8, 9, 9, 10, 10, 11, 12, 13, 14, 15, 16)
# Public replies are comments on Facebook, Instagram and LinkedIn; replies elsewhere.
PUBLIC_KIND = {"facebook": COMMENT, "instagram": COMMENT, "linkedin": COMMENT}


def _posting_days(rng: random.Random, now: datetime) -> list[datetime]:
    """Mostly weekdays in office hours, now and then a Saturday morning."""
    first = (now - timedelta(days=DAYS)).replace(minute=0, second=0, microsecond=0)
    moments = []
    for day in range(DAYS):
        at = first + timedelta(days=day)
        if rng.random() < (0.42 if at.weekday() < 5 else 0.08):
            moments.append(at.replace(hour=rng.choice(POST_HOURS), minute=rng.randrange(60)))
    return moments


def _answer_delay(rng: random.Random) -> timedelta | None:
    """Most answers within the day, some after days, some never."""
    roll = rng.random()
    if roll < 0.55:
        return timedelta(minutes=rng.randrange(15, 240))
    if roll < 0.80:
        return timedelta(hours=rng.randrange(8, 60))
    if roll < 0.88:
        return timedelta(days=rng.randrange(3, 7))
    return None


def _in_office_hours(at: datetime, rng: random.Random) -> datetime:
    """The staff answer on weekdays between 8 and 17 (Amsterdam): a night's comment the next morning."""
    local = at.astimezone(OFFICE_ZONE)
    while local.weekday() >= 5 or not 8 <= local.hour < 17:
        following = local + timedelta(days=1) if local.hour >= 8 else local
        local = following.replace(hour=8, minute=0, second=0, microsecond=0)
        local += timedelta(minutes=rng.randrange(0, 90))
    return local.astimezone(at.tzinfo)


def _records(channel: Channel, rng: random.Random) -> list[Record]:
    now = timezone.now()
    kind = PUBLIC_KIND.get(channel.platform, REPLY)
    records = []
    for n, published in enumerate(_posting_days(rng, now)):
        language = "en" if rng.random() < 0.25 else "nl"
        post_id = f"demo-{channel.id}-{n}"
        replies = rng.choices((0, 1, 2, 3, 4), weights=(35, 30, 20, 10, 5))[0]
        counts = {
            "likes": rng.randrange(0, 60),
            "reposts": rng.randrange(0, 12),
            "replies": replies,
        }
        records.append(
            _record(post_id, POST, ORGANISATION, channel.handle, sentence(rng, language),
                    language, published, counts=counts)
        )  # fmt: skip
        for r in range(replies):
            tone = rng.choices(("question", "praise", "complaint"), weights=(45, 25, 30))[0]
            text = rng.choice(COMMENTS[tone][language]).format(place=rng.choice(PLACES))
            reply_id = f"{post_id}-r{r}"
            # The public reacts into the evening and the next day, not only in office hours.
            at = published + timedelta(minutes=rng.randrange(5, 60 * rng.choice((3, 10, 30))))
            if at > now:
                continue
            records.append(
                _record(reply_id, kind, PUBLIC, rng.choice(RESIDENTS), text, language, at, post_id)
            )
            delay = _answer_delay(rng) if tone != "praise" and rng.random() < 0.85 else None
            answered = None if delay is None else _in_office_hours(at + delay, rng)
            if answered is None or answered > now:
                continue
            answer = rng.choice(ANSWERS[language]).format(place=rng.choice(PLACES))
            records.append(
                _record(f"{reply_id}-a", kind, ORGANISATION, channel.handle, answer, language,
                        answered, reply_id, post_id)
            )  # fmt: skip
    return records


def _record(
    external_id, kind, author_kind, handle, text, language, at, parent="", root="", counts=None
):  # type: ignore[no-untyped-def]
    payload = {
        "id": external_id,
        "text": text,
        "author": handle,
        "created_at": at.isoformat(),
        "generated": True,
    }
    return Record(
        external_id=external_id,
        kind=kind,
        author_kind=author_kind,
        author_handle=handle,
        text=text,
        language=language,
        published_at=at,
        in_reply_to=parent,
        thread_id=root or parent,
        raw=orjson.dumps(payload),
        origin="demo (generated)",
        collection="demo",
        counts=counts or {},
    )


def seed(organisation: Organisation) -> None:
    importers = registry.importers()
    archived = set(
        ImportRun.objects.filter(organisation=organisation).values_list("channel_id", flat=True)
    )
    for choice in channels.channel_choices(organisation):
        importer = importers.get(choice.platform)
        if importer is None or choice.status not in ARCHIVED_STATUSES or choice.id in archived:
            continue
        channel = Channel(choice.id, choice.platform, choice.handle.lstrip("@"))
        rng = random.Random(f"{organisation.slug}-{choice.platform}-{choice.handle}")
        with transaction.atomic():
            writer = Writer(organisation, channel, importer, "demo (generated)", "demo")
            for record in _records(channel, rng):
                writer.add(record)
            writer.finish()
