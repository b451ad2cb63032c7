"""Fixtures shared by every app's tests: organisations, people, signed-in
clients, and a real browser (Debian's Chromium through Playwright) with axe-core."""

import functools
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; the live server's ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("GOVSOCIAL_CHROMIUM", "/usr/bin/chromium")
HAVE_CHROMIUM = Path(CHROMIUM).exists()
_browser_skips: list[str] = []


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    settings.DATA_DIR = tmp_path
    # A test (or a request it made) may leave Dutch active in this thread.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def organisation(db):
    from govsocial.core.tests.factories import make_organisation

    return make_organisation(
        slug="example", name_en="Example Council", name_nl="Gemeente Voorbeeld"
    )


@pytest.fixture
def other_organisation(db):
    from govsocial.core.tests.factories import make_organisation

    return make_organisation(
        slug="elsewhere", name_en="Elsewhere Council", name_nl="Gemeente Elders"
    )


@pytest.fixture
def lead(organisation):
    from govsocial.core.tests.factories import make_person

    return make_person(organisation, role="lead", username="lead")


@pytest.fixture
def editor(organisation):
    from govsocial.core.tests.factories import make_person

    return make_person(organisation, role="editor", username="editor")


@pytest.fixture
def staff(organisation):
    from govsocial.core.tests.factories import make_person

    return make_person(organisation, role="staff", username="staff")


@pytest.fixture
def other_lead(other_organisation):
    from govsocial.core.tests.factories import make_person

    return make_person(other_organisation, role="lead", username="otherlead")


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


# --- the browser -----------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """PostgreSQL: the live server's request threads close their connection after each
    request. With the settings' CONN_MAX_AGE a thread kept it for as long as Chromium
    kept the socket open, and at the end of a run that could outlast the live server,
    so the worker's test database was "being accessed by other users" and not dropped."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database["ENGINE"] != "django.db.backends.sqlite3":
            database["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="session")
def browser():
    if not HAVE_CHROMIUM:
        _browser_skips.append("chromium")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    download_dir = Path(tempfile.mkdtemp())
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    shutil.rmtree(download_dir, ignore_errors=True)


@pytest.fixture
def axe():
    from govsocial.core.tests.browser import assert_accessible

    return assert_accessible


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not HAVE_CHROMIUM:
        terminalreporter.write_sep(
            "!",
            f"BROWSER TESTS SKIPPED: Chromium is not installed at {CHROMIUM} "
            "(apt-get install chromium)",
            yellow=True,
            bold=True,
        )


# The fixtures through which a test reaches the database; pytest-django refuses
# the database to any other test, so those run the same code on every engine.
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}
# A module that starts GovSocial as a command (or reads DATABASE_URL) reaches the
# database in another process, past pytest-django's guard.
OTHER_PROCESS_MARKS = ("run_govsocial", "subprocess", "DATABASE_URL")


def _reaches_database(item) -> bool:
    if item.get_closest_marker("same_on_every_engine"):
        return False
    if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    if item.get_closest_marker("django_db"):
        return True
    path = getattr(item, "path", None)
    return bool(path) and _starts_other_processes(str(path))


@functools.cache
def _starts_other_processes(path: str) -> bool:
    source = Path(path).read_text(encoding="utf-8") if path.endswith(".py") else ""
    return any(mark in source for mark in OTHER_PROCESS_MARKS)


def pytest_collection_modifyitems(config, items):
    """With GOVSOCIAL_TEST_DATABASE_ONLY=1 (CI's second run, on PostgreSQL) only
    the tests that reach the database run: the rest already ran on SQLite."""
    if os.environ.get("GOVSOCIAL_TEST_DATABASE_ONLY") != "1":
        return
    kept = [item for item in items if _reaches_database(item)]
    kept_ids = set(map(id, kept))
    config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept_ids])
    items[:] = kept


@pytest.fixture
def listener():
    """A server on 127.0.0.1 that only counts connections (the address checks' tests:
    `core.tests.addresses.connections`)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.settimeout(0.3)
        yield server
