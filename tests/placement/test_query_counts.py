"""The run page, the applicant list and the API lists do not grow in queries with rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.placement.models import Applicant, PlacementLine, PlacementRun
from tests.core.test_query_counts import count_queries
from tests.personas import World
from tests.placement.setup import YEAR, add_placement_data, computed_run

pytestmark = pytest.mark.django_db


def _more_rows(run: PlacementRun, n: int) -> None:
    lines = list(PlacementLine.unscoped.filter(run=run))
    PlacementLine.unscoped.bulk_create(
        PlacementLine(**{**_fields(ln), "decision": "accepted"}) for ln in lines * n
    )
    applicant = Applicant.unscoped.first()
    Applicant.unscoped.bulk_create(
        Applicant(
            agency_id=applicant.agency_id, year=YEAR, registration_number=f"9{i:07d}",
            name=f"Pelamar {i}", status="pppk", position_id=applicant.position_id,
            home_region_id=applicant.home_region_id,
        )
        for i in range(n)
    )  # fmt: skip
    for i in range(n):
        PlacementRun.unscoped.create(
            agency_id=run.agency_id, name=f"R{i}", kind="new_hires", year=YEAR
        )


def _fields(line: PlacementLine) -> dict[str, Any]:
    names = [f.attname for f in PlacementLine._meta.concrete_fields if f.attname != "id"]
    return {name: getattr(line, name) for name in names}


@pytest.mark.parametrize(
    "name", ["placement:run_detail", "placement:applicant_list", "api:get_placement_run",
             "api:list_placement_runs", "placement:run_list"],
)  # fmt: skip
def test_query_count_is_flat(world: World, client_for: Any, name: str) -> None:
    add_placement_data(world)
    run = computed_run(world)
    needs_pk = name in ("placement:run_detail", "api:get_placement_run")
    url = reverse(name, args=[run.pk] if needs_pk else None)
    client = client_for("admin_a")
    count_queries(client, url)
    small = count_queries(client, url)
    _more_rows(run, 5)
    assert count_queries(client, url) == small
