import threading
import time

from govsocial.core import schedule


class CountingTask:
    def __init__(self):
        self.enqueued = 0

    def enqueue(self):
        self.enqueued += 1


def test_periodic_tasks_are_enqueued_when_due_and_not_before(monkeypatch):
    task = CountingTask()
    monkeypatch.setattr(schedule, "PERIODIC", [])
    schedule.register(task, every_seconds=3600)
    schedule.register(task, every_seconds=3600)  # registering twice keeps one entry
    assert schedule.run_due(now=1000.0) == 1
    assert schedule.run_due(now=1000.0 + 1800) == 0
    assert schedule.run_due(now=1000.0 + 3600) == 1
    assert task.enqueued == 2


def test_the_first_run_waits_so_sign_in_details_stay_on_screen(monkeypatch):
    task = CountingTask()
    monkeypatch.setattr(schedule, "PERIODIC", [])
    schedule.register(task, every_seconds=3600)
    stop = threading.Event()
    stop.set()  # start the scheduler's thread only to set the first run time
    schedule.start_scheduler(stop, tick_seconds=0.01, first_delay=300).join(timeout=5)
    assert task.enqueued == 0
    assert schedule.run_due(now=time.time() + 299) == 0
    assert schedule.run_due(now=time.time() + 301) == 1
