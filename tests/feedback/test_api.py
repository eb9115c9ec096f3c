"""The survey API per role: the units' IKM (the domain's figures), the complaints scoped like the
pages, the follow-up through the page's service, and the answers for export."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from formasi.domain import survey
from formasi.feedback.models import Complaint
from tests.feedback.builders import YEAR, response

pytestmark = pytest.mark.django_db

ANSWERS: list[list[int | None]] = [[4, 3, 3, 4, 3, 3, 4, 4, 2], [2, 3, None, 4, 3, 4, 4, 3, 1]]


def _complaint(world: Any) -> Complaint:
    response(world.puskesmas, [2] * 9, text="Antrean lama")
    return Complaint.unscoped.get(unit=world.puskesmas)


def test_the_units_ikm_is_the_domains(world: Any, client_for: Any) -> None:
    for scores in ANSWERS:
        response(world.puskesmas, scores)
    body = client_for("admin_a").get(reverse("api:list_survey_units"), {"year": YEAR}).json()
    rows = {r["unit_id"]: r for r in body["items"]}
    expected = survey.ikm(ANSWERS)
    found = rows[world.puskesmas.pk]
    assert Decimal(found["index"]) == expected.index
    assert Decimal(found["legacy_index"]) == expected.legacy_index
    assert found["grade"] == expected.grade
    assert found["respondents"] == 2
    assert [None if v is None else Decimal(v) for v in found["nrr"]] == list(expected.nrr)
    assert found["weakest"] == survey.weakest(expected.nrr)
    assert rows[world.school.pk]["index"] is None  # a public unit without answers is listed
    assert world.dinkes.pk not in rows  # an OPD does not serve the public


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("admin_a", 1), ("operator_dinkes_a", 1), ("operator_other_opd_a", 0), ("evaluator_a", 1),
     ("leader_a", 1), ("admin_b", 0)],
)  # fmt: skip
def test_complaints_are_scoped_like_the_page(world: Any, client_for: Any, persona: str,
                                             expected: int) -> None:  # fmt: skip
    _complaint(world)
    found = client_for(persona).get(reverse("api:list_complaints"), {"year": YEAR})
    assert found.status_code == 200
    assert found.json()["count"] == expected


def test_the_units_operator_answers_through_the_api(world: Any, client_for: Any) -> None:
    complaint = _complaint(world)
    url = reverse("api:follow_up_complaint", args=[complaint.pk])
    client = client_for("operator_dinkes_a")
    answered = client.post(
        url, json.dumps({"status": "answered", "answer": "Loket kedua dibuka."}),
        content_type="application/json",
    )  # fmt: skip
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "answered"
    complaint.refresh_from_db()
    assert complaint.handled_by == world.users["operator_dinkes_a"]
    assert complaint.answer == "Loket kedua dibuka." and complaint.answered_at is not None
    listed = client.get(reverse("api:list_complaints"), {"year": YEAR, "status": "answered"})
    assert listed.json()["count"] == 1


def test_a_step_the_status_does_not_allow_is_422(world: Any, client_for: Any) -> None:
    complaint = _complaint(world)
    url = reverse("api:follow_up_complaint", args=[complaint.pk])
    client = client_for("admin_a")
    closed = client.post(url, json.dumps({"status": "closed"}), content_type="application/json")
    assert closed.status_code == 422  # new → closed skips the answer
    bare = client.post(url, json.dumps({"status": "answered"}), content_type="application/json")
    assert bare.status_code == 422
    assert "answer" in bare.json()["errors"]
    complaint.refresh_from_db()
    assert complaint.status == "new"


def test_the_export_lists_the_answers_without_the_token(world: Any, client_for: Any) -> None:
    for scores in ANSWERS:
        response(world.puskesmas, scores, sex="P")
    found = client_for("admin_a").get(
        reverse("api:export_survey_responses"), {"year": YEAR, "unit_id": world.puskesmas.pk}
    )
    items = found.json()["items"]
    assert [i["scores"] for i in items] == ANSWERS
    assert all(i["sex"] == "P" and "token_hash" not in i for i in items)
