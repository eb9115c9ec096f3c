"""The planning API's national summary (issue 21); the plan's own operations are tested in
test_plan_api.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from formasi.planning import national_runs
from formasi.workload.services import gap_summary
from tests import builders as build

pytestmark = pytest.mark.django_db


def test_an_evaluator_computes_the_national_summary_through_the_api(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Issue 21: the national summary's runs through the API, as on the page: 202 with the
    run, then its figures in whole people; a run is its starter's alone."""
    agencies = build.national_world(seed=11, agencies=2)
    evaluator = build.user("bkn_api", "evaluator", assigned=agencies)
    client = Client()
    client.force_login(evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/v1/national/needs_summary")
    assert started.status_code == 202, started.content
    assert started.json()["total"] == 2
    run = client.get(f"/api/v1/national/runs/{started.json()['id']}").json()
    assert (run["state"], run["done"]) == ("done", 2)
    expected = gap_summary([a.pk for a in agencies])
    assert {r["agency_id"]: r["need"] for r in run["needs"]} == {
        pk: gap.need for pk, gap in expected.items()
    }
    assert run["total_need"]["shortage"] == sum(g.shortage for g in expected.values())
    with django_capture_on_commit_callbacks(execute=True):
        projected = client.post("/api/v1/national/projection").json()
    run = client.get(f"/api/v1/national/runs/{projected['id']}").json()
    assert len(run["yearly"]) == national_runs.YEARS
    assert all(isinstance(y["availability"], int) for y in run["yearly"])
    assert client.post("/api/v1/national/proposals_national").status_code == 404
    other = Client()
    other.force_login(build.user("bkn_other", "evaluator", assigned=agencies))
    assert other.get(f"/api/v1/national/runs/{projected['id']}").status_code == 404
