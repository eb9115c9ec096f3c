"""ABK workbook layouts: which column is which, in what time unit and per what period.

Pure Python (no Django). It classifies header cells into fields, decides the time unit of the
norm column and converts volumes and norms to what Formasi stores (volume per year, norm in
minutes). It returns codes, never sentences; ``formasi.workload.workbook`` words them.

Layouts recognised
------------------
* ``formasi`` — Formasi's own Form A and the Permendagri 12/2008 Form A words (Rincian
  tugas · Satuan · Jumlah volume kerja · Norma waktu), norm in minutes.
* ``kemenpan`` — the form of PermenPAN-RB 1/2020 (Pedoman Analisis Jabatan dan Analisis Beban
  Kerja) as regional rules reproduce it, e.g. Perbup Banjar 61/2020 (which implements it,
  https://123dok.com/document/q5329rgz-memutuskan-peraturan-analisis-jabatan-analisis-lingkungan-pemerintah-kabupaten.html)
  and Permendesa PDTT 15/2018's worked example ("untuk menghasilkan 1 uraian jabatan
  memerlukan waktu 2 jam"): No · Uraian Tugas · Hasil Kerja (Satuan Hasil) · Jumlah Hasil
  (beban kerja a year) · Waktu Penyelesaian (Jam) · Waktu Efektif (1,250) · Kebutuhan
  Pegawai. The primary Lampiran could not be read; the column words are those copies'.
* ``period`` — Pemda anjab applications add a "Satuan Waktu" column: the volume is counted
  per year, month, week, day or hour (:data:`PERIOD_WORDS`).

Time unit of the norm (:func:`norm_unit`): "(menit)" or "(jam)" in the header decides;
"Norma Waktu" or "Waktu Penyelesaian" alone does not, and then the caller must ask the user
(never guess: a sheet filled in hours read as minutes gives a need 60 times too small).

Period conversion (:func:`per_year`): a year is 1, a month 12, a day the effective days a year
(235 for a five-day week, DOMAIN §1.3), a week those days ÷ working days a week (235 ÷ 5 = 47)
and an hour the effective hours a year (the WKE, 1,250 jam), so that a task done *v* times an
hour for *n* minutes needs *v × n ÷ 60* people, as it should.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

__all__ = [
    "FIELDS",
    "PERIODS",
    "PERIOD_WORDS",
    "HeaderMap",
    "NormUnit",
    "Period",
    "PeriodBasis",
    "classify_headers",
    "is_column_numbers",
    "norm_minutes",
    "norm_unit",
    "normalise",
    "per_year",
    "period_of",
]

NormUnit = Literal["minutes", "hours"]
Period = Literal["year", "month", "week", "day", "hour"]
PERIODS: Final[tuple[Period, ...]] = ("year", "month", "week", "day", "hour")
FIELDS: Final = ("no", "description", "output_unit", "volume", "period", "norm", "effective")

#: Words a "Satuan Waktu" cell may hold, after :func:`normalise`.
PERIOD_WORDS: Final[Mapping[str, Period]] = {
    **dict.fromkeys(("tahun", "tahunan", "per tahun", "thn", "th", "year", "yearly"), "year"),
    **dict.fromkeys(("bulan", "bulanan", "per bulan", "bln", "month", "monthly"), "month"),
    **dict.fromkeys(
        ("minggu", "mingguan", "per minggu", "pekan", "per pekan", "mgg", "week", "weekly"), "week"
    ),
    **dict.fromkeys(("hari", "harian", "per hari", "hr", "day", "daily"), "day"),
    **dict.fromkeys(("jam", "per jam", "hour", "hourly"), "hour"),
}

_SEPARATORS = re.compile(r"[\s_.\\-]+")


def normalise(text: str) -> str:
    """Lowercase, collapse spaces, dots, underscores and hyphens (slashes kept)."""
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def _unit_in(header: str) -> NormUnit | None:
    words = set(re.findall(r"[a-z]+", header))
    if words & {"menit", "minutes", "minute", "mnt"}:
        return "minutes"
    if words & {"jam", "hours", "hour"}:
        return "hours"
    return None


def norm_unit(header: str) -> NormUnit | None:
    """The time unit a norm column's header names, or None when it does not say."""
    return _unit_in(normalise(header))


def _field_of(header: str) -> str | None:
    """The field a normalised header names, or None (ignored columns: Kebutuhan Pegawai,
    Peralatan, Keterangan …)."""
    if header in ("no", "no.", "nomor", "no urut"):
        return "no"
    if "satuan waktu" in header or header in ("periode", "per", "periode waktu"):
        return "period"
    if header.startswith(("norma waktu", "standar waktu", "norma", "waktu penyelesaian")):
        return "norm"
    if "efektif" in header:
        return "effective"  # the form's WKE (1,250 jam): compared, never used
    if "kebutuhan" in header or "pegawai" in header:
        return None
    if header.startswith(("jumlah hasil", "beban kerja", "jumlah volume", "volume", "target")):
        return "volume"
    if "satuan" in header or header.startswith("hasil kerja"):
        return "output_unit"
    if "tugas" in header or header in ("uraian kegiatan", "kegiatan", "rincian kegiatan"):
        return "description"
    return None


@dataclass(frozen=True)
class HeaderMap:
    """Fields → column index; ``norm_header`` is the norm column's own text ("" if none)."""

    columns: Mapping[str, int]
    norm_header: str
    layout: str  # "formasi", "kemenpan" or "period"

    @property
    def unit(self) -> NormUnit | None:
        return norm_unit(self.norm_header)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(f for f in ("description", "volume", "norm") if f not in self.columns)


def classify_headers(headers: Sequence[str]) -> HeaderMap:
    """Map the header row of a task sheet to fields.

    When a sheet has both a "Norma waktu" and a "Waktu penyelesaian" column (Formasi's own
    Form A), the first is the norm per unit and the second the yearly total, which is not
    read. The first column of each field wins otherwise.
    """
    found: dict[str, list[tuple[int, str]]] = {}
    for index, raw in enumerate(headers):
        text = normalise(raw)
        field = _field_of(text) if text else None
        if field is not None:
            found.setdefault(field, []).append((index, text))
    columns = {field: cells[0][0] for field, cells in found.items() if field != "norm"}
    norms = found.get("norm", [])
    explicit = [c for c in norms if not c[1].startswith("waktu penyelesaian")]
    norm_header = ""
    if norms:
        index, _text = (explicit or norms)[0]
        columns["norm"] = index
        norm_header = headers[index]
    if "period" in columns:
        layout = "period"
    elif norm_unit(norm_header) == "hours":
        layout = "kemenpan"
    else:
        layout = "formasi"
    return HeaderMap(columns=columns, norm_header=norm_header, layout=layout)


def period_of(text: str) -> Period | None:
    """The period a "Satuan Waktu" cell names ("Tahun", "per bulan", "/minggu"), or None."""
    word = normalise(text).lstrip("/").strip()
    word = word.removeprefix("per ").strip() if word not in PERIOD_WORDS else word
    return PERIOD_WORDS.get(word) or PERIOD_WORDS.get(f"per {word}")


@dataclass(frozen=True)
class PeriodBasis:
    """The effective time behind the period factors (an agency's ABK settings)."""

    effective_minutes: int = 75_000
    effective_days: int = 235
    working_days_per_week: int = 5

    def __post_init__(self) -> None:
        for name in ("effective_minutes", "effective_days", "working_days_per_week"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be greater than zero")


def per_year(period: Period, basis: PeriodBasis) -> Decimal:
    """How many times a period fits in the effective year (the volume factor)."""
    if period == "year":
        return Decimal(1)
    if period == "month":
        return Decimal(12)
    if period == "day":
        return Decimal(basis.effective_days)
    if period == "week":
        return Decimal(basis.effective_days) / Decimal(basis.working_days_per_week)
    if period == "hour":
        return Decimal(basis.effective_minutes) / Decimal(60)
    raise ValueError(f"unknown period {period!r}")


def norm_minutes(value: Decimal, unit: NormUnit) -> Decimal:
    """A norm in the given unit as minutes."""
    if unit == "minutes":
        return value
    if unit == "hours":
        return value * 60
    raise ValueError(f"unknown time unit {unit!r}")


def is_column_numbers(cells: Sequence[object]) -> bool:
    """True for a printed form's row of column numbers under the header (1 2 3 …)."""
    filled = [c for c in cells if c is not None and str(c).strip() != ""]
    if len(filled) < 3:
        return False
    numbers: list[int] = []
    for cell in filled:
        text = str(cell).strip().removesuffix(".0").strip("()")
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
