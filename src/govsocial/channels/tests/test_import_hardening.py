"""Imports that race each other, and files too large to read."""

import sqlite3
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import translation

from govsocial.channels import spreadsheet
from govsocial.channels.models import Channel
from govsocial.channels.tests.factories import make_channel
from govsocial.core.models import AuditEvent

HEADER = "Platform,Name,Handle,Status\n"
FILE = (
    HEADER
    + "".join(f"facebook,Page {n},@page{n},active\n" for n in range(5))
    + "instagram,Photos,@photos,active\n"
).encode()


@pytest.fixture
def database_file(transactional_db, tmp_path):
    """On SQLite, the test database copied to a file for the test, as GovSocial runs it
    (WAL; a writer waits for the lock): the in-memory test database answers "table is
    locked" at once instead of waiting. PostgreSQL needs nothing."""
    if connection.vendor != "sqlite":
        yield
        return
    memory = connection.settings_dict["NAME"]
    keeper = sqlite3.connect(memory, uri=True)  # the in-memory database lives while one is open
    connection.ensure_connection()
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    connection.connection.backup(copy)
    copy.close()
    connection.settings_dict["NAME"] = str(tmp_path / "copy.sqlite3")
    connection.close()  # closes for real now that the name is a file's
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = memory
        connection.ensure_connection()  # on the in-memory database again before the keeper goes
        keeper.close()


def _import_in_threads(organisation, count: int, data: bytes):
    start = threading.Barrier(count)
    outcomes: list[object] = []

    def run():
        try:
            start.wait()
            outcomes.append(spreadsheet.import_channels(organisation, None, data))
        except Exception as exc:  # the bug: an IntegrityError (a 500 on the page)
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    close_old_connections()
    return outcomes


def test_twenty_simultaneous_imports_of_one_file_add_each_channel_once(organisation, database_file):
    outcomes = _import_in_threads(organisation, 20, FILE)
    assert len(outcomes) == 20
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert errors == []
    succeeded = [o for o in outcomes if o.ok]
    assert len(succeeded) == 1 and len(succeeded[0].created) == 6
    assert Channel.objects.filter(organisation=organisation).count() == 6
    assert AuditEvent.objects.filter(action="channel.imported").count() == 6
    for refused in (o for o in outcomes if not o.ok):
        assert refused.created == [] and len(refused.problems) == 6
        assert {p.column for p in refused.problems} == {"Handle"}


@pytest.mark.django_db
def test_a_handle_added_through_the_form_during_an_import_is_a_row_problem_not_a_500(
    organisation, monkeypatch
):
    real = spreadsheet._report_just_added
    checks = []

    def check_misses_the_newcomer(org, result):
        # The request form adds @photos between the import's check and its writing.
        checks.append(1)
        if len(checks) == 1:
            make_channel(organisation, platform="instagram", handle="@photos", name="Form")
            return False
        return real(org, result)

    monkeypatch.setattr(spreadsheet, "_report_just_added", check_misses_the_newcomer)
    with translation.override("nl"):
        result = spreadsheet.import_channels(organisation, None, FILE)
    assert not result.ok and result.created == []
    assert [(p.row, p.column) for p in result.problems] == [(7, "Accountnaam")]
    assert "zojuist door iemand anders" in result.problems[0].message
    assert list(Channel.objects.values_list("name", flat=True)) == ["Form"]
    assert not AuditEvent.objects.filter(action="channel.imported").exists()


# --- size ---------------------------------------------------------------------------


def _big_file(size: int) -> bytes:
    """A valid file of just over `size` bytes."""
    rows = [HEADER]
    length, n = len(HEADER), 0
    while length <= size:
        rows.append(f"facebook,Page {n},@page{n},active\n")
        length += len(rows[-1])
        n += 1
    return "".join(rows).encode()


@pytest.mark.django_db
def test_an_import_over_the_size_limit_is_refused_without_reading_it(
    lead_client, settings, monkeypatch
):
    settings.GOVSOCIAL_MAX_IMPORT_BYTES = 1000
    monkeypatch.setattr(
        spreadsheet, "import_channels", lambda *a, **k: pytest.fail("the file was read")
    )
    upload = SimpleUploadedFile("big.csv", _big_file(1001), "text/csv")
    page = lead_client.post(reverse("channels:import"), {"file": upload}).content.decode()
    assert "a file to import may be at most 1000\xa0bytes" in page
    assert not Channel.objects.exists()


@pytest.mark.django_db
def test_the_default_import_limit_is_2_mb_and_speaks_dutch(lead_client, lead):
    lead.language = "nl"
    lead.save()
    data = _big_file(2 * 1024 * 1024)
    assert len(data) > spreadsheet.DEFAULT_MAX_IMPORT_BYTES
    upload = SimpleUploadedFile("big.csv", data, "text/csv")
    page = lead_client.post(reverse("channels:import"), {"file": upload}).content.decode()
    assert "maximaal 2,0\xa0MB" in page
    assert not Channel.objects.exists()
    with pytest.raises(spreadsheet.SpreadsheetError):  # and for any other caller
        spreadsheet.validate(lead.memberships.get().organisation, data)


@pytest.mark.django_db
def test_the_command_line_checks_the_size_before_reading(
    organisation, tmp_path, settings, monkeypatch
):
    settings.GOVSOCIAL_MAX_IMPORT_BYTES = 1000
    big = tmp_path / "big.csv"
    big.write_bytes(_big_file(1001))
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the file was read"))
    monkeypatch.setattr(Path, "read_bytes", lambda *a, **k: pytest.fail("the file was read"))
    with pytest.raises(CommandError) as caught:
        call_command("channels", "import", "--org", "example", str(big), "--lang", "nl")
    assert caught.value.returncode == 2
    assert "maximaal 1000\xa0bytes" in str(caught.value)
    assert not Channel.objects.exists()
