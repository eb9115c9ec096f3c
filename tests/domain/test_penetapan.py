"""Sharing the people placed into a unit × jabatan among its approved items."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.penetapan import (
    ApprovedItem,
    allocate,
    education_levels,
    fits,
    fits_variant,
    person_level,
    status_group,
    unrealised,
    variant,
)


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


@pytest.mark.parametrize(
    ("requirement", "levels"),
    [
        # requirements as the demo's position master and e-Formasi rincian write them
        ("S-1/D-IV PGSD + sertifikat pendidik", {"s1", "d4"}),
        ("D-III Keperawatan, STR", {"d3"}),
        ("SMA/D-III; diklat Pol PP", {"sma", "d3"}),
        ("D-III Teknik Otomotif/SMK; sertifikat penguji", {"d3", "sma"}),
        ("S-1 Kedokteran + profesi dokter, STR", {"s1"}),
        ("S2 Manajemen", {"s2"}),
        ("Sertifikat pendidik", set()),
        ("", set()),
    ],
)
def test_the_levels_a_requirement_names(requirement: str, levels: set[str]) -> None:
    assert education_levels(requirement) == levels


def test_a_persons_level() -> None:
    assert [person_level(e) for e in ("S-1", "Diploma III", "SMA", "D-IV", "", "  ", "Kursus")] == [
        "s1", "d3", "sma", "d4", None, None, None,
    ]  # fmt: skip


def test_who_fits_an_item() -> None:
    d3 = frozenset({"d3"})
    assert fits("pns", d3, "cpns", "d3")
    assert not fits("pns", d3, "cpns", "s1")  # another education
    assert not fits("pppk", d3, "cpns", "d3")  # another status
    assert fits("pppk_pw", d3, "pppk", "d3")
    assert fits("pns", frozenset(), "cpns", None)  # the item names no education
    assert not fits("pns", d3, "cpns", None)  # unknown education fits no requirement


def test_variant_keys() -> None:
    key = variant("12", "pppk_pw", frozenset({"s1", "d4"}))
    assert key == "12/pppk/d4+s1" == variant("12", "pppk", frozenset({"d4", "s1"}))
    assert variant("12", "pns", frozenset()) == "12/pns/*"
    assert fits_variant(key, "pppk", "s1") and not fits_variant(key, "pppk", "d3")
    assert fits_variant("12/pns/*", "cpns", None) and not fits_variant("12/pns/*", "pppk", None)


def test_people_with_their_education_go_to_the_item_they_fit() -> None:
    items = [
        ApprovedItem(1, "pns", 1, frozenset({"s1"})),
        ApprovedItem(2, "pns", 1, frozenset({"d3"})),
    ]
    # By status alone the first CPNS would take item 1; with education they go where they fit.
    assert allocate(items, [("cpns", "d3"), ("cpns", "s1")]) == {1: 1, 2: 1}
    assert allocate(items, ["cpns", "cpns"]) == {1: 1, 2: 1}
    assert allocate(items, [("cpns", "d3"), ("cpns", "d3")]) == {1: 1, 2: 1}  # beyond: room
