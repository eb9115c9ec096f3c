"""The ABK journey in a real browser: an OPD operator enters a nurse's tasks, watches the need
and the grade follow as they type (htmx), saves, finds the need in the peta jabatan and
downloads the ABK workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from formasi.workload.models import PositionNeed
from formasi.workload.workbook import HEADERS, TABLE_ROW
from tests.e2e.conftest import login
from tests.personas import World

# 1,200 × 30 + 600 × 45 + 300 × 60 = 81,000 minutes ÷ 75,000 = 1.08 persons; one nurse is
# there, so EJ 1.08 and grade A (before any task: no EJ and no grade).
TASKS = [
    ("Asuhan keperawatan", "pasien", "1200", "30"),
    ("Penyuluhan kesehatan", "kegiatan", "600", "45"),
    ("Pelaporan", "laporan", "300", "60"),
]


def test_an_operator_enters_saves_and_downloads_an_abk(
    page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    login(page, live_server, "operator_dinkes_a")
    unit, position = world.puskesmas, world.nurse_position
    page.goto(live_server.url + reverse("workload:abk", args=[unit.pk, position.pk]))
    expect(page.get_by_test_id("result-count")).to_have_text("0")
    # no task yet: no grade (not "E"), and the reason in words
    expect(page.get_by_test_id("result-grade")).to_have_text("belum ada uraian tugas")

    for i, (description, output_unit, volume, norm) in enumerate(TASKS):
        page.fill(f"#id_tasks-{i}-description", description)
        page.fill(f"#id_tasks-{i}-output_unit", output_unit)
        page.fill(f"#id_tasks-{i}-volume", volume)
        page.fill(f"#id_tasks-{i}-norm_minutes", norm)
    # The result box is swapped in by htmx once typing pauses.
    expect(page.get_by_test_id("result-exact")).to_have_text("1,08")
    expect(page.get_by_test_id("result-count")).to_have_text("1")
    expect(page.get_by_test_id("result-grade")).to_contain_text("A")
    assert not PositionNeed.unscoped.exists()  # the preview saves nothing

    with page.expect_navigation():
        page.get_by_test_id("abk-save").click()
    assert reverse("workload:peta_opd", args=[world.dinkes.pk]) in page.url
    row = page.get_by_test_id(f"peta-row-{unit.pk}-{position.pk}")
    expect(row.get_by_test_id("need")).to_contain_text("1")
    expect(row.get_by_test_id("need")).to_contain_text("1,08")
    expect(row.get_by_test_id("gap")).to_have_text("0")
    expect(row).to_contain_text("A")

    row.get_by_role("link", name="ABK").click()
    with page.expect_download() as info:
        page.get_by_test_id("abk-workbook").click()
    target = tmp_path / "abk.xlsx"
    info.value.save_as(target)
    sheet = load_workbook(target).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[TABLE_ROW - 1] == HEADERS
    assert [r[1] for r in rows[TABLE_ROW : TABLE_ROW + 3]] == [t[0] for t in TASKS]
    totals = {r[1]: r[5] for r in rows[TABLE_ROW + 3 :]}
    assert totals["Jumlah"] == 81000
    assert totals["Kebutuhan pegawai (tepat)"] == 1.08
    assert totals["Kebutuhan pegawai (dibulatkan)"] == 1
    assert totals["Prestasi kerja jabatan (PJ)"] == "A"


def test_add_a_row_gives_a_fifth_task(page: Any, live_server: Any, world: World) -> None:
    """Four rows on screen; "Tambah baris" appends a fifth, saved with the others."""
    login(page, live_server, "operator_dinkes_a")
    unit, position = world.puskesmas, world.nurse_position
    page.goto(live_server.url + reverse("workload:abk", args=[unit.pk, position.pk]))
    rows = page.locator("#abk-rows tr")
    before = rows.count()
    page.get_by_test_id("abk-add-row").click()
    expect(rows).to_have_count(before + 1)
    for i in range(before + 1):
        page.fill(f"#id_tasks-{i}-description", f"Tugas {i + 1}")
        page.fill(f"#id_tasks-{i}-volume", "100")
        page.fill(f"#id_tasks-{i}-norm_minutes", "60")
    with page.expect_navigation():
        page.get_by_test_id("abk-save").click()
    need = PositionNeed.unscoped.get(unit=unit, position=position)
    assert need.tasks.count() == before + 1
