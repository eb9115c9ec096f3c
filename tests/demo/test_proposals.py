"""The demo city's proposals: 2025 decided through every step and closed, 2026 merged with
BKN's pertimbangan on it (one item changed, one rejected), 2027 in draft with one OPD
drafting, one returned with comments and the rest accepted; who can open each; the evaluators
who act on them; and the 2026 placement run filling the 2025 penetapan."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from formasi.demo import proposals as demo_proposals
from formasi.demo.loader import load_demo
from formasi.placement import services as placement
from formasi.placement.approved import approved_open
from formasi.placement.models import PlacementLine, PlacementRun
from formasi.proposals.models import Proposal, ProposalComment, ProposalEvent, ProposalItem

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SIZE = 800


#: Who opens which demo proposal (its detail and history pages): (year, username) -> status.
VIEWERS = (
    "admin",
    "pimpinan",
    "operator.dinkes",
    "operator.disdik",
    "evaluator",
    "evaluator.bkn",
    "evaluator.kemenpanrb",
)


def _pages(proposals: dict[int, Proposal]) -> dict[tuple[int, str, str], tuple[int, bool]]:
    """(year, user, page) -> (HTTP status, whether the Dinas Pendidikan operator's reply is on
    it)."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=VIEWERS)}
    out = {}
    for username in VIEWERS:
        client = Client()
        client.force_login(users[username])
        for year, proposal in proposals.items():
            for page in ("detail", "history"):
                response = client.get(reverse(f"proposals:{page}", args=[proposal.pk]))
                reply = demo_proposals.REPLY in response.content.decode()
                out[(year, username, page)] = (response.status_code, reply)
    return out


def _snapshot() -> SimpleNamespace:
    proposals = {p.year: p for p in Proposal.unscoped.all()}
    items = {
        year: list(
            ProposalItem.unscoped.filter(part__proposal=p).values(
                "count",
                "bkn_verdict",
                "bkn_count",
                "bkn_reason",
                "decided_count",
                "evidence",
                "justification",
            )
        )
        for year, p in proposals.items()
    }
    parts = {
        year: dict(p.parts.values_list("org_unit__code", "state")) for year, p in proposals.items()
    }
    users = get_user_model().objects.filter(username__startswith="evaluator")
    run = PlacementRun.unscoped.get()
    _proposal, open_posts = approved_open(run)
    run = placement.compute(run)
    placed: dict[tuple[int, int], int] = {}
    for key in PlacementLine.unscoped.filter(run=run).values_list("to_unit_id", "position_id"):
        placed[key] = placed.get(key, 0) + 1
    return SimpleNamespace(
        states={year: p.state for year, p in proposals.items()},
        items=items,
        parts=parts,
        comments=list(
            ProposalComment.unscoped.values_list(
                "proposal__year", "item__part__org_unit__code", "parent_id", "text"
            )
        ),
        steps=list(ProposalEvent.unscoped.values_list("proposal__year", "step", "part_id")),
        pages=_pages(proposals),
        evaluators={
            u.username: (u.evaluator_body, [a.code for a in u.assigned_agencies.all()])
            for u in users
        },
        run=run,
        open_posts=open_posts,
        placed=placed,
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo(seed=7, size=SIZE)
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return snapshot


def test_last_years_proposal_went_through_every_step_and_is_closed(
    demo: SimpleNamespace,
) -> None:
    assert demo.states == {2025: "closed", 2026: "pertimbangan", 2027: "draft"}
    steps = [s for y, s, _p in demo.steps if y == 2025]
    for step in ("submit", "accept", "send_to_bkn", "review", "give_pertimbangan"):
        assert step in steps
    assert steps[-2:] == ["decide", "close"]
    items = demo.items[2025]
    assert items and all(i["decided_count"] == i["bkn_count"] for i in items)
    changed = [i for i in items if i["bkn_verdict"] == "changed"]
    assert len(changed) <= 1
    for i in changed:
        assert i["bkn_count"] == i["count"] - 1 and i["bkn_reason"]
    assert all(i["bkn_verdict"] in ("approved", "changed") for i in items)


def test_this_years_merged_proposal_carries_bkns_pertimbangan(demo: SimpleNamespace) -> None:
    assert set(demo.parts[2026].values()) == {"accepted"}
    items = demo.items[2026]
    verdicts = {i["bkn_verdict"] for i in items}
    assert verdicts == {"approved", "changed", "rejected"}
    for i in items:
        if i["bkn_verdict"] == "approved":
            assert i["bkn_count"] == i["count"] and not i["bkn_reason"]
        else:
            assert i["bkn_reason"] and i["bkn_count"] < i["count"]
        assert i["decided_count"] is None  # not yet at KemenPAN-RB
    steps = [s for y, s, _p in demo.steps if y == 2026]
    assert steps[-1] == "give_pertimbangan" and "send_to_bkn" in steps
    assert "send_to_kemenpanrb" not in steps
    # Its history keeps the Dinas Pendidikan's return, the fix and the second submission.
    part_steps = [s for y, s, p in demo.steps if y == 2026 and p is not None]
    assert part_steps.count("return") == 1
    assert "edit" in part_steps
    assert any(i["justification"] == demo_proposals.FIXED for i in items)
    threads = [c for c in demo.comments if c[0] == 2026 and c[1] == "DISDIK"]
    assert {parent is None for _y, _o, parent, _t in threads} == {True, False}


def test_the_next_rounds_parts_are_drafting_returned_and_accepted(demo: SimpleNamespace) -> None:
    parts = demo.parts[2027]
    assert parts["DINKES"] == "draft" and parts["DISDIK"] == "returned"
    others = {state for code, state in parts.items() if code not in ("DINKES", "DISDIK")}
    assert others == {"accepted"}
    # The returned part has a comment on an item and the operator's reply in its thread.
    threads = [c for c in demo.comments if c[0] == 2027]
    assert threads and all(opd == "DISDIK" for _y, opd, _p, _t in threads)
    assert any(parent is None for _y, _o, parent, _t in threads)
    assert any(
        parent is not None and text == demo_proposals.REPLY for _y, _o, parent, text in threads
    )
    returns = [p for y, s, p in demo.steps if y == 2027 and s == "return"]
    assert len(returns) == 1


@pytest.mark.parametrize("page", ["detail", "history"])
def test_each_round_opens_for_the_roles_that_may_read_it(demo: SimpleNamespace, page: str) -> None:
    agency_roles = ("admin", "pimpinan", "operator.dinkes", "operator.disdik")
    evaluators = ("evaluator", "evaluator.bkn", "evaluator.kemenpanrb")
    for year in (2025, 2026, 2027):
        for username in agency_roles:
            assert demo.pages[(year, username, page)][0] == 200, (year, username)
        for username in evaluators:
            # An evaluator sees a proposal once it has been sent to BKN, not the draft.
            expected = 404 if year == 2027 else 200
            assert demo.pages[(year, username, page)][0] == expected, (year, username)


def test_the_returned_items_thread_shows_to_its_opd_and_not_to_another(
    demo: SimpleNamespace,
) -> None:
    for year in (2026, 2027):
        assert demo.pages[(year, "operator.disdik", "detail")][1]
        assert demo.pages[(year, "admin", "detail")][1]
        assert not demo.pages[(year, "operator.dinkes", "detail")][1]
    # BKN reads the thread of the merged proposal; the draft it cannot open.
    assert demo.pages[(2026, "evaluator.bkn", "detail")][1]


def test_unfilled_2025_posts_are_carried_into_2026(demo: SimpleNamespace) -> None:
    carried = [i for i in demo.items[2026] if i["evidence"].get("carried")]
    # Nobody has been placed yet: every 2025 post comes back.
    assert sum(i["count"] for i in carried) == sum(i["decided_count"] for i in demo.items[2025])


def test_the_evaluators_act_for_their_body(demo: SimpleNamespace) -> None:
    assert demo.evaluators["evaluator.bkn"] == ("bkn", ["62.71"])
    assert demo.evaluators["evaluator.kemenpanrb"] == ("kemenpanrb", ["62.71"])


def test_the_2026_run_fills_only_the_2025_penetapan(demo: SimpleNamespace) -> None:
    assert demo.run.summary["approved_from"] is not None
    assert demo.placed
    for key, n in demo.placed.items():
        assert n <= demo.open_posts.get(key, 0)
