"""Helpers for the browser tests: run the queued tasks, wait for the charts to be drawn."""

from __future__ import annotations

import time
from typing import Any

from django.db import OperationalError
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

CHARTS_DRAWN = """() => {
  const nodes = [...document.querySelectorAll('.chart')];
  return nodes.length === 4 && typeof echarts !== 'undefined' && nodes.every((node) => {
    const chart = echarts.getInstanceByDom(node);
    return chart && node.querySelector('canvas') && chart.getZr().animation.isFinished();
  });
}"""


def run_worker() -> None:
    """Run every queued task, then return (the db_worker command in batch mode).

    The test database is SQLite in memory with a shared cache, where a page polling for the
    task's state from the live server's thread makes the worker's BEGIN EXCLUSIVE fail at
    once ("database table is locked") instead of waiting: try again for a few seconds.
    """
    for attempt in range(50):
        try:
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="e2e",
                excluded_queue_names=[],
            ).run()
            return
        except OperationalError as error:
            if "locked" not in str(error) or attempt == 49:
                raise
            time.sleep(0.1)


def open_menu(page: Any, href: str) -> None:
    """Follow the menu link to `href` as a person would: open the folded menu (below 1,400 px),
    then the group the link sits in, then the link; returns once the page has loaded."""
    unfold_menu(page)
    link = page.locator(f"#main-menu a[href='{href}']").first
    if not link.is_visible():
        item = page.locator(f"a.dropdown-item[href='{href}']")
        group = page.locator("#main-menu .dropdown").filter(has=item)
        group.locator("a.dropdown-toggle").first.click()
    with page.expect_navigation():
        link.click()


def _open_user_menu(page: Any) -> None:
    """Open the user menu (name, change password, log out), unfolding the menu first."""
    unfold_menu(page)
    page.click("[data-testid=user-menu]")


def unfold_menu(page: Any) -> None:
    """Below 1,400 px the menu is folded behind one button: open it and wait for the slide."""
    toggle = page.locator("[data-testid=menu-toggle]")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
        page.wait_for_selector("#main-menu.collapse.show")


def log_out(page: Any, live_server: Any) -> None:
    """Log out through the user menu (a Tabler/Bootstrap dropdown) and land on the login page."""
    _open_user_menu(page)
    logout = page.locator(f".dropdown-menu form[action='{reverse('accounts:logout')}'] button")
    expect(logout).to_be_visible()
    with page.expect_navigation():
        logout.click()
    assert page.url == live_server.url + reverse("accounts:login")
