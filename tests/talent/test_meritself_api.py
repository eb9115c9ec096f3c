"""The merit self-assessment API per role: list, read one, answer an indicator."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from formasi.talent.models import MeritAnswer
from tests.talent.builders import YEAR, merit, merit_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_a", ["62.71"]),
        ("evaluator_a", ["62.71"]),
        ("leader_a", ["62.71"]),
        ("admin_b", ["63.72"]),
    ],
)
def test_each_role_lists_its_agencies_assessments(world, client_for, persona, expected) -> None:  # type: ignore[no-untyped-def]
    merit_of(world.agency_a)
    merit_of(world.agency_b)
    body = client_for(persona).get(reverse("api:list_merit_assessments")).json()
    assert [item["agency"] for item in body["items"]] == expected


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "operator_other_opd_a"])
def test_an_opd_operator_may_not_read_it(world, client_for, persona) -> None:  # type: ignore[no-untyped-def]
    assert client_for(persona).get(reverse("api:list_merit_assessments")).status_code == 403


def test_one_assessment_carries_its_answers(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit(world.agency_a, level=3)
    url = reverse("api:get_merit_assessment", args=[row.pk])
    body = client_for("leader_a").get(url).json()
    assert body["year"] == YEAR and body["status"] == "draft"
    assert len(body["answers"]) == 21 and {a["level"] for a in body["answers"]} == {3}


def _answer(client, row, indicator: str, body: dict):  # type: ignore[no-untyped-def]
    url = reverse("api:answer_merit_indicator", args=[row.pk, indicator])
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_admin_answers_and_others_may_not(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    response = _answer(client_for("admin_a"), row, "awards", {"level": 2, "note": "ada SK"})
    assert response.status_code == 200
    assert MeritAnswer.unscoped.get(assessment=row, indicator="awards").level == 2
    assert _answer(client_for("leader_a"), row, "awards", {"level": 4}).status_code == 403
    assert _answer(client_for("evaluator_a"), row, "awards", {"level": 4}).status_code == 403
    assert _answer(client_for("admin_b"), row, "awards", {"level": 4}).status_code == 404
    assert MeritAnswer.unscoped.get(assessment=row, indicator="awards").level == 2


def test_bad_answers_are_422(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    client = client_for("admin_a")
    assert _answer(client, row, "awards", {"level": 5}).status_code == 422
    assert _answer(client, row, "nope", {"level": 2}).status_code == 422


def test_a_submitted_assessment_answers_422(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit(world.agency_a, level=4)
    row.status = row.Status.SUBMITTED
    row.save()
    assert _answer(client_for("admin_a"), row, "awards", {"level": 1}).status_code == 422


def _post(client, name: str, args: list, body: dict | None = None):  # type: ignore[no-untyped-def]
    return client.post(
        reverse(name, args=args), data=json.dumps(body or {}), content_type="application/json"
    )


def test_starting_creates_once_with_the_automatic_answers(world, client_for) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin_a")
    first = _post(admin, "api:start_merit_assessment", [], {"year": YEAR})
    assert first.status_code == 201, first.content
    assert len(first.json()["answers"]) == 21 and any(a["auto"] for a in first.json()["answers"])
    again = _post(admin, "api:start_merit_assessment", [], {"year": YEAR})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert (
        _post(client_for("leader_a"), "api:start_merit_assessment", [], {"year": YEAR}).status_code
        == 403
    )
    assert _post(admin, "api:start_merit_assessment", [], {"year": 1990}).status_code == 422


def test_submit_needs_every_answer_then_locks(world, client_for) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin_a")
    open_row = merit_of(world.agency_a)
    refused = _post(admin, "api:submit_merit_assessment", [open_row.pk])
    assert refused.status_code == 422 and refused.json()["detail"]
    assert _post(admin, "api:refresh_merit_assessment", [open_row.pk]).status_code == 200
    row = merit(world.agency_b, level=3)
    assert _post(admin, "api:submit_merit_assessment", [row.pk]).status_code == 404
    done = _post(client_for("admin_b"), "api:submit_merit_assessment", [row.pk])
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    assert _post(client_for("admin_b"), "api:refresh_merit_assessment", [row.pk]).status_code == 422
