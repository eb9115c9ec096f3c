"""The talent pages: what each role sees and may do (statuses per URL × role are in
tests/core/test_permission_matrix.py; these check the content)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db.models.signals import post_init
from django.urls import reverse

from formasi.talent import views
from formasi.talent.models import Assessment, DisciplineRecord, SkpResult
from formasi.workforce.models import Employee
from tests import builders as build
from tests.talent.builders import YEAR, assessment, sanction, skp, talent_data

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)


def _get(client, name, *args, **query):  # type: ignore[no-untyped-def]
    return client.get(reverse(name, args=args or None), query)


def test_the_opd_list_counts_people_with_and_without_skp(world, client_for) -> None:  # type: ignore[no-untyped-def]
    skp(world.employee_dinkes)
    response = _get(client_for("admin_a"), "talent:skp", tahun=YEAR)
    rows = {row["unit"].name: row for row in response.context["rows"]}
    # The Dinas Kesehatan has the nurse at the OPD and the one at its puskesmas.
    assert (rows["Dinas Kesehatan"]["staff"], rows["Dinas Kesehatan"]["rated"]) == (2, 1)
    assert rows["Dinas Kesehatan"]["missing"] == 1
    assert rows["Dinas Pendidikan"]["rated"] == 0


def test_an_operator_lists_only_their_opd(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = _get(client_for("operator_dinkes_a"), "talent:skp", tahun=YEAR)
    assert [row["unit"].name for row in response.context["rows"]] == ["Dinas Kesehatan"]


def test_the_unit_table_words_a_breach_of_the_organisational_predicate(world, client_for) -> None:  # type: ignore[no-untyped-def]
    # Two of two are sangat baik: an organisation rated "baik" may have at most 70 % baik, and
    # must have someone needing improvement or poor.
    skp(world.employee_dinkes)
    skp(world.employee_puskesmas)
    response = _get(client_for("operator_dinkes_a"), "talent:skp_unit", world.dinkes.pk,
                    tahun=YEAR, predikat="baik")  # fmt: skip
    assert response.context["rated"] == 2
    assert len(response.context["breaches"]) == 1
    assert "Tidak seorang pun" in response.content.decode()


def test_an_outstanding_organisation_may_not_have_only_very_good_staff(world, client_for) -> None:  # type: ignore[no-untyped-def]
    skp(world.employee_dinkes)
    skp(world.employee_puskesmas)
    response = _get(client_for("admin_a"), "talent:skp_unit", world.dinkes.pk, tahun=YEAR,
                    predikat="istimewa")  # fmt: skip
    # At most 70 % of 2 = 1 person may be sangat baik.
    assert response.context["breaches"] and "2" in response.context["breaches"][0]


def test_a_fitting_distribution_says_so(world, client_for) -> None:  # type: ignore[no-untyped-def]
    skp(world.employee_dinkes, result="as_expected", behaviour="as_expected")
    skp(world.employee_puskesmas, result="below", behaviour="above")
    response = _get(client_for("admin_a"), "talent:skp_unit", world.dinkes.pk, tahun=YEAR,
                    predikat="baik")  # fmt: skip
    assert response.context["breaches"] == []
    assert 'data-testid="skp-check"' in response.content.decode()


def test_the_operator_enters_an_skp_result_and_sees_the_predicate(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("operator_dinkes_a")
    url = reverse("talent:skp_save", args=[world.employee_puskesmas.pk, YEAR])
    response = client.post(url, {"result": "above", "behaviour": "above"})
    assert response.status_code == 302
    row = SkpResult.unscoped.get(employee=world.employee_puskesmas, year=YEAR)
    assert row.predicate == "sangat_baik"
    assert row.entered_by == world.users["operator_dinkes_a"]
    page = client.get(response["Location"])
    assert "Sangat baik" in page.content.decode()


def test_a_readonly_role_sees_no_form(world, client_for) -> None:  # type: ignore[no-untyped-def]
    skp(world.employee_dinkes)
    response = _get(client_for("leader_a"), "talent:employee", world.employee_dinkes.pk, YEAR)
    assert response.context["skp_form"] is None
    assert response.context["skp"].predicate == "sangat_baik"


def test_the_assessment_form_starts_from_the_employees_education(world, client_for) -> None:  # type: ignore[no-untyped-def]
    world.employee_dinkes.education = "s2"
    world.employee_dinkes.save()
    response = _get(client_for("admin_a"), "talent:employee", world.employee_dinkes.pk, YEAR)
    assert response.context["assessment_form"].initial["education"] == "s2"


def test_an_assessment_is_saved_with_its_potential(world, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("talent:assessment_save", args=[world.employee_dinkes.pk, YEAR])
    data = {"competency_score": "90", "education": "s2", "training_hours": "20"}
    response = client_for("admin_a").post(url, data)
    assert response.status_code == 302
    # 0.5 × 90 + 0.25 × 90 (S-2) + 0.25 × 100 (20 of 20 JP) = 92.5 → high
    row = Assessment.unscoped.get(employee=world.employee_dinkes)
    assert (row.potential_score, row.potential) == (92.5, "high")


def test_a_year_in_the_future_is_not_found(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = _get(client_for("admin_a"), "talent:employee", world.employee_dinkes.pk, 2999)
    assert response.status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_the_nine_box_counts_and_drills_down(world, client_for) -> None:  # type: ignore[no-untyped-def]
    talent_data(world)
    response = _get(client_for("admin_a"), "talent:ninebox", tahun=YEAR, kotak=9)
    counts = response.context["found"].boxes
    assert (counts[9], counts[5], sum(counts.values())) == (2, 1, 3)
    names = {p.employee.name for p in response.context["box_people"]}
    assert names == {"Siti Rahmawati", "Yohanes Ahang"}
    assert "sanksi berjalan" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_nine_box_filters_by_family_and_opd(world, client_for) -> None:  # type: ignore[no-untyped-def]
    talent_data(world)
    client = client_for("admin_a")
    teachers = _get(client, "talent:ninebox", tahun=YEAR, rumpun="guru").context["found"]
    assert [box for box, n in teachers.boxes.items() for _ in range(n)] == [5]
    health = _get(client, "talent:ninebox", tahun=YEAR, opd=world.dinkes.pk, kotak=9).context
    assert health["found"].mapped == 2
    names = sorted(p.employee.name for p in health["box_people"])
    assert names == ["Siti Rahmawati", "Yohanes Ahang"]


@time_machine.travel(TODAY, tick=False)
def test_an_operator_sees_only_their_opds_boxes(world, client_for) -> None:  # type: ignore[no-untyped-def]
    talent_data(world)
    context = _get(
        client_for("operator_other_opd_a"), "talent:ninebox", tahun=YEAR, kotak=5
    ).context
    assert context["found"].mapped == 1
    assert [p.employee.name for p in context["box_people"]] == ["Dewi Lestari"]


@time_machine.travel(TODAY, tick=False)
def test_the_pool_leaves_out_a_running_sanction(world, client_for) -> None:  # type: ignore[no-untyped-def]
    talent_data(world)
    response = _get(client_for("evaluator_a"), "talent:pool", tahun=YEAR)
    assert [p.employee.name for p in response.context["members"]] == ["Siti Rahmawati"]
    assert [p.employee.name for p in response.context["barred"]] == ["Yohanes Ahang"]
    label, cells, total = response.context["table"][0]
    assert (str(label), total, sum(cells)) == ("Kesehatan", 1, 1)


@time_machine.travel(TODAY, tick=False)
def test_the_admin_records_a_sanction_in_force_after_fifteen_days(world, client_for) -> None:  # type: ignore[no-untyped-def]
    data = {
        "employee": world.employee_disdik.pk,
        "violation": "Tidak masuk kerja 12 hari",
        "sanction": "tukin_cut_6_months",
        "decided_on": "2026-02-01",
        "decided_by_name": "Dr. Rahmat",
        "decided_by_position": "Sekretaris Daerah",
    }
    response = client_for("admin_a").post(reverse("talent:discipline_add"), data)
    assert response.status_code == 302
    record = DisciplineRecord.unscoped.get(employee=world.employee_disdik)
    assert (record.level, record.starts_on, record.ends_on) == (
        "sedang",
        date(2026, 2, 16),
        date(2026, 8, 16),
    )
    listed = _get(client_for("operator_other_opd_a"), "talent:discipline_list")
    assert [r.pk for r, status in listed.context["rows"]] == [record.pk]
    assert listed.context["rows"][0][1] == "running"


def test_the_discipline_form_offers_only_the_admins_agency(world, client_for) -> None:  # type: ignore[no-untyped-def]
    form = _get(client_for("admin_b"), "talent:discipline_add").context["form"]
    assert list(form.fields["employee"].queryset) == [world.employee_b]


@time_machine.travel(TODAY, tick=False)
def test_the_list_filters_by_status(world, client_for) -> None:  # type: ignore[no-untyped-def]
    sanction(world.employee_dinkes, kind="teguran_lisan", starts_on=date(2025, 1, 1))
    running = sanction(world.employee_disdik)
    response = _get(client_for("admin_a"), "talent:discipline_list", status="running")
    assert [r.pk for r, _status in response.context["rows"]] == [running.pk]


def test_the_admin_corrects_a_record(world, client_for) -> None:  # type: ignore[no-untyped-def]
    record = sanction(world.employee_dinkes)
    data = {
        "employee": world.employee_dinkes.pk,
        "violation": "Tidak masuk kerja 21 hari",
        "sanction": "penurunan_jabatan",
        "decided_on": "2026-01-01",
        "starts_on": "2026-01-01",
        "decided_by_name": "Dr. Rahmat",
        "decided_by_position": "Sekretaris Daerah",
    }
    url = reverse("talent:discipline_edit", args=[record.pk])
    assert client_for("admin_a").post(url, data).status_code == 302
    record.refresh_from_db()
    assert (record.level, record.ends_on) == ("berat", date(2027, 1, 1))
    assert record.history.count() == 2


@pytest.fixture
def loaded():  # type: ignore[no-untyped-def]
    """How many employees are read into Python (model instances built) while it is open."""
    built: list[int] = []

    def count(sender, instance, **kwargs) -> None:  # type: ignore[no-untyped-def]
        built.append(instance.pk)

    post_init.connect(count, sender=Employee)
    yield built
    post_init.disconnect(count, sender=Employee)


def _seven_in_box_nine(world, client_for, loaded, monkeypatch):  # type: ignore[no-untyped-def]
    """The talent data and five more people in box 9, two people a page; the admin's client,
    with nothing read yet."""
    talent_data(world)
    post = build.position(world.agency_a)
    for number in range(5):
        person = build.employee(world.dinkes, post, name=f"Pegawai {number:02d}")
        skp(person)
        assessment(person)
    monkeypatch.setattr(views, "PEOPLE_SHOWN", 2)
    client = client_for("admin_a")
    loaded.clear()
    return client


@time_machine.travel(TODAY, tick=False)
def test_the_nine_box_reads_only_the_page_of_the_box_opened(world, client_for, loaded, monkeypatch):  # type: ignore[no-untyped-def]
    client = _seven_in_box_nine(world, client_for, loaded, monkeypatch)
    grid = _get(client, "talent:ninebox", tahun=YEAR)
    # Only who serves a sanction is read for the counts (the pool's size), never the box.
    serving = world.employee_puskesmas.pk
    assert grid.context["found"].boxes[9] == 7 and loaded == [serving]
    first = _get(client, "talent:ninebox", tahun=YEAR, kotak=9)
    second = _get(client, "talent:ninebox", tahun=YEAR, kotak=9, halaman=2)
    assert len([pk for pk in loaded if pk != serving]) == 4  # two pages of two people
    names = [p.employee.name for r in (first, second) for p in r.context["box_people"]]
    box_nine = Employee.unscoped.filter(skp_results__predicate="sangat_baik", agency=world.agency_a)
    everyone = sorted(box_nine.values_list("name", flat=True))
    assert names == everyone[:4]
    assert first.context["page"].paginator.count == 7


@time_machine.travel(TODAY, tick=False)
def test_the_pool_reads_only_its_page_and_the_barred(world, client_for, loaded, monkeypatch):  # type: ignore[no-untyped-def]
    client = _seven_in_box_nine(world, client_for, loaded, monkeypatch)
    response = _get(client, "talent:pool", tahun=YEAR)
    assert response.context["size"] == 6  # 7 in box 9, one serving a sanction
    assert len(response.context["members"]) == 2
    assert [p.employee.name for p in response.context["barred"]] == ["Yohanes Ahang"]
    assert len(loaded) == 3  # the page and the person serving a sanction
