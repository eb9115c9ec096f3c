"""The training pages per role: the plan filtered by kecamatan and its xlsx, gaps, the 20 JP
right, the standards, one employee's page and its two forms, and the card on the talent page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from formasi.training.models import CompetencyRecord, DevelopmentRecord, PlanLine
from tests.personas import World
from tests.talent import builders as talent
from tests.training import builders as build
from tests.training.builders import YEAR


@pytest.fixture
def data(world: World) -> dict:
    found = build.training_data(world)
    build.line(world.employee_dinkes, found["digital"], provider="BPSDM Kalteng")
    build.line(world.employee_puskesmas, title="Bimtek SIAK")
    build.line(world.employee_b, title="Pelatihan di Banjarbaru")
    build.hours(world.employee_dinkes, 24)
    build.hours(world.employee_puskesmas, 6)
    return found


def _plan(client, **query: str):  # type: ignore[no-untyped-def]
    return client.get(reverse("training:plan"), {"tahun": str(YEAR), **query})


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("admin_a", {"Siti Rahmawati", "Yohanes Ahang"}),
        ("operator_dinkes_a", {"Siti Rahmawati", "Yohanes Ahang"}),
        ("operator_other_opd_a", set()),
        ("evaluator_a", {"Siti Rahmawati", "Yohanes Ahang"}),
        ("leader_a", {"Siti Rahmawati", "Yohanes Ahang"}),
        ("admin_b", {"Ahmad Fauzi"}),
    ],
)
def test_plan_shows_the_lines_in_scope(world, client_for, data, persona, names) -> None:  # type: ignore[no-untyped-def]
    response = _plan(client_for(persona))
    assert response.status_code == 200
    shown = {line.employee.name for line in response.context["lines"]}
    assert shown == names
    assert ("plan-generate" in response.content.decode()) == (
        persona not in ("evaluator_a", "leader_a")
    )


def test_plan_filtered_by_district_and_family(world, client_for, data) -> None:  # type: ignore[no-untyped-def]
    client = client_for("admin_a")
    # The puskesmas stands in Rakumpit; the Dinas Kesehatan in Pahandut.
    rakumpit = _plan(client, **{"kecamatan": str(world.district_a2.pk)})
    assert [ln.employee.name for ln in rakumpit.context["lines"]] == ["Yohanes Ahang"]
    assert [ln.what for ln in _plan(client).context["lines"] if ln.competency_id] == [
        "Literasi digital layanan"
    ]
    assert not _plan(client, rumpun="guru").context["lines"]


def test_export_is_the_filtered_plan_as_xlsx(world, client_for, data) -> None:  # type: ignore[no-untyped-def]
    response = client_for("evaluator_a").get(
        reverse("training:plan_export"), {"tahun": str(YEAR), "kecamatan": world.district_a2.pk}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and "Yohanes Ahang" in rows[1] and "Bimtek SIAK" in rows[1]


def test_generate_adds_lines_and_says_how_many(world, client_for, data) -> None:  # type: ignore[no-untyped-def]
    PlanLine.unscoped.all().delete()
    response = client_for("admin_a").post(
        reverse("training:plan_generate"),
        {"agency": world.agency_a.code, "tahun": YEAR},
        follow=True,
    )
    assert response.status_code == 200
    assert PlanLine.unscoped.filter(employee=world.employee_dinkes, source="gap").count() == 2
    assert "2 baris ditambahkan dari kesenjangan kompetensi" in response.content.decode()


def test_generate_is_refused_to_readers(world, client_for, data) -> None:  # type: ignore[no-untyped-def]
    before = PlanLine.unscoped.count()
    for persona in ("evaluator_a", "leader_a"):
        response = client_for(persona).post(reverse("training:plan_generate"), {"tahun": YEAR})
        assert response.status_code == 403
    assert PlanLine.unscoped.count() == before


def test_gaps_per_unit(world, client_for, data) -> None:  # type: ignore[no-untyped-def]
    response = client_for("admin_a").get(reverse("training:gaps"), {"tahun": str(YEAR)})
    rows = {r.competency.code: r.gap for r in response.context["rows"]}
    # Two nurses held to digital 3: Siti at 1 (gap 2), Yohanes not assessed (gap 3).
    assert (rows[build.DIGITAL].people, rows[build.DIGITAL].short) == (2, 2)
    assert rows[build.DIGITAL].total == 5
    assert rows["MNJ-PP"].short == 1  # Siti meets it
    other = client_for("operator_other_opd_a").get(reverse("training:gaps"))
    assert other.context["rows"] == []


def test_hours_lists_who_is_below_the_right(world, client_for, data) -> None:  # type: ignore[no-untyped-def]
    response = client_for("leader_a").get(reverse("training:hours"), {"tahun": str(YEAR)})
    below = [r.employee.name for r in response.context["below"]]
    assert "Yohanes Ahang" in below and "Siti Rahmawati" not in below  # 6 JP vs 24 JP
    assert response.context["staff"] == 3 and response.context["below_count"] == 2


def test_standards_page(world, client_for, data) -> None:  # type: ignore[no-untyped-def]
    response = client_for("operator_dinkes_a").get(reverse("training:standards"))
    assert len(response.context["rows"]) == 3


def test_employee_page_and_forms(world, client_for, data) -> None:  # type: ignore[no-untyped-def]
    client = client_for("operator_dinkes_a")
    url = reverse("training:employee", args=[world.employee_puskesmas.pk])
    page = client.get(url, {"tahun": str(YEAR)})
    gaps = {c.code: g.gap for c, g in page.context["gaps"]}
    assert gaps == {build.DIGITAL: 3, "MNJ-PP": 3, "SK-PB": 2}  # never assessed: all missing
    assert page.context["status"].done == 6
    saved = client.post(
        reverse("training:competency_save", args=[world.employee_puskesmas.pk]),
        {"competency": data["digital"].pk, "level": "2", "assessed_on": "2026-05-01"},
    )
    assert saved.status_code == 302
    assert CompetencyRecord.unscoped.get(employee=world.employee_puskesmas).level == 2
    bad = client.post(
        reverse("training:competency_save", args=[world.employee_puskesmas.pk]),
        {"competency": data["digital"].pk, "level": "9", "assessed_on": "2026-05-01"},
    )
    assert bad.status_code == 400
    hours = client.post(
        reverse("training:development_save", args=[world.employee_puskesmas.pk]) + f"?tahun={YEAR}",
        {"title": "Bimtek SIAK", "hours": "8", "provider": "Disdukcapil"},
    )
    assert hours.status_code == 302
    assert DevelopmentRecord.unscoped.filter(employee=world.employee_puskesmas).count() == 2


def test_readers_see_no_forms(world, client_for, data) -> None:  # type: ignore[no-untyped-def]
    page = client_for("evaluator_a").get(
        reverse("training:employee", args=[world.employee_dinkes.pk])
    )
    assert page.context["competency_form"] is None and page.context["development_form"] is None


def test_talent_page_shows_the_training_lines(world, client_for, data) -> None:  # type: ignore[no-untyped-def]
    talent.skp(world.employee_dinkes)
    url = reverse("talent:employee", args=[world.employee_dinkes.pk, YEAR - 1])
    html = client_for("leader_a").get(url).content.decode()
    assert 'data-testid="training-panel"' in html and "Literasi digital layanan" in html
    other = client_for("admin_b").get(
        reverse("talent:employee", args=[world.employee_b.pk, YEAR - 1])
    )
    assert "Literasi digital layanan" not in other.content.decode()
