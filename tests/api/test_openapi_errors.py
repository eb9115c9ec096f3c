"""The OpenAPI document lists every status code an operation can answer, each error with the
one error shape (issue 13, finding 5)."""

from __future__ import annotations

from typing import Any


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    from formasi.api import api

    schema = api.get_openapi_schema()
    return [
        (method.upper(), path, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
    ]


def test_every_operation_documents_its_error_codes() -> None:
    missing: list[str] = []
    for method, path, op in _operations():
        params = {p["in"] for p in op.get("parameters", [])}
        expected = {"401", "403", "500"}
        if "path" in params:
            expected |= {"404", "422"}
        if params or "requestBody" in op:
            expected.add("422")
        if "requestBody" in op:
            expected.add("400")
        if method in ("PATCH", "PUT"):
            expected |= {"412", "428"}
        lacking = expected - {str(code) for code in op["responses"]}
        if lacking:
            missing.append(f"{method} {path}: {sorted(lacking)}")
    assert not missing, "\n".join(missing)


def test_every_error_response_has_the_error_shape() -> None:
    for method, path, op in _operations():
        for code, response in op["responses"].items():
            if int(code) >= 400:
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOut"), (method, path, code, ref)
