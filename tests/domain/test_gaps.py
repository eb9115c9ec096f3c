"""Gap arithmetic of the peta jabatan: shortages and excesses are never netted.

Hand-computed cases (the rule is arithmetic; the Perban BKN 9/2022 tables print "kurang" and
"lebih" per jabatan, which is what `shortage` and `excess` are).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.gaps import Cell, Gap, cell_gap, roll_up, total


def test_a_surplus_in_one_position_does_not_hide_a_shortage_in_another() -> None:
    """SDN 3 Rakumpit (hand-computed): 6 guru kelas needed, 4 there; 1 operator needed, 4."""
    cells = [
        Cell("sdn3", "guru_kelas", need=6, bezetting=4),
        Cell("sdn3", "operator", need=1, bezetting=4),
    ]
    gap = total(cells)
    assert (gap.need, gap.bezetting, gap.shortage, gap.excess, gap.net) == (7, 8, 2, 3, 1)


def test_cell_gap_reads_kurang_and_lebih() -> None:
    assert cell_gap(5, 3) == Gap(need=5, bezetting=3, shortage=2, excess=0)
    assert cell_gap(2, 7) == Gap(need=2, bezetting=7, shortage=0, excess=5)
    assert cell_gap(4, 4).net == 0


def test_roll_up_adds_every_unit_below() -> None:
    parent_of = {"dinkes": None, "pkm_a": "dinkes", "pkm_b": "dinkes", "pustu": "pkm_b"}
    cells = [
        Cell("dinkes", "analis", need=2, bezetting=2),
        Cell("pkm_a", "perawat", need=5, bezetting=8),
        Cell("pkm_b", "bidan", need=4, bezetting=1),
        Cell("pustu", "perawat", need=1, bezetting=0),
    ]
    totals = roll_up(cells, parent_of)
    assert totals["pustu"] == Gap(need=1, bezetting=0, shortage=1, excess=0)
    assert totals["pkm_b"] == Gap(need=5, bezetting=1, shortage=4, excess=0)
    assert totals["dinkes"] == Gap(need=12, bezetting=11, shortage=4, excess=3)
    assert totals["dinkes"] == total(cells)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        Cell("u", "p", need=-1, bezetting=0)
    with pytest.raises(ValueError):
        roll_up([Cell("x", "p", 1, 0)], {"u": None})
    with pytest.raises(ValueError):
        roll_up([Cell("a", "p", 1, 0)], {"a": "b", "b": "a"})
    with pytest.raises(ValueError):
        roll_up([Cell("a", "p", 1, 0)], {"a": "missing"})


counts = st.integers(min_value=0, max_value=500)
cells = st.lists(
    st.builds(Cell, st.sampled_from(["u1", "u2", "u3"]), st.sampled_from("pqr"), counts, counts),
    max_size=30,
)


@given(cells)
def test_shortage_minus_excess_is_minus_net_and_bounds_it(items: list[Cell]) -> None:
    gap = total(items)
    assert gap.shortage - gap.excess == -gap.net
    assert gap.shortage >= max(-gap.net, 0) and gap.excess >= max(gap.net, 0)


@given(cells, st.randoms())
def test_totals_do_not_depend_on_order(items: list[Cell], random) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(items)
    random.shuffle(shuffled)
    assert total(shuffled) == total(items)


@given(cells)
def test_the_root_of_a_roll_up_equals_the_total(items: list[Cell]) -> None:
    parent_of = {"root": None, "u1": "root", "u2": "u1", "u3": "root"}
    assert roll_up(items, parent_of)["root"] == total(items)
