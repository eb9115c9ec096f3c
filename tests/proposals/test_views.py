"""The proposal pages per role: what each sees, 404 out of scope, 403 for what the role or the
workflow does not allow, and the POSTs (draft, edit with its optimistic lock, steps, comments)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from formasi.proposals.models import Proposal, ProposalComment, ProposalItem
from tests.proposals.builders import YEAR, drafted, evaluators, part_of, sent_to_bkn

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


def _client(world: Any, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def _nurse(proposal: Proposal, world: Any) -> ProposalItem:
    return ProposalItem.unscoped.get(
        part__proposal=proposal, org_unit=world.puskesmas, position=world.nurse_position
    )


# a draft proposal of agency A: evaluators do not see it before it is sent to BKN
DRAFT_VIEW = {
    "admin_a": 200,
    "operator_dinkes_a": 200,
    "operator_other_opd_a": 200,
    "evaluator_a": 404,
    "bkn_a": 404,
    "leader_a": 200,
    "admin_b": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["proposals:detail", "proposals:history", "proposals:compare"])
def test_draft_pages_per_role(world: Any, name: str, persona: str) -> None:
    proposal = drafted(world)
    evaluators(world)
    response = _client(world, persona).get(reverse(name, args=[proposal.pk]))
    assert response.status_code == DRAFT_VIEW[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_shows_each_role_its_scope(world: Any, persona: str) -> None:
    drafted(world)
    evaluators(world)
    response = _client(world, persona).get(reverse("proposals:list"))
    assert response.status_code == 200
    listed = [line["proposal"].agency for line in response.context["lines"]]
    expected = [world.agency_a] if DRAFT_VIEW[persona] == 200 else []
    assert listed == expected


def test_the_evaluator_queue_shows_last_years_decision_and_the_deadline(world: Any) -> None:
    proposal = sent_to_bkn(world)
    evaluators(world)
    last = Proposal.unscoped.create(agency=world.agency_a, year=YEAR - 1, state="closed")
    dinkes_last = last.parts.create(org_unit=world.dinkes, state="accepted")
    dinkes_last.items.create(
        org_unit=world.puskesmas, position=world.nurse_position, count=4, decided_count=3
    )
    response = _client(world, "bkn_a").get(reverse("proposals:list"))
    lines = {line["proposal"].pk: line for line in response.context["lines"]}
    this = lines[proposal.pk]
    expected = sum(
        ProposalItem.unscoped.filter(part__proposal=proposal).values_list("count", flat=True)
    )
    assert this["requested"] == expected
    assert this["last_decided"] == 3
    assert this["deadline"].isoformat() == f"{YEAR}-03-31"


def test_an_operator_sees_only_their_opds_part(world: Any) -> None:
    proposal = drafted(world)
    response = _client(world, "operator_dinkes_a").get(
        reverse("proposals:detail", args=[proposal.pk])
    )
    parts = [row["part"].org_unit for row in response.context["parts"]]
    assert parts == [world.dinkes]
    # and another OPD's item is not found
    teacher = ProposalItem.unscoped.get(part__proposal=proposal, org_unit=world.school)
    url = reverse("proposals:item_edit", args=[proposal.pk, teacher.pk])
    assert _client(world, "operator_dinkes_a").get(url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_a", 200),
        ("operator_dinkes_a", 200),
        ("operator_other_opd_a", 404),
        ("leader_a", 403),
        ("admin_b", 404),
    ],
)
def test_item_edit_per_role(world: Any, persona: str, expected: int) -> None:
    proposal = drafted(world)
    item = _nurse(proposal, world)
    url = reverse("proposals:item_edit", args=[proposal.pk, item.pk])
    assert _client(world, persona).get(url).status_code == expected


def test_a_stale_edit_keeps_the_input_and_shows_the_current_values(world: Any) -> None:
    proposal = drafted(world)
    item = _nurse(proposal, world)
    url = reverse("proposals:item_edit", args=[proposal.pk, item.pk])
    form = {
        "version": item.version,
        "count": 3,
        "status": "pns",
        "education": "D-III Keperawatan",
        "location": item.location_id,
        "priority": 1,
        "justification": "Dipakai operator",
    }
    first = _client(world, "operator_dinkes_a").post(url, form)
    assert first.status_code == 302
    second = _client(world, "admin_a").post(url, {**form, "count": 9, "justification": "Admin"})
    assert second.status_code == 409
    page = second.content.decode()
    assert 'value="9"' in page and "Admin" in page  # the user's input is kept
    assert second.context["current"].count == 3  # the saved values are shown
    item.refresh_from_db()
    assert (item.count, item.justification) == (3, "Dipakai operator")
    # the page now carries the version just read: saving again is a knowing overwrite
    version = second.context["form"]["version"].value()
    assert int(version) == item.version
    again = _client(world, "admin_a").post(
        url, {**form, "version": version, "count": 9, "justification": "Admin"}
    )
    assert again.status_code == 302
    item.refresh_from_db()
    assert (item.count, item.justification) == (9, "Admin")


def test_steps_by_page(world: Any) -> None:
    proposal = drafted(world)
    part = part_of(proposal, world.dinkes)
    submit = reverse("proposals:part_step", args=[proposal.pk, part.pk, "submit"])
    assert _client(world, "leader_a").get(submit).status_code == 403
    assert _client(world, "operator_other_opd_a").get(submit).status_code == 404
    response = _client(world, "operator_dinkes_a").post(submit, {"version": part.version})
    assert response.status_code == 302
    part.refresh_from_db()
    ret = reverse("proposals:part_step", args=[proposal.pk, part.pk, "return"])
    # RETURN needs a comment
    empty = _client(world, "admin_a").post(ret, {"version": part.version, "comment": ""})
    assert empty.status_code == 400
    done = _client(world, "admin_a").post(ret, {"version": part.version, "comment": "Kurangi."})
    assert done.status_code == 302
    part.refresh_from_db()
    assert part.state == "returned"
    # a step of the other kind, or no step at all, is not a page
    assert (
        _client(world, "admin_a")
        .get(reverse("proposals:step", args=[proposal.pk, "submit"]))
        .status_code
        == 404
    )
    assert (
        _client(world, "admin_a")
        .get(reverse("proposals:step", args=[proposal.pk, "fly"]))
        .status_code
        == 404
    )
    # sending to BKN before every part is accepted: refused with the reason
    send = reverse("proposals:step", args=[proposal.pk, "send_to_bkn"])
    proposal.refresh_from_db()
    refused = _client(world, "admin_a").post(send, {"version": proposal.version})
    assert refused.status_code == 400


def test_the_history_names_who_did_what_as_which_actor(world: Any) -> None:
    proposal = drafted(world)
    part = part_of(proposal, world.dinkes)
    _client(world, "operator_dinkes_a").post(
        reverse("proposals:part_step", args=[proposal.pk, part.pk, "submit"]),
        {"version": part.version},
    )
    response = _client(world, "leader_a").get(reverse("proposals:history", args=[proposal.pk]))
    rows = [(r["event"].step, r["as"]) for r in response.context["rows"]]
    assert rows == [("draft", "BKPSDM"), ("submit", "Operator OPD")]
    submitted = response.context["rows"][1]["changes"]
    assert ("status", "Draf", "Diajukan ke BKPSDM") in submitted  # in Indonesian


def test_comments_by_page(world: Any) -> None:
    proposal = drafted(world)
    item = _nurse(proposal, world)
    url = reverse("proposals:comment", args=[proposal.pk])
    assert (
        _client(world, "admin_a").post(url, {"text": "Dasar?", "item": item.pk}).status_code == 302
    )
    first = ProposalComment.unscoped.get()
    reply = _client(world, "operator_dinkes_a").post(url, {"text": "ABK", "parent": first.pk})
    assert reply.status_code == 302
    assert _client(world, "leader_a").post(url, {"text": "?"}).status_code == 403
    assert (
        _client(world, "operator_other_opd_a").post(url, {"text": "?", "item": item.pk}).status_code
        == 404
    )
    page = _client(world, "leader_a").get(reverse("proposals:detail", args=[proposal.pk]))
    assert page.content.decode().count('data-testid="comment"') == 2


def test_draft_by_page(world: Any) -> None:
    from tests.planning.builders import add_plan_data

    add_plan_data(world)
    url = reverse("proposals:draft")
    assert _client(world, "leader_a").post(url, {"year": YEAR}).status_code == 403
    assert _client(world, "admin_a").post(url, {"year": "x"}).status_code == 400
    response = _client(world, "admin_a").post(url, {"year": YEAR})
    proposal = Proposal.unscoped.get()
    assert response.status_code == 302 and response.url.endswith(f"/usulan/{proposal.pk}/")


def test_bkn_reviews_by_page(world: Any) -> None:
    proposal = sent_to_bkn(world)
    evaluators(world)
    item = _nurse(proposal, world)
    url = reverse("proposals:item_edit", args=[proposal.pk, item.pk])
    assert _client(world, "evaluator_a").get(url).status_code == 403  # no evaluating body
    assert _client(world, "operator_dinkes_a").get(url).status_code == 403  # sent on
    response = _client(world, "bkn_a").post(
        url, {"version": item.version, "verdict": "changed", "count": 2, "reason": "Mutasi."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.bkn_verdict, item.bkn_count) == ("changed", 2)
    compare = _client(world, "bkn_a").get(reverse("proposals:compare", args=[proposal.pk]))
    assert compare.context["totals"]["bkn"] == 2


# settling every remaining item at once: BKN approves, KemenPAN-RB decides as advised


@pytest.mark.parametrize(
    ("persona", "code"),
    [("bkn_a", 302), ("kemenpanrb_a", 403), ("admin_a", 403), ("leader_a", 403),
     ("evaluator_a", 403), ("operator_dinkes_a", 403), ("admin_b", 404)],
)  # fmt: skip
def test_settle_all_at_bkn(world: Any, persona: str, code: int) -> None:
    proposal = sent_to_bkn(world)
    evaluators(world)
    client = _client(world, persona)
    url = reverse("proposals:settle_all", args=[proposal.pk])
    detail = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert ('data-testid="settle-all"' in detail) == (persona == "bkn_a")
    response = client.post(url, {"version": proposal.version})
    assert response.status_code == code
    verdicts = set(
        ProposalItem.unscoped.filter(part__proposal=proposal).values_list("bkn_verdict", flat=True)
    )
    assert verdicts == ({"approved"} if code == 302 else {""})


def test_settle_all_refuses_a_stale_version_and_a_bad_form(world: Any) -> None:
    proposal = sent_to_bkn(world)
    evaluators(world)
    client = _client(world, "bkn_a")
    url = reverse("proposals:settle_all", args=[proposal.pk])
    assert client.post(url, {"version": "x"}).status_code == 400
    page = client.post(url, {"version": proposal.version - 1}, follow=True).content.decode()
    assert "versi" in page.lower()
    assert not ProposalItem.unscoped.filter(part__proposal=proposal).exclude(bkn_verdict="")


def test_kemenpanrb_settles_as_bkn_advised(world: Any) -> None:
    from formasi.domain.proposal_workflow import Step
    from tests.proposals.builders import reviewed, step

    proposal = reviewed(world)
    step(world.users["admin_a"], proposal, Step.SEND_TO_KEMENPANRB)
    proposal.refresh_from_db()
    client = _client(world, "kemenpanrb_a")
    url = reverse("proposals:settle_all", args=[proposal.pk])
    assert client.post(url, {"version": proposal.version}).status_code == 302
    rows = ProposalItem.unscoped.filter(part__proposal=proposal)
    assert rows and all(i.decided_count == i.bkn_count for i in rows)
