"""Pure rules of the yearly usulan kebutuhan ASN: gap, justification, staleness, deadlines
and the e-Formasi rincian.

Pure Python (no Django, no settings, no gettext). People are whole persons (``int``), years
are calendar years, dates are :class:`datetime.date`, ratios are fractions (0.30, not 30).
Everything a person reads comes back as a code plus numbers; the ``proposals`` app words it
through i18n. Background: DOMAIN §7 (the needs process), §8 (belanja pegawai). Formulas,
sources and what is inferred: ``docs/domain/proposal_rules.md`` and ``docs/eformasi.md``.

Rules implemented
-----------------
Gap and usul per position, Perban BKN 9/2022 as formalised in DOMAIN §7.5 (:func:`gap`,
:func:`gaps_by_year`)
    "If excess, reduce the excess by the PNS reaching BUP and the PPPK whose contracts end;
    if shortage, add them to the shortage" (Perban BKN 9/2022); BKN Pusrent FAQ: yearly
    projection = (kebutuhan − bezetting) + pensiun of that year. Bezetting is counted on
    31 December of year N−1 (:func:`bezetting_date`); for plan years t = 1, 2, …::

        avail(0) = bezetting(31 Dec N−1)
        avail(t) = max(0, avail(t−1) − BUP(t) − PPPK_end(t) + filled(t−1))
        gap(t)   = need(t) − avail(t)          # > 0 shortage, < 0 excess
        usul(t)  = max(0, gap(t))

    Unclipped this is DOMAIN's ``bez − Σ_{y≤t} BUP(y) − Σ_{y≤t} end(y) + Σ_{y<t} filled(y)``:
    formasi filled in year y count from year y+1. Availability never goes below 0 (more
    leavers than people is bad data), so the usul never exceeds the need. It is the same
    recurrence as :func:`formasi.domain.projection.project_cell` with no attrition, in whole
    persons. Compute it per position (unit × jabatan) and sum: one unit's excess never hides
    another's shortage (:mod:`formasi.domain.gaps`).

Justification (:func:`justification`) — DOMAIN §7.4 items 2–6 and 8
    The need and its source (ABK, WISN, a staffing standard, or entered), bezetting on
    31 Dec N−1, the PNS reaching BUP and the PPPK contracts ending in each plan year, the
    gap, and the belanja pegawai ratio (UU 1/2022 Pasal 146; computed by
    :func:`formasi.domain.budget.spending_ratio`, which is reused, not repeated here).

Staleness (:func:`evidence_changed`)
    An item drafted from evidence that has changed since is flagged field by field
    ("kebutuhan berubah dari 12 ke 10 sejak draf").

Deadlines (:func:`deadlines`) — DOMAIN §7.2
    End of March N: usulan for penetapan in N+1 (Perban BKN 9/2022); end of April N: the
    revised usulan when next year's budget changes (Perban BKN 9/2022) and MenPAN-RB's
    national plan to the Minister of Finance (PP 11/2017); end of May N: the Minister of
    Finance's opinion (PP 11/2017); end of July N: BKN's national pertimbangan teknis
    (Perban BKN 9/2022). Yearly letters move these dates, so each can be overridden [U].

e-Formasi rincian (:func:`eformasi_rows`)
    One row per jabatan × unit × kualifikasi pendidikan × jenis pengadaan with its count,
    the layout of the e-Formasi "Rincian Usulan Formasi" and the SSCASN formasi list as far
    as public sources show it (column order inferred; see ``docs/eformasi.md``).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Literal

from formasi.domain.budget import SPENDING_CAP

__all__ = [
    "BEZETTING",
    "CONTRACT_END",
    "DEADLINE_CODES",
    "EFORMASI_COLUMNS",
    "EXCESS",
    "GAP",
    "MENKEU_OPINION",
    "NATIONAL_PLAN",
    "NEED",
    "NEED_SOURCES",
    "OVER_CAP",
    "PERBAN_BKN_9_2022",
    "PERTIMBANGAN_TEKNIS",
    "PP_11_2017",
    "PROPOSAL_STATUSES",
    "RATIO_TOLERANCE",
    "RETIRE",
    "SPENDING_RATIO",
    "USULAN",
    "USULAN_REVISED",
    "WITHIN_CAP",
    "Change",
    "Deadline",
    "EformasiRow",
    "Evidence",
    "JustificationPart",
    "NeedSource",
    "ProposalStatus",
    "RincianItem",
    "YearGap",
    "bezetting_date",
    "days_left",
    "deadlines",
    "eformasi_rows",
    "evidence_changed",
    "gap",
    "gaps_by_year",
    "justification",
    "usul",
]

NeedSource = Literal["abk", "wisn", "standard", "manual"]
#: Where a need comes from: ABK (PermenPAN-RB 1/2020), WISN, a staffing standard, or entered.
NEED_SOURCES: Final[tuple[NeedSource, ...]] = ("abk", "wisn", "standard", "manual")

ProposalStatus = Literal["pns", "pppk", "pppk_pw"]
#: Jenis pengadaan of an item, in the order the rincian lists them (PPPK paruh waktu last).
PROPOSAL_STATUSES: Final[tuple[ProposalStatus, ...]] = ("pns", "pppk", "pppk_pw")


# --- Checks ---------------------------------------------------------------------------------


def _count(name: str, value: object) -> int:
    """A whole, non-negative number of people (``bool`` is refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative whole number, got {value!r}")
    return value


def _counts(name: str, values: Iterable[object]) -> tuple[int, ...]:
    return tuple(_count(f"{name}[{k}]", v) for k, v in enumerate(values))


def _year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 2 <= value <= 9998:
        raise ValueError(f"year must be a whole calendar year, got {value!r}")
    return value


def _plain_date(name: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"{name} must be a date (not a datetime), got {value!r}")
    return value


# --- Gap and usul (Perban BKN 9/2022, DOMAIN §7.5) ------------------------------------------


@dataclass(frozen=True, slots=True)
class YearGap:
    """One plan year of one position: need, people available, and the gap (> 0 short)."""

    year: int
    need: int
    available: int
    gap: int

    @property
    def usul(self) -> int:
        """What may be proposed: ``max(0, gap)`` (an excess is a redistribution candidate)."""
        return max(self.gap, 0)


def gaps_by_year(
    need: int | Sequence[int],
    bezetting: int,
    retirements: Sequence[int] = (),
    contract_ends: Sequence[int] = (),
    filled: Sequence[int] = (),
    *,
    years: int | None = None,
    first_year: int = 1,
) -> tuple[YearGap, ...]:
    """The gap of one position in each plan year (see the module docstring).

    ``need`` is one whole number for every year or one per year (a shorter sequence repeats
    its last value). ``retirements`` (PNS reaching BUP), ``contract_ends`` (PPPK and PPPK
    paruh waktu) and ``filled`` (formasi filled) hold one count per plan year, index 0 the
    first plan year; missing years are 0. People filled in year t count from year t+1.
    ``years`` defaults to the longest of these sequences (at least 1); values past it are
    ignored. Years are labelled ``first_year``, ``first_year + 1``, … (plan-year numbers
    by default; pass the calendar year, ``bezetting_date(N).year + 1``, to label them so).
    """
    if isinstance(need, int):
        needs: tuple[int, ...] = (_count("need", need),)
    elif isinstance(need, Sequence) and not isinstance(need, str):
        needs = _counts("need", need)
    else:
        raise ValueError(f"need must be a whole number or one per year, got {need!r}")
    bez = _count("bezetting", bezetting)
    ret = _counts("retirements", retirements)
    end = _counts("contract_ends", contract_ends)
    fil = _counts("filled", filled)
    if isinstance(first_year, bool) or not isinstance(first_year, int):
        raise ValueError(f"first_year must be a whole number, got {first_year!r}")
    if years is None:
        years = max(len(needs), len(ret), len(end), len(fil), 1)
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ValueError(f"years must be a positive whole number, got {years!r}")

    def at(values: tuple[int, ...], k: int) -> int:
        return values[k] if k < len(values) else 0

    rows = []
    available = bez
    for k in range(years):
        arrived = at(fil, k - 1) if k > 0 else 0
        available = max(0, available - at(ret, k) - at(end, k) + arrived)
        need_k = needs[min(k, len(needs) - 1)] if needs else 0
        rows.append(YearGap(first_year + k, need_k, available, need_k - available))
    return tuple(rows)


def gap(
    need: int,
    bezetting: int,
    retirements: Sequence[int] = (),
    contract_ends: Sequence[int] = (),
    filled: Sequence[int] = (),
) -> int:
    """The gap of one position in the last plan year the sequences reach (> 0: short).

    With no departures this is ``need − bezetting``; every PNS reaching BUP and every PPPK
    contract ending in the plan years adds one to it (or removes one from an excess), and
    every formasi filled before the last year takes one off (Perban BKN 9/2022).
    """
    return gaps_by_year(need, bezetting, retirements, contract_ends, filled)[-1].gap


def usul(
    need: int,
    bezetting: int,
    retirements: Sequence[int] = (),
    contract_ends: Sequence[int] = (),
    filled: Sequence[int] = (),
) -> int:
    """``max(0, gap(...))``: the whole persons that may be proposed for the position."""
    return max(gap(need, bezetting, retirements, contract_ends, filled), 0)


def bezetting_date(year: int) -> date:
    """31 December of year N−1: the bezetting cut-off of the usulan of year N (Perban BKN
    9/2022; BKN Pusrent FAQ)."""
    return date(_year(year) - 1, 12, 31)


# --- Evidence and its justification ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """What an item's count rests on (DOMAIN §7.4).

    ``retirements`` and ``contract_ends`` hold one count per plan year; index 0 is the year
    after ``bezetting_on`` (the usulan year N when bezetting is counted on 31 Dec N−1, see
    :func:`bezetting_date`). ``spending_ratio`` is the agency's belanja pegawai ratio
    (:func:`formasi.domain.budget.spending_ratio`), ``None`` when not known.
    """

    need: int
    need_source: NeedSource
    bezetting: int
    bezetting_on: date
    retirements: tuple[int, ...] = ()
    contract_ends: tuple[int, ...] = ()
    spending_ratio: float | None = None

    def __post_init__(self) -> None:
        _count("need", self.need)
        if self.need_source not in NEED_SOURCES:
            raise ValueError(f"need_source must be one of {NEED_SOURCES}, got {self.need_source!r}")
        _count("bezetting", self.bezetting)
        _plain_date("bezetting_on", self.bezetting_on)
        object.__setattr__(self, "retirements", _counts("retirements", self.retirements))
        object.__setattr__(self, "contract_ends", _counts("contract_ends", self.contract_ends))
        ratio = self.spending_ratio
        if ratio is not None and (
            isinstance(ratio, bool)
            or not isinstance(ratio, int | float)
            or not math.isfinite(ratio)
            or ratio < 0
        ):
            raise ValueError(f"spending_ratio must be a finite fraction ≥ 0, got {ratio!r}")

    @property
    def first_plan_year(self) -> int:
        """The calendar year of index 0 of ``retirements`` and ``contract_ends``."""
        return self.bezetting_on.year + 1

    @property
    def gap(self) -> int:
        """:func:`gap` over every plan year given (> 0 short, < 0 excess)."""
        return gap(self.need, self.bezetting, self.retirements, self.contract_ends)

    @property
    def usul(self) -> int:
        """``max(0, gap)``: the count this evidence supports."""
        return max(self.gap, 0)


NEED: Final = "need"
BEZETTING: Final = "bezetting"
RETIRE: Final = "retire"
CONTRACT_END: Final = "contract_end"
GAP: Final = "gap"
EXCESS: Final = "excess"
SPENDING_RATIO: Final = "spending_ratio"
WITHIN_CAP: Final = "within_cap"
OVER_CAP: Final = "over_cap"


@dataclass(frozen=True, slots=True)
class JustificationPart:
    """One clause of a justification: a code, its number and a detail.

    ``(need, 12, "abk")``, ``(bezetting, 8, date(2025, 12, 31))``, ``(retire, 2, 2027)``,
    ``(contract_end, 1, 2028)``, ``(gap, 5, None)`` or ``(excess, 3, None)``, and
    ``(spending_ratio, 0.28, "within_cap")``. Every count is a whole person; only the
    spending ratio is a fraction.
    """

    code: str
    value: int | float
    detail: str | int | date | None = None


def justification(
    evidence: Evidence, *, cap: float = SPENDING_CAP
) -> tuple[JustificationPart, ...]:
    """The clauses that justify an item, in the order DOMAIN §7.4 lists the contents.

    Need and source; bezetting and its date; one clause per plan year with PNS reaching BUP,
    then one per year with PPPK contracts ending (years with none are left out); the gap as
    ``gap`` (≥ 0) or ``excess`` (its size, > 0); and, when known, the spending ratio marked
    ``within_cap`` or ``over_cap`` against ``cap`` (UU 1/2022 Pasal 146(1), 30 % by default).
    """
    if isinstance(cap, bool) or not math.isfinite(cap) or not 0 < cap <= 1:
        raise ValueError(f"cap must be a fraction in (0, 1], got {cap!r}")
    first = evidence.first_plan_year
    parts = [
        JustificationPart(NEED, evidence.need, evidence.need_source),
        JustificationPart(BEZETTING, evidence.bezetting, evidence.bezetting_on),
    ]
    parts += [
        JustificationPart(RETIRE, n, first + k) for k, n in enumerate(evidence.retirements) if n
    ]
    parts += [
        JustificationPart(CONTRACT_END, n, first + k)
        for k, n in enumerate(evidence.contract_ends)
        if n
    ]
    g = evidence.gap
    parts.append(JustificationPart(GAP, g) if g >= 0 else JustificationPart(EXCESS, -g))
    if evidence.spending_ratio is not None:
        mark = OVER_CAP if evidence.spending_ratio > cap else WITHIN_CAP
        parts.append(JustificationPart(SPENDING_RATIO, evidence.spending_ratio, mark))
    return tuple(parts)


# --- Evidence changed since the draft -------------------------------------------------------

#: Ratios closer than this are the same ratio (recomputing one must not flag an item).
RATIO_TOLERANCE: Final = 1e-9

_EVIDENCE_FIELDS: Final = (
    "need",
    "need_source",
    "bezetting",
    "bezetting_on",
    "retirements",
    "contract_ends",
    "spending_ratio",
)


@dataclass(frozen=True, slots=True)
class Change:
    """One field of the evidence that differs from the draft: its name, before and after."""

    field: str
    before: object
    after: object


def _trimmed(values: tuple[int, ...]) -> tuple[int, ...]:
    """Trailing zero years say nothing: ``(2, 0)`` is the same evidence as ``(2,)``."""
    end = len(values)
    while end and values[end - 1] == 0:
        end -= 1
    return values[:end]


def _same(name: str, before: object, after: object) -> bool:
    if isinstance(before, tuple) and isinstance(after, tuple):  # per-year counts
        return _trimmed(before) == _trimmed(after)
    if (
        name == "spending_ratio"
        and isinstance(before, float | int)
        and isinstance(after, float | int)
    ):
        return math.isclose(before, after, rel_tol=0, abs_tol=RATIO_TOLERANCE)
    return before == after


def evidence_changed(drafted: Evidence, current: Evidence) -> tuple[Change, ...]:
    """What changed between the evidence an item was drafted from and today's, field by field.

    Empty when nothing changed. Fields come in the order of :class:`Evidence`; when the gap
    moved too, a last ``Change("gap", before, after)`` says so (the count drafted from it may
    no longer hold). Trailing zero years and ratio noise below :data:`RATIO_TOLERANCE` are
    not changes.
    """
    changes = [
        Change(name, getattr(drafted, name), getattr(current, name))
        for name in _EVIDENCE_FIELDS
        if not _same(name, getattr(drafted, name), getattr(current, name))
    ]
    if drafted.gap != current.gap:
        changes.append(Change("gap", drafted.gap, current.gap))
    return tuple(changes)


# --- Deadlines (DOMAIN §7.2) ----------------------------------------------------------------

USULAN: Final = "usulan"
USULAN_REVISED: Final = "usulan_revised"
NATIONAL_PLAN: Final = "national_plan"
MENKEU_OPINION: Final = "menkeu_opinion"
PERTIMBANGAN_TEKNIS: Final = "pertimbangan_teknis"

PERBAN_BKN_9_2022: Final = "Perban BKN 9/2022"
PP_11_2017: Final = "PP 11/2017"

#: (code, month whose last day it falls on, rule), in the order of the year.
_DEADLINE_RULES: Final = (
    (USULAN, 3, PERBAN_BKN_9_2022),
    (USULAN_REVISED, 4, PERBAN_BKN_9_2022),
    (NATIONAL_PLAN, 4, PP_11_2017),
    (MENKEU_OPINION, 5, PP_11_2017),
    (PERTIMBANGAN_TEKNIS, 7, PERBAN_BKN_9_2022),
)
DEADLINE_CODES: Final[tuple[str, ...]] = tuple(code for code, _, _ in _DEADLINE_RULES)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A dated step of the yearly round: its code, date and the rule that sets it."""

    code: str
    date: date
    rule: str


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def deadlines(year: int, overrides: Mapping[str, date] | None = None) -> tuple[Deadline, ...]:
    """The deadlines of the usulan of year N (for penetapan in N+1), earliest first.

    Each falls on the last day of its month in year N (module docstring); ``overrides``
    maps a code of :data:`DEADLINE_CODES` to the date a yearly letter sets instead (the rule
    cited stays). Unknown codes raise ``ValueError``. Ties keep the order of the year's
    steps (the usulan before the national plan).
    """
    n = _year(year)
    moved = dict(overrides or {})
    unknown = sorted(set(moved) - set(DEADLINE_CODES))
    if unknown:
        raise ValueError(f"unknown deadline codes {unknown}; use {DEADLINE_CODES}")
    rows = [
        Deadline(
            code,
            _plain_date(f"overrides[{code!r}]", moved[code])
            if code in moved
            else _end_of_month(n, month),
            rule,
        )
        for code, month, rule in _DEADLINE_RULES
    ]
    order = {code: k for k, code in enumerate(DEADLINE_CODES)}
    return tuple(sorted(rows, key=lambda d: (d.date, order[d.code])))


def days_left(deadline: Deadline | date, today: date) -> int:
    """Whole days from ``today`` to the deadline: 0 on the day itself, negative once past."""
    due = deadline.date if isinstance(deadline, Deadline) else deadline
    return (_plain_date("deadline", due) - _plain_date("today", today)).days


# --- e-Formasi rincian ----------------------------------------------------------------------

#: Column codes of the rincian, in order (the app words the headers; docs/eformasi.md).
EFORMASI_COLUMNS: Final[tuple[str, ...]] = (
    "no",
    "jabatan",
    "unit_kerja",
    "kualifikasi_pendidikan",
    "jenis_pengadaan",
    "jumlah",
)

EformasiRow = tuple[int, str, str, str, str, int]


def _name(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty text, got {value!r}")
    return " ".join(value.split())


@dataclass(frozen=True, slots=True)
class RincianItem:
    """One line of the rincian: jabatan, unit (the placement), kualifikasi pendidikan,
    jenis pengadaan and the whole persons proposed. Names are kept with runs of white space
    collapsed, so "Perawat  Ahli Pertama" and "Perawat Ahli Pertama" are one jabatan."""

    position: str
    unit: str
    education: str
    status: ProposalStatus
    count: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "position", _name("position", self.position))
        object.__setattr__(self, "unit", _name("unit", self.unit))
        object.__setattr__(self, "education", _name("education", self.education))
        if self.status not in PROPOSAL_STATUSES:
            raise ValueError(f"status must be one of {PROPOSAL_STATUSES}, got {self.status!r}")
        _count("count", self.count)


def eformasi_rows(items: Iterable[RincianItem]) -> list[EformasiRow]:
    """The rincian rows in the order of :data:`EFORMASI_COLUMNS`.

    Items with the same jabatan, unit, education and status are merged (counts summed);
    rows whose total is 0 are left out; rows are sorted by jabatan, unit and education
    (case-insensitively, then exactly) and status in :data:`PROPOSAL_STATUSES` order, so
    the result does not depend on the order of the items; ``no`` numbers them from 1.
    """
    totals: dict[tuple[str, str, str, ProposalStatus], int] = {}
    for item in items:
        key = (item.position, item.unit, item.education, item.status)
        totals[key] = totals.get(key, 0) + item.count
    rank = {status: k for k, status in enumerate(PROPOSAL_STATUSES)}

    def order(key: tuple[str, str, str, ProposalStatus]) -> tuple[object, ...]:
        position, unit, education, status = key
        return (
            position.casefold(),
            position,
            unit.casefold(),
            unit,
            education.casefold(),
            education,
            rank[status],
        )

    kept = sorted((key for key, total in totals.items() if total), key=order)
    return [(no, *key, totals[key]) for no, key in enumerate(kept, start=1)]
