"""The draft placement as an xlsx workbook: the basis of the SK penempatan.

An Indonesian document whatever the UI language (like the five-year plan's workbook), one
row per line: nomor peserta or NIP, name, position, from unit, to unit, kecamatan, reason,
distance and decision; deterministic bytes (fixed timestamps).
"""

from __future__ import annotations

from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from formasi.core.xlsx import workbook_bytes
from formasi.placement.models import PlacementLine, PlacementRun

HEADER = [
    "No",
    "Nomor peserta / NIP",
    "Nama",
    "Jabatan",
    "Unit asal",
    "Unit tujuan",
    "Kecamatan",
    "Alasan",
    "Jarak (km)",
    "Keputusan",
]
REASONS_ID = {
    "home_village": "desa/kelurahan asal",
    "home_district": "kecamatan asal",
    "nearest": "formasi terdekat",
    "priority": "formasi prioritas",
    "unknown_distance": "formasi prioritas (jarak tidak diketahui)",
}
DECISIONS_ID = {"pending": "belum diputuskan", "accepted": "diterima", "rejected": "ditolak"}


def filename(run: PlacementRun) -> str:
    return f"penempatan-{slugify(run.agency.code)}-{run.pk}.xlsx"


def workbook(run: PlacementRun) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Draf penempatan"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    lines = (
        PlacementLine.unscoped.filter(run=run)
        .select_related("applicant", "employee", "position", "from_unit", "to_unit", "district")
        .order_by("to_unit__name", "position__name", "id")
    )
    for n, line in enumerate(lines, start=1):
        person = line.applicant or line.employee
        number: str | None = None
        if line.applicant is not None:
            number = line.applicant.registration_number
        elif line.employee is not None:
            number = line.employee.nip
        ws.append(
            [
                n,
                number or "",
                person.name if person else "",
                line.position.name,
                line.from_unit.name if line.from_unit else "",
                line.to_unit.name,
                line.district.name if line.district else "",
                REASONS_ID.get(line.reason, line.reason),
                line.distance_km,
                DECISIONS_ID.get(line.decision, line.decision),
            ]
        )
    ws.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", (5, 22, 30, 32, 30, 30, 18, 22, 10, 16), strict=True):
        ws.column_dimensions[column].width = width
    wb.properties.title = f"Draf penempatan — {run.name}"
    return workbook_bytes(wb)
