"""Turn the untyped cells of a :class:`~formasi.domain.tabular.Table` into typed records,
and compare them with what is stored.

The middle layer of every import (issue 3): :mod:`formasi.domain.tabular` reads the file,
this module types and checks each cell against a column declaration and classifies the
rows as new, changed or unchanged; the Django layer resolves references (units, positions,
regions), applies the domain rules of each kind and writes. Pure Python, no Django.

Rules implemented
-----------------
* A cell is typed by its :class:`Column`: text (stripped; inner runs of whitespace kept),
  integer, decimal, date, choice, digits (identifiers such as NIP and NIK) or boolean.
  Empty cells are ``None``; a required column with an empty cell is an error.
* Dates are day-first as Indonesians write them: ``31-12-1980``, ``31/12/1980``,
  ``31.12.1980``, ``31 Desember 1980``, ``17-Apr-1990``, ``17-Agu-1990`` (Indonesian or
  English month names, full or abbreviated), ISO ``1980-12-31`` or an ISO timestamp at
  midnight (``1990-04-17T00:00:00Z``, as SIASN and JSON tools write dates); spreadsheet date
  cells are taken as they are. Two-digit years (``17/4/90``) follow POSIX ``strptime``'s
  ``%y``: below :data:`TWO_DIGIT_YEAR_PIVOT` (69) is 20xx, from it 19xx. A number in a date
  column is refused: without the cell's date format it is ambiguous.
* Identifiers (digits columns) must be text in the file. A spreadsheet number cell
  holding an NIP or NIK has lost its last digits (a spreadsheet keeps 15 significant
  digits), so such cells are refused with ``digits.number_cell``, never guessed.
  Spaces, dots and hyphens inside identifiers are ignored.
* Choice columns accept the value, its label, or an alias, compared after
  :func:`~formasi.domain.tabular.normalise_header`.
* A cell holding asterisk-masked text (``****************``; older exports wrote
  ``627101******0001``) in a column marked ``masked_keeps`` means "keep what is stored":
  exports mask the NIK for everyone but the agency's admin, and re-importing such an export
  must not wipe it.
* Formula cells are refused (``cell.formula``): their cached result may be stale or
  missing, and a planner must see the value that will be written.
* Keys: rows sharing a key are all invalid (``key.duplicate``), since which one is
  right cannot be known.

Row numbers are spreadsheet row numbers (1-based); errors name the column by the header
the file used.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Final

from formasi.domain.tabular import Cell, Table, normalise_header

__all__ = [
    "CELL_CODES",
    "KEEP",
    "TWO_DIGIT_YEAR_PIVOT",
    "CellError",
    "Column",
    "ColumnKind",
    "Diff",
    "ParsedRow",
    "RowError",
    "changed_since",
    "diff_records",
    "find_duplicates",
    "format_date",
    "missing_required",
    "parse_cell",
    "parse_date",
    "parse_rows",
    "record_digests",
]


class ColumnKind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    CHOICE = "choice"
    DIGITS = "digits"
    BOOLEAN = "boolean"


CELL_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "cell.required": "the column is required and the cell is empty",
        "cell.formula": "the cell holds a formula",
        "text.too_long": "more characters than allowed (detail: max_length, length)",
        "integer.invalid": "not a whole number (detail: value)",
        "number.range": "outside the allowed range (detail: value, min, max)",
        "decimal.invalid": "not a number (detail: value)",
        "date.invalid": "not a date (detail: value)",
        "date.number": "a number in a date column (detail: value)",
        "choice.invalid": "not one of the allowed values (detail: value, allowed)",
        "digits.invalid": "not digits (detail: value)",
        "digits.number_cell": "an identifier stored as a spreadsheet number (detail: value)",
        "digits.length": "wrong number of digits (detail: value, length)",
        "boolean.invalid": "not yes/no (detail: value)",
        "key.duplicate": "another row has the same key (detail: key, rows)",
        "column.missing": "a required column is not in the file (detail: column)",
    }
)
"""Every ``CellError.code`` this module produces, with its ``detail`` keys."""

MONTHS: Final[Mapping[str, int]] = MappingProxyType(
    {
        **{
            name: number
            for number, names in enumerate(
                [
                    ("januari", "january", "jan"),
                    ("februari", "february", "feb", "pebruari"),
                    ("maret", "march", "mar"),
                    ("april", "apr"),
                    ("mei", "may"),
                    ("juni", "june", "jun"),
                    ("juli", "july", "jul"),
                    ("agustus", "august", "agu", "agt", "aug"),
                    ("september", "sep", "sept"),
                    ("oktober", "october", "okt", "oct"),
                    ("november", "nopember", "nov", "nop"),
                    ("desember", "december", "des", "dec"),
                ],
                start=1,
            )
            for name in names
        }
    }
)
YES: Final = frozenset({"ya", "y", "yes", "true", "1", "aktif", "benar"})
NO: Final = frozenset({"tidak", "t", "no", "n", "false", "0", "nonaktif", "tidak aktif", "salah"})

TWO_DIGIT_YEAR_PIVOT: Final = 69
"""A two-digit year below this is 20xx, from it 19xx (POSIX ``strptime`` ``%y``)."""

_NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")
_ISO_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_WORD_DATE = re.compile(r"^(\d{1,2})[\s/.-]+([A-Za-z]+)\.?[\s/.-]+(\d{4}|\d{2})$")
_IDENTIFIER_NOISE = re.compile(r"[\s.\-']")
_MASK = "*"
# Choice and yes/no cells repeat a handful of spellings down a column: cache short ones.
_normalised_short = lru_cache(maxsize=4096)(normalise_header)


def _normalised(text: str) -> str:
    return _normalised_short(text) if len(text) <= 100 else normalise_header(text)


@dataclass(frozen=True)
class Column:
    """One column of an import layout.

    ``field`` is the record key; ``header`` the canonical header (exports and templates
    write it; imports recognise it and every spelling in ``synonyms``). ``choices`` maps
    stored values to the label exports write; ``aliases`` adds other accepted spellings.
    ``length`` fixes the number of digits of a digits column.
    """

    field: str
    header: str
    kind: ColumnKind = ColumnKind.TEXT
    required: bool = False
    synonyms: tuple[str, ...] = ()
    max_length: int | None = None
    length: int | None = None
    min_value: int | Decimal | None = None
    max_value: int | Decimal | None = None
    choices: Mapping[str, str] = dataclass_field(default_factory=dict)
    aliases: Mapping[str, str] = dataclass_field(default_factory=dict)
    masked_keeps: bool = False
    help: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.header, *self.synonyms)

    def choice_lookup(self) -> dict[str, str]:
        return dict(self._choice_index)

    @cached_property
    def _choice_index(self) -> dict[str, str]:
        # Built once per column, not once per cell (a hot spot of 100,000-row imports).
        lookup: dict[str, str] = {}
        for value, label in self.choices.items():
            lookup[normalise_header(value)] = value
            lookup[normalise_header(label)] = value
        for alias, value in self.aliases.items():
            lookup[normalise_header(alias)] = value
        return lookup


class CellError(ValueError):
    """A cell that cannot be typed; ``code`` is one of :data:`CELL_CODES`."""

    def __init__(self, code: str, detail: Mapping[str, object] | None = None) -> None:
        self.code = code
        self.detail = dict(detail or {})
        super().__init__(f"{code}: {self.detail}" if self.detail else code)


KEEP: Final = object()
"""Returned by :func:`parse_cell` for a masked cell of a ``masked_keeps`` column."""

Value = str | int | Decimal | date | bool | None


def _text(cell: Cell) -> str:
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_date(cell: Cell) -> date:
    """A date from a spreadsheet date cell or day-first text; raises :class:`CellError`."""
    if isinstance(cell, datetime):
        if cell.time() != datetime.min.time():
            raise CellError("date.invalid", {"value": cell.isoformat(sep=" ")})
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, bool | int | float):
        raise CellError("date.number", {"value": _text(cell)})
    text = " ".join(str(cell).split())
    try:
        if match := _NUMERIC_DATE.match(text):
            day, month, year = (int(g) for g in match.groups())
            return date(_full_year(year, match.group(3)), month, day)
        if match := _ISO_DATE.match(text):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _WORD_DATE.match(text):
            named = MONTHS.get(match.group(2).casefold())
            if named is not None:
                year = _full_year(int(match.group(3)), match.group(3))
                return date(year, named, int(match.group(1)))
    except ValueError:
        pass
    raise CellError("date.invalid", {"value": text})


def _full_year(year: int, digits: str) -> int:
    if len(digits) != 2:
        return year
    return 2000 + year if year < TWO_DIGIT_YEAR_PIVOT else 1900 + year


@lru_cache(maxsize=65536)
def _cached_date(text: str) -> date:
    """``parse_date`` of a non-blank date text (errors are raised, not cached)."""
    return parse_date(text)


def format_date(value: date | None) -> str:
    """The date as exports write it in csv: ``dd-mm-yyyy``."""
    return "" if value is None else value.strftime("%d-%m-%Y")


def _is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def parse_cell(column: Column, cell: Cell) -> object:
    """The typed value of ``cell`` for ``column``: ``None`` when empty, :data:`KEEP` for a
    masked cell of a ``masked_keeps`` column. Raises :class:`CellError`."""
    if _is_blank(cell):
        if column.required:
            raise CellError("cell.required")
        return None
    kind = column.kind
    if kind is ColumnKind.DATE:
        return parse_date(cell)
    if kind is ColumnKind.DIGITS:
        return _parse_digits(column, cell)
    if kind is ColumnKind.INTEGER:
        return _check_range(column, _parse_integer(cell))
    if kind is ColumnKind.DECIMAL:
        return _check_range(column, _parse_decimal(cell))
    text = _text(cell)
    if kind is ColumnKind.BOOLEAN:
        key = _normalised(text)
        if key in YES:
            return True
        if key in NO:
            return False
        raise CellError("boolean.invalid", {"value": text})
    if kind is ColumnKind.CHOICE:
        value = column._choice_index.get(_normalised(text))
        if value is None:
            raise CellError(
                "choice.invalid", {"value": text, "allowed": list(column.choices.values())}
            )
        return value
    text = " ".join(text.split())
    if column.max_length is not None and len(text) > column.max_length:
        raise CellError("text.too_long", {"max_length": column.max_length, "length": len(text)})
    return text


def _fast_parser(column: Column) -> Callable[[Cell], object]:
    """``parse_cell`` for this column, with the common valid cell decided first (100,000-row
    files spend most of their typing time here); anything else takes ``parse_cell``."""
    kind = column.kind

    def slow(cell: Cell) -> object:
        return parse_cell(column, cell)

    if kind is ColumnKind.TEXT:
        limit = column.max_length

        def text(cell: Cell) -> object:
            if type(cell) is str:
                value = " ".join(cell.split())
                if value and (limit is None or len(value) <= limit):
                    return value
            return parse_cell(column, cell)

        return text
    if kind is ColumnKind.DIGITS:
        length = column.length

        def digits(cell: Cell) -> object:
            if type(cell) is str and cell[:1] == "'":  # SIASN's csv: '199001172015031001
                cell = cell[1:]
            if (
                type(cell) is str
                and cell.isdigit()
                and cell.isascii()
                and (length is None or len(cell) == length)
            ):
                return cell
            return parse_cell(column, cell)

        return digits
    if kind is ColumnKind.DATE:

        def day(cell: Cell) -> object:
            if type(cell) is date:
                return cell
            if type(cell) is str and len(cell) <= 40 and cell.strip():
                return _cached_date(cell)  # csv: a few thousand distinct dates, 100,000 cells
            return parse_cell(column, cell)

        return day
    if kind is ColumnKind.CHOICE:
        index = column._choice_index

        def choice(cell: Cell) -> object:
            if type(cell) is str and len(cell) <= 100:
                value = index.get(_normalised_short(cell))
                if value is not None:
                    return value
            return parse_cell(column, cell)

        return choice
    return slow


def _parse_digits(column: Column, cell: Cell) -> object:
    if isinstance(cell, bool) or not isinstance(cell, str):
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            raise CellError("digits.number_cell", {"value": _text(cell)})
        raise CellError("digits.invalid", {"value": _text(cell)})
    text = _IDENTIFIER_NOISE.sub("", cell)
    if column.masked_keeps and _MASK in text:
        return KEEP
    if not text.isdigit() or not text.isascii():
        raise CellError("digits.invalid", {"value": cell.strip()})
    if column.length is not None and len(text) != column.length:
        raise CellError("digits.length", {"value": text, "length": column.length})
    return text


def _parse_integer(cell: Cell) -> int:
    if isinstance(cell, bool):
        raise CellError("integer.invalid", {"value": _text(cell)})
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if cell.is_integer():
            return int(cell)
        raise CellError("integer.invalid", {"value": _text(cell)})
    text = _text(cell).replace(" ", "")
    # Indonesian thousands separators: 1.234.567 (a dot every three digits).
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d{1,15}", text):
        raise CellError("integer.invalid", {"value": _text(cell)})
    return int(text)


def _parse_decimal(cell: Cell) -> Decimal:
    if isinstance(cell, bool | date):
        raise CellError("decimal.invalid", {"value": _text(cell)})
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))
    text = _text(cell).replace(" ", "")
    if "," in text:  # Indonesian decimal comma: 1.234,5 or 12,5
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellError("decimal.invalid", {"value": _text(cell)}) from None
    if not value.is_finite() or len(text) > 30:
        raise CellError("decimal.invalid", {"value": _text(cell)})
    return value


def _check_range(column: Column, value: int | Decimal) -> int | Decimal:
    too_low = column.min_value is not None and value < column.min_value
    too_high = column.max_value is not None and value > column.max_value
    if too_low or too_high:
        raise CellError(
            "number.range",
            {"value": str(value), "min": _plain(column.min_value), "max": _plain(column.max_value)},
        )
    return value


def _plain(value: int | Decimal | None) -> str:
    return "" if value is None else str(value)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class RowError:
    """A problem with one row (or, with ``row`` 0, with the file as a whole)."""

    row: int
    column: str
    code: str
    detail: Mapping[str, object] = dataclass_field(default_factory=dict)


@dataclass
class ParsedRow:
    """A row whose cells all typed; ``values`` holds only the mapped columns, minus cells
    that say "keep what is stored"."""

    number: int
    values: dict[str, object]


def missing_required(columns: Sequence[Column], mapping: Mapping[str, int]) -> list[RowError]:
    """File-level errors for required columns the mapping does not cover."""
    return [
        RowError(0, column.header, "column.missing", {"column": column.header})
        for column in columns
        if column.required and column.field not in mapping
    ]


def parse_rows(
    table: Table,
    columns: Sequence[Column],
    mapping: Mapping[str, int],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[ParsedRow], list[RowError]]:
    """Type every mapped cell; ``mapping`` is field -> column index into ``table.headers``.

    Returns the rows whose every cell typed, and an error per bad cell (a row may have
    several). Blank rows inside the data are skipped. ``progress(done, total)`` is called
    every 1,000 rows.
    """
    by_field = {column.field: column for column in columns}
    plan = [
        (by_field[name], index, table.headers[index], _fast_parser(by_field[name]))
        for name, index in mapping.items()
    ]
    formulas: dict[int, set[str]] = {}
    for number, header in table.formula_cells:
        formulas.setdefault(number, set()).add(header)
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    total = len(table.rows)
    for offset, cells in enumerate(table.rows):
        if progress is not None and offset % 1000 == 0:
            progress(offset, total)
        if all(_is_blank(cell) for cell in cells):
            continue
        number = table.first_row_number + offset
        values: dict[str, object] = {}
        row_errors: list[RowError] = []
        formula_headers = formulas.get(number, ())
        for column, index, header, parse in plan:
            if header in formula_headers:
                row_errors.append(RowError(number, header, "cell.formula"))
                continue
            try:
                value = parse(cells[index])
            except CellError as exc:
                row_errors.append(RowError(number, header, exc.code, exc.detail))
                continue
            if value is not KEEP:
                values[column.field] = value
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append(ParsedRow(number, values))
    if progress is not None:
        progress(total, total)
    return rows, errors


def find_duplicates(
    rows: Iterable[ParsedRow], key: Callable[[ParsedRow], Hashable | None], column: str
) -> tuple[list[ParsedRow], list[RowError]]:
    """Split off every row whose key another row shares (rows with key ``None`` pass)."""
    rows = list(rows)
    seen: dict[Hashable, list[int]] = {}
    for row in rows:
        k = key(row)
        if k is not None:
            seen.setdefault(k, []).append(row.number)
    kept: list[ParsedRow] = []
    errors: list[RowError] = []
    for row in rows:
        k = key(row)
        numbers = seen.get(k, []) if k is not None else []
        if len(numbers) > 1:
            others = [n for n in numbers if n != row.number]
            errors.append(
                RowError(row.number, column, "key.duplicate", {"key": str(k), "rows": others})
            )
        else:
            kept.append(row)
    return kept, errors


@dataclass
class Diff:
    """How incoming records compare with stored ones, by key.

    ``changed`` maps a key to {field: (stored, incoming)} for the fields that differ.
    ``missing`` lists stored keys the file does not have (deactivated by a full snapshot).
    """

    new: list[Hashable] = dataclass_field(default_factory=list)
    changed: dict[Hashable, dict[str, tuple[object, object]]] = dataclass_field(
        default_factory=dict
    )
    unchanged: list[Hashable] = dataclass_field(default_factory=list)
    missing: list[Hashable] = dataclass_field(default_factory=list)


def diff_records(
    incoming: Mapping[Hashable, Mapping[str, object]],
    stored: Mapping[Hashable, Mapping[str, object]],
) -> Diff:
    """Compare field by field; only fields present in an incoming record are compared, so a
    file without a column leaves that column as it is."""
    result = Diff()
    for key, values in incoming.items():
        old = stored.get(key)
        if old is None:
            result.new.append(key)
            continue
        changes = {
            name: (old.get(name), value) for name, value in values.items() if old.get(name) != value
        }
        if changes:
            result.changed[key] = changes
        else:
            result.unchanged.append(key)
    result.missing = [key for key in stored if key not in incoming]
    return result


def record_digests(
    stored: Mapping[Hashable, Mapping[str, object]], keys: Iterable[Hashable]
) -> dict[str, str]:
    """What each stored record looked like, as a short digest by ``str(key)`` ("" when no
    record has the key): taken when a preview compares a file with the stored data, and
    again inside the commit's transaction, so a commit can tell which records someone else
    changed (or created) in between (optimistic locking of an import, issue 13)."""
    digests: dict[str, str] = {}
    for key in keys:
        values = stored.get(key)
        text = "" if values is None else repr(sorted(values.items(), key=lambda kv: kv[0]))
        digests[str(key)] = (
            "" if values is None else hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
        )
    return digests


def changed_since(before: Mapping[str, str], now: Mapping[str, str]) -> list[str]:
    """The keys (sorted) whose record differs between two :func:`record_digests`; a key
    missing from one side counts as "no record" there."""
    return sorted(k for k in before.keys() | now.keys() if before.get(k, "") != now.get(k, ""))
