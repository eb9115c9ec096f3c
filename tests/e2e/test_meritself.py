"""Browser test of the merit self-assessment at 1,366 px: the BKPSDM admin starts this year's
assessment from the Talenta menu, sees an auto-filled indicator with its evidence link, answers
one, uploads a PDF as evidence, and the list draws the score chart of a scored earlier year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from formasi.talent.models import MeritAnswer, MeritEvidence
from tests.e2e.builders import open_menu
from tests.e2e.conftest import login
from tests.personas import World
from tests.talent.builders import merit

LAPTOP = {"width": 1366, "height": 768}


def test_the_admin_fills_the_merit_self_assessment(
    page: Any, live_server: Any, world: World, tmp_path: Path
) -> None:
    this_year = timezone.localdate().year
    earlier = merit(world.agency_a, year=this_year - 1, level=3)
    earlier.score, earlier.category = 300, "baik"
    earlier.save()
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "admin_a")
    open_menu(page, reverse("talent:merit_list"))
    expect(page.locator("#chart-merit canvas")).to_have_count(1)
    with page.expect_navigation():
        page.click("[data-testid=merit-start] button[type=submit]")
    skp = page.locator("[data-testid=indicator-performance_appraisal]")
    expect(skp).to_contain_text("Diisi oleh Formasi")
    expect(skp.get_by_role("link", name="Bukti: Hasil SKP")).to_be_visible()
    awards = page.locator("[data-testid=indicator-awards]")
    awards.locator("select[name=level]").select_option("3")
    awards.locator("input[name=note]").fill("SK Wali Kota tentang penghargaan")
    with page.expect_navigation():
        awards.get_by_role("button", name="Simpan").click()
    evidence = tmp_path / "sk-penghargaan.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    awards = page.locator("[data-testid=indicator-awards]")
    awards.locator("input[type=file]").set_input_files(str(evidence))
    with page.expect_navigation():
        awards.get_by_role("button", name="Unggah bukti").click()
    expect(page.locator("[data-testid=indicator-awards]")).to_contain_text("sk-penghargaan.pdf")
    answer = MeritAnswer.unscoped.get(assessment__year=this_year, indicator="awards")
    assert (answer.level, answer.note) == (3, "SK Wali Kota tentang penghargaan")
    assert MeritEvidence.unscoped.filter(answer=answer).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
