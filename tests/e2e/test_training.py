"""Browser test of the training plan at 1,366 × 768: BKPSDM opens the plan from the menu,
filters it to the kecamatan Rakumpit, sees the digital-skill lines of the kelurahan service
staff there (and not the Pahandut office's), and downloads the filtered plan as xlsx."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from formasi.organization.models import Region
from formasi.training import services
from tests import builders as build
from tests.e2e.builders import open_menu
from tests.e2e.conftest import login
from tests.personas import World
from tests.training import builders as training

LAPTOP = {"width": 1366, "height": 768}


def _kelurahan_staff(world: World) -> None:
    """A kecamatan office in Pahandut and a kelurahan office in Rakumpit, one service officer
    each, both below the digital-skills standard; the plan generated from the gaps."""
    a = world.agency_a
    district_office = build.unit(a, "Kecamatan Rakumpit", kind="kantor_kecamatan",
                           region_obj=world.district_a2, code="KEC-RKP")  # fmt: skip
    village = Region.objects.get(code="62.71.05.1001")
    kelurahan = build.unit(a, "Kantor Kelurahan Petuk Bukit", kind="kantor_kelurahan",
                           parent=district_office, region_obj=village, code="KEL-PB")  # fmt: skip
    pahandut = build.unit(a, "Kecamatan Pahandut", kind="kantor_kecamatan",
                          region_obj=world.district_a, code="KEC-PHD")  # fmt: skip
    operator = build.position(a, "Operator Layanan Operasional", kind="pelaksana", jenjang="",
                              family="administrasi")  # fmt: skip
    digital = training.competency(a, "DIG-LAYANAN", "Literasi digital layanan daring")
    training.standard(operator, digital, 3)
    rina = build.employee(kelurahan, operator, "Rina Kartika", sex="F", birth=date(1994, 5, 6))
    joko = build.employee(pahandut, operator, "Joko Susilo", birth=date(1988, 2, 3))
    training.record(rina, digital, 1)
    training.record(joko, digital, 2)
    services.generate_plan(agency=a, year=training.YEAR, actor=world.users["admin_a"])


def test_bkpsdm_filters_the_plan_to_a_district_and_exports_it(
    page: Any, live_server: Any, world: World
) -> None:
    _kelurahan_staff(world)
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "admin_a")
    open_menu(page, reverse("training:plan"))
    page.select_option("select[name=tahun]", str(training.YEAR))
    page.select_option("[data-testid=filter-kecamatan]", label="Rakumpit")
    with page.expect_navigation():
        page.click("[data-testid=training-filter] button[type=submit]")
    lines = page.locator("[data-testid=plan-lines]")
    expect(lines).to_contain_text("Rina Kartika")
    expect(lines).to_contain_text("Literasi digital layanan daring")
    expect(lines).to_contain_text("Kantor Kelurahan Petuk Bukit")
    expect(lines).not_to_contain_text("Joko Susilo")
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    with page.expect_download() as info:
        page.click("[data-testid=plan-export]")
    download = info.value
    assert download.suggested_filename == f"rencana-pelatihan-{training.YEAR}.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert "Rina Kartika" in rows[1] and "Literasi digital layanan daring" in rows[1]
    assert "Rakumpit" in rows[1]
