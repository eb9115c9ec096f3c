"""The peta jabatan as a working tool (issue 17): folded tree with unit totals, a unit opened in
place (htmx), filters and sort in the URL, the largest shortages and excesses, the xlsx with the
same filters, and EJ/PJ that say why they are empty."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from formasi.workload.models import PositionNeed
from formasi.workload.services import save_abk_tasks
from tests import builders as build
from tests.personas import World
from tests.workload.builders import TASKS, need

# persona -> status of the Dinas Kesehatan of agency A
STATUS = {
    "admin_a": 200,
    "operator_dinkes_a": 200,
    "operator_other_opd_a": 404,
    "evaluator_a": 200,
    "leader_a": 200,
    "admin_b": 404,
    "anonymous": 302,
}


def _peta(world: World, query: str = "") -> str:
    url = reverse("workload:peta_opd", args=[world.dinkes.pk])
    return f"{url}?{query}" if query else url


def _clinic(world: World) -> dict[str, Any]:
    """Dinas Kesehatan with four cells: the puskesmas short 3 nurses and 1 doctor (a
    pelaksana-free health family), one admin clerk over by 2 (pelaksana, administrasi), and
    the Dinas's own nurse (need 1, one there: balanced)."""
    doctor = build.position(world.agency_a, "Dokter Ahli Pertama")
    clerk = build.position(
        world.agency_a, "Pengadministrasi Umum", kind="pelaksana", jenjang="", family="administrasi"
    )
    need(world.puskesmas, world.nurse_position, 4)  # one nurse there: short 3
    need(world.puskesmas, doctor, 1)  # nobody: short 1
    need(world.puskesmas, clerk, 0)
    build.employee(world.puskesmas, clerk, "Rina Kartika", sex="F")
    build.employee(world.puskesmas, clerk, "Budi Santoso")  # two clerks, need 0: over 2
    need(world.dinkes, world.nurse_position, 1)  # Siti is there: balanced
    return {"doctor": doctor, "clerk": clerk}


@pytest.mark.parametrize("persona", list(STATUS))
def test_the_peta_per_role(world: World, client_for: Any, persona: str) -> None:
    _clinic(world)
    assert client_for(persona).get(_peta(world)).status_code == STATUS[persona]


def test_the_peta_opens_folded_with_unit_totals(world: World, client_for: Any) -> None:
    _clinic(world)
    response = client_for("admin_a").get(_peta(world))
    html = response.content.decode()
    assert 'data-testid="peta-row-' not in html  # no position rows until a unit is opened
    units = {u.unit.pk: u for u in response.context["view"].units}
    assert (units[world.dinkes.pk].total.shortage, units[world.dinkes.pk].total.excess) == (4, 2)
    assert (units[world.puskesmas.pk].total.need, units[world.puskesmas.pk].total.bezetting) == (
        5,
        3,
    )
    assert f'data-testid="toggle-{world.puskesmas.pk}"' in html
    # the OPD's totals on top: the word carries the direction, no sign
    assert "kurang 4" in html and "kurang −4" not in html


def test_a_unit_opens_and_folds_in_place(world: World, client_for: Any) -> None:
    _clinic(world)
    client = client_for("operator_dinkes_a")
    url = reverse("workload:peta_unit", args=[world.dinkes.pk, world.puskesmas.pk])
    opened = client.get(url + "?open=1").content.decode()
    assert opened.lstrip().startswith("<tbody")
    assert f"peta-row-{world.puskesmas.pk}-{world.nurse_position.pk}" in opened
    assert 'aria-expanded="true"' in opened
    folded = client.get(url).content.decode()
    assert "peta-row-" not in folded and 'aria-expanded="false"' in folded
    # the filters travel with the toggle
    short = client.get(url + "?open=1&gap=short").content.decode()
    assert "Pengadministrasi Umum" not in short and "Dokter Ahli Pertama" in short
    assert "gap=short&amp;open=0" in short


@pytest.mark.parametrize("persona", list(STATUS))
def test_the_unit_partial_per_role(world: World, client_for: Any, persona: str) -> None:
    url = reverse("workload:peta_unit", args=[world.dinkes.pk, world.puskesmas.pk])
    assert client_for(persona).get(url + "?open=1").status_code == STATUS[persona]


def test_the_unit_partial_refuses_a_unit_outside_the_opd(world: World, client_for: Any) -> None:
    url = reverse("workload:peta_unit", args=[world.dinkes.pk, world.school.pk])
    assert client_for("admin_a").get(url).status_code == 404


def test_the_summary_ranks_the_largest_shortages_and_excesses(
    world: World, client_for: Any
) -> None:
    extra = _clinic(world)
    response = client_for("admin_a").get(_peta(world, "family=kesehatan"))
    view = response.context["view"]
    assert [(c.row.position.pk, c.row.gap.shortage) for c in view.shortages] == [
        (world.nurse_position.pk, 3),
        (extra["doctor"].pk, 1),
    ]
    assert view.excesses == []  # the clerks are filtered out
    html = response.content.decode()
    link = f"family=kesehatan&amp;open={world.puskesmas.pk}#row-{world.puskesmas.pk}-"
    assert link in html


def test_the_summary_keeps_ten(world: World, client_for: Any) -> None:
    for i in range(12):
        need(world.puskesmas, build.position(world.agency_a, f"Bidan {i}"), i + 1)
    view = client_for("admin_a").get(_peta(world)).context["view"]
    assert [c.row.gap.shortage for c in view.shortages] == list(range(12, 2, -1))


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("gap=short", {"Perawat Ahli Pertama", "Dokter Ahli Pertama"}),
        ("gap=over", {"Pengadministrasi Umum"}),
        ("kind=pelaksana", {"Pengadministrasi Umum"}),
        ("family=administrasi", {"Pengadministrasi Umum"}),
        ("kind=struktural", set()),
        ("kind=nonsense&family=nonsense&gap=x", None),  # unknown values filter nothing
    ],
)
def test_filters_keep_the_matching_rows(
    world: World, client_for: Any, query: str, kept: set[str] | None
) -> None:
    _clinic(world)
    response = client_for("admin_a").get(_peta(world, query + "&open=all"))
    view = response.context["view"]
    names = {c.row.position.name for c in view.cells() if c.unit.unit == world.puskesmas}
    everything = {"Perawat Ahli Pertama", "Dokter Ahli Pertama", "Pengadministrasi Umum"}
    assert names == (everything if kept is None else kept)
    if kept == set():
        assert "Tidak ada jabatan yang cocok" in response.content.decode()


def test_the_unit_filter_shows_that_subtree_only(world: World, client_for: Any) -> None:
    _clinic(world)
    response = client_for("admin_a").get(_peta(world, f"unit={world.puskesmas.pk}"))
    units = [u.unit for u in response.context["view"].units]
    assert units == [world.puskesmas]
    assert response.context["view"].units[0].depth == 1  # still indented under the OPD
    # a unit of another OPD is ignored: the whole Dinas Kesehatan
    other = client_for("admin_a").get(_peta(world, f"unit={world.school.pk}"))
    assert other.context["view"].units[0].unit == world.dinkes


def test_sorted_by_shortage_is_one_flat_paginated_list(world: World, client_for: Any) -> None:
    _clinic(world)
    response = client_for("admin_a").get(_peta(world, "sort=shortage"))
    rows = [c.row.gap.shortage for c in response.context["rows_page"]]
    assert rows == sorted(rows, reverse=True) and rows[0] == 3
    html = response.content.decode()
    assert 'data-testid="peta-rows"' in html and "Puskesmas Rakumpit" in html


def test_the_xlsx_takes_the_same_filters(world: World, client_for: Any) -> None:
    _clinic(world)
    client = client_for("admin_a")
    html = client.get(_peta(world, "gap=short&sort=shortage")).content.decode()
    xlsx_url = reverse("workload:peta_xlsx", args=[world.dinkes.pk]) + "?gap=short&sort=shortage"
    assert xlsx_url.replace("&", "&amp;") in html
    response = client.get(xlsx_url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[3]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert [(r["Jabatan"], r["Kurang"]) for r in rows] == [
        ("Perawat Ahli Pertama", 3),
        ("Dokter Ahli Pertama", 1),
    ]
    assert rows[0]["Keterangan EJ/PJ"] == "kebutuhan dari standar, bukan ABK"


@pytest.mark.parametrize("persona", list(STATUS))
def test_the_xlsx_per_role(world: World, client_for: Any, persona: str) -> None:
    url = reverse("workload:peta_xlsx", args=[world.dinkes.pk])
    assert client_for(persona).get(url).status_code == STATUS[persona]


def test_ej_and_pj_say_why_they_are_empty(world: World, client_for: Any) -> None:
    """A need from a standard has no EJ/PJ ("kebutuhan dari standar, bukan ABK"); an ABK
    whose tasks were all removed has no grade ("belum ada uraian tugas"), not "E"."""
    _clinic(world)
    save_abk_tasks(
        unit=world.dinkes, position=world.nurse_position, tasks=[], actor=world.users["admin_a"]
    )
    response = client_for("admin_a").get(_peta(world, "open=all"))
    rows = {(c.unit.unit.pk, c.row.position.pk): c.row for c in response.context["view"].cells()}
    from_standard = rows[(world.puskesmas.pk, world.nurse_position.pk)]
    without_tasks = rows[(world.dinkes.pk, world.nurse_position.pk)]
    assert from_standard.grade is None and without_tasks.grade is None
    html = response.content.decode()
    assert "kebutuhan dari standar, bukan ABK" in html
    assert "belum ada uraian tugas" in html


def test_an_abk_with_tasks_and_people_is_graded(world: World, client_for: Any) -> None:
    save_abk_tasks(
        unit=world.puskesmas,
        position=world.nurse_position,
        tasks=TASKS,
        actor=world.users["admin_a"],
    )
    response = client_for("admin_a").get(_peta(world, "open=all"))
    [row] = [c.row for c in response.context["view"].cells() if c.unit.unit == world.puskesmas]
    assert row.grade == "A" and row.no_grade is None
    assert PositionNeed.unscoped.get(unit=world.puskesmas).source == "abk"
