"""The leader's figures through the API: who may read them (the page's roles), and the same
figures the page shows for agency A of the role fixtures."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from formasi.workload.models import PositionNeed
from tests.talent import builders as talent

pytestmark = pytest.mark.django_db

URL = "api:get_leader_overview"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 200), ("leader_a", 200), ("admin_b", 200), ("operator_dinkes_a", 403),
     ("operator_other_opd_a", 403), ("evaluator_a", 403)],
)  # fmt: skip
def test_who_reads_the_leaders_figures(world, client_for, persona, status) -> None:  # type: ignore[no-untyped-def]
    client = client_for(persona)
    assert client.get(reverse(URL)).status_code == status
    assert client.get(reverse("talent:leader")).status_code == status


def test_anonymous_is_401(world, client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse(URL)).status_code == 401


def test_another_agency_is_not_found(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("leader_a").get(reverse(URL), {"agency": "63.72"})
    assert response.status_code == 404 and response.json()["detail"]
    assert client_for("leader_a").get(reverse(URL), {"agency": "x" * 21}).status_code == 422


@time_machine.travel(date(2026, 3, 1), tick=False)
def test_the_figures_are_the_pages(world, client_for) -> None:  # type: ignore[no-untyped-def]
    talent.talent_data(world)
    # An empty Kepala Dinas Kesehatan post (JPT pratama): no administrator in the pool.
    PositionNeed.unscoped.create(
        agency=world.agency_a, unit=world.dinkes, position=talent.jpt_position(world),
        source="entered", count=1,
    )  # fmt: skip
    client = client_for("leader_a")
    body = client.get(reverse(URL)).json()
    page = client.get(reverse("talent:leader")).context
    assert body["agency"] == "62.71" and body["year"] == page["year"] == talent.YEAR
    # Agency A: the two nurses "sangat baik" (above/above), the teacher "baik".
    counts = {row["predicate"]: row["count"] for row in body["distribution"]}
    assert (counts["sangat_baik"], counts["baik"], body["rated"]) == (2, 1, 3)
    assert [(r["count"], r["percent"]) for r in body["distribution"]] == [
        (n, pct) for _label, n, pct in page["distribution"]
    ]
    cover = body["coverage"]
    assert (cover["posts"], cover["covered"]) == (page["cover"].posts, page["cover"].covered)
    assert cover["on"] == "2027-10-01"
    assert [(r["level"], r["posts"], r["covered"]) for r in cover["by_level"]] == [
        ("jpt_pratama", 1, 0)
    ]
    assert [(t["year"], t["score"]) for t in body["merit_trend"]] == page["trend"]
    assert [t["year"] for t in body["merit_trend"]] == [2023, 2024, 2025]
    levels = [a[1] for a in page["answers"]]
    assert [a["level"] for a in body["merit_indicators"]] == levels
    skp_row = next(a for a in body["merit_indicators"] if a["indicator"] == "performance_appraisal")
    assert skp_row["evidence"]["employees_with_skp"] == 3
    assert body["self_assessment"] is None


def test_the_latest_submitted_self_assessment(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = talent.merit(world.agency_a, level=3)
    row.status, row.score, row.category = "submitted", 300, "baik"
    row.save()
    body = client_for("admin_a").get(reverse(URL)).json()
    assert body["self_assessment"] == {"year": talent.YEAR, "score": "300.00", "category": "baik"}
