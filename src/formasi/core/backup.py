"""Backup and restore of a whole installation: one tar archive holding the database and the
uploaded files (docs/deploy.md).

The archive (gzip-compressed when its name ends in ``.gz`` or ``.tgz``) holds:

* ``formasi-backup.json`` — what it is: format version, database engine, time, the last
  migration of each app, the number of files;
* ``database.pgdump`` — PostgreSQL, ``pg_dump --format=custom`` (restored with pg_restore), or
  ``database.sqlite3`` — SQLite, a consistent copy made with the online backup API while the
  application keeps running;
* ``media/…`` — the uploaded files kept on disk (``MEDIA_ROOT``, FORMASI_DATA_DIR/media).

A restore goes into the same engine only, and refuses a database that already holds data
unless ``force`` is given; on PostgreSQL the old tables are dropped and the dump restored in
one transaction, so a failed restore leaves the database as it was.
"""

from __future__ import annotations

import glob
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "formasi-backup.json"
PG_DUMP_NAME = "database.pgdump"
SQLITE_NAME = "database.sqlite3"
MEDIA = "media"
# Rows `migrate` itself writes into an empty database: they do not make it "hold data".
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class Report:
    """What a backup or a restore did."""

    path: Path
    engine: str
    database_bytes: int
    media_files: int
    archive_bytes: int
    created: str


def engine_of(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(
            _("Backup supports PostgreSQL and SQLite, not {engine}.").format(engine=vendor)
        )
    return vendor


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


# --------------------------------------------------------------------------- PostgreSQL tools


def pg_program(name: str) -> str:
    """The path of a PostgreSQL client program: in FORMASI_PG_BIN_DIR when set, else on the
    PATH, else the newest /usr/lib/postgresql/*/bin (Debian's layout)."""
    configured = settings.FORMASI_PG_BIN_DIR
    if configured:
        candidate = Path(configured) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    else:
        found = shutil.which(name)
        if found:
            return found
        versions = sorted(
            glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
            key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
        )
        if versions:
            return versions[-1]
    raise BackupError(
        _(
            "The PostgreSQL program {program} was not found. Install the PostgreSQL client "
            "(Debian/Ubuntu: apt-get install postgresql-client) or set FORMASI_PG_BIN_DIR to "
            "the folder that holds it."
        ).format(program=name)
    )


def pg_environment(alias: str = "default") -> dict[str, str]:
    """The connection of ``alias`` as libpq variables: no password on a command line."""
    db = connections[alias].settings_dict
    env = os.environ.copy()
    pairs = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode"),
    }
    env.update({k: str(v) for k, v in pairs.items() if v})
    return env


def _run(command: list[str], env: dict[str, str], **kwargs: Any) -> None:
    result = subprocess.run(  # noqa: S603 - PostgreSQL's own programs, our arguments
        command, env=env, capture_output=True, text=True, check=False, **kwargs
    )
    if result.returncode != 0:
        raise BackupError(
            _("{program} failed: {error}").format(
                program=Path(command[0]).name, error=result.stderr.strip()[-2000:]
            )
        )


# --------------------------------------------------------------------------- the database


def tables_with_data(alias: str = "default") -> list[str]:
    """The tables of ``alias`` holding at least one row, besides those ``migrate`` fills."""
    connection = connections[alias]
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                found.append(table)
    return found


def _last_migrations(alias: str) -> dict[str, str]:
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return {}
    last: dict[str, str] = {}
    for app, name in sorted(recorder.applied_migrations()):
        last[app] = max(last.get(app, name), name)
    return last


def _dump_database(alias: str, engine: str, directory: Path) -> Path:
    if engine == "postgresql":
        target = directory / PG_DUMP_NAME
        command = [pg_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
        _run([*command, f"--file={target}"], pg_environment(alias))
        return target
    target = directory / SQLITE_NAME
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # consistent while others keep writing
    finally:
        copy.close()
    return target


def _restore_postgresql(alias: str, dump: Path) -> None:
    """Drop every table of the database and restore the dump, in one transaction (psql
    --single-transaction): a failure leaves the database as it was. Comments on extensions
    are left out (only their owner may set them; the extension itself is restored)."""
    env = pg_environment(alias)
    pg_restore = pg_program("pg_restore")
    psql = pg_program("psql")
    listing = subprocess.run(  # noqa: S603 - PostgreSQL's own program
        [pg_restore, "--list", str(dump)], env=env, capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise BackupError(
            _("The archive's database dump cannot be read: {error}").format(
                error=listing.stderr.strip()[-2000:]
            )
        )
    entries = [line for line in listing.stdout.splitlines() if " COMMENT - EXTENSION " not in line]
    list_file = dump.with_suffix(".list")
    list_file.write_text("\n".join(entries) + "\n", encoding="utf-8")
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    connection.close()
    drop = "".join(
        f"DROP TABLE IF EXISTS {connection.ops.quote_name(t)} CASCADE;\n" for t in tables
    )
    script = dump.with_suffix(".sql")
    options = ["--no-owner", "--no-privileges", f"--use-list={list_file}"]
    _run([pg_restore, *options, "-f", str(script), str(dump)], env)
    prelude = dump.with_suffix(".drop.sql")
    prelude.write_text(drop, encoding="utf-8")
    options = ["--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
    _run([psql, *options, "-f", str(prelude), "-f", str(script)], env)


def _restore_sqlite(alias: str, copy: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        check = source.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise BackupError(_("The archive's SQLite database is damaged."))
        source.backup(connection.connection)  # replaces every page of the live database
    finally:
        source.close()
    connection.close()


# --------------------------------------------------------------------------- the archive


def _write_archive(path: Path, target: Path) -> tarfile.TarFile:
    """A new archive at ``target``, gzip-compressed when ``path`` is named so."""
    if path.name.endswith((".gz", ".tgz")):
        return tarfile.open(target, "w:gz")
    return tarfile.open(target, "w")


def backup(path: Path, *, alias: str = "default") -> Report:
    """Write the database of ``alias`` and the uploaded files to the archive ``path``
    (written beside it first and renamed at the end: never half an archive under its name)."""
    engine = engine_of(alias)
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(_("The folder {folder} does not exist.").format(folder=path.parent))
    created = timezone.now().isoformat(timespec="seconds")
    media = media_root()
    media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="formasi-backup-") as work:
        dump = _dump_database(alias, engine, Path(work))
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created": created,
            "database": dump.name,
            "database_bytes": dump.stat().st_size,
            "media_files": len(media_files),
            "migrations": _last_migrations(alias),
        }
        try:
            with _write_archive(path, partial) as archive:
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                archive.add(dump, arcname=dump.name)
                for file in media_files:
                    archive.add(file, arcname=f"{MEDIA}/{file.relative_to(media).as_posix()}")
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupError(
                _("Cannot write {file}: {reason}").format(file=path, reason=exc.strerror or exc)
            ) from exc
    return Report(
        path=path,
        engine=engine,
        database_bytes=manifest["database_bytes"],  # type: ignore[arg-type]
        media_files=len(media_files),
        archive_bytes=path.stat().st_size,
        created=created,
    )


@contextmanager
def _opened(path: Path) -> Iterator[tuple[dict[str, Any], Path]]:
    """The archive's manifest and a folder holding its files (extracted safely: plain files
    and folders under it only)."""
    if not path.is_file():
        raise BackupError(_("The file {file} does not exist.").format(file=path))
    with tempfile.TemporaryDirectory(prefix="formasi-restore-") as work:
        try:
            with tarfile.open(path, "r:*") as archive:
                archive.extractall(work, filter="data")
            manifest = json.loads((Path(work) / MANIFEST).read_text(encoding="utf-8"))
        except (tarfile.TarError, OSError, ValueError, EOFError) as exc:
            raise BackupError(
                _("{file} is not a Formasi backup ({reason}).").format(file=path.name, reason=exc)
            ) from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(
                _("{file} is not a Formasi backup of a format this version reads.").format(
                    file=path.name
                )
            )
        yield manifest, Path(work)


def restore(path: Path, *, alias: str = "default", force: bool = False) -> Report:
    """Put the archive's database and uploaded files in place of the current ones."""
    engine = engine_of(alias)
    path = Path(path)
    with _opened(path) as (manifest, work):
        if manifest.get("engine") != engine:
            raise BackupError(
                _(
                    "This backup is of a {archived} database and cannot be restored into "
                    "{engine}. Move data between engines with formasi export and formasi import."
                ).format(archived=manifest.get("engine"), engine=engine)
            )
        occupied = tables_with_data(alias)
        if occupied and not force:
            raise BackupError(
                _(
                    "The database already holds data ({count} tables, e.g. {example}); a "
                    "restore would replace it. Run again with --force to replace it."
                ).format(count=len(occupied), example=occupied[0])
            )
        dump = work / str(manifest.get("database"))
        if dump.name not in (PG_DUMP_NAME, SQLITE_NAME) or not dump.is_file():
            raise BackupError(_("The backup holds no database."))
        if engine == "postgresql":
            _restore_postgresql(alias, dump)
        else:
            _restore_sqlite(alias, dump)
        media_files = _restore_media(work / MEDIA)
    return Report(
        path=path,
        engine=engine,
        database_bytes=int(manifest.get("database_bytes", 0)),
        media_files=media_files,
        archive_bytes=path.stat().st_size,
        created=str(manifest.get("created", "")),
    )


def _restore_media(source: Path) -> int:
    """Replace the uploaded files with the archive's (none in the archive: none kept)."""
    target = media_root()
    if target.exists():
        shutil.rmtree(target)
    if not source.is_dir():
        return 0
    shutil.copytree(source, target)
    return sum(1 for p in target.rglob("*") if p.is_file())
