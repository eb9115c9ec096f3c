"""Employee pages: add and edit through the form, list filters and sort, detail with history."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import translation

from formasi.workforce.models import Employee
from formasi.workforce.services import edit_version
from formasi.workforce.validation import EmployeeInput, validate_employee
from tests import builders as build


def form_data(world, **changes):  # type: ignore[no-untyped-def]
    data = {
        "name": "Maria Ulfa",
        "status": "pns",
        "nip": "19920415 201903 2 001",
        "sex": "F",
        "birth_date": "1992-04-15",
        "position": world.nurse_position.pk,
        "unit": world.puskesmas.pk,
    }
    data.update(changes)
    return data


def test_admin_adds_an_employee(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("admin_a").post(reverse("workforce:employee_add"), form_data(world))
    employee = Employee.unscoped.get(name="Maria Ulfa")
    assert response.status_code == 302
    assert response.url == reverse("workforce:employee_detail", args=[employee.pk])
    assert employee.nip == "199204152019032001"  # typed spaces removed
    assert employee.tmt_cpns == date(2019, 3, 1)
    assert employee.agency == world.agency_a
    assert employee.history.get().history_user == world.users["admin_a"]


def test_nip_contradicting_birth_date_is_refused_in_indonesian(world, client_for) -> None:  # type: ignore[no-untyped-def]
    before = Employee.unscoped.count()
    data = form_data(world, birth_date="1992-04-16")
    response = client_for("admin_a").post(reverse("workforce:employee_add"), data)
    assert response.status_code == 200
    assert Employee.unscoped.count() == before
    with translation.override("id"):
        expected = validate_employee(
            EmployeeInput("pns", "199204152019032001", "", date(1992, 4, 16), "F")
        )["nip"][0]
    with translation.override("en"):
        english = validate_employee(
            EmployeeInput("pns", "199204152019032001", "", date(1992, 4, 16), "F")
        )["nip"][0]
    assert expected != english
    assert expected in response.content.decode()
    assert 'lang="id"' in response.content.decode()


def test_bad_nik_is_refused_naming_the_part(world, client_for) -> None:  # type: ignore[no-untyped-def]
    before = Employee.unscoped.count()
    response = client_for("admin_a").post(
        reverse("workforce:employee_add"), form_data(world, nik="6271011304920001")
    )  # month 04 but day 13 (a man's day) for a woman; birth date 15-04-1992
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "nik" in errors
    assert Employee.unscoped.count() == before


def test_operator_cannot_add_into_another_opd(world, client_for) -> None:  # type: ignore[no-untyped-def]
    before = Employee.unscoped.count()
    response = client_for("operator_dinkes_a").post(
        reverse("workforce:employee_add"), form_data(world, unit=world.school.pk)
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors  # the school is not a choice for them
    assert Employee.unscoped.count() == before


def test_operator_form_has_no_nik_field(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("operator_dinkes_a").get(
        reverse("workforce:employee_edit", args=[world.employee_dinkes.pk])
    )
    assert "nik" not in response.context["form"].fields
    assert world.employee_dinkes.nik not in response.content.decode()


def test_edit_keeps_history_of_changed_fields(world, client_for) -> None:  # type: ignore[no-untyped-def]
    employee = world.employee_dinkes
    client = client_for("operator_dinkes_a")
    data = form_data(
        world,
        name=employee.name,
        nip=employee.nip,
        birth_date=employee.birth_date.isoformat(),
        unit=world.puskesmas.pk,
        golongan="III/c",
        edit_version=edit_version(employee),
    )
    response = client.post(reverse("workforce:employee_edit", args=[employee.pk]), data)
    assert response.status_code == 302
    detail = client.get(reverse("workforce:employee_detail", args=[employee.pk]))
    rows = detail.context["history"]
    assert rows[0]["record"].history_user == world.users["operator_dinkes_a"]
    with translation.override("id"):
        labels = {str(Employee._meta.get_field(n).verbose_name) for n in ("unit", "golongan")}
    changes = {c["field"]: (c["old"], c["new"]) for c in rows[0]["changes"]}
    assert labels <= set(changes)
    # Old → new, as names the user knows (not ids).
    with translation.override("id"):
        unit_label, golongan_label = (
            str(Employee._meta.get_field(n).verbose_name) for n in ("unit", "golongan")
        )
    assert changes[unit_label] == ("Dinas Kesehatan", "Puskesmas Rakumpit")
    assert changes[golongan_label] == (employee.golongan or "–", "III/c")
    assert b"Puskesmas Rakumpit</strong>" in detail.content


def test_detail_of_an_employee_without_history(world, client_for) -> None:  # type: ignore[no-untyped-def]
    # Bulk loads (COPY, as bench/generate.py writes 1,000,000 rows) write no history record.
    employee = world.employee_dinkes
    employee.history.all().delete()
    detail = client_for("admin_a").get(reverse("workforce:employee_detail", args=[employee.pk]))
    assert detail.status_code == 200
    assert detail.context["history"] == []


def test_list_filters_by_district_and_sorts(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("admin_a")
    url = reverse("workforce:employee_list")
    rakumpit = client.get(url, {"district": world.district_a2.pk})
    assert {e.name for e in rakumpit.context["page"].object_list} == {
        "Yohanes Ahang",
        "Dewi Lestari",
    }
    oldest_first = client.get(url, {"sort": "birth_date"})
    births = [e.birth_date for e in oldest_first.context["page"].object_list]
    assert births == sorted(births)
    search = client.get(url, {"q": world.employee_dinkes.nip[:8]})
    assert [e.name for e in search.context["page"].object_list] == ["Siti Rahmawati"]


def test_list_htmx_request_returns_the_table_only(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("admin_a").get(reverse("workforce:employee_list"), HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "workforce/partials/_employee_table.html"


def test_list_paginates(world, client_for, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PAGE_SIZE = 2
    response = client_for("admin_a").get(reverse("workforce:employee_list"), {"page": 2})
    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 1


def test_inactive_people_are_hidden_unless_asked(world, client_for) -> None:  # type: ignore[no-untyped-def]
    Employee.unscoped.filter(pk=world.employee_dinkes.pk).update(active=False)
    client = client_for("admin_a")
    url = reverse("workforce:employee_list")
    assert "Siti Rahmawati" not in client.get(url).content.decode()
    assert "Siti Rahmawati" in client.get(url, {"inactive": "on"}).content.decode()


def test_dashboard_counts_the_scope(world, client_for) -> None:  # type: ignore[no-untyped-def]
    build.employee(
        world.school, world.teacher_position, "Guru Baru", status="pppk", birth=date(1995, 2, 3)
    )
    admin = client_for("admin_a").get(reverse("workforce:dashboard")).context["summary"]
    assert admin.total == 4
    assert dict((c, n) for c, _l, n in admin.by_status) == {"pns": 3, "pppk": 1}
    assert {name: n for _pk, name, n, _p in admin.by_district} == {"Pahandut": 1, "Rakumpit": 3}
    operator = (
        client_for("operator_dinkes_a").get(reverse("workforce:dashboard")).context["summary"]
    )
    assert operator.total == 2
    assert sum(n for *_x, n in operator.by_age) == 2


def test_multi_agency_scope_chooses_an_agency_first(world, client_for) -> None:  # type: ignore[no-untyped-def]
    world.users["evaluator_a"].assigned_agencies.add(world.agency_b)
    client = client_for("evaluator_a")
    url = reverse("workforce:employee_list")
    form = client.get(url).context["filter_form"]
    assert "agency" in form.fields
    assert list(form.fields["district"].widget.choices) == [("", "Semua")]
    chosen = client.get(url, {"agency": world.agency_a.pk})
    form = chosen.context["filter_form"]
    assert {name for _pk, name in list(form.fields["opd"].widget.choices)[1:]} == {
        "Dinas Kesehatan",
        "Dinas Pendidikan",
    }
    assert {e.name for e in chosen.context["page"].object_list} == {
        "Siti Rahmawati",
        "Yohanes Ahang",
        "Dewi Lestari",
    }
    by_district = client.get(url, {"district": world.district_a2.pk})  # valid without agency too
    assert {e.name for e in by_district.context["page"].object_list} == {
        "Yohanes Ahang",
        "Dewi Lestari",
    }


def test_single_agency_scope_has_no_agency_filter(world, client_for) -> None:  # type: ignore[no-untyped-def]
    form = client_for("admin_a").get(reverse("workforce:employee_list")).context["filter_form"]
    assert "agency" not in form.fields


def test_a_province_agency_filters_by_its_districts(world, client_for) -> None:  # type: ignore[no-untyped-def]
    province = build.agency(
        "62", "Pemerintah Provinsi Kalimantan Tengah", world.district_a.parent.parent
    )
    dinas = build.unit(province, "Dinas Kesehatan Provinsi", region_obj=world.district_a)
    build.employee(dinas, build.position(province), "Pegawai Provinsi", birth=date(1988, 8, 8))
    admin = build.user("admin_prov", "admin", agency_obj=province)
    client = client_for("admin_a")
    client.force_login(admin)
    response = client.get(reverse("workforce:employee_list"), {"district": world.district_a.pk})
    form = response.context["filter_form"]
    assert [name for _pk, name in list(form.fields["district"].choices)[1:]] == ["Pahandut"]
    assert [e.name for e in response.context["page"].object_list] == ["Pegawai Provinsi"]


def test_an_invalid_filter_is_ignored_and_the_others_apply(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("admin_a").get(
        reverse("workforce:employee_list"), {"district": "999999", "status": "pns", "q": "Dewi"}
    )
    assert [e.name for e in response.context["page"].object_list] == ["Dewi Lestari"]
    assert response.context["filter_form"].errors["district"]
