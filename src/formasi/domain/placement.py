"""Placement of new hires and redistribution of serving staff, preferring home areas.

Pure Python plus OR-Tools (no Django). Issue 7: given the open posts per cell (a jabatan in
a unit) and a pool of people — the year's new CPNS/PPPK, or serving staff open to transfer —
propose who goes where, and say why. Full model: ``docs/domain/placement.md``.

Model (:func:`place`) — a min-cost flow (``SimpleMinCostFlow``)
    Interchangeable people are aggregated into one *group* node (same qualifications, home
    desa/kelurahan, home kecamatan, home coordinates, current cell, must-stay) with supply =
    their number. Arcs go from a group to every open cell of a position the group qualifies
    for, and on to a sink ``T`` through the cell's arc (capacity ``need − bezetting``, lower
    bound ``must_fill``). New hires may also go straight to ``T`` (left unplaced). Serving
    staff may stay through ``stay(cell) → stay(unit) → T``, whose lower bounds keep at least
    ``movable − (bezetting − need)`` people in the cell and ``movable − max_moves_per_unit``
    in the unit, so no cell drops below its need and no unit loses more than the cap.
    Lower bounds use the standard transformation (supplies shifted, capacities reduced).

Objective — lexicographic, solved exactly in stages
    1. value of the filled posts, ``Σ (round(priority × 1000) + 1)`` per post (a priority-0
       post is still worth filling);
    2. home desa/kelurahan matches, then home kecamatan matches
       (one stage: ``village × (K + 1) + district``, ``K`` = most people that can be placed,
       exact because a district count never exceeds ``K``);
    3. total distance home → post (haversine, in steps of :attr:`Weights.km_step`).

    Solved exactly in three stages, each with only its own tier's costs (no weighted
    sums, no int64 concerns): tiers 1 and 2 on a small *hub* network (group → one hub per
    position → cell, plus direct arcs for the home pairs), tier 3 on the full network
    restricted to the optimal face of tiers 1–2, by column generation. Between stages the
    optimal face is fixed by complementary slackness with node potentials computed by
    Bellman–Ford on the residual graph. See :func:`_lexicographic` and the docs.

:func:`greedy_placement` is the baseline and :func:`milp_placement` the same model as a MILP
(HiGHS through ``pywraplp``, stages with the previous optima as constraints) for tests and
the bench.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

__all__ = [
    "PRIORITY_SCALE",
    "Assignment",
    "AssignmentReason",
    "Cell",
    "Objective",
    "Person",
    "Placement",
    "PlacementStatus",
    "Request",
    "UnfilledCell",
    "UnfilledReason",
    "UnitBalance",
    "UnplacedPerson",
    "UnplacedReason",
    "Weights",
    "explain_unfilled",
    "explain_unplaced",
    "greedy_placement",
    "haversine_km",
    "milp_placement",
    "place",
]

#: Priorities are kept to three decimals: the value of one filled post is
#: ``round(priority × PRIORITY_SCALE) + 1``.
PRIORITY_SCALE: Final = 1000
_EARTH_RADIUS_KM: Final = 6371.0088
_COST_LIMIT: Final = 2**62

IntArray = npt.NDArray[np.int64]


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, got {value!r}")


def _check_point(name: str, point: tuple[float, float] | None) -> None:
    if point is None:
        return
    lat, lng = point
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValueError(f"{name} must be (lat, lng) in degrees, got {point!r}")


@dataclass(frozen=True)
class Person:
    """Someone to place: a new hire (``current_unit=None``) or a serving employee.

    ``position`` is the jabatan the person qualifies for (for serving staff also the one
    held now: the current cell is ``(current_unit, position)``); ``alternatives`` are
    further jabatan they qualify for. Use codes (kode desa/kecamatan BPS) for the homes so
    that names repeated in different kecamatan do not match.
    """

    id: str
    position: str
    home_village: str | None = None
    home_district: str | None = None
    home: tuple[float, float] | None = None
    current_unit: str | None = None
    must_stay: bool = False
    alternatives: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("id must be a non-empty string")
        if not self.position:
            raise ValueError("position must be a non-empty string")
        _check_point("home", self.home)
        object.__setattr__(self, "alternatives", tuple(self.alternatives))

    @property
    def positions(self) -> tuple[str, ...]:
        """Every jabatan the person may fill: ``position`` first, then ``alternatives``."""
        return (self.position, *(p for p in self.alternatives if p != self.position))

    @property
    def is_new_hire(self) -> bool:
        return self.current_unit is None


@dataclass(frozen=True)
class Cell:
    """One jabatan in one unit: its need, its bezetting and how much a filled post is worth.

    ``need − bezetting`` posts are open (when positive); ``bezetting − need`` people may
    leave by transfer (when positive). ``must_fill`` of the open posts must be filled.
    ``priority`` ≥ 0, higher = more important (e.g. :func:`formasi.domain.budget.priority`).
    """

    unit: str
    position: str
    need: int
    bezetting: int
    priority: float = 1.0
    village: str | None = None
    district: str | None = None
    location: tuple[float, float] | None = None
    must_fill: int = 0

    def __post_init__(self) -> None:
        if not self.unit or not self.position:
            raise ValueError("unit and position must be non-empty strings")
        _check_count("need", self.need)
        _check_count("bezetting", self.bezetting)
        _check_count("must_fill", self.must_fill)
        p = self.priority
        if isinstance(p, bool) or not math.isfinite(p) or p < 0:
            raise ValueError(f"priority must be finite and non-negative, got {p!r}")
        _check_point("location", self.location)

    @property
    def key(self) -> tuple[str, str]:
        return (self.unit, self.position)

    @property
    def open(self) -> int:
        """Open posts: ``max(0, need − bezetting)``."""
        return max(0, self.need - self.bezetting)

    @property
    def excess(self) -> int:
        """People the cell can give up: ``max(0, bezetting − need)``."""
        return max(0, self.bezetting - self.need)


@dataclass(frozen=True)
class Weights:
    """Which preferences count after filling, and the distance resolution.

    The order is fixed and lexicographic (filled value ≻ home desa/kelurahan ≻ home
    kecamatan ≻ distance), so there are no trade-off weights to tune: a preference can only
    be switched off. ``km_step``: distances are compared in steps of this many km.
    """

    home_village: bool = True
    home_district: bool = True
    distance: bool = True
    km_step: float = 0.1

    def __post_init__(self) -> None:
        if not math.isfinite(self.km_step) or self.km_step <= 0:
            raise ValueError(f"km_step must be positive, got {self.km_step!r}")


@dataclass(frozen=True)
class Request:
    """The pool, the cells and the limits. ``max_moves_per_unit`` caps the transfers
    *leaving* each unit (arrivals are bounded by the unit's open posts); ``None`` = no cap."""

    people: Sequence[Person]
    cells: Sequence[Cell]
    max_moves_per_unit: int | None = None
    weights: Weights = field(default_factory=Weights)

    def __post_init__(self) -> None:
        object.__setattr__(self, "people", tuple(self.people))
        object.__setattr__(self, "cells", tuple(self.cells))
        if self.max_moves_per_unit is not None:
            _check_count("max_moves_per_unit", self.max_moves_per_unit)


# NOT_SOLVED: only milp_placement, when its time limit ends before any solution is found.
PlacementStatus = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "NOT_SOLVED"]
AssignmentReason = Literal[
    "home_village", "home_district", "nearest", "priority", "unknown_distance"
]
UnfilledReason = Literal[
    "no_qualified_person", "no_movable_person", "move_limit", "pool_exhausted", "not_chosen"
]
UnplacedReason = Literal["no_open_post", "posts_taken"]


@dataclass(frozen=True)
class Assignment:
    """One person placed: a new hire (``from_unit=None``) or a transfer."""

    person_id: str
    from_unit: str | None
    to_unit: str
    position: str
    reason: AssignmentReason
    distance_km: float | None
    explain: str


@dataclass(frozen=True)
class UnfilledCell:
    """Open posts of a cell left unfilled, with a reason code (see :func:`explain_unfilled`)."""

    unit: str
    position: str
    count: int
    priority: float
    reason: UnfilledReason


@dataclass(frozen=True)
class UnplacedPerson:
    """A new hire left without a post."""

    person_id: str
    position: str
    reason: UnplacedReason


@dataclass(frozen=True)
class UnitBalance:
    """Before/after of one unit over its listed cells."""

    unit: str
    need: int
    before: int
    after: int
    arrivals: int
    departures: int


@dataclass(frozen=True)
class Objective:
    """The lexicographic objective. ``key`` compares solutions (greater is better):
    ``(filled value, home village × (K + 1) + home district, −distance steps)``."""

    filled_posts: int
    filled_priority: float
    home_village: int
    home_district: int
    distance_km: float
    key: tuple[int, int, int]


@dataclass(frozen=True)
class Placement:
    """Result. ``status``: ``OPTIMAL`` (proven), ``FEASIBLE`` (greedy: no claim) or
    ``INFEASIBLE`` (``problems`` says why, in Indonesian; nothing is placed)."""

    status: PlacementStatus
    problems: tuple[str, ...]
    assignments: tuple[Assignment, ...]
    unfilled: tuple[UnfilledCell, ...]
    unplaced: tuple[UnplacedPerson, ...]
    before_after: tuple[UnitBalance, ...]
    objective: Objective
    method: str

    def moves(self) -> dict[str, str]:
        """``{person id: destination unit}``."""
        return {a.person_id: a.to_unit for a in self.assignments}


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
    problems: list[str]
    # for the hub networks of the exact staged solve (see ``_lexicographic``)
    n_positions: int  # positions that have open cells; hub node of position p = n_nodes + p
    cell_position: IntArray  # position index of each open cell
    gp_group: IntArray  # (group, position) pairs: the group qualifies for the position
    gp_position: IntArray
    group_size: IntArray


def _validate(request: Request) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for p in request.people:
        if p.id in seen:
            problems.append(f"ID orang {p.id!r} muncul lebih dari sekali.")
        seen.add(p.id)
    keys: set[tuple[str, str]] = set()
    for c in request.cells:
        if c.key in keys:
            problems.append(f"Sel {c.unit} — {c.position} muncul lebih dari sekali.")
        keys.add(c.key)
        if c.must_fill > c.open:
            problems.append(
                f"{c.unit} — {c.position}: wajib terisi {c.must_fill}, "
                f"padahal formasi kosong hanya {c.open} (kebutuhan {c.need}, "
                f"bezetting {c.bezetting})."
            )
    return problems


def _movable(p: Person, all_cells: Mapping[tuple[str, str], Cell]) -> bool:
    if p.is_new_hire:
        return True
    if p.must_stay:
        return False
    cell = all_cells.get((p.current_unit or "", p.position))
    return cell is not None and cell.excess > 0


def _build(request: Request) -> _Network:
    problems = _validate(request)
    weights = request.weights
    all_cells = {c.key: c for c in request.cells}
    cells = sorted((c for c in request.cells if c.open > 0), key=lambda c: c.key)
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

    groups = [
        _Group(k[0], k[1], k[2], k[3], k[4], tuple(sorted(grouped[k])))  # type: ignore[arg-type]
        for k in sorted(grouped, key=sort_key)
    ]
    n_g, n_c = len(groups), len(cells)
    # pair arcs, vectorised: for each (group, position) pair, every open cell of the
    # position in cell order (groups in order, a group's positions in its order)
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
    if len(pair_group):
        pair_village = gv[pair_group] == cv[pair_cell]
        pair_district = gd[pair_group] == cd[pair_cell]
        pair_km = _haversine(glat[pair_group], glng[pair_group], clat[pair_cell], clng[pair_cell])
    else:
        pair_village = np.zeros(0, dtype=np.bool_)
        pair_district = np.zeros(0, dtype=np.bool_)
        pair_km = np.zeros(0, dtype=np.float64)
    steps = np.where(np.isnan(pair_km), -1, np.round(np.nan_to_num(pair_km) / weights.km_step))
    steps = steps.astype(np.int64)
    worst = int(steps.max()) if len(steps) and steps.max() > 0 else 0
    steps[steps < 0] = worst  # unknown distance counts as the farthest known one
    if not weights.distance:
        steps[:] = 0
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
    # stay and unplaced arcs
    node = n_g + n_c
    stay_cell: dict[tuple[str, str], int] = {}
    stay_unit: dict[str, int] = {}
    movable_cell: dict[tuple[str, str], int] = defaultdict(int)
    extra: list[tuple[int, int, int, int]] = []  # tail, head(-1 = T), lower, cap
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
    sink = node
    n_nodes = node + 1
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
        n_positions=n_p,
        cell_position=cell_position,
        gp_group=gp_group,
        gp_position=gp_position,
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


# --- Results ---------------------------------------------------------------------------

_REASON_TEXT: Final[Mapping[str, str]] = MappingProxyType(
    {
        "home_village": "sesuai desa/kelurahan asal",
        "home_district": "sesuai kecamatan asal",
        "nearest": "formasi kosong terdekat untuk jabatan ini",
        "priority": "mengisi kekurangan yang lebih diutamakan (formasi yang lebih dekat "
        "sudah terisi atau kurang prioritas)",
        "unknown_distance": "mengisi kekurangan yang diutamakan; jarak tidak dapat dihitung "
        "(lokasi asal atau unit tidak tercatat)",
    }
)

_UNFILLED_TEXT: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no_qualified_person": "tidak ada pelamar atau pegawai dengan jabatan ini",
        "no_movable_person": "pegawai dengan jabatan ini tidak dapat dipindahkan "
        "(wajib tetap, atau unitnya tidak berlebih)",
        "move_limit": "pegawai yang memenuhi syarat tertahan oleh batas pindah "
        "(kelebihan unit asal atau batas pindah per unit)",
        "pool_exhausted": "semua orang yang memenuhi syarat sudah ditempatkan pada "
        "kekurangan yang lebih diutamakan",
        "not_chosen": "tidak dipilih oleh metode ini",
    }
)

_UNPLACED_TEXT: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no_open_post": "tidak ada formasi kosong untuk jabatannya",
        "posts_taken": "formasi kosong untuk jabatannya sudah terisi oleh orang lain",
    }
)


def _fmt_km(km: float) -> str:
    return f"{km:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _explain_assignment(a: Assignment) -> str:
    where = f"{a.to_unit} sebagai {a.position}"
    verb = (
        f"dipindahkan dari {a.from_unit} ke {where}" if a.from_unit else f"ditempatkan di {where}"
    )
    km = "" if a.distance_km is None else f", {_fmt_km(a.distance_km)} km dari rumah"
    return f"{a.person_id}: {verb} — {_REASON_TEXT[a.reason]}{km}"


def explain_unfilled(u: UnfilledCell) -> str:
    """E.g. ``"SDN 3 — Guru kelas: 2 formasi tidak terisi — <alasan>"``."""
    return f"{u.unit} — {u.position}: {u.count} formasi tidak terisi — {_UNFILLED_TEXT[u.reason]}"


def explain_unplaced(u: UnplacedPerson) -> str:
    """E.g. ``"P-17 (Perawat): belum ditempatkan — <alasan>"``."""
    return f"{u.person_id} ({u.position}): belum ditempatkan — {_UNPLACED_TEXT[u.reason]}"


def _empty_objective() -> Objective:
    return Objective(0, 0.0, 0, 0, 0.0, (0, 0, 0))


def _infeasible(
    request: Request,
    problems: Sequence[str],
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


def _result(net: _Network, flow: IntArray, status: PlacementStatus, method: str) -> Placement:
    request = net.request
    pair_flow = flow[: net.n_pair]
    used = np.nonzero(pair_flow > 0)[0]
    # nearest open post of each group (in distance steps), for the reason code
    steps = net.tiers[2][: net.n_pair]
    nearest = np.full(len(net.groups), np.iinfo(np.int64).max, np.int64)
    if net.n_pair:
        np.minimum.at(nearest, net.pair_group, steps)
    handed = [0] * len(net.groups)
    assignments: list[Assignment] = []
    arrivals: dict[str, int] = defaultdict(int)
    departures: dict[str, int] = defaultdict(int)
    filled = [0] * len(net.cells)
    hv = hd = 0
    km_total = 0.0
    for a in sorted(used.tolist(), key=lambda a: (int(net.pair_group[a]), int(net.pair_cell[a]))):
        g = net.groups[int(net.pair_group[a])]
        ci = int(net.pair_cell[a])
        cell = net.cells[ci]
        n = int(pair_flow[a])
        gi = int(net.pair_group[a])
        ids = g.ids[handed[gi] : handed[gi] + n]
        handed[gi] += n
        filled[ci] += n
        km = float(net.pair_km[a])
        distance = None if math.isnan(km) else km
        reason: AssignmentReason
        hv += n * bool(net.pair_village[a])
        hd += n * bool(net.pair_district[a])
        if net.pair_village[a]:
            reason = "home_village"
        elif net.pair_district[a]:
            reason = "home_district"
        elif distance is None:
            reason = "unknown_distance"
        elif steps[a] <= nearest[gi]:
            reason = "nearest"
        else:
            reason = "priority"
        if distance is not None:
            km_total += distance * n
        from_unit = g.current[0] if g.current else None
        for pid in ids:
            draft = Assignment(pid, from_unit, cell.unit, cell.position, reason, distance, "")
            assignments.append(
                Assignment(
                    pid, from_unit, cell.unit, cell.position, reason, distance,
                    _explain_assignment(draft),
                )
            )  # fmt: skip
        arrivals[cell.unit] += n
        if from_unit is not None:
            departures[from_unit] += n
    assignments.sort(key=lambda a: (a.to_unit, a.position, a.person_id))
    placed = {a.person_id for a in assignments}
    # who is still free, per position
    free_new: dict[str, int] = defaultdict(int)
    free_serving: dict[str, int] = defaultdict(int)
    qualified: set[str] = set()
    movable: set[str] = set()
    for p in request.people:
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
    open_positions = {c.position for c in net.cells}
    unplaced = [
        UnplacedPerson(
            p.id,
            p.position,
            "posts_taken" if open_positions.intersection(p.positions) else "no_open_post",
        )
        for p in sorted(request.people, key=lambda p: p.id)
        if p.is_new_hire and p.id not in placed
    ]
    steps_total = int(pair_flow @ steps) if net.n_pair else 0
    value = sum(f * int(-net.tiers[0][net.cell_arc[ci]]) for ci, f in enumerate(filled))
    home_key = int(-(pair_flow @ net.tiers[1][: net.n_pair])) if net.n_pair else 0
    objective = Objective(
        filled_posts=int(sum(filled)),
        filled_priority=float(sum(f * c.priority for f, c in zip(filled, net.cells, strict=True))),
        home_village=hv,
        home_district=hd,
        distance_km=km_total,
        key=(value, home_key, -steps_total),
    )
    return Placement(
        status,
        tuple(net.problems),
        tuple(assignments),
        tuple(unfilled),
        tuple(unplaced),
        _balances(request, arrivals, departures),
        objective,
        method,
    )


def _diagnose(net: _Network) -> list[str]:
    """Name the cells whose must_fill posts cannot all be filled (Indonesian)."""
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
    problems: list[str] = []
    for ci, c in enumerate(net.cells):
        short = int(must[ci] - got[ci])
        if short <= 0:
            continue
        head = (
            f"{c.unit} — {c.position}: wajib terisi {c.must_fill}, hanya {int(got[ci])} bisa diisi"
        )
        if people_for[c.position] == 0:
            why = f"tidak ada pelamar atau pegawai dengan jabatan {c.position}"
        elif movable_for[c.position] == 0:
            why = (
                f"pegawai dengan jabatan {c.position} tidak boleh pindah atau unit asalnya "
                "tidak berlebih"
            )
        elif movable_for[c.position] < must_for[c.position]:
            why = (
                f"hanya {movable_for[c.position]} orang dengan jabatan {c.position} tersedia "
                f"untuk {must_for[c.position]} formasi wajib terisi"
            )
        else:
            why = (
                "orang yang memenuhi syarat dibutuhkan untuk formasi wajib lain atau tertahan "
                "oleh batas pindah"
            )
        problems.append(f"{head} — {why}.")
    return problems or ["Formasi wajib terisi tidak dapat dipenuhi bersama-sama."]


def place(request: Request) -> Placement:
    """Lexicographically optimal placement by min-cost flow (status ``OPTIMAL``, proven).

    Deterministic: the same request gives the same result, tie-breaks included. Bad but
    well-typed input (duplicate ids, ``must_fill`` above the open posts, ``must_fill`` that
    no pool can meet) gives ``INFEASIBLE`` with ``problems`` in Indonesian, not an exception.
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
                f"{c.unit} — {c.position}: metode greedy tidak dapat mengisi {c.must_fill} "
                "formasi wajib terisi."
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
    problems: list[str] = []
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
                problem = "Batas waktu MILP habis tanpa solusi (bukan bukti tidak ada solusi)."
                return _infeasible(request, [problem], method, "NOT_SOLVED")
            status = "FEASIBLE"
            problems.append("Batas waktu MILP habis sebelum optimum terbukti.")
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
