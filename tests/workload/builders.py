"""Builders for the workload tests: the tasks of the Puskesmas nurse need."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from formasi.workload.workbook import HEADERS

TASKS = [
    {
        "description": "Asuhan keperawatan",
        "output_unit": "pasien",
        "volume": 1200,
        "norm_minutes": 30,
    },
    {"description": "Penyuluhan", "output_unit": "kegiatan", "volume": 600, "norm_minutes": 45},
    {"description": "Pelaporan", "output_unit": "laporan", "volume": 300, "norm_minutes": 60},
]


# --------------------------------------------------------------------- ABK upload layouts
#
# The same work written the way three kinds of workbook write it (see docs/abk-import.md):
# (task, output unit, how many, per which period, minutes per unit).

WORK: list[tuple[str, str, int, str, int]] = [
    ("Asuhan keperawatan", "pasien", 5, "day", 30),
    ("Penyuluhan kesehatan", "kegiatan", 2, "week", 45),
    ("Pelaporan bulanan", "laporan", 3, "month", 90),
    ("Rekap tahunan", "dokumen", 4, "year", 120),
]
#: Indonesian words for the periods, as a "Satuan Waktu" column writes them.
PERIOD_WORD = {"day": "Hari", "week": "Minggu", "month": "Bulan", "year": "Tahun"}
#: A year of each period under the defaults (DOMAIN §1.3: 235 effective days, five-day week).
PER_YEAR = {"day": 235, "week": 235 / 5, "month": 12, "year": 1}


def xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook with one sheet per entry, the rows written from A1."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title(position: str) -> list[list[Any]]:
    return [
        ["ANALISIS BEBAN KERJA"],
        ["Nama jabatan", None, position],
        ["Unit kerja", None, "X"],
        [],
    ]


def formasi_rows(
    work: list[tuple[str, str, int, str, int]] = WORK, position: str = ""
) -> list[list[Any]]:
    """Formasi's own Form A: volume a year, norm in minutes, total in minutes."""
    rows = [*_title(position), list(HEADERS)]
    for number, (task, unit, count, period, minutes) in enumerate(work, start=1):
        volume = count * PER_YEAR[period]
        rows.append([number, task, unit, volume, minutes, volume * minutes])
    return rows


def kemenpan_rows(
    work: list[tuple[str, str, int, str, int]] = WORK, position: str = ""
) -> list[list[Any]]:
    """The KemenPAN-RB form: Jumlah Hasil a year, Waktu Penyelesaian in hours, 1,250 h."""
    headers = ["No", "Uraian Tugas", "Hasil Kerja (Satuan Hasil)", "Jumlah Hasil",
               "Waktu Penyelesaian (Jam)", "Waktu Efektif", "Kebutuhan Pegawai"]  # fmt: skip
    rows = [*_title(position), headers, [1, 2, 3, 4, 5, 6, 7]]
    for number, (task, unit, count, period, minutes) in enumerate(work, start=1):
        volume, hours = count * PER_YEAR[period], minutes / 60
        rows.append([number, task, unit, volume, hours, 1250, volume * hours / 1250])
    rows.append([None, "Jumlah", None, None, None, None, None])
    return rows


def period_rows(
    work: list[tuple[str, str, int, str, int]] = WORK, position: str = ""
) -> list[list[Any]]:
    """A Pemda anjab application's sheet: volume per period with a "Satuan Waktu" column."""
    headers = [
        "No",
        "Uraian Tugas",
        "Satuan Hasil",
        "Volume",
        "Satuan Waktu",
        "Norma Waktu (Menit)",
    ]
    rows = [*_title(position), headers]
    for number, (task, unit, count, period, minutes) in enumerate(work, start=1):
        rows.append([number, task, unit, count, PERIOD_WORD[period], minutes])
    return rows


LAYOUTS = {"formasi": formasi_rows, "kemenpan": kemenpan_rows, "period": period_rows}


def need(unit: Any, position: Any, count: int, source: str = "standard") -> Any:
    """A need of ``count`` for the position in the unit (a staffing standard unless told)."""
    from formasi.workload.models import PositionNeed

    return PositionNeed.unscoped.create(
        agency_id=unit.agency_id, unit=unit, position=position, source=source, count=count
    )
