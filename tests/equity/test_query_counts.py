"""The equity page and API run a fixed number of queries, whatever the number of units and
people (no query per unit, area or employee)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import builders as build
from tests.equity.builders import add_equity_data, need
from tests.personas import World

pytestmark = pytest.mark.django_db


def _count(client: Any, url: str, query: dict[str, str]) -> int:
    cache.clear()  # the uncached path each time (the bell's unread count is cached per user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        (reverse("equity:index"), {}),
        (reverse("equity:index"), {"wilayah": "62.71.05"}),
        (reverse("equity:index"), {"tingkat": "desa"}),
        (reverse("equity:export", args=["wilayah", "xlsx"]), {}),
        (reverse("equity:export", args=["wilayah", "csv"]), {"tingkat": "desa"}),
        ("/api/v1/equity/areas", {}),
        ("/api/v1/equity/areas", {"tingkat": "desa"}),
    ],
)
def test_queries_do_not_grow_with_units(
    client_for: Any, world: World, url: str, query: dict[str, str]
) -> None:
    add_equity_data(world)
    client = client_for("operator_dinkes_a")
    before = _count(client, url, query)
    kel = build.region("62.71.05.1001")
    build.region("62.71.05.1003", "Gaung Baru", parent=world.district_a2)
    build.region("62.71.01.1001", "Langkai", parent=world.district_a)
    for i in range(5):
        unit = build.unit(world.agency_a, f"Pustu {i}", kind="puskesmas", parent=world.dinkes,
                      region_obj=kel)  # fmt: skip
        position = build.position(world.agency_a, f"Bidan {i}")
        need(unit, position, 2)
        build.employee(unit, position, f"Bidan {i}", birth=date(1980, 1, 1 + i))
    assert _count(client, url, query) == before
