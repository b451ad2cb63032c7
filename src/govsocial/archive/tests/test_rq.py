"""Scale-out: an upload in the browser is imported through Redis by an RQ worker.

The worker is RQ's SimpleWorker in this process (burst mode), so it reads the
test's own database transaction; the job itself goes through Redis on
127.0.0.1:6379 (database 15, a queue name of its own per run, so tests running
side by side never take each other's jobs).
"""

import uuid

import pytest
from django.urls import reverse

from govsocial.archive import tasks
from govsocial.archive.models import ImportJob, Item
from govsocial.archive.tests.test_pages import _outbox
from govsocial.channels.tests.factories import make_channel

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def rq_queue(settings, monkeypatch):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379; the RQ backend cannot be tested.")
    import django_rq
    from django_tasks_rq.backend import Job

    name = f"govsocial-test-{uuid.uuid4().hex[:12]}"
    # Results are fetched through the "default" connection: the same Redis database.
    settings.RQ_QUEUES = {name: {"URL": REDIS_URL}, "default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    monkeypatch.setattr(tasks, "import_export", tasks.import_export.using(queue_name=name))
    queue = django_rq.get_queue(name, job_class=Job)
    yield queue
    queue.delete(delete_jobs=True)


def _work(queue) -> None:
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)


def test_an_upload_goes_through_redis_to_an_rq_worker(
    lead_client, organisation, tmp_path, rq_queue, django_capture_on_commit_callbacks
):
    channel = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(
            reverse("archive:upload"),
            {"channel": channel.pk, "source": "mastodon", "export": _outbox(tmp_path)},
        )
    job = ImportJob.objects.get()
    assert job.status == "queued" and rq_queue.count == 1  # in Redis, not yet imported
    assert not Item.objects.exists()

    _work(rq_queue)

    job.refresh_from_db()
    assert rq_queue.count == 0
    assert job.status == "done" and job.counts["new"] == 3, job.message
    assert Item.objects.filter(channel_id=channel.pk).count() == 3
    page = lead_client.get(reverse("archive:job", args=[job.pk])).content.decode()
    assert "3 new, 0 new versions" in page


def test_the_rq_result_carries_the_import_counts(organisation, tmp_path, rq_queue):
    channel = make_channel(organisation, platform="mastodon", owner=None, cover=None)
    path = tmp_path / "outbox.json"
    path.write_bytes(_outbox(tmp_path).read())
    result = tasks.import_export.enqueue(organisation.pk, channel.pk, "mastodon", str(path))
    _work(rq_queue)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value["new"] == 3 and result.return_value["unchanged"] == 0
