"""Workbooks (xlsx, xls, ods) through python-calamine, with the sheet size checked first."""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Final
from xml.parsers import expat

import python_calamine

from formasi.domain.tabular.base import (
    MAX_CELLS,
    MIB,
    Cell,
    Table,
    TableError,
)
from formasi.domain.tabular.rows import (
    _build_table,
)

# --------------------------------------------------------------------------- workbooks


def _read_workbook(
    data: bytes,
    fmt: str,
    archive: zipfile.ZipFile | None,
    sheet: str | None,
    expected: frozenset[str] | None,
) -> Table:
    if fmt == "ods" and archive is not None:
        _scan_ods_content(archive)  # calamine parses every table when it opens an ods
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise TableError("file.encrypted") from exc
    except BaseException as exc:  # calamine errors, and pyo3 panics (a BaseException)
        _reraise_fatal(exc)
        raise TableError("file.corrupt", {"reason": fmt}) from exc
    with workbook:
        names = list(workbook.sheet_names)
        if sheet is None and not names:
            raise TableError("file.empty", {"sheet": ""})
        name = names[0] if sheet is None else sheet
        if name not in names:
            raise TableError("sheet.not_found", {"sheet": sheet, "available": names})
        scan = _scan_xlsx_sheet(archive, name) if fmt == "xlsx" and archive else None
        try:
            loaded = workbook.get_sheet_by_name(name)
            # The only guard for xls (no cheap scan): before the cells become Python objects.
            _check_area(loaded.height, loaded.width)
            grid = loaded.to_python(skip_empty_area=True)
            top, left = loaded.start or (0, 0)
        except BaseException as exc:
            _reraise_fatal(exc)
            raise TableError("file.corrupt", {"reason": fmt}) from exc
    # Most cells are non-empty text: keep them out of the per-cell function call.
    rows = (
        (top + 1 + i, [v if type(v) is str and v else _cell(v) for v in row])
        for i, row in enumerate(grid)
    )
    return _build_table(
        rows, fmt=fmt, sheet=name, left=left, scan=scan, typed=True, expected=expected
    )


def _check_area(rows: int, columns: int, *, elsewhere: int = 0) -> None:
    """Refuse a used area over :data:`MAX_CELLS`, counting ``elsewhere`` cells loaded too."""
    if elsewhere + rows * columns > MAX_CELLS:
        raise TableError("sheet.too_large", {"rows": rows, "columns": columns, "limit": MAX_CELLS})


def _reraise_fatal(exc: BaseException) -> None:
    if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError, TableError)):
        raise exc


def _cell(value: object) -> Cell:
    if value == "" or value is None:
        return None
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if isinstance(value, str | bool | int | date):  # datetime is a date
        return value
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


@dataclass
class _SheetScan:
    """What the streaming pass over one xlsx sheet's XML found (1-based rows and columns)."""

    formulas: list[tuple[int, int]] = field(default_factory=list)
    merges: list[tuple[str, int, int, int, int]] = field(default_factory=list)
    max_row: int = 0
    max_col: int = 0


_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _parse_ref(ref: str) -> tuple[int, int]:
    match = _REF.fullmatch(ref.strip())
    if match is None:
        raise TableError("file.corrupt", {"reason": "cell reference"})
    col = 0
    for letter in match.group(1).upper():
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)), col


_PASSIVE: Final = frozenset({"v", "is", "t", "x:v", "x:is", "x:t"})
"""Frequent sheet elements the scan does not need (values and inline-string text)."""


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _row_number(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 7:
        raise TableError("file.corrupt", {"reason": "cell reference"})
    return int(text)


_COLUMNS: dict[str, int] = {}
"""Column letters seen so far -> 1-based column (only valid ones: at most 18,278 entries)."""


def _column_number(letters: str) -> int:
    """1-based column of ``"A"``..``"ZZZ"``."""
    if not (1 <= len(letters) <= 3 and letters.isascii() and letters.isalpha()):
        raise TableError("file.corrupt", {"reason": "cell reference"})
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    if letters.isupper():
        _COLUMNS[letters] = column
    return column


def _cell_position(ref: str) -> tuple[int, int]:
    """(row, column), both 1-based, of a cell's ``r`` attribute such as ``"AB12"``."""
    letters = ref.rstrip("0123456789")
    return _row_number(ref[len(letters) :]), _column_number(letters)


def _parse_xml(
    archive: zipfile.ZipFile, member: str, start: Callable[[str, dict[str, str]], None]
) -> None:
    """Stream ``member`` through expat, calling ``start(name, attrs)``; no DTDs.

    ``name`` keeps any namespace prefix (``x:c``); see :func:`_local`.
    """
    try:
        info = archive.getinfo(member)
    except KeyError as exc:
        raise TableError("file.corrupt", {"reason": f"missing {member}"}) from exc

    def refuse(*_: object) -> None:
        raise TableError("file.corrupt", {"reason": "xml dtd"})

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except TableError:
        raise
    except Exception as exc:  # ExpatError, zlib.error, BadZipFile, ...
        raise TableError("file.corrupt", {"reason": "xml"}) from exc


def _xlsx_sheet_member(archive: zipfile.ZipFile, sheet: str) -> str:
    workbook = "xl/workbook.xml"
    rel_ids: dict[str, str] = {}
    targets: dict[str, str] = {}

    def on_workbook(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            rel_ids.setdefault(attrs.get("name", ""), rid)

    def on_rels(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    _parse_xml(archive, workbook, on_workbook)
    _parse_xml(archive, "xl/_rels/workbook.xml.rels", on_rels)
    target = targets.get(rel_ids.get(sheet, ""), "")
    if not target:
        raise TableError("file.corrupt", {"reason": "sheet part"})
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(workbook), target))


def _scan_xlsx_sheet(archive: zipfile.ZipFile, sheet: str) -> _SheetScan:
    scan = _SheetScan()
    row = col = 0  # the current cell; cells and rows may omit their r attribute
    suffix = "0"  # str(row): the common case is a cell reference ending in it
    columns = _COLUMNS

    def on_element(name: str, attrs: dict[str, str]) -> None:
        # Called for every element of the sheet (about three per cell): keep it lean.
        nonlocal row, col, suffix
        if name in _PASSIVE:
            return
        if ":" in name:
            name = _local(name)
        if name == "c":
            ref = attrs.get("r")
            if ref is None:
                col += 1
            elif ref.endswith(suffix) and ref[: -len(suffix)] in columns:
                col = columns[ref[: -len(suffix)]]
            else:
                row, col = _cell_position(ref)
                suffix = str(row)
                scan.max_row = max(scan.max_row, row)
            # Counts cells that hold only a style too: an over-estimate of calamine's area.
            if col > scan.max_col:
                scan.max_col = col
        elif name == "f":
            scan.formulas.append((row, col))
        elif name == "row":
            number = attrs.get("r")
            row = _row_number(number) if number is not None else row + 1
            suffix = str(row)
            scan.max_row = max(scan.max_row, row)
            col = 0
        elif name == "mergeCell":
            ref = attrs.get("ref", "")
            first, _, last = ref.partition(":")
            (r1, c1), (r2, c2) = _parse_ref(first), _parse_ref(last or first)
            scan.merges.append((ref, r1, c1, r2, c2))

    member = _xlsx_sheet_member(archive, sheet)
    fast = _fast_scan(archive, member)
    if fast is not None:
        scan = fast
    else:
        _parse_xml(archive, member, on_element)
    _check_area(scan.max_row, scan.max_col)
    return scan


FAST_SCAN_MAX_BYTES: Final = 256 * MIB
# Anything the regular expressions do not model sends the sheet to the expat scan: formulas,
# merged cells, DTDs and entities, namespace prefixes, processing instructions, comments and
# CDATA (which could hide or fake tags).
_SLOW_MARKERS = re.compile(rb"<f[\s>/]|<mergeCell|<!|<\?(?!xml )|<[A-Za-z_][\w.-]*:[A-Za-z]")
# A cell or row element that does not start exactly <c r="A1" / <row r="1" (reference first,
# one space, upper-case letters, no leading zero) also falls back.
_IRREGULAR = re.compile(
    rb'<c(?:[\t\n\r/>]| (?!r="[A-Z]{1,3}[1-9][0-9]{0,6}"))'
    rb'|<row(?:[\t\n\r/>]| (?!r="[1-9][0-9]{0,6}"))'
)

_ONE_LETTER: Final = tuple(bytes([c]) for c in range(ord("Z"), ord("A") - 1, -1))


def _largest(data: bytes, pattern: str, widths: range) -> bytes | None:
    """The largest value of the group in ``pattern`` (``{w}`` = its width) over ``data``:
    the widest present wins, so only the few references of that width are collected."""
    for width in widths:
        found: list[bytes] = re.findall(pattern.format(w=width).encode(), data)
        if found:
            return max(found)
    return None


def _fast_scan(archive: zipfile.ZipFile, member: str) -> _SheetScan | None:
    """The used area of a plain sheet (no formulas, merges, prefixes or DTD) in a few
    C-speed regular-expression passes; ``None`` when the sheet needs the full expat scan.

    Sound because in a plain sheet every cell is ``<c r="A1" ...>`` and every row
    ``<row r="1" ...>``, as Excel, LibreOffice and openpyxl write them, and calamine places
    a cell by its own reference: the largest row and column over all references bound the
    area it allocates. Anything else falls back.
    """
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > FAST_SCAN_MAX_BYTES:
        return None
    try:
        data = archive.read(info)
    except Exception:
        return None
    if _SLOW_MARKERS.search(data) or _IRREGULAR.search(data):
        return None
    cell_row = _largest(data, r'<c r="[A-Z]{{1,3}}([1-9][0-9]{{{w}}})"', range(6, -1, -1))
    row = _largest(data, r'<row r="([1-9][0-9]{{{w}}})"', range(6, -1, -1))
    letters = _largest(data, r'<c r="([A-Z]{{{w}}})[1-9]', range(3, 1, -1)) or next(
        (c for c in _ONE_LETTER if b'<c r="' + c in data), None
    )
    scan = _SheetScan()
    scan.max_row = max(int(cell_row or 0), int(row or 0))
    scan.max_col = _column_number(letters.decode()) if letters else 0
    return scan


_REPEAT_DIGITS: Final = 7
"""Longest ``number-rows-repeated``/``number-columns-repeated`` value read (ODF sheets have
at most 1,048,576 rows and 16,384 columns)."""


def _repeat(attrs: dict[str, str], local_name: str) -> int:
    text = next((v for k, v in attrs.items() if _local(k) == local_name), "1")
    if not (text.isascii() and text.isdigit()) or len(text) > _REPEAT_DIGITS or text == "0":
        raise TableError("file.corrupt", {"reason": "ods repeat"})
    return int(text)


_ODS_CELLS: Final = frozenset({"table-cell", "covered-table-cell"})
_ODS_USED: Final = frozenset({"value-type", "formula"})
"""Attributes (local names) that make calamine read an ods cell as holding a value."""


def _scan_ods_content(archive: zipfile.ZipFile) -> None:
    """Refuse an ods whose tables' used areas add up to more than :data:`MAX_CELLS`.

    Streams ``content.xml`` (DTDs refused). A cell counts as used when it has a value type,
    as for calamine, which skips the repeated empty rows and cells LibreOffice writes up to
    the sheet's edge; a repeated used cell or row counts as all of its copies. The detail
    names the table being read when the limit was passed.
    """
    row = 0  # rows before the current row element, which stands for `repeated` rows
    repeated = col = max_row = max_col = earlier_tables = 0

    def on_element(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, repeated, col, max_row, max_col, earlier_tables
        name = _local(name)
        if name in _ODS_CELLS:
            col += _repeat(attrs, "number-columns-repeated")
            if any(_local(k) in _ODS_USED for k in attrs):
                max_row, max_col = max(max_row, row + repeated), max(max_col, col)
                # At once, so a huge file is not read to its end.
                _check_area(max_row, max_col, elsewhere=earlier_tables)
        elif name == "table-row":
            row += repeated
            repeated = _repeat(attrs, "number-rows-repeated")
            col = 0
        elif name == "table":
            earlier_tables += max_row * max_col
            row = repeated = col = max_row = max_col = 0

    _parse_xml(archive, "content.xml", on_element)
