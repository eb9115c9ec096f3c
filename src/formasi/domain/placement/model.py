"""Placement inputs and results (the model is in the package docstring)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

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
ProblemCode = Literal[
    "duplicate_person",  # person
    "duplicate_cell",  # unit, position
    "must_fill_over_open",  # unit, position, must_fill, open, need, bezetting
    "must_fill_no_person",  # unit, position, must_fill, filled
    "must_fill_not_movable",  # unit, position, must_fill, filled
    "must_fill_too_few",  # unit, position, must_fill, filled, available, wanted
    "must_fill_competing",  # unit, position, must_fill, filled
    "must_fill_jointly",  # (none)
    "greedy_must_fill",  # unit, position, must_fill
    "milp_no_solution",  # (none)
    "milp_not_proven",  # (none)
]


@dataclass(frozen=True)
class Problem:
    """Why a request cannot be solved (or was not solved to the end): a code and the values
    its sentence needs (cell unit and position ids, person ids, counts); the app words it."""

    code: ProblemCode
    params: Mapping[str, str | int] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Assignment:
    """One person placed: a new hire (``from_unit=None``) or a transfer."""

    person_id: str
    from_unit: str | None
    to_unit: str
    position: str
    reason: AssignmentReason
    distance_km: float | None


@dataclass(frozen=True)
class UnfilledCell:
    """Open posts of a cell left unfilled, with a reason code."""

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
    ``INFEASIBLE`` (``problems`` says why, as codes; nothing is placed)."""

    status: PlacementStatus
    problems: tuple[Problem, ...]
    assignments: tuple[Assignment, ...]
    unfilled: tuple[UnfilledCell, ...]
    unplaced: tuple[UnplacedPerson, ...]
    before_after: tuple[UnitBalance, ...]
    objective: Objective
    method: str

    def moves(self) -> dict[str, str]:
        """``{person id: destination unit}``."""
        return {a.person_id: a.to_unit for a in self.assignments}
