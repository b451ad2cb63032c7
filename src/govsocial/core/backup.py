"""Backup and restore: the database and the data folder's other files in one .tar.gz.

The archive holds `manifest.json` (format, GovSocial version, date, database
engine, applied migrations, SHA-256 and size of every file), the database
(`database/govsocial.sqlite3`, a copy made with SQLite's online backup API, or
`database/govsocial.pgdump`, pg_dump's custom format) and the data folder's
other files under `data/` (the secret key, uploads). Collected static files
come with the code and are left out.

A backup can be made while the server runs: both SQLite's backup API and
pg_dump copy one consistent moment. A restore goes only into an empty data
folder and an empty database, and is checked whole in a temporary folder
before anything is moved into place.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import GovSocialError

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_MAX_BYTES = 1024 * 1024
DATABASE_FILES = {"sqlite": "database/govsocial.sqlite3", "postgresql": "database/govsocial.pgdump"}
# Made again by GovSocial or by the server, never restored.
NOT_BACKED_UP = {"static", "gunicorn.ctl"}
# What a data folder holds before anything is restored into it: loading the
# settings makes the secret key and the static folder.
MADE_AT_START = {"secret_key", "static"}


class BackupError(GovSocialError):
    """A backup or restore refused: the message says why, in the person's language."""


# --- what is where -----------------------------------------------------------


def database_engine() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(
        _("GovSocial can back up SQLite and PostgreSQL databases, not %(engine)s.")
        % {"engine": engine}
    )


def _sqlite_file() -> Path | None:
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name).resolve()


def sqlite_path() -> Path:
    path = _sqlite_file()
    if path is None:
        raise BackupError(_("A database kept in memory cannot be backed up or restored."))
    return path


def _sqlite_companions(path: Path) -> list[Path]:
    """The database file and the journal files SQLite keeps beside it."""
    return [path] + [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _data_files(skip: set[Path]) -> list[tuple[str, Path]]:
    """(name in the archive, path) of every file in the data folder worth keeping."""
    data_dir = Path(settings.DATA_DIR).resolve()
    found = []
    for root, dirs, files in os.walk(data_dir):
        here = Path(root)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not (here == data_dir and d in NOT_BACKED_UP)
        )
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or path in skip or (here == data_dir and name in NOT_BACKED_UP):
                continue
            if path.is_file() and not path.is_symlink():
                found.append(("data/" + path.relative_to(data_dir).as_posix(), path))
    return found


def _describe(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return {"sha256": digest.hexdigest(), "size": path.stat().st_size}


def _version() -> str:
    try:
        return metadata.version("govsocial")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- the database --------------------------------------------------------------


def _copy_sqlite(target: Path) -> None:
    source_path = sqlite_path()
    if not source_path.is_file() or source_path.stat().st_size == 0:
        raise BackupError(
            _("There is no database at %(path)s to back up yet.") % {"path": source_path}
        )
    source = sqlite3.connect(str(source_path), timeout=30)
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)  # page by page, restarting if a writer changes a page meanwhile
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        (verdict,) = copy.execute("PRAGMA quick_check").fetchone()
    finally:
        copy.close()
        source.close()
    if verdict != "ok":
        raise BackupError(_("The database copy fails SQLite's check: %(why)s") % {"why": verdict})


def _postgres_env() -> dict[str, str]:
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, var in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    return env


def _postgres_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            _(
                "%(tool)s is not installed; install PostgreSQL's client tools "
                "(for example: apt install postgresql-client)."
            )
            % {"tool": name}
        )
    return found


def _run_postgres_tool(arguments: list[str]) -> None:
    result = subprocess.run(
        arguments, env=_postgres_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(why)s")
            % {"tool": Path(arguments[0]).name, "why": result.stderr.strip()[-2000:]}
        )


def _dump_postgres(target: Path) -> None:
    _run_postgres_tool(
        [
            _postgres_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
        ]
    )


def _restore_postgres(dump: Path) -> None:
    # One transaction: a failure leaves the database as empty as it was.
    _run_postgres_tool(
        [
            _postgres_tool("pg_restore"),
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            "--dbname",
            str(settings.DATABASES["default"]["NAME"]),
            str(dump),
        ]
    )


def _applied_migrations(engine: str) -> list[str]:
    if engine == "sqlite" and not sqlite_path().is_file():
        return []  # asking Django would create an empty database file
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


# --- backup --------------------------------------------------------------------


def create_backup(out: Path) -> dict[str, Any]:
    """Write the backup to `out` (replacing it only once it is complete); its manifest."""
    out = Path(out).resolve()
    if not out.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": out.parent})
    engine = database_engine()
    migrations = _applied_migrations(engine)
    if not migrations:
        raise BackupError(_("The database is empty: there is nothing to back up yet."))
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=".govsocial-backup-"))
    partial = staging / "archive.tar.gz"
    try:
        database = staging / DATABASE_FILES[engine]
        database.parent.mkdir()
        if engine == "sqlite":
            _copy_sqlite(database)
        else:
            _dump_postgres(database)
        sources = {DATABASE_FILES[engine]: database}
        skip = set(_sqlite_companions(sqlite_path())) if engine == "sqlite" else set()
        for name, path in _data_files(skip | {out}):
            copy = staging / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)  # the copy is what the manifest describes
            sources[name] = copy
        manifest = {
            "format": FORMAT,
            "application": "govsocial",
            "version": _version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database": DATABASE_FILES[engine],
            "migrations": migrations,
            "files": {name: _describe(path) for name, path in sorted(sources.items())},
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(staging / MANIFEST, MANIFEST, filter=_anonymous)
            for name in sorted(sources):
                tar.add(sources[name], name, filter=_anonymous)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.chmod(0o600)  # it holds the secret key
        os.replace(partial, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _anonymous(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


# --- restore -------------------------------------------------------------------


def restore_backup(archive: Path) -> dict[str, Any]:
    """Restore `archive` into the empty data folder and database; its manifest."""
    archive = Path(archive)
    engine = database_engine()
    with _open_archive(archive) as tar:
        manifest = _read_manifest(tar)
        if manifest["engine"] != engine:
            raise BackupError(
                _(
                    "This backup holds a %(theirs)s database, but this GovSocial uses "
                    "%(ours)s. Restore it into a GovSocial with the same kind of database."
                )
                % {"theirs": manifest["engine"], "ours": engine}
            )
        _check_known_migrations(manifest)
        _check_empty(engine)
        data_dir = Path(settings.DATA_DIR).resolve()
        staging = Path(tempfile.mkdtemp(dir=data_dir, prefix=".restore-"))
        try:
            _extract(tar, manifest, staging)
            database = staging / manifest["database"]
            if engine == "sqlite":
                _check_sqlite(database)
            else:
                _restore_postgres(database)
            _move_into_place(staging, manifest, engine, data_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return manifest


def pending_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations this GovSocial has that the restored database has not yet had."""
    return sorted(_known_migrations() - set(manifest["migrations"]))


def _not_a_backup(archive: Path) -> BackupError:
    return BackupError(_("%(file)s is not a GovSocial backup.") % {"file": archive})


def _open_archive(archive: Path) -> tarfile.TarFile:
    if not archive.is_file():
        raise BackupError(_("The file %(file)s does not exist.") % {"file": archive})
    try:
        return tarfile.open(archive, "r:gz")
    except (tarfile.TarError, OSError, EOFError):
        raise _not_a_backup(archive) from None


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    archive = Path(os.fsdecode(tar.name or ""))
    try:
        member = tar.getmember(MANIFEST)
        handle = tar.extractfile(member) if member.isfile() else None
        if handle is None or member.size > MANIFEST_MAX_BYTES:
            raise _not_a_backup(archive)
        manifest = json.loads(handle.read())
    except (KeyError, ValueError, tarfile.TarError, OSError, EOFError):
        raise _not_a_backup(archive) from None
    if not isinstance(manifest, dict) or manifest.get("application") != "govsocial":
        raise _not_a_backup(archive)
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("This backup has format %(format)s; this GovSocial reads format %(ours)s.")
            % {"format": manifest.get("format"), "ours": FORMAT}
        )
    files = manifest.get("files")
    engine = manifest.get("engine")
    valid = (
        engine in DATABASE_FILES
        and manifest.get("database") == DATABASE_FILES[engine]
        and isinstance(files, dict)
        and DATABASE_FILES[engine] in files
        and isinstance(manifest.get("migrations"), list)
        and all(_safe_name(name) and _valid_entry(entry) for name, entry in files.items())
    )
    if not valid:
        raise _not_a_backup(archive)
    return manifest


def _safe_name(name: Any) -> bool:
    """A relative name under data/ or database/, without "." or ".." or empty parts."""
    if not isinstance(name, str) or "\\" in name or "\0" in name:
        return False
    parts = name.split("/")
    return (
        len(parts) >= 2
        and parts[0] in {"data", "database"}
        and all(part not in {"", ".", ".."} for part in parts)
    )


def _valid_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("size"), int)
        and entry["size"] >= 0
        and isinstance(entry.get("sha256"), str)
        and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) is not None
    )


def _known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def _check_known_migrations(manifest: dict[str, Any]) -> None:
    unknown = sorted(set(manifest["migrations"]) - _known_migrations())
    if unknown:
        raise BackupError(
            _(
                "This backup was made by a newer GovSocial (%(version)s); install that "
                "version or a later one to restore it. Unknown changes: %(names)s."
            )
            % {"version": manifest.get("version", "?"), "names": ", ".join(unknown[:5])}
        )


def _check_empty(engine: str) -> None:
    data_dir = Path(settings.DATA_DIR).resolve()
    database = _sqlite_file() if engine == "sqlite" else None
    skip = set(_sqlite_companions(database)) if database else set()
    for path in sorted(data_dir.iterdir()):
        if path.name.startswith(".") or path.name in MADE_AT_START | NOT_BACKED_UP:
            continue
        if path in skip or (path.is_dir() and not any(p.is_file() for p in path.rglob("*"))):
            continue
        raise BackupError(
            _(
                "The data folder %(folder)s is not empty (it holds %(name)s). Restore into "
                "an empty data folder: point GOVSOCIAL_DATA_DIR at a new folder."
            )
            % {"folder": data_dir, "name": path.name}
        )
    if engine == "sqlite":
        database = sqlite_path()
    if _database_has_tables(engine, database):
        raise BackupError(
            _(
                "The database already holds tables. Restore into an empty database "
                "(a new SQLite data folder, or a newly created PostgreSQL database)."
            )
        )


def _database_has_tables(engine: str, database: Path | None) -> bool:
    if engine == "postgresql":
        return bool(connection.introspection.table_names())
    if database is None or not database.is_file() or database.stat().st_size == 0:
        return False
    check = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return bool(check.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    except sqlite3.DatabaseError:
        return True  # not a database we may overwrite
    finally:
        check.close()


def _extract(tar: tarfile.TarFile, manifest: dict[str, Any], staging: Path) -> None:
    """Every file of the manifest into `staging`, each checked against its SHA-256."""
    files: dict[str, dict[str, Any]] = manifest["files"]
    seen: set[str] = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        entry = files.get(member.name)
        if entry is None or not member.isfile() or member.name in seen:
            raise BackupError(
                _("The backup holds %(name)s, which its manifest does not list.")
                % {"name": member.name}
            )
        if member.size != entry["size"]:
            raise _damaged(member.name)
        source = tar.extractfile(member)
        target = staging / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is None or _copy_hashed(source, target, entry["size"]) != entry["sha256"]:
            raise _damaged(member.name)
        seen.add(member.name)
    missing = sorted(set(files) - seen)
    if missing:
        raise BackupError(
            _("The backup is incomplete: %(names)s is missing.") % {"names": ", ".join(missing)}
        )


def _damaged(name: str) -> BackupError:
    return BackupError(
        _("%(name)s in the backup is damaged (its checksum does not match the manifest).")
        % {"name": name}
    )


def _copy_hashed(source: IO[bytes], target: Path, size: int) -> str:
    digest = hashlib.sha256()
    written = 0
    with target.open("wb") as out:
        for chunk in iter(lambda: source.read(1024 * 1024), b""):
            written += len(chunk)
            if written > size:
                break
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest() if written == size else ""


def _check_sqlite(database: Path) -> None:
    check = sqlite3.connect(str(database))
    try:
        (verdict,) = check.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        verdict = str(exc)
    finally:
        check.close()
    if verdict != "ok":
        raise _damaged(DATABASE_FILES["sqlite"])


def _move_into_place(staging: Path, manifest: dict[str, Any], engine: str, data_dir: Path) -> None:
    for name in sorted(manifest["files"]):
        if not name.startswith("data/"):
            continue
        target = data_dir.joinpath(*PurePosixPath(name).parts[1:])
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.replace(staging / name, target)
    if engine == "sqlite":
        connections.close_all()  # none may keep the empty database open
        database = sqlite_path()
        for companion in _sqlite_companions(database):
            companion.unlink(missing_ok=True)
        restored = staging / manifest["database"]
        restored.chmod(0o600)
        os.replace(restored, database)


def describe(manifest: dict[str, Any]) -> str:
    """One line about a backup, for the command's output."""
    size = sum(entry["size"] for entry in manifest["files"].values())
    return _(
        "%(count)s files, %(size)s, %(engine)s database, made %(date)s by GovSocial %(version)s"
    ) % {
        "count": len(manifest["files"]),
        "size": filesizeformat(size),
        "engine": manifest["engine"],
        "date": manifest["created_at"],
        "version": manifest["version"],
    }
