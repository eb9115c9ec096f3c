"""Yearly cost of a hire from the Pemda's salary table, and a demo table.

Pure Python (no Django). Amounts are **Rupiah per year** (``int``).

Salary cost (:class:`SalaryTable`, :func:`annual_cost`)
    Yearly cost per hire by (status, kelas jabatan), else (status, golongan), else a
    per-status fallback. The table is data supplied by the Pemda (its own gaji + TPP
    figures). :func:`demo_salary_table` builds a **demo approximation only** from the entry
    gaji pokok of PP 5/2024 (PNS) and Perpres 11/2024 (PPPK) plus flat allowances and TPP;
    its assumptions are keyword settings, listed in ``docs/domain/budget.md``.
    :mod:`formasi.domain.budget` re-exports these names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "STATUSES",
    "SalaryTable",
    "Status",
    "annual_cost",
    "check_cost",
    "demo_salary_table",
]

Status = Literal["pns", "cpns", "pppk", "pppk_pw"]
STATUSES: Final[tuple[Status, ...]] = ("pns", "cpns", "pppk", "pppk_pw")


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, got {status!r}")


def check_cost(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int (Rupiah per year), got {value!r}")


@dataclass(frozen=True, eq=False)
class SalaryTable:
    """Yearly cost per hire (Rupiah, everything the APBD pays: gaji, tunjangan, 13th/14th, TPP).

    Lookup order in :func:`annual_cost`: ``by_class[(status, kelas_jabatan)]``, then
    ``by_golongan[(status, golongan)]``, then ``fallback[status]``.
    """

    by_class: Mapping[tuple[str, int], int] = field(default_factory=dict)
    by_golongan: Mapping[tuple[str, str], int] = field(default_factory=dict)
    fallback: Mapping[str, int] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        for (status, kelas), cost in self.by_class.items():
            _check_status(status)
            if isinstance(kelas, bool) or not isinstance(kelas, int) or not 1 <= kelas <= 17:
                raise ValueError(f"kelas jabatan must be an int 1..17, got {kelas!r}")
            check_cost(f"by_class[{status!r}, {kelas}]", cost)
        for (status, golongan), cost in self.by_golongan.items():
            _check_status(status)
            check_cost(f"by_golongan[{status!r}, {golongan!r}]", cost)
        for status, cost in self.fallback.items():
            _check_status(status)
            check_cost(f"fallback[{status!r}]", cost)
        object.__setattr__(self, "by_class", MappingProxyType(dict(self.by_class)))
        object.__setattr__(self, "by_golongan", MappingProxyType(dict(self.by_golongan)))
        object.__setattr__(self, "fallback", MappingProxyType(dict(self.fallback)))


def annual_cost(
    table: SalaryTable,
    status: str,
    kelas_jabatan: int | None = None,
    *,
    golongan: str | None = None,
) -> int:
    """Yearly cost of one hire of ``status`` in ``kelas_jabatan`` (or ``golongan``).

    Raises :class:`ValueError` for an unknown status and :class:`KeyError` when the table
    has neither a matching row nor a fallback for the status.
    """
    _check_status(status)
    if kelas_jabatan is not None and (status, kelas_jabatan) in table.by_class:
        return table.by_class[(status, kelas_jabatan)]
    if golongan is not None and (status, golongan) in table.by_golongan:
        return table.by_golongan[(status, golongan)]
    if status in table.fallback:
        return table.fallback[status]
    raise KeyError(f"no cost for status={status!r}, kelas={kelas_jabatan!r}, golongan={golongan!r}")


#: Entry gaji pokok (masa kerja 0) per month, PP 5/2024 for PNS, Perpres 11/2024 for PPPK.
#: DEMO figures: I/a confirmed against a published table, the rest [U] (see docs).
_PNS_ENTRY_BASE: Final[Mapping[str, int]] = MappingProxyType(
    {"I/a": 1_685_700, "II/a": 2_184_000, "III/a": 2_785_700, "IV/a": 3_287_800}
)
_PPPK_ENTRY_BASE: Final[Mapping[str, int]] = MappingProxyType(
    {"I": 1_938_500, "V": 2_511_500, "IX": 3_203_600}
)
#: Demo mapping of kelas jabatan to the usual entry golongan (PNS) / golongan (PPPK).
_KELAS_TO_PNS: Final[Mapping[int, str]] = MappingProxyType(
    {k: ("II/a" if k <= 7 else "III/a" if k <= 10 else "IV/a") for k in range(1, 18)}
)
_KELAS_TO_PPPK: Final[Mapping[int, str]] = MappingProxyType(
    {k: ("V" if k <= 7 else "IX") for k in range(1, 18)}
)


def demo_salary_table(
    *,
    payments_per_year: int = 14,
    family_allowance_rate: float = 0.14,
    general_allowance: int = 185_000,
    rice_allowance: int = 289_680,
    tpp_monthly: int = 2_000_000,
    tpp_payments_per_year: int = 12,
    cpns_base_rate: float = 0.80,
    pppk_pw_monthly: int = 2_000_000,
) -> SalaryTable:
    """A DEMO :class:`SalaryTable` — an approximation, not a Pemda's real figures.

    Per hire per year: ``payments_per_year × (gaji_pokok × (1 + family_allowance_rate) +
    general_allowance + rice_allowance) + tpp_payments_per_year × tpp_monthly``, where
    ``gaji_pokok`` is the entry (masa kerja 0) figure, ×``cpns_base_rate`` for CPNS (CPNS
    receive 80 % of gaji pokok). 14 payments = 12 months + gaji ke-13 + THR ("gaji ke-14").
    PPPK paruh waktu: ``12 × pppk_pw_monthly`` (paid per the agency's budget, KepmenPAN-RB
    16/2025; no 13th/14th assumed). Every default is a setting documented in the docs.
    """

    def yearly(base: int) -> int:
        monthly = base * (1 + family_allowance_rate) + general_allowance + rice_allowance
        return round(payments_per_year * monthly + tpp_payments_per_year * tpp_monthly)

    by_golongan: dict[tuple[str, str], int] = {}
    for gol, base in _PNS_ENTRY_BASE.items():
        by_golongan[("pns", gol)] = yearly(base)
        by_golongan[("cpns", gol)] = yearly(round(base * cpns_base_rate))
    for gol, base in _PPPK_ENTRY_BASE.items():
        by_golongan[("pppk", gol)] = yearly(base)
    by_class: dict[tuple[str, int], int] = {}
    for kelas in range(1, 18):
        by_class[("pns", kelas)] = by_golongan[("pns", _KELAS_TO_PNS[kelas])]
        by_class[("cpns", kelas)] = by_golongan[("cpns", _KELAS_TO_PNS[kelas])]
        by_class[("pppk", kelas)] = by_golongan[("pppk", _KELAS_TO_PPPK[kelas])]
    fallback = {
        "pns": by_golongan[("pns", "III/a")],
        "cpns": by_golongan[("cpns", "III/a")],
        "pppk": by_golongan[("pppk", "IX")],
        "pppk_pw": 12 * pppk_pw_monthly,
    }
    return SalaryTable(
        by_class=by_class,
        by_golongan=by_golongan,
        fallback=fallback,
        note="DEMO approximation (PP 5/2024, Perpres 11/2024 entry gaji pokok + flat "
        "allowances + TPP); replace with the Pemda's own figures",
    )
