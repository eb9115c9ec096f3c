"""The five-year plan pages (issue 5): the plan with its charts and tables, a what-if
scenario, the comparison, the xlsx and PDF, and the vacant posts forecast."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from formasi.planning import export as plan_export
from formasi.planning import fiveyear
from formasi.planning.export import SHEETS
from formasi.planning.models import Scenario
from formasi.planning.tables import next_october
from tests.personas import World
from tests.planning.builders import BASE_YEAR, add_plan_data, baseline, scenario_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_world(world: World) -> World:
    add_plan_data(world)
    return world


@pytest.fixture
def scenario(plan_world: World) -> Scenario:
    return baseline(plan_world)


@pytest.mark.parametrize("persona", ["admin_a", "evaluator_a", "leader_a"])
def test_plan_page_shows_the_baseline(client_for: Any, scenario: Scenario, persona: str) -> None:
    response = client_for(persona).get(reverse("planning:plan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="yearly-table"' in html
    assert 'data-testid="plan-lines"' in html
    for year in scenario.result["years"]:
        hires = scenario.result["plan"]["hires_by_year"][year - scenario.result["years"][0]]
        assert f'data-testid="hires-{year}">{hires}<' in html
    charts = response.context["charts"]
    assert charts["pyramid"]["bands"] == [r["band"] for r in scenario.result["age_pyramid"]]
    assert charts["ratio"]["cap"] == 30.0
    assert "Perawat Ahli Pertama" in html
    assert "Pahandut" in html or "Rakumpit" in html  # the kecamatan table
    # The form is for the admin only.
    assert ('data-testid="scenario-form"' in html) == (persona == "admin_a")


def test_plan_page_operator_403_and_nav(client_for: Any, scenario: Scenario) -> None:
    assert client_for("operator_dinkes_a").get(reverse("planning:plan")).status_code == 403
    nav = client_for("operator_dinkes_a").get(reverse("workload:peta")).content.decode()
    assert reverse("planning:plan") not in nav
    nav = client_for("leader_a").get(reverse("workload:peta")).content.decode()
    assert reverse("planning:plan") in nav and reverse("planning:vacancies") in nav


def test_other_agency_scenario_is_404(client_for: Any, scenario: Scenario) -> None:
    url = f"{reverse('planning:plan')}?skenario={scenario.pk}"
    assert client_for("admin_b").get(url).status_code == 404
    assert (
        client_for("admin_b").get(reverse("planning:plan_pdf", args=[scenario.pk])).status_code
        == 404
    )


def test_feasible_note_and_failed_state(client_for: Any, scenario: Scenario) -> None:
    result = dict(scenario.result)
    result["plan"] = {**result["plan"], "status": "feasible", "gap": None}
    Scenario.unscoped.filter(pk=scenario.pk).update(result=result)
    html = client_for("admin_a").get(reverse("planning:plan")).content.decode()
    assert 'data-testid="solver-note" data-status="feasible"' in html
    assert "belum terbukti terbaik" in html
    Scenario.unscoped.filter(pk=scenario.pk).update(state="failed", error="boom")
    html = client_for("admin_a").get(reverse("planning:plan")).content.decode()
    assert 'data-testid="scenario-error"' in html and "boom" in html


def test_running_scenario_polls_then_refreshes(client_for: Any, plan_world: World) -> None:
    s = Scenario.unscoped.create(agency=plan_world.agency_a, name="B", base_year=BASE_YEAR)
    client = client_for("admin_a")
    url = f"{reverse('planning:plan')}?skenario={s.pk}"
    html = client.get(url).content.decode()
    assert 'data-state="queued"' in html and "hx-get" in html
    poll = client.get(url, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in poll and 'data-testid="scenario-progress"' in poll.content.decode()
    fiveyear.compute(s)
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_create_scenario_saves_and_queues(
    client_for: Any, scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("planning:scenario_create"), scenario_form())
    assert response.status_code == 302
    created = Scenario.unscoped.get(name="Batas 25 %")
    assert response["Location"].endswith(f"?skenario={created.pk}")
    assert created.agency_id == scenario.agency_id and not created.is_baseline
    assert created.family_weights["administrasi"] == 0.4
    assert created.state == "done" and created.result["budget"]["cap"] == 0.25  # immediate backend
    # Make it the baseline.
    response = client.post(reverse("planning:scenario_baseline", args=[created.pk]))
    assert response.status_code == 302
    assert list(Scenario.unscoped.filter(is_baseline=True)) == [created]


def test_create_scenario_invalid(client_for: Any, scenario: Scenario) -> None:
    response = client_for("admin_a").post(
        reverse("planning:scenario_create"), scenario_form(cap_percent="200")
    )
    assert response.status_code == 400
    assert not Scenario.unscoped.filter(name="Batas 25 %").exists()
    assert response.context["form"].errors["cap_percent"]
    assert (
        client_for("leader_a")
        .post(reverse("planning:scenario_create"), scenario_form())
        .status_code
        == 403
    )


def test_compare(client_for: Any, plan_world: World, scenario: Scenario) -> None:
    other = baseline(plan_world, name="Batas 25 %", is_baseline=False, cap_percent=25)
    url = f"{reverse('planning:compare')}?a={scenario.pk}&b={other.pk}"
    response = client_for("evaluator_a").get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="compare-table"' in html and "Batas 25 %" in html
    rows = response.context["rows"]
    assert [r["year"] for r in rows] == scenario.result["years"]
    assert rows[0]["cells"][1]["hires"] == other.result["plan"]["hires_by_year"][0]
    assert client_for("admin_b").get(url).status_code == 404
    assert client_for("admin_a").get(f"{reverse('planning:compare')}?a=x").status_code == 404


def test_xlsx_sheets(client_for: Any, scenario: Scenario) -> None:
    response = client_for("leader_a").get(reverse("planning:plan_xlsx", args=[scenario.pk]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == list(SHEETS)
    rows = list(wb["1 Jabatan"].values)
    names = {r[1]: r[3] for r in rows[1:]}
    assert names["Perawat Ahli Pertama"] == 8 and names["Guru Kelas Ahli Pertama"] == 5
    bup = list(wb["4 BUP"].values)
    assert bup[0][2] == f"BUP {BASE_YEAR + 1}"
    head = next(r for r in bup if r[1] == "Kepala Dinas Kesehatan")
    assert sum(head[2:]) == 1
    ends = next(r for r in wb["5 PPPK berakhir"].values if r[1] == "Perawat Ahli Pertama")
    assert sum(ends[2:]) == 1
    assert len(list(wb["Rekrutmen"].values)) == len(scenario.result["plan"]["lines"]) + 1
    budget = list(wb["Anggaran"].values)
    assert budget[1][6] == 30
    # Deterministic: the same scenario gives the same bytes.
    assert plan_export.workbook(scenario) == response.content


def test_not_computed_is_404(client_for: Any, plan_world: World) -> None:
    s = Scenario.unscoped.create(agency=plan_world.agency_a, name="B", base_year=BASE_YEAR)
    assert client_for("admin_a").get(reverse("planning:plan_xlsx", args=[s.pk])).status_code == 404


def test_vacancies_match_the_report(client_for: Any, plan_world: World) -> None:
    today = date.today()
    on = next_october(today)
    report = fiveyear.vacancy_report([plan_world.agency_a.pk], today=today, on=on)
    level = report.levels[0]
    response = client_for("leader_a").get(reverse("planning:vacancies"))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["on"] == on
    assert (
        f"JPT pratama: {level.posts} jabatan dengan {level.seats} formasi, {level.filled} "
        f"terisi, {level.empty} kosong, {level.newly_empty} lagi kosong per" in html
    )
    assert "Hendra Gunawan" in html and "pensiun (BUP)" in html
    assert plan_world.employee_dinkes.nik not in html and "1966-" not in html


def test_vacancies_date(client_for: Any, plan_world: World) -> None:
    client = client_for("admin_a")
    response = client.get(reverse("planning:vacancies"), {"tanggal": "2099-13-01"})
    assert response.status_code == 400
    assert "bukan tanggal" in response.content.decode()
    future = date(date.today().year + 3, 1, 1)
    response = client.get(reverse("planning:vacancies"), {"tanggal": future.isoformat()})
    assert response.status_code == 200 and response.context["on"] == future
    past = client.get(reverse("planning:vacancies"), {"tanggal": "2000-01-01"})
    assert past.status_code == 400


def test_charts_are_json(client_for: Any, scenario: Scenario) -> None:
    html = client_for("admin_a").get(reverse("planning:plan")).content.decode()
    start = html.index('<script id="plan-charts" type="application/json">') + 49
    data = json.loads(html[start : html.index("</script>", start)])
    assert set(data) == {"pyramid", "wave", "supply", "ratio"}


def test_the_retirement_chart_names_families_in_words(client_for: Any, scenario: Scenario) -> None:
    """Issue 17: the legend showed raw keys ("ti", "administrasi"); it names the families in
    the reader's language (English here, where no label equals its key)."""
    from formasi.organization.models import Position

    client = client_for("admin_a")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("planning:plan")).content.decode()
    start = html.index('<script id="plan-charts" type="application/json">') + 49
    series = json.loads(html[start : html.index("</script>", start)])["wave"]["series"]
    names = {s["name"] for s in series}
    assert names and not set(Position.Family.values) & names
    assert "Teacher" in names
