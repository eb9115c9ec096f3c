"""Search across positions, work units and people (issue 17, item 3): scoped, grouped, and
never by NIK."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from tests.personas import World

pytestmark = pytest.mark.django_db
URL = reverse("workforce:search")


def _found(client: Any, q: str) -> Any:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return response.context["found"]


def _names(group: Any) -> set[str]:
    if group is None:
        return set()
    return {(row[0] if isinstance(row, tuple) else row).name for row in group.rows}


@pytest.mark.parametrize("persona", ["admin_a", "evaluator_a", "leader_a"])
def test_guru_finds_the_teacher_position_and_the_teachers(
    world: World, client_for: Any, persona: str
) -> None:
    found = _found(client_for(persona), "guru")
    assert _names(found.positions) == {world.teacher_position.name}
    assert found.positions.rows[0][1] == 1  # one active teacher holds it
    assert _names(found.people) == {world.employee_disdik.name}
    assert found.people.total == 1


def test_a_family_label_finds_its_positions(world: World, client_for: Any) -> None:
    """ "Guru" is both a word of the name and the family; a family's label in the reader's
    language finds positions whose name does not say it."""
    world.teacher_position.name = "Ahli Pertama Kelas"
    world.teacher_position.save()
    found = _found(client_for("admin_a"), "Guru")
    assert _names(found.positions) == {"Ahli Pertama Kelas"}


@pytest.mark.parametrize("persona", ["admin_a", "operator_dinkes_a", "leader_a"])
def test_puskesmas_finds_the_unit_and_who_works_there(
    world: World, client_for: Any, persona: str
) -> None:
    found = _found(client_for(persona), "Puskesmas")
    assert _names(found.units) == {"Puskesmas Rakumpit"}
    assert _names(found.people) == {world.employee_puskesmas.name}
    html = client_for(persona).get(URL, {"q": "Puskesmas"}).content.decode()
    assert reverse("organization:unit_detail", args=[world.puskesmas.pk]) in html


def test_a_place_finds_the_units_standing_there(world: World, client_for: Any) -> None:
    found = _found(client_for("admin_a"), "Rakumpit")
    assert {"Puskesmas Rakumpit", "SDN 1 Rakumpit"} <= _names(found.units)


def test_results_stay_inside_the_scope(world: World, client_for: Any) -> None:
    # The teacher works under Dinas Pendidikan: not the Dinas Kesehatan operator's subtree.
    assert _names(_found(client_for("operator_dinkes_a"), "guru").people) == set()
    assert _names(_found(client_for("operator_other_opd_a"), "guru").people) == {
        world.employee_disdik.name
    }
    other = _found(client_for("admin_b"), "Puskesmas")
    assert _names(other.units) == set() and _names(other.people) == set()
    assert _found(client_for("admin_b"), "guru").empty


@pytest.mark.parametrize("persona", ["admin_a", "operator_dinkes_a", "leader_a", "evaluator_a"])
def test_nik_is_never_searched_nor_shown(world: World, client_for: Any, persona: str) -> None:
    nik = world.employee_dinkes.nik
    client = client_for(persona)
    assert _found(client, nik).empty
    html = client.get(URL, {"q": world.employee_dinkes.name}).content.decode()
    assert world.employee_dinkes.name in html
    assert nik not in html


def test_a_name_or_the_start_of_a_nip_finds_the_person(world: World, client_for: Any) -> None:
    client = client_for("admin_a")
    nip = world.employee_puskesmas.nip
    assert _names(_found(client, nip[:10]).people) == {world.employee_puskesmas.name}
    assert _names(_found(client, "yohanes").people) == {world.employee_puskesmas.name}


def test_one_letter_searches_nothing(world: World, client_for: Any) -> None:
    found = _found(client_for("admin_a"), "a")
    assert found.empty and found.people is None


def test_anonymous_is_sent_to_log_in(world: World, client_for: Any) -> None:
    response = client_for("anonymous").get(URL, {"q": "guru"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_position_links_to_the_people_holding_it(world: World, client_for: Any) -> None:
    client = client_for("admin_a")
    response = client.get(reverse("workforce:employee_list"), {"position": world.nurse.pk})
    names = {e.name for e in response.context["page"].object_list}
    assert names == {world.employee_puskesmas.name, world.employee_dinkes.name}
    html = client.get(URL, {"q": "Perawat"}).content.decode()
    assert f"?position={world.nurse.pk}" in html


@pytest.mark.parametrize("page", ["workforce:dashboard", "workforce:employee_list"])
def test_search_is_in_the_menu_and_on_the_dashboard(
    world: World, client_for: Any, page: str
) -> None:
    html = client_for("leader_a").get(reverse(page)).content.decode()
    assert f'href="{URL}" data-testid="nav-search"' in html
    dashboard = client_for("leader_a").get(reverse("workforce:dashboard")).content.decode()
    assert f'action="{URL}"' in dashboard and 'data-testid="dashboard-search"' in dashboard


def test_people_matched_by_every_criterion_are_counted_once(world: World, client_for: Any) -> None:
    # "Rakumpit": the puskesmas and the school, so their two people, each once.
    found = _found(client_for("admin_a"), "Rakumpit")
    assert _names(found.people) == {world.employee_puskesmas.name, world.employee_disdik.name}
    assert found.people.total == 2 and not found.people.capped


def test_more_matches_than_the_cap_say_so(
    world: World, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from formasi.workforce import search

    monkeypatch.setattr(search, "CAP", 1)
    client = client_for("admin_a")
    found = _found(client, "Perawat")  # two nurses, by their position
    assert found.people.capped and found.people.total == 1
    assert found.people.rows  # the first found, by name
    html = client.get(URL, {"q": "Perawat"}).content.decode()
    assert 'data-testid="search-people-capped"' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    html = client.get(URL, {"q": "Perawat"}).content.decode()
    assert "lebih dari 1" in html and "Lebih dari 1 hasil" in html
    assert not _found(client, "Dewi").people.capped
