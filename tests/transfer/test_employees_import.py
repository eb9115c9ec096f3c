"""Importing employees: what a check counts, what a commit writes, and who may change what.

The files are the app's own exports (``kind.export_rows`` through ``write_table``), edited
the way a planner edits them, so every expected number is read off the data built here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from formasi.core.xlsx import write_table
from formasi.domain.identifiers import parse_nip
from formasi.transfer import services
from formasi.workforce.models import Employee
from tests import builders as build
from tests.transfer.builders import (
    KIND,
    ctx_for,
    errors_of,
    export_file,
    exported_rows,
    file_of,
    new_employee_row,
    snapshot,
    version_of,
)

# --------------------------------------------------------------------------- counts


def test_check_counts_new_changed_and_unchanged_rows(world):
    admin = world.users["admin_a"]
    rows = exported_rows(admin, world.agency_a)
    stored = Employee.unscoped.filter(agency=world.agency_a).count()
    rows[0]["name"] = f"{rows[0]['name']} Putri"
    rows.append(new_employee_row(rows[1], date(1992, 4, 5), "M", "Rizky Pratama"))

    outcome = services.check(KIND, ctx_for(admin, world.agency_a), file_of(rows))

    assert outcome.ok, outcome.error_dicts()
    assert outcome.counts() == {
        "rows": len(rows),
        "new": 1,
        "changed": 1,
        "unchanged": stored - 1,
        "deactivated": 0,
        "invalid": 0,
    }
    assert outcome.plan.diff.changed[rows[0]["nip"]] == {
        "name": (rows[0]["name"].removesuffix(" Putri"), rows[0]["name"])
    }


def test_check_writes_nothing(world):
    admin = world.users["admin_a"]
    rows = exported_rows(admin, world.agency_a)
    rows[0]["name"] = "Nama Baru"
    before = snapshot()

    services.check(KIND, ctx_for(admin, world.agency_a), file_of(rows))

    assert snapshot() == before


# --------------------------------------------------------------------------- commit


def test_commit_writes_with_history_and_bumps_the_data_version(world):
    admin = world.users["admin_a"]
    rows = exported_rows(admin, world.agency_a)
    rows[0]["name"] = "Siti Rahmawati Putri"
    rows.append(new_employee_row(rows[1], date(1992, 4, 5), "M", "Rizky Pratama"))
    version = version_of(world.agency_a)
    other_version = version_of(world.agency_b)

    services.commit(KIND, ctx_for(admin, world.agency_a, "pegawai-2026.xlsx"), file_of(rows))

    changed = Employee.unscoped.get(nip=rows[0]["nip"])
    assert changed.name == "Siti Rahmawati Putri"
    latest = changed.history.latest()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        admin,
        "Impor: pegawai-2026.xlsx",
    )
    created = Employee.unscoped.get(nip=rows[-1]["nip"])
    assert (created.agency, created.unit.code, created.position.code) == (
        world.agency_a,
        rows[1]["unit_code"],
        rows[1]["position_code"],
    )
    first = created.history.get()
    assert (first.history_type, first.history_user, first.history_change_reason) == (
        "+",
        admin,
        "Impor: pegawai-2026.xlsx",
    )
    assert version_of(world.agency_a) > version
    assert version_of(world.agency_b) == other_version


def test_new_rows_written_before_a_later_invalid_row_are_rolled_back(world):
    """On PostgreSQL new rows are copied while later rows are still checked: a bad last row
    must still leave the database exactly as it was."""
    admin = world.users["admin_a"]
    rows = exported_rows(admin, world.agency_a)
    template = rows[1]
    for index, name in enumerate(("Rizky Pratama", "Dewi Anggraini", "Yusuf Hidayat")):
        new = new_employee_row(template, date(1990 + index, 4, 5), "M", name)
        new["nip"] = build.nip_for(date(1990 + index, 4, 5), "M", seq=10 + index)
        new["nik"] = build.nik_for(date(1990 + index, 4, 5), "M", seq=10 + index)
        new["tmt_cpns"] = parse_nip(new["nip"]).cpns_start
        rows.append(new)
    rows[-1]["birth_date"] = date(2999, 1, 1)  # the last new row is invalid
    before = snapshot()

    with pytest.raises(services.ImportRefused) as refused:
        services.commit(KIND, ctx_for(admin, world.agency_a), file_of(rows))

    assert {e.row for e in refused.value.outcome.errors} == {len(rows) + 1}
    assert snapshot() == before
    # The same file without the bad row commits all the new rows.
    services.commit(KIND, ctx_for(admin, world.agency_a), file_of(rows[:-1]))
    assert Employee.unscoped.filter(agency=world.agency_a).count() == len(rows) - 1


def test_a_second_commit_of_the_same_file_writes_nothing(world):
    admin = world.users["admin_a"]
    rows = exported_rows(admin, world.agency_a)
    rows[0]["name"] = "Siti Rahmawati Putri"
    rows.append(new_employee_row(rows[1], date(1992, 4, 5), "M", "Rizky Pratama"))
    data = file_of(rows)
    services.commit(KIND, ctx_for(admin, world.agency_a), data)
    employees, history, _versions = snapshot()

    again = services.commit(KIND, ctx_for(admin, world.agency_a), data)

    assert again.counts()["unchanged"] == len(rows)
    assert (again.counts()["new"], again.counts()["changed"]) == (0, 0)
    assert snapshot()[:2] == (employees, history)


def test_a_row_without_a_column_leaves_that_field_as_stored(world):
    admin = world.users["admin_a"]
    rows = exported_rows(admin, world.agency_a)
    columns = [c for c in KIND.columns if c.field != "birth_place"]
    Employee.unscoped.filter(pk=world.employee_dinkes.pk).update(birth_place="Sampit")
    data = write_table(columns, rows, "xlsx")

    outcome = services.commit(KIND, ctx_for(admin, world.agency_a), data)

    assert outcome.counts()["unchanged"] == len(rows)
    assert Employee.unscoped.get(pk=world.employee_dinkes.pk).birth_place == "Sampit"


# --------------------------------------------------------------------------- full snapshot


def test_full_snapshot_deactivates_missing_employees_and_deletes_none(world):
    admin = world.users["admin_a"]
    rows = exported_rows(admin, world.agency_a)
    missing = rows.pop()
    count = Employee.unscoped.count()

    outcome = services.commit(
        KIND, ctx_for(admin, world.agency_a, full_snapshot=True), file_of(rows)
    )

    assert outcome.counts()["deactivated"] == 1
    assert Employee.unscoped.count() == count
    gone = Employee.unscoped.get(nip=missing["nip"])
    assert not gone.active
    assert gone.history.latest().history_change_reason == "Impor: pegawai.xlsx"
    assert set(
        Employee.unscoped.filter(agency=world.agency_a, active=True).values_list("nip", flat=True)
    ) == {r["nip"] for r in rows}
    assert Employee.unscoped.get(pk=world.employee_b.pk).active


def test_without_full_snapshot_missing_employees_stay_active(world):
    admin = world.users["admin_a"]
    rows = exported_rows(admin, world.agency_a)
    missing = rows.pop()

    outcome = services.commit(KIND, ctx_for(admin, world.agency_a), file_of(rows))

    assert outcome.counts()["deactivated"] == 0
    assert Employee.unscoped.get(nip=missing["nip"]).active


def test_an_operators_full_snapshot_deactivates_only_inside_their_opd(world):
    operator = world.users["operator_dinkes_a"]
    rows = exported_rows(operator, world.agency_a)
    # The operator sees Dinas Kesehatan and its puskesmas, not Dinas Pendidikan.
    assert {r["nip"] for r in rows} == {world.employee_dinkes.nip, world.employee_puskesmas.nip}
    kept = [r for r in rows if r["nip"] == world.employee_dinkes.nip]

    outcome = services.commit(
        KIND, ctx_for(operator, world.agency_a, full_snapshot=True), file_of(kept)
    )

    assert outcome.counts()["deactivated"] == 1
    assert not Employee.unscoped.get(pk=world.employee_puskesmas.pk).active
    assert Employee.unscoped.get(pk=world.employee_dinkes.pk).active
    assert Employee.unscoped.get(pk=world.employee_disdik.pk).active
    assert Employee.unscoped.get(pk=world.employee_b.pk).active


# --------------------------------------------------------------------------- scope


def test_an_operator_cannot_place_an_employee_into_another_opds_unit(world):
    operator = world.users["operator_dinkes_a"]
    rows = exported_rows(operator, world.agency_a)
    rows[0].update(unit_code=world.school.code, unit_name=world.school.name)
    before = snapshot()

    outcome = services.check(KIND, ctx_for(operator, world.agency_a), file_of(rows))

    assert (2, "Kode Unit Kerja", "employee.unit_scope") in errors_of(outcome)
    with pytest.raises(services.ImportRefused):
        services.commit(KIND, ctx_for(operator, world.agency_a), file_of(rows))
    assert snapshot() == before


def test_an_operator_cannot_add_an_employee_to_another_opd(world):
    operator = world.users["operator_dinkes_a"]
    rows = exported_rows(operator, world.agency_a)
    newcomer = new_employee_row(rows[0], date(1992, 4, 5), "M", "Rizky Pratama")
    newcomer.update(unit_code=world.disdik.code, unit_name=world.disdik.name)
    rows.append(newcomer)

    outcome = services.check(KIND, ctx_for(operator, world.agency_a), file_of(rows))

    assert (len(rows) + 1, "Kode Unit Kerja", "employee.unit_scope") in errors_of(outcome)


def test_an_operator_cannot_change_an_employee_outside_their_opd(world):
    admin, operator = world.users["admin_a"], world.users["operator_dinkes_a"]
    rows = [
        r for r in exported_rows(admin, world.agency_a) if r["nip"] == world.employee_disdik.nip
    ]
    rows[0]["name"] = "Dewi Lestari Putri"

    before = snapshot()

    with pytest.raises(services.ImportRefused) as refused:
        services.commit(KIND, ctx_for(operator, world.agency_a), file_of(rows))

    assert "employee.hidden" in {e.code for e in refused.value.outcome.errors}
    assert snapshot() == before


def test_an_admin_of_another_agency_cannot_place_employees_in_this_one(world):
    admin_a, admin_b = world.users["admin_a"], world.users["admin_b"]
    rows = exported_rows(admin_a, world.agency_a)
    rows = [new_employee_row(rows[0], date(1992, 4, 5), "M", "Rizky Pratama")]

    outcome = services.check(KIND, ctx_for(admin_b, world.agency_a), file_of(rows))

    assert (2, "Kode Unit Kerja", "employee.unit_scope") in errors_of(outcome)


def test_an_nip_of_another_agencys_employee_is_refused(world):
    admin = world.users["admin_a"]
    rows = exported_rows(admin, world.agency_a)
    b = world.employee_b
    rows.append(
        {
            **rows[0],
            "nip": b.nip,
            "nik": b.nik,
            "name": b.name,
            "sex": b.sex,
            "birth_date": b.birth_date,
            "tmt_cpns": None,
        }
    )
    before = snapshot()

    outcome = services.check(KIND, ctx_for(admin, world.agency_a), file_of(rows))

    assert errors_of(outcome) == [(len(rows) + 1, "NIP", "employee.other_agency")]
    with pytest.raises(services.ImportRefused):
        services.commit(KIND, ctx_for(admin, world.agency_a), file_of(rows))
    assert snapshot() == before


# --------------------------------------------------------------------------- masked NIK


def test_a_masked_nik_from_a_non_admin_export_keeps_the_stored_nik(world):
    operator = world.users["operator_dinkes_a"]
    rows = exported_rows(operator, world.agency_a)
    employee = Employee.unscoped.get(nip=rows[0]["nip"])
    assert rows[0]["nik"] == employee.masked_nik != employee.nik
    rows[0]["name"] = "Siti Rahmawati Putri"

    outcome = services.commit(
        KIND, ctx_for(operator, world.agency_a, "pegawai.csv"), file_of(rows, "csv")
    )

    assert outcome.plan.diff.changed[employee.nip] == {
        "name": (employee.name, "Siti Rahmawati Putri")
    }
    employee.refresh_from_db()
    assert (employee.name, employee.nik) == ("Siti Rahmawati Putri", world.employee_dinkes.nik)


# --------------------------------------------------------------------------- headers


def _siasn_csv(employees: list[Employee]) -> bytes:
    lines = ["NIP BARU;NAMA;JENIS KELAMIN;TGL LAHIR;STATUS PEGAWAI;JABATAN NAMA;UNOR NAMA"]
    for e in employees:
        sex = "Laki-laki" if e.sex == "M" else "Perempuan"
        lines.append(
            f"{e.nip};{e.name};{sex};{e.birth_date:%d/%m/%Y};{e.status.upper()};"
            f"{e.position.name};{e.unit.name}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_siasn_style_headers_are_recognised(world):
    admin = world.users["admin_a"]
    employees = list(Employee.unscoped.filter(agency=world.agency_a).order_by("id"))
    data = _siasn_csv(employees)

    outcome = services.check(KIND, ctx_for(admin, world.agency_a, "siasn.csv"), data)

    assert outcome.ok, outcome.error_dicts()
    assert outcome.mapping == {
        "nip": "NIP BARU",
        "name": "NAMA",
        "sex": "JENIS KELAMIN",
        "birth_date": "TGL LAHIR",
        "status": "STATUS PEGAWAI",
        "position_name": "JABATAN NAMA",
        "unit_name": "UNOR NAMA",
    }
    assert outcome.counts()["unchanged"] == len(employees)


def _renamed_name_header(world: Any, header: str, extra: str | None = None) -> bytes:
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    lines = _csv_lines(rows)
    names = lines[0].split(",")
    names[names.index("Nama")] = header
    if extra is not None:
        names.append(extra)
        lines[1:] = [line + ",x" for line in lines[1:]]
    lines[0] = ",".join(names)
    return "\r\n".join(lines).encode("utf-8")


def _csv_lines(rows: list[dict[str, object]]) -> list[str]:
    return file_of(rows, "csv").decode("utf-8-sig").rstrip("\r\n").split("\r\n")


def test_a_remembered_mapping_maps_the_agencys_own_header(world):
    admin = world.users["admin_a"]
    data = _renamed_name_header(world, "Nama Pegawai Lengkap", extra="Catatan")
    ctx = ctx_for(admin, world.agency_a, "pegawai.csv")
    unmapped = services.check(KIND, ctx, data)
    assert not unmapped.ok
    assert "Nama" in unmapped.file_errors[0]

    services.remember_mapping(
        KIND, world.agency_a, admin, {"Nama Pegawai Lengkap": "name", "Catatan": ""}
    )
    remembered = services.remembered_mapping(KIND, world.agency_a)
    outcome = services.check(KIND, ctx, data, remembered=remembered)

    assert remembered == {"nama pegawai lengkap": "name", "catatan": ""}
    assert outcome.ok, outcome.error_dicts()
    assert outcome.mapping["name"] == "Nama Pegawai Lengkap"
    assert outcome.unknown == []
    assert outcome.counts()["unchanged"] == Employee.unscoped.filter(agency=world.agency_a).count()
    # Another agency's files are not mapped by agency A's choices.
    assert services.remembered_mapping(KIND, world.agency_b) == {}


def test_an_explicit_mapping_maps_a_header_for_one_file(world):
    """The mapping page sends the user's choice for every column: it is the whole mapping."""
    admin = world.users["admin_a"]
    data = _renamed_name_header(world, "Nama Pegawai Lengkap")
    ctx = ctx_for(admin, world.agency_a, "pegawai.csv")
    first = services.check(KIND, ctx, data)
    assert first.needs_mapping and "Nama Pegawai Lengkap" in first.unknown

    outcome = services.check(
        KIND, ctx, data, explicit={**first.mapping, "name": "Nama Pegawai Lengkap"}
    )

    assert outcome.ok, outcome.error_dicts()
    assert outcome.mapping["name"] == "Nama Pegawai Lengkap"
    assert outcome.unknown == []


def test_a_column_the_user_ignores_is_not_imported_even_if_recognised(world):
    admin = world.users["admin_a"]
    rows = exported_rows(admin, world.agency_a)
    rows[0]["golongan"] = "IV/e"  # would be a change, but the user ignores the column
    ctx = ctx_for(admin, world.agency_a)
    mapping = services.check(KIND, ctx, file_of(rows)).mapping
    del mapping["golongan"]

    outcome = services.check(KIND, ctx, file_of(rows), explicit=mapping)

    assert outcome.ok, outcome.error_dicts()
    assert "golongan" not in outcome.mapping
    assert outcome.counts()["changed"] == 0


# --------------------------------------------------------------------------- round trip


def _varied_agency_a(world: Any) -> None:
    """Employees of every status, with every optional column filled somewhere. TMT CPNS is
    derived from the NIP as the employee form does (workforce.services), since an import
    fills it in the same way when the cell is empty."""
    region = world.district_a
    build.employee(
        world.dinkes,
        world.nurse,
        "Maria Ulfa",
        status="pppk",
        sex="F",
        birth=date(1991, 6, 12),
        contract_end=date(2028, 12, 31),
        tmt_position=date(2023, 3, 1),
        golongan="IX",
        education="d3",
        origin_region=region,
        domicile_region=region,
        birth_place="Kuala Kapuas",
        address="Jl. Tjilik Riwut Km 5",
    )
    build.employee(
        world.school,
        world.teacher,
        "Rahmat Hidayat",
        status="non_asn",
        birth=date(1995, 2, 28),
        nip=None,
        education="s1",
    )
    build.employee(
        world.puskesmas,
        world.nurse,
        "Lukas Dambung",
        birth=date(1979, 9, 1),
        active=False,
        golongan="III/b",
    )
    for employee in Employee.unscoped.filter(agency=world.agency_a, status__in=["pns", "cpns"]):
        employee.tmt_cpns = parse_nip(employee.nip).cpns_start
        employee.save(update_fields=["tmt_cpns"])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_import_into_an_empty_agency_export_again_gives_the_same_bytes(world, fmt):
    admin = world.users["admin_a"]
    _varied_agency_a(world)
    count = Employee.unscoped.filter(agency=world.agency_a).count()
    first = export_file(admin, world.agency_a, fmt)
    Employee.unscoped.filter(agency=world.agency_a).delete()

    outcome = services.commit(KIND, ctx_for(admin, world.agency_a, f"pegawai.{fmt}"), first)

    assert outcome.counts()["new"] == count
    assert export_file(admin, world.agency_a, fmt) == first


def test_siasn_status_rank_and_education_spellings_are_understood(world):
    """SIASN exports say P/C under "STATUS CPNS PNS", "III/a" under "GOL AKHIR NAMA" and
    "S-1/Sarjana" under "TINGKAT PENDIDIKAN NAMA"."""
    admin = world.users["admin_a"]
    employee = world.employee_dinkes
    header = "NIP BARU;NAMA;JENIS KELAMIN;TGL LAHIR;STATUS CPNS PNS;JABATAN NAMA;UNOR NAMA;"
    header += "GOL AKHIR NAMA;TINGKAT PENDIDIKAN NAMA"
    sex = "Pria" if employee.sex == "M" else "Wanita"
    line = (
        f"{employee.nip};{employee.name};{sex};{employee.birth_date:%d-%m-%Y};P;"
        f"{employee.position.name};{employee.unit.name};III/b;S-1/Sarjana"
    )
    outcome = services.check(
        KIND, ctx_for(admin, world.agency_a, "siasn.csv"), f"{header}\r\n{line}\r\n".encode()
    )
    assert outcome.ok, outcome.error_dicts()
    assert outcome.unknown == []
    changes = outcome.plan.diff.changed.get(employee.nip, {})
    assert changes.get("golongan", (None, employee.golongan))[1] == "III/b"
    assert changes.get("education", (None, employee.education))[1] == "s1"
    assert "status" not in changes  # P is PNS, as stored
