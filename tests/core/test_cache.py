"""Cached figures are keyed on per-agency data versions: reused until a change, never stale."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from formasi.core.cache import bump, cached, versions_key
from formasi.core.models import DataVersion
from formasi.workforce.models import Employee
from tests import builders as build


def test_saving_an_employee_bumps_its_agency_only(world) -> None:  # type: ignore[no-untyped-def]
    a_before = versions_key([world.agency_a.pk])
    b_before = versions_key([world.agency_b.pk])
    world.employee_dinkes.golongan = "III/d"
    world.employee_dinkes.save()
    assert versions_key([world.agency_a.pk]) != a_before
    assert versions_key([world.agency_b.pk]) == b_before


def test_bump_creates_the_counter_once(world) -> None:  # type: ignore[no-untyped-def]
    DataVersion.objects.all().delete()
    bump([world.agency_b.pk, world.agency_b.pk, None])
    assert DataVersion.objects.get(agency=world.agency_b).version == 1


def test_cached_computes_once_per_version(world) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cached(["x"], [world.agency_a.pk], compute) == 1
    assert cached(["x"], [world.agency_a.pk], compute) == 1
    bump([world.agency_a.pk])
    assert cached(["x"], [world.agency_a.pk], compute) == 2


def test_dashboard_shows_a_new_employee_at_once(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    client = client_for("admin_a")
    url = reverse("workforce:dashboard")
    assert client.get(url).context["summary"].total == 3
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    build.employee(world.dinkes, world.nurse_position, "Pegawai Baru", birth=date(1999, 9, 9))
    with CaptureQueriesContext(connection) as cold:
        summary = client.get(url).context["summary"]
    assert summary.total == 4
    assert len(warm.captured_queries) < len(cold.captured_queries)


def test_dashboards_of_different_scopes_do_not_share_figures(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    url = reverse("workforce:dashboard")
    admin = client_for("admin_a").get(url).context["summary"].total
    operator = client_for("operator_dinkes_a").get(url).context["summary"].total
    other = client_for("operator_other_opd_a").get(url).context["summary"].total
    assert (admin, operator, other) == (3, 2, 1)
    assert Employee.objects.count() == 4


def test_multi_agency_scope_groups_by_agency(world, client_for) -> None:  # type: ignore[no-untyped-def]
    world.users["evaluator_a"].assigned_agencies.add(world.agency_b)
    summary = client_for("evaluator_a").get(reverse("workforce:dashboard")).context["summary"]
    assert summary.multi_agency
    assert {name for _pk, name, _n in summary.by_opd} == {
        "Pemerintah Kota Palangka Raya",
        "Pemerintah Kota Banjarbaru",
    }
    assert summary.by_district == []


def test_a_national_view_recounts_only_the_agency_that_changed(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from formasi.workforce import dashboard

    root = build.user("root", None, is_superuser=True)
    recounted: list[list[int]] = []
    real = dashboard.count_agencies

    def spy(agency_ids: list[int], today: date):  # type: ignore[no-untyped-def]
        recounted.append(sorted(agency_ids))
        return real(agency_ids, today)

    monkeypatch.setattr(dashboard, "count_agencies", spy)
    today = date(2026, 11, 23)
    first = dashboard.headcount(root, today)
    build.employee(world.opd_b, build.position(world.agency_b), "Pegawai B", birth=date(1991, 1, 1))
    second = dashboard.headcount(root, today)
    assert recounted == [sorted([world.agency_a.pk, world.agency_b.pk]), [world.agency_b.pk]]
    assert (first.total, second.total) == (4, 5)
    assert sum(n for _c, _l, n in second.by_age) == 5
