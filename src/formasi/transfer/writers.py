"""Write rows of an import layout to xlsx or csv, in the form the importer reads back.

Files are deterministic: the same rows give the same bytes (fixed workbook timestamps and
zip entry dates), so "export, import into an empty database, export again" can be compared
byte for byte. Identifier columns are text cells (a spreadsheet would otherwise drop an
NIP's last digits); dates are date cells shown as DD-MM-YYYY in xlsx and written as
DD-MM-YYYY in csv; choices and yes/no as the labels the importer accepts.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from formasi.domain.importing import Column, ColumnKind, format_date

FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def cell_value(column: Column, value: object) -> object:
    """The value as it goes into a spreadsheet cell (None for empty)."""
    if value is None or value == "":
        return None
    if column.kind is ColumnKind.CHOICE:
        return column.choices.get(str(value), str(value))
    if column.kind is ColumnKind.BOOLEAN:
        return "Ya" if value else "Tidak"
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def csv_text(column: Column, value: object) -> str:
    shown = cell_value(column, value)
    if shown is None:
        return ""
    if isinstance(shown, date):
        return format_date(shown)
    if isinstance(shown, float):
        return repr(shown).removesuffix(".0") if shown.is_integer() else repr(shown)
    return str(shown)


def write_table(
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, object]],
    fmt: str,
    *,
    extra: Sequence[tuple[str, Sequence[object]]] = (),
    sheet_title: str = "Data",
) -> bytes:
    """Rows (typed values keyed by field) as an xlsx or csv file. ``extra`` appends raw
    columns (header, values per row), e.g. the error column of rejected rows."""
    if fmt == "csv":
        return _write_csv(columns, rows, extra)
    if fmt == "xlsx":
        return _write_xlsx(columns, rows, extra, sheet_title)
    raise ValueError(f"unknown format {fmt!r}")


def _write_csv(
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, object]],
    extra: Sequence[tuple[str, Sequence[object]]],
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in columns] + [h for h, _ in extra])
    for index, row in enumerate(rows):
        writer.writerow(
            [csv_text(c, row.get(c.field)) for c in columns]
            + ["" if values[index] is None else str(values[index]) for _, values in extra]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _write_xlsx(
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, object]],
    extra: Sequence[tuple[str, Sequence[object]]],
    sheet_title: str,
) -> bytes:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "Formasi"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    sheet: Worksheet = workbook.create_sheet(sheet_title[:31])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        letter = _letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.header) + 4))
    header = []
    for title in [c.header for c in columns] + [h for h, _ in extra]:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        cell.fill = fill
        header.append(cell)
    sheet.append(header)
    text_columns = {c.field for c in columns if c.kind in (ColumnKind.DIGITS, ColumnKind.TEXT)}
    for index, row in enumerate(rows):
        cells = []
        for column in columns:
            value = cell_value(column, row.get(column.field))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, date):
                cell.number_format = "DD-MM-YYYY"
            elif column.field in text_columns:
                cell.number_format = "@"
            cells.append(cell)
        for _, values in extra:
            cells.append(WriteOnlyCell(sheet, value=values[index]))
        sheet.append(cells)
    raw = io.BytesIO()
    # Workbook.save() would stamp the current time into docProps/core.xml; ExcelWriter keeps
    # the fixed one.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _stable_zip(raw.getvalue())


def _letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            stable = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = info.external_attr
            target.writestr(stable, source.read(info.filename))
    return out.getvalue()
