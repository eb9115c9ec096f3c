"""The placement network and its exact lexicographic min-cost flow solution."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

from formasi.domain.placement.model import (
    _COST_LIMIT,
    _EARTH_RADIUS_KM,
    PRIORITY_SCALE,
    Cell,
    IntArray,
    Person,
    Problem,
    Request,
    Weights,
)

# --- Geometry --------------------------------------------------------------------------


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lng) points in degrees."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _haversine(
    lat1: npt.NDArray[np.float64],
    lng1: npt.NDArray[np.float64],
    lat2: npt.NDArray[np.float64],
    lng2: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lng2 - lng1)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    out: npt.NDArray[np.float64] = 2 * _EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return out


# --- The network -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    positions: tuple[str, ...]
    home_village: str | None
    home_district: str | None
    home: tuple[float, float] | None
    current: tuple[str, str] | None
    ids: tuple[str, ...]


@dataclass
class _Network:
    """Arrays of the flow network; pair arcs come first (``n_pair`` of them)."""

    request: Request
    cells: list[Cell]  # open cells, node index = n_groups + i
    all_cells: dict[tuple[str, str], Cell]
    groups: list[_Group]
    n_nodes: int
    sink: int
    supply: IntArray  # before the lower-bound transformation
    tail: IntArray
    head: IntArray
    lower: IntArray
    cap: IntArray
    tiers: list[IntArray]  # per-arc cost of each lexicographic tier
    n_pair: int
    pair_group: IntArray
    pair_cell: IntArray
    pair_village: npt.NDArray[np.bool_]
    pair_district: npt.NDArray[np.bool_]
    pair_km: npt.NDArray[np.float64]  # NaN = unknown
    cell_arc: IntArray  # arc index of each open cell's arc to T
    k_bound: int
    problems: list[Problem]
    # for the hub networks of the exact staged solve (see ``_lexicographic``)
    n_positions: int  # positions that have open cells; hub node of position p = n_nodes + p
    cell_position: IntArray  # position index of each open cell
    gp_group: IntArray  # (group, position) pairs: the group qualifies for the position
    gp_position: IntArray
    group_size: IntArray


def _validate(request: Request) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for p in request.people:
        if p.id in seen:
            problems.append(Problem("duplicate_person", {"person": p.id}))
        seen.add(p.id)
    keys: set[tuple[str, str]] = set()
    for c in request.cells:
        if c.key in keys:
            problems.append(Problem("duplicate_cell", {"unit": c.unit, "position": c.position}))
        keys.add(c.key)
        if c.must_fill > c.open:
            problems.append(
                Problem(
                    "must_fill_over_open",
                    {
                        "unit": c.unit,
                        "position": c.position,
                        "must_fill": c.must_fill,
                        "open": c.open,
                        "need": c.need,
                        "bezetting": c.bezetting,
                    },
                )
            )
    return problems


def _movable(p: Person, all_cells: Mapping[tuple[str, str], Cell]) -> bool:
    if p.is_new_hire:
        return True
    if p.must_stay:
        return False
    cell = all_cells.get((p.current_unit or "", p.position))
    return cell is not None and cell.excess > 0


def _groups(
    request: Request, all_cells: Mapping[tuple[str, str], Cell], cells: list[Cell]
) -> list[_Group]:
    """Interchangeable movable people with an open cell to go to, one group per kind."""
    by_position: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cells):
        by_position[c.position].append(i)
    grouped: dict[tuple[object, ...], list[str]] = defaultdict(list)
    for p in request.people:
        if not _movable(p, all_cells):
            continue
        if not any(by_position.get(q) for q in p.positions):
            continue
        current = None if p.current_unit is None else (p.current_unit, p.position)
        key = (p.positions, p.home_village, p.home_district, p.home, current)
        grouped[key].append(p.id)

    def sort_key(k: tuple[object, ...]) -> str:
        return repr(k)

    return [
        _Group(k[0], k[1], k[2], k[3], k[4], tuple(sorted(grouped[k])))  # type: ignore[arg-type]
        for k in sorted(grouped, key=sort_key)
    ]


@dataclass
class _Pairs:
    """The pair arcs (group → open cell) and the (group, position) pairs behind them."""

    n_positions: int
    cell_position: IntArray
    gp_group: IntArray
    gp_position: IntArray
    group: IntArray
    cell: IntArray


def _pairs(groups: list[_Group], cells: list[Cell]) -> _Pairs:
    """Pair arcs, vectorised: for each (group, position) pair, every open cell of the
    position in cell order (groups in order, a group's positions in its order)."""
    position_names = sorted({c.position for c in cells})
    position_index = {q: i for i, q in enumerate(position_names)}
    n_p = len(position_names)
    cell_position = np.array([position_index[c.position] for c in cells], dtype=np.int64)
    by_position_order = np.argsort(cell_position, kind="stable")
    position_count = np.bincount(cell_position, minlength=n_p).astype(np.int64)
    position_start = np.cumsum(position_count) - position_count
    gp: list[tuple[int, int]] = []
    for gi, g in enumerate(groups):
        seen_q: set[int] = set()
        for q in g.positions:
            qi = position_index.get(q)
            if qi is not None and qi not in seen_q:
                seen_q.add(qi)
                gp.append((gi, qi))
    gp_arr = np.array(gp, dtype=np.int64).reshape(-1, 2)
    gp_group, gp_position = gp_arr[:, 0].copy(), gp_arr[:, 1].copy()
    per_gp = position_count[gp_position]
    pair_group = np.repeat(gp_group, per_gp)
    offset = np.repeat(position_start[gp_position] - (np.cumsum(per_gp) - per_gp), per_gp)
    pair_cell = by_position_order[np.arange(int(per_gp.sum()), dtype=np.int64) + offset]
    return _Pairs(n_p, cell_position, gp_group, gp_position, pair_group, pair_cell)


def _pair_homes(
    groups: list[_Group], cells: list[Cell], pairs: _Pairs
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """Per pair arc: home desa matches, home kecamatan matches, distance in km (NaN =
    unknown)."""
    codes: dict[str, int] = {}

    def code(v: str | None, none: int) -> int:
        return none if v is None else codes.setdefault(v, len(codes))

    gv = np.array([code(g.home_village, -1) for g in groups], dtype=np.int64)
    gd = np.array([code(g.home_district, -1) for g in groups], dtype=np.int64)
    cv = np.array([code(c.village, -2) for c in cells], dtype=np.int64)
    cd = np.array([code(c.district, -2) for c in cells], dtype=np.int64)
    nan = float("nan")
    glat = np.array([g.home[0] if g.home else nan for g in groups], dtype=np.float64)
    glng = np.array([g.home[1] if g.home else nan for g in groups], dtype=np.float64)
    clat = np.array([c.location[0] if c.location else nan for c in cells], dtype=np.float64)
    clng = np.array([c.location[1] if c.location else nan for c in cells], dtype=np.float64)
    pg, pc = pairs.group, pairs.cell
    if not len(pg):
        return np.zeros(0, np.bool_), np.zeros(0, np.bool_), np.zeros(0, np.float64)
    return gv[pg] == cv[pc], gd[pg] == cd[pc], _haversine(glat[pg], glng[pg], clat[pc], clng[pc])


def _distance_steps(pair_km: npt.NDArray[np.float64], weights: Weights) -> IntArray:
    """Distances in steps of ``km_step``; an unknown one counts as the farthest known."""
    steps = np.where(np.isnan(pair_km), -1, np.round(np.nan_to_num(pair_km) / weights.km_step))
    steps = steps.astype(np.int64)
    worst = int(steps.max()) if len(steps) and steps.max() > 0 else 0
    steps[steps < 0] = worst  # unknown distance counts as the farthest known one
    if not weights.distance:
        steps[:] = 0
    return steps


def _stay_arcs(
    request: Request,
    all_cells: Mapping[tuple[str, str], Cell],
    groups: list[_Group],
    first_node: int,
) -> tuple[list[tuple[int, int, int, int]], int]:
    """Unplaced and stay arcs (tail, head (-1 = T), lower, cap) and the next free node.

    New hires may go straight to T; serving staff stay through stay(cell) → stay(unit) → T,
    whose lower bounds keep each cell at its need and each unit within the move cap."""
    node = first_node
    stay_cell: dict[tuple[str, str], int] = {}
    stay_unit: dict[str, int] = {}
    movable_cell: dict[tuple[str, str], int] = defaultdict(int)
    extra: list[tuple[int, int, int, int]] = []
    for gi, g in enumerate(groups):
        if g.current is None:
            extra.append((gi, -1, 0, len(g.ids)))
        else:
            if g.current not in stay_cell:
                stay_cell[g.current] = node
                node += 1
            movable_cell[g.current] += len(g.ids)
            extra.append((gi, stay_cell[g.current], 0, len(g.ids)))
    movable_unit: dict[str, int] = defaultdict(int)
    for cell_key in sorted(stay_cell):
        unit = cell_key[0]
        if unit not in stay_unit:
            stay_unit[unit] = node
            node += 1
        movable_unit[unit] += movable_cell[cell_key]
    for cell_key in sorted(stay_cell):
        m = movable_cell[cell_key]
        lo = max(0, m - all_cells[cell_key].excess)
        extra.append((stay_cell[cell_key], stay_unit[cell_key[0]], lo, m))
    cap_moves = request.max_moves_per_unit
    for unit in sorted(stay_unit):
        m = movable_unit[unit]
        lo = 0 if cap_moves is None else max(0, m - cap_moves)
        extra.append((stay_unit[unit], -1, lo, m))
    return extra, node


def _build(request: Request) -> _Network:
    problems = _validate(request)
    weights = request.weights
    all_cells = {c.key: c for c in request.cells}
    cells = sorted((c for c in request.cells if c.open > 0), key=lambda c: c.key)
    groups = _groups(request, all_cells, cells)
    n_g, n_c = len(groups), len(cells)
    pairs = _pairs(groups, cells)
    pair_group, pair_cell = pairs.group, pairs.cell
    pair_village, pair_district, pair_km = _pair_homes(groups, cells, pairs)
    steps = _distance_steps(pair_km, weights)
    counts = np.array([len(g.ids) for g in groups], dtype=np.int64)
    opens = np.array([c.open for c in cells], dtype=np.int64)
    k_bound = int(min(counts.sum(), opens.sum()))
    village = pair_village if weights.home_village else np.zeros_like(pair_village)
    district = pair_district if weights.home_district else np.zeros_like(pair_district)

    tails: list[IntArray] = [pair_group, n_g + np.arange(n_c, dtype=np.int64)]
    heads: list[IntArray] = [n_g + pair_cell]
    n_pair = len(pair_group)
    lower: list[IntArray] = [np.zeros(n_pair, np.int64)]
    caps: list[IntArray] = [np.minimum(counts[pair_group], opens[pair_cell])]
    value = np.array([round(c.priority * PRIORITY_SCALE) + 1 for c in cells], dtype=np.int64)
    home = village.astype(np.int64) * (k_bound + 1) + district.astype(np.int64)
    t_value: list[IntArray] = [np.zeros(n_pair, np.int64), -value]
    t_home: list[IntArray] = [-home, np.zeros(n_c, np.int64)]
    t_dist: list[IntArray] = [steps, np.zeros(n_c, np.int64)]
    lower.append(np.array([c.must_fill for c in cells], dtype=np.int64))
    caps.append(opens)
    extra, sink = _stay_arcs(request, all_cells, groups, n_g + n_c)
    n_nodes = sink + 1
    ex = np.array(extra, dtype=np.int64).reshape(-1, 4)
    ex[ex[:, 1] < 0, 1] = sink
    tails.append(ex[:, 0])
    heads += [np.full(n_c, sink, np.int64), ex[:, 1]]
    lower.append(ex[:, 2])
    caps.append(ex[:, 3])
    zeros = np.zeros(len(ex), np.int64)
    t_value.append(zeros)
    t_home.append(zeros)
    t_dist.append(zeros)
    supply = np.zeros(n_nodes, np.int64)
    supply[:n_g] = counts
    supply[sink] = -int(counts.sum())
    return _Network(
        request=request,
        cells=cells,
        all_cells=all_cells,
        groups=groups,
        n_nodes=n_nodes,
        sink=sink,
        supply=supply,
        tail=np.concatenate(tails),
        head=np.concatenate(heads),
        lower=np.concatenate(lower),
        cap=np.concatenate(caps),
        tiers=[np.concatenate(t_value), np.concatenate(t_home), np.concatenate(t_dist)],
        n_pair=n_pair,
        pair_group=pair_group,
        pair_cell=pair_cell,
        pair_village=pair_village,
        pair_district=pair_district,
        pair_km=pair_km,
        cell_arc=n_pair + np.arange(n_c, dtype=np.int64),
        k_bound=k_bound,
        problems=problems,
        n_positions=pairs.n_positions,
        cell_position=pairs.cell_position,
        gp_group=pairs.gp_group,
        gp_position=pairs.gp_position,
        group_size=counts,
    )


def _mcf(
    n_nodes: int,
    supply: IntArray,
    tail: IntArray,
    head: IntArray,
    lower: IntArray,
    upper: IntArray,
    cost: IntArray,
) -> IntArray | None:
    """Min-cost flow with bounds ``lower ≤ flow ≤ upper``; ``None`` when infeasible.

    Lower bounds are transformed away (the supplies are shifted); fixed arcs
    (``lower == upper``) never reach the solver. Arrays go in and out whole (array form of
    ``add_arcs_with_capacity_and_unit_cost``, ``set_nodes_supplies`` and ``flows``).
    """
    if len(cost) and int(np.abs(cost).max()) * (n_nodes + 1) >= _COST_LIMIT:
        raise OverflowError("arc costs too large for int64 cost scaling")  # pragma: no cover
    shifted = supply.copy()
    np.subtract.at(shifted, tail, lower)
    np.add.at(shifted, head, lower)
    free = np.nonzero(upper > lower)[0]
    mcf = min_cost_flow.SimpleMinCostFlow()
    if len(free):
        mcf.add_arcs_with_capacity_and_unit_cost(
            tail[free], head[free], upper[free] - lower[free], cost[free]
        )
    mcf.set_nodes_supplies(np.arange(n_nodes, dtype=np.int64), shifted)
    status = mcf.solve()
    if status == mcf.INFEASIBLE:
        return None
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min cost flow returned {status}")  # a modelling bug, not input
    flow = lower.copy()
    if len(free):
        flow[free] += np.asarray(mcf.flows(np.arange(len(free), dtype=np.int64)), np.int64)
    return flow


def _ranges(starts: IntArray, counts: IntArray) -> IntArray:
    """Concatenation of ``range(s, s + n)`` for each ``(s, n)``, vectorised."""
    out: IntArray = np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(
        starts - (np.cumsum(counts) - counts), counts
    )
    return out


def _potentials(
    n_nodes: int,
    tail: IntArray,
    head: IntArray,
    lower: IntArray,
    upper: IntArray,
    cost: IntArray,
    flow: IntArray,
) -> IntArray:
    """Node potentials proving ``flow`` optimal: shortest distances ``d`` from a virtual
    root (an arc of cost 0 to every node) in the residual graph, by Bellman–Ford.

    Then every residual arc has ``cost + d[tail] − d[head] ≥ 0``: an arc with reduced cost
    > 0 carries its lower bound, one with reduced cost < 0 its upper bound (complementary
    slackness), so ``d`` is an optimal dual. Vectorised: each round relaxes the arcs
    leaving the nodes whose distance dropped in the previous round.
    """
    fwd = flow < upper
    bwd = flow > lower
    r_tail = np.concatenate([tail[fwd], head[bwd]])
    r_head = np.concatenate([head[fwd], tail[bwd]])
    r_cost = np.concatenate([cost[fwd], -cost[bwd]])
    order = np.argsort(r_tail, kind="stable")
    r_tail, r_head, r_cost = r_tail[order], r_head[order], r_cost[order]
    degree = np.bincount(r_tail, minlength=n_nodes).astype(np.int64)
    start = np.cumsum(degree) - degree
    dist = np.zeros(n_nodes, np.int64)
    frontier = np.nonzero(degree)[0]
    for _ in range(n_nodes + 1):
        arcs = _ranges(start[frontier], degree[frontier])
        cand = dist[r_tail[arcs]] + r_cost[arcs]
        better = cand < dist[r_head[arcs]]
        if not better.any():
            return dist
        heads = r_head[arcs][better]
        np.minimum.at(dist, heads, cand[better])
        frontier = np.unique(heads)
    raise RuntimeError("negative cycle: the flow is not optimal")  # pragma: no cover


def _restrict(lower: IntArray, upper: IntArray, reduced: IntArray) -> tuple[IntArray, IntArray]:
    """The optimal face by complementary slackness: reduced cost > 0 fixes an arc at its
    lower bound, < 0 at its upper bound, = 0 leaves it free."""
    return np.where(reduced < 0, upper, lower), np.where(reduced > 0, lower, upper)


@dataclass
class _Hub:
    """The hub network of one stage: the non-pair arcs of the full network, then
    group → hub(position) (cost 0, never saturated) and hub(position) → cell (cost 0,
    never saturated), then optional direct group → cell arcs (the home pairs)."""

    n_nodes: int
    supply: IntArray
    tail: IntArray
    head: IntArray
    lower: IntArray
    upper: IntArray
    n_base: int
    n_gp: int


def _hub(net: _Network, lower: IntArray, upper: IntArray) -> _Hub:
    """Hub network over the bounds ``lower``/``upper`` of the full network's non-pair arcs."""
    n_c = len(net.cells)
    base = slice(net.n_pair, len(net.tail))
    hub_node = net.n_nodes + np.arange(net.n_positions, dtype=np.int64)
    cell_node = len(net.groups) + np.arange(n_c, dtype=np.int64)
    big_g = net.group_size[net.gp_group] + 1
    big_c = net.cap[net.cell_arc] + 1
    n_nodes = net.n_nodes + net.n_positions
    supply = np.zeros(n_nodes, np.int64)
    supply[: net.n_nodes] = net.supply
    return _Hub(
        n_nodes=n_nodes,
        supply=supply,
        tail=np.concatenate([net.tail[base], net.gp_group, hub_node[net.cell_position]]),
        head=np.concatenate([net.head[base], hub_node[net.gp_position], cell_node]),
        lower=np.concatenate([lower, np.zeros(len(net.gp_group) + n_c, np.int64)]),
        upper=np.concatenate([upper, big_g, big_c]),
        n_base=len(net.tail) - net.n_pair,
        n_gp=len(net.gp_group),
    )


#: Initial pair arcs per group in the distance stage (the nearest free ones); the others
#: enter by pricing.
_NEAREST: Final = 8


def _lexicographic(net: _Network) -> IntArray | None:
    """Exact staged solve of the lexicographic objective; ``None`` when infeasible.

    1. *Filled value* on the hub network (pair arcs replaced by group → hub(position) →
       cell, exact because tier 1 does not depend on the pair). Potentials ``d1`` of its
       optimum (Bellman–Ford on the residual graph) are an optimal dual of the full
       network too (hub arcs are never saturated, so ``d1[g] ≥ d1[hub] ≥ d1[c]``); by
       complementary slackness the tier-1-optimal flows are exactly the feasible flows
       that keep arcs with reduced cost > 0 at their lower bound and < 0 at their upper
       bound — pair (g, c) is allowed iff ``d1[g] == d1[c]``.
    2. *Home* on that face: the hub network again plus direct arcs for the home pairs
       (cost ``−(village × (K + 1) + district)``). A hub path to a home cell is never
       used beside a direct arc with negative reduced cost (the group or the cell would be
       exhausted), so the hub network is exact and its potentials ``d2`` are an optimal
       dual of the full face; the face shrinks again by complementary slackness.
    3. *Distance* on the full network restricted to that face, by column generation: all
       home and fixed pair arcs, the ``_NEAREST`` nearest free pair arcs per group, and the
       face's hub paths at cost ``worst step + 1`` (so an optimum never uses them and the
       restricted problem is always feasible). Then price every left-out pair arc with the
       potentials of the restricted optimum (``steps + d3[g] − d3[c]``), add the negative
       ones, re-solve, until none is negative: the flow is optimal for the whole face.

    Costs stay small (each stage has only its own tier's costs), so no weights and no int64
    concerns; the faces are exact, so the result is a proven lexicographic optimum.
    """
    n_pair = net.n_pair
    pg, pc = net.pair_group, net.pair_cell
    cell_node = len(net.groups) + pc
    pair_cap = net.cap[:n_pair]
    value, home, steps = net.tiers
    base = slice(n_pair, len(net.tail))
    # stage 1: filled value on the hub network
    hub = _hub(net, net.lower[base], net.cap[base])
    n_hub_arcs = len(hub.tail) - hub.n_base
    cost1 = np.concatenate([value[base], np.zeros(n_hub_arcs, np.int64)])
    y1 = _mcf(hub.n_nodes, hub.supply, hub.tail, hub.head, hub.lower, hub.upper, cost1)
    if y1 is None:
        return None
    d1 = _potentials(hub.n_nodes, hub.tail, hub.head, hub.lower, hub.upper, cost1, y1)
    lo, up = _restrict(hub.lower, hub.upper, cost1 + d1[hub.tail] - d1[hub.head])
    rc_pair = d1[pg] - d1[cell_node]
    assert (rc_pair >= 0).all()
    allowed = rc_pair == 0
    pair_lo = np.zeros(n_pair, np.int64)
    pair_up = np.where(allowed, pair_cap, 0)
    # stage 2: home desa/kecamatan on the face of stage 1
    home_pairs = np.nonzero(allowed & (home[:n_pair] != 0))[0]
    if len(home_pairs):
        tail2 = np.concatenate([hub.tail, pg[home_pairs]])
        head2 = np.concatenate([hub.head, cell_node[home_pairs]])
        lo2 = np.concatenate([lo, np.zeros(len(home_pairs), np.int64)])
        up2 = np.concatenate([up, pair_cap[home_pairs]])
        cost2 = np.concatenate([home[base], np.zeros(n_hub_arcs, np.int64), home[home_pairs]])
        y2 = _mcf(hub.n_nodes, hub.supply, tail2, head2, lo2, up2, cost2)
        assert y2 is not None  # the face of stage 1 is feasible
        d2 = _potentials(hub.n_nodes, tail2, head2, lo2, up2, cost2, y2)
        lo2, up2 = _restrict(lo2, up2, cost2 + d2[tail2] - d2[head2])
        lo, up = lo2[: len(hub.tail)], up2[: len(hub.tail)]
        rc_pair = home[:n_pair] + d2[pg] - d2[cell_node]
        assert (rc_pair[allowed & (home[:n_pair] == 0)] >= 0).all()
        pair_lo, pair_up = _restrict(pair_lo, pair_up, np.where(allowed, rc_pair, 1))
    # stage 3: distance on the face of stage 2, by column generation
    hub_cost = np.zeros(n_hub_arcs, np.int64)
    hub_cost[: hub.n_gp] = int(steps[:n_pair].max(initial=0)) + 1
    free = pair_up > pair_lo
    always = np.nonzero((pair_up > 0) & (~free | (home[:n_pair] != 0)))[0]
    candidates = np.nonzero(free & (home[:n_pair] == 0))[0]
    order = np.lexsort((candidates, steps[candidates], pg[candidates]))
    ranked = candidates[order]
    first = np.searchsorted(pg[ranked], pg[ranked], side="left")
    chosen = np.sort(np.concatenate([always, ranked[np.arange(len(ranked)) - first < _NEAREST]]))
    in_set = np.zeros(n_pair, np.bool_)
    in_set[chosen] = True
    cost_base = np.concatenate([steps[base], hub_cost])
    while True:
        tail3 = np.concatenate([hub.tail, pg[chosen]])
        head3 = np.concatenate([hub.head, cell_node[chosen]])
        lo3 = np.concatenate([lo, pair_lo[chosen]])
        up3 = np.concatenate([up, pair_up[chosen]])
        cost3 = np.concatenate([cost_base, steps[chosen]])
        y3 = _mcf(hub.n_nodes, hub.supply, tail3, head3, lo3, up3, cost3)
        assert y3 is not None  # the hub paths keep the restricted face feasible
        d3 = _potentials(hub.n_nodes, tail3, head3, lo3, up3, cost3, y3)
        out = np.nonzero(free & ~in_set)[0]
        negative = out[steps[out] + d3[pg[out]] - d3[cell_node[out]] < 0]
        if not len(negative):
            break
        in_set[negative] = True
        chosen = np.nonzero(in_set)[0]
    assert not y3[hub.n_base : len(hub.tail)].any()  # a hub path is never optimal
    flow = np.zeros(len(net.tail), np.int64)
    flow[chosen] = y3[len(hub.tail) :]
    flow[base] = y3[: hub.n_base]
    return flow
