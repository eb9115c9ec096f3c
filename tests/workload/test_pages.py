"""The planning pages per role: peta jabatan, the ABK task list (save, live preview, copy),
and the ABK workbook."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from formasi.organization.models import Position
from formasi.workload.models import AbkTask, PositionNeed, WorkloadSettings
from formasi.workload.services import save_abk_tasks
from formasi.workload.workbook import HEADERS, TABLE_ROW
from tests.personas import World
from tests.workload.builders import TASKS


def _abk_url(world: World, name: str = "workload:abk") -> str:
    return reverse(name, args=[world.puskesmas.pk, world.nurse_position.pk])


def _post_data(tasks: list[dict[str, Any]], *, extra_blank: int = 1) -> dict[str, Any]:
    """The formset as the browser posts it: the tasks, then blank extra rows."""
    rows = [*tasks, *({} for _ in range(extra_blank))]
    data: dict[str, Any] = {
        "tasks-TOTAL_FORMS": str(len(rows)),
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "1",
        "tasks-MAX_NUM_FORMS": "200",
    }
    for i, row in enumerate(rows):
        for key in ("description", "output_unit", "volume", "norm_minutes"):
            data[f"tasks-{i}-{key}"] = str(row.get(key, ""))
        if row.get("DELETE"):
            data[f"tasks-{i}-DELETE"] = "on"
    return data


def _save(world: World, unit: Any = None, tasks: list[dict[str, Any]] = TASKS) -> PositionNeed:
    return save_abk_tasks(
        unit=unit or world.puskesmas,
        position=world.nurse_position,
        tasks=tasks,
        actor=world.users["admin_a"],
    )


# ------------------------------------------------------------------------- peta jabatan


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_a", ["Dinas Kesehatan", "Dinas Pendidikan"]),
        ("operator_dinkes_a", ["Dinas Kesehatan"]),
        ("operator_other_opd_a", ["Dinas Pendidikan"]),
        ("evaluator_a", ["Dinas Kesehatan", "Dinas Pendidikan"]),
        ("leader_a", ["Dinas Kesehatan", "Dinas Pendidikan"]),
        ("admin_b", ["Dinas Kesehatan Banjarbaru"]),
    ],
)
def test_the_opd_choice_lists_the_opds_in_scope(
    world: World, client_for: Any, persona: str, expected: list[str]
) -> None:
    response = client_for(persona).get(reverse("workload:peta"))
    assert response.status_code == 200
    assert [o.name for o in response.context["opds"]] == expected


def test_anonymous_is_sent_to_login(world: World, client_for: Any) -> None:
    response = client_for("anonymous").get(reverse("workload:peta_opd", args=[world.dinkes.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin_a", 200),
        ("operator_dinkes_a", 200),
        ("operator_other_opd_a", 404),
        ("evaluator_a", 200),
        ("leader_a", 200),
        ("admin_b", 404),
    ],
)
def test_the_peta_of_an_opd_per_role(
    world: World, client_for: Any, persona: str, status: int
) -> None:
    response = client_for(persona).get(reverse("workload:peta_opd", args=[world.dinkes.pk]))
    assert response.status_code == status


def test_the_peta_shows_need_gap_and_totals(
    world: World, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    WorkloadSettings.objects.create(agency=world.agency_a, rounding="ceil")
    _save(world)  # need 2 (1.08 ceil), one nurse there: short 1
    PositionNeed.unscoped.create(
        agency=world.agency_a,
        unit=world.dinkes,
        position=world.nurse_position,
        source=PositionNeed.Source.ENTERED,
        count=0,
    )  # one nurse in the Dinas itself, need 0: excess 1
    client = client_for("operator_dinkes_a")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("workload:peta_opd", args=[world.dinkes.pk]) + "?open=all")
    html = response.content.decode()
    assert "Puskesmas Rakumpit" in html and "Perawat Ahli Pertama" in html
    assert "−1" in html and "+1" in html
    assert _abk_url(world) in html  # an operator may change needs
    assert f"{reverse('workforce:employee_list')}?unit={world.puskesmas.pk}" in html
    units = {p.unit.pk: p for p in response.context["view"].units}
    dinkes = units[world.dinkes.pk]
    assert (dinkes.own.shortage, dinkes.own.excess) == (0, 1)
    assert (dinkes.total.shortage, dinkes.total.excess) == (1, 1)  # never netted to 0
    assert f'data-testid="unit-totals-{world.dinkes.pk}"' in html
    assert f'data-testid="unit-own-{world.dinkes.pk}"' in html
    pkm_row = units[world.puskesmas.pk].rows[0]
    assert pkm_row.need.count == 2 and pkm_row.grade == "A"  # EJ 1.08 with one nurse


@pytest.mark.parametrize("persona", ["evaluator_a", "leader_a"])
def test_the_peta_links_readers_to_the_abk_to_read_it(
    world: World, client_for: Any, persona: str
) -> None:
    _save(world)
    url = reverse("workload:peta_opd", args=[world.dinkes.pk]) + "?open=all"
    html = client_for(persona).get(url).content.decode()
    assert _abk_url(world) in html
    assert reverse("workload:abk_unit_upload", args=[world.puskesmas.pk]) not in html


def test_the_employee_list_filters_by_unit(world: World, client_for: Any) -> None:
    url = f"{reverse('workforce:employee_list')}?unit={world.puskesmas.pk}"
    html = client_for("admin_a").get(url).content.decode()
    assert world.employee_puskesmas.name in html
    assert world.employee_disdik.name not in html


# ------------------------------------------------------------------------- ABK page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin_a", 200),
        ("operator_dinkes_a", 200),
        ("operator_other_opd_a", 404),
        ("evaluator_a", 200),
        ("leader_a", 200),
        ("admin_b", 404),
        ("anonymous", 302),
    ],
)
def test_the_abk_page_per_role(world: World, client_for: Any, persona: str, status: int) -> None:
    """Evaluators and leaders read the ABK (issue 17) but may not save it."""
    assert client_for(persona).get(_abk_url(world)).status_code == status
    response = client_for(persona).post(_abk_url(world), _post_data(TASKS))
    writes = persona in ("admin_a", "operator_dinkes_a")
    expected = 302 if writes else (403 if status == 200 else status)
    assert response.status_code == expected
    saved = PositionNeed.unscoped.filter(unit=world.puskesmas).exists()
    assert saved == writes


def test_the_abk_page_shows_the_saved_tasks(world: World, client_for: Any) -> None:
    _save(world)
    response = client_for("operator_dinkes_a").get(_abk_url(world))
    html = response.content.decode()
    assert 'value="Asuhan keperawatan"' in html
    assert 'value="1200"' in html  # not 1200.00 or 1.2E+3
    assert response.context["result"].count == 1
    assert (
        reverse("workload:abk_workbook", args=[world.puskesmas.pk, world.nurse_position.pk]) in html
    )


def test_saving_tasks_stores_the_need_and_goes_to_the_peta(world: World, client_for: Any) -> None:
    client = client_for("operator_dinkes_a")
    data = _post_data([*TASKS, {"description": "Dihapus", "volume": 9, "norm_minutes": 9,
                                "DELETE": True}])  # fmt: skip
    response = client.post(_abk_url(world), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workload:peta_opd", args=[world.dinkes.pk]))
    need = PositionNeed.unscoped.get(unit=world.puskesmas, position=world.nurse_position)
    assert (need.source, need.exact, need.count) == ("abk", Decimal("1.0800"), 1)
    assert [t.description for t in need.tasks.all()] == [t["description"] for t in TASKS]
    assert need.updated_by == world.users["operator_dinkes_a"]
    page = client.get(response["Location"]).content.decode()
    assert "tersimpan" in page  # the success message, in Indonesian


def test_invalid_input_saves_nothing_and_explains_in_indonesian(
    world: World, client_for: Any
) -> None:
    _save(world)
    bad = [
        {"description": "", "volume": 10, "norm_minutes": 5},
        {"description": "Penyuluhan", "volume": -5, "norm_minutes": "abc"},
    ]
    response = client_for("operator_dinkes_a").post(_abk_url(world), _post_data(bad))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bidang ini tidak boleh kosong." in html
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 0." in html
    assert "Masukkan sebuah bilangan." in html
    assert list(AbkTask.objects.values_list("description", flat=True)) == [
        t["description"] for t in TASKS
    ]


def test_an_empty_task_list_is_refused(world: World, client_for: Any) -> None:
    response = client_for("admin_a").post(_abk_url(world), _post_data([], extra_blank=3))
    assert response.status_code == 400
    assert "Harap ajukan setidaknya 1 formulir." in response.content.decode()
    assert not PositionNeed.unscoped.exists()


def test_a_position_of_another_agency_is_not_found(world: World, client_for: Any) -> None:
    position_b = Position.unscoped.get(agency=world.agency_b)
    url = reverse("workload:abk", args=[world.puskesmas.pk, position_b.pk])
    assert client_for("admin_a").get(url).status_code == 404


def test_the_preview_recomputes_and_saves_nothing(world: World, client_for: Any) -> None:
    client = client_for("operator_dinkes_a")
    response = client.post(_abk_url(world, "workload:abk_preview"), _post_data(TASKS))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # only the partial
    result = response.context["result"]
    assert (result.workload_minutes, round(result.exact, 2), result.count) == (81000, 1.08, 1)
    assert (response.context["bezetting"], result.grade) == (1, "A")
    assert 'data-testid="result-exact">1,08<' in html
    assert not PositionNeed.unscoped.exists()


def test_the_preview_skips_rows_still_being_typed(world: World, client_for: Any) -> None:
    rows = [TASKS[0], {"description": "Penyuluhan", "volume": "6"}]  # no norm yet
    response = client_for("admin_a").post(_abk_url(world, "workload:abk_preview"), _post_data(rows))
    assert response.context["result"].workload_minutes == 36000


@pytest.mark.parametrize(
    ("persona", "status"),
    [("evaluator_a", 403), ("operator_other_opd_a", 404), ("anonymous", 302)],
)
def test_the_preview_is_for_who_may_change(
    world: World, client_for: Any, persona: str, status: int
) -> None:
    response = client_for(persona).post(_abk_url(world, "workload:abk_preview"), _post_data(TASKS))
    assert response.status_code == status


def test_copying_tasks_from_another_unit(world: World, client_for: Any) -> None:
    _save(world, unit=world.dinkes)
    source = PositionNeed.unscoped.get(unit=world.dinkes)
    client = client_for("operator_dinkes_a")
    page = client.get(_abk_url(world))
    assert [n.pk for n in page.context["copy_choices"]] == [source.pk]
    response = client.get(_abk_url(world) + f"?from={source.pk}")
    html = response.content.decode()
    assert 'value="Penyuluhan"' in html
    assert response.context["result"].count == 1
    assert not PositionNeed.unscoped.filter(unit=world.puskesmas).exists()  # only filled in


def test_copying_from_a_need_out_of_scope_is_ignored(world: World, client_for: Any) -> None:
    _save(world, unit=world.school)  # Dinas Pendidikan: not the Dinkes operator's
    source = PositionNeed.unscoped.get(unit=world.school)
    response = client_for("operator_dinkes_a").get(_abk_url(world) + f"?from={source.pk}")
    assert response.status_code == 200
    assert list(response.context["copy_choices"]) == []
    assert 'value="Penyuluhan"' not in response.content.decode()


# ------------------------------------------------------------------------- workbook


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin_a", 200),
        ("operator_dinkes_a", 200),
        ("operator_other_opd_a", 404),
        ("evaluator_a", 200),
        ("leader_a", 200),
        ("admin_b", 404),
        ("anonymous", 302),
    ],
)
def test_the_workbook_per_role(world: World, client_for: Any, persona: str, status: int) -> None:
    url = _abk_url(world, "workload:abk_workbook")
    assert client_for(persona).get(url).status_code == status


def read_workbook(data: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_holds_the_tasks_and_the_need(world: World, client_for: Any) -> None:
    _save(world)
    response = client_for("evaluator_a").get(_abk_url(world, "workload:abk_workbook"))
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = read_workbook(response.content)
    assert rows[TABLE_ROW - 1] == HEADERS
    tasks = rows[TABLE_ROW : TABLE_ROW + 3]
    assert tasks[0] == (1, "Asuhan keperawatan", "pasien", 1200, 30, 36000)
    assert [t[5] for t in tasks] == [36000, 27000, 18000]
    totals = {row[1]: row[5] for row in rows[TABLE_ROW + 3 :]}
    assert totals == {
        "Jumlah": 81000,
        "Waktu kerja efektif (menit/tahun)": 75000,
        "Kebutuhan pegawai (tepat)": 1.08,
        "Kebutuhan pegawai (dibulatkan)": 1,
        "Bezetting (pegawai yang ada)": 1,
        "Efektivitas jabatan (EJ)": 1.08,
        "Prestasi kerja jabatan (PJ)": "A",
    }
    assert rows[1][2] == world.nurse_position.name and rows[2][2] == world.puskesmas.name


def test_the_workbook_without_tasks_is_an_empty_form(world: World, client_for: Any) -> None:
    rows = read_workbook(
        client_for("admin_a").get(_abk_url(world, "workload:abk_workbook")).content
    )
    assert rows[TABLE_ROW - 1] == HEADERS
    assert rows[TABLE_ROW][1] == "Jumlah" and rows[TABLE_ROW][5] == 0


def test_needs_by_area_page_and_api(world: Any, client_for: Any) -> None:
    """The Rakumpit row shows the puskesmas shortage; another agency's admin sees none of it."""
    from formasi.workload.models import PositionNeed as Need

    Need.unscoped.create(
        agency=world.agency_a,
        unit=world.puskesmas,
        position=world.nurse_position,
        source=Need.Source.STANDARD,
        count=3,
    )
    page = client_for("admin_a").get(reverse("workload:areas")).content.decode()
    assert f'data-testid="area-{world.district_a2.code}"' in page
    assert "−2" in page  # 3 needed, 1 there
    api = client_for("leader_a").get("/api/v1/needs/by-area").json()
    rakumpit = next(a for a in api if a["code"] == world.district_a2.code)
    # The school's teacher (no need recorded) is an excess that does not fill the nurses' gap.
    assert rakumpit["total"] == {"need": 3, "bezetting": 2, "shortage": 2, "excess": 1}
    assert rakumpit["kelurahan"][0]["code"] == world.puskesmas.region.code
    other = client_for("admin_b").get("/api/v1/needs/by-area").json()
    assert world.district_a2.code not in {a["code"] for a in other}
    assert (
        client_for("admin_b")
        .get("/api/v1/needs/by-area", {"agency": world.agency_a.code})
        .status_code
        == 404
    )


def test_settings_change_recomputes_abk_needs(world: Any, client_for: Any) -> None:
    """Rounding up instead of to nearest: the three-task nurse ABK (1.08 persons) needs 2."""
    from formasi.workload.models import WorkloadSettings
    from formasi.workload.services import save_abk_tasks

    tasks = [
        {"description": "Asuhan", "output_unit": "pasien", "volume": 1200, "norm_minutes": 30},
        {"description": "Penyuluhan", "output_unit": "kegiatan", "volume": 600, "norm_minutes": 45},
        {"description": "Pelaporan", "output_unit": "laporan", "volume": 300, "norm_minutes": 60},
    ]
    need = save_abk_tasks(
        unit=world.puskesmas,
        position=world.nurse_position,
        tasks=tasks,
        actor=world.users["admin_a"],
    )
    assert need.count == 1
    client = client_for("admin_a")
    form = {"effective_minutes": 75000, "effective_days": 235, "working_days_per_week": 5,
            "rounding": "ceil", "bands": "permendagri"}  # fmt: skip
    response = client.post(reverse("workload:settings"), form)
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.count == 2
    assert WorkloadSettings.objects.get(agency=world.agency_a).rounding == "ceil"
    # 72,000 minutes (Perka BKN 19/2011) and nearest: 81,000 ÷ 72,000 = 1.125 -> 1.
    client.post(
        reverse("workload:settings"), {**form, "effective_minutes": 72000, "rounding": "nearest"}
    )
    need.refresh_from_db()
    assert (need.count, str(need.exact)) == (1, "1.1250")
    bad = client.post(reverse("workload:settings"), {**form, "effective_minutes": 0})
    assert bad.status_code == 400
    need.refresh_from_db()
    assert need.count == 1  # nothing changed by the invalid form
    # Other agencies' admins change only their own settings; operators may not at all.
    assert (
        client_for("operator_dinkes_a").post(reverse("workload:settings"), form).status_code == 403
    )
    client_for("admin_b").post(reverse("workload:settings"), form)
    need.refresh_from_db()
    assert need.count == 1


def test_the_totals_carry_no_sign_and_colour_only_what_is_there(
    world: World, client_for: Any
) -> None:
    """Issue 17: the summary read "kurang −23" (a double negative) and painted "kurang 0" red."""
    WorkloadSettings.objects.create(agency=world.agency_a, rounding="ceil")
    _save(world)  # need 2 (1.08 ceil) at the puskesmas, one nurse there: short 1; nothing over
    html = client_for("leader_a").get(reverse("workload:peta_opd", args=[world.dinkes.pk]))
    spans = re.findall(r'<span class="([^"]*)" data-testid="total-(short|over)">([^<]*)</span>',
                       html.content.decode())  # fmt: skip
    assert spans
    for cls, kind, text in spans:
        word, figure = text.rsplit(" ", 1)
        assert word == {"short": "kurang", "over": "lebih"}[kind]
        assert figure.isdigit(), f"a sign or no number in {text!r}"
        coloured = ("text-danger" in cls) or ("text-orange" in cls)
        assert coloured == (int(figure) > 0), f"{text!r} is coloured {cls!r}"
    assert ("short", "kurang 1") in {(kind, text) for _cls, kind, text in spans}
    assert any(text.endswith(" 0") for _cls, _kind, text in spans)


# ------------------------------------------------------------------------- ABK read-only, add row


@pytest.mark.parametrize("persona", ["evaluator_a", "leader_a"])
def test_readers_see_the_tasks_without_a_form(world: World, client_for: Any, persona: str) -> None:
    _save(world)
    response = client_for(persona).get(_abk_url(world))
    html = response.content.decode()
    assert 'data-testid="abk-read-only"' in html
    assert "Asuhan keperawatan" in html
    assert 'id="abk-form"' not in html and 'data-testid="abk-upload"' not in html
    assert 'name="tasks-TOTAL_FORMS"' not in html and "formasi/abk.js" not in html
    assert response.context["result"].grade == "A"  # the same result box as the editors


def test_an_evaluator_of_another_agency_gets_404(world: World, client_for: Any) -> None:
    _save(world)
    world.users["evaluator_a"].assigned_agencies.set([world.agency_b])
    assert client_for("evaluator_a").get(_abk_url(world)).status_code == 404


def test_editors_get_an_add_row_button_and_an_empty_row_template(
    world: World, client_for: Any
) -> None:
    response = client_for("operator_dinkes_a").get(_abk_url(world))
    html = response.content.decode()
    assert 'data-testid="abk-add-row"' in html and "formasi/abk.js" in html
    template = html.split('<template id="abk-empty-row">', 1)[1].split("</template>", 1)[0]
    assert 'name="tasks-__prefix__-description"' in template
    assert "Simpan lalu buka kembali" not in html and "come back" not in html


def test_a_posted_row_beyond_the_first_four_is_saved(world: World, client_for: Any) -> None:
    """What the add-row button sends: TOTAL_FORMS grows with the appended rows."""
    tasks = [{"description": f"Tugas {i}", "volume": 10, "norm_minutes": 60} for i in range(1, 7)]
    response = client_for("operator_dinkes_a").post(_abk_url(world), _post_data(tasks))
    assert response.status_code == 302
    need = PositionNeed.unscoped.get(unit=world.puskesmas, position=world.nurse_position)
    assert need.tasks.count() == 6


def test_an_abk_without_tasks_says_so_instead_of_grade_e(world: World, client_for: Any) -> None:
    _save(world, tasks=[])
    response = client_for("admin_a").get(_abk_url(world))
    result = response.context["result"]
    assert (result.grade, result.effectiveness, result.no_grade) == (None, None, "no_tasks")
    html = response.content.decode()
    assert "belum ada uraian tugas" in html and "Kurang" not in html.split("abk-result", 1)[1]
