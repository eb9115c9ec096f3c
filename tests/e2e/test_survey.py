"""Issue 20 "Done when": someone fills the public survey of a puskesmas on a 390 × 844 phone
without logging in; then the unit's head (the Dinas Kesehatan's OPD operator) logs in, sees the
answer in the unit's report and answers the complaint."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import login

PHONE = {"width": 390, "height": 844}


def test_the_public_answers_on_a_phone_and_the_unit_head_follows_up(
    page: Any, live_server: Any, world: Any, settings: Any
) -> None:
    settings.FORMASI_SURVEY_MIN_FILL_SECONDS = 1
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("survey_public", args=[world.puskesmas.pk]))
    expect(page.get_by_test_id("survey-unit")).to_have_text("Puskesmas Rakumpit")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    # the regulation's wording, in Indonesian
    expect(page.get_by_test_id("question-U7")).to_contain_text("kesopanan dan keramahan")
    for i in range(1, 10):
        score = "2" if i in (3, 8) else "4"
        page.get_by_test_id(f"question-U{i}").locator(f"input[value='{score}']").check()
    page.fill("#id_text", "Antrean pagi terlalu panjang.")
    page.wait_for_timeout(1100)  # a person takes longer than the minimum fill time
    page.get_by_test_id("survey-submit").click()
    expect(page.get_by_test_id("survey-thanks")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, live_server, "operator_dinkes_a")
    page.goto(live_server.url + reverse("feedback:unit", args=[world.puskesmas.pk]))
    # (7 × 4 + 2 × 2) / 9 × 25 = 88.89, grade A; U3 and U8 (2) are the weakest, U3 first
    expect(page.get_by_test_id("survey-ikm")).to_contain_text("88,89")  # Indonesian decimal comma
    expect(page.get_by_test_id("survey-nrr").locator("tr.table-warning")).to_contain_text("U3")
    complaint = page.get_by_test_id("complaint")
    expect(complaint).to_contain_text("Antrean pagi terlalu panjang.")
    expect(complaint.get_by_test_id("complaint-status")).to_have_text("Baru")
    form = complaint.get_by_test_id("complaint-form")
    form.locator("select[name=status]").select_option("answered")
    form.locator("textarea[name=answer]").fill("Loket kedua kami buka mulai pukul 07.30.")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("complaint-status")).to_have_text("Sudah dijawab")
    expect(page.get_by_test_id("complaint")).to_contain_text(
        "Loket kedua kami buka mulai pukul 07.30."
    )
