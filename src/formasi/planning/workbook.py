"""The ABK workbook of one position in one unit, in the shape of the "Form ABK" Pemda use.

A task table (No, uraian tugas, satuan hasil, beban kerja, norma waktu, waktu penyelesaian =
beban kerja × norma waktu) and below it the totals: jumlah, waktu kerja efektif, kebutuhan
pegawai (exact and rounded), bezetting, EJ and PJ. Headers are in Indonesian whatever the
page language, as on the paper form. Values are plain numbers (no formulas), so the file
reads back the same in openpyxl, LibreOffice and Excel.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from formasi.organization.models import OrgUnit, Position
from formasi.planning.models import AbkTask, PlanningSettings
from formasi.planning.services import AbkResult

FIXED_TIME = datetime(2000, 1, 1)
HEADERS = (
    "No",
    "Uraian tugas",
    "Satuan hasil",
    "Beban kerja (volume)",
    "Norma waktu (menit)",
    "Waktu penyelesaian (menit)",
)
#: The first row of the task table (rows above hold the title and the position).
TABLE_ROW = 6
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _number(value: Decimal | float) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def abk_workbook(
    *,
    unit: OrgUnit,
    position: Position,
    tasks: Sequence[AbkTask],
    result: AbkResult,
    bezetting: int,
    settings: PlanningSettings,
) -> bytes:
    wb = Workbook()
    wb.properties.creator = "Formasi"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    ws = wb.active
    assert ws is not None
    ws.title = "Form ABK"
    ws["A1"] = "ANALISIS BEBAN KERJA"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"], ws["C2"] = "Nama jabatan", position.name
    ws["A3"], ws["C3"] = "Unit kerja", unit.name
    ws["A4"], ws["C4"] = "Instansi", unit.agency.name

    for column, header in enumerate(HEADERS, start=1):
        cell = ws.cell(TABLE_ROW, column, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BOX
    row = TABLE_ROW
    for number, task in enumerate(tasks, start=1):
        row = TABLE_ROW + number
        values = (
            number,
            task.description,
            task.output_unit,
            _number(task.volume),
            _number(task.norm_minutes),
            _number(task.volume * task.norm_minutes),
        )
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row, column, value if value != "" else None)
            cell.border = _BOX

    totals: list[tuple[str, object]] = [
        ("Jumlah", _number(result.workload_minutes)),
        ("Waktu kerja efektif (menit/tahun)", settings.effective_minutes),
        ("Kebutuhan pegawai (tepat)", round(result.exact, 4)),
        ("Kebutuhan pegawai (dibulatkan)", result.count),
        ("Bezetting (pegawai yang ada)", bezetting),
        (
            "Efektivitas jabatan (EJ)",
            None if result.effectiveness is None else round(result.effectiveness, 4),
        ),
        ("Prestasi kerja jabatan (PJ)", result.grade),
    ]
    for offset, (label, value) in enumerate(totals, start=1):
        ws.cell(row + offset, 2, label).font = Font(bold=True)
        ws.cell(row + offset, 6, value)

    for letter, width in zip("ABCDEF", (6, 48, 16, 14, 14, 16), strict=True):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
