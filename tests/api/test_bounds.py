"""Every input of the API is bounded (issue 21, "bounded input schemas"): each number in a
path, query or body has a minimum and a maximum, each string a maximum length, an enumeration
or an anchored pattern, each list a maximum of items. An unbounded integer reached PostgreSQL
as an overflow, an unbounded string a megabyte of text; both are refused at the door now."""

from __future__ import annotations

import re
from typing import Any

import pytest

# Strings whose format bounds them (a date is a date).
BOUNDED_FORMATS = {"date", "date-time", "time", "binary", "uuid", "email"}
# An anchored pattern of alternatives or bounded repetitions bounds the length.
BOUNDED_PATTERN = re.compile(r"^\^[^*+]*\$$")


def _schema() -> dict[str, Any]:
    from formasi.api import api

    return api.get_openapi_schema()


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _bounded_number(node: dict[str, Any]) -> bool:
    low = "minimum" in node or "exclusiveMinimum" in node
    high = "maximum" in node or "exclusiveMaximum" in node
    return low and high


def _bounded_string(node: dict[str, Any]) -> bool:
    return (
        "maxLength" in node
        or "enum" in node
        or "const" in node
        or node.get("format") in BOUNDED_FORMATS
        or bool(BOUNDED_PATTERN.match(node.get("pattern", "")))
    )


def _unbounded(schema: dict[str, Any], node: dict[str, Any], where: str) -> list[str]:
    node = _resolve(schema, node)
    found: list[str] = []
    branches = node.get("anyOf") or node.get("oneOf") or []
    kinds = {_resolve(schema, b).get("type") for b in branches}
    for branch in branches:
        branch = _resolve(schema, branch)
        # A decimal is a number or its string; the number's bounds and max_digits bound both.
        if branch.get("type") == "string" and "number" in kinds and "maxLength" not in branch:
            continue
        found += _unbounded(schema, branch, where)
    kind = node.get("type")
    if kind in ("integer", "number") and not _bounded_number(node):
        found.append(f"{where}: {kind} without minimum and maximum")
    elif kind == "string" and not _bounded_string(node):
        found.append(f"{where}: string without maxLength")
    elif kind == "array":
        if "maxItems" not in node:
            found.append(f"{where}: array without maxItems")
        found += _unbounded(schema, node.get("items", {}), f"{where}[]")
    for name, prop in node.get("properties", {}).items():
        found += _unbounded(schema, prop, f"{where}.{name}")
    return found


def _inputs() -> list[Any]:
    schema = _schema()
    cases = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            for param in op.get("parameters", []):
                where = f"{method.upper()} {path} {param['in']} {param['name']}"
                cases.append(pytest.param(schema, param.get("schema", {}), where, id=where))
            for media, content in op.get("requestBody", {}).get("content", {}).items():
                where = f"{method.upper()} {path} body {media}"
                cases.append(pytest.param(schema, content["schema"], where, id=where))
    return cases


def test_the_walk_finds_an_unbounded_input() -> None:
    """The check itself: each kind of unbounded input is reported."""
    loose = {
        "type": "object",
        "properties": {
            "n": {"type": "integer", "minimum": 1},
            "s": {"type": "string"},
            "a": {"type": "array", "items": {"type": "string", "maxLength": 9}},
            "p": {"type": "string", "pattern": "^[a-z]+$"},
            "d": {"anyOf": [{"type": "number", "maximum": 9, "minimum": 0}, {"type": "string"}]},
        },
    }
    found = _unbounded({"components": {"schemas": {}}}, loose, "x")
    assert found == [
        "x.n: integer without minimum and maximum",
        "x.s: string without maxLength",
        "x.a: array without maxItems",
        "x.p: string without maxLength",
    ]


@pytest.mark.parametrize(("schema", "node", "where"), _inputs())
def test_every_input_is_bounded(schema: dict[str, Any], node: dict[str, Any], where: str) -> None:
    assert not _unbounded(schema, node, where)
