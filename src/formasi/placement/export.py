"""The draft placement as an xlsx workbook: the draft of the SK penempatan (issue 17, item 5).

An Indonesian document whatever the UI language (like the five-year plan's workbook):

* a heading with the agency, the subject and the SK number (the run's, else a line to write
  it on);
* one row per line with the columns an SK lists — nomor peserta or NIP, name, status
  (CPNS/PPPK/PNS), golongan/ruang, position, work unit (from and to), kecamatan, TMT — then
  the planner's reason, distance and decision, and a note where a value is derived or
  missing. New hires have no golongan yet: it is their starting golongan by education
  (``domain.grades``), or blank with a note. TMT is the run's (``PlacementRun.tmt``), else
  blank with a note;
* a signature block: place, date, title, name and NIP of the signing official
  (:func:`signature`), blank lines where nothing is configured.

Deterministic bytes (fixed timestamps).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from formasi.core.xlsx import workbook_bytes
from formasi.domain.grades import entry_golongan
from formasi.domain.siasn import education_level
from formasi.organization.models import Agency
from formasi.placement.models import PlacementLine, PlacementRun

HEADER = [
    "No",
    "Nomor peserta / NIP",
    "Nama",
    "Status",
    "Golongan/ruang",
    "Jabatan",
    "Unit kerja asal",
    "Unit kerja tujuan",
    "Kecamatan",
    "TMT",
    "Alasan",
    "Jarak (km)",
    "Keputusan",
    "Keterangan",
]
WIDTHS = (5, 22, 30, 8, 14, 32, 30, 30, 18, 13, 22, 10, 16, 40)
REASONS_ID = {
    "home_village": "desa/kelurahan asal",
    "home_district": "kecamatan asal",
    "nearest": "formasi terdekat",
    "priority": "formasi prioritas",
    "unknown_distance": "formasi prioritas (jarak tidak diketahui)",
}
DECISIONS_ID = {"pending": "belum diputuskan", "accepted": "diterima", "rejected": "ditolak"}
STATUS_ID = {"pns": "PNS", "cpns": "CPNS", "pppk": "PPPK", "pppk_pw": "PPPK paruh waktu"}
MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
#: What an empty field of the SK prints: a line to write on.
BLANK = "……………………"


def filename(run: PlacementRun) -> str:
    return f"penempatan-{slugify(run.agency.code)}-{run.pk}.xlsx"


def tanggal(value: date | None) -> str:
    """1 Maret 2026 (the SK's own date style), or a line to write on."""
    if value is None:
        return BLANK
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


@dataclass(frozen=True)
class Signature:
    """Who signs the SK: "Ditetapkan di <place>, pada tanggal …", title, name, NIP."""

    place: str = ""
    title: str = ""
    name: str = ""
    nip: str = ""


SIGNATURE_FIELDS = ("place", "title", "name", "nip")


def signature(agency: Agency) -> Signature:
    """The signing official of an agency's SK: the agency's signatory, set by its admin on the
    plan PDF's signatory page (``organization.Agency.signature_place``, ``signatory_title``,
    ``signatory_name``, ``signatory_nip``). A blank field prints a line to write on."""
    return Signature(
        place=agency.signature_place.strip(),
        title=agency.signatory_title.strip(),
        name=agency.signatory_name.strip(),
        nip=agency.signatory_nip.strip(),
    )


def _number(line: PlacementLine) -> str:
    if line.applicant is not None:
        return line.applicant.registration_number
    return line.employee.nip or "" if line.employee is not None else ""


def _status_and_golongan(line: PlacementLine) -> tuple[str, str, list[str]]:
    """Status, golongan/ruang and the notes that say where a value comes from or why blank."""
    notes: list[str] = []
    if line.applicant is not None:
        status = line.applicant.status
        education = education_level(line.applicant.education or "")
        golongan = entry_golongan(status, education) or ""
        if golongan:
            notes.append(f"golongan awal menurut pendidikan {line.applicant.education}")
        else:
            notes.append("golongan: pendidikan pelamar tidak dikenali, isi sesuai ijazah")
        return STATUS_ID.get(status, status.upper()), golongan, notes
    if line.employee is not None:
        e = line.employee
        if not e.golongan:
            notes.append("golongan tidak tercatat")
        return STATUS_ID.get(e.status, e.status), e.golongan, notes
    return "", "", notes


def _heading(ws: Worksheet, run: PlacementRun) -> None:
    subject = (
        f"penempatan CPNS/PPPK formasi tahun {run.year}"
        if run.kind == PlacementRun.Kind.NEW_HIRES
        else f"mutasi Aparatur Sipil Negara tahun {run.year}"
    )
    ws.append([f"DRAF LAMPIRAN KEPUTUSAN — {run.agency.name.upper()}"])
    ws.append([f"Nomor: {run.sk_number or BLANK}"])
    ws.append([f"Tentang: {subject} ({run.name})"])
    ws.append([])
    ws["A1"].font = Font(bold=True, size=12)


def _signature_block(ws: Worksheet, who: Signature, first_column: int) -> None:
    rows = [
        f"Ditetapkan di {who.place or BLANK}",
        f"pada tanggal {BLANK}",
        f"{who.title or BLANK},",
        "",
        "",
        "",
        who.name or BLANK,
        f"NIP {who.nip or BLANK}",
    ]
    start = ws.max_row + 2
    for offset, value in enumerate(rows):
        cell = ws.cell(row=start + offset, column=first_column, value=value)
        if offset == 6:
            cell.font = Font(bold=True, underline="single")


def workbook(run: PlacementRun) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Draf SK penempatan"
    _heading(ws, run)
    ws.append(HEADER)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    lines = (
        PlacementLine.unscoped.filter(run=run)
        .select_related("applicant", "employee", "position", "from_unit", "to_unit", "district")
        .order_by("to_unit__name", "position__name", "id")
    )
    for n, line in enumerate(lines, start=1):
        person = line.applicant or line.employee
        status, golongan, notes = _status_and_golongan(line)
        if run.tmt is None:
            notes.append("TMT belum ditetapkan")
        ws.append(
            [
                n,
                _number(line),
                person.name if person else "",
                status,
                golongan,
                line.position.name,
                line.from_unit.name if line.from_unit else "",
                line.to_unit.name,
                line.district.name if line.district else "",
                tanggal(run.tmt) if run.tmt else "",
                REASONS_ID.get(line.reason, line.reason),
                line.distance_km,
                DECISIONS_ID.get(line.decision, line.decision),
                "; ".join(notes),
            ]
        )
    _signature_block(ws, signature(run.agency), first_column=len(HEADER) - 3)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[ws.cell(row=header_row, column=index).column_letter].width = width
    wb.properties.title = f"Draf SK penempatan — {run.name}"
    return workbook_bytes(wb)
