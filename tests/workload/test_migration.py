"""Workload's models moved out of planning (issue 14) without losing a row.

The demo city (at its smallest size) is loaded, migrated back to the state before the move —
the tables get their planning_* names, as in a database made before the change — and its
figures are read there with plain SQL: every need and ABK task, their history rows, the peta
jabatan cells (need and bezetting per unit × position) and the content types. Then it is migrated
forward, and the same figures are read again, from the workload_* tables and through the services
(the peta jabatan, the open posts placement fills, a five-year plan recomputed): all must match.
"""

# ruff: noqa: S608  (table names are this file's constants: the two sides of the move)

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from formasi.demo.loader import load_demo
from formasi.organization.models import Agency, OrgUnit
from formasi.placement.models import PlacementRun
from formasi.placement.services import open_posts
from formasi.planning import fiveyear
from formasi.planning.models import Scenario
from formasi.workload.models import AbkTask, PositionNeed, WorkloadSettings
from formasi.workload.services import peta_jabatan

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
BEFORE = [("planning", "0004_scenario_bounds")]
MOVED = ("positionneed", "abktask", "historicalpositionneed", "historicalabktask")


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


def _rows(sql: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]


def _snapshot(prefix: str, settings_model: str) -> dict[str, Any]:
    """The figures, read with SQL from the tables of one side of the move."""
    needs = _rows(
        f"SELECT id, agency_id, unit_id, position_id, source, exact, count, basis, updated_by_id"
        f" FROM {prefix}_positionneed ORDER BY id"
    )
    tasks = _rows(
        f"SELECT id, need_id, {connection.ops.quote_name('order')}, description, output_unit,"
        f" volume, norm_minutes FROM {prefix}_abktask ORDER BY id"
    )
    active = "TRUE" if connection.vendor == "postgresql" else "1"
    bezetting = Counter(
        _rows(f"SELECT unit_id, position_id FROM workforce_employee WHERE active = {active}")
    )
    cells = {(n[2], n[3]): (n[6], bezetting.get((n[2], n[3]), 0)) for n in needs}
    return {
        "needs": [(*n[:5], Decimal(str(n[5])), *n[6:]) for n in needs],
        "tasks": [(*t[:5], Decimal(str(t[5])), Decimal(str(t[6]))) for t in tasks],
        "need_sum": sum(n[6] for n in needs),
        "history": {
            "needs": _rows(f"SELECT COUNT(*) FROM {prefix}_historicalpositionneed")[0][0],
            "tasks": _rows(f"SELECT COUNT(*) FROM {prefix}_historicalabktask")[0][0],
        },
        "settings": _rows(
            f"SELECT agency_id, effective_minutes, rounding, bands FROM {prefix}_{settings_model}"
        ),
        "cells": cells,
    }


def _content_types(app_label: str, names: tuple[str, ...]) -> dict[str, int]:
    rows = ContentType.objects.filter(app_label=app_label, model__in=names)
    return {ct.model: ct.pk for ct in rows}


def _peta_cells(user: Any) -> dict[tuple[int, int], tuple[int, int]]:
    """Need and bezetting of every cell with a need, as the peta jabatan shows them."""
    cells = {}
    for opd in OrgUnit.unscoped.filter(parent__isnull=True):
        for peta in peta_jabatan(user, opd):
            for row in peta.rows:
                if row.need is not None:
                    cells[peta.unit.pk, row.position.pk] = (row.gap.need, row.gap.bezetting)
    return cells


def _plan_figures(result: dict[str, Any]) -> dict[str, Any]:
    """The result as stored (JSON), without when it was computed."""
    stored = json.loads(json.dumps(result, cls=DjangoJSONEncoder))
    return {key: value for key, value in stored.items() if key != "computed_at"}


@pytest.mark.django_db(transaction=True)
@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_a_demo_database_made_before_the_move_migrates_forward_with_the_same_figures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The plan is computed twice; only the solver's deterministic time may stop it, so that a
    # loaded machine (the wall clock firing first) cannot make the two plans differ.
    monkeypatch.setattr(fiveyear, "SOLVER_WALL_SECONDS", 600.0)
    latest = _latest()
    load_demo(seed=11, size=600)
    agency = Agency.unscoped.get()
    admin = get_user_model().objects.get(username="admin")
    WorkloadSettings.objects.get_or_create(agency=agency)  # so the settings table has a row
    need = PositionNeed.unscoped.order_by("id").first()
    assert need is not None
    need_type = ContentType.objects.get_for_model(PositionNeed)
    LogEntry.objects.create(
        user=admin,
        content_type=need_type,
        object_id=str(need.pk),
        object_repr=str(need),
        action_flag=CHANGE,
    )
    baseline = Scenario.unscoped.get(agency=agency, is_baseline=True)
    fiveyear.compute(baseline)
    baseline.refresh_from_db()
    assert baseline.result is not None
    posts = open_posts(agency, PlacementRun.Kind.NEW_HIRES)
    new_types = _content_types("workload", (*MOVED, "workloadsettings"))
    permissions = set(
        Permission.objects.filter(content_type__app_label="workload").values_list(
            "content_type_id", "codename"
        )
    )
    try:
        # ---- back to a database as it was before the move
        _migrate(BEFORE)
        tables = _tables()
        assert "planning_positionneed" in tables
        assert "planning_planningsettings" in tables
        assert not {t for t in tables if t.startswith("workload_")}
        old = _snapshot("planning", "planningsettings")
        old_types = _content_types("planning", (*MOVED, "planningsettings"))
        assert old["needs"] and old["tasks"] and old["history"]["needs"]
        assert old_types["positionneed"] == new_types["positionneed"]
        assert old_types["planningsettings"] == new_types["workloadsettings"]
        assert Permission.objects.filter(codename="change_planningsettings").exists()
        assert not _content_types("workload", (*MOVED, "workloadsettings"))

        # ---- and forward again
        _migrate(latest)
        tables = _tables()
        assert not {f"planning_{name}" for name in (*MOVED, "planningsettings")} & tables
        new = _snapshot("workload", "workloadsettings")
        assert new == old
        assert _content_types("workload", (*MOVED, "workloadsettings")) == new_types
        assert not _content_types("planning", (*MOVED, "planningsettings"))
        moved_permissions = Permission.objects.filter(content_type__app_label="workload")
        assert set(moved_permissions.values_list("content_type_id", "codename")) == permissions

        # The models, the services and the admin log read the same figures.
        assert PositionNeed.unscoped.count() == len(old["needs"])
        assert AbkTask.objects.count() == len(old["tasks"])
        assert PositionNeed.history.count() == old["history"]["needs"]
        assert AbkTask.history.count() == old["history"]["tasks"]
        assert _peta_cells(admin) == old["cells"]
        assert open_posts(agency, PlacementRun.Kind.NEW_HIRES) == posts
        entry = LogEntry.objects.get(object_id=str(need.pk), content_type__app_label="workload")
        assert entry.get_edited_object() == need
        again = fiveyear.run(Scenario.unscoped.get(pk=baseline.pk))
        assert _plan_figures(again) == _plan_figures(baseline.result)
    finally:
        _migrate(latest)  # leave the schema as the other tests expect it
