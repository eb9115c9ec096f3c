"""Sharing the people placed into a unit × jabatan among its approved items."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.penetapan import ApprovedItem, allocate, status_group, unrealised


def test_status_groups() -> None:
    assert [status_group(s) for s in ("pns", "cpns", "pppk", "pppk_pw")] == [
        "pns",
        "pns",
        "pppk",
        "pppk",
    ]


def test_people_go_to_the_item_of_their_kind_first() -> None:
    # A cell approved for 2 PNS and 1 PPPK: two PPPK and one CPNS placed. The CPNS fills a
    # PNS post, the first PPPK the PPPK post, the second PPPK the remaining PNS post.
    items = [ApprovedItem(1, "pns", 2), ApprovedItem(2, "pppk", 1)]
    assert allocate(items, ["pppk", "cpns", "pppk"]) == {1: 2, 2: 1}


def test_beyond_the_approved_count_goes_to_the_first_item() -> None:
    assert allocate([ApprovedItem(1, "pppk", 1), ApprovedItem(2, "pns", 0)], ["pns"] * 3) == {
        1: 3,
        2: 0,
    }


def test_nothing_placed_and_no_item() -> None:
    assert allocate([ApprovedItem(7, "pns", 4)], []) == {7: 0}
    assert allocate([], ["pns"]) == {}


def test_unrealised_is_the_unfilled_part() -> None:
    # The 2025 penetapan set 5 posts, 3 were filled: 2 are proposed again in 2026.
    assert unrealised(5, 3) == 2
    assert unrealised(2, 4) == 0


def test_counts_are_whole_and_not_negative() -> None:
    with pytest.raises(ValueError):
        ApprovedItem(1, "pns", -1)
    with pytest.raises(ValueError):
        ApprovedItem(1, "pns", 1.5)  # type: ignore[arg-type]


items_strategy = st.lists(
    st.tuples(st.sampled_from(["pns", "pppk", "pppk_pw"]), st.integers(0, 5)),
    min_size=1,
    max_size=5,
)


@given(items_strategy, st.lists(st.sampled_from(["cpns", "pppk"]), max_size=20))
def test_everyone_placed_is_counted_once(spec: list[tuple[str, int]], placed: list[str]) -> None:
    items = [ApprovedItem(k, status, n) for k, (status, n) in enumerate(spec)]
    shares = allocate(items, placed)
    assert sum(shares.values()) == len(placed)
    if len(placed) <= sum(i.approved for i in items):
        assert all(shares[i.key] <= i.approved for i in items)


@given(items_strategy, st.lists(st.sampled_from(["cpns", "pppk"]), max_size=20))
def test_own_kind_is_filled_as_far_as_possible(
    spec: list[tuple[str, int]], placed: list[str]
) -> None:
    items = [ApprovedItem(k, status, n) for k, (status, n) in enumerate(spec)]
    shares = allocate(items, placed)
    for group in ("pns", "pppk"):
        room = sum(i.approved for i in items if status_group(i.status) == group)
        people = sum(1 for s in placed if status_group(s) == group)
        got = sum(shares[i.key] for i in items if status_group(i.status) == group)
        assert got >= min(room, people)
