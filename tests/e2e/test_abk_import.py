"""Uploading a KemenPAN-RB workbook (hours) in a real browser at 1,366×768: the preview shows
the need before anything is saved, the confirm saves it, and the peta jabatan shows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from formasi.workload.models import PositionNeed
from tests.e2e.conftest import login
from tests.personas import World
from tests.workload.builders import kemenpan_rows, xlsx

#: A common Pemda office laptop screen.
LAPTOP = {"width": 1366, "height": 768}

# The builders' WORK counted by hand: 1,175 × 30 + 94 × 45 + 36 × 90 + 4 × 120 = 43,200 menit
# a year ÷ 75,000 = 0.576 of a person (written in hours in the file: 0.5, 0.75, 1.5, 2 jam).


def test_an_operator_uploads_a_kemenpan_workbook_previews_and_confirms(
    page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    page.set_viewport_size(LAPTOP)
    target = tmp_path / "abk-kemenpan.xlsx"
    target.write_bytes(xlsx({"ABK": kemenpan_rows()}))
    login(page, live_server, "operator_dinkes_a")
    unit, position = world.puskesmas, world.nurse_position
    page.goto(live_server.url + reverse("workload:abk", args=[unit.pk, position.pk]))
    page.get_by_test_id("abk-upload").locator("input[type=file]").set_input_files(str(target))
    with page.expect_navigation():
        page.get_by_test_id("abk-upload-submit").click()

    need = page.get_by_test_id(f"preview-need-{position.pk}")
    expect(need).to_contain_text("0,58")
    expect(need).to_contain_text("→ 1")
    expect(page.get_by_test_id(f"preview-{position.pk}")).to_contain_text("Asuhan keperawatan")
    expect(page.get_by_test_id(f"preview-{position.pk}")).to_contain_text("norma waktu dalam jam")
    assert not PositionNeed.unscoped.exists()  # the preview saves nothing

    with page.expect_navigation():
        page.get_by_test_id("abk-confirm").click()
    assert reverse("workload:peta_opd", args=[world.dinkes.pk]) in page.url
    row = page.get_by_test_id(f"peta-row-{unit.pk}-{position.pk}")
    expect(row.get_by_test_id("need")).to_contain_text("0,58")
    saved = PositionNeed.unscoped.get(unit=unit, position=position)
    assert saved.count == 1 and saved.tasks.count() == 4
