"""Periodic background work: tasks enqueued on a fixed rhythm by `govsocial serve`.

Apps register their periodic tasks in AppConfig.ready(); the serve command's
scheduler thread enqueues each one when it is due, and the database worker
runs it. The same task code runs unchanged on an RQ worker.
"""

import logging
import threading
import time
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass
class Periodic:
    task: object  # a django_tasks Task
    every_seconds: int
    next_run: float = 0.0


PERIODIC: list[Periodic] = []


def register(task: object, every_seconds: int) -> None:
    if not any(p.task is task for p in PERIODIC):
        PERIODIC.append(Periodic(task=task, every_seconds=every_seconds))


def run_due(now: float | None = None) -> int:
    now = time.time() if now is None else now
    enqueued = 0
    for periodic in PERIODIC:
        if periodic.next_run <= now:
            try:
                periodic.task.enqueue()
                enqueued += 1
            except Exception:  # a failed enqueue must not stop the scheduler
                logger.exception("could not enqueue %s", periodic.task)
            periodic.next_run = now + periodic.every_seconds
    return enqueued


def start_scheduler(
    stop: threading.Event, tick_seconds: float = 30.0, first_delay: float = 300.0
) -> threading.Thread:
    # Not at once: the first minutes after a start belong to the person signing in,
    # not to a console full of reminder e-mails.
    first_run = time.time() + first_delay
    for periodic in PERIODIC:
        periodic.next_run = max(periodic.next_run, first_run)

    def loop() -> None:
        while not stop.is_set():
            run_due()
            stop.wait(tick_seconds)

    thread = threading.Thread(target=loop, name="govsocial-scheduler", daemon=True)
    thread.start()
    return thread
