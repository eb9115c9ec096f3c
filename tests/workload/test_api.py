"""The planning API per role: needs list, peta jabatan, ABK task list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from formasi.workload.models import PositionNeed
from tests.personas import PERSONAS, World

TASKS = {
    "tasks": [
        {
            "description": "Asuhan keperawatan",
            "output_unit": "pasien",
            "volume": 1200,
            "norm_minutes": 30,
        },
        {"description": "Penyuluhan", "output_unit": "kegiatan", "volume": 600, "norm_minutes": 45},
        {"description": "Pelaporan", "output_unit": "laporan", "volume": 300, "norm_minutes": 60},
    ]
}
# persona order: admin_a, operator_dinkes_a, operator_other_opd_a, evaluator_a, leader_a,
# admin_b, anonymous
NEW = '"0"'  # the ETag of a position without a need yet
PUT_EXPECTED = (200, 200, 404, 403, 403, 404, 401)
PETA_EXPECTED = (200, 200, 404, 200, 200, 404, 401)


def _url(world: World) -> str:
    return f"/api/v1/needs/{world.puskesmas.pk}/{world.nurse_position.pk}/abk"


@pytest.mark.parametrize(("persona", "expected"), list(zip(PERSONAS, PUT_EXPECTED, strict=True)))
def test_put_abk_per_role(world: World, client_for: Any, persona: str, expected: int) -> None:
    response = client_for(persona).put(
        _url(world), TASKS, content_type="application/json", HTTP_IF_MATCH=NEW
    )
    assert response.status_code == expected, response.content
    if expected == 200:
        assert response.json()["exact"] == "1.0800" or Decimal(response.json()["exact"]) == Decimal(
            "1.08"
        )
        assert response.json()["count"] == 1
        assert PositionNeed.unscoped.get().tasks.count() == 3
    else:
        assert not PositionNeed.unscoped.exists()


def test_put_abk_refuses_bad_tasks_and_saves_nothing(world: World, client_for: Any) -> None:
    bad = {"tasks": [{"description": "", "volume": -1, "norm_minutes": 30}]}
    response = client_for("admin_a").put(
        _url(world), bad, content_type="application/json", HTTP_IF_MATCH=NEW
    )
    assert response.status_code == 422
    assert not PositionNeed.unscoped.exists()


@pytest.mark.parametrize(("persona", "expected"), list(zip(PERSONAS, PETA_EXPECTED, strict=True)))
def test_peta_jabatan_per_role(world: World, client_for: Any, persona: str, expected: int) -> None:
    client_for("admin_a").put(
        _url(world), TASKS, content_type="application/json", HTTP_IF_MATCH=NEW
    )
    response = client_for(persona).get(f"/api/v1/peta-jabatan/{world.dinkes.pk}")
    assert response.status_code == expected
    if expected == 200:
        units = {u["unit_id"]: u for u in response.json()}
        row = units[world.puskesmas.pk]["rows"][0]
        assert (row["need"], row["bezetting"], row["source"]) == (1, 1, "abk")
        assert row["performance"] in {"A", "B", "C", "D", "E"}


def test_needs_list_is_scoped(world: World, client_for: Any) -> None:
    client_for("admin_a").put(
        _url(world), TASKS, content_type="application/json", HTTP_IF_MATCH=NEW
    )
    assert len(client_for("admin_a").get("/api/v1/needs").json()["items"]) == 1
    assert client_for("operator_other_opd_a").get("/api/v1/needs").json()["items"] == []
    assert client_for("admin_b").get("/api/v1/needs").json()["items"] == []
