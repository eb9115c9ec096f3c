"""Query-count guard on every list page and API list (NetBox's baseline): the count must not grow
with the number of rows (no N+1), and must match tests/query_counts.json. Refresh the baseline on
purpose with UPDATE_QUERY_COUNTS=1."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

BASELINE = Path(__file__).resolve().parents[1] / "query_counts.json"
LISTS = [
    "workforce:dashboard",
    "workforce:employee_list",
    "organization:unit_list",
    "organization:position_list",
    "api:list_employees",
    "api:list_units",
    "api:list_positions",
    "api:dashboard",
]


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    cache.clear()  # measure the uncached path; cached figures are tested in test_cache.py
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_people(world, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        unit = f.unit(world.agency_a, f"Puskesmas {i}", kind="puskesmas", parent=world.dinkes)
        position = f.position(world.agency_a, f"Bidan {i}")
        f.employee(unit, position, f"Pegawai {i}", birth=date(1970 + i, 1 + i % 12, 1 + i))


@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_is_flat_and_matches_baseline(world, client_for, name: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for("operator_dinkes_a")
    url = reverse(name)
    count_queries(client, url)  # warm caches (content types, session)
    small = count_queries(client, url)
    add_people(world, 12)
    large = count_queries(client, url)
    assert large == small, f"{name}: {small} queries for few rows, {large} for more (N+1?)"

    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    key = f"{name}@{connection.vendor}"
    if os.environ.get("UPDATE_QUERY_COUNTS"):
        baseline[key] = large
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n")
    assert baseline.get(key) == large, (
        f"{name} on {connection.vendor}: {large} queries, baseline {baseline.get(key)}; "
        "refresh with UPDATE_QUERY_COUNTS=1 if the change is intended"
    )
