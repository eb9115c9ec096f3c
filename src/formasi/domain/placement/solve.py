"""Placement results, diagnosis and the three solvers (place, greedy, MILP)."""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from formasi.domain.placement.model import (
    Assignment,
    AssignmentReason,
    IntArray,
    Objective,
    Placement,
    PlacementStatus,
    Problem,
    Request,
    UnfilledCell,
    UnfilledReason,
    UnitBalance,
    UnplacedPerson,
)
from formasi.domain.placement.network import (
    _build,
    _hub,
    _lexicographic,
    _mcf,
    _movable,
    _Network,
)

# --- Results ---------------------------------------------------------------------------


def _empty_objective() -> Objective:
    return Objective(0, 0.0, 0, 0, 0.0, (0, 0, 0))


def _infeasible(
    request: Request,
    problems: Sequence[Problem],
    method: str,
    status: PlacementStatus = "INFEASIBLE",
) -> Placement:
    return Placement(
        status,
        tuple(problems),
        (),
        (),
        (),
        _balances(request, {}, {}),
        _empty_objective(),
        method,
    )


def _balances(
    request: Request, arrivals: Mapping[str, int], departures: Mapping[str, int]
) -> tuple[UnitBalance, ...]:
    need: dict[str, int] = defaultdict(int)
    before: dict[str, int] = defaultdict(int)
    for c in request.cells:
        need[c.unit] += c.need
        before[c.unit] += c.bezetting
    return tuple(
        UnitBalance(
            u,
            need[u],
            before[u],
            before[u] + arrivals.get(u, 0) - departures.get(u, 0),
            arrivals.get(u, 0),
            departures.get(u, 0),
        )
        for u in sorted(need)
    )


def _reason(net: _Network, a: int, nearest: int, distance: float | None) -> AssignmentReason:
    """Why pair arc ``a`` was used: home desa, home kecamatan, unknown distance, the group's
    nearest open post (``nearest``, in distance steps), or a shortage with more priority."""
    if net.pair_village[a]:
        return "home_village"
    if net.pair_district[a]:
        return "home_district"
    if distance is None:
        return "unknown_distance"
    if net.tiers[2][a] <= nearest:
        return "nearest"
    return "priority"


@dataclass
class _Handed:
    """The assignments read off a flow, with the tallies the result needs."""

    assignments: list[Assignment]
    arrivals: dict[str, int]
    departures: dict[str, int]
    filled: list[int]
    home_village: int
    home_district: int
    km_total: float


def _assignments(net: _Network, pair_flow: IntArray) -> _Handed:
    """Hand out the people of each group over its used pair arcs (ids in order)."""
    used = np.nonzero(pair_flow > 0)[0]
    # nearest open post of each group (in distance steps), for the reason code
    steps = net.tiers[2][: net.n_pair]
    nearest = np.full(len(net.groups), np.iinfo(np.int64).max, np.int64)
    if net.n_pair:
        np.minimum.at(nearest, net.pair_group, steps)
    handed = [0] * len(net.groups)
    out = _Handed([], defaultdict(int), defaultdict(int), [0] * len(net.cells), 0, 0, 0.0)
    for a in sorted(used.tolist(), key=lambda a: (int(net.pair_group[a]), int(net.pair_cell[a]))):
        gi = int(net.pair_group[a])
        g = net.groups[gi]
        ci = int(net.pair_cell[a])
        cell = net.cells[ci]
        n = int(pair_flow[a])
        ids = g.ids[handed[gi] : handed[gi] + n]
        handed[gi] += n
        out.filled[ci] += n
        km = float(net.pair_km[a])
        distance = None if math.isnan(km) else km
        out.home_village += n * bool(net.pair_village[a])
        out.home_district += n * bool(net.pair_district[a])
        reason = _reason(net, a, int(nearest[gi]), distance)
        if distance is not None:
            out.km_total += distance * n
        from_unit = g.current[0] if g.current else None
        out.assignments.extend(
            Assignment(pid, from_unit, cell.unit, cell.position, reason, distance) for pid in ids
        )
        out.arrivals[cell.unit] += n
        if from_unit is not None:
            out.departures[from_unit] += n
    out.assignments.sort(key=lambda a: (a.to_unit, a.position, a.person_id))
    return out


def _unfilled(net: _Network, filled: list[int], placed: set[str]) -> list[UnfilledCell]:
    """Open posts left, each cell with why: nobody qualifies, nobody may move, a new hire
    was left free (not chosen), serving staff held by the move limits, or the pool is used."""
    free_new: dict[str, int] = defaultdict(int)
    free_serving: dict[str, int] = defaultdict(int)
    qualified: set[str] = set()
    movable: set[str] = set()
    for p in net.request.people:
        qualified.update(p.positions)
        ok = _movable(p, net.all_cells)
        if ok:
            movable.update(p.positions)
        if ok and p.id not in placed:
            for q in p.positions:
                if p.is_new_hire:
                    free_new[q] += 1
                else:
                    free_serving[q] += 1
    unfilled: list[UnfilledCell] = []
    for ci, c in enumerate(net.cells):
        left = c.open - filled[ci]
        if left <= 0:
            continue
        why: UnfilledReason
        if c.position not in qualified:
            why = "no_qualified_person"
        elif c.position not in movable:
            why = "no_movable_person"
        elif free_new[c.position]:
            why = "not_chosen"
        elif free_serving[c.position]:
            why = "move_limit"
        else:
            why = "pool_exhausted"
        unfilled.append(UnfilledCell(c.unit, c.position, left, c.priority, why))
    return unfilled


def _unplaced(net: _Network, placed: set[str]) -> list[UnplacedPerson]:
    open_positions = {c.position for c in net.cells}
    return [
        UnplacedPerson(
            p.id,
            p.position,
            "posts_taken" if open_positions.intersection(p.positions) else "no_open_post",
        )
        for p in sorted(net.request.people, key=lambda p: p.id)
        if p.is_new_hire and p.id not in placed
    ]


def _result(net: _Network, flow: IntArray, status: PlacementStatus, method: str) -> Placement:
    pair_flow = flow[: net.n_pair]
    handed = _assignments(net, pair_flow)
    filled = handed.filled
    placed = {a.person_id for a in handed.assignments}
    steps = net.tiers[2][: net.n_pair]
    steps_total = int(pair_flow @ steps) if net.n_pair else 0
    value = sum(f * int(-net.tiers[0][net.cell_arc[ci]]) for ci, f in enumerate(filled))
    home_key = int(-(pair_flow @ net.tiers[1][: net.n_pair])) if net.n_pair else 0
    objective = Objective(
        filled_posts=int(sum(filled)),
        filled_priority=float(sum(f * c.priority for f, c in zip(filled, net.cells, strict=True))),
        home_village=handed.home_village,
        home_district=handed.home_district,
        distance_km=handed.km_total,
        key=(value, home_key, -steps_total),
    )
    return Placement(
        status,
        tuple(net.problems),
        tuple(handed.assignments),
        tuple(_unfilled(net, filled, placed)),
        tuple(_unplaced(net, placed)),
        _balances(net.request, handed.arrivals, handed.departures),
        objective,
        method,
    )


def _diagnose(net: _Network) -> list[Problem]:
    """Name the cells whose must_fill posts cannot all be filled, and why (as codes)."""
    must = net.lower[net.cell_arc]
    # maximise the flow into must-fill cells, capped at must_fill, on the hub network
    # (exact: the cost sits on the cell arcs only). No lower bounds: always feasible.
    base = slice(net.n_pair, len(net.tail))
    upper = net.cap[base].copy()
    cell_arcs = net.cell_arc - net.n_pair
    upper[cell_arcs] = must
    hub = _hub(net, np.zeros(len(upper), np.int64), upper)
    cost = np.zeros(len(hub.tail), np.int64)
    cost[cell_arcs] = -1
    flow = _mcf(hub.n_nodes, hub.supply, hub.tail, hub.head, hub.lower, hub.upper, cost)
    got = flow[cell_arcs] if flow is not None else np.zeros(len(net.cells), np.int64)
    people_for: dict[str, int] = defaultdict(int)
    movable_for: dict[str, int] = defaultdict(int)
    must_for: dict[str, int] = defaultdict(int)
    for p in net.request.people:
        for q in p.positions:
            people_for[q] += 1
            if _movable(p, net.all_cells):
                movable_for[q] += 1
    for c in net.cells:
        must_for[c.position] += c.must_fill
    problems: list[Problem] = []
    for ci, c in enumerate(net.cells):
        short = int(must[ci] - got[ci])
        if short <= 0:
            continue
        params: dict[str, str | int] = {
            "unit": c.unit,
            "position": c.position,
            "must_fill": c.must_fill,
            "filled": int(got[ci]),
        }
        if people_for[c.position] == 0:
            problems.append(Problem("must_fill_no_person", params))
        elif movable_for[c.position] == 0:
            problems.append(Problem("must_fill_not_movable", params))
        elif movable_for[c.position] < must_for[c.position]:
            params |= {"available": movable_for[c.position], "wanted": must_for[c.position]}
            problems.append(Problem("must_fill_too_few", params))
        else:
            problems.append(Problem("must_fill_competing", params))
    return problems or [Problem("must_fill_jointly")]


def place(request: Request) -> Placement:
    """Lexicographically optimal placement by min-cost flow (status ``OPTIMAL``, proven).

    Deterministic: the same request gives the same result, tie-breaks included. Bad but
    well-typed input (duplicate ids, ``must_fill`` above the open posts, ``must_fill`` that
    no pool can meet) gives ``INFEASIBLE`` with ``problems`` (codes), not an exception.
    """
    net = _build(request)
    if net.problems:
        return _infeasible(request, net.problems, "min_cost_flow")
    flow = _lexicographic(net)
    if flow is None:
        return _infeasible(request, _diagnose(net), "min_cost_flow")
    return _result(net, flow, "OPTIMAL", "min_cost_flow")


def greedy_placement(request: Request) -> Placement:
    """Baseline: cells by priority (must_fill posts first), each post to its best free person.

    Order of posts: cells with ``must_fill`` (their must_fill posts), then every cell's
    remaining open posts, cells by priority descending then (unit, position). For each
    post the best free person by (home desa/kelurahan, home kecamatan, distance, id),
    transfers only while the origin cell's excess and its unit's move cap allow. Status
    ``FEASIBLE`` (no optimality claim), or ``INFEASIBLE`` when a must_fill post stays empty.
    """
    net = _build(request)
    if net.problems:
        return _infeasible(request, net.problems, "greedy")
    n_pair = net.n_pair
    order = np.lexsort(
        (net.pair_group, net.tiers[2][:n_pair], net.tiers[1][:n_pair], net.pair_cell)
    )
    starts = np.searchsorted(net.pair_cell[order], np.arange(len(net.cells) + 1))
    left = [len(g.ids) for g in net.groups]
    excess = {k: c.excess for k, c in net.all_cells.items()}
    cap_moves = request.max_moves_per_unit
    moved: dict[str, int] = defaultdict(int)
    flow = np.zeros(len(net.tail), np.int64)
    room = [c.open for c in net.cells]
    ranked = sorted(range(len(net.cells)), key=lambda i: (-net.cells[i].priority, net.cells[i].key))
    passes = [(i, net.cells[i].must_fill) for i in ranked if net.cells[i].must_fill]
    passes += [(i, net.cells[i].open) for i in ranked]
    order_list = order.tolist()
    for ci, target in passes:
        want = target - (net.cells[ci].open - room[ci])
        for a in order_list[starts[ci] : starts[ci + 1]]:
            if want <= 0:
                break
            gi = int(net.pair_group[a])
            take = min(want, left[gi])
            if take <= 0:
                continue
            current = net.groups[gi].current
            if current is not None:
                take = min(take, excess[current])
                if cap_moves is not None:
                    take = min(take, cap_moves - moved[current[0]])
                if take <= 0:
                    continue
                excess[current] -= take
                moved[current[0]] += take
            flow[a] += take
            left[gi] -= take
            room[ci] -= take
            want -= take
    short = [c for ci, c in enumerate(net.cells) if c.open - room[ci] < c.must_fill]
    if short:
        return _infeasible(
            request,
            [
                Problem(
                    "greedy_must_fill",
                    {"unit": c.unit, "position": c.position, "must_fill": c.must_fill},
                )
                for c in short
            ],
            "greedy",
        )
    return _result(net, flow, "FEASIBLE", "greedy")


def milp_placement(
    request: Request, *, solver: str = "HIGHS", time_limit_s: float = 60.0
) -> Placement:
    """The same network as a MILP (integer arc flows), solved tier by tier with each
    earlier optimum added as a constraint — for tests and the bench only.

    ``solver`` is an OR-Tools ``pywraplp`` backend; HiGHS ships with ortools 9.15.
    ``time_limit_s`` bounds the whole solve (model building included), not each tier.
    Status ``FEASIBLE`` with a problem note when the limit stops a later tier, ``NOT_SOLVED``
    when it ends before any solution — a time-out, not a proof that none exists.
    """
    deadline = time.monotonic() + time_limit_s
    from ortools.linear_solver import pywraplp  # type: ignore[import-untyped]

    net = _build(request)
    method = f"milp:{solver}"
    if net.problems:
        return _infeasible(request, net.problems, method)
    if not len(net.tail):
        return _result(net, np.zeros(0, np.int64), "OPTIMAL", method)
    lp = pywraplp.Solver.CreateSolver(solver)
    if lp is None:
        raise ValueError(f"OR-Tools has no {solver} backend")
    lp.SuppressOutput()
    if solver == "HIGHS":
        lp.SetSolverSpecificParametersAsString("output_flag=false\n")
    solution: list[int] = [0] * len(net.tail)
    n_arcs = len(net.tail)
    x = [lp.IntVar(int(net.lower[a]), int(net.cap[a]), "") for a in range(n_arcs)]
    out_arcs: dict[int, list[int]] = defaultdict(list)
    in_arcs: dict[int, list[int]] = defaultdict(list)
    for a, (t, h) in enumerate(zip(net.tail.tolist(), net.head.tolist(), strict=True)):
        out_arcs[t].append(a)
        in_arcs[h].append(a)
    for v in range(net.n_nodes):
        s = int(net.supply[v])
        row = lp.Constraint(s, s)
        for a in out_arcs[v]:
            row.SetCoefficient(x[a], 1)
        for a in in_arcs[v]:
            row.SetCoefficient(x[a], -1)
    status: PlacementStatus = "OPTIMAL"
    problems: list[Problem] = []
    for tier in net.tiers:
        objective = lp.Objective()
        objective.Clear()
        nz = np.nonzero(tier)[0].tolist()
        for a in nz:
            objective.SetCoefficient(x[a], float(tier[a]))
        objective.SetMinimization()
        lp.SetTimeLimit(max(1, int((deadline - time.monotonic()) * 1000)))
        code = lp.Solve()
        if code == pywraplp.Solver.INFEASIBLE:
            return _infeasible(request, _diagnose(net), method)
        if code != pywraplp.Solver.OPTIMAL:
            if code != pywraplp.Solver.FEASIBLE:
                return _infeasible(request, [Problem("milp_no_solution")], method, "NOT_SOLVED")
            status = "FEASIBLE"
            problems.append(Problem("milp_not_proven"))
            break
        best = round(objective.Value())
        solution = [round(v.solution_value()) for v in x]
        if nz:
            keep = lp.Constraint(-lp.infinity(), best)
            for a in nz:
                keep.SetCoefficient(x[a], float(tier[a]))
    flow = np.array(solution, dtype=np.int64)
    result = _result(net, flow, status, method)
    if problems:
        return Placement(
            result.status,
            tuple(problems),
            result.assignments,
            result.unfilled,
            result.unplaced,
            result.before_after,
            result.objective,
            method,
        )
    return result
