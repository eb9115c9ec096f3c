"""Placement of new hires and transfers (issue 7): min-cost flow against brute force.

Small instances are checked against every possible assignment (brute force), against the
same model as a HiGHS MILP and against the greedy baseline. The lexicographic objective is
compared as ``(filled value, home villages, home districts, −distance steps)``.
"""

from __future__ import annotations

import itertools
import math
import random
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from formasi.domain.placement import (
    PRIORITY_SCALE,
    Cell,
    Person,
    Placement,
    Request,
    Weights,
    greedy_placement,
    haversine_km,
    milp_placement,
    place,
)
from formasi.domain.placement import network as placement_network

Key = tuple[int, int, int, int]


def lex(p: Placement) -> Key:
    o = p.objective
    return (o.key[0], o.home_village, o.home_district, o.key[2])


def brute_force(request: Request) -> Key | None:
    """Best lexicographic key over every assignment of every person (None = infeasible)."""
    cells = {c.key: c for c in request.cells}
    open_cells = [c for c in request.cells if c.open > 0]
    options: list[list[Cell | None]] = []
    for p in request.people:
        movable = p.current_unit is None or (
            not p.must_stay
            and (p.current_unit, p.position) in cells
            and cells[(p.current_unit, p.position)].excess > 0
        )
        choices: list[Cell | None] = [None]
        if movable:
            choices += [c for c in open_cells if c.position in p.positions]
        options.append(choices)
    step = request.weights.km_step
    best: Key | None = None
    for combo in itertools.product(*options):
        filled = {c.key: 0 for c in open_cells}
        left_cell: dict[tuple[str, str], int] = {}
        left_unit: dict[str, int] = {}
        value = hv = hd = steps = 0
        for p, c in zip(request.people, combo, strict=True):
            if c is None:
                continue
            filled[c.key] += 1
            hv += p.home_village is not None and p.home_village == c.village
            hd += p.home_district is not None and p.home_district == c.district
            assert p.home is not None and c.location is not None
            steps += round(haversine_km(p.home, c.location) / step)
            if p.current_unit is not None:
                k = (p.current_unit, p.position)
                left_cell[k] = left_cell.get(k, 0) + 1
                left_unit[p.current_unit] = left_unit.get(p.current_unit, 0) + 1
        if any(filled[c.key] > c.open or filled[c.key] < c.must_fill for c in open_cells):
            continue
        if any(n > cells[k].excess for k, n in left_cell.items()):
            continue
        cap = request.max_moves_per_unit
        if cap is not None and any(n > cap for n in left_unit.values()):
            continue
        for c in open_cells:
            value += filled[c.key] * (round(c.priority * PRIORITY_SCALE) + 1)
        key = (value, hv, hd, -steps)
        if best is None or key > best:
            best = key
    return best


def check_rules(request: Request, result: Placement) -> None:
    """Capacity, need floors, move cap, must_stay and qualification hold."""
    people = {p.id: p for p in request.people}
    cells = {c.key: c for c in request.cells}
    arrivals: dict[tuple[str, str], int] = {}
    departures: dict[tuple[str, str], int] = {}
    leaving_unit: dict[str, int] = {}
    for a in result.assignments:
        p = people[a.person_id]
        assert a.position in p.positions
        assert not p.must_stay
        assert a.from_unit == p.current_unit
        arrivals[(a.to_unit, a.position)] = arrivals.get((a.to_unit, a.position), 0) + 1
        if p.current_unit is not None:
            k = (p.current_unit, p.position)
            departures[k] = departures.get(k, 0) + 1
            leaving_unit[p.current_unit] = leaving_unit.get(p.current_unit, 0) + 1
    for k, n in arrivals.items():
        assert n <= cells[k].open
    for k, n in departures.items():
        assert cells[k].bezetting - n >= cells[k].need
    if request.max_moves_per_unit is not None:
        assert all(n <= request.max_moves_per_unit for n in leaving_unit.values())
    assert len({a.person_id for a in result.assignments}) == len(result.assignments)


# --- Hypothesis: small instances -----------------------------------------------------------

POSITIONS = ("guru", "perawat")
UNITS = ("U1", "U2", "U3")
VILLAGES = ("v1", "v2", "v3")


@st.composite
def requests(draw: st.DrawFn) -> Request:
    n_cells = draw(st.integers(1, 4))
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(UNITS), st.sampled_from(POSITIONS)),
            min_size=n_cells,
            max_size=n_cells,
            unique=True,
        )
    )
    cells = []
    for i, (unit, position) in enumerate(keys):
        need = draw(st.integers(0, 3))
        bez = draw(st.integers(0, 3))
        must = draw(st.integers(0, max(0, need - bez))) if draw(st.booleans()) else 0
        cells.append(
            Cell(
                unit,
                position,
                need=need,
                bezetting=bez,
                priority=draw(st.sampled_from((0.0, 0.3, 0.5, 1.0))),
                village=VILLAGES[i % 3],
                district="d1" if i % 2 else "d2",
                location=(draw(st.integers(0, 3)) / 10, draw(st.integers(0, 3)) / 10),
                must_fill=must,
            )
        )
    people = []
    for i in range(draw(st.integers(0, 6))):
        serving = draw(st.booleans())
        people.append(
            Person(
                f"P{i}",
                draw(st.sampled_from(POSITIONS)),
                home_village=draw(st.sampled_from((*VILLAGES, None))),
                home_district=draw(st.sampled_from(("d1", "d2", None))),
                home=(draw(st.integers(0, 3)) / 10, draw(st.integers(0, 3)) / 10),
                current_unit=draw(st.sampled_from(UNITS)) if serving else None,
                must_stay=serving and draw(st.booleans()),
                alternatives=("perawat",) if draw(st.integers(0, 4)) == 0 else (),
            )
        )
    cap = draw(st.sampled_from((None, 0, 1)))
    return Request(people, cells, max_moves_per_unit=cap)


@settings(max_examples=150, deadline=None)
@given(requests())
def test_min_cost_flow_equals_brute_force_milp_and_beats_greedy(request: Request) -> None:
    best = brute_force(request)
    result = place(request)
    if best is None:
        assert result.status == "INFEASIBLE"
        assert result.problems
        assert result.assignments == ()
        return
    assert result.status == "OPTIMAL"
    assert lex(result) == best
    check_rules(request, result)
    milp = milp_placement(request)
    assert milp.status == "OPTIMAL"
    assert lex(milp) == best
    greedy = greedy_placement(request)
    if greedy.status == "FEASIBLE":
        check_rules(request, greedy)
        assert lex(greedy) <= best


@settings(max_examples=150, deadline=None)
@given(requests())
def test_column_generation_with_one_arc_per_group_is_still_exact(request: Request) -> None:
    """With one initial pair arc per group the distance stage must price the rest in."""
    best = brute_force(request)
    with mock.patch.object(placement_network, "_NEAREST", 1):
        result = place(request)
    if best is None:
        assert result.status == "INFEASIBLE"
        return
    assert result.status == "OPTIMAL"
    assert lex(result) == best
    check_rules(request, result)


def _medium(seed: int) -> Request:
    """About 120 people and 60 cells over 3 positions, coordinates spread ~100 km."""
    rng = random.Random(seed)
    positions = ("guru", "perawat", "bidan")
    cells = [
        Cell(
            f"U{u:02d}",
            q,
            need=rng.randint(0, 4),
            bezetting=rng.randint(0, 4),
            priority=rng.choice((0.0, 0.2, 0.5, 1.0)),
            village=f"v{u % 9}",
            district=f"d{u % 3}",
            location=(rng.uniform(-1, 0), rng.uniform(113, 114)),
        )
        for u in range(20)
        for q in positions
    ]
    people = [
        Person(
            f"P{i:03d}",
            rng.choice(positions),
            home_village=rng.choice((None, *(f"v{v}" for v in range(9)))),
            home_district=rng.choice((None, "d0", "d1", "d2")),
            home=(rng.uniform(-1, 0), rng.uniform(113, 114)),
            current_unit=f"U{rng.randrange(20):02d}" if rng.random() < 0.3 else None,
            alternatives=(rng.choice(positions),) if rng.random() < 0.2 else (),
        )
        for i in range(120)
    ]
    return Request(people, cells, max_moves_per_unit=2)


def test_medium_instances_match_the_milp_with_and_without_pricing() -> None:
    """Without the home tiers the distance stage has many free arcs: with one initial arc
    per group it needs pricing rounds, and must still reach the same optimum. Compared by
    ``key``: with the home tiers off, the home counts are information, not objective."""
    no_home = Weights(home_village=False, home_district=False)
    for seed, weights in itertools.product(range(3), (Weights(), no_home)):
        medium = _medium(seed)
        request = Request(medium.people, medium.cells, medium.max_moves_per_unit, weights)
        result = place(request)
        assert result.status == "OPTIMAL"
        check_rules(request, result)
        with mock.patch.object(placement_network, "_NEAREST", 1):
            assert place(request).objective.key == result.objective.key
        assert milp_placement(request).objective.key == result.objective.key
        greedy = greedy_placement(request)
        assert greedy.status != "FEASIBLE" or greedy.objective.key <= result.objective.key


@settings(max_examples=40, deadline=None)
@given(requests())
def test_same_input_gives_the_same_result(request: Request) -> None:
    assert place(request) == place(request)
    assert greedy_placement(request) == greedy_placement(request)


# --- The lexicographic order -------------------------------------------------------------

HOME = (-2.21, 113.92)  # Palangka Raya


def test_a_high_priority_far_post_beats_a_low_priority_home_post() -> None:
    """Alice lives in desa v1; the v1 post has priority 0.2, one 300 km away 0.9."""
    alice = Person("alice", "guru", home_village="v1", home_district="d1", home=HOME)
    near = Cell("SD-v1", "guru", need=1, bezetting=0, priority=0.2, village="v1",
                district="d1", location=HOME)  # fmt: skip
    far = Cell("SD-far", "guru", need=1, bezetting=0, priority=0.9, village="v9",
               district="d9", location=(0.5, 111.5))  # fmt: skip
    result = place(Request([alice], [near, far]))
    assert result.moves() == {"alice": "SD-far"}
    assert result.assignments[0].reason == "priority"
    assert [(u.unit, u.reason) for u in result.unfilled] == [("SD-v1", "pool_exhausted")]


def test_a_person_without_a_known_home_is_not_called_nearest() -> None:
    """Distance cannot be computed without a home location: the reason says so (its wording:
    tests/placement/test_text.py)."""
    carla = Person("carla", "guru")
    post = Cell("SD-1", "guru", need=1, bezetting=0, priority=0.5, village="v1",
                district="d1", location=HOME)  # fmt: skip
    result = place(Request([carla], [post]))
    (line,) = result.assignments
    assert (line.to_unit, line.reason, line.distance_km) == ("SD-1", "unknown_distance", None)


def _three_posts(**home: object) -> Placement:
    cells = [
        Cell("A", "guru", need=1, bezetting=0, village="v1", district="d1", location=(0.0, 0.9)),
        Cell("B", "guru", need=1, bezetting=0, village="v2", district="d2", location=(0.0, 0.1)),
        Cell("C", "guru", need=1, bezetting=0, village="v3", district="d3", location=(0.0, 0.0)),
    ]
    bob = Person("bob", "guru", home=(0.0, 0.0), **home)  # type: ignore[arg-type]
    return place(Request([bob], cells))


def test_among_equal_priority_village_then_district_then_distance() -> None:
    """Same priority everywhere: home desa wins over home kecamatan, which wins over 0 km."""
    r = _three_posts(home_village="v1", home_district="d2")
    assert (r.moves(), r.assignments[0].reason) == ({"bob": "A"}, "home_village")
    r = _three_posts(home_village="v9", home_district="d2")
    assert (r.moves(), r.assignments[0].reason) == ({"bob": "B"}, "home_district")
    r = _three_posts()
    assert (r.moves(), r.assignments[0].reason) == ({"bob": "C"}, "nearest")
    assert r.assignments[0].distance_km == 0
    assert (r.assignments[0].from_unit, r.assignments[0].position) == (None, "guru")


def test_preferences_can_be_switched_off() -> None:
    cells = [
        Cell("A", "guru", need=1, bezetting=0, village="v1", location=(0.0, 0.9)),
        Cell("C", "guru", need=1, bezetting=0, village="v3", location=(0.0, 0.0)),
    ]
    bob = Person("bob", "guru", home_village="v1", home=(0.0, 0.0))
    off = Request([bob], cells, weights=Weights(home_village=False))
    assert place(off).moves() == {"bob": "C"}


# --- Transfers -----------------------------------------------------------------------------


def test_transfers_keep_every_cell_at_its_need_and_respect_must_stay_and_the_cap() -> None:
    """Palangka Raya: U1 has 5 nurses for a need of 2, U2 and U3 have none for 2 each."""
    people = [Person(f"N{i}", "perawat", current_unit="U1", home=HOME) for i in range(5)]
    people[0] = Person("N0", "perawat", current_unit="U1", home=HOME, must_stay=True)
    cells = [
        Cell("U1", "perawat", need=2, bezetting=5, location=HOME),
        Cell("U2", "perawat", need=2, bezetting=0, priority=0.9, location=(-2.2, 113.9)),
        Cell("U3", "perawat", need=2, bezetting=0, priority=0.5, location=(-2.3, 113.9)),
    ]
    request = Request(people, cells)
    result = place(request)
    check_rules(request, result)
    assert len(result.assignments) == 3  # the excess, no more
    assert "N0" not in result.moves()
    assert sorted(result.moves().values()) == ["U2", "U2", "U3"]
    assert result.assignments[0].person_id.startswith("N")
    assert result.assignments[0].from_unit == "U1"
    balance = {b.unit: b for b in result.before_after}
    assert (balance["U1"].before, balance["U1"].after, balance["U1"].departures) == (5, 2, 3)
    assert (balance["U3"].after, balance["U3"].need) == (1, 2)
    assert [u.reason for u in result.unfilled] == ["move_limit"]
    capped = place(Request(people, cells, max_moves_per_unit=1))
    check_rules(request, capped)
    assert capped.moves() and set(capped.moves().values()) == {"U2"}
    assert len(capped.moves()) == 1


def test_nobody_leaves_a_cell_at_or_below_its_need() -> None:
    people = [Person("N1", "perawat", current_unit="U1")]
    cells = [
        Cell("U1", "perawat", need=1, bezetting=1),
        Cell("U2", "perawat", need=1, bezetting=0, priority=1.0),
    ]
    result = place(Request(people, cells))
    assert result.assignments == ()
    assert [(u.unit, u.reason) for u in result.unfilled] == [("U2", "no_movable_person")]


# --- Infeasible, empty, unplaced ---------------------------------------------------------


def test_infeasible_must_fill_is_explained_with_codes() -> None:
    """The problems are codes with their figures (Indonesian: tests/placement/test_text.py)."""
    cells = [Cell("PKM Baamang", "bidan", need=2, bezetting=0, must_fill=1)]
    result = place(Request([Person("P1", "perawat")], cells))
    assert result.status == "INFEASIBLE"
    assert result.assignments == ()
    assert result.problems[0].code == "must_fill_no_person"
    assert result.problems[0].params == {
        "unit": "PKM Baamang", "position": "bidan", "must_fill": 1, "filled": 0
    }  # fmt: skip
    too_many = [Cell("U1", "guru", need=1, bezetting=0, must_fill=2)]
    problem = place(Request([], too_many)).problems[0]
    assert (problem.code, problem.params["must_fill"]) == ("must_fill_over_open", 2)
    two = [
        Cell("U1", "guru", need=1, bezetting=0, must_fill=1),
        Cell("U2", "guru", need=1, bezetting=0, must_fill=1),
    ]
    result = place(Request([Person("P1", "guru")], two))
    assert result.status == "INFEASIBLE"
    assert result.problems[0].code == "must_fill_too_few"
    assert (result.problems[0].params["available"], result.problems[0].params["wanted"]) == (1, 2)
    assert milp_placement(Request([Person("P1", "guru")], two)).status == "INFEASIBLE"


def test_duplicate_ids_are_a_problem_not_an_exception() -> None:
    result = place(Request([Person("P1", "guru"), Person("P1", "guru")], []))
    assert result.status == "INFEASIBLE"
    assert result.problems[0].code == "duplicate_person"
    assert result.problems[0].params == {"person": "P1"}


def test_empty_pool_and_no_needs_are_fine() -> None:
    cells = [Cell("U1", "guru", need=2, bezetting=0)]
    result = place(Request([], cells))
    assert result.status == "OPTIMAL"
    assert [(u.unit, u.position, u.count, u.reason) for u in result.unfilled] == [
        ("U1", "guru", 2, "no_qualified_person")
    ]
    result = place(Request([Person("P1", "guru")], [Cell("U1", "guru", need=1, bezetting=1)]))
    assert result.status == "OPTIMAL"
    assert [(u.person_id, u.position, u.reason) for u in result.unplaced] == [
        ("P1", "guru", "no_open_post")
    ]
    assert place(Request([], [])).status == "OPTIMAL"


def test_people_are_handed_out_by_id_within_an_aggregated_group() -> None:
    people = [Person(pid, "guru") for pid in ("c", "a", "b")]
    result = place(Request(people, [Cell("U1", "guru", need=2, bezetting=0)]))
    assert sorted(result.moves()) == ["a", "b"]
    assert [u.person_id for u in result.unplaced] == ["c"]
    assert result.unplaced[0].reason == "posts_taken"


def test_haversine() -> None:
    """One degree of latitude ≈ 111.2 km."""
    assert math.isclose(haversine_km((0.0, 0.0), (1.0, 0.0)), 111.19, abs_tol=0.01)


def test_a_milp_time_out_is_not_reported_as_infeasible() -> None:
    """When HiGHS stops on its time limit with no solution, the comparison run says so
    (NOT_SOLVED) instead of claiming the request has no solution."""
    from ortools.linear_solver import pywraplp

    post = Cell("SD-1", "guru", need=1, bezetting=0, location=HOME)
    request = Request([Person("dina", "guru", home=HOME)], [post])
    with mock.patch.object(pywraplp.Solver, "Solve", return_value=pywraplp.Solver.NOT_SOLVED):
        result = milp_placement(request, time_limit_s=1)
    assert result.status == "NOT_SOLVED"
    assert result.assignments == () and result.problems[0].code == "milp_no_solution"
    assert milp_placement(request).status == "OPTIMAL"  # the same request, solved
