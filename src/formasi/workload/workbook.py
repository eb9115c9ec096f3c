"""The ABK workbook of a unit: forms A to D as Pemda fill them, written and read back.

Layout
------
The form set is the one of Permendagri 12/2008 (Pedoman Analisis Beban Kerja di lingkungan
Departemen Dalam Negeri dan Pemerintah Daerah), Lampiran "Form Isian Analisis Beban Kerja",
as Pemda reproduce it. The primary text could not be read; the column lists below come from
regional copies that quote it with their filling instructions:

* Kab. Pacitan, "Form semua ABK dan petunjuk" (https://vdokumen.com/form-semua-abk-dan-petunjuk.html)
  and M. Zaenuri, "Manajemen SDM di Pemerintahan", chapter "Pengumpulan Data Beban Kerja"
  (https://text-id.123dok.com/document/6zkkngl4z-pengumpulan-data-beban-kerja.html):
  **Form A** "Pengumpulan data beban kerja", one per jabatan: No · Rincian tugas/kegiatan ·
  Satuan · Jumlah volume kerja · Norma waktu · Peralatan · Ket. **Form B** "Inventarisasi
  jumlah pemangku jabatan", one per unit: No · Nama jabatan · Golongan · Jumlah · Ket.
  **Form C** "Rekapitulasi jumlah beban kerja jabatan", one per unit (eselon III); its
  columns were not captured.
* Pemprov NTT's Form D "Perhitungan kebutuhan pejabat/pegawai, tingkat efisiensi jabatan
  (EJ) dan prestasi kerja jabatan (PJ)" (public code, see DOMAIN §1.4): No · Nama jabatan ·
  Jumlah beban kerja jabatan · Perhitungan jumlah kebutuhan pegawai · Jumlah pegawai (ASN,
  PPPK) · +/− · Kebutuhan pegawai (kurang, lebih) · EJ · PJ.

What Formasi writes (an approximation where the source is silent or the data differ):

* ``Form A`` keeps the PermenPAN-RB 1/2020 words Formasi uses on screen (uraian tugas,
  satuan hasil, beban kerja, norma waktu in minutes) and adds "Waktu penyelesaian" = beban
  kerja × norma waktu; "Peralatan" and "Ket." are left out because Formasi does not store
  them. Below the tasks: Jumlah, waktu kerja efektif, kebutuhan pegawai (exact and rounded),
  bezetting, EJ and PJ of the position. A unit workbook has one Form A per position
  (``Form A 1``, ``Form A 2`` …, named in the sheet).
* ``Form B`` as found, golongan from the active employees of the position in the unit.
* ``Form C`` (approximation): No · Nama jabatan · Jumlah tugas · Jumlah beban kerja jabatan
  (menit/tahun, jam/tahun) · Waktu kerja efektif · Kebutuhan pegawai (tepat), with a total.
* ``Form D`` as found, with ASN and PPPK in one column "Jumlah pegawai yang ada" and the need
  both exact and rounded; the last row is the unit (EU and PU, the same formula over every
  task and person of the positions listed). Kurang and lebih are summed per position, never
  netted.

Headers are Indonesian whatever the page language, as on paper. Values are plain numbers (no
formulas) and the file properties carry a fixed timestamp, so the same data give the same
bytes.

Reading back is :mod:`formasi.workload.abk_import` (every common layout, see
docs/abk-import.md); this module keeps the number parsing and the header spellings it shares.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from formasi.core.xlsx import workbook_bytes
from formasi.domain.tabular import Cell
from formasi.organization.models import OrgUnit, Position
from formasi.workload.models import AbkTask, WorkloadSettings
from formasi.workload.services import AbkResult, PositionAbk, abk_result

#: The first row of every form's table (rows above hold the title and the unit).
TABLE_ROW = 6

FORM_A = "Form A"
FORM_B = "Form B"
FORM_C = "Form C"
FORM_D = "Form D"
TITLES = {
    FORM_A: "FORM A — PENGUMPULAN DATA BEBAN KERJA (ANALISIS BEBAN KERJA)",
    FORM_B: "FORM B — INVENTARISASI JUMLAH PEMANGKU JABATAN",
    FORM_C: "FORM C — REKAPITULASI JUMLAH BEBAN KERJA JABATAN",
    FORM_D: (
        "FORM D — PERHITUNGAN KEBUTUHAN PEJABAT/PEGAWAI, TINGKAT EFISIENSI JABATAN (EJ) "
        "DAN PRESTASI KERJA JABATAN (PJ)"
    ),
}
HEADERS = (
    "No",
    "Uraian tugas",
    "Satuan hasil",
    "Beban kerja (volume)",
    "Norma waktu (menit)",
    "Waktu penyelesaian (menit)",
)
HEADERS_B = ("No", "Nama jabatan", "Golongan", "Jumlah", "Keterangan")
HEADERS_C = (
    "No",
    "Nama jabatan",
    "Jumlah tugas",
    "Jumlah beban kerja jabatan (menit/tahun)",
    "Jumlah beban kerja jabatan (jam/tahun)",
    "Waktu kerja efektif (menit/tahun)",
    "Kebutuhan pegawai (tepat)",
)
HEADERS_D = (
    "No",
    "Nama jabatan",
    "Jumlah beban kerja jabatan (menit/tahun)",
    "Perhitungan jumlah kebutuhan pegawai",
    "Kebutuhan pegawai (dibulatkan)",
    "Jumlah pegawai yang ada",
    "+/-",
    "Kekurangan pegawai",
    "Kelebihan pegawai",
    "EJ",
    "PJ",
)
TOTAL = "Jumlah"
UNIT_TOTAL = "Unit kerja (EU/PU)"
BAND_NAMES: dict[str, str] = {
    WorkloadSettings.Bands.PERMENDAGRI: "Permendagri 12/2008 (A > 1,00; B 0,90–1,00; "
    "C 0,70–0,89; D 0,50–0,69; E < 0,50)",
    WorkloadSettings.Bands.DEPKEU: "Depkeu 2002 (A > 1,00; B 0,81–1,00; C 0,66–0,80; "
    "D 0,50–0,65; E < 0,50)",
}
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


# --------------------------------------------------------------------------- writing


def _number(value: Decimal | float) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def _ej(result: AbkResult) -> float | None:
    return None if result.effectiveness is None else round(result.effectiveness, 4)


def _title(ws: Worksheet, form: str, lines: Iterable[tuple[str, str]]) -> None:
    ws["A1"] = TITLES[form]
    ws["A1"].font = Font(bold=True, size=13)
    for row, (label, value) in enumerate(lines, start=2):
        ws.cell(row, 1, label)
        ws.cell(row, 3, value)


def _table(
    ws: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[int]
) -> int:
    """The header at TABLE_ROW and the rows below it, boxed; returns the last row written."""
    for column, header in enumerate(headers, start=1):
        cell = ws.cell(TABLE_ROW, column, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BOX
    row = TABLE_ROW
    for row, values in enumerate(rows, start=TABLE_ROW + 1):
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row, column, None if value == "" else value)
            cell.border = _BOX
    for index, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    return row


def _bold_row(ws: Worksheet, row: int) -> None:
    for cell in ws[row]:
        cell.font = Font(bold=True)


def _form_a(ws: Worksheet, unit: OrgUnit, entry: PositionAbk, settings: WorkloadSettings) -> None:
    _title(
        ws,
        FORM_A,
        [
            ("Nama jabatan", entry.position.name),
            ("Unit kerja", unit.name),
            ("Instansi", unit.agency.name),
        ],
    )
    tasks: Sequence[AbkTask] = entry.tasks
    row = _table(
        ws,
        HEADERS,
        (
            (
                number,
                task.description,
                task.output_unit,
                _number(task.volume),
                _number(task.norm_minutes),
                _number(task.volume * task.norm_minutes),
            )
            for number, task in enumerate(tasks, start=1)
        ),
        (6, 48, 16, 14, 14, 16),
    )
    result = entry.result
    totals: list[tuple[str, object]] = [
        (TOTAL, _number(result.workload_minutes)),
        ("Waktu kerja efektif (menit/tahun)", settings.effective_minutes),
        ("Kebutuhan pegawai (tepat)", round(result.exact, 4)),
        ("Kebutuhan pegawai (dibulatkan)", result.count),
        ("Bezetting (pegawai yang ada)", entry.bezetting),
        ("Efektivitas jabatan (EJ)", _ej(result)),
        ("Prestasi kerja jabatan (PJ)", result.grade),
    ]
    for offset, (label, value) in enumerate(totals, start=1):
        ws.cell(row + offset, 2, label).font = Font(bold=True)
        ws.cell(row + offset, 6, value)


def _unit_lines(unit: OrgUnit) -> list[tuple[str, str]]:
    return [("Unit kerja", unit.name), ("Instansi", unit.agency.name)]


def _form_b(ws: Worksheet, unit: OrgUnit, entries: Sequence[PositionAbk]) -> None:
    _title(ws, FORM_B, _unit_lines(unit))
    rows: list[tuple[object, ...]] = []
    for number, entry in enumerate(entries, start=1):
        holders = entry.holders or {"": 0}
        for index, (golongan, count) in enumerate(holders.items()):
            first = index == 0
            rows.append(
                (number if first else "", entry.position.name if first else "",
                 golongan or "-", count, "")
            )  # fmt: skip
    rows.append(("", TOTAL, "", sum(e.bezetting for e in entries), ""))
    last = _table(ws, HEADERS_B, rows, (6, 40, 12, 10, 24))
    _bold_row(ws, last)


def _form_c(
    ws: Worksheet, unit: OrgUnit, entries: Sequence[PositionAbk], settings: WorkloadSettings
) -> None:
    _title(ws, FORM_C, _unit_lines(unit))
    rows: list[tuple[object, ...]] = [
        (
            number,
            e.position.name,
            len(e.tasks),
            _number(e.result.workload_minutes),
            round(e.result.workload_minutes / 60, 2),
            settings.effective_minutes,
            round(e.result.exact, 4),
        )
        for number, e in enumerate(entries, start=1)
    ]
    workload = sum(e.result.workload_minutes for e in entries)
    rows.append(
        (
            "",
            TOTAL,
            sum(len(e.tasks) for e in entries),
            _number(workload),
            round(workload / 60, 2),
            settings.effective_minutes,
            round(sum(e.result.exact for e in entries), 4),
        )
    )
    last = _table(ws, HEADERS_C, rows, (6, 40, 10, 18, 16, 16, 14))
    _bold_row(ws, last)


def _gap(entry: PositionAbk) -> tuple[int, int, int]:
    """(+/-, kurang, lebih): people in post against the rounded need."""
    difference = entry.bezetting - entry.result.count
    return difference, max(0, -difference), max(0, difference)


def unit_result(entries: Sequence[PositionAbk], settings: WorkloadSettings) -> AbkResult:
    """The unit's row of Form D: every task and person of the positions listed (EU, PU)."""
    tasks = [t.as_task() for e in entries for t in e.tasks]
    return abk_result(tasks, sum(e.bezetting for e in entries), settings)


def _form_d(
    ws: Worksheet, unit: OrgUnit, entries: Sequence[PositionAbk], settings: WorkloadSettings
) -> None:
    _title(ws, FORM_D, _unit_lines(unit))
    rows: list[tuple[object, ...]] = []
    for number, e in enumerate(entries, start=1):
        rows.append(
            (
                number,
                e.position.name,
                _number(e.result.workload_minutes),
                round(e.result.exact, 4),
                e.result.count,
                e.bezetting,
                *_gap(e),
                _ej(e.result),
                e.result.grade,
            )
        )
    unit_row = unit_result(entries, settings)
    gaps = [_gap(e) for e in entries]
    rows.append(
        (
            "",
            UNIT_TOTAL,
            _number(unit_row.workload_minutes),
            round(unit_row.exact, 4),
            sum(e.result.count for e in entries),
            sum(e.bezetting for e in entries),
            sum(g[0] for g in gaps),
            sum(g[1] for g in gaps),
            sum(g[2] for g in gaps),
            _ej(unit_row),
            unit_row.grade,
        )
    )
    last = _table(ws, HEADERS_D, rows, (6, 40, 18, 16, 14, 14, 8, 12, 12, 10, 6))
    _bold_row(ws, last)
    notes = [
        f"Waktu kerja efektif: {settings.effective_minutes} menit/tahun.",
        "EJ = jumlah beban kerja jabatan ÷ (jumlah pegawai yang ada × waktu kerja efektif).",
        f"Kelas PJ: {BAND_NAMES.get(settings.bands, settings.bands)}.",
    ]
    for offset, note in enumerate(notes, start=2):
        ws.cell(last + offset, 2, note)


def abk_workbook(
    *, unit: OrgUnit, entries: Sequence[PositionAbk], settings: WorkloadSettings
) -> bytes:
    """Forms A (one per position), B, C and D for ``entries`` of ``unit`` as xlsx bytes."""
    wb = Workbook()
    wb.properties.creator = "Formasi"
    first = wb.active
    assert first is not None
    wb.remove(first)
    for number, entry in enumerate(entries, start=1):
        name = FORM_A if len(entries) == 1 else f"{FORM_A} {number}"
        _form_a(wb.create_sheet(name), unit, entry, settings)
    _form_b(wb.create_sheet(FORM_B), unit, entries)
    _form_c(wb.create_sheet(FORM_C), unit, entries, settings)
    _form_d(wb.create_sheet(FORM_D), unit, entries, settings)
    wb.active = 0
    return workbook_bytes(wb)


def position_workbook(
    *, unit: OrgUnit, position: Position, entry: PositionAbk, settings: WorkloadSettings
) -> bytes:
    """The workbook of one position: its Form A and its rows of forms B to D."""
    assert entry.position.pk == position.pk
    return abk_workbook(unit=unit, entries=[entry], settings=settings)


# --------------------------------------------------------------------------- reading

#: Header spellings of Form A, compared after ``normalise_header``: Formasi's own, the
#: Permendagri 12/2008 Form A words, and common variants in Pemda workbooks.
TASK_HEADER_SYNONYMS = {
    "no": ("no", "no.", "nomor", "no urut"),
    "description": (
        "uraian tugas",
        "rincian tugas/kegiatan",
        "rincian tugas",
        "uraian tugas/kegiatan",
        "uraian kegiatan",
        "tugas",
    ),
    "output_unit": ("satuan hasil", "satuan", "satuan output"),
    "volume": (
        "beban kerja (volume)",
        "beban kerja (volume/tahun)",
        "beban kerja",
        "jumlah volume kerja",
        "volume kerja",
        "volume",
        "target/volume",
    ),
    "norm_minutes": (
        "norma waktu (menit)",
        "norma waktu",
        "norma waktu (menit/satuan)",
        "norma waktu (jam)",
    ),
    "minutes": ("waktu penyelesaian (menit)", "waktu penyelesaian (menit/tahun)"),
}
#: Largest values the task table stores (AbkTask: 14 and 10 digits, 2 decimals).
MAX_VOLUME = Decimal("999999999999.99")
MAX_NORM = Decimal("99999999.99")
_CENT = Decimal("0.01")

_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.250 · 1.250,5 (Indonesian)
_COMMA = re.compile(r"^-?\d+(,\d+)?$")  # 1250 · 1250,5
_DOT = re.compile(r"^-?\d+\.\d+$")  # 1250.5 (a copy made with an English locale)


class AbkWorkbookError(ValueError):
    """The workbook cannot be imported; ``errors`` are the messages, row by row."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


def parse_number(value: Cell) -> Decimal | None:
    """A spreadsheet number, or text written the Indonesian way ("1.250,5"); None if neither.

    A dot followed by groups of three digits is a thousands separator ("1.250" is 1250), as
    Indonesian spreadsheets write it; a single dot followed by other than three digits is a
    decimal point ("12.5").
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if _GROUPED.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _COMMA.match(text):
        text = text.replace(",", ".")
    elif not _DOT.match(text):
        return None
    return Decimal(text)


def text_of(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def check_number(
    value: Cell, row: int, column: str, *, positive: bool, largest: Decimal
) -> tuple[Decimal | None, str | None]:
    if text_of(value) == "":
        return None, _("Row {row}, column “{column}”: a number is required.").format(
            row=row, column=column
        )
    number = parse_number(value)
    if number is None:
        return None, _(
            "Row {row}, column “{column}”: “{value}” is not a number (write e.g. 1.250,5)."
        ).format(row=row, column=column, value=text_of(value)[:40])
    if number < 0:
        return None, _("Row {row}, column “{column}”: the number must not be negative.").format(
            row=row, column=column
        )
    if positive and number == 0:
        return None, _("Row {row}, column “{column}”: the number must be greater than 0.").format(
            row=row, column=column
        )
    number = number.quantize(_CENT, rounding=ROUND_HALF_UP)
    if number > largest:
        return None, _("Row {row}, column “{column}”: the number is too large.").format(
            row=row, column=column
        )
    return number, None
