"""Done-when: an operator of Dinas Kesehatan cannot list, open, edit, export or reach through the
admin an employee of Dinas Pendidikan; an evaluator cannot see an agency not assigned to them."""

from __future__ import annotations

from django.urls import reverse


def test_operator_list_does_not_show_other_opd(world, client_for):  # type: ignore[no-untyped-def]
    response = client_for("operator_dinkes_a").get(reverse("workforce:employee_list"))
    assert response.status_code == 200
    assert "Siti Rahmawati" in response.text
    assert "Dewi Lestari" not in response.text


def test_operator_cannot_open_or_edit_other_opd(world, client_for):  # type: ignore[no-untyped-def]
    client = client_for("operator_dinkes_a")
    pk = world.employee_disdik.pk
    assert client.get(reverse("workforce:employee_detail", args=[pk])).status_code == 404
    assert client.get(reverse("workforce:employee_edit", args=[pk])).status_code == 404
    response = client.post(reverse("workforce:employee_edit", args=[pk]), {"name": "X"})
    assert response.status_code == 404
    world.employee_disdik.refresh_from_db()
    assert world.employee_disdik.name == "Dewi Lestari"


def test_operator_export_does_not_contain_other_opd(world, client_for):  # type: ignore[no-untyped-def]
    response = client_for("operator_dinkes_a").get(reverse("workforce:employee_export"))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "Siti Rahmawati" in body
    assert "Dewi Lestari" not in body


def test_operator_cannot_reach_other_opd_through_admin(world, client_for):  # type: ignore[no-untyped-def]
    client = client_for("operator_dinkes_a")
    pk = world.employee_disdik.pk
    changelist = client.get(reverse("admin:workforce_employee_changelist"))
    assert changelist.status_code == 200
    assert "Dewi Lestari" not in changelist.text
    change = client.get(reverse("admin:workforce_employee_change", args=[pk]), follow=True)
    assert "Dewi Lestari" not in change.text
    history = client.get(reverse("admin:workforce_employee_history", args=[pk]))
    assert history.status_code == 404


def test_operator_cannot_reach_other_opd_through_api(world, client_for):  # type: ignore[no-untyped-def]
    client = client_for("operator_dinkes_a")
    response = client.get(reverse("api:get_employee", args=[world.employee_disdik.pk]))
    assert response.status_code == 404
    listing = client.get(reverse("api:list_employees")).json()
    assert {row["name"] for row in listing["results"]} == {"Siti Rahmawati", "Yohanes Ahang"}


def test_operator_cannot_move_an_employee_out_of_their_subtree(world, client_for):  # type: ignore[no-untyped-def]
    client = client_for("operator_dinkes_a")
    etag = client.get(reverse("api:get_employee", args=[world.employee_dinkes.pk]))["ETag"]
    response = client.patch(
        reverse("api:update_employee", args=[world.employee_dinkes.pk]),
        data={"unit_id": world.school.pk},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 404  # the school is not a unit they can see
    world.employee_dinkes.refresh_from_db()
    assert world.employee_dinkes.unit_id == world.dinkes.pk


def test_evaluator_cannot_see_unassigned_agency(world, client_for):  # type: ignore[no-untyped-def]
    client = client_for("evaluator_a")
    assert (
        client.get(reverse("workforce:employee_detail", args=[world.employee_b.pk])).status_code
        == 404
    )
    listing = client.get(reverse("workforce:employee_list"))
    assert "Ahmad Fauzi" not in listing.text
    api = client.get(reverse("api:list_employees")).json()
    assert "Ahmad Fauzi" not in {row["name"] for row in api["results"]}
    assert client.get(reverse("organization:unit_detail", args=[world.opd_b.pk])).status_code == 404


def test_nik_is_masked_for_everyone_but_admin(world, client_for):  # type: ignore[no-untyped-def]
    nik = world.employee_dinkes.nik
    admin = client_for("admin_a").get(
        reverse("workforce:employee_detail", args=[world.employee_dinkes.pk])
    )
    assert nik in admin.text
    for persona in ("operator_dinkes_a", "evaluator_a", "leader_a"):
        page = client_for(persona).get(
            reverse("workforce:employee_detail", args=[world.employee_dinkes.pk])
        )
        assert nik not in page.text
        assert nik[:6] not in page.text  # not even the region part (issue 13)
        assert "terisi (disembunyikan)" in page.text
        export = b"".join(
            client_for(persona).get(reverse("workforce:employee_export")).streaming_content
        )
        assert nik.encode() not in export
