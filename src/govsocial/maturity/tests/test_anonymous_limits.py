"""Anonymous self-assessments: a limit per client address and hour, and unfinished ones pruned."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from govsocial.core import schedule
from govsocial.maturity import services
from govsocial.maturity.models import Assessment, Response

from .factories import all_answers, make_completed

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


def _start(client, address=ADDRESS, language="en"):
    return client.post(
        reverse("maturity:anon_start"),
        {"action": "start"},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.fixture
def three_an_hour(settings):
    settings.GOVSOCIAL_ANONYMOUS_ASSESSMENTS_PER_HOUR = 3


def test_one_address_may_start_only_so_many_anonymous_assessments_an_hour(client, three_an_hour):
    for _ in range(3):
        assert _start(client).status_code == 302
    refused = _start(client)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many self-assessments started" in page and 'lang="en"' in page
    assert int(refused["Retry-After"]) <= 3600
    assert "Te veel zelfevaluaties gestart" in _start(client, language="nl").content.decode()
    assert Assessment.objects.count() == 3
    # Someone else is not held back by it.
    assert _start(client, address="198.51.100.20").status_code == 302


def test_the_upload_and_the_retake_count_towards_the_same_limit(client, three_an_hour):
    first = _start(client)
    token = first["Location"].split("/")[3]
    answers = services.answers_file({"lead_sponsor": 4}, "en").encode()
    upload = client.post(
        reverse("maturity:anon_start"),
        {"action": "upload", "answers_file": SimpleUploadedFile("a.yaml", answers)},
        REMOTE_ADDR=ADDRESS,
    )
    assert upload.status_code == 302
    retake = client.post(reverse("maturity:anon_retake", args=[token]), REMOTE_ADDR=ADDRESS)
    assert retake.status_code == 302
    for refused in (
        _start(client),
        client.post(
            reverse("maturity:anon_start"),
            {"action": "upload", "answers_file": SimpleUploadedFile("a.yaml", answers)},
            REMOTE_ADDR=ADDRESS,
        ),
        client.post(reverse("maturity:anon_retake", args=[token]), REMOTE_ADDR=ADDRESS),
    ):
        assert refused.status_code == 429
    assert Assessment.objects.count() == 3


def test_the_limit_frees_up_after_an_hour(client, three_an_hour):
    for _ in range(3):
        _start(client)
    assert _start(client).status_code == 429
    Assessment.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert _start(client).status_code == 302


def test_the_client_address_is_never_stored(client, three_an_hour):
    _start(client, address="2001:db8:1:2:3:4:5:6")
    _start(client)
    for assessment in Assessment.objects.all():
        stored = " ".join(str(getattr(assessment, f.attname)) for f in Assessment._meta.fields)
        assert ADDRESS not in stored and "2001:db8" not in stored
        assert assessment.client_hash


def test_addresses_in_one_ipv6_network_share_the_limit(client, three_an_hour):
    for n in range(3):
        assert _start(client, address=f"2001:db8:1:2::{n + 1}").status_code == 302
    assert _start(client, address="2001:db8:1:2:ffff::9").status_code == 429
    assert _start(client, address="2001:db8:1:3::1").status_code == 302


def _anonymous(days_ago: int, *, completed: bool = False, touched_days_ago: int | None = None):
    if completed:
        assessment = make_completed(None, all_answers(3))
    else:
        assessment = services.start_anonymous("en", {"lead_sponsor": 2})
    then = timezone.now() - timedelta(days=days_ago)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=then)
    touched = timezone.now() - timedelta(days=touched_days_ago if touched_days_ago else days_ago)
    Response.objects.filter(assessment=assessment).update(updated_at=touched)
    return assessment


def test_unfinished_anonymous_assessments_are_pruned_after_30_days(organisation, lead):
    from govsocial.maturity.tasks import prune_anonymous_assessments

    stale = _anonymous(31)
    recent = _anonymous(29)
    still_answering = _anonymous(45, touched_days_ago=2)
    finished = _anonymous(400, completed=True)
    round_ = services.start_round(organisation, lead)
    Assessment.objects.filter(pk=round_.pk).update(created_at=timezone.now() - timedelta(days=90))

    assert prune_anonymous_assessments.call() == 1

    remaining = set(Assessment.objects.values_list("pk", flat=True))
    assert stale.pk not in remaining
    assert {recent.pk, still_answering.pk, finished.pk, round_.pk} <= remaining
    assert not Response.objects.filter(assessment_id=stale.pk).exists()


def test_pruning_also_forgets_the_client_hash_after_a_day(client):
    _start(client)
    Assessment.objects.update(created_at=timezone.now() - timedelta(hours=25))
    _start(client)
    services.prune_anonymous_assessments()
    assert sorted(bool(h) for h in Assessment.objects.values_list("client_hash", flat=True)) == [
        False,
        True,
    ]


def test_pruning_runs_daily_as_a_periodic_task():
    from govsocial.maturity.tasks import prune_anonymous_assessments

    [periodic] = [p for p in schedule.PERIODIC if p.task is prune_anonymous_assessments]
    assert periodic.every_seconds == 24 * 3600


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, settings, three_an_hour):
    settings.GOVSOCIAL_TRUSTED_PROXIES = ["127.0.0.1"]

    def start(address):
        return client.post(
            reverse("maturity:anon_start"),
            {"action": "start"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )

    for _ in range(3):
        assert start(ADDRESS).status_code == 302
    assert start(ADDRESS).status_code == 429
    assert start("198.51.100.20").status_code == 302
