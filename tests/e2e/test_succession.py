"""Browser test of the succession list at 1,366 × 768: the BKPSDM admin opens the empty
Kepala Dinas Kesehatan post (JPT pratama), sees its ranked candidates and why each ranks so,
and why one is excluded (a running sanction, a rank too low), fills the post from the list
after confirming, and the vacancy report then shows the post filled."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.builders import open_menu
from tests.e2e.conftest import login
from tests.personas import World
from tests.talent.builders import succession_world

LAPTOP = {"width": 1366, "height": 768}


def _page_width(page: Any) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_admin_fills_an_empty_jpt_post_from_its_list(
    page: Any, live_server: Any, world: World
) -> None:
    succession_world(world)
    page.set_viewport_size(LAPTOP)
    login(page, live_server, "admin_a")
    open_menu(page, reverse("talent:succession"))
    posts = page.locator("[data-testid=succession-posts]")
    expect(posts).to_contain_text("Kepala Dinas Kesehatan")
    assert _page_width(page) <= LAPTOP["width"]
    with page.expect_navigation():
        posts.get_by_role("link", name="Kepala Dinas Kesehatan").click()
    ranked = page.locator("[data-testid=succession-ranked] tbody tr")
    expect(ranked).to_have_count(2)
    expect(ranked.nth(0)).to_contain_text("Rina Kartika")
    expect(ranked.nth(0)).to_contain_text("kotak 9, kelompok rencana suksesi")
    expect(ranked.nth(0)).to_contain_text("di atas kandidat berikutnya karena kotak 9-box")
    expect(ranked.nth(1)).to_contain_text("Bambang Hartono")
    expect(ranked.nth(1)).to_contain_text("kotak 8")
    excluded = page.locator("[data-testid=succession-excluded]")
    expect(excluded.locator("tr", has_text="Agus Salim")).to_contain_text(
        "hukuman disiplin sedang berjalan"
    )
    expect(excluded.locator("tr", has_text="Lina Marlina")).to_contain_text(
        "pangkat belum memenuhi"
    )
    assert _page_width(page) <= LAPTOP["width"]
    with page.expect_navigation():
        page.click("[data-testid=fill-link]")
    page.get_by_label("1. Rina Kartika", exact=False).check()
    page.fill("#fill-reason", "Kotak 9, kompetensi tertinggi")
    with page.expect_navigation():
        page.click("[data-testid=fill-form] button[type=submit]")
    expect(page.locator("[data-testid=fill-confirm]")).to_contain_text("Rina Kartika")
    with page.expect_navigation():
        page.click("[data-testid=fill-form] button[type=submit]")
    expect(page.locator(".alert-success, .alert")).to_contain_text("Rina Kartika")
    expect(page.locator("[data-testid=succession-posts]")).not_to_contain_text(
        "Kepala Dinas Kesehatan"
    )
    page.goto(f"{live_server.url}{reverse('planning:vacancies')}")
    row = page.locator("[data-testid=vacancy-posts] tr", has_text="Kepala Dinas Kesehatan")
    # SOTK 1, filled 1, empty by the date 0.
    expect(row.locator("td").nth(2)).to_have_text("1")
    expect(row.locator("td").nth(3)).to_have_text("1")
    expect(row.locator("td").nth(4)).to_have_text("0")
    assert _page_width(page) <= LAPTOP["width"]
