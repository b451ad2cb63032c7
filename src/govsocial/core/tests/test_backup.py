"""govsocial backup / restore: the demo survives a round trip; bad input exits 2 and writes nothing."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from govsocial.core import backup
from govsocial.core.tests.test_settings import run_govsocial

# Run in each data folder: every table's rows, then the published policy as a lead reads it.
SNAPSHOT = r"""
import json, re
from django.db import connection
from django.test import Client
from govsocial.core.models import Organisation, Person
from govsocial.policies import services

def plain(value):
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return value.hex()
    return value if isinstance(value, (int, float, str, type(None))) else str(value)

tables = {}
with connection.cursor() as cursor:
    # A full-text table keeps no rows of its own (its shadow tables, compared
    # like any other, hold the index), and a contentless one cannot be scanned.
    virtual = set()
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
        virtual = {name for (name,) in cursor.fetchall()}
    for table in sorted(set(connection.introspection.table_names(cursor)) - virtual):
        cursor.execute(f'SELECT * FROM "{table}"')
        tables[table] = sorted((json.dumps([plain(v) for v in row]) for row in cursor.fetchall()))
published = services.published_policy(Organisation.objects.get(slug="example"))
client = Client(HTTP_HOST="localhost")
client.force_login(Person.objects.get(username="lead"))
page = client.get(published.url).content.decode()
page = re.sub(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]*"', "", page)
clauses = {k: [c.title, c.text] for k, c in published.clauses("nl").items()}
print("SNAPSHOT" + json.dumps({"tables": tables, "page": page, "clauses": clauses}))
"""


def _snapshot(data_dir, env_extra=None):
    result = run_govsocial("shell", "-c", SNAPSHOT, data_dir=data_dir, env_extra=env_extra)
    assert result.returncode == 0, result.stderr[-3000:]
    line = [x for x in result.stdout.splitlines() if x.startswith("SNAPSHOT")][-1]
    return json.loads(line[len("SNAPSHOT") :])


def _ok(result):
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return result


@contextmanager
def _writing(database: Path | None):
    """Another process in the middle of a write transaction (SQLite), left uncommitted."""
    if database is None:
        yield
        return
    writer = sqlite3.connect(str(database), isolation_level=None, timeout=5)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE core_organisation SET name_en = 'Half-written'")
        yield
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def _round_trip(tmp_path, source_env=None, target_env=None):
    source, target = tmp_path / "source", tmp_path / "target"
    archive = tmp_path / "govsocial-backup.tar.gz"
    _ok(run_govsocial("migrate", "--noinput", data_dir=source, env_extra=source_env))
    _ok(run_govsocial("demo", data_dir=source, env_extra=source_env))
    with _writing(None if source_env else source / "govsocial.sqlite3"):
        made = run_govsocial("backup", "--out", str(archive), data_dir=source, env_extra=source_env)
    _ok(made)
    assert "Backup written to" in made.stdout
    restored = _ok(run_govsocial("restore", str(archive), data_dir=target, env_extra=target_env))
    assert "Restored" in restored.stdout
    return source, target, archive


def _assert_same(source, target, archive, source_env=None, target_env=None):
    before, after = _snapshot(source, source_env), _snapshot(target, target_env)
    assert before["tables"].keys() == after["tables"].keys()
    for table in before["tables"]:
        if table == "django_session" or table.startswith("axes_"):
            continue  # the snapshot's own sign-in
        if table == "core_auditevent":
            continue  # likewise; compared below without it
        assert before["tables"][table] == after["tables"][table], table
    audit_before = [r for r in before["tables"]["core_auditevent"] if "sign_in." not in r]
    audit_after = [r for r in after["tables"]["core_auditevent"] if "sign_in." not in r]
    assert audit_before == audit_after
    assert before["clauses"] and before["clauses"] == after["clauses"]
    assert "<h1" in before["page"] and before["page"] == after["page"]
    for name in ("secret_key", "demo-lead-password"):
        assert (source / name).read_bytes() == (target / name).read_bytes()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        for name, entry in manifest["files"].items():
            data = tar.extractfile(name).read()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
    assert manifest["version"] and manifest["created_at"] and manifest["migrations"]
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    return manifest


def test_backup_and_restore_round_trip_the_demo_on_sqlite(tmp_path):
    # The backup is made while another process holds an uncommitted write: it neither
    # waits for it nor copies it (the comparison below would see "Half-written").
    source, target, archive = _round_trip(tmp_path)
    manifest = _assert_same(source, target, archive)
    assert manifest["engine"] == "sqlite"
    assert set(manifest["files"]) == {
        "database/govsocial.sqlite3",
        "data/secret_key",
        "data/demo-lead-password",
    }
    assert oct((target / "govsocial.sqlite3").stat().st_mode & 0o777) == "0o600"
    again = run_govsocial("restore", str(archive), "--lang", "nl", data_dir=target)
    assert again.returncode == 2
    assert "is niet leeg" in again.stderr


def _postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None, "DATABASE_URL does not point at PostgreSQL"
    missing = [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]
    if missing:
        return None, f"{' and '.join(missing)} not installed"
    return url, ""


def test_backup_and_restore_round_trip_the_demo_on_postgresql(tmp_path):
    url, why = _postgres_url()
    if url is None:
        pytest.skip(f"PostgreSQL path not tested: {why}")
    import psycopg

    base = url.rsplit("/", 1)[0]
    names = [f"govsocial_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "target")]
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            envs = [{"DATABASE_URL": f"{base}/{name}"} for name in names]
            source, target, archive = _round_trip(tmp_path, envs[0], envs[1])
            manifest = _assert_same(source, target, archive, envs[0], envs[1])
            assert manifest["engine"] == "postgresql"
            assert "database/govsocial.pgdump" in manifest["files"]
            again = run_govsocial(
                "restore", str(archive), data_dir=tmp_path / "t2", env_extra=envs[1]
            )
            assert again.returncode == 2 and "already holds tables" in again.stderr
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- bad input: exit 2, a message in the chosen language, nothing written -------------


def _restore(path, lang="en"):
    with pytest.raises(CommandError) as raised:
        call_command("restore", str(path), "--lang", lang)
    assert raised.value.returncode == 2
    return str(raised.value)


def _archive(path: Path, files: dict[str, bytes], manifest_files=None, **manifest_extra):
    manifest = {
        "format": backup.FORMAT,
        "application": "govsocial",
        "version": "0.1.0",
        "created_at": "2026-01-01T00:00:00+00:00",
        "engine": backup.database_engine(),
        "database": backup.DATABASE_FILES[backup.database_engine()],
        "migrations": [],
        "files": manifest_files
        if manifest_files is not None
        else {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in files.items()
        },
        **manifest_extra,
    }
    with tarfile.open(path, "w:gz") as tar:
        for name, data in [("manifest.json", json.dumps(manifest).encode()), *files.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def empty_target(monkeypatch):
    """The checks after the emptiness check, without a second database to restore into."""
    monkeypatch.setattr(backup, "_check_empty", lambda engine: None)


def _database_name():
    return backup.DATABASE_FILES[backup.database_engine()]


@pytest.mark.django_db
def test_restore_refuses_a_missing_file_in_dutch(tmp_path):
    message = _restore(tmp_path / "nope.tar.gz", "nl")
    assert "bestaat niet" in message


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar at all")
    assert "is not a GovSocial backup" in _restore(junk)
    plain = tmp_path / "plain.tar.gz"
    with tarfile.open(plain, "w:gz") as tar:
        tar.add(junk, "readme.txt")
    assert "is not a GovSocial backup" in _restore(plain)


@pytest.mark.django_db
def test_restore_refuses_a_damaged_file_and_writes_nothing(tmp_path, settings, empty_target):
    files = {_database_name(): b"database bytes", "data/secret_key": b"k" * 20}
    entries = {
        n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in files.items()
    }
    entries["data/secret_key"]["sha256"] = "0" * 64
    archive = _archive(tmp_path / "damaged.tar.gz", files, manifest_files=entries)
    before = sorted(p.name for p in Path(settings.DATA_DIR).iterdir())
    message = _restore(archive, "nl")
    assert "data/secret_key" in message and "beschadigd" in message
    assert sorted(p.name for p in Path(settings.DATA_DIR).iterdir()) == before


@pytest.mark.django_db
def test_restore_refuses_names_outside_the_data_folder(tmp_path, settings, empty_target):
    data = b"owned"
    evil = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    for name in ("data/../../escape", "/etc/escape", "data/./x", "elsewhere/x"):
        archive = _archive(
            tmp_path / "evil.tar.gz",
            {_database_name(): data, name: data},
            manifest_files={_database_name(): evil, name: evil},
        )
        assert "is not a GovSocial backup" in _restore(archive), name
    # A file the manifest does not list is refused too.
    archive = _archive(tmp_path / "extra.tar.gz", {_database_name(): data})
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, content in members + [(tarfile.TarInfo("data/unlisted"), data)]:
            member.size = len(content)
            tar.addfile(member, io.BytesIO(content))
    assert "does not list" in _restore(archive)
    assert not (tmp_path.parent / "escape").exists()


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_database_engine(tmp_path):
    other = "postgresql" if backup.database_engine() == "sqlite" else "sqlite"
    archive = _archive(
        tmp_path / "other.tar.gz",
        {backup.DATABASE_FILES[other]: b"x"},
        engine=other,
        database=backup.DATABASE_FILES[other],
    )
    assert "database, but this GovSocial uses" in _restore(archive)


@pytest.mark.django_db
def test_restore_refuses_a_backup_from_a_newer_govsocial(tmp_path):
    archive = _archive(
        tmp_path / "newer.tar.gz",
        {_database_name(): b"x"},
        migrations=["core.9999_from_the_future"],
        version="99.0",
    )
    assert "newer GovSocial (99.0)" in _restore(archive)


@pytest.mark.django_db
def test_restore_refuses_a_data_folder_that_is_not_empty(tmp_path, settings):
    archive = _archive(tmp_path / "ok.tar.gz", {_database_name(): b"x"})
    (Path(settings.DATA_DIR) / "media").mkdir(exist_ok=True)
    (Path(settings.DATA_DIR) / "media" / "upload.docx").write_bytes(b"mine")
    message = _restore(archive, "nl")
    assert "is niet leeg" in message and "media" in message


def test_backup_refuses_a_folder_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("backup", "--out", str(tmp_path / "missing" / "b.tar.gz"), "--lang", "nl")
    assert raised.value.returncode == 2
    assert "bestaat niet" in str(raised.value)
