"""The table type, its error codes and the limits every reader enforces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Final

from formasi.domain.errors import UploadError

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
        "csv.delimiter": "no delimiter tried splits the header into columns "
        "(detail: tried, found: other punctuation in the header)",
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
CSV_DELIMITERS: Final = ",;\t|"


class TableError(UploadError):
    """The upload cannot be read as a table; ``code`` is one of :data:`CODES`."""


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
