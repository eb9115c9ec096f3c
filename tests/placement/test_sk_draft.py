"""The SK draft (issue 17, item 5): the columns an SK lists (nomor peserta/NIP, name, status,
golongan/ruang, position, work unit, TMT), the SK number and a signature block; golongan of
new hires from their education, blanks said plainly; the SK number and TMT set per role."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from formasi.placement import export
from formasi.placement.models import Applicant, PlacementLine, PlacementRun
from tests.personas import World
from tests.placement.builders import add_placement_data, add_surplus, computed_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(world: World) -> PlacementRun:
    add_placement_data(world)
    Applicant.unscoped.filter(registration_number="26000001").update(education="S-1")
    Applicant.unscoped.filter(registration_number="26000004").update(
        status="pppk", education="Diploma III"
    )
    return computed_run(world, name="Penempatan 2026")


def _sheet(run: PlacementRun) -> list[tuple[Any, ...]]:
    return list(load_workbook(io.BytesIO(export.workbook(run))).active.iter_rows(values_only=True))


def _table(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    top = next(i for i, r in enumerate(rows) if r[0] == "No")
    names = rows[top]
    return [dict(zip(names, r, strict=True)) for r in rows[top + 1 :] if isinstance(r[0], int)]


def _texts(rows: list[tuple[Any, ...]]) -> list[str]:
    return [str(v) for r in rows for v in r if v]


def test_columns_an_sk_needs(run: PlacementRun) -> None:
    rows = _sheet(run)
    table = _table(rows)
    for column in ("Nomor peserta / NIP", "Nama", "Status", "Golongan/ruang", "Jabatan"):
        assert column in table[0]
    assert {"Unit kerja tujuan", "TMT"} <= set(table[0])
    by_name = {r["Nama"]: r for r in table}
    ani = by_name["Ani Lestari"]
    assert (ani["Status"], ani["Golongan/ruang"]) == ("CPNS", "III/a")  # S-1 CPNS
    assert "pendidikan S-1" in ani["Keterangan"]
    if "Dedi Kurnia" in by_name:  # placed unless the teacher's post is the one left open
        dedi = by_name["Dedi Kurnia"]
        assert (dedi["Status"], dedi["Golongan/ruang"]) == ("PPPK", "VII")  # D-III PPPK
    no_education = [r for r in table if r["Nama"] not in ("Ani Lestari", "Dedi Kurnia")]
    assert no_education and all(r["Golongan/ruang"] is None for r in no_education)
    assert all("pendidikan pelamar tidak dikenali" in r["Keterangan"] for r in no_education)


def test_blank_sk_number_tmt_and_signature_leave_lines(run: PlacementRun) -> None:
    rows = _sheet(run)
    texts = _texts(rows)
    assert f"Nomor: {export.BLANK}" in texts
    assert all(r["TMT"] is None and "TMT belum ditetapkan" in r["Keterangan"] for r in _table(rows))
    assert f"Ditetapkan di {export.BLANK}" in texts and f"NIP {export.BLANK}" in texts


def test_sk_number_tmt_and_signature_from_the_agency_signatory(run: PlacementRun) -> None:
    run.sk_number, run.tmt = "800/123/BKPSDM/2026", date(2026, 3, 1)
    run.save()
    agency = run.agency
    agency.signature_place, agency.signatory_title = "Palangka Raya", "WALI KOTA PALANGKA RAYA"
    agency.signatory_name, agency.signatory_nip = "Fairid", ""
    agency.save()
    rows = _sheet(run)
    texts = _texts(rows)
    assert "Nomor: 800/123/BKPSDM/2026" in texts
    assert {r["TMT"] for r in _table(rows)} == {"1 Maret 2026"}
    assert "Ditetapkan di Palangka Raya" in texts and "WALI KOTA PALANGKA RAYA," in texts
    assert "Fairid" in texts
    assert f"NIP {export.BLANK}" in texts  # a field the agency leaves blank: a line to write on


def test_transfer_lines_carry_the_employee_status_and_golongan(world: World) -> None:
    add_placement_data(world)
    moved = add_surplus(world)
    for e in moved:
        e.golongan = "III/b"
        e.save()
    run = computed_run(world, kind="transfers")
    table = _table(_sheet(run))
    assert table and {(r["Status"], r["Golongan/ruang"]) for r in table} == {
        (export.STATUS_ID[moved[0].status], "III/b")
    }
    assert all(r["Nomor peserta / NIP"] for r in table)


def test_admin_sets_the_sk_number_and_tmt(client_for: Any, run: PlacementRun) -> None:
    url = reverse("placement:run_sk", args=[run.pk])
    response = client_for("admin_a").post(url, {"sk_number": " 800/9/2026 ", "tmt": "2026-04-01"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.sk_number, run.tmt) == ("800/9/2026", date(2026, 4, 1))
    page = client_for("leader_a").get(reverse("placement:run_detail", args=[run.pk]))
    text = page.content.decode()
    assert "800/9/2026" in text and "1 April 2026" in text  # the locale's DATE_FORMAT
    assert 'data-testid="sk-form"' not in text  # readers see it, cannot change it


def test_a_bad_tmt_changes_nothing(client_for: Any, run: PlacementRun) -> None:
    url = reverse("placement:run_sk", args=[run.pk])
    client_for("admin_a").post(url, {"sk_number": "1", "tmt": "kemarin"})
    run.refresh_from_db()
    assert (run.sk_number, run.tmt) == ("", None)


@pytest.mark.parametrize("persona", ["evaluator_a", "leader_a", "operator_dinkes_a"])
def test_only_admins_set_the_sk_number(client_for: Any, run: PlacementRun, persona: str) -> None:
    url = reverse("placement:run_sk", args=[run.pk])
    assert client_for(persona).post(url, {"sk_number": "x"}).status_code == 403
    assert client_for("admin_b").post(url, {"sk_number": "x"}).status_code == 404
    run.refresh_from_db()
    assert run.sk_number == ""
    assert PlacementLine.unscoped.filter(run=run).exists()
