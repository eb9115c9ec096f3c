"""The unit and position lists (issue 21): paginated in a stable order, filtered by name and,
for a scope of several agencies, by agency; the headcount counted for the page's rows only."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import builders as build
from tests.personas import World

pytestmark = pytest.mark.django_db
UNITS = reverse("organization:unit_list")
POSITIONS = reverse("organization:position_list")


def _rows(client: Any, url: str, **params: Any) -> list[Any]:
    response = client.get(url, params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def _superuser_client(client: Any) -> Any:
    client.force_login(build.user("root", None, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (
            "admin_a",
            {"Dinas Kesehatan", "Puskesmas Rakumpit", "Dinas Pendidikan", "SDN 1 Rakumpit"},
        ),
        ("operator_dinkes_a", {"Dinas Kesehatan", "Puskesmas Rakumpit"}),
        ("admin_b", {"Dinas Kesehatan Banjarbaru"}),
    ],
)
def test_units_per_role_with_their_headcount(
    world: World, client_for: Any, persona: str, expected: set[str]
) -> None:
    rows = _rows(client_for(persona), UNITS)
    assert {u.name for u in rows} == expected
    heads = {u.name: u.headcount for u in rows}
    assert heads.get("Puskesmas Rakumpit", 1) == 1 and heads.get("Dinas Pendidikan", 0) == 0


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_a", {"Perawat Ahli Pertama": 2, "Guru Kelas Ahli Pertama": 1}),
        ("admin_b", {"Perawat Ahli Pertama": 1}),
    ],
)
def test_positions_per_role_with_their_headcount(
    world: World, client_for: Any, persona: str, expected: dict[str, int]
) -> None:
    rows = _rows(client_for(persona), POSITIONS)
    assert {p.name: p.headcount for p in rows} == expected


def test_inactive_people_are_not_counted(world: World, client_for: Any) -> None:
    world.employee_puskesmas.active = False
    world.employee_puskesmas.save()
    heads = {u.name: u.headcount for u in _rows(client_for("admin_a"), UNITS)}
    assert heads["Puskesmas Rakumpit"] == 0


@pytest.mark.parametrize("url", [UNITS, POSITIONS])
def test_pages_are_stable_and_complete(
    world: World, client_for: Any, settings: Any, url: str
) -> None:
    client = client_for("admin_a")
    whole = [row.pk for row in _rows(client, url)]
    settings.PAGE_SIZE = 1
    pages = [_rows(client, url, page=n) for n in range(1, len(whole) + 1)]
    assert [row.pk for rows in pages for row in rows] == whole
    assert len(whole) == len(set(whole)) > 1


@pytest.mark.parametrize("url", [UNITS, POSITIONS])
def test_headcount_is_one_query_whatever_the_page_size(
    world: World, client_for: Any, settings: Any, url: str
) -> None:
    client = client_for("admin_a")
    client.get(url)  # the cached total
    settings.PAGE_SIZE = 1
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    settings.PAGE_SIZE = 50
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(one) == len(many)


def test_units_filter_by_name(world: World, client_for: Any) -> None:
    rows = _rows(client_for("admin_a"), UNITS, q="rakumpit")
    assert {u.name for u in rows} == {"Puskesmas Rakumpit", "SDN 1 Rakumpit"}
    html = client_for("admin_a").get(UNITS, {"q": "nothing-like-this"}).content.decode()
    assert 'data-testid="list-filter"' in html and "Puskesmas" not in html


def test_positions_filter_by_name(world: World, client_for: Any) -> None:
    assert {p.name for p in _rows(client_for("admin_a"), POSITIONS, q="guru")} == {
        "Guru Kelas Ahli Pertama"
    }


def test_one_agency_has_no_agency_filter(world: World, client_for: Any) -> None:
    response = client_for("admin_a").get(UNITS)
    assert "agency" not in response.context["filter_form"].fields


@pytest.mark.parametrize("url", [UNITS, POSITIONS])
def test_a_superuser_filters_by_agency(world: World, client: Any, url: str) -> None:
    client = _superuser_client(client)
    response = client.get(url)
    assert "agency" in response.context["filter_form"].fields
    agencies = {row.agency_id for row in response.context["page"].object_list}
    assert agencies == {world.agency_a.pk, world.agency_b.pk}
    only_b = _rows(client, url, agency=world.agency_b.pk)
    assert {row.agency_id for row in only_b} == {world.agency_b.pk}
    assert world.agency_b.name in client.get(url).content.decode()


def test_an_evaluator_sees_units_but_not_the_other_agency(world: World, client_for: Any) -> None:
    rows = _rows(client_for("evaluator_a"), UNITS)
    assert world.opd_b.name not in {u.name for u in rows}
