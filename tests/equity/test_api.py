"""GET /api/v1/equity/areas, scoped like the page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.equity.builders import add_equity_data
from tests.personas import World

pytestmark = pytest.mark.django_db
URL = "/api/v1/equity/areas"


@pytest.mark.parametrize(
    "persona", ["admin_a", "operator_dinkes_a", "operator_other_opd_a", "evaluator_a", "leader_a"]
)
def test_every_role_of_agency_a_reads_the_kota(client_for: Any, world: World, persona: str) -> None:
    add_equity_data(world)
    body = client_for(persona).get(URL, {"wilayah": "62.71"}).json()
    assert body["level"] == "kecamatan" and body["parent"]["code"] == "62.71"
    assert [a["code"] for a in body["areas"]] == ["62.71.01", "62.71.05"]


def test_the_answer_carries_indicators_indices_and_reasons(client_for: Any, world: World) -> None:
    add_equity_data(world)
    body = client_for("admin_a").get(URL).json()
    rakumpit = body["areas"][1]
    assert (rakumpit["staff"], rakumpit["need"], rakumpit["shortage"], rakumpit["excess"]) == (
        5, 6, 3, 2,
    )  # fmt: skip
    assert rakumpit["per_1000"] is None
    assert [i["measure"] for i in body["indices"]] == ["per_resident", "fulfilment"]
    first = body["underserved"][0]
    assert first["code"] == "62.71.05" and "family_shortage" in first["reasons"]
    assert first["text"].startswith("Rakumpit: kurang")
    assert {d["index"] for d in body["decomposition"]} == {"T", "L"}


def test_an_operator_counts_their_opd_only(client_for: Any, world: World) -> None:
    add_equity_data(world)
    body = client_for("operator_other_opd_a").get(URL).json()
    rakumpit = body["areas"][1]
    assert (rakumpit["staff"], rakumpit["need"]) == (1, 2)


@pytest.mark.parametrize(
    ("persona", "query"),
    [("admin_b", {"wilayah": "62.71.05"}), ("admin_a", {"wilayah": "62.99"})],
)
def test_foreign_or_unknown_areas_are_404(
    client_for: Any, world: World, persona: str, query: dict[str, str]
) -> None:
    assert client_for(persona).get(URL, query).status_code == 404


@pytest.mark.parametrize(
    ("query", "detail"),
    [({"keluarga": "x"}, "Rumpun jabatan tidak dikenal."), ({"ambang": "5"}, "Ambang")],
)
def test_bad_input_is_400_in_indonesian(
    client_for: Any, world: World, query: dict[str, str], detail: str
) -> None:
    response = client_for("admin_a").get(URL, query)
    assert response.status_code == 400 and response.json()["detail"].startswith(detail)


def test_anonymous_is_401(client_for: Any, world: World) -> None:
    assert client_for("anonymous").get(URL).status_code == 401
