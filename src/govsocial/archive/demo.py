"""The demo archive: a few hundred GENERATED items for the demo organisation's
channels (both languages, with questions and replies from the public).
Never the real exports. Idempotent: a channel that has an archive is left alone."""

from __future__ import annotations

import random
from datetime import timedelta

import orjson
from django.db import transaction
from django.utils import timezone

from govsocial.channels import services as channels
from govsocial.core import registry
from govsocial.core.models import Organisation

from .generate import PLACES, QUESTIONS, sentence
from .importers.base import COMMENT, ORGANISATION, POST, PUBLIC, REPLY, Record
from .models import ImportRun
from .services.capture import Channel, Writer

POSTS_PER_CHANNEL = 25
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
# Public replies are comments on Facebook, Instagram and LinkedIn; replies elsewhere.
PUBLIC_KIND = {"facebook": COMMENT, "instagram": COMMENT, "linkedin": COMMENT}


def _records(channel: Channel, rng: random.Random) -> list[Record]:
    now = timezone.now()
    records = []
    for n in range(POSTS_PER_CHANNEL):
        language = "en" if n % 4 == 0 else "nl"
        published = now - timedelta(days=2 * (POSTS_PER_CHANNEL - n), hours=rng.randrange(9, 17))
        post_id = f"demo-{channel.id}-{n}"
        text = sentence(rng, language)
        records.append(
            _record(post_id, POST, ORGANISATION, channel.handle, text, language, published)
        )
        for r in range(rng.randrange(0, 4)):
            question = rng.choice(QUESTIONS[language]).format(place=rng.choice(PLACES))
            reply_id = f"{post_id}-r{r}"
            at = published + timedelta(minutes=rng.randrange(5, 600))
            kind = PUBLIC_KIND.get(channel.platform, REPLY)
            records.append(
                _record(
                    reply_id, kind, PUBLIC, rng.choice(RESIDENTS), question, language, at, post_id
                )
            )
            if r == 0 and rng.random() < 0.6:
                answer = (
                    "Bedankt voor uw vraag, we sturen u een bericht."
                    if language == "nl"
                    else "Thank you, we will message you."
                )
                records.append(
                    _record(f"{reply_id}-a", kind, ORGANISATION, channel.handle, answer, language,
                            at + timedelta(minutes=45), reply_id, post_id)
                )  # fmt: skip
    return records


def _record(external_id, kind, author_kind, handle, text, language, at, parent="", root=""):  # type: ignore[no-untyped-def]
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
