"""The demo city's proposals: 2025 decided through every step, 2026 in draft with one OPD
drafting, one returned with comments and the rest accepted; the evaluators who act on them;
and the 2026 placement run filling the 2025 penetapan."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings

from formasi.demo.loader import load_demo
from formasi.placement import services as placement
from formasi.placement.approved import approved_open
from formasi.placement.models import PlacementLine, PlacementRun
from formasi.proposals.models import Proposal, ProposalComment, ProposalEvent, ProposalItem

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SIZE = 800


def _snapshot() -> SimpleNamespace:
    proposals = {p.year: p for p in Proposal.unscoped.all()}
    items = {
        year: list(
            ProposalItem.unscoped.filter(part__proposal=p).values(
                "count", "bkn_verdict", "bkn_count", "bkn_reason", "decided_count", "evidence"
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
        comments=list(ProposalComment.unscoped.values_list("item_id", "parent_id", "text")),
        steps=list(ProposalEvent.unscoped.values_list("proposal__year", "step")),
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


def test_last_years_proposal_went_through_every_step(demo: SimpleNamespace) -> None:
    assert demo.states == {2025: "decided", 2026: "draft"}
    steps = [s for y, s in demo.steps if y == 2025]
    for step in ("submit", "accept", "send_to_bkn", "review", "give_pertimbangan"):
        assert step in steps
    assert steps[-1] == "decide"
    items = demo.items[2025]
    assert items and all(i["decided_count"] == i["bkn_count"] for i in items)
    changed = [i for i in items if i["bkn_verdict"] == "changed"]
    assert len(changed) <= 1
    for i in changed:
        assert i["bkn_count"] == i["count"] - 1 and i["bkn_reason"]
    assert all(i["bkn_verdict"] in ("approved", "changed") for i in items)


def test_this_years_parts_are_in_three_states(demo: SimpleNamespace) -> None:
    parts = demo.parts[2026]
    assert parts["DINKES"] == "draft" and parts["DISDIK"] == "returned"
    others = {state for code, state in parts.items() if code not in ("DINKES", "DISDIK")}
    assert others <= {"accepted"}
    # The returned part has a comment on an item and the operator's reply in its thread.
    threads = [c for c in demo.comments if c[0] is not None]
    assert any(parent is None for _i, parent, _t in threads)
    assert any(parent is not None for _i, parent, _t in threads)


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
