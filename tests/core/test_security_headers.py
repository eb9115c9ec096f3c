"""Response headers every page shares (issue 13, finding 8): Content-Security-Policy without
CDN or inline script, no caching of signed-in answers, the API docs vendored and behind login."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

SRC = Path(__file__).resolve().parents[2] / "src" / "formasi"


def _directives(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    parts = [p.split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_pages_carry_a_policy_that_allows_only_our_own_scripts(world, client_for) -> None:  # type: ignore[no-untyped-def]
    for response in (
        Client().get(reverse("accounts:login")),
        client_for("admin_a").get(reverse("workforce:dashboard")),
    ):
        policy = _directives(response)
        assert policy["default-src"] == ["'self'"]
        scripts = policy["script-src"]
        assert "'self'" in scripts
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
        assert not [s for s in scripts if s.startswith(("http", "*"))]
        assert "'unsafe-inline'" not in policy["style-src"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]


# Templates that WeasyPrint renders into a PDF and no browser ever receives: no policy applies.
PRINTED_ONLY = {"planning/templates/planning/plan_pdf.html"}


def test_no_template_has_an_inline_script_event_handler_or_style_attribute() -> None:
    """The policy refuses them, so a template that has one is broken in the browser."""
    offenders = []
    for template in sorted(SRC.rglob("templates/**/*.html")):
        if template.relative_to(SRC).as_posix() in PRINTED_ONLY:
            continue
        text = template.read_text(encoding="utf-8")
        for attrs in re.findall(r"<script\b([^>]*)>", text):
            executable = "src=" not in attrs and 'type="application/json"' not in attrs
            if executable and "nonce=" not in attrs:
                offenders.append(f"{template.relative_to(SRC)}: inline <script{attrs}>")
        for handler in re.findall(r"<[^>]*\s(on[a-z]+)\s*=", text):
            offenders.append(f"{template.relative_to(SRC)}: event handler {handler}=")
        if re.search(r"<[^>]*\sstyle\s*=", text):
            offenders.append(f"{template.relative_to(SRC)}: style attribute")
    assert offenders == []


def test_signed_in_pages_exports_and_api_answers_are_not_cached(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("admin_a")
    for url in (
        reverse("workforce:dashboard"),
        reverse("workforce:employee_export"),
        reverse("api:list_employees"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url
        assert "public" not in directives


def test_the_api_etag_still_guards_edits_under_no_store(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("admin_a")
    url = reverse("api:get_employee", args=[world.employee_dinkes.pk])
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    stale = client.patch(
        url, {"name": "Nama Baru"}, content_type="application/json", headers={"If-Match": '"0"'}
    )
    assert stale.status_code == 412
    fresh = client.patch(
        url,
        {"name": "Nama Baru"},
        content_type="application/json",
        headers={"If-Match": response["ETag"]},
    )
    assert fresh.status_code == 200


def test_static_files_stay_cacheable_for_signed_in_users(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("admin_a").get("/static/formasi/formasi.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_api_docs_need_a_login(db) -> None:  # type: ignore[no-untyped-def]
    for name in ("api:openapi-view", "api:openapi-json"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_api_docs_load_swagger_ui_from_our_own_static_files(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("leader_a").get(reverse("api:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', html)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    assert [s for s in sources if "//" in s] == []  # nothing from another host (no CDN)
    for source in sources:
        static_path = source.removeprefix("/static/")
        assert finders.find(static_path), source
