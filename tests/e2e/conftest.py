"""Browser tests: Playwright (PyPI) driving Debian's Chromium against pytest-django's live_server.

Run with `make test-e2e` (or `pytest -m e2e -q -p no:xdist tests/e2e`). Playwright's own browser
downloads are never used: the tests need /usr/bin/chromium (`make chromium` installs it) and fail,
not skip, when it is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests import builders as build
from tests.personas import World, build_world

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's event loop runs here

CHROMIUM = Path(os.environ.get("FORMASI_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1366, "height": 768}  # the common office laptop
E2E_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e is an `e2e` test (before `-m` deselects, hence tryfirst)."""
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM}, which is missing. "
            "Install it with `make chromium` (apt-get install chromium); "
            "do not use `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def world(transactional_db: Any) -> World:
    """The personas' world, committed so the live server's thread sees it."""
    return build_world()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) per test, in the app's default language (id).

    JavaScript errors, static files that fail to load and anything the Content-Security-Policy
    blocks fail the test: the Tabler styling and dropdowns, htmx and the dashboard charts all
    depend on them.
    """
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"JavaScript error: {exc}"))

    def check_asset(response: Any) -> None:
        if "/static/" in response.url and response.status >= 400:
            problems.append(f"static file {response.url} answered {response.status}")

    def check_failed(request: Any) -> None:
        if request.failure != "net::ERR_ABORTED":  # aborted by a navigation: not a fault
            problems.append(f"request for {request.url} failed: {request.failure}")

    def check_console(message: Any) -> None:
        # Chromium reports what the Content-Security-Policy blocked as console errors.
        if "Content Security Policy" in message.text:
            problems.append(f"blocked by the Content-Security-Policy: {message.text}")

    page.on("response", check_asset)
    page.on("requestfailed", check_failed)
    page.on("console", check_console)
    try:
        yield page
    finally:
        context.close()
    if problems:
        report = "\n".join(dict.fromkeys(problems))
        pytest.fail(f"The browser saw problems:\n{report}", pytrace=False)


def submit_login(page: Any, live_server: Any, username: str, password: str = build.PASSWORD) -> Any:
    """Fill the real login form and submit it; returns the response of the submission."""
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation() as nav:
        page.click("form button[type=submit]")
    return nav.value


def login(page: Any, live_server: Any, username: str) -> None:
    """Log in through the login form as a persona and check we land on the dashboard."""
    submit_login(page, live_server, username)
    dashboard = live_server.url + reverse("workforce:dashboard")
    assert page.url == dashboard, f"{username} did not reach the dashboard: {page.url}"
