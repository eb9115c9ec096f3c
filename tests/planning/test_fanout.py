"""The national five-year projection fanned out per agency (issue 21) gives the projection of
all the agencies at once: a run's combined per-year totals equal ``projection_totals`` over
every agency (the order of floating-point additions aside)."""

from __future__ import annotations

from typing import Any

import pytest

from formasi.core.fanout_services import start_fanout
from formasi.planning.fanout import KIND, YEARLY, projection_totals
from tests import builders as build

pytestmark = pytest.mark.django_db

PARAMS = {"base_year": 2025, "years": 5, "rate": 0.02}


def test_the_fanned_out_projection_equals_the_one_of_all_agencies(
    django_capture_on_commit_callbacks: Any,
) -> None:
    ids = [a.pk for a in build.national_world(seed=21, agencies=4)]
    with django_capture_on_commit_callbacks(execute=True):
        run = start_fanout(kind=KIND, agency_ids=ids, params=PARAMS, actor=None)
    run.refresh_from_db()
    assert (run.state, run.done) == ("done", 4)
    whole = projection_totals(ids, **PARAMS)
    assert whole["bezetting"] > 0 and sum(whole["shortage"]) > 0
    assert run.result["cells"] == whole["cells"]
    assert run.result["bezetting"] == whole["bezetting"]
    for name in YEARLY:
        assert run.result[name] == pytest.approx(whole[name], abs=1e-9), name
