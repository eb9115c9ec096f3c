"""Header detection, rows, identifier cells and header matching shared by every format."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from formasi.domain.tabular.base import (
    EXACT_DIGITS,
    HEADER_SEARCH_ROWS,
    Cell,
    Table,
    TableError,
)

if TYPE_CHECKING:
    from formasi.domain.tabular.workbooks import _SheetScan

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
    first_number = header_number + 1
    if data and _is_column_numbering(data[0][1], header_cells):
        first_number = data.pop(0)[0] + 1  # printed forms number the columns: not data
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
        first_row_number=first_number,
        sheet=sheet,
        format=fmt,
        formula_cells=formulas,
    )


def _is_column_numbering(cells: list[Cell], header: list[Cell]) -> bool:
    """A row of column numbers (1, 2, 3 … or ``(1)``, ``(2)`` …) under the header, one per
    named column and in order, as printed forms have."""
    named = [i for i, v in enumerate(header) if not _is_empty(v)]
    if len(named) < 2:
        return False
    values = [cells[i] if i < len(cells) else None for i in named]
    extra = [v for i, v in enumerate(cells) if i not in set(named) and not _is_empty(v)]
    if extra:
        return False
    for expected, value in enumerate(values, start=1):
        if isinstance(value, bool):
            return False
        text = str(value).strip().strip("()") if isinstance(value, str) else value
        if isinstance(value, float) and value.is_integer():
            text = int(value)
        if str(text) != str(expected):
            return False
    return True


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
