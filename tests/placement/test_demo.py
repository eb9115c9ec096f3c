"""The demo city's new formasi (issue 7): "placing the city's new formasi puts most local
recruits in their home kecamatan and lifts Bukit Batu and Rakumpit"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings

from formasi.demo.loader import load_demo
from formasi.organization.models import Region
from formasi.placement import services
from formasi.placement.models import Applicant, PlacementLine, PlacementRun

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CITY = "62.71."


@pytest.fixture(scope="module")
def placed(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo(seed=2026, size=6500)
        run = PlacementRun.unscoped.get()  # queued by the loader
        queued_state = run.state
        run = services.compute(run)
        homes = {}
        for a in Applicant.unscoped.select_related("home_region__parent"):
            region = a.home_region
            district = region.parent if region and region.level == "desa_kelurahan" else region
            homes[a.pk] = district.code if district and district.code.startswith(CITY) else None
        lines = list(PlacementLine.unscoped.filter(run=run).select_related("district"))
        snapshot = SimpleNamespace(
            queued_state=queued_state,
            summary=run.summary,
            state=run.state,
            applicants=len(homes),
            homes=homes,
            lines=[(ln.applicant_id, ln.district.code if ln.district else None) for ln in lines],
            districts=set(
                Region.objects.filter(code__in={c for c in homes.values() if c}).values_list(
                    "code", flat=True
                )
            ),
        )
        transaction.set_rollback(True)
    return snapshot


def test_the_loader_queues_one_new_hire_run(placed: SimpleNamespace) -> None:
    assert placed.queued_state == "queued"
    assert 100 <= placed.applicants <= 400


def test_recruits_come_from_every_short_district_and_outside(placed: SimpleNamespace) -> None:
    local = [c for c in placed.homes.values() if c]
    assert {"62.71.02", "62.71.05"} <= set(local)
    assert 0.7 < len(local) / placed.applicants < 0.95


def test_most_local_recruits_are_placed_in_their_home_district(placed: SimpleNamespace) -> None:
    local = [(a, d) for a, d in placed.lines if placed.homes[a]]
    at_home = sum(1 for a, d in local if placed.homes[a] == d)
    assert len(local) > 100
    assert at_home / len(local) > 0.5


def test_bukit_batu_and_rakumpit_are_lifted(placed: SimpleNamespace) -> None:
    areas = {a["code"]: a for a in placed.summary["areas"]}
    for code in ("62.71.02", "62.71.05"):
        assert areas[code]["fulfilment_after"] > areas[code]["fulfilment_before"]
    assert placed.summary["gini_after"] < placed.summary["gini_before"]


def test_the_result_is_optimal_and_at_least_greedy(placed: SimpleNamespace) -> None:
    assert placed.state == "done" and placed.summary["status"] == "OPTIMAL"
    assert placed.summary["objective"]["key"] >= placed.summary["greedy"]["key"]
    assert placed.summary["objective"]["filled_posts"] == placed.summary["lines"]
