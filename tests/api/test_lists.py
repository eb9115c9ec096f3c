"""API lists are paginated (limit/offset, bounded) and scoped like the pages."""

from __future__ import annotations

from django.urls import reverse


def test_units_are_paginated_and_scoped(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("operator_dinkes_a")
    page = client.get(reverse("api:list_units"), {"limit": 1}).json()
    assert page["count"] == 2  # Dinas Kesehatan and its puskesmas
    assert [u["name"] for u in page["items"]] == ["Dinas Kesehatan"]
    rest = client.get(reverse("api:list_units"), {"limit": 1, "offset": 1}).json()
    assert [u["name"] for u in rest["items"]] == ["Puskesmas Rakumpit"]


def test_limit_is_bounded(world, client_for, settings) -> None:  # type: ignore[no-untyped-def]
    response = client_for("admin_a").get(reverse("api:list_positions"), {"limit": 100000})
    assert response.status_code == 422


def test_regions_filter_by_level_and_parent(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader_a")
    page = client.get(reverse("api:list_regions"), {"level": "kecamatan", "parent": "62.71"}).json()
    assert [r["name"] for r in page["items"]] == ["Pahandut", "Rakumpit"]


def test_employee_list_pages_through_the_scope(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("admin_a")
    first = client.get(reverse("api:list_employees"), {"page_size": 2}).json()
    second = client.get(reverse("api:list_employees"), {"page_size": 2, "page": 2}).json()
    assert first["count"] == second["count"] == 3
    names = [e["name"] for e in first["results"] + second["results"]]
    assert sorted(names) == ["Dewi Lestari", "Siti Rahmawati", "Yohanes Ahang"]


def test_api_create_refuses_a_contradicting_nip_with_field_errors(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("admin_a").post(
        reverse("api:create_employee"),
        data={
            "name": "Maria Ulfa",
            "status": "pns",
            "nip": "199204152019032001",
            "sex": "F",
            "birth_date": "1992-04-16",
            "position_id": world.nurse_position.pk,
            "unit_id": world.puskesmas.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert "nip" in body["errors"] and body["detail"]
