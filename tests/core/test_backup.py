"""`formasi backup` / `formasi restore` (issue 21): backup → drop → restore gives byte-identical
exports (the transfer app's exports of every kind), on SQLite and on PostgreSQL (into a
throwaway database the test creates and drops). The full demo does the same in
bench/backup.py; here the role fixture set keeps the tests fast."""

from __future__ import annotations

import io
import json
import tarfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from formasi.core import backup as backup_module
from formasi.core.backup import BackupError, backup, pg_program, restore, tables_with_data
from formasi.organization.models import Agency
from formasi.transfer.kinds import KINDS
from formasi.workforce.models import Employee
from tests.personas import build_world


def export_all(directory: Path, agencies: list[str]) -> dict[str, bytes]:
    """Every kind in every format it exports, for each agency (kinds without one: once)."""
    cache.clear()  # read the database, not figures cached before the restore
    directory.mkdir()
    files: dict[str, bytes] = {}
    for name, kind in KINDS.items():
        for code in agencies if kind.needs_agency else [""]:
            for fmt in kind.formats:
                path = directory / f"{name}-{code}.{fmt}"
                call_command("export", name, str(path), *(["--agency", code] if code else []))
                files[path.name] = path.read_bytes()
    return files


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "lampiran").mkdir(parents=True)
    (settings.MEDIA_ROOT / "lampiran" / "sk.pdf").write_bytes(b"%PDF-1.4 surat keputusan")
    return Path(settings.MEDIA_ROOT)


def _indonesian_error(call: Any) -> str:
    with pytest.raises(CommandError) as caught:
        call()
    return str(caught.value)


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_drop_restore_gives_identical_exports(tmp_path: Path, media: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip")
    build_world()
    agencies = sorted(Agency.unscoped.values_list("code", flat=True))
    employees = Employee.unscoped.count()
    before = export_all(tmp_path / "before", agencies)
    archive = tmp_path / "formasi.tar.gz"

    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "Cadangan ditulis ke" in out.getvalue() and "1 berkas unggahan" in out.getvalue()

    call_command("flush", "--no-input")  # drop every row
    (media / "lampiran" / "sk.pdf").unlink()
    assert not Employee.unscoped.exists() and tables_with_data() == []

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Dipulihkan dari" in out.getvalue()
    assert Employee.unscoped.count() == employees > 0
    assert (media / "lampiran" / "sk.pdf").read_bytes() == b"%PDF-1.4 surat keputusan"
    after = export_all(tmp_path / "after", agencies)
    assert after.keys() == before.keys()
    for name, data in before.items():
        assert after[name] == data, f"{name} differs after backup and restore"


@contextmanager
def throwaway_postgres_database() -> Iterator[str]:
    """A new empty database on the test server; the default connection points at it inside
    the block and back at the test database after it; the database is dropped at the end."""
    name = f"formasi_restore_{uuid.uuid4().hex[:12]}"
    db = connection.settings_dict
    admin = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "dbname": "postgres"}
    if db.get("PASSWORD"):
        admin["password"] = db["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    original = db["NAME"]
    connection.close()
    db["NAME"] = name
    try:
        yield name
    finally:
        connection.close()
        db["NAME"] = original
        with psycopg.connect(**admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_postgres_backup_restore_into_a_new_database_gives_identical_exports(
    tmp_path: Path, media: Path
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL round trip (DATABASE_URL=postgres://…)")
    build_world()
    agencies = sorted(Agency.unscoped.values_list("code", flat=True))
    employees = Employee.unscoped.count()
    before = export_all(tmp_path / "before", agencies)
    archive = tmp_path / "formasi.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as opened:
        assert {"formasi-backup.json", "database.pgdump"} <= set(opened.getnames())
    (media / "lampiran" / "sk.pdf").unlink()

    with throwaway_postgres_database():
        assert tables_with_data() == []  # nothing there yet: no --force needed
        out = io.StringIO()
        call_command("restore", str(archive), stdout=out)
        assert "PostgreSQL" in out.getvalue()
        after = export_all(tmp_path / "after", agencies)
        assert Agency.unscoped.count() == 2
        assert Employee.unscoped.count() == employees
    assert after.keys() == before.keys()
    for name, data in before.items():
        assert after[name] == data, f"{name} differs after backup and restore"
    assert (media / "lampiran" / "sk.pdf").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_holding_data_unless_forced(tmp_path: Path, media: Path) -> None:
    build_world()
    archive = tmp_path / "b.tar"
    backup(archive)
    Employee.unscoped.all().delete()
    remaining = Agency.unscoped.count()

    message = _indonesian_error(lambda: call_command("restore", str(archive)))
    assert "sudah berisi data" in message and "--force" in message
    assert not Employee.unscoped.exists()  # nothing was touched

    report = restore(archive, force=True)
    assert Employee.unscoped.exists() and Agency.unscoped.count() == remaining
    assert report.media_files == 1 and report.engine == connection.vendor


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "bukan.tar"
    junk.write_bytes(b"not an archive at all")
    assert "bukan cadangan Formasi" in _indonesian_error(lambda: call_command("restore", str(junk)))
    missing = tmp_path / "tidak-ada.tar"
    assert "tidak ada" in _indonesian_error(lambda: call_command("restore", str(missing)))


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_another_engine(tmp_path: Path) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = tmp_path / "lain.tar"
    manifest = json.dumps({"format": 1, "engine": other, "database": "database.sqlite3"})
    with tarfile.open(archive, "w") as opened:
        info = tarfile.TarInfo("formasi-backup.json")
        info.size = len(manifest)
        opened.addfile(info, io.BytesIO(manifest.encode()))
    message = _indonesian_error(lambda: call_command("restore", str(archive)))
    assert "tidak dapat dipulihkan" in message and "formasi export" in message


@pytest.mark.django_db
def test_backup_into_a_missing_folder_fails_in_indonesian(tmp_path: Path) -> None:
    target = tmp_path / "tidak-ada" / "b.tar"
    assert "Folder" in _indonesian_error(lambda: call_command("backup", str(target)))
    assert not target.parent.exists()


def test_a_missing_postgresql_program_is_named_with_how_to_install_it(
    settings: Any, tmp_path: Path
) -> None:
    settings.FORMASI_PG_BIN_DIR = str(tmp_path)  # an empty folder
    with pytest.raises(BackupError) as caught:
        pg_program("pg_dump")
    assert "pg_dump" in str(caught.value) and "postgresql-client" in str(caught.value)
    settings.FORMASI_PG_BIN_DIR = ""
    assert Path(pg_program("pg_dump")).name == "pg_dump"  # found on this machine


def test_a_failing_postgresql_program_reports_its_error() -> None:
    with pytest.raises(BackupError) as caught:
        backup_module._run([pg_program("pg_restore"), "--list", "/nonexistent"], env={})
    assert "pg_restore" in str(caught.value)
