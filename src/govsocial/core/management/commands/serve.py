import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from govsocial.core.schedule import start_scheduler

# The longest path a Unix socket can have on Linux (sun_path is 108 bytes with its NUL).
UNIX_SOCKET_PATH_MAX = 107


def gunicorn_arguments(bind: str, workers: int, threads: int, data_dir: Path) -> list[str]:
    """gunicorn's command line.

    gunicorn (25.1 and later) opens a control socket, by default one per user
    account ($XDG_RUNTIME_DIR/gunicorn.ctl): a second GovSocial on the machine
    would take over the first one's. Each data folder gets its own, or none when
    the folder's path is too long for a socket.
    """
    control = Path(data_dir) / "gunicorn.ctl"
    if len(os.fsencode(control)) <= UNIX_SOCKET_PATH_MAX:
        control_socket = ["--control-socket", str(control), "--control-socket-mode", "0o600"]
    else:
        control_socket = ["--no-control-socket"]
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "govsocial.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "5",
        *control_socket,
    ]


def worker_arguments() -> list[str]:
    """The task worker for the configured backend: Redis (RQ) or the database."""
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
        return [
            sys.executable,
            "-m",
            "govsocial",
            "rqworker",
            "default",
            "--job-class",
            "django_tasks_rq.Job",
        ]
    return [sys.executable, "-m", "govsocial", "db_worker", "--interval", "2"]


class Command(BaseCommand):
    help = _("Serve GovSocial with gunicorn (a production WSGI server) and run the task worker.")

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("GOVSOCIAL_BIND", "127.0.0.1:8000"))
        # One single-threaded process per core plus one: on two cores this gave the
        # steadiest latency for the policy pages (benchmarks/policy_render.py); threads
        # share one interpreter lock and let one process hog the connections. Put a
        # buffering proxy (nginx) in front, as gunicorn advises for its sync workers.
        workers = os.environ.get("GOVSOCIAL_WORKERS") or str((os.cpu_count() or 1) + 1)
        parser.add_argument("--workers", type=int, default=int(workers))
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("GOVSOCIAL_THREADS", "1"))
        )
        parser.add_argument(
            "--no-worker", action="store_true", help=_("Do not start the background task worker.")
        )

    def handle(self, *args, **options):
        env = {**os.environ, "GOVSOCIAL_DATA_DIR": str(settings.DATA_DIR)}
        env.setdefault("DJANGO_SETTINGS_MODULE", "govsocial.settings")
        env["GOVSOCIAL_BIND"] = options["bind"]  # the worker's e-mails link to where we serve
        children = []
        stop = threading.Event()
        if not options["no_worker"]:
            children.append(subprocess.Popen(worker_arguments(), env=env))
            start_scheduler(stop)
        web = subprocess.Popen(
            gunicorn_arguments(
                options["bind"], options["workers"], options["threads"], settings.DATA_DIR
            ),
            env=env,
        )
        children.append(web)
        self.stdout.write(
            _("GovSocial is serving on http://%(bind)s/ — press Ctrl+C to stop.")
            % {"bind": options["bind"]}
        )

        def shutdown(signum, frame):
            stop.set()
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        code = web.wait()
        shutdown(None, None)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        if code not in (0, -signal.SIGTERM, -signal.SIGINT):
            sys.exit(code)
