"""Import of competency records (kind "competencies"): a file laid out as an assessment centre
writes it, check then commit, Indonesian errors per row with nothing half-saved, and scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from formasi.core.xlsx import workbook_bytes
from formasi.training.models import CompetencyRecord
from formasi.transfer import services
from formasi.transfer.kinds import KINDS, Context
from formasi.transfer.kinds.competencies import read_level
from tests.personas import World
from tests.training import builders as build

KIND = KINDS["competencies"]
TODAY = date(2026, 11, 23)


def ctx_for(world: World, persona: str = "admin_a", **kw: Any) -> Context:
    agency = kw.pop("agency", None) or world.agency_a
    return Context(user=world.users[persona], agency=agency, filename="kompetensi.xlsx",
                   today=TODAY, **kw)  # fmt: skip


def people_file(world: World, rows: list[list[object]]) -> bytes:
    """As people write it: a title, a blank line, then headers in their own words and a NIP
    typed as text, the level written "Level 2" or in Roman numerals, dates as dates."""
    book = Workbook()
    sheet = book.active
    sheet.append(["HASIL PEMETAAN KOMPETENSI PEGAWAI KELURAHAN 2026"])
    sheet.append([])
    sheet.append(["No", "NIP Pegawai", "Nama Pegawai", "Nama Kompetensi", "Level Dimiliki",
                  "Tgl Asesmen"])  # fmt: skip
    for i, row in enumerate(rows, start=1):
        sheet.append([i, *row])
    return workbook_bytes(book)


def _rows(world: World) -> list[list[object]]:
    return [
        [world.employee_dinkes.nip, "Siti Rahmawati", "Literasi digital layanan", "Level 2",
         date(2026, 3, 2)],
        [world.employee_puskesmas.nip, "Yohanes Ahang", "MNJ-PP", "III", date(2026, 3, 2)],
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "level"),
    [("3", 3), ("Level 2", 2), ("level IV", 4), ("V", 5), ("3.0", 3), ("6", None), ("baik", None)],
)
def test_levels_as_people_write_them(raw: str, level: int | None) -> None:
    assert read_level(raw) == level


def test_check_then_commit_then_idempotent(world: World) -> None:
    found = build.training_data(world)
    content = people_file(world, _rows(world))
    outcome = services.check(KIND, ctx_for(world), content)
    assert outcome.ok, outcome.error_dicts()
    assert outcome.counts()["new"] == 1 and outcome.counts()["changed"] == 1  # Siti: 1 → 2
    assert CompetencyRecord.unscoped.get(employee=world.employee_dinkes,
                                         competency=found["digital"]).level == 1  # fmt: skip
    services.commit(KIND, ctx_for(world), content)
    assert CompetencyRecord.unscoped.get(employee=world.employee_dinkes,
                                         competency=found["digital"]).level == 2  # fmt: skip
    yohanes = CompetencyRecord.unscoped.get(employee=world.employee_puskesmas)
    assert (yohanes.competency, yohanes.level) == (found["service"], 3)
    assert yohanes.history.get().history_change_reason == "Impor: kompetensi.xlsx"
    again = services.commit(KIND, ctx_for(world), content)
    assert again.counts()["unchanged"] == 2


def test_bad_rows_in_indonesian_and_nothing_saved(world: World) -> None:
    build.training_data(world)
    rows = _rows(world)
    rows[0][3] = "Level 7"
    rows[1][2] = "Kompetensi tak dikenal"
    rows.append(["199001012020011001", "Orang Lain", "MNJ-PP", "2", date(2026, 3, 2)])
    before = list(CompetencyRecord.unscoped.values_list("pk", "level"))
    with translation.override("id"):
        outcome = services.check(KIND, ctx_for(world), people_file(world, rows))
        messages = {(e["row"], e["column"]): e["message"] for e in outcome.error_dicts()}
        with pytest.raises(services.ImportRefused):
            services.commit(KIND, ctx_for(world), people_file(world, rows))
    assert messages == {
        (4, "Level Dimiliki"): "Isikan level dari 1 sampai 5.",
        (5, "Nama Kompetensi"): "Tidak ada kompetensi instansi dengan kode atau nama ini.",
        (6, "NIP Pegawai"): "Tidak ada pegawai yang boleh Anda ubah dengan NIP ini.",
    }
    assert list(CompetencyRecord.unscoped.values_list("pk", "level")) == before


def test_an_operator_imports_their_opd_only(world: World) -> None:
    build.training_data(world)
    outcome = services.check(KIND, ctx_for(world, "operator_other_opd_a"),
                             people_file(world, _rows(world)))  # fmt: skip
    assert {e.code for e in outcome.errors} == {"competency.employee_unknown"}
    ok = services.check(KIND, ctx_for(world, "operator_dinkes_a"),
                        people_file(world, _rows(world)))  # fmt: skip
    assert ok.ok


def test_staff_without_a_nip_are_named_by_nik(world: World) -> None:
    from tests import builders as build
    from tests.training.builders import training_data

    found = training_data(world)
    honorer = build.employee(world.dinkes, world.nurse_position, "Dewi Lestari",
                                status="non_asn", nik="6271014507950001")  # fmt: skip
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "NIK", "Nama", "Kompetensi", "Level", "Tanggal Penilaian"])
    sheet.append([None, "6271014507950001", "Dewi Lestari", "MNJ-PP", "2", date(2026, 3, 2)])
    sheet.append([None, None, "Tanpa nomor", "MNJ-PP", "2", date(2026, 3, 2)])
    outcome = services.check(KIND, ctx_for(world), workbook_bytes(book))
    assert [e.code for e in outcome.errors] == ["competency.employee_missing"]
    sheet.delete_rows(3)
    services.commit(KIND, ctx_for(world), workbook_bytes(book))
    record = CompetencyRecord.unscoped.get(employee=honorer)
    assert (record.competency, record.level) == (found["service"], 2)
    exported = list(KIND.export_rows(ctx_for(world)))
    row = next(r for r in exported if r["name"] == "Dewi Lestari")
    assert row["nip"] is None and row["nik"] == "6271014507950001"
    assert all(r["nik"] is None for r in exported if r["nip"])  # no NIK beside a NIP
