"""Deterministic xlsx and csv files: rows of an import layout in the form the importer reads
back (``write_table``), and any openpyxl workbook (``workbook_bytes``).

Files are deterministic: the same rows give the same bytes (fixed workbook timestamps and
zip entry dates), so "export, import into an empty database, export again" can be compared
byte for byte. Identifier columns are text cells (a spreadsheet would otherwise drop an
NIP's last digits); dates are date cells shown as DD-MM-YYYY in xlsx and written as
DD-MM-YYYY in csv; choices and yes/no as the labels the importer accepts. CSV text cells that
a spreadsheet would take for a formula get a leading apostrophe, which the reader removes
(``formasi.domain.csvcells``); xlsx text cells are never formulas.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.writer.excel import ExcelWriter

from formasi.domain.csvcells import CsvWriter
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


def csv_cell(column: Column, value: object) -> str | int | float | None:
    """The value as it goes into a csv cell: numbers stay numbers (written unguarded),
    everything else becomes text."""
    shown = cell_value(column, value)
    if shown is None or (isinstance(shown, int | float) and not isinstance(shown, bool)):
        return shown  # type: ignore[return-value]
    if isinstance(shown, date):
        return format_date(shown)
    return str(shown)


def _csv_number(value: Any) -> str:
    if isinstance(value, float):
        return repr(value).removesuffix(".0") if value.is_integer() else repr(value)
    return str(value)


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
    writer = CsvWriter(out, number=_csv_number)
    writer.writerow([c.header for c in columns] + [h for h, _ in extra])
    for index, row in enumerate(rows):
        writer.writerow(
            [csv_cell(c, row.get(c.field)) for c in columns]
            + ["" if values[index] is None else str(values[index]) for _, values in extra]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _write_xlsx(
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, object]],
    extra: Sequence[tuple[str, Sequence[object]]],
    sheet_title: str,
) -> bytes:
    """A minimal SpreadsheetML workbook written directly (one sheet, shared strings).

    openpyxl's writer spends about a millisecond per row in its pure-Python XML serialiser
    (90 s for 100,000 employees); building the sheet XML here takes a few seconds and is
    deterministic by construction. Excel, LibreOffice, openpyxl and calamine read it.
    """
    titles = [c.header for c in columns] + [h for h, _ in extra]
    parts: list[str] = []
    add = parts.append
    strings: dict[str, int] = {}  # shared strings, in order of first use
    add(_cells(1, [(t, _HEADER_STYLE) for t in titles], strings))
    for index, row in enumerate(rows):
        values = [(cell_value(c, row.get(c.field)), 0) for c in columns]
        values += [(v[index], 0) for _, v in extra]
        add(_cells(index + 2, values, strings))
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{max(12, min(40, len(t) + 4))}" customWidth="1"/>'
        for i, t in enumerate(titles, start=1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f"<cols>{widths}</cols><sheetData>{''.join(parts)}</sheetData></worksheet>"
    )
    title = _xml_text(sheet_title[:31]).replace('"', "&quot;")
    members = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "docProps/core.xml": _CORE,
        "xl/workbook.xml": _WORKBOOK.format(title=title),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/styles.xml": _STYLES,
        "xl/sharedStrings.xml": _shared_strings(strings),
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


_HEADER_STYLE = 2
_DATE_STYLE = 1
_EXCEL_EPOCH = datetime(1899, 12, 30)
# Excel counts a 29 February 1900 that never was (serial 60), so before 1 March 1900 serial 1
# is 1 January 1900: those dates count from a day later.
_EXCEL_LEAP_BUG_END = datetime(1900, 3, 1)


def _excel_serial(value: datetime) -> float:
    """Excel's 1900-system serial number of ``value`` (days, with the time as a fraction)."""
    days = (value - _EXCEL_EPOCH).total_seconds() / 86400
    return days - 1 if value < _EXCEL_LEAP_BUG_END else days


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _INVALID_XML.sub("\ufffd", text)


def _cells(number: int, values: Sequence[tuple[object, int]], strings: dict[str, int]) -> str:
    out = [f'<row r="{number}">']
    for index, (value, style) in enumerate(values):
        if value is None or value == "":
            continue
        ref = f"{_letter(index + 1)}{number}"
        s = f' s="{style}"' if style else ""
        if isinstance(value, bool):
            out.append(f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, int | float):
            out.append(f'<c r="{ref}"{s}><v>{value!r}</v></c>')
        elif isinstance(value, datetime):
            out.append(f'<c r="{ref}" s="{_DATE_STYLE}"><v>{_excel_serial(value)!r}</v></c>')
        elif isinstance(value, date):
            days = int(_excel_serial(datetime(value.year, value.month, value.day)))
            out.append(f'<c r="{ref}" s="{_DATE_STYLE}"><v>{days}</v></c>')
        else:
            text = str(value)
            position = strings.get(text)
            if position is None:
                position = strings[text] = len(strings)
            out.append(f'<c r="{ref}"{s} t="s"><v>{position}</v></c>')
    out.append("</row>")
    return "".join(out)


def _shared_strings(strings: dict[str, int]) -> str:
    items = "".join(f'<si><t xml:space="preserve">{_xml_text(t)}</t></si>' for t in strings)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{_MAIN_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        f"{items}</sst>"
    )


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
)
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Formasi</dc:creator>'
    f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME:%Y-%m-%dT%H:%M:%SZ}'
    "</dcterms:created></cp:coreProperties>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheets>'
    '<sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
# Style 0: default; 1: date DD-MM-YYYY; 2: header (bold, light blue fill).
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="DD\\-MM\\-YYYY"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/></patternFill></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" '
    'applyFill="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def workbook_bytes(workbook: Any) -> bytes:
    """An openpyxl workbook as bytes that depend on its content only. ``Workbook.save`` sets
    the "modified" property to now and stamps every zip member with the time of saving, so
    two saves a second apart differ: the writer runs without the first, and the members are
    rewritten with ``ZIP_TIME``; the workbook's created/modified properties become
    ``FIXED_TIME``."""
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED) as raw:
        ExcelWriter(workbook, raw).write_data()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, source.read(member.filename))
    return out.getvalue()
