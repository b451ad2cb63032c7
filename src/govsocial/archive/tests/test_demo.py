"""The demo archive: a generated year, so every insights chart has something to draw."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from govsocial.archive import demo
from govsocial.archive.importers.base import ORGANISATION, POST, PUBLIC
from govsocial.archive.services import interactions
from govsocial.channels.tests.factories import make_channel

pytestmark = pytest.mark.django_db


def test_the_demo_year_has_posts_comments_and_answers_in_every_month(organisation):
    make_channel(organisation, platform="mastodon", handle="@gemeente")
    demo.seed(organisation)
    demo.seed(organisation)  # a second run leaves the archived channel alone
    now = timezone.now()
    items = interactions(organisation, now - timedelta(days=366), now)
    months = Counter((i.published_at.year, i.published_at.month) for i in items if i.kind == POST)
    assert len(months) >= 12 and min(months.values()) >= 3
    public = [i for i in items if i.author_kind == PUBLIC]
    texts = " ".join(i.text for i in public)
    assert "?" in texts and "ridiculous" in texts and "belachelijk" in texts and "Dank" in texts
    by_id = {i.external_id: i for i in public}
    delays = [
        i.published_at - by_id[i.in_reply_to].published_at
        for i in items
        if i.author_kind == ORGANISATION and i.in_reply_to in by_id
    ]
    assert any(d < timedelta(hours=4) for d in delays) and any(
        d > timedelta(days=2) for d in delays
    )
    assert len({i.external_id for i in items}) == len(items)
