"""The open-selection API per role: read scoped like the pages, every write through the
services (the same rules and 422 messages)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.talent.selection_models import Candidate, Selection
from tests.talent import builders as talent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "status", "count"),
    [("admin_a", 200, 1), ("operator_dinkes_a", 403, None), ("operator_other_opd_a", 403, None),
     ("evaluator_a", 200, 1), ("leader_a", 200, 1), ("admin_b", 200, 0)],
)  # fmt: skip
def test_the_list_is_scoped(world: Any, client_for: Any, persona: str, status: int,
                            count: int | None) -> None:  # fmt: skip
    talent.selection(world)
    answer = client_for(persona).get(reverse("api:list_selections"))
    assert answer.status_code == status
    if count is not None:
        assert answer.json()["count"] == count


def test_the_detail_has_the_committee_and_the_ranked_candidates(
    world: Any, client_for: Any
) -> None:
    row = talent.selection(world)
    data = client_for("evaluator_a").get(reverse("api:get_selection", args=[row.pk])).json()
    assert len(data["committee"]) == 5
    ranked = [c for c in data["candidates"] if c["place"]]
    assert [c["name"] for c in ranked[:3]] == ["dr. Nadia Putri", "dr. Fajar Nugroho",
                                               "Sri Wahyuni, SKM"]  # fmt: skip
    assert [c["shortlisted"] for c in ranked] == [True, True, True, False]
    assert client_for("admin_b").get(reverse("api:get_selection", args=[row.pk])).status_code == 404


def _post(client: Any, name: str, args: list[int] | None = None, body: Any = None,
          method: str = "post") -> Any:  # fmt: skip
    return getattr(client, method)(
        reverse(name, args=args), data=body or {}, content_type="application/json"
    )


def test_the_admin_runs_a_selection_through_the_api(world: Any, client_for: Any) -> None:
    client = client_for("admin_a")
    body = {
        "unit_id": world.dinkes.pk,
        "position_id": talent.jpt_position(world).pk,
        "title": "Seleksi Kadinkes",
        "opens_on": "2026-01-05",
        "closes_on": "2026-01-12",
    }
    short = _post(client, "api:open_selection", body=body)
    assert short.status_code == 422 and "closes_on" in short.json()["errors"]
    created = _post(client, "api:open_selection", body=body | {"closes_on": "2026-01-25"})
    assert created.status_code == 201
    pk = created.json()["id"]
    for name, role, internal, institution in talent.COMMITTEE:
        answer = _post(client, "api:add_committee_member", [pk],
                       {"name": name, "role": role, "internal": internal,
                        "institution": institution})  # fmt: skip
        assert answer.status_code == 201
    inside = _post(client, "api:add_selection_candidate", [pk],
                   {"employee_id": world.employee_dinkes.pk})  # fmt: skip
    assert inside.status_code == 201 and inside.json()["employee_id"] == world.employee_dinkes.pk
    for name, origin, *_s in talent.SCORES[:2]:
        _post(client, "api:add_selection_candidate", [pk], {"name": name, "origin": origin})
    assert _post(client, "api:close_selection", [pk]).status_code == 200
    for candidate, score in zip(Candidate.unscoped.filter(selection_id=pk).order_by("id"),
                                (70, 80, 90), strict=True):  # fmt: skip
        answer = _post(client, "api:record_candidate_scores", [pk, candidate.pk],
                       {"passed_administration": True, "kompetensi": score,
                        "wawancara": score, "rekam_jejak": score}, "post")  # fmt: skip
        assert answer.status_code == 200
    assert _post(client, "api:send_selection_shortlist", [pk]).status_code == 200
    best = Candidate.unscoped.get(selection_id=pk, place=1)
    answer = _post(client, "api:decide_selection", [pk],
                   {"chosen_id": best.pk, "decided_by_name": "Wali Kota"})  # fmt: skip
    assert answer.status_code == 200 and answer.json()["state"] == "decided"
    assert Selection.unscoped.get(pk=pk).chosen_id == best.pk


@pytest.mark.parametrize(
    ("persona", "status"),
    [("operator_dinkes_a", 403), ("evaluator_a", 403), ("leader_a", 403), ("admin_b", 404)],
)
def test_others_may_not_write(world: Any, client_for: Any, persona: str, status: int) -> None:
    row = talent.selection(world)
    client = client_for(persona)
    assert _post(client, "api:send_selection_shortlist", [row.pk]).status_code == status
    first = row.candidates.order_by("id").first()
    answer = _post(client, "api:record_candidate_scores", [row.pk, first.pk],
                   {"passed_administration": False}, "post")  # fmt: skip
    assert answer.status_code == status
    assert Selection.unscoped.get(pk=row.pk).state == "closed"
    assert Candidate.unscoped.get(pk=first.pk).passed_administration is True
