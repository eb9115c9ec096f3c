"""The export writer: what it writes reads back the same, in openpyxl and in our reader."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from formasi.core.xlsx import write_table
from formasi.domain.importing import Column, ColumnKind, parse_cell
from formasi.domain.tabular import read_table

COLUMNS = (
    Column("nip", "NIP", ColumnKind.DIGITS, length=18),
    Column("name", "Nama", ColumnKind.TEXT),
    Column("born", "Tanggal Lahir", ColumnKind.DATE),
    Column("sex", "Jenis Kelamin", ColumnKind.CHOICE, choices={"M": "L", "F": "P"}),
    Column("area", "Luas", ColumnKind.DECIMAL),
    Column("year", "Tahun", ColumnKind.INTEGER),
    Column("active", "Aktif", ColumnKind.BOOLEAN),
)
ROW = {
    "nip": "198503022010032004",
    "name": "Siti <Rahmawati> & co",
    "born": date(1985, 3, 2),
    "sex": "F",
    "area": Decimal("2848.699"),
    "year": 2024,
    "active": True,
}


def test_xlsx_reads_back_in_openpyxl_with_text_identifiers_and_date_cells() -> None:
    sheet = load_workbook(io.BytesIO(write_table(COLUMNS, [ROW], "xlsx"))).active
    header, values = list(sheet.iter_rows(values_only=True))
    assert header == tuple(c.header for c in COLUMNS)
    assert values[0] == "198503022010032004"  # text, all 18 digits
    assert values[1] == "Siti <Rahmawati> & co"
    assert values[2].date() == date(1985, 3, 2)
    assert sheet["C2"].number_format.replace("\\", "") == "DD-MM-YYYY"
    assert values[3:] == ("P", 2848.699, 2024, "Ya")


def test_the_same_rows_give_the_same_bytes() -> None:
    assert write_table(COLUMNS, [ROW], "xlsx") == write_table(COLUMNS, [ROW], "xlsx")


def test_characters_xml_cannot_hold_are_replaced_not_fatal() -> None:
    data = write_table(COLUMNS, [{**ROW, "name": "A\x00B\x1fC"}], "xlsx")
    assert read_table(data, "a.xlsx").rows[0][1] == "A\ufffdB\ufffdC"


def test_dates_before_march_1900_survive_excels_phantom_leap_day() -> None:
    """Excel's 1900 system counts a 29 February 1900 that never was: serial 1 is
    1 January 1900, 59 is 28 February and 61 is 1 March. Dates on both sides of it must
    read back as written, in our reader and in openpyxl."""
    days = [date(1900, 1, 1), date(1900, 1, 2), date(1900, 2, 28), date(1900, 3, 1)]
    data = write_table(COLUMNS, [{**ROW, "born": day} for day in days], "xlsx")
    table = read_table(data, "a.xlsx")
    assert [parse_cell(COLUMNS[2], row[2]) for row in table.rows] == days
    sheet = load_workbook(io.BytesIO(data)).active
    assert [sheet.cell(r, 3).value.date() for r in range(2, 6)] == days


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda t: " ".join(t.split()) == t)  # text cells collapse whitespace


@settings(max_examples=60, deadline=None)
@given(
    name=texts,
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    year=st.integers(min_value=-(10**12), max_value=10**12),
    fmt=st.sampled_from(["xlsx", "csv"]),
)
def test_every_written_value_parses_back_to_itself(
    name: str, born: date, year: int, fmt: str
) -> None:
    row = {**ROW, "name": name, "born": born, "year": year}
    table = read_table(write_table(COLUMNS, [row], fmt), f"a.{fmt}")
    parsed = {c.field: parse_cell(c, table.rows[0][i]) for i, c in enumerate(COLUMNS)}
    assert parsed == row


def test_openpyxl_workbook_bytes_do_not_depend_on_the_time_of_saving() -> None:
    """openpyxl stamps zip members with the save time; workbook_bytes rewrites them."""
    import time_machine
    from openpyxl import Workbook

    from formasi.core.xlsx import workbook_bytes

    def build() -> Workbook:
        wb = Workbook()
        wb.properties.created = wb.properties.modified = datetime(2000, 1, 1)
        wb.active["A1"] = "Kebutuhan"
        return wb

    with time_machine.travel(datetime(2026, 1, 1, 8, 0, 0), tick=False):
        first = workbook_bytes(build())
    with time_machine.travel(datetime(2026, 6, 1, 9, 30, 7), tick=False):
        second = workbook_bytes(build())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {m.date_time for m in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
