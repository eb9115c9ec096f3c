"""Reading uploaded ABK workbooks of every common layout, and carrying them to the confirm step.

Layouts, time units and periods are decided by :mod:`formasi.domain.abk_layout`; this module
reads the sheets through the safe reader (:mod:`formasi.domain.tabular`), validates every row
and words every problem. See docs/abk-import.md for the accepted layouts.

A parsed upload (:class:`ParsedSheet`) keeps the norm as written and its unit when the header
names it; when it does not, the page asks the user (minutes or hours) before the preview.
Between the preview and the confirm the upload travels as a signed token bound to the user,
the agency and the unit (:func:`sign`, :func:`unsign`): a token that was tampered with, is
older than :data:`TOKEN_MAX_AGE` or belongs to someone else is refused.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import python_calamine
from django.core import signing
from django.utils.translation import gettext as _

from formasi.core.upload_messages import table_error_message
from formasi.core.uploads import zip_limits
from formasi.domain import abk_layout
from formasi.domain.abk_layout import NormUnit, PeriodBasis
from formasi.domain.tabular import Cell, Table, TableError, read_table
from formasi.workload.forms import MAX_TASKS
from formasi.workload.workbook import (
    FORM_A,
    HEADERS,
    MAX_NORM,
    MAX_VOLUME,
    TASK_HEADER_SYNONYMS,
    TOTAL,
    AbkWorkbookError,
    check_number,
    parse_number,
    text_of,
)

TOKEN_SALT = "formasi.workload.abk-import"  # noqa: S105 (a signing namespace, not a secret)
TOKEN_MAX_AGE = 2 * 60 * 60  # seconds
_CENT = Decimal("0.01")
#: Header spellings that mark the header row (besides Formasi's own, TASK_HEADER_SYNONYMS).
LAYOUT_HEADERS = (
    "hasil kerja",
    "hasil kerja (satuan hasil)",
    "satuan hasil",
    "jumlah hasil",
    "jumlah hasil (beban kerja)",
    "waktu penyelesaian",
    "waktu penyelesaian (jam)",
    "waktu penyelesaian (menit)",
    "norma waktu (jam)",
    "norma waktu (jam satuan)",
    "waktu efektif",
    "waktu kerja efektif",
    "kebutuhan pegawai",
    "satuan waktu",
    "volume",
    "beban kerja",
)
#: Labels of the cell that names the position on a sheet (the value is the next cell).
POSITION_LABELS = ("nama jabatan", "jabatan")
_NO_SHEET = "\x00"  # asking for it lists the sheet names
LABEL_ROWS = 10


@dataclass
class ParsedSheet:
    """The task rows of one sheet: volume per year, norm as written (``unit`` None: not said)."""

    sheet: str
    label: str  # the position named on the sheet (else the sheet name)
    layout: str
    norm_header: str
    unit: NormUnit | None
    tasks: list[dict[str, str]] = field(default_factory=list)
    position_id: int | None = None
    effective: str = ""  # the "Waktu Efektif" the sheet states (as written), "" if none


def _expected() -> list[str]:
    return [s for spellings in TASK_HEADER_SYNONYMS.values() for s in spellings] + list(
        LAYOUT_HEADERS
    )


def _read(data: bytes, filename: str, max_bytes: int, sheet: str | None, expect: bool) -> Table:
    return read_table(
        data,
        filename,
        max_bytes=max_bytes,
        zip_limits=zip_limits(),
        sheet=sheet,
        expected_headers=_expected() if expect else None,
    )


def sheet_names(data: bytes, filename: str, *, max_bytes: int) -> list[str]:
    """Every sheet of the workbook, in order."""
    try:
        _read(data, filename, max_bytes, _NO_SHEET, False)
    except TableError as exc:
        if exc.code == "sheet.not_found":
            return [str(n) for n in exc.detail.get("available") or []]  # type: ignore[attr-defined]
        raise AbkWorkbookError([table_error_message(exc.code, exc.detail)]) from exc
    return []


def _position_label(data: bytes, sheet: str) -> str:
    """The value beside a "Nama jabatan" cell in the first rows, else the sheet name.

    Called only for a sheet that ``read_table`` has just read from the same bytes (so the zip
    and area limits were checked); it reads at most :data:`LABEL_ROWS` rows.
    """
    try:
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            top = book.get_sheet_by_name(sheet).to_python(nrows=LABEL_ROWS)
    except Exception:
        return sheet
    for row in top:
        cells = [text_of(c) if isinstance(c, str | int | float) else "" for c in row]
        for index, cell in enumerate(cells):
            if abk_layout.normalise(cell).rstrip(":").strip() in POSITION_LABELS:
                rest = [c for c in cells[index + 1 :] if c and c != ":"]
                if rest:
                    return rest[0].lstrip(": ").strip()
    return sheet


def _is_total(description: str) -> bool:
    return abk_layout.normalise(description) in (abk_layout.normalise(TOTAL), "total")


def _parse_rows(
    table: Table, columns: dict[str, int], basis: PeriodBasis
) -> tuple[list[dict[str, str]], list[str]]:
    def cell(row: Sequence[Cell], name: str) -> Cell:
        index = columns.get(name)
        return None if index is None or index >= len(row) else row[index]

    headers = {name: table.headers[index] for name, index in columns.items()}
    errors: list[str] = []
    tasks: list[dict[str, str]] = []
    for index, row in enumerate(table.rows):
        number = table.row_number(index)
        description = text_of(cell(row, "description"))
        volume_cell, norm_cell = cell(row, "volume"), cell(row, "norm")
        if _is_total(description) and text_of(volume_cell) == "" and text_of(norm_cell) == "":
            break  # the totals below the tasks
        if index == 0 and abk_layout.is_column_numbers(row):
            continue  # a printed form's row of column numbers
        output_unit = text_of(cell(row, "output_unit"))
        if not any((description, output_unit, text_of(volume_cell), text_of(norm_cell))):
            continue
        where = _("Sheet “{sheet}”, row {row}").format(sheet=table.sheet, row=number)
        if not description:
            errors.append(_("{where}: the task is empty.").format(where=where))
        elif len(description) > 500:
            errors.append(_("{where}: the task is longer than 500 characters.").format(where=where))
        volume, problem = check_number(
            volume_cell, number, headers["volume"], positive=False, largest=MAX_VOLUME
        )
        if problem:
            errors.append(
                _("Sheet “{sheet}”: {problem}").format(sheet=table.sheet, problem=problem)
            )
        norm, problem = check_number(
            norm_cell, number, headers["norm"], positive=True, largest=MAX_NORM
        )
        if problem:
            errors.append(
                _("Sheet “{sheet}”: {problem}").format(sheet=table.sheet, problem=problem)
            )
        if "period" in columns and volume is not None:
            written = text_of(cell(row, "period"))
            period = abk_layout.period_of(written) if written else "year"
            if period is None:
                errors.append(
                    _(
                        "{where}, column “{column}”: “{value}” is not a period; write tahun, "
                        "bulan, minggu, hari or jam."
                    ).format(where=where, column=headers["period"], value=written[:40])
                )
            else:
                volume = (volume * abk_layout.per_year(period, basis)).quantize(
                    _CENT, rounding=ROUND_HALF_UP
                )
                if volume > MAX_VOLUME:
                    errors.append(_("{where}: the volume a year is too large.").format(where=where))
        tasks.append(
            {
                "description": description,
                "output_unit": output_unit[:100],
                "volume": str(volume),
                "norm": str(norm),
            }
        )
    return tasks, errors


def _stated_effective(table: Table, column: int | None) -> str:
    """The first number in the sheet's "Waktu Efektif" column, with its header's unit."""
    if column is None:
        return ""
    for index, row in enumerate(table.rows):
        if index == 0 and abk_layout.is_column_numbers(row):
            continue
        number = parse_number(row[column]) if column < len(row) else None
        if number is not None and number > 0:
            return f"{number.normalize():f} {table.headers[column]}"
    return ""


def _parse_sheet(
    data: bytes, filename: str, max_bytes: int, sheet: str | None, basis: PeriodBasis
) -> tuple[ParsedSheet | None, list[str]]:
    """One sheet's tasks and errors; None when the sheet has no task table at all."""
    try:
        table = _read(data, filename, max_bytes, sheet, True)
    except TableError as exc:
        if exc.code in ("file.empty", "sheet.empty"):
            return None, []
        raise AbkWorkbookError([table_error_message(exc.code, exc.detail)]) from exc
    found = abk_layout.classify_headers(table.headers)
    if "volume" not in found.columns and "norm" not in found.columns:
        return None, []
    names = {"description": "Uraian tugas", "volume": HEADERS[3], "norm": HEADERS[4]}
    if found.missing:
        return None, [
            _("Sheet “{sheet}”: the column “{column}” is missing.").format(
                sheet=table.sheet, column=names[name]
            )
            for name in found.missing
        ]
    tasks, errors = _parse_rows(table, dict(found.columns), basis)
    parsed = ParsedSheet(
        effective=_stated_effective(table, found.columns.get("effective")),
        sheet=table.sheet,
        label=table.sheet,
        layout=found.layout,
        norm_header=found.norm_header,
        unit=found.unit,
        tasks=tasks,
    )
    if not tasks and not errors:
        errors.append(
            _("Sheet “{sheet}” has no tasks below the column names.").format(sheet=table.sheet)
        )
    if len(tasks) > MAX_TASKS:
        errors.append(
            _("Sheet “{sheet}” has {count} tasks; at most {limit} can be saved.").format(
                sheet=table.sheet, count=len(tasks), limit=MAX_TASKS
            )
        )
    return parsed, errors


def _check_filename(filename: str) -> None:
    if not filename.lower().endswith((".xlsx", ".xls", ".ods")):
        raise AbkWorkbookError([_("Upload the workbook as an .xlsx, .xls or .ods file.")])


def read_position_sheet(
    data: bytes, filename: str, *, max_bytes: int, basis: PeriodBasis
) -> ParsedSheet:
    """The task sheet of a one-position workbook: "Form A", else the first sheet with tasks."""
    _check_filename(filename)
    names = sheet_names(data, filename, max_bytes=max_bytes)
    order: list[str | None] = [FORM_A] if FORM_A in names else []
    order += [n for n in names if n != FORM_A] or ([] if order else [None])
    for name in order:
        parsed, errors = _parse_sheet(data, filename, max_bytes, name, basis)
        if errors:
            raise AbkWorkbookError(errors)
        if parsed is not None:
            return parsed
    raise AbkWorkbookError([_("No sheet of the workbook has the ABK task columns.")])


def read_unit_sheets(
    data: bytes, filename: str, *, max_bytes: int, basis: PeriodBasis
) -> list[ParsedSheet]:
    """Every task sheet of a whole-unit workbook (one per position), each with its label."""
    _check_filename(filename)
    sheets: list[ParsedSheet] = []
    errors: list[str] = []
    for name in sheet_names(data, filename, max_bytes=max_bytes):
        parsed, problems = _parse_sheet(data, filename, max_bytes, name, basis)
        errors.extend(problems)
        if parsed is not None:
            parsed.label = _position_label(data, name)
            sheets.append(parsed)
    if not sheets and not errors:
        errors.append(_("No sheet of the workbook has the ABK task columns."))
    if errors:
        raise AbkWorkbookError(errors)
    return sheets


def undecided(sheets: Sequence[ParsedSheet]) -> list[ParsedSheet]:
    """The sheets whose norm header does not say minutes or hours."""
    return [s for s in sheets if s.unit is None]


def undecided_message(sheets: Sequence[ParsedSheet]) -> str:
    return _(
        "The time column “{column}” (sheet “{sheet}”) does not say whether the norm is in "
        "minutes or hours. Choose the unit below; nothing is saved before you confirm."
    ).format(column=sheets[0].norm_header, sheet=sheets[0].sheet)


def effective_warning(sheet: ParsedSheet, effective_minutes: int) -> str:
    """A warning when the sheet states a Waktu Efektif other than the agency's ("" if not).

    The stated value matches when it equals the agency's WKE in minutes or in hours; the need
    is always computed with the agency's setting.
    """
    if not sheet.effective:
        return ""
    value = Decimal(sheet.effective.split(" ", 1)[0])
    if value in (Decimal(effective_minutes), Decimal(effective_minutes) / 60):
        return ""
    return _(
        "Sheet “{sheet}” states an effective working time of {value}; the need is computed "
        "with this agency's {hours} hours ({minutes} minutes) a year, as set in the ABK settings."
    ).format(
        sheet=sheet.sheet,
        value=sheet.effective,
        hours=round(effective_minutes / 60, 2),
        minutes=effective_minutes,
    )


def stored_tasks(sheet: ParsedSheet, unit: NormUnit | None = None) -> list[dict[str, Any]]:
    """The sheet's tasks as ``save_abk_tasks`` takes them (volume a year, norm in minutes).

    ``unit`` is the user's answer, used only where the header does not say. Raises
    :class:`AbkWorkbookError` when neither decides, or when a norm in minutes is too large.
    """
    chosen = sheet.unit or unit
    if chosen is None:
        raise AbkWorkbookError([undecided_message([sheet])])
    tasks: list[dict[str, Any]] = []
    for task in sheet.tasks:
        minutes = abk_layout.norm_minutes(Decimal(task["norm"]), chosen).quantize(
            _CENT, rounding=ROUND_HALF_UP
        )
        if minutes > MAX_NORM:
            raise AbkWorkbookError(
                [_("Sheet “{sheet}”: a norm is too large.").format(sheet=sheet.sheet)]
            )
        tasks.append(
            {
                "description": task["description"],
                "output_unit": task["output_unit"],
                "volume": Decimal(task["volume"]),
                "norm_minutes": minutes,
            }
        )
    return tasks


def read_abk_tasks(
    data: bytes,
    filename: str,
    *,
    max_bytes: int,
    unit: NormUnit | None = None,
    basis: PeriodBasis | None = None,
) -> list[dict[str, Any]]:
    """The tasks of a one-position workbook, ready for ``save_abk_tasks`` (all or an error)."""
    sheet = read_position_sheet(data, filename, max_bytes=max_bytes, basis=basis or PeriodBasis())
    return stored_tasks(sheet, unit)


# --------------------------------------------------------------------------- the token


def sign(
    *, user_id: int, agency_id: int, unit_id: int, filename: str, sheets: Sequence[ParsedSheet]
) -> str:
    payload = {
        "user": user_id,
        "agency": agency_id,
        "unit": unit_id,
        "file": filename[:100],
        "sheets": [
            {
                "sheet": s.sheet,
                "label": s.label,
                "layout": s.layout,
                "norm_header": s.norm_header,
                "unit": s.unit,
                "position": s.position_id,
                "tasks": s.tasks,
                "effective": s.effective,
            }
            for s in sheets
        ],
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


@dataclass(frozen=True)
class Carried:
    unit_id: int
    filename: str
    sheets: list[ParsedSheet]


def unsign(token: str, *, user_id: int, agency_id: int | None) -> Carried:
    """The upload a token carries, if it is intact, recent and this user's (else an error)."""
    refused = AbkWorkbookError(
        [_("The upload has expired or is not yours. Upload the workbook again.")]
    )
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as exc:
        raise refused from exc
    if payload.get("user") != user_id or (
        agency_id is not None and payload.get("agency") != agency_id
    ):
        raise refused
    sheets = [
        ParsedSheet(
            sheet=s["sheet"],
            label=s["label"],
            layout=s["layout"],
            norm_header=s["norm_header"],
            unit=s["unit"],
            tasks=s["tasks"],
            position_id=s["position"],
            effective=s.get("effective", ""),
        )
        for s in payload["sheets"]
    ]
    return Carried(unit_id=payload["unit"], filename=payload["file"], sheets=sheets)
