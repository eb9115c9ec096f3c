"""Read an uploaded table (xlsx, xls, ods or csv) safely into plain Python values.

The lowest layer of personnel and organisation imports (issue 3): it decides what the file
really is, refuses files that are dangerous or not tables, finds the header row and returns
the cells untyped. Typing, validation and the mapping to model fields are the next layers'
job. Pure Python (no Django); every failure is a :class:`TableError` whose ``code`` (one of
:data:`CODES`) the Django layer turns into an Indonesian message, with ``detail`` holding
the plain values for the placeholders.

Rules implemented
-----------------
* Size first: more than ``max_bytes`` (50 MiB by default) is refused before anything else.
* The type comes from the content (magic bytes), not the name: xlsx and ods are zip
  containers (``[Content_Types].xml`` plus ``xl/`` parts; a ``mimetype`` member naming an
  OpenDocument spreadsheet), xls is an OLE2 compound file, csv is text. A name that
  disagrees with the content is refused, so a renamed file never reaches the wrong parser.
* Zip bombs: :func:`formasi.domain.archives.open_zip` inflates every member in chunks,
  counting real bytes, before the workbook parser sees the file: at most ``zip_limits``
  (2,000 members, 500 MiB in total, no member over 10 MiB compressed more than 100:1), and
  a member inflating to more than its header declares is refused. For xlsx the sheet XML is also
  scanned (streaming, DTDs refused) for formulas, merged cells and the used area, which
  must stay under :data:`MAX_CELLS` so the parser never allocates a giant grid. For ods the
  used areas of all tables in ``content.xml`` together must stay under it (the parser loads
  every table when it opens the file); for xls, which has no such cheap scan, the limit is
  checked on the parser's sheet before its cells become Python values.
* The header is the first row with any content; rows above it and empty rows at the end are
  dropped. When the caller names the header spellings it knows (``expected_headers``), the
  header is instead the first of the first :data:`HEADER_SEARCH_ROWS` non-empty rows where
  at least two cells (or the one non-empty cell) are known spellings, so title rows above
  the table are skipped; a one-cell row is passed over when a later row also qualifies, and
  with no qualifying row the rule falls back to the first row with content. Header text is
  stripped; a blank header is allowed only over an empty column; two headers equal after
  :func:`normalise_header` are refused. Merged cells in the header and data rows are
  refused; those entirely above the header (a merged title) are ignored.
* CSV is UTF-8 (BOM optional; UTF-16 with a BOM is also accepted, as Excel's "Unicode
  text" writes it), else Windows-1252; the delimiter is one of comma, semicolon or tab.
  CSV cells stay strings.
* Identifiers typed into number cells: a spreadsheet stores numbers as binary floats, exact
  to 15 significant digits, so an 18-digit NIP or 16-digit NIK typed as a number has lost
  its last digits. :func:`identifier_text` gives the text of an identifier cell, or ``None``
  when the cell is such a number and its digits cannot be trusted.

Units: sizes in bytes (``limit_mb`` details in MiB); row numbers are 1-based as a
spreadsheet program shows them (for csv, the record number); columns are 0-based indexes
into :attr:`Table.headers`.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import Final
from xml.parsers import expat

import python_calamine

from formasi.domain.archives import ZipLimits, ZipRefused, open_zip
from formasi.domain.csvcells import unguard

__all__ = [
    "CODES",
    "EMPLOYEE_HEADER_SYNONYMS",
    "MAX_CELLS",
    "Cell",
    "Table",
    "TableError",
    "identifier_text",
    "match_headers",
    "normalise_header",
    "read_table",
]

Cell = str | int | float | bool | date | datetime | None

CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "file.too_large": "the file is larger than the limit (detail: limit_mb, size_mb)",
        "file.empty": "the file (or the chosen sheet) has no content (detail: sheet)",
        "file.type_mismatch": "the content is not what the extension says "
        "(detail: extension, detected)",
        "file.unsupported": "the extension is not one of xlsx, xls, ods, csv (detail: extension)",
        "file.zip_bomb": "the archive expands too much (detail: limit_mb, or member and ratio, "
        "or member and declared)",
        "file.zip_members": "the archive holds too many files (detail: limit)",
        "file.corrupt": "the file is damaged or cannot be parsed (detail: reason)",
        "file.encrypted": "the workbook is password-protected",
        "csv.encoding": "the csv is neither UTF-8 nor Windows-1252 (detail: tried)",
        "csv.malformed": "the csv cannot be split into records (detail: row)",
        "sheet.not_found": "the requested sheet does not exist (detail: sheet, available)",
        "sheet.too_large": "the sheet's used area is too large (detail: rows, columns, limit)",
        "sheet.merged_cells": "merged cells in the header or data rows (detail: ranges)",
        "sheet.no_header": "the first non-empty row holds numbers or dates, not column names "
        "(detail: row)",
        "sheet.blank_header": "a column has values but no header (detail: column, row)",
        "sheet.duplicate_header": "two columns have the same header (detail: headers)",
    }
)
"""Every ``TableError.code`` with a short English description of it and its ``detail``."""

MAX_CELLS: Final = 10_000_000
"""Largest used area (rows x columns) of a sheet handed to the parser (ods: of all sheets)."""

HEADER_SEARCH_ROWS: Final = 20
"""How many non-empty rows are searched for the header when ``expected_headers`` is given."""

EXACT_DIGITS: Final = 15
"""Significant digits a spreadsheet number (an IEEE 754 double) is guaranteed to keep."""

MIB: Final = 1024 * 1024

EXTENSIONS: Final = ("xlsx", "xls", "ods", "csv")
ZIP_MAGIC: Final = b"PK\x03\x04"
OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
OTHER_MAGIC: Final = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"%PDF-", "pdf"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
)
CSV_SNIFF_CHARS: Final = 64 * 1024
CSV_DELIMITERS: Final = ",;\t"


class TableError(ValueError):
    """The upload cannot be read as a table.

    ``code`` is one of :data:`CODES`; ``detail`` holds plain values (numbers, strings, lists
    of them) for the translated message. ``str(exc)`` is an English message for logs.
    """

    code: str
    detail: dict[str, object]

    def __init__(self, code: str, detail: Mapping[str, object] | None = None) -> None:
        self.code = code
        self.detail = dict(detail or {})
        super().__init__(f"{code}: {self.detail}" if self.detail else code)

    def __reduce__(self) -> tuple[type[TableError], tuple[str, dict[str, object]]]:
        return (type(self), (self.code, self.detail))


@dataclass(frozen=True)
class Table:
    """The header and data rows of one sheet, cells untyped beyond what the file says.

    Every row has ``len(headers)`` cells; empty cells are ``None``. Spreadsheet numbers
    come back as ``int`` when integral (below 2**53) and ``float`` otherwise; times and
    durations as ISO-style strings. A number with more than 15 significant digits (an NIP
    or NIK typed into a number cell) has already lost digits in the file: read identifier
    columns through :func:`identifier_text`. ``formula_cells`` lists (row number, header)
    of data cells that held a formula (xlsx only); their value is whatever result the file
    cached.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    first_row_number: int
    sheet: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    formula_cells: tuple[tuple[int, str], ...] = ()

    def row_number(self, index: int) -> int:
        """The spreadsheet row number of ``rows[index]`` (data rows are contiguous)."""
        return self.first_row_number + index


# --------------------------------------------------------------------------- entry point


def read_table(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = 50 * MIB,
    zip_limits: ZipLimits = ZipLimits(),  # noqa: B008 (a frozen dataclass)
    sheet: str | None = None,
    expected_headers: Collection[str] | None = None,
) -> Table:
    """Read ``data`` (the uploaded file named ``filename``) into a :class:`Table`.

    ``zip_limits`` bound what a zip-based file (xlsx, ods) may inflate to.
    ``sheet`` picks a worksheet by name (default: the first); csv ignores it.
    ``expected_headers`` are the header spellings the caller recognises (compared after
    :func:`normalise_header`, e.g. every synonym in :data:`EMPLOYEE_HEADER_SYNONYMS`): given,
    the header is looked for below any title rows (see the module docstring). Raises
    :class:`TableError` for every problem with the file, and nothing else.
    """
    if len(data) > max_bytes:
        raise TableError(
            "file.too_large",
            {"limit_mb": round(max_bytes / MIB, 1), "size_mb": round(len(data) / MIB, 1)},
        )
    extension = posixpath.splitext(filename.replace("\\", "/"))[1].lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise TableError("file.unsupported", {"extension": extension})
    if not data:
        raise TableError("file.empty", {"sheet": ""})

    archive = _open_zip(data, zip_limits) if data.startswith(ZIP_MAGIC) else None
    detected = _detect(data, archive)
    if detected != extension:
        raise TableError("file.type_mismatch", {"extension": extension, "detected": detected})
    expected = (
        None
        if expected_headers is None
        else frozenset(filter(None, map(normalise_header, expected_headers)))
    )
    if detected == "csv":
        return _read_csv(data, expected)
    return _read_workbook(data, detected, archive, sheet, expected)


def _detect(data: bytes, archive: zipfile.ZipFile | None) -> str:
    if archive is not None:
        names = set(archive.namelist())
        if "[Content_Types].xml" in names:
            return "xlsx" if any(n.startswith("xl/") for n in names) else "ooxml"
        if "mimetype" in names:
            info = archive.getinfo("mimetype")
            if info.file_size <= 200 and _read_member(archive, info) == ODS_MIMETYPE:
                return "ods"
            return "opendocument"
        return "zip"
    if data.startswith(OLE2_MAGIC):
        return "xls"
    for magic, name in OTHER_MAGIC:
        if data.startswith(magic):
            return name
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    return "binary" if b"\x00" in data[:8192] else "csv"


def _open_zip(data: bytes, limits: ZipLimits) -> zipfile.ZipFile:
    try:
        return open_zip(data, limits)
    except ZipRefused as exc:
        raise _zip_error(exc) from exc


def _zip_error(exc: ZipRefused) -> TableError:
    if exc.code == "zip.corrupt":
        return TableError("file.corrupt", {"reason": "zip"})
    if exc.code == "zip.too_many_members":
        return TableError("file.zip_members", exc.detail)
    return TableError("file.zip_bomb", exc.detail)  # too large, ratio or size mismatch


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        # _open_zip checked that every member inflates to exactly its declared size.
        with archive.open(info) as stream:
            return stream.read(info.file_size + 1)[: info.file_size]
    except Exception as exc:  # zlib.error, BadZipFile (CRC), NotImplementedError, ...
        raise TableError("file.corrupt", {"reason": "zip"}) from exc


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


# --------------------------------------------------------------------------- csv


def _read_csv(data: bytes, expected: frozenset[str] | None) -> Table:
    text, encoding = _decode(data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[Cell]]] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            # Exports guard formula-like text with an apostrophe (domain.csvcells): undone here.
            records.append((number, [unguard(value) if value else None for value in record]))
    except csv.Error as exc:
        raise TableError("csv.malformed", {"row": number + 1}) from exc
    table = _build_table(
        records, fmt="csv", sheet="", left=0, scan=None, typed=False, expected=expected
    )
    return replace(table, encoding=encoding, delimiter=delimiter)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts: tuple[str, ...] = ("utf-16",)
    elif data.startswith(codecs.BOM_UTF8):
        attempts = ("utf-8-sig",)
    else:
        attempts = ("utf-8", "cp1252")
    for encoding in attempts:
        try:
            return data.decode(encoding), "windows-1252" if encoding == "cp1252" else encoding
        except UnicodeDecodeError:
            continue
    raise TableError(
        "csv.encoding", {"tried": ["windows-1252" if e == "cp1252" else e for e in attempts]}
    )


def _delimiter(text: str) -> str:
    sample = text[:CSV_SNIFF_CHARS]
    if len(text) > CSV_SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    header = next((line for line in sample.splitlines() if line.strip()), "")

    def width(delimiter: str) -> int:
        return len(next(csv.reader([header], delimiter=delimiter), []))

    best = max(CSV_DELIMITERS, key=width)  # ties keep the earlier, i.e. the comma
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        return best
    if sniffed not in CSV_DELIMITERS or (width(sniffed) == 1 and width(best) > 1):
        return best
    return sniffed


# --------------------------------------------------------------------------- header and rows


def _is_empty(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _build_table(
    numbered_rows: Iterable[tuple[int, list[Cell]]],
    *,
    fmt: str,
    sheet: str,
    left: int,
    scan: _SheetScan | None,
    typed: bool,
    expected: frozenset[str] | None = None,
) -> Table:
    """Find the header, drop empty rows around the data and check the columns.

    ``left`` is the 0-based sheet column of each row's first cell; ``typed`` says whether
    the cells carry types (spreadsheets), so a header row of numbers can be recognised;
    ``expected`` holds the normalised header spellings to look for below title rows.
    """
    iterator: Iterator[tuple[int, list[Cell]]] = iter(numbered_rows)
    if expected:
        iterator = _skip_title_rows(iterator, expected)
    for header_number, header_cells in iterator:  # noqa: B007 (used after the loop)
        if not all(_is_empty(v) for v in header_cells):
            break
    else:
        raise TableError("file.empty", {"sheet": sheet})
    if typed and any(not isinstance(v, str) for v in header_cells if v is not None):
        raise TableError("sheet.no_header", {"row": header_number})

    data: list[tuple[int, list[Cell]]] = list(iterator)
    while data and all(_is_empty(v) for v in data[-1][1]):
        data.pop()
    width = max([len(header_cells), *(len(cells) for _, cells in data)])
    headers = [str(v).strip() if v is not None else "" for v in header_cells]
    headers += [""] * (width - len(headers))
    rows = [cells + [None] * (width - len(cells)) for _, cells in data]
    # Drop trailing unnamed columns that are empty throughout (a trailing delimiter).
    while headers and not headers[-1] and all(_is_empty(row[len(headers) - 1]) for row in rows):
        headers.pop()
        for row in rows:
            row.pop()
    width = len(headers)
    last_number = data[-1][0] if data else header_number

    if scan is not None:
        merged = [
            ref
            for ref, r1, c1, r2, c2 in scan.merges
            if r1 <= last_number and r2 >= header_number and c1 <= left + width and c2 > left
        ]
        if merged:
            raise TableError("sheet.merged_cells", {"ranges": merged})

    for column, header in enumerate(headers):
        if not header:
            filled = next(
                (n for (n, _), r in zip(data, rows, strict=True) if not _is_empty(r[column])), None
            )
            if filled is not None:
                raise TableError("sheet.blank_header", {"column": column, "row": filled})
    seen: dict[str, str] = {}
    duplicates: list[str] = []
    for header in headers:
        key = normalise_header(header)
        if key and key in seen:
            duplicates += [seen[key], header] if seen[key] not in duplicates else [header]
        seen.setdefault(key, header)
    if duplicates:
        raise TableError("sheet.duplicate_header", {"headers": duplicates})

    formulas: tuple[tuple[int, str], ...] = ()
    if scan is not None:
        formulas = tuple(
            (row, headers[col - 1 - left])
            for row, col in scan.formulas
            if header_number < row <= last_number and left < col <= left + width
        )
    return Table(
        headers=tuple(headers),
        rows=tuple(tuple(row) for row in rows),
        first_row_number=header_number + 1,
        sheet=sheet,
        format=fmt,
        formula_cells=formulas,
    )


def _skip_title_rows(
    rows: Iterator[tuple[int, list[Cell]]], expected: frozenset[str]
) -> Iterator[tuple[int, list[Cell]]]:
    """``rows`` from the header on, the header found among known spellings ``expected``.

    Reads ahead at most :data:`HEADER_SEARCH_ROWS` non-empty rows. The header is the first
    of them where at least two cells, or the only non-empty cell, are known spellings; a
    one-cell row (a title) is passed over when a later one qualifies too. With none, all
    rows come back and the first non-empty one is the header, as without ``expected``.
    """
    ahead: list[tuple[int, list[Cell]]] = []
    header: int | None = None  # index into ahead
    header_is_lone = False
    seen = 0
    for numbered in rows:
        ahead.append(numbered)
        filled = [v for v in numbered[1] if not _is_empty(v)]
        if not filled:
            continue
        known = sum(isinstance(v, str) and normalise_header(v) in expected for v in filled)
        if known >= min(2, len(filled)):
            if header is None or header_is_lone:
                header, header_is_lone = len(ahead) - 1, len(filled) == 1
            if not header_is_lone:
                break
        seen += 1
        if seen == HEADER_SEARCH_ROWS:
            break
    start = 0 if header is None else header
    yield from ahead[start:]
    yield from rows


# --------------------------------------------------------------------------- identifiers


def identifier_text(value: Cell) -> str | None:
    """The text of an identifier cell (NIP, NIK), or ``None`` if its digits are lost.

    A string comes back stripped and an ``int`` as its decimal digits; they are not checked
    further (that is the validation layer's job). An empty cell gives ``""``. ``None`` means
    the file cannot be trusted for this identifier: the cell held a spreadsheet number with
    more than :data:`EXACT_DIGITS` significant digits (an ``int`` of 10**15 or more, or any
    ``float``), so an 18-digit NIP or 16-digit NIK typed as a number has lost its last digits
    (Excel shows 198001012005011001 as 198001012005011000); or it held a boolean or a date.
    The user has to store the column as text and upload again.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or not isinstance(value, int):  # float, date, datetime
        return None
    if abs(value) >= 10**EXACT_DIGITS:
        return None
    return str(value)


# --------------------------------------------------------------------------- header matching

_SEPARATORS = re.compile(r"[\s_./\\-]+")


def normalise_header(text: str) -> str:
    """Lowercase, strip accents, and collapse spaces, underscores, dots, slashes, hyphens.

    ``"  Tgl._Lahir "`` and ``"tgl lahir"`` both become ``"tgl lahir"``.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", plain.casefold()).strip()


def match_headers(
    headers: Sequence[str], synonyms: Mapping[str, Sequence[str]]
) -> tuple[dict[str, int], list[str]]:
    """Map fields to column indexes by their synonyms (compared after normalisation).

    Returns ``(field -> column index, unrecognised headers)``. Blank headers are ignored;
    a second column matching an already matched field is listed as unrecognised, so the
    user maps it by hand. Raises ``ValueError`` if ``synonyms`` is ambiguous.
    """
    lookup: dict[str, str] = {}
    for name, spellings in synonyms.items():
        for spelling in spellings:
            key = normalise_header(spelling)
            if lookup.setdefault(key, name) != name:
                raise ValueError(f"synonym {spelling!r} is listed for {lookup[key]} and {name}")
    found: dict[str, int] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        match = lookup.get(key)
        if match is None or match in found:
            unknown.append(header)
        else:
            found[match] = index
    return found, unknown


EMPLOYEE_HEADER_SYNONYMS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "nip": ("nip", "nip baru", "nip 18", "nomor induk pegawai", "nip/ni pppk", "ni pppk"),
        "name": ("nama", "nama lengkap", "nama pegawai", "nama asn"),
        "birth_place": ("tempat lahir", "tempat lahir nama", "tmp lahir"),
        "birth_date": ("tanggal lahir", "tgl lahir", "tgl. lahir", "tgl_lahir"),
        "sex": ("jenis kelamin", "jk", "l/p", "kelamin"),
        "status": ("status", "status pegawai", "status kepegawaian", "status asn"),
        "position": ("jabatan", "nama jabatan", "jabatan nama"),
        "position_type": ("jenis jabatan", "jenis jabatan nama"),
        "unit": ("unit kerja", "unor", "unor nama", "nama unor", "unit organisasi"),
        # SIASN exports name it "TMT JABATAN"; a bare "TMT" next to jabatan means the same.
        "tmt_position": ("tmt", "tmt jabatan"),
        "tmt_cpns": ("tmt cpns",),
        "golongan": ("golongan", "gol", "gol ruang", "golongan ruang", "pangkat/golongan"),
        "education": ("pendidikan", "pendidikan terakhir", "tingkat pendidikan"),
        "origin_region": ("asal daerah", "daerah asal"),
        "nik": ("nik", "nomor induk kependudukan", "no ktp", "nomor ktp"),
        "contract_end": ("akhir kontrak", "tanggal akhir kontrak", "tmt akhir kontrak"),
    }
)
"""Header spellings of a SIASN-style employee export, keyed by ``Employee`` field name
(``position_type`` is the Position's type, not an Employee field)."""
