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

from formasi.domain.placement.model import (
    PRIORITY_SCALE,
    Assignment,
    AssignmentReason,
    Cell,
    Objective,
    Person,
    Placement,
    PlacementStatus,
    Problem,
    ProblemCode,
    Request,
    UnfilledCell,
    UnfilledReason,
    UnitBalance,
    UnplacedPerson,
    UnplacedReason,
    Weights,
)
from formasi.domain.placement.network import (
    haversine_km,
)
from formasi.domain.placement.solve import (
    greedy_placement,
    milp_placement,
    place,
)

__all__ = [
    "PRIORITY_SCALE",
    "Assignment",
    "AssignmentReason",
    "Cell",
    "Objective",
    "Person",
    "Placement",
    "PlacementStatus",
    "Problem",
    "ProblemCode",
    "Request",
    "UnfilledCell",
    "UnfilledReason",
    "UnitBalance",
    "UnplacedPerson",
    "UnplacedReason",
    "Weights",
    "greedy_placement",
    "haversine_km",
    "milp_placement",
    "place",
]
