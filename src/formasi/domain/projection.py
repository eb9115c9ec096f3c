"""Five-year projection of need against availability, Markov flows and vacancy forecasts.

Pure Python plus numpy (no Django). People are counted as floats (expected values: an
attrition rate of 5 % on 3 people removes 0.15 person); years are calendar years; dates are
:class:`datetime.date`. Reasons are codes (:data:`RETIREMENT`, :data:`CONTRACT_END`,
:data:`OTHER_END`); the Django layer translates them.

Rules implemented
-----------------
Perban BKN 9/2022, as formalised in DOMAIN §7.5
    Compare the ASN in post with the need; an **excess** shrinks by the PNS reaching BUP and
    the PPPK (including PPPK paruh waktu) whose contracts end; a **shortage** grows by them.
    Bezetting is counted on **31 December** of the base year N and projected for **5 years**
    (N+1 … N+5; DOMAIN §4.2, §7.4). Year by year, for t = 1 … years::

        avail(0) = bezetting(31 Dec N)
        avail(t) = max(0, avail(t−1) − BUP(t) − end(t) − rate × avail(t−1) + filled(t−1))
        gap(t)   = need(t) − avail(t)          # positive: shortage; negative: excess
        usul(t)  = max(0, gap(t))

    With ``rate = 0`` and no clipping this is exactly DOMAIN's
    ``avail(t) = bez − Σ_{y≤t} BUP(y) − Σ_{y≤t} end(y) + Σ_{y<t} filled(y)``: people recruited
    in year t (the formasi filled that year) count from year t+1. The attrition term (other
    leavers: death, resignation, transfer out, dismissal) is our addition, applied to the
    previous year's availability; its rate must exclude retirements and contract ends, which
    are counted separately. Availability is kept ≥ 0 (more leavers than people is bad data).

Totals (:func:`project`)
    Shortages and excesses are summed cell by cell and never netted against each other, as in
    :mod:`formasi.domain.gaps`: one unit's surplus does not hide another's shortage.

Markov manpower model (:func:`markov_project`)
    ``stock(t+1)[j] = Σ_i stock(t)[i] × P[i][j] + recruits[j]``, where row i of P gives the
    shares of grade i moving to each grade; ``1 − Σ_j P[i][j]`` leave. Standard HR "Markov
    analysis" (e.g. https://docsbay.net/markov-analysis-example).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = [
    "CONTRACT_END",
    "OTHER_END",
    "RETIREMENT",
    "Cell",
    "Departure",
    "Holder",
    "LevelTotal",
    "Post",
    "PostVacancy",
    "ProjectionArrays",
    "VacancyReport",
    "YearRow",
    "YearTotal",
    "attrition_rate",
    "markov_project",
    "project",
    "project_arrays",
    "project_cell",
    "vacancies",
]

FloatArray = npt.NDArray[np.float64]

#: Tolerance on row sums of a transition matrix.
ROW_SUM_TOLERANCE = 1e-9


def _check_amount(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, not {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite non-negative number, not {value!r}")
    return float(value)


def _check_share(name: str, value: float) -> float:
    value = _check_amount(name, value)
    if value > 1:
        raise ValueError(f"{name} must be a share between 0 and 1, not {value!r}")
    return value


# --- Markov manpower model -----------------------------------------------------------------


def markov_project(
    stocks: Sequence[float],
    transitions: Sequence[Sequence[float]],
    years: int = 1,
    recruits: Sequence[float] | None = None,
) -> list[list[float]]:
    """Stocks by grade after each of ``years`` years of a Markov manpower model.

    ``transitions[i][j]`` is the share of grade i found in grade j a year later (stays on the
    diagonal); each share is in [0, 1] and each row sums to at most 1 (the rest leave).
    ``recruits[j]`` people join grade j at the end of every year, after the moves. Returns
    one list of stocks per year (``len == years``). Bad shapes or values raise ``ValueError``.
    """
    n = len(stocks)
    current = [_check_amount(f"stocks[{i}]", s) for i, s in enumerate(stocks)]
    if len(transitions) != n or any(len(row) != n for row in transitions):
        raise ValueError(f"transitions must be a {n}×{n} matrix (one row and column per grade)")
    matrix = [
        [_check_share(f"transitions[{i}][{j}]", p) for j, p in enumerate(row)]
        for i, row in enumerate(transitions)
    ]
    for i, row in enumerate(matrix):
        if math.fsum(row) > 1 + ROW_SUM_TOLERANCE:
            raise ValueError(f"transitions row {i} sums to {math.fsum(row)} > 1")
    if recruits is None:
        added = [0.0] * n
    else:
        if len(recruits) != n:
            raise ValueError(f"recruits must have one value per grade ({n})")
        added = [_check_amount(f"recruits[{j}]", r) for j, r in enumerate(recruits)]
    if isinstance(years, bool) or not isinstance(years, int) or years < 0:
        raise ValueError(f"years must be a non-negative whole number, not {years!r}")
    result: list[list[float]] = []
    for _ in range(years):
        current = [
            math.fsum(current[i] * matrix[i][j] for i in range(n)) + added[j] for j in range(n)
        ]
        result.append(current)
    return result


# --- Attrition -----------------------------------------------------------------------------


def attrition_rate(leavers_by_year: Sequence[float], stock_by_year: Sequence[float]) -> float:
    """Pooled yearly attrition rate: Σ leavers ÷ Σ stock over the years of history.

    ``stock_by_year[k]`` is the stock at the start of year k and ``leavers_by_year[k]`` the
    other leavers during it (not retirements nor contract ends, which the projection counts
    apart). Pooling weights each year by its stock, so a small year does not swing the rate.
    No history, or no stock, gives 0. The rate is capped at 1 (leavers include people hired
    during the year, so a year can lose more than its opening stock).
    """
    if len(leavers_by_year) != len(stock_by_year):
        raise ValueError("leavers_by_year and stock_by_year must cover the same years")
    leavers = math.fsum(
        _check_amount(f"leavers_by_year[{k}]", v) for k, v in enumerate(leavers_by_year)
    )
    stock = math.fsum(_check_amount(f"stock_by_year[{k}]", v) for k, v in enumerate(stock_by_year))
    if stock == 0:
        return 0.0
    return min(leavers / stock, 1.0)


# --- Cell-level five-year projection -------------------------------------------------------


def _per_year(name: str, values: Sequence[float], years: int) -> list[float]:
    """Values for years 1 … ``years``: missing years are 0, years past the horizon dropped."""
    checked = [_check_amount(f"{name}[{k}]", v) for k, v in enumerate(values)]
    return (checked + [0.0] * years)[:years]


@dataclass(frozen=True)
class Cell:
    """Inputs of one unit × jabatan for the five-year projection (DOMAIN §7.4–7.5).

    ``need`` is either the need of the first projected year (N+1), grown each later year by
    ``need_growth`` (need(t) = need × (1 + growth)^(t−1)), or an explicit tuple per year
    (then ``need_growth`` must be 0, and missing years repeat the last value). ``bezetting``
    is counted on 31 December of ``base_year``. The tuples ``retirements`` (PNS reaching BUP),
    ``contract_ends`` (PPPK and PPPK paruh waktu) and ``recruits`` (formasi planned to be
    filled) hold one value per projected year, index 0 being year N+1; missing years are 0.
    ``attrition_rate`` is the expected share of other leavers per year (see
    :func:`attrition_rate`). ``unit`` and ``position`` are opaque labels for the caller.
    """

    need: float | tuple[float, ...]
    bezetting: float
    retirements: tuple[float, ...] = ()
    contract_ends: tuple[float, ...] = ()
    recruits: tuple[float, ...] = ()
    attrition_rate: float = 0.0
    need_growth: float = 0.0
    base_year: int = 0
    unit: Hashable = field(default=None, compare=False)
    position: Hashable = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.need, tuple):
            for k, v in enumerate(self.need):
                _check_amount(f"need[{k}]", v)
            if self.need_growth != 0:
                raise ValueError("need_growth only applies to a single base need")
        else:
            _check_amount("need", self.need)
        _check_amount("bezetting", self.bezetting)
        for name in ("retirements", "contract_ends", "recruits"):
            for k, v in enumerate(getattr(self, name)):
                _check_amount(f"{name}[{k}]", v)
        _check_share("attrition_rate", self.attrition_rate)
        if not math.isfinite(self.need_growth) or self.need_growth <= -1:
            raise ValueError(f"need_growth must be a finite rate above −1, not {self.need_growth}")

    def needs(self, years: int) -> list[float]:
        """The need of each projected year 1 … ``years``."""
        if isinstance(self.need, tuple):
            if not self.need:
                return [0.0] * years
            values = [float(v) for v in self.need]
            return (values + [values[-1]] * years)[:years]
        return [float(self.need) * (1 + self.need_growth) ** t for t in range(years)]


@dataclass(frozen=True)
class YearRow:
    """One projected year of one cell. ``gap`` > 0 is a shortage, < 0 an excess."""

    year: int
    need: float
    availability: float
    retirements: float
    contract_ends: float
    attrition: float
    recruits: float
    gap: float
    proposal: float

    @property
    def shortage(self) -> float:
        return max(self.gap, 0.0)

    @property
    def excess(self) -> float:
        return max(-self.gap, 0.0)


@dataclass(frozen=True)
class YearTotal:
    """One projected year over many cells; shortage and excess summed cell by cell."""

    year: int
    need: float = 0.0
    availability: float = 0.0
    retirements: float = 0.0
    contract_ends: float = 0.0
    attrition: float = 0.0
    recruits: float = 0.0
    shortage: float = 0.0
    excess: float = 0.0
    proposal: float = 0.0

    @property
    def net(self) -> float:
        """need − availability over everything counted (= shortage − excess)."""
        return self.need - self.availability


class ProjectionArrays(NamedTuple):
    """Results of :func:`project_arrays`, each of shape (cells, years)."""

    availability: FloatArray
    attrition: FloatArray
    gap: FloatArray
    proposal: FloatArray


def _as_matrix(name: str, values: npt.ArrayLike, cells: int, years: int) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.shape != (cells, years):
        raise ValueError(f"{name} must have shape (cells, years) = {(cells, years)}")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError(f"{name} must be finite and non-negative")
    return array


def project_arrays(
    need: npt.ArrayLike,
    bezetting: npt.ArrayLike,
    retirements: npt.ArrayLike,
    contract_ends: npt.ArrayLike,
    recruits: npt.ArrayLike,
    attrition_rate: npt.ArrayLike,
    years: int,
) -> ProjectionArrays:
    """The Perban BKN 9/2022 projection of many cells at once (vectorised over cells).

    ``bezetting`` has shape (cells,); ``need``, ``retirements``, ``contract_ends`` and
    ``recruits`` shape (cells, years), column t−1 being year t; ``attrition_rate`` is one
    rate or one per cell, in [0, 1]. The loop runs over years only. Same arithmetic as
    :func:`project_cell`, which calls this function.
    """
    if isinstance(years, bool) or not isinstance(years, int) or years < 0:
        raise ValueError(f"years must be a non-negative whole number, not {years!r}")
    stock = np.asarray(bezetting, dtype=np.float64)
    if stock.ndim != 1:
        raise ValueError("bezetting must have shape (cells,)")
    if not np.all(np.isfinite(stock)) or np.any(stock < 0):
        raise ValueError("bezetting must be finite and non-negative")
    cells = stock.shape[0]
    needs = _as_matrix("need", need, cells, years)
    bup = _as_matrix("retirements", retirements, cells, years)
    ends = _as_matrix("contract_ends", contract_ends, cells, years)
    filled = _as_matrix("recruits", recruits, cells, years)
    rate = np.broadcast_to(np.asarray(attrition_rate, dtype=np.float64), (cells,))
    if not np.all(np.isfinite(rate)) or np.any(rate < 0) or np.any(rate > 1):
        raise ValueError("attrition_rate must be between 0 and 1")

    availability = np.empty((cells, years), dtype=np.float64)
    attrition = np.empty((cells, years), dtype=np.float64)
    previous = stock.copy()
    filled_before = np.zeros(cells, dtype=np.float64)
    for t in range(years):
        lost = rate * previous
        current = np.maximum(previous - bup[:, t] - ends[:, t] - lost + filled_before, 0.0)
        attrition[:, t] = lost
        availability[:, t] = current
        previous = current
        filled_before = filled[:, t]
    gap = needs - availability
    return ProjectionArrays(availability, attrition, gap, np.maximum(gap, 0.0))


def project_cell(cell: Cell, years: int = 5) -> list[YearRow]:
    """The projection of one cell for years ``base_year + 1`` … ``base_year + years``."""
    needs = cell.needs(years)
    bup = _per_year("retirements", cell.retirements, years)
    ends = _per_year("contract_ends", cell.contract_ends, years)
    filled = _per_year("recruits", cell.recruits, years)
    result = project_arrays(
        [needs], [cell.bezetting], [bup], [ends], [filled], cell.attrition_rate, years
    )
    return [
        YearRow(
            year=cell.base_year + t + 1,
            need=needs[t],
            availability=float(result.availability[0, t]),
            retirements=bup[t],
            contract_ends=ends[t],
            attrition=float(result.attrition[0, t]),
            recruits=filled[t],
            gap=float(result.gap[0, t]),
            proposal=float(result.proposal[0, t]),
        )
        for t in range(years)
    ]


def project(cells: Iterable[Cell], years: int = 5) -> list[YearTotal]:
    """Yearly totals over cells: shortages and excesses summed cell by cell, never netted.

    All cells must share one ``base_year`` (``ValueError`` otherwise); with no cells the
    years are ``1 … years`` and every total is 0.
    """
    cell_list = list(cells)
    base_years = {cell.base_year for cell in cell_list}
    if len(base_years) > 1:
        raise ValueError(f"cells have different base years: {sorted(base_years)}")
    base = base_years.pop() if base_years else 0
    if isinstance(years, bool) or not isinstance(years, int) or years < 0:
        raise ValueError(f"years must be a non-negative whole number, not {years!r}")
    if not cell_list:
        return [YearTotal(year=base + t + 1) for t in range(years)]
    needs = np.array([c.needs(years) for c in cell_list], dtype=np.float64).reshape(-1, years)
    bup = [_per_year("retirements", c.retirements, years) for c in cell_list]
    ends = [_per_year("contract_ends", c.contract_ends, years) for c in cell_list]
    filled = [_per_year("recruits", c.recruits, years) for c in cell_list]
    shape = (len(cell_list), years)
    bup_a = np.array(bup, dtype=np.float64).reshape(shape)
    ends_a = np.array(ends, dtype=np.float64).reshape(shape)
    filled_a = np.array(filled, dtype=np.float64).reshape(shape)
    result = project_arrays(
        needs,
        [c.bezetting for c in cell_list],
        bup_a,
        ends_a,
        filled_a,
        [c.attrition_rate for c in cell_list],
        years,
    )
    shortage = np.maximum(result.gap, 0.0).sum(axis=0)
    excess = np.maximum(-result.gap, 0.0).sum(axis=0)
    return [
        YearTotal(
            year=base + t + 1,
            need=float(needs[:, t].sum()),
            availability=float(result.availability[:, t].sum()),
            retirements=float(bup_a[:, t].sum()),
            contract_ends=float(ends_a[:, t].sum()),
            attrition=float(result.attrition[:, t].sum()),
            recruits=float(filled_a[:, t].sum()),
            shortage=float(shortage[t]),
            excess=float(excess[t]),
            proposal=float(result.proposal[:, t].sum()),
        )
        for t in range(years)
    ]


# --- Vacancy forecast ----------------------------------------------------------------------

#: Departure reasons, as codes (the web layer shows "pensiun (BUP)", "kontrak berakhir", …).
RETIREMENT = "retirement"
CONTRACT_END = "contract_end"
OTHER_END = "other"


@dataclass(frozen=True)
class Post:
    """A post with a fixed number of seats, e.g. one Kepala Dinas (level ``jpt_pratama``)."""

    post_id: Hashable
    level: str
    name: str
    unit: str
    seats: int = 1

    def __post_init__(self) -> None:
        if isinstance(self.seats, bool) or not isinstance(self.seats, int) or self.seats < 0:
            raise ValueError(f"seats must be a non-negative whole number, not {self.seats!r}")


@dataclass(frozen=True)
class Holder:
    """Someone in a post. ``label`` is opaque (a name or NIP), never parsed here.

    ``retirement_date`` is the TMT pensiun (see
    :func:`formasi.domain.retirement.retirement_date`); ``contract_end`` the day a PPPK
    contract ends; ``other_end`` any other known end (transfer, end of a secondment). On each
    of these days the holder is already gone.
    """

    post_id: Hashable
    label: str
    retirement_date: date | None = None
    contract_end: date | None = None
    other_end: date | None = None

    def departure(self) -> tuple[date, str] | None:
        """The first end date and its reason; on a tie retirement wins, then contract end."""
        ends = [
            (when, reason)
            for when, reason in (
                (self.retirement_date, RETIREMENT),
                (self.contract_end, CONTRACT_END),
                (self.other_end, OTHER_END),
            )
            if when is not None
        ]
        return min(ends, key=lambda end: end[0]) if ends else None


@dataclass(frozen=True)
class Departure:
    """A holder who leaves after ``today`` and on or before ``on``."""

    label: str
    when: date
    reason: str


@dataclass(frozen=True)
class PostVacancy:
    """One post: seats, holders in post today, and who leaves by the forecast date."""

    post: Post
    filled_now: int
    leaving: tuple[Departure, ...]

    @property
    def empty_now(self) -> int:
        return max(self.post.seats - self.filled_now, 0)

    @property
    def empty_on(self) -> int:
        """Seats empty on the forecast date if nobody is appointed meanwhile."""
        return max(self.post.seats - (self.filled_now - len(self.leaving)), 0)

    @property
    def newly_empty(self) -> int:
        """Seats that become empty between today and the forecast date."""
        return self.empty_on - self.empty_now


@dataclass(frozen=True)
class LevelTotal:
    """Totals of one level: "34 posts, 28 filled, 6 empty, 3 more empty by 1 October"."""

    level: str
    posts: int = 0
    seats: int = 0
    filled: int = 0
    empty: int = 0
    newly_empty: int = 0

    @property
    def empty_on(self) -> int:
        return self.empty + self.newly_empty


@dataclass(frozen=True)
class VacancyReport:
    """Vacancies on ``today`` and on ``on``, per post (input order) and per level."""

    today: date
    on: date
    posts: tuple[PostVacancy, ...]
    levels: tuple[LevelTotal, ...]


def vacancies(
    posts: Iterable[Post], holders: Iterable[Holder], *, today: date, on: date
) -> VacancyReport:
    """Which seats are empty today and which empty by ``on``, with who leaves and why.

    A holder whose first end date (:meth:`Holder.departure`) is on or before ``today`` is
    already gone; one whose end falls after ``today`` and on or before ``on`` is listed as
    leaving, in date order. Levels appear in the order they first occur among the posts.
    A holder of an unknown post, a repeated post id or ``on`` before ``today`` raises
    ``ValueError``. Filled counts may exceed seats (over-filled posts); empty counts never go
    below 0.
    """
    if on < today:
        raise ValueError(f"forecast date {on} is before today {today}")
    post_list = list(posts)
    index: dict[Hashable, int] = {}
    for i, post in enumerate(post_list):
        if post.post_id in index:
            raise ValueError(f"post {post.post_id!r} appears twice")
        index[post.post_id] = i
    present = [0] * len(post_list)
    leaving: list[list[Departure]] = [[] for _ in post_list]
    for holder in holders:
        if holder.post_id not in index:
            raise ValueError(f"holder {holder.label!r} holds unknown post {holder.post_id!r}")
        i = index[holder.post_id]
        end = holder.departure()
        if end is not None and end[0] <= today:
            continue
        present[i] += 1
        if end is not None and end[0] <= on:
            leaving[i].append(Departure(holder.label, end[0], end[1]))
    rows = tuple(
        PostVacancy(
            post=post,
            filled_now=present[i],
            leaving=tuple(sorted(leaving[i], key=lambda d: (d.when, d.label))),
        )
        for i, post in enumerate(post_list)
    )
    totals: dict[str, LevelTotal] = {}
    for row in rows:
        level = row.post.level
        current = totals.get(level, LevelTotal(level=level))
        totals[level] = LevelTotal(
            level=level,
            posts=current.posts + 1,
            seats=current.seats + row.post.seats,
            filled=current.filled + min(row.filled_now, row.post.seats),
            empty=current.empty + row.empty_now,
            newly_empty=current.newly_empty + row.newly_empty,
        )
    return VacancyReport(today=today, on=on, posts=rows, levels=tuple(totals.values()))
