"""`formasi import KIND FILE` and `formasi export KIND FILE`."""

from __future__ import annotations

import importlib
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from formasi import cli
from formasi.core.models import AuditEvent
from formasi.core.permissions import Action, can
from formasi.core.xlsx import write_table
from formasi.organization.models import OrgUnit
from formasi.workforce.models import Employee
from tests import builders as build
from tests.transfer.builders import (
    KIND,
    ctx_for,
    export_file,
    exported_rows,
    file_of,
    snapshot,
)

SYSTEM_ACTOR = importlib.import_module("formasi.transfer.management.commands.export").SYSTEM_ACTOR


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch: Any) -> None:
    monkeypatch.delenv("LANGUAGE", raising=False)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts_line(**counts: int) -> str:
    with translation.override("id"):
        return _(
            "Rows: {rows}; new: {new}, changed: {changed}, unchanged: {unchanged}, "
            "deactivated: {deactivated}, invalid: {invalid}."
        ).format(**counts)


def error_line(row: int, column: str, message: str) -> str:
    with translation.override("id"):
        return _("row {row}, column {column}: {message}").format(
            row=row, column=column, message=message
        )


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def one_name_changed(world: Any) -> list[dict[str, object]]:
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    rows[0]["name"] = "Siti Rahmawati Putri"
    return rows


# --------------------------------------------------------------------------- import


def test_a_dry_run_prints_the_counts_and_writes_nothing(world, tmp_path):
    rows = one_name_changed(world)
    path = write(tmp_path, "pegawai.xlsx", file_of(rows))
    before = snapshot()

    out, err = run("import", "employees", path, "--agency", "62.71", "--dry-run")

    expected = counts_line(
        rows=len(rows), new=0, changed=1, unchanged=len(rows) - 1, deactivated=0, invalid=0
    )
    assert expected in out
    assert err == ""
    assert snapshot() == before


def test_an_import_without_user_records_no_user(world, tmp_path):
    rows = one_name_changed(world)
    path = write(tmp_path, "pegawai.xlsx", file_of(rows))

    run("import", "employees", path, "--agency", "62.71")

    employee = Employee.unscoped.get(nip=rows[0]["nip"])
    assert employee.name == "Siti Rahmawati Putri"
    latest = employee.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (None, "Impor: pegawai.xlsx")
    event = AuditEvent.objects.get(action="formasi.import.committed")
    assert (event.actor, event.agency_id) == (None, world.agency_a.pk)


def test_an_import_with_user_records_them(world, tmp_path):
    rows = one_name_changed(world)
    path = write(tmp_path, "pegawai.csv", file_of(rows, "csv"))

    run("import", "employees", path, "--user", "admin_a")

    latest = Employee.unscoped.get(nip=rows[0]["nip"]).history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        world.users["admin_a"],
        "Impor: pegawai.csv",
    )


def test_the_system_actor_passes_every_permission_and_sees_every_row(world):
    assert can(SYSTEM_ACTOR, Action.CHANGE, "employee")
    assert can(SYSTEM_ACTOR, Action.VIEW, "nik")
    assert Employee.unscoped.visible_to(SYSTEM_ACTOR, Action.CHANGE).count() == (
        Employee.unscoped.count()
    )
    assert OrgUnit.unscoped.visible_to(SYSTEM_ACTOR).count() == OrgUnit.unscoped.count()


def test_a_refused_import_lists_every_error_and_writes_nothing(world, tmp_path):
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    rows[0]["birth_date"] = "kemarin"
    rows[2]["unit_code"] = "TIDAK-ADA"
    path = write(tmp_path, "pegawai.xlsx", file_of(rows))
    before = snapshot()

    out, err = refused("import", "employees", path, "--agency", "62.71")

    ctx = ctx_for(world.users["admin_a"], world.agency_a)
    with translation.override("id"):
        from formasi.transfer import services

        expected = services.check(KIND, ctx, file_of(rows)).error_dicts()
    assert [(e["row"], e["column"]) for e in expected] == [
        (2, "Tanggal Lahir"),
        (4, "Kode Unit Kerja"),
    ]
    for e in expected:
        assert error_line(e["row"], e["column"], e["message"]) in err
    broken = 2
    assert (
        counts_line(
            rows=len(rows),
            new=0,
            changed=0,
            unchanged=len(rows) - broken,
            deactivated=0,
            invalid=broken,
        )
        in out
    )
    assert snapshot() == before


def test_a_refused_import_exits_with_status_1(world, tmp_path):
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    rows[0]["name"] = None
    path = write(tmp_path, "pegawai.xlsx", file_of(rows))

    with pytest.raises(SystemExit) as exit_status:
        cli.main(["import", "employees", path, "--agency", "62.71"])

    assert exit_status.value.code == 1


def test_messages_are_indonesian_unless_language_says_otherwise(world, tmp_path, monkeypatch):
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    rows[0]["birth_date"] = date(2099, 1, 1)
    path = write(tmp_path, "pegawai.xlsx", file_of(rows))

    _out, err = refused("import", "employees", path, "--agency", "62.71", "--dry-run")
    assert "masa mendatang" in err

    monkeypatch.setenv("LANGUAGE", "en_US:en")
    _out, err = refused("import", "employees", path, "--agency", "62.71", "--dry-run")
    assert "cannot be in the future" in err
    assert "row 2, column Tanggal Lahir" in err


def test_a_full_snapshot_deactivates_who_is_missing(world, tmp_path):
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    missing = rows.pop()
    path = write(tmp_path, "pegawai.xlsx", file_of(rows))

    run("import", "employees", path, "--agency", "62.71", "--full-snapshot")

    assert not Employee.unscoped.get(nip=missing["nip"]).active
    assert Employee.unscoped.filter(nip=missing["nip"]).exists()


def test_the_sheet_option_picks_the_worksheet(world, tmp_path):
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    exported = load_workbook(io.BytesIO(file_of(rows))).active
    workbook = Workbook()
    workbook.active.title = "Catatan"
    workbook.active.append(["Data pegawai per November 2026"])
    sheet = workbook.create_sheet("Pegawai")
    for row in exported.iter_rows(values_only=True):
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2, max_col=2):  # keep NIP and NIK text cells
        for cell in cells:
            cell.number_format = "@"
    path = tmp_path / "pegawai.xlsx"
    workbook.save(path)

    out, _err = run("import", "employees", str(path), "--agency", "62.71", "--sheet", "Pegawai")
    assert f"{len(rows)}" in out.split(";")[0]

    _out, err = refused("import", "employees", str(path), "--agency", "62.71")
    assert "Nama" in err
    _out, err = refused("import", "employees", str(path), "--agency", "62.71", "--sheet", "Gaji")
    assert "Gaji" in err


def test_the_agency_must_be_named_when_there_are_several(world, tmp_path):
    path = write(tmp_path, "pegawai.xlsx", export_file(world.users["admin_a"], world.agency_a))

    with pytest.raises(CommandError, match="--agency"):
        run("import", "employees", path)


def test_the_only_agency_needs_no_name(db, tmp_path):
    city = build.region(
        "62.71", "Kota Palangkaraya", parent=build.region("62", "Kalimantan Tengah")
    )
    agency = build.agency("62.71", "Pemerintah Kota Palangka Raya", city)
    employee = build.employee(
        build.unit(agency, "Dinas Kesehatan"), build.position(agency), "Siti Aminah"
    )
    rows = list(KIND.export_rows(ctx_for(SYSTEM_ACTOR, agency)))
    rows[0]["name"] = "Siti Aminah Putri"
    path = write(tmp_path, "pegawai.xlsx", file_of(rows))

    run("import", "employees", path)

    employee.refresh_from_db()
    assert employee.name == "Siti Aminah Putri"


def test_a_user_cannot_import_into_another_agency(world, tmp_path):
    path = write(tmp_path, "pegawai.xlsx", export_file(world.users["admin_a"], world.agency_a))
    before = snapshot()

    with pytest.raises(CommandError, match="admin_b"):
        run("import", "employees", path, "--agency", "62.71", "--user", "admin_b")
    assert snapshot() == before


def test_unknown_kinds_users_agencies_and_files_are_refused(world, tmp_path):
    path = write(tmp_path, "pegawai.xlsx", export_file(world.users["admin_a"], world.agency_a))

    with pytest.raises(CommandError, match="employees"):
        run("import", "pensiun", path, "--agency", "62.71")
    with pytest.raises(CommandError, match="siapa"):
        run("import", "employees", path, "--agency", "62.71", "--user", "siapa")
    with pytest.raises(CommandError, match=r"99\.99"):
        run("import", "employees", path, "--agency", "99.99")
    with pytest.raises(CommandError, match=r"tidak-ada\.xlsx"):
        run("import", "employees", str(tmp_path / "tidak-ada.xlsx"), "--agency", "62.71")


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_writes_the_layout_the_import_reads(world, tmp_path, fmt):
    path = tmp_path / f"pegawai.{fmt}"
    admin = world.users["admin_a"]

    out, _err = run("export", "employees", str(path), "--agency", "62.71")

    rows = exported_rows(admin, world.agency_a)
    assert path.read_bytes() == write_table(KIND.columns, rows, fmt)
    assert str(len(rows)) in out
    out, _err = run("import", "employees", str(path), "--agency", "62.71", "--dry-run")
    assert (
        counts_line(rows=len(rows), new=0, changed=0, unchanged=len(rows), deactivated=0, invalid=0)
        in out
    )


def test_export_as_an_operator_holds_their_opd_with_the_nik_masked(world, tmp_path):
    path = tmp_path / "pegawai.csv"

    run("export", "employees", str(path), "--user", "operator_dinkes_a")

    text = path.read_text(encoding="utf-8-sig")
    assert world.employee_dinkes.masked_nik in text
    assert world.employee_dinkes.nik not in text
    assert world.employee_disdik.nip not in text
    assert len(text.strip().splitlines()) == 1 + 2  # header, Dinkes and its puskesmas


def test_export_refuses_formats_the_kind_does_not_have(world, tmp_path):
    with pytest.raises(CommandError, match="pdf"):
        run("export", "employees", str(tmp_path / "pegawai.pdf"), "--agency", "62.71")
    assert not (tmp_path / "pegawai.pdf").exists()


def test_export_refuses_users_who_may_not_export(world, tmp_path):
    user = build.user("tanpa_peran", None, agency_obj=world.agency_a)

    with pytest.raises(CommandError, match=user.username):
        run("export", "employees", str(tmp_path / "pegawai.xlsx"), "--user", user.username)
