"""Generated exports and items: for the demo archive, the tests and the benchmark.

Nothing here comes from a real export: texts are assembled from a small list
of municipal topics in Dutch and English, authors are invented handles.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

TOPICS = {
    "nl": [
        "De {place} is {when} gesloten vanwege werkzaamheden.",
        "Vanaf {when} haalt u uw paspoort op bij het Stadskantoor {place}.",
        "Wegwerkzaamheden op de {place}: volg de omleiding.",
        "Het afval wordt {when} later opgehaald in {place}.",
        "Kom naar de inloopavond over het nieuwe park in {place}, {when}.",
        "Storing verholpen: de website is weer bereikbaar.",
    ],
    "en": [
        "The {place} is closed {when} for maintenance.",
        "From {when} you collect your passport at the {place} office.",
        "Road works on {place}: please follow the diversion.",
        "Bins in {place} are collected later {when}.",
        "Join the drop-in evening about the new park in {place}, {when}.",
        "Outage fixed: the website is available again.",
    ],
}
QUESTIONS = {
    "nl": ["Waarom duurt dit zo lang?", "Wanneer is de {place} weer open?", "Dank voor de info!",
           "Kan ik ook digitaal een afspraak maken?", "Klopt het dat de bus niet rijdt in {place}?"],
    "en": ["Why is this taking so long?", "When does the {place} reopen?", "Thanks for letting us know!",
           "Can I book an appointment online?", "Is it true the bus does not run in {place}?"],
}  # fmt: skip
# The public's comments for the demo year: questions, praise and complaints, as
# people write them to a municipality (generated, never from a real export).
COMMENTS = {
    "question": {
        "nl": ["Wanneer wordt het afval in {place} weer opgehaald?",
               "Waar kan ik de omleiding bij de {place} vinden?",
               "Moet ik voor de {place} een afspraak maken of kan ik zo langskomen?",
               "Is de {place} in het weekend ook open?",
               "Hoe lang duren de werkzaamheden bij de {place} nog?",
               "Kan ik mijn parkeervergunning ook online verlengen?",
               "Waar meld ik een kapotte lantaarnpaal bij de {place}?",
               "Geldt dit ook voor bewoners van {place}?"],
        "en": ["When will the bins in {place} be collected again?",
               "Where is the diversion near {place}?",
               "Do I need an appointment for the {place} or can I just walk in?",
               "Is the {place} open at the weekend too?",
               "How long will the road works at {place} take?",
               "Can I renew my parking permit online?",
               "Where do I report a broken street light near {place}?",
               "Does this apply to people living in {place} as well?"],
    },
    "praise": {
        "nl": ["Dank voor de snelle info!", "Top geregeld bij de {place}, complimenten.",
               "Fijn dat jullie dit zo duidelijk uitleggen.", "Mooi initiatief, wij komen zeker!",
               "Eindelijk is de {place} weer open, heel blij mee."],
        "en": ["Thanks for the quick update!", "Well done on the {place}, great job.",
               "Really helpful, thank you for explaining.", "Lovely idea, we will be there!",
               "So glad the {place} is open again."],
    },
    "complaint": {
        "nl": ["Alweer werkzaamheden bij de {place}, dit is echt belachelijk.",
               "Al drie weken geen reactie op mijn melding. Slecht!",
               "De containers in {place} puilen uit en niemand doet iets.",
               "Parkeren bij de {place} is onmogelijk geworden, heel vervelend.",
               "Waarom hoor ik dit pas nu? Slechte communicatie."],
        "en": ["Road works at {place} again, this is ridiculous.",
               "Three weeks and still no reply to my report. Terrible!",
               "The bins in {place} are overflowing and nobody does anything.",
               "Parking near the {place} has become impossible, very annoying.",
               "Why am I only hearing this now? Poor communication."],
    },
}  # fmt: skip
ANSWERS = {
    "nl": ["Goede vraag! Dat staat op onze website bij {place}. Lukt het niet, stuur ons een bericht.",
           "Bedankt voor uw vraag. Dat geldt ook voor {place}.",
           "Dank u wel voor uw melding. We hebben het doorgegeven aan de wijkbeheerder.",
           "Sorry voor het wachten. Stuur ons een privébericht, dan zoeken we het uit."],
    "en": ["Good question! You will find it on our website under {place}. Message us if it does not work.",
           "Thank you for asking. Yes, it applies to {place} too.",
           "Thank you for reporting this. We have passed it on to the area team.",
           "Sorry for the wait. Send us a private message and we will look into it."],
}  # fmt: skip
PLACES = [
    "Marktplein",
    "Stationsweg",
    "Noorderpark",
    "Bibliotheek",
    "Zwembad De Vijver",
    "High Street",
]
WHEN = {
    "nl": ["maandag", "volgende week", "zaterdag", "morgen"],
    "en": ["on Monday", "next week", "on Saturday", "tomorrow"],
}
START = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)


def sentence(rng: random.Random, language: str, pool: dict[str, list[str]] = TOPICS) -> str:
    return rng.choice(pool[language]).format(
        place=rng.choice(PLACES), when=rng.choice(WHEN[language])
    )


def tweets(count: int, seed: int = 1, start: datetime = START) -> Iterator[dict[str, Any]]:
    """X archive records (`{"tweet": {...}}`, numbers as strings), every fourth one a reply."""
    rng = random.Random(seed)
    for n in range(count):
        language = "nl" if n % 3 else "en"
        moment = start + timedelta(minutes=37 * n)
        tweet: dict[str, Any] = {
            "id_str": str(1_000_000_000 + n),
            "id": str(1_000_000_000 + n),
            "created_at": moment.strftime("%a %b %d %H:%M:%S +0000 %Y"),
            "full_text": sentence(rng, language),
            "lang": language,
            "favorite_count": str(rng.randrange(50)),
            "retweet_count": str(rng.randrange(10)),
            "entities": {"hashtags": [], "urls": [], "user_mentions": []},
        }
        if n % 4 == 3:
            tweet["in_reply_to_status_id_str"] = str(1_000_000_000 + n - 1)
        yield {"tweet": tweet}


def write_tweets_js(path: Path, count: int, seed: int = 1, name: str = "tweets") -> Path:
    """A `tweets.js` as X writes it (`window.YTD.tweets.part0 = [...]`), written as it streams."""
    with path.open("wb") as out:
        out.write(f"window.YTD.{name}.part0 = [".encode())
        for n, record in enumerate(tweets(count, seed)):
            out.write((b",\n" if n else b"\n") + orjson.dumps(record, option=orjson.OPT_INDENT_2))
        out.write(b"\n]")
    return path


def note(
    n: int, text: str, language: str = "nl", updated: datetime | None = None, **extra: Any
) -> dict[str, Any]:
    """A Mastodon outbox `Create` of a public note."""
    uri = f"https://social.example/users/gemeente/statuses/{100 + n}"
    published = START + timedelta(hours=n)
    obj: dict[str, Any] = {
        "id": uri,
        "type": "Note",
        "inReplyTo": extra.pop("in_reply_to", None),
        "published": published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "url": f"https://social.example/@gemeente/{100 + n}",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": ["https://social.example/users/gemeente/followers"],
        "content": f"<p>{text}</p>",
        "contentMap": {language: f"<p>{text}</p>"},
        **extra,
    }
    if updated:
        obj["updated"] = updated.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"id": uri + "/activity", "type": "Create", "published": obj["published"], "object": obj}


def write_outbox(path: Path, activities: list[dict[str, Any]]) -> Path:
    path.write_bytes(
        orjson.dumps(
            {
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": "outbox.json",
                "type": "OrderedCollection",
                "totalItems": len(activities),
                "orderedItems": activities,
            }
        )
    )
    return path


def mastodon_status(n: int, text: str, account: str = "gemeente", **fields: Any) -> dict[str, Any]:
    """A REST status as Mastodon.py returns it: dates as datetimes, ids as numbers."""
    own = 100 + n
    status: dict[str, Any] = {
        "id": own,
        "uri": f"https://social.example/users/{account}/statuses/{own}",
        "url": f"https://social.example/@{account}/{own}",
        "created_at": START + timedelta(hours=n),
        "edited_at": None,
        "in_reply_to_id": None,
        "visibility": "public",
        "language": "nl",
        "spoiler_text": "",
        "content": f"<p>{text}</p>",
        "reblog": None,
        "media_attachments": [],
        "favourites_count": n % 4,
        "reblogs_count": 0,
        "replies_count": 0,
        "account": {"id": 1 if account == "gemeente" else 2, "username": account, "acct": account},
    }
    status.update(fields)
    return status


def write_mastodon_archive(path: Path, **lists: list[dict[str, Any]]) -> Path:
    """`<domain>.user.<name>.json` as the open tool mastodon-archive saves it:
    `json.dump(data, indent=2, default=date_handler)`, the account first."""
    import json

    account = {"id": 1, "username": "gemeente", "acct": "gemeente", "created_at": START}
    names = ("statuses", "favourites", "bookmarks", "mentions", "followers", "following")
    data = {"account": account, **{name: lists.get(name, []) for name in names}}
    with path.open("w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, default=lambda d: d.isoformat())
    return path
