"""Expected client errors are logged as one line; server errors keep their traceback (issue 13,
finding 8: one probe of forbidden pages wrote 3.4 MB of tracebacks)."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path, reverse

from formasi.core.security import OneLineClientErrors


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("role may not")


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a real bug")


# The error pages link to the app's own pages: keep its URLs beside the two test views.
urlpatterns = [
    path("forbidden/", _forbidden),
    path("broken/", _broken),
    path("", include("formasi.urls")),
]


def test_a_forbidden_page_is_logged_as_one_line(world, client_for, caplog) -> None:  # type: ignore[no-untyped-def]
    # A read-only role opening the add form: the view raises PermissionDenied.
    with caplog.at_level(logging.WARNING):
        response = client_for("leader_a").get(reverse("workforce:employee_add"))
    assert response.status_code == 403
    records = [
        r for r in caplog.records if r.name.startswith(("django.request", "django.security"))
    ]
    assert [r.getMessage() for r in records] == [
        f"Forbidden (Permission denied): {reverse('workforce:employee_add')}"
    ]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


@pytest.mark.urls(__name__)
def test_a_server_error_keeps_its_traceback_and_a_403_does_not(db, caplog) -> None:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.WARNING):
        assert client.get("/forbidden/").status_code == 403
        assert client.get("/broken/").status_code == 500
    by_path = {r.getMessage().rsplit(" ", 1)[-1]: r for r in caplog.records}
    assert by_path["/forbidden/"].exc_info is None
    assert by_path["/broken/"].exc_info is not None
    assert caplog.text.count("Traceback") == 1
    assert "RuntimeError: a real bug" in caplog.text


def test_the_console_log_of_a_forged_host_is_one_line(db) -> None:  # type: ignore[no-untyped-def]
    """The configured console handler (settings.LOGGING) drops a 400's traceback too."""
    console = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, OneLineClientErrors) for f in h.filters)
    )
    assert isinstance(console, logging.StreamHandler)
    stream = io.StringIO()
    # Swapped by hand, not with setStream: that flushes the previous stream, which may be one
    # pytest already closed (a test that ran django.setup() under capsys rebinds the handler).
    previous, console.stream = console.stream, stream
    try:
        response = Client().get("/akun/masuk/", headers={"host": "evil.example"})
    finally:
        console.stream = previous
    assert response.status_code == 400
    written = stream.getvalue()
    assert "evil.example" in written
    assert "Traceback" not in written
    assert len(written.strip().splitlines()) == 1
