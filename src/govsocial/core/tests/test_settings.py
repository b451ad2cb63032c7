import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_govsocial(*args, env_extra=None, data_dir):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GOVSOCIAL_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(
        {"GOVSOCIAL_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "govsocial.settings"}
    )
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "govsocial", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_secret_key_is_generated_into_the_data_folder_once(tmp_path):
    first = run_govsocial(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        data_dir=tmp_path,
    )
    second = run_govsocial(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        data_dir=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text().strip()
    assert len(key) >= 50
    assert first.stdout.strip() == second.stdout.strip() == key
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_debug_is_off_unless_asked(tmp_path):
    out = run_govsocial(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        data_dir=tmp_path,
    )
    assert out.stdout.strip() == "False"


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    out = run_govsocial(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={"GOVSOCIAL_PRODUCTION": "1", "GOVSOCIAL_ALLOWED_HOSTS": "govsocial.example.org"},
        data_dir=tmp_path,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="this test is about the SQLite default")
def test_sqlite_database_uses_wal_and_demo_is_idempotent(tmp_path):
    assert run_govsocial("migrate", "--noinput", data_dir=tmp_path).returncode == 0
    first = run_govsocial("demo", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Sign in at http://127.0.0.1:8000/sign-in/" in first.stdout
    password = [line for line in first.stdout.splitlines() if "password:" in line][0].split()[-1]
    second = run_govsocial("demo", data_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    assert password in second.stdout, "running again keeps the lead's password"
    count = run_govsocial(
        "shell",
        "--no-imports",
        "-c",
        "from govsocial.core.models import Organisation; from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(Organisation.objects.filter(slug='example').count(), c.fetchone()[0])",
        data_dir=tmp_path,
    )
    assert count.stdout.split()[-2:] == ["1", "wal"]
    assert Path(tmp_path, "govsocial.sqlite3").exists()


def test_the_data_folder_is_private_to_the_account_running_govsocial(tmp_path):
    data_dir = tmp_path / "new" / "data"
    assert run_govsocial("migrate", "--noinput", data_dir=data_dir).returncode == 0
    assert run_govsocial("demo", data_dir=data_dir).returncode == 0
    # While a connection is open SQLite keeps its -wal and -shm files beside the database.
    listing = run_govsocial(
        "shell",
        "--no-imports",
        "-c",
        "import os; from django.conf import settings; from django.db import connection; "
        "from govsocial.core.models import Organisation; "
        "Organisation.objects.update(name_en='Example Council'); "
        "print({p.name: oct(p.stat().st_mode & 0o777) for p in settings.DATA_DIR.iterdir()})",
        data_dir=data_dir,
    )
    assert listing.returncode == 0, listing.stderr
    modes = eval(listing.stdout.strip().splitlines()[-1])  # a dict literal we printed
    assert oct(data_dir.stat().st_mode & 0o777) == "0o700"
    assert modes["govsocial.sqlite3"] == "0o600"
    assert modes["govsocial.sqlite3-wal"] == modes["govsocial.sqlite3-shm"] == "0o600"
    assert modes["secret_key"] == modes["demo-lead-password"] == "0o600"
    assert modes["static"] == "0o700"


def test_the_channel_import_cap_comes_from_the_environment(tmp_path):
    code = "from govsocial.channels import spreadsheet; print(spreadsheet.max_import_bytes())"
    default = run_govsocial("shell", "--no-imports", "-c", code, data_dir=tmp_path)
    assert default.stdout.strip() == str(2 * 1024 * 1024), default.stderr
    lowered = run_govsocial(
        "shell",
        "--no-imports",
        "-c",
        code,
        env_extra={"GOVSOCIAL_MAX_IMPORT_BYTES": "5000"},
        data_dir=tmp_path,
    )
    assert lowered.stdout.strip() == "5000", lowered.stderr


def test_every_setting_the_code_reads_has_a_row_in_the_readme():
    """A GOVSOCIAL_* variable read anywhere outside the tests is in README's configuration table."""
    import re

    root = Path(__file__).resolve().parents[4]
    source = root / "src" / "govsocial"
    named = set()
    for path in source.rglob("*.py"):
        if "tests" in path.parts:
            continue
        named |= set(re.findall(r"GOVSOCIAL_[A-Z0-9_]*[A-Z0-9]", path.read_text()))
    readme = (root / "README.md").read_text()
    table = readme[readme.index("## Configuration") :]
    table = table[: table.index("\n## ")]
    rows = set(re.findall(r"`(GOVSOCIAL_[A-Z0-9_]*[A-Z0-9])`", table))
    assert named - rows == set()
