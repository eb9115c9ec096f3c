"""The one agency chooser (issue 14): every page, export, API call and task picks its agency
by ``agency_for``: the visible agency with the given code (404 if none), else the user's own,
else the only one visible, else the user must choose."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from formasi.organization.services import agency_choices, agency_for, require_agency
from tests import builders as build
from tests.personas import World

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _evaluator_of_both(world: World) -> Any:
    return build.user("evaluator_ab", "evaluator", assigned=[world.agency_a, world.agency_b])


def test_the_visible_agency_with_the_code_wins(world: World) -> None:
    evaluator = _evaluator_of_both(world)
    assert agency_for(evaluator, "63.72") == world.agency_b
    assert agency_for(world.users["admin_a"], "62.71") == world.agency_a


def test_a_code_the_user_may_not_see_is_404(world: World) -> None:
    with pytest.raises(Http404):
        agency_for(world.users["admin_a"], "63.72")
    with pytest.raises(Http404):
        agency_for(world.users["admin_a"], "99.99")


def test_without_a_code_the_users_own_agency(world: World) -> None:
    assert agency_for(world.users["admin_b"]) == world.agency_b
    assert agency_for(world.users["operator_dinkes_a"]) == world.agency_a
    assert agency_choices(world.users["admin_b"]) == []


def test_without_an_own_agency_the_only_visible_one(world: World) -> None:
    assert agency_for(world.users["evaluator_a"]) == world.agency_a


def test_a_user_who_sees_several_must_choose(world: World) -> None:
    evaluator = _evaluator_of_both(world)
    assert agency_for(evaluator) is None
    assert agency_choices(evaluator) == [world.agency_b, world.agency_a]  # by name
    with pytest.raises(ValidationError) as raised:
        require_agency(evaluator)
    assert "agency" in raised.value.message_dict


def test_the_api_asks_in_indonesian_to_choose(world: World, client: Any) -> None:
    client.force_login(_evaluator_of_both(world))
    response = client.get(f"{API}/plan/vacancies")
    assert response.status_code == 422
    assert "Pilih instansi" in response.content.decode()
    assert client.get(f"{API}/plan/vacancies?agency=63.72").status_code == 200


def test_the_pages_show_a_chooser(world: World, client: Any) -> None:
    client.force_login(_evaluator_of_both(world))
    for name in ("planning:plan", "planning:vacancies", "workload:areas"):
        url = reverse(name)
        response = client.get(url)
        assert response.status_code == 200
        assert 'name="agency"' in response.content.decode(), url
    # The placement page asks in words (it lists no agencies).
    assert "Pilih instansi" in client.get(reverse("placement:run_list")).content.decode()
