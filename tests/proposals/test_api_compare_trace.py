"""The API of the comparison (asked vs BKN vs decided) and of an item's trace, per role as the
pages (404 out of scope, 401 anonymous), with the pages' figures; and the bounded version of a
workflow step (422 in the one error shape)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from formasi.proposals.models import Proposal, ProposalItem
from formasi.workforce.models import Employee
from formasi.workload.models import AbkTask, PositionNeed
from tests.proposals.builders import decided, drafted, evaluators, nurse_item, part_of

pytestmark = pytest.mark.django_db

DRAFT_COMPARE = {
    "admin_a": 200,
    "operator_dinkes_a": 200,
    "operator_other_opd_a": 200,  # sees the proposal; its own OPD's items only
    "evaluator_a": 404,  # not sent to BKN yet
    "bkn_a": 404,
    "leader_a": 200,
    "admin_b": 404,
}
DRAFT_TRACE = {**DRAFT_COMPARE, "operator_other_opd_a": 404}  # another OPD's item


def _client(world: Any, persona: str) -> Client:
    evaluators(world)
    client = Client()
    client.force_login(world.users[persona])
    return client


def _compare_url(proposal: Proposal) -> str:
    return reverse("api:compare_proposal", args=[proposal.pk])


def _trace_url(proposal: Proposal, item: ProposalItem) -> str:
    return reverse("api:get_item_trace", args=[proposal.pk, item.pk])


@pytest.mark.parametrize("persona", list(DRAFT_COMPARE))
def test_the_comparison_of_a_draft_per_role_as_the_page(world: Any, persona: str) -> None:
    proposal = drafted(world)
    client = _client(world, persona)
    api = client.get(_compare_url(proposal))
    page = client.get(reverse("proposals:compare", args=[proposal.pk]))
    assert api.status_code == page.status_code == DRAFT_COMPARE[persona]
    if api.status_code == 404:
        assert api.json()["detail"]


def test_the_comparison_gives_the_pages_figures(world: Any) -> None:
    proposal = decided(world)
    client = _client(world, "kemenpanrb_a")
    body = client.get(_compare_url(proposal)).json()
    page = client.get(reverse("proposals:compare", args=[proposal.pk])).context
    assert body["totals"] == page["totals"]
    assert [r["item_id"] for r in body["rows"]] == [r["item"].pk for r in page["rows"]]
    nurse = nurse_item(world, proposal)
    row = next(r for r in body["rows"] if r["item_id"] == nurse.pk)
    assert row["bkn_verdict"] == "changed" and row["bkn_reason"]
    assert row["bkn_diff"] == nurse.bkn_count - nurse.count == -1
    assert row["decided_diff"] == nurse.decided_count - nurse.count
    assert row["opd"] == world.dinkes.name


def test_an_operator_compares_only_their_opds_items(world: Any) -> None:
    proposal = drafted(world)
    body = _client(world, "operator_dinkes_a").get(_compare_url(proposal)).json()
    mine = ProposalItem.unscoped.filter(part=part_of(proposal, world.dinkes))
    assert {r["item_id"] for r in body["rows"]} == set(mine.values_list("pk", flat=True))
    assert body["totals"]["requested"] == sum(i.count for i in mine)


def test_a_draft_has_no_bkn_or_decided_counts(world: Any) -> None:
    proposal = drafted(world)
    body = _client(world, "admin_a").get(_compare_url(proposal)).json()
    assert body["rows"] and body["totals"]["bkn"] == body["totals"]["decided"] == 0
    assert all(r["bkn_diff"] is None and r["decided_diff"] is None for r in body["rows"])


@pytest.mark.parametrize("persona", list(DRAFT_TRACE))
def test_the_trace_of_a_draft_item_per_role_as_the_page(world: Any, persona: str) -> None:
    proposal = drafted(world)
    nurse = nurse_item(world, proposal)
    client = _client(world, persona)
    api = client.get(_trace_url(proposal, nurse))
    page = client.get(reverse("proposals:item_trace", args=[proposal.pk, nurse.pk]))
    assert api.status_code == page.status_code == DRAFT_TRACE[persona]


def test_the_trace_names_tasks_people_and_leavers(world: Any) -> None:
    proposal = drafted(world)
    nurse = nurse_item(world, proposal)
    need = PositionNeed.unscoped.get(unit=world.puskesmas, position=world.nurse_position)
    AbkTask.objects.create(
        need=need, description="Asuhan keperawatan", volume=1200, norm_minutes=30
    )
    body = _client(world, "leader_a").get(_trace_url(proposal, nurse)).json()
    assert body["need"]["count"] == need.count and body["need"]["source"] == need.source
    assert body["tasks"] == [
        {
            "description": "Asuhan keperawatan",
            "output_unit": "",
            "volume": 1200.0,
            "norm_minutes": 30.0,
            "minutes": 1200 * 30,
        }
    ]
    assert body["total_minutes"] == 1200 * 30
    staff = Employee.unscoped.filter(unit=world.puskesmas, position=world.nurse_position)
    assert {p["nip"] for p in body["bezetting"]} <= {e.nip for e in staff}
    assert body["bezetting"] and "nik" not in body["bezetting"][0]
    assert [y["year"] for y in body["leavers"]] == body["current"]["years"]
    assert body["drafted"] == nurse.evidence and body["changes"] == []


def test_the_trace_words_a_need_changed_since_the_draft(world: Any) -> None:
    proposal = drafted(world)
    nurse = nurse_item(world, proposal)
    PositionNeed.unscoped.filter(unit=world.puskesmas, position=world.nurse_position).update(
        count=12
    )
    body = _client(world, "admin_a").get(_trace_url(proposal, nurse)).json()
    assert body["current"]["need"] == 12
    assert f"kebutuhan berubah dari {nurse.evidence['need']} ke 12 sejak draf" in body["changes"]


def test_an_item_of_another_proposal_is_not_found(world: Any) -> None:
    proposal = drafted(world)
    other = Proposal.unscoped.create(agency=world.agency_a, year=proposal.year + 1)
    response = _client(world, "admin_a").get(_trace_url(other, nurse_item(world, proposal)))
    assert response.status_code == 404 and response.json()["detail"]


def test_anonymous_gets_401(world: Any) -> None:
    proposal = drafted(world)
    assert Client().get(_compare_url(proposal)).status_code == 401
    assert Client().get(_trace_url(proposal, nurse_item(world, proposal))).status_code == 401


@pytest.mark.parametrize("version", [-1, 2**31, 10**30])
def test_a_step_version_out_of_range_is_422_in_the_error_shape(world: Any, version: int) -> None:
    proposal = drafted(world)
    body = {"step": "send_to_bkn", "version": version}
    response = _client(world, "admin_a").post(
        reverse("api:take_step", args=[proposal.pk]), body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"] and "version" in response.json()["errors"]
    proposal.refresh_from_db()
    assert proposal.state == "draft"


def test_the_largest_version_is_read_and_found_stale(world: Any) -> None:
    proposal = drafted(world)
    body = {"step": "send_to_bkn", "version": 2**31 - 1}
    response = _client(world, "admin_a").post(
        reverse("api:take_step", args=[proposal.pk]), body, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["detail"]
