"""Every API error is the one JSON shape, with a message for people; numbers are bounded so
no input reaches the database as a number it cannot hold (issue 13, finding 5)."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from formasi.workforce.models import Employee
from formasi.workforce.services import edit_version
from tests.personas import World

pytestmark = pytest.mark.django_db
HUGE = 2**63  # one past SQLite's (and PostgreSQL's bigint) largest integer


def _is_error_shape(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert set(body) <= {"detail", "errors"}
    return body


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/units?offset={n}", "offset"),
        ("/api/v1/needs?offset={n}", "offset"),
        ("/api/v1/employees?page={n}", "page"),
        ("/api/v1/needs?unit={n}", "unit"),
        ("/api/v1/needs?position={n}", "position"),
        ("/api/v1/units/{n}", "unit_id"),
        ("/api/v1/employees/{n}", "employee_id"),
    ],
)
def test_numbers_beyond_64_bits_are_422_with_the_field_named(
    world: World, client_for: Any, url: str, field: str
) -> None:
    response = client_for("admin_a").get(url.format(n=HUGE))
    body = _is_error_shape(response, 422)
    assert list(body["errors"]) == [field]


@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [
        ("post", "/api/v1/proposals/1/steps", {"step": "submit", "version": HUGE}, "version"),
        ("post", "/api/v1/national/" + "x" * 41, {}, "kind"),
        ("get", "/api/v1/training/employees/{n}/gaps", None, "employee_id"),
    ],
)
def test_values_beyond_their_bounds_are_422_with_the_field_named(
    world: World, client_for: Any, method: str, url: str, body: Any, field: str
) -> None:
    """Bounded inputs (tests/api/test_bounds.py): refused before any lookup or write."""
    client = client_for("admin_a")
    url = url.format(n=HUGE)
    if method == "post":
        response = client.post(url, body, content_type="application/json")
    else:
        response = client.get(url)
    found = _is_error_shape(response, 422)
    assert field in " ".join(found["errors"]), found


def test_patch_with_null_golongan_is_refused_and_saves_nothing(
    world: World, client_for: Any
) -> None:
    employee = world.employee_dinkes
    before = employee.golongan
    response = client_for("admin_a").patch(
        reverse("api:update_employee", args=[employee.pk]),
        {"golongan": None},
        content_type="application/json",
        HTTP_IF_MATCH='"' + edit_version(employee) + '"',
    )
    body = _is_error_shape(response, 422)
    assert "golongan" in body["errors"]
    assert Employee.unscoped.get(pk=employee.pk).golongan == before


def test_validation_errors_name_fields_with_indonesian_messages(
    world: World, client_for: Any
) -> None:
    client = client_for("admin_a")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    body = _is_error_shape(client.get("/api/v1/units?offset=-1"), 422)
    assert body["errors"] == {"offset": ["Nilai paling kecil 0."]}
    assert body["detail"] == "Data tidak valid; tidak ada yang disimpan."


def test_an_unexpected_exception_is_a_json_500_without_its_text(world: World, caplog: Any) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin_a"])
    with mock.patch(
        "formasi.workforce.api.headcount", side_effect=OSError(34, "Numerical result out of range")
    ):
        response = client.get(reverse("api:dashboard"))
    body = _is_error_shape(response, 500)
    assert "Numerical" not in response.content.decode() and "34" not in body["detail"]
    assert "Numerical result out of range" in caplog.text  # the detail is logged


def test_wrong_method_is_a_json_405_with_allow(world: World, client_for: Any) -> None:
    response = client_for("admin_a").delete("/api/v1/units")
    _is_error_shape(response, 405)
    assert "GET" in response["Allow"]


def test_unknown_api_path_is_a_json_404(world: World, client_for: Any) -> None:
    _is_error_shape(client_for("admin_a").get("/api/v1/no-such-thing"), 404)


def test_unparsable_body_is_a_json_400(world: World, client_for: Any) -> None:
    response = client_for("admin_a").post(
        reverse("api:create_employee"), "{not json", content_type="application/json"
    )
    _is_error_shape(response, 400)


def test_missing_csrf_token_is_a_json_403(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin_a"])
    response = client.post(reverse("api:create_employee"), {}, content_type="application/json")
    _is_error_shape(response, 403)
