"""Posts that must be filled and job family weights of a placement run: the cells the solver
gets, the failed run when the pool cannot fill them, the weights deciding which post wins, the
form's line-numbered errors, the run page and the API."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from formasi.organization.models import Position
from formasi.placement import services
from formasi.placement.models import PlacementLine, PlacementRun
from formasi.planning.models import Scenario
from formasi.workload.models import PositionNeed
from tests import builders as build
from tests.personas import World
from tests.placement.builders import YEAR, add_placement_data, computed_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    return add_placement_data(world)


def _it_post(world: World) -> Position:
    """An IT post in the puskesmas (1 open) that no applicant applied for."""
    it = build.position(world.agency_a, "Pranata Komputer Ahli Pertama", family="ti")
    PositionNeed.unscoped.create(
        agency=world.agency_a, unit=world.puskesmas, position=it, source="abk", exact=1, count=1
    )
    return it


def _cells(run: PlacementRun) -> dict[tuple[str, str], Any]:
    return {c.key: c for c in services.build_request(run).request.cells}


# --------------------------------------------------------------------------- services


def test_must_fill_is_passed_to_the_cells(world: World, people: Any) -> None:
    teacher = world.teacher_position
    run = PlacementRun(
        agency=world.agency_a, kind="new_hires", year=YEAR, name="x",
        must_fill=[{"unit": "SDN1RKP", "position": teacher.code, "count": 2}],
    )  # fmt: skip
    cells = _cells(run)
    assert cells[str(world.school.pk), str(teacher.pk)].must_fill == 2
    assert cells[str(world.puskesmas.pk), str(world.nurse_position.pk)].must_fill == 0


def test_a_must_fill_post_with_no_applicant_fails_in_indonesian(world: World, people: Any) -> None:
    it = _it_post(world)
    run = computed_run(
        world, must_fill=[{"unit": "PKM-RKP", "position": it.code, "count": 1}], name="Wajib"
    )
    assert run.state == "failed" and run.summary["status"] == "INFEASIBLE"
    problem = run.summary["problems"][0]
    # The domain's message, with names instead of ids.
    assert "Puskesmas Rakumpit — Pranata Komputer Ahli Pertama: wajib terisi 1" in problem
    assert "tidak ada pelamar atau pegawai dengan jabatan Pranata Komputer" in problem
    assert problem in run.error
    assert not PlacementLine.unscoped.filter(run=run).exists()


def test_a_must_fill_post_filled_since_fails(world: World, people: Any) -> None:
    """The form checked the open posts; if the post is full at compute time, the domain says so."""
    run = computed_run(
        world, must_fill=[{"unit": "DINKES", "position": world.nurse_position.code, "count": 1}]
    )
    assert run.state == "failed"
    assert "Dinas Kesehatan — Perawat Ahli Pertama: wajib terisi 1" in run.error
    assert "formasi kosong hanya 0" in run.error


def test_a_satisfiable_must_fill_is_met(world: World, people: Any) -> None:
    teacher = world.teacher_position
    run = computed_run(world, must_fill=[{"unit": "SDN1RKP", "position": teacher.code, "count": 1}])
    assert run.state == "done" and run.summary["must_fill_posts"] == 1
    assert PlacementLine.unscoped.filter(run=run, to_unit=world.school).count() == 1


def _two_surplus_in_dinkes(world: World) -> None:
    """The Dinas Kesehatan has one nurse and one teacher too many; the puskesmas (nurse) and
    the school (teacher) both lack staff in Rakumpit, so their priorities tie at weight 1."""
    a = world.agency_a
    PositionNeed.unscoped.create(
        agency=a, unit=world.dinkes, position=world.teacher_position, source="abk", exact=1,
        count=1,
    )  # fmt: skip
    build.employee(world.dinkes, world.nurse_position, "Eka Putri", birth=date(1990, 1, 2))
    for name in ("Gita Sari", "Hadi Wijaya"):
        build.employee(world.dinkes, world.teacher_position, name, birth=date(1991, 2, 3))


@pytest.mark.parametrize(("heavy", "winner"), [("guru", "teacher"), ("kesehatan", "nurse")])
def test_the_heavier_family_wins_the_one_allowed_move(
    world: World, people: Any, heavy: str, winner: str
) -> None:
    _two_surplus_in_dinkes(world)
    weights = {"guru": 1.0, "kesehatan": 1.0, heavy: 5.0}
    run = computed_run(
        world, kind="transfers", max_moves_per_unit=1, family_weights=weights, name=heavy
    )
    assert run.state == "done"
    lines = list(PlacementLine.unscoped.filter(run=run))
    assert len(lines) == 1  # one move out of the Dinas Kesehatan
    position = world.teacher_position if winner == "teacher" else world.nurse_position
    assert lines[0].position_id == position.pk
    assert run.summary["family_weights"][heavy] == 5.0


def test_priority_is_family_weight_times_shortage(world: World, people: Any) -> None:
    run = PlacementRun(
        agency=world.agency_a, kind="new_hires", year=YEAR, family_weights={"kesehatan": 2.5}
    )
    cells = _cells(run)
    nurse = cells[str(world.puskesmas.pk), str(world.nurse_position.pk)]
    teacher = cells[str(world.school.pk), str(world.teacher_position.pk)]
    # Rakumpit: need 6, staff 2 -> 1 + 4/6; nurses weigh 2.5, teachers (not listed) 1.
    assert nurse.priority == pytest.approx(2.5 * (1 + 4 / 6), abs=1e-3)
    assert teacher.priority == pytest.approx(1 + 4 / 6, abs=1e-3)


def test_default_weights_come_from_the_baseline_scenario(world: World) -> None:
    assert set(services.default_family_weights(world.agency_a).values()) == {1.0}
    Scenario.unscoped.create(
        agency=world.agency_a, name="Dasar", is_baseline=True, base_year=2025,
        family_weights={"guru": 1.0, "ti": 0.9, "administrasi": 0.4, "other": 0.5},
    )  # fmt: skip
    weights = services.default_family_weights(world.agency_a)
    assert weights["ti"] == 0.9 and weights["administrasi"] == 0.4
    assert weights["manajerial"] == 0.5  # the scenario's "other families"
    # created without weights (the API's default): the baseline's
    run = services.create_run(
        agency=world.agency_a, actor=world.users["admin_a"], kind="new_hires", year=YEAR
    )
    assert run.family_weights["ti"] == 0.9
    assert services.default_family_weights(world.agency_b) == dict.fromkeys(
        Position.Family.values, 1.0
    )


def test_validate_run_checks_must_fill_and_weights(world: World, people: Any) -> None:
    from django.core.exceptions import ValidationError

    run = PlacementRun(
        agency=world.agency_a, name="x", kind="new_hires", year=YEAR,
        must_fill=[{"unit": "SDN1RKP", "position": world.teacher_position.code, "count": 3}],
        family_weights={"guru": 11, "astronot": 1},
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.validate_run(run)
    assert set(exc.value.message_dict) == {"must_fill", "family_weights"}
    assert exc.value.message_dict["must_fill"][0].startswith("Baris 1:")


# --------------------------------------------------------------------------- form and pages


def _form_data(**extra: Any) -> dict[str, Any]:
    return {"name": "Wajib", "kind": "new_hires", "year": YEAR, "home_village": "on", **extra}


def test_form_errors_name_their_lines_in_indonesian(
    client_for: Any, world: World, people: Any
) -> None:
    nurse, teacher = world.nurse_position.code, world.teacher_position.code
    text = "\n".join(
        [
            f"PKM-RKP; {nurse}; 1",  # 1: fine
            "",  # 2: blank lines are skipped
            f"TIDAK-ADA; {nurse}; 1",  # 3: not a unit
            f"SDN1RKP; {teacher}; 5",  # 4: only 2 open
            "DINKES; x",  # 5: format
            f"PKM-RKP; {nurse}; nol",  # 6: count
            f"PKM-RKP; {nurse}; 1",  # 7: listed twice
            f"DINKES; {nurse}; 1",  # 8: not in the chosen kecamatan (Pahandut)
            "SDN1RKP; JAB-X; 1",  # 9: not a position
        ]
    )
    response = client_for("admin_a").post(
        reverse("placement:run_create"),
        _form_data(must_fill_text=text, areas=["62.71.05"], weight_guru="3"),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["must_fill_text"]
    assert [e.split(":")[0] for e in errors] == [
        "Baris 3", "Baris 4", "Baris 5", "Baris 6", "Baris 7", "Baris 8", "Baris 8", "Baris 9",
    ]  # fmt: skip
    assert "TIDAK-ADA bukan unit aktif instansi ini" in errors[0]
    assert "2 formasi kosong" in errors[1]
    assert "kode unit; kode jabatan; jumlah" in errors[2]
    assert "sudah ada di baris 1" in errors[4]
    assert "tidak berada di kecamatan yang dipilih" in errors[5]
    assert "hanya punya 0 formasi kosong" in errors[6]  # the Dinas Kesehatan's nurses are full
    assert "JAB-X bukan jabatan instansi ini" in errors[7]
    html = response.content.decode()
    assert "Baris 3" in html and 'data-testid="must-fill-errors"' in html
    assert not PlacementRun.unscoped.exists()


def test_form_weights_are_bounded(client_for: Any, world: World) -> None:
    response = client_for("admin_a").post(
        reverse("placement:run_create"), _form_data(weight_ti="11")
    )
    assert response.status_code == 400 and response.context["form"].errors["weight_ti"]
    assert not PlacementRun.unscoped.exists()


def test_form_saves_must_fill_and_weights_and_the_page_shows_them(
    client_for: Any, world: World, people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin_a")
    form = client.get(reverse("placement:run_list")).context["form"]
    assert form["weight_guru"].initial == 1
    text = f"SDN1RKP; {world.teacher_position.code}; 1\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("placement:run_create"),
            _form_data(must_fill_text=text, weight_ti="2.5", weight_guru="3"),
        )
    assert response.status_code == 302
    run = PlacementRun.unscoped.get()
    assert run.must_fill == [
        {"unit": "SDN1RKP", "position": world.teacher_position.code, "count": 1}
    ]
    assert run.family_weights["ti"] == 2.5 and run.family_weights["guru"] == 3.0
    assert run.family_weights["kesehatan"] == 1.0 and run.state == "done"
    html = client.get(reverse("placement:run_detail", args=[run.pk])).content.decode()
    assert 'data-testid="must-fill-table"' in html and "SDN 1 Rakumpit" in html
    assert "Bobot rumpun jabatan" in html and "2,5" in html
    assert html.count('data-testid="must-fill-badge"') == 1  # the teacher's line


@pytest.mark.parametrize("persona", ["admin_a", "evaluator_a", "leader_a"])
def test_failed_run_page_shows_the_problems(client_for: Any, world: World, persona: str) -> None:
    add_placement_data(world)
    it = _it_post(world)
    run = computed_run(world, must_fill=[{"unit": "PKM-RKP", "position": it.code, "count": 1}])
    response = client_for(persona).get(reverse("placement:run_detail", args=[run.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="run-problems"' in html
    assert "tidak ada pelamar atau pegawai dengan jabatan Pranata Komputer" in html
    assert 'data-testid="must-fill-table"' in html and "Bobot rumpun jabatan" in html
    assert (
        client_for("operator_dinkes_a")
        .get(reverse("placement:run_detail", args=[run.pk]))
        .status_code
        == 403
    )
    assert (
        client_for("admin_b").get(reverse("placement:run_detail", args=[run.pk])).status_code == 404
    )


def test_htmx_row_keeps_the_must_fill_badge(client_for: Any, world: World, people: Any) -> None:
    teacher = world.teacher_position
    run = computed_run(world, must_fill=[{"unit": "SDN1RKP", "position": teacher.code, "count": 1}])
    line = PlacementLine.unscoped.get(run=run, to_unit=world.school)
    response = client_for("admin_a").post(
        reverse("placement:line_decide", args=[run.pk, line.pk]),
        {"decision": "accepted"},
        headers={"HX-Request": "true"},
    )
    assert 'data-testid="must-fill-badge"' in response.content.decode()


# --------------------------------------------------------------------------- API


def test_api_accepts_must_fill_and_weights(
    client_for: Any, world: World, people: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("api:create_placement_run")
    teacher = world.teacher_position.code
    body = {
        "year": YEAR,
        "must_fill": [{"unit": "SDN1RKP", "position": teacher, "count": 1}],
        "family_weights": {"guru": 4, "kesehatan": 1},
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin_a").post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["must_fill"] == body["must_fill"] and out["family_weights"]["guru"] == 4
    run = PlacementRun.unscoped.get(pk=out["id"])
    assert run.state == "done" and run.summary["must_fill_posts"] == 1
    bad = client_for("admin_a").post(
        url,
        {"year": YEAR, "must_fill": [{"unit": "SDN1RKP", "position": teacher, "count": 9}]},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "must_fill" in bad.json()["errors"]
    worse = client_for("admin_a").post(
        url, {"year": YEAR, "family_weights": {"guru": 20}}, content_type="application/json"
    )
    assert worse.status_code == 422 and "family_weights" in worse.json()["errors"]


def test_an_english_user_reads_the_stored_problems_in_english(
    client_for: Any, world: World
) -> None:
    """The run stores the problems' codes (issue 14, item 6): the page words them again."""
    add_placement_data(world)
    it = _it_post(world)
    run = computed_run(world, must_fill=[{"unit": "PKM-RKP", "position": it.code, "count": 1}])
    assert run.summary["problem_codes"][0]["code"] == "must_fill_no_person"
    client = client_for("admin_a")
    client.cookies["django_language"] = "en"
    with translation.override("en"):  # the request's language does not outlive the test
        html = client.get(
            reverse("placement:run_detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "no applicant or employee holds the position Pranata Komputer" in html
    assert "tidak ada pelamar atau pegawai dengan jabatan Pranata Komputer" not in html
