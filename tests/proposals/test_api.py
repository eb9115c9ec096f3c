"""The proposal API per role: the list and the reads scoped like the pages (404 out of scope),
drafting, changing items with If-Match (428 without, 412 stale, the page's message), BKN's
verdicts and KemenPAN-RB's decided counts, steps (409 on a stale version) and comments."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from formasi.domain.proposal_workflow import Step
from formasi.proposals import api
from formasi.proposals.deadlines import next_deadline
from formasi.proposals.models import (
    ItemStatusChoice,
    Proposal,
    ProposalComment,
    ProposalItem,
    ProposalPart,
    VerdictChoice,
)
from formasi.proposals.services import ConflictError
from tests.proposals.builders import (
    YEAR,
    drafted,
    evaluators,
    part_of,
    reviewed,
    sent_to_bkn,
    step,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin_a",
    "operator_dinkes_a",
    "operator_other_opd_a",
    "evaluator_a",
    "bkn_a",
    "leader_a",
    "admin_b",
]
# a draft of agency A: evaluators do not see it before it is sent to BKN (as the pages)
DRAFT_VIEW = {
    "admin_a": 200,
    "operator_dinkes_a": 200,
    "operator_other_opd_a": 200,
    "evaluator_a": 404,
    "bkn_a": 404,
    "leader_a": 200,
    "admin_b": 404,
}
JSON = "application/json"


def _client(world: Any, persona: str) -> Client:
    evaluators(world)
    client = Client()
    client.force_login(world.users[persona])
    return client


def _nurse(proposal: Proposal, world: Any) -> ProposalItem:
    return ProposalItem.unscoped.get(
        part__proposal=proposal, org_unit=world.puskesmas, position=world.nurse_position
    )


def _item_url(item: ProposalItem, suffix: str = "") -> str:
    name = {"": "api:get_item", "verdict": "api:review_item", "decision": "api:decide_item"}
    return reverse(name[suffix], args=[item.part.proposal_id, item.pk])


def test_the_literals_are_the_model_choices() -> None:
    assert set(typing.get_args(api.StatusCode)) == set(ItemStatusChoice.values)
    assert set(typing.get_args(api.VerdictCode)) == set(VerdictChoice.values)
    assert set(typing.get_args(api.StepCode)) == {s.value for s in Step}


# --------------------------------------------------------------------------- reads


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_per_role(world: Any, persona: str) -> None:
    proposal = drafted(world)
    response = _client(world, persona).get(reverse("api:list_proposals"))
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["items"]]
    assert ids == ([proposal.pk] if DRAFT_VIEW[persona] == 200 else [])


def test_the_list_is_paginated(world: Any) -> None:
    drafted(world)
    Proposal.unscoped.create(agency=world.agency_a, year=YEAR - 1, state="closed")
    body = _client(world, "admin_a").get(reverse("api:list_proposals") + "?limit=1").json()
    assert body["count"] == 2
    assert [row["year"] for row in body["items"]] == [YEAR]


def test_anonymous_is_401(world: Any) -> None:
    assert Client().get(reverse("api:list_proposals")).status_code == 401


@pytest.mark.parametrize("persona", PERSONAS)
def test_read_per_role(world: Any, persona: str) -> None:
    proposal = drafted(world)
    response = _client(world, persona).get(reverse("api:get_proposal", args=[proposal.pk]))
    assert response.status_code == DRAFT_VIEW[persona]
    events = _client(world, persona).get(reverse("api:list_events", args=[proposal.pk]))
    assert events.status_code == DRAFT_VIEW[persona]


def test_an_operator_reads_only_their_opds_part_and_items(world: Any) -> None:
    proposal = drafted(world)
    response = _client(world, "operator_dinkes_a").get(
        reverse("api:get_proposal", args=[proposal.pk])
    )
    body = response.json()
    assert response["ETag"] == f'"{proposal.version}"'
    assert [p["org_unit_id"] for p in body["parts"]] == [world.dinkes.pk]
    own = set(
        ProposalItem.unscoped.filter(
            part__proposal=proposal, part__org_unit=world.dinkes
        ).values_list("pk", flat=True)
    )
    assert {i["id"] for i in body["items"]} == own
    assert body["parts"][0]["steps"] == ["submit"]
    assert body["steps"] == []
    assert {i["edit"] for i in body["items"]} == {"content"}
    teacher = ProposalItem.unscoped.get(part__proposal=proposal, org_unit=world.school)
    other = _client(world, "operator_dinkes_a").get(_item_url(teacher))
    assert other.status_code == 404


def test_the_detail_names_the_admins_steps_and_the_next_deadline(world: Any) -> None:
    proposal = drafted(world)
    body = _client(world, "admin_a").get(reverse("api:get_proposal", args=[proposal.pk])).json()
    assert body["steps"] == ["send_to_bkn"]
    assert all(p["steps"] == ["submit"] for p in body["parts"])
    expected = next_deadline(YEAR, timezone.localdate())
    if expected is None:
        assert body["next_deadline"] is None
    else:
        assert body["next_deadline"]["code"] == expected.code
        assert body["next_deadline"]["days_left"] == expected.days_left
    leader = _client(world, "leader_a").get(reverse("api:get_proposal", args=[proposal.pk]))
    assert leader.json()["steps"] == [] and {i["edit"] for i in leader.json()["items"]} == {None}


def test_an_evaluator_reads_a_sent_proposal(world: Any) -> None:
    proposal = sent_to_bkn(world)
    body = _client(world, "bkn_a").get(reverse("api:get_proposal", args=[proposal.pk])).json()
    assert body["state"] == "submitted_bkn"
    assert {i["edit"] for i in body["items"]} == {"verdict"}
    assert body["steps"] == ["give_pertimbangan"]
    assert _client(world, "admin_b").get(_item_url(_nurse(proposal, world))).status_code == 404


# --------------------------------------------------------------------------- drafting


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_a", 201),
        ("operator_dinkes_a", 403),
        ("bkn_a", 403),
        ("leader_a", 403),
    ],
)
def test_draft_per_role(world: Any, persona: str, expected: int) -> None:
    from tests.planning.builders import add_plan_data

    add_plan_data(world)
    response = _client(world, persona).post(
        reverse("api:draft_proposal"), {"year": YEAR}, content_type=JSON
    )
    assert response.status_code == expected
    made = Proposal.unscoped.filter(agency=world.agency_a, year=YEAR)
    assert made.exists() == (expected == 201)
    if expected == 201:
        body = response.json()
        assert body["id"] == made.get().pk
        assert (
            len(body["items"]) == ProposalItem.unscoped.filter(part__proposal_id=body["id"]).count()
        )
        assert body["items"]


def test_draft_refused_once_sent_is_422(world: Any) -> None:
    sent_to_bkn(world)
    response = _client(world, "admin_a").post(
        reverse("api:draft_proposal"), {"year": YEAR}, content_type=JSON
    )
    assert response.status_code == 422


def test_draft_with_another_agencys_scenario_is_404(world: Any) -> None:
    from formasi.planning.models import Scenario

    scenario = Scenario.unscoped.create(agency=world.agency_b, name="B", base_year=YEAR - 1)
    response = _client(world, "admin_a").post(
        reverse("api:draft_proposal"),
        {"year": YEAR, "scenario_id": scenario.pk},
        content_type=JSON,
    )
    assert response.status_code == 404
    assert not Proposal.unscoped.exists()


# --------------------------------------------------------------------------- items


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_a", 200),
        ("operator_dinkes_a", 200),
        ("operator_other_opd_a", 404),
        ("evaluator_a", 404),
        ("bkn_a", 404),
        ("leader_a", 403),
        ("admin_b", 404),
    ],
)
def test_patch_item_per_role(world: Any, persona: str, expected: int) -> None:
    item = _nurse(drafted(world), world)
    response = _client(world, persona).patch(
        _item_url(item),
        {"count": item.count + 1},
        content_type=JSON,
        HTTP_IF_MATCH=f'"{item.version}"',
    )
    assert response.status_code == expected
    fresh = ProposalItem.unscoped.get(pk=item.pk)
    assert fresh.count == (item.count + 1 if expected == 200 else item.count)
    if expected == 200:
        assert response["ETag"] == f'"{fresh.version}"'
        assert response.json()["count"] == fresh.count


def test_patch_without_if_match_is_428_and_stale_is_412_with_the_pages_message(
    world: Any,
) -> None:
    item = _nurse(drafted(world), world)
    client = _client(world, "operator_dinkes_a")
    missing = client.patch(_item_url(item), {"count": 1}, content_type=JSON)
    assert missing.status_code == 428
    read = client.get(_item_url(item))
    first = client.patch(
        _item_url(item), {"count": 1}, content_type=JSON, HTTP_IF_MATCH=read["ETag"]
    )
    assert first.status_code == 200
    stale = client.patch(
        _item_url(item), {"count": 2}, content_type=JSON, HTTP_IF_MATCH=read["ETag"]
    )
    assert stale.status_code == 412
    current = ProposalItem.unscoped.get(pk=item.pk)
    assert current.count == 1
    with_lang = str(ConflictError(current))
    assert stale.json()["detail"] == with_lang
    garbage = client.patch(_item_url(item), {"count": 2}, content_type=JSON, HTTP_IF_MATCH='"abc"')
    assert garbage.status_code == 412


def test_patch_location_outside_the_units_regions_is_422(world: Any) -> None:
    item = _nurse(drafted(world), world)
    response = _client(world, "admin_a").patch(
        _item_url(item),
        {"location_id": world.district_a.pk},
        content_type=JSON,
        HTTP_IF_MATCH=f'"{item.version}"',
    )
    assert response.status_code == 422
    assert "location_id" in response.json()["errors"]


def test_patch_a_submitted_part_is_403_for_its_operator(world: Any) -> None:
    proposal = drafted(world)
    step(world.users["operator_dinkes_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    item = _nurse(proposal, world)
    response = _client(world, "operator_dinkes_a").patch(
        _item_url(item), {"count": 1}, content_type=JSON, HTTP_IF_MATCH=f'"{item.version}"'
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("bkn_a", 200), ("kemenpanrb_a", 403), ("admin_a", 403), ("admin_b", 404)],
)
def test_verdict_per_role(world: Any, persona: str, expected: int) -> None:
    item = _nurse(sent_to_bkn(world), world)
    response = _client(world, persona).put(
        _item_url(item, "verdict"),
        {"verdict": "changed", "count": 1, "reason": "ABK belum lengkap"},
        content_type=JSON,
        HTTP_IF_MATCH=f'"{item.version}"',
    )
    assert response.status_code == expected
    fresh = ProposalItem.unscoped.get(pk=item.pk)
    assert (fresh.bkn_verdict == "changed") == (expected == 200)


def test_a_change_without_reason_is_422(world: Any) -> None:
    item = _nurse(sent_to_bkn(world), world)
    response = _client(world, "bkn_a").put(
        _item_url(item, "verdict"),
        {"verdict": "rejected"},
        content_type=JSON,
        HTTP_IF_MATCH=f'"{item.version}"',
    )
    assert response.status_code == 422
    assert "bkn_reason" in response.json()["errors"]


@pytest.mark.parametrize(
    ("persona", "expected"), [("kemenpanrb_a", 200), ("bkn_a", 403), ("admin_a", 403)]
)
def test_decision_per_role(world: Any, persona: str, expected: int) -> None:
    proposal = reviewed(world)
    step(world.users["admin_a"], proposal, Step.SEND_TO_KEMENPANRB)
    item = _nurse(proposal, world)
    response = _client(world, persona).put(
        _item_url(item, "decision"),
        {"decided_count": 2},
        content_type=JSON,
        HTTP_IF_MATCH=f'"{item.version}"',
    )
    assert response.status_code == expected
    assert (ProposalItem.unscoped.get(pk=item.pk).decided_count == 2) == (expected == 200)


# --------------------------------------------------------------------------- steps


def _step(client: Client, proposal: Proposal, **body: Any) -> Any:
    return client.post(reverse("api:take_step", args=[proposal.pk]), body, content_type=JSON)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("operator_dinkes_a", 200),
        ("admin_a", 200),
        ("operator_other_opd_a", 404),
        ("leader_a", 403),
        ("admin_b", 404),
    ],
)
def test_part_submit_per_role(world: Any, persona: str, expected: int) -> None:
    proposal = drafted(world)
    part = part_of(proposal, world.dinkes)
    response = _step(
        _client(world, persona), proposal, step="submit", part_id=part.pk, version=part.version
    )
    assert response.status_code == expected
    fresh = ProposalPart.unscoped.get(pk=part.pk)
    assert fresh.state == ("submitted" if expected == 200 else "draft")
    if expected == 200:
        assert response.json() == {
            "on": "part",
            "id": part.pk,
            "state": "submitted",
            "version": fresh.version,
        }


def test_a_stale_step_is_409_and_a_return_needs_a_comment(world: Any) -> None:
    proposal = drafted(world)
    part = part_of(proposal, world.dinkes)
    client = _client(world, "admin_a")
    assert (
        _step(client, proposal, step="submit", part_id=part.pk, version=part.version).status_code
        == 200
    )
    stale = _step(client, proposal, step="accept", part_id=part.pk, version=part.version)
    assert stale.status_code == 409
    part.refresh_from_db()
    assert stale.json()["detail"] == str(ConflictError(part))
    bare = _step(client, proposal, step="return", part_id=part.pk, version=part.version)
    assert bare.status_code == 422
    back = _step(
        client, proposal, step="return", part_id=part.pk, version=part.version, comment="ABK?"
    )
    assert back.status_code == 200
    assert ProposalPart.unscoped.get(pk=part.pk).state == "returned"


def test_a_part_step_without_a_part_is_422_and_send_needs_accepted_parts(world: Any) -> None:
    proposal = drafted(world)
    client = _client(world, "admin_a")
    assert _step(client, proposal, step="submit", version=proposal.version).status_code == 422
    early = _step(client, proposal, step="send_to_bkn", version=proposal.version)
    assert early.status_code == 422
    assert Proposal.unscoped.get(pk=proposal.pk).state == "draft"


def test_the_whole_workflow_over_the_api(world: Any) -> None:
    proposal = drafted(world)
    admin, bkn, kemenpanrb = (_client(world, p) for p in ("admin_a", "bkn_a", "kemenpanrb_a"))
    for part in ProposalPart.unscoped.filter(proposal=proposal):
        for name in ("submit", "accept"):
            part.refresh_from_db()
            assert (
                _step(admin, proposal, step=name, part_id=part.pk, version=part.version).status_code
                == 200
            )
    proposal.refresh_from_db()
    assert _step(admin, proposal, step="send_to_bkn", version=proposal.version).status_code == 200
    for item in ProposalItem.unscoped.filter(part__proposal=proposal):
        etag = bkn.get(_item_url(item))["ETag"]
        put = bkn.put(
            _item_url(item, "verdict"),
            {"verdict": "approved"},
            content_type=JSON,
            HTTP_IF_MATCH=etag,
        )
        assert put.status_code == 200
    proposal.refresh_from_db()
    assert (
        _step(bkn, proposal, step="give_pertimbangan", version=proposal.version).status_code == 200
    )
    proposal.refresh_from_db()
    assert (
        _step(admin, proposal, step="send_to_kemenpanrb", version=proposal.version).status_code
        == 200
    )
    for item in ProposalItem.unscoped.filter(part__proposal=proposal):
        etag = kemenpanrb.get(_item_url(item))["ETag"]
        put = kemenpanrb.put(
            _item_url(item, "decision"),
            {"decided_count": item.count},
            content_type=JSON,
            HTTP_IF_MATCH=etag,
        )
        assert put.status_code == 200
    proposal.refresh_from_db()
    assert _step(kemenpanrb, proposal, step="decide", version=proposal.version).status_code == 200
    proposal.refresh_from_db()
    assert _step(admin, proposal, step="close", version=proposal.version).status_code == 200
    assert Proposal.unscoped.get(pk=proposal.pk).state == "closed"


# --------------------------------------------------------------------------- comments


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_a", 201),
        ("operator_dinkes_a", 201),
        ("leader_a", 403),
        ("bkn_a", 404),
        ("admin_b", 404),
    ],
)
def test_comment_per_role(world: Any, persona: str, expected: int) -> None:
    proposal = drafted(world)
    item = _nurse(proposal, world)
    response = _client(world, persona).post(
        reverse("api:add_comment", args=[proposal.pk]),
        {"text": "Mohon cek ABK", "item_id": item.pk},
        content_type=JSON,
    )
    assert response.status_code == expected
    assert ProposalComment.unscoped.filter(proposal=proposal).exists() == (expected == 201)


def test_a_reply_joins_its_thread_and_shows_in_the_detail(world: Any) -> None:
    proposal = drafted(world)
    item = _nurse(proposal, world)
    admin, operator = _client(world, "admin_a"), _client(world, "operator_dinkes_a")
    url = reverse("api:add_comment", args=[proposal.pk])
    first = admin.post(url, {"text": "?", "item_id": item.pk}, content_type=JSON).json()
    reply = operator.post(url, {"text": "ABK", "parent_id": first["id"]}, content_type=JSON)
    assert reply.status_code == 201
    assert reply.json()["item_id"] == item.pk and reply.json()["parent_id"] == first["id"]
    body = admin.get(reverse("api:get_proposal", args=[proposal.pk])).json()
    assert [c["text"] for c in body["comments"]] == ["?", "ABK"]
    blank = admin.post(url, {"text": ""}, content_type=JSON)
    assert blank.status_code == 422


@pytest.mark.parametrize(
    ("persona", "expected"), [("bkn_a", 200), ("admin_a", 403), ("leader_a", 403)]
)
def test_settle_at_bkn_approves_every_item_left(world: Any, persona: str, expected: int) -> None:
    proposal = sent_to_bkn(world)
    url = reverse("api:settle_proposal", args=[proposal.pk])
    response = _client(world, persona).post(url, {"version": proposal.version}, content_type=JSON)
    assert response.status_code == expected, response.content
    items = ProposalItem.unscoped.filter(part__proposal=proposal)
    approved = items.filter(bkn_verdict="approved").count()
    assert approved == (items.count() if expected == 200 else 0)
    if expected == 200:
        assert response.json()["settled"] == items.count() > 0


def test_settle_over_a_stale_version_is_409(world: Any) -> None:
    proposal = sent_to_bkn(world)
    url = reverse("api:settle_proposal", args=[proposal.pk])
    response = _client(world, "bkn_a").post(
        url, {"version": proposal.version + 1}, content_type=JSON
    )
    assert response.status_code == 409 and response.json()["detail"]
    assert not ProposalItem.unscoped.filter(part__proposal=proposal, bkn_verdict="approved")
