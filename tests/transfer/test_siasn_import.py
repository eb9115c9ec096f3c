"""A raw SIASN "Export Data ASN" (65 columns, pipe-delimited, numbered columns) imports as it
is: units and positions by name the first time, by SIASN id the next (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.utils import translation

from formasi.organization.models import ExternalId, OrgUnit, Position
from formasi.transfer import services
from formasi.workforce.models import Employee
from tests import builders as build
from tests.transfer.builders import (
    KIND,
    SIASN_COLUMNS,
    ctx_for,
    errors_of,
    siasn_export,
    siasn_row,
    snapshot,
)


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    with translation.override("id"):
        yield


def _secretariats(world: Any) -> tuple[OrgUnit, OrgUnit]:
    """Two units named "Sekretariat", one under each OPD (names repeat across OPDs)."""
    region = world.dinkes.region
    return (
        build.unit(world.agency_a, "Sekretariat", parent=world.dinkes, region_obj=region,
                   code="DINKES-SEK", kind="sub_unit"),
        build.unit(world.agency_a, "Sekretariat", parent=world.disdik, region_obj=region,
                   code="DISDIK-SEK", kind="sub_unit"),
    )  # fmt: skip


def _rows(world: Any) -> list[dict[str, str]]:
    sek_dinkes, _sek_disdik = _secretariats(world)
    return [
        siasn_row(101, unit=world.dinkes, position=world.nurse_position, date_style=0),
        siasn_row(102, unit=world.puskesmas, position=world.nurse_position, status="cpns",
                  birth=date(1995, 8, 17), sex="F", date_style=4),
        siasn_row(103, unit=world.school, position=world.teacher_position, status="pppk",
                  birth=date(1992, 10, 1), date_style=1),
        siasn_row(104, unit=world.school, position=world.teacher_position, status="pppk_pw",
                  birth=date(1990, 12, 5), sex="F", date_style=2),
        siasn_row(105, unit=sek_dinkes, position=world.nurse_position,
                  opd="DINAS KESEHATAN", birth=date(1988, 5, 1), date_style=3),
    ]  # fmt: skip


def _import(world: Any, data: bytes) -> services.Outcome:
    ctx = ctx_for(world.users["admin_a"], world.agency_a, "Export Data ASN.csv")
    checked = services.check(KIND, ctx, data)
    assert checked.error_dicts() == []
    assert checked.counts()["invalid"] == 0
    return services.commit(KIND, ctx, data, basis=checked.basis)


def test_the_export_has_the_published_65_columns():
    assert len(SIASN_COLUMNS) == 65
    assert SIASN_COLUMNS[:10] == (
        "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG",
        "TEMPAT LAHIR ID", "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN",
    )  # fmt: skip


def test_a_raw_siasn_export_imports_by_name_then_by_siasn_id(world):
    rows = _rows(world)
    data = siasn_export(rows)

    first = _import(world, data)

    assert first.counts()["new"] == 5
    nips = [r["NIP BARU"].lstrip("'") for r in rows]
    people = {e.nip: e for e in Employee.unscoped.filter(nip__in=nips)}
    assert len(people) == 5
    assert [people[n].status for n in nips] == ["pns", "cpns", "pppk", "pppk_pw", "pns"]
    assert [people[n].birth_date for n in nips] == [
        date(1990, 4, 17), date(1995, 8, 17), date(1992, 10, 1), date(1990, 12, 5),
        date(1988, 5, 1),
    ]  # fmt: skip
    # 101 % 3 == 2: "SLTA Kejuruan"; 0: "Strata I"; 1: "Diploma III/Sarjana Muda"
    assert [people[n].education for n in nips] == ["sma", "s1", "d3", "sma", "s1"]
    sek_dinkes = OrgUnit.unscoped.get(code="DINKES-SEK")
    assert people[nips[4]].unit == sek_dinkes  # "SEKRETARIAT" told apart by its OPD
    learned = dict(
        ExternalId.unscoped.filter(agency=world.agency_a, kind="unit").values_list(
            "external_id", "unit_id"
        )
    )
    assert learned == {r["UNOR ID"]: people[r["NIP BARU"].lstrip("'")].unit_id for r in rows}
    assert ExternalId.unscoped.filter(kind="position").count() == 2

    # Renamed in Formasi since: only the SIASN ids still match.
    OrgUnit.unscoped.filter(agency=world.agency_a).update(name="Unit Berganti Nama")
    Position.unscoped.filter(agency=world.agency_a).update(name="Jabatan Berganti Nama")
    second = _import(world, data)

    assert second.plan.diff.changed == {}
    assert second.counts()["unchanged"] == 5
    assert second.counts()["new"] == second.counts()["changed"] == 0


def test_comma_semicolon_and_tab_exports_read_alike(world):
    rows = _rows(world)
    for delimiter in (",", ";", "\t"):
        ctx = ctx_for(world.users["admin_a"], world.agency_a, "export.csv")
        outcome = services.check(KIND, ctx, siasn_export(rows, delimiter=delimiter))
        assert outcome.error_dicts() == [], delimiter
        assert outcome.counts()["new"] == 5


def _refused(world: Any, data: bytes) -> services.Outcome:
    ctx = ctx_for(world.users["admin_a"], world.agency_a, "Export Data ASN.csv")
    before = snapshot()
    outcome = services.check(KIND, ctx, data)
    assert not outcome.ok
    with pytest.raises(services.ImportRefused):
        services.commit(KIND, ctx, data)
    assert snapshot() == before
    assert not ExternalId.unscoped.exists()
    return outcome


def test_an_ambiguous_unit_name_lists_the_candidates_and_writes_nothing(world):
    rows = _rows(world)
    rows[4]["SATUAN KERJA KERJA NAMA"] = ""  # nothing tells the two secretariats apart

    outcome = _refused(world, siasn_export(rows))

    assert errors_of(outcome) == [(7, "UNOR NAMA", "employee.unit_ambiguous")]
    message = outcome.error_dicts()[0]["message"]
    assert "SEKRETARIAT" in message
    assert "Dinas Kesehatan › Sekretariat" in message
    assert "Dinas Pendidikan › Sekretariat" in message
    assert "kosong" not in message


def test_an_unknown_unit_name_names_the_value_and_gives_no_empty_cell_message(world):
    rows = _rows(world)
    rows[0]["UNOR NAMA"] = "DINAS KESEHATANN"

    outcome = _refused(world, siasn_export(rows))

    assert errors_of(outcome) == [(3, "UNOR NAMA", "employee.unit_unknown")]
    message = outcome.error_dicts()[0]["message"]
    assert "DINAS KESEHATANN" in message
    assert "Dinas Kesehatan" in message  # the similar name


def test_an_unknown_delimiter_is_named_and_nothing_is_written(world):
    data = siasn_export(_rows(world), delimiter="#")

    outcome = _refused(world, data)

    assert len(outcome.file_errors) == 1
    message = outcome.file_errors[0]
    assert "“#”" in message
    for name in ("koma (,)", "titik koma (;)", "tab", "(|)"):
        assert name in message, message


def test_the_units_and_positions_imports_keep_siasn_ids_the_employee_import_uses(world):
    from formasi.core.xlsx import write_table
    from formasi.transfer.kinds import KINDS

    admin = world.users["admin_a"]
    for name, obj, siasn_id in (
        ("units", world.dinkes, "UNOR-DINKES-1"),
        ("positions", world.nurse_position, "JAB-PERAWAT-1"),
    ):
        kind = KINDS[name]
        rows = list(kind.export_rows(ctx_for(admin, world.agency_a)))
        for row in rows:
            if row["code"] == obj.code:
                row["siasn_id"] = f"'{siasn_id}"
        ctx = ctx_for(admin, world.agency_a, f"{name}.xlsx")
        outcome = services.commit(kind, ctx, write_table(kind.columns, rows, "xlsx"))
        assert outcome.counts()["changed"] == 1
        exported = {r["code"]: r["siasn_id"] for r in kind.export_rows(ctx)}
        assert exported[obj.code] == siasn_id
    assert ExternalId.unscoped.get(external_id="UNOR-DINKES-1").unit == world.dinkes
    assert ExternalId.unscoped.get(external_id="JAB-PERAWAT-1").position == world.nurse_position

    row = siasn_row(301, unit=world.dinkes, position=world.nurse_position)
    row.update({"UNOR ID": "UNOR-DINKES-1", "UNOR NAMA": "Nama Lama Dinkes",
                "JABATAN ID": "JAB-PERAWAT-1", "JABATAN NAMA": "Nama Lama"})  # fmt: skip
    _import(world, siasn_export([row]))

    person = Employee.unscoped.get(nip=row["NIP BARU"].lstrip("'"))
    assert (person.unit, person.position) == (world.dinkes, world.nurse_position)


def test_a_birth_date_that_disagrees_with_the_nip_names_row_column_found_and_expected(world):
    rows = _rows(world)
    rows[0]["TANGGAL LAHIR"] = "18-Apr-1990"  # the NIP says 17-04-1990
    rows[2]["TANGGAL LAHIR"] = "02-Okt-1992"  # the NI PPPK says 01-10-1992

    outcome = _refused(world, siasn_export(rows))

    assert sorted(errors_of(outcome)) == [
        (3, "NIK", "employee.nik"),  # the NIK holds the birth date too
        (3, "NIP BARU", "employee.nip"),
        (5, "NIK", "employee.nik"),
        (5, "NIP BARU", "employee.nip"),
    ]
    first, second = (e["message"] for e in outcome.error_dicts() if e["column"] == "NIP BARU")
    assert "17-04-1990" in first and "18-04-1990" in first
    assert "01-10-1992" in second and "02-10-1992" in second
    # Only those two rows are invalid: the other three are checked and would import.
    assert outcome.counts()["invalid"] == 2
