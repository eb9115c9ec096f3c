"""Reading uploaded tables safely (pure domain: no database, no Django).

Every file is built in memory. No .xls writer is installed (xlwt is not a dependency), so
the xls path is covered only by type sniffing and the property tests; its size guard (the
parser's sheet dimensions) is tested through an ods with the ods scan switched off.
"""

from __future__ import annotations

import io
import pickle
import re
import time
import zipfile
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formasi.domain.archives import ZipLimits
from formasi.domain.tabular import (
    CODES,
    EMPLOYEE_HEADER_SYNONYMS,
    MAX_CELLS,
    Cell,
    Table,
    TableError,
    identifier_text,
    match_headers,
    normalise_header,
    read_table,
)
from formasi.domain.tabular import workbooks as tabular

HEADER = ["NIP", "Nama", "Tanggal Lahir"]
ROWS: list[list[Any]] = [
    ["198001012005011001", "Budi Santoso", date(1980, 1, 1)],
    ["198502022010012002", "Siti Aminah", date(1985, 2, 2)],
]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
KNOWN = [spelling for spellings in EMPLOYEE_HEADER_SYNONYMS.values() for spelling in spellings]


# --------------------------------------------------------------------------- builders


def xlsx(rows: list[list[Any]], *, title: str = "Pegawai", setup: Any = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if setup is not None:
        setup(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods_cell(value: Any, *, repeat: int = 1) -> str:
    """One ``table:table-cell`` element, standing for ``repeat`` cells."""
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None:
        return f"<table:table-cell{repeated}/>"
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}"{repeated}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"{repeated}>'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def ods_row(cells: str, *, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{cells}</table:table-row>"


def ods(rows: list[list[Any]], *, title: str = "Lembar1") -> bytes:
    """A minimal OpenDocument spreadsheet (mimetype, content.xml, manifest)."""
    body = "".join(ods_row("".join(ods_cell(v) for v in row)) for row in rows)
    return ods_tables({title: body})


def ods_tables(tables: dict[str, str]) -> bytes:
    """An OpenDocument spreadsheet of the given tables (name -> ``table:table-row`` XML)."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        + "".join(f'<table:table table:name="{n}">{b}</table:table>' for n, b in tables.items())
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        mimetype = "application/vnd.oasis.opendocument.spreadsheet"
        archive.writestr("mimetype", mimetype, zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


def zip_with_zeros(size: int, *, member: str = "xl/worksheets/sheet1.xml") -> bytes:
    """An xlsx-looking zip whose one big member is ``size`` zero bytes (compresses ~1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w") as stream:
            chunk = b"\x00" * (1 << 20)
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return buffer.getvalue()


def rewrite_sheet(data: bytes, edit: Any) -> bytes:
    """Copy an xlsx, passing the first sheet's XML through ``edit``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = edit(content)
            target.writestr(info, content)
    return buffer.getvalue()


def assert_error(data: bytes, filename: str, code: str, **kwargs: Any) -> TableError:
    with pytest.raises(TableError) as info:
        read_table(data, filename, **kwargs)
    assert info.value.code == code, info.value
    assert code in CODES
    return info.value


# --------------------------------------------------------------------------- the error value


def test_table_error_is_a_picklable_value_error_with_code_and_detail() -> None:
    exc = TableError("file.too_large", {"limit_mb": 50})
    assert isinstance(exc, ValueError)
    copy = pickle.loads(pickle.dumps(exc))  # noqa: S301 (our own bytes)
    assert (copy.code, copy.detail, str(copy)) == ("file.too_large", {"limit_mb": 50}, str(exc))


# --------------------------------------------------------------------------- xlsx


def test_it_reads_an_xlsx_with_typed_cells() -> None:
    table = read_table(xlsx([HEADER, *ROWS, ["", "Tanpa NIP", None]]), "pegawai.xlsx")
    assert table.headers == ("NIP", "Nama", "Tanggal Lahir")
    assert table.rows[0] == ("198001012005011001", "Budi Santoso", date(1980, 1, 1))
    assert table.rows[2] == (None, "Tanpa NIP", None)
    assert (table.format, table.sheet, table.first_row_number) == ("xlsx", "Pegawai", 2)
    assert (table.encoding, table.delimiter, table.formula_cells) == (None, None, ())


def test_integral_numbers_come_back_as_int_and_others_as_float() -> None:
    table = read_table(xlsx([["Kelas", "Skor"], [7, 2.5], [8.0, True]]), "a.xlsx")
    assert table.rows == ((7, 2.5), (8, True))
    assert type(table.rows[1][0]) is int


def test_leading_empty_rows_and_columns_are_skipped_with_correct_row_numbers() -> None:
    def place(_: Any, sheet: Any) -> None:
        sheet["C4"], sheet["D4"] = "NIP", "Nama"
        sheet["C5"], sheet["D5"] = "1", "Budi"
        sheet["D7"] = "Siti"

    table = read_table(xlsx([], setup=place), "a.xlsx")
    assert table.headers == ("NIP", "Nama")
    assert table.first_row_number == 5
    assert table.rows == (("1", "Budi"), (None, None), (None, "Siti"))
    assert table.row_number(2) == 7


def test_trailing_empty_rows_are_dropped() -> None:
    def blank_tail(_: Any, sheet: Any) -> None:
        sheet["A10"] = "  "

    table = read_table(xlsx([HEADER, *ROWS], setup=blank_tail), "a.xlsx")
    assert len(table.rows) == 2


def test_formula_cells_are_reported_with_row_number_and_header() -> None:
    table = read_table(xlsx([["NIP", "Umur"], ["1", "=2025-1980"], ["2", 40]]), "a.xlsx")
    assert table.formula_cells == ((2, "Umur"),)


def test_merged_cells_in_the_data_are_refused() -> None:
    def merge(_: Any, sheet: Any) -> None:
        sheet.merge_cells("B2:C3")

    exc = assert_error(xlsx([HEADER, *ROWS], setup=merge), "a.xlsx", "sheet.merged_cells")
    assert exc.detail == {"ranges": ["B2:C3"]}


def test_merged_cells_outside_the_table_are_ignored() -> None:
    def merge(_: Any, sheet: Any) -> None:
        sheet.merge_cells("F1:G2")

    assert read_table(xlsx([HEADER, *ROWS], setup=merge), "a.xlsx").headers == tuple(HEADER)


def test_a_merged_title_above_the_header_is_refused() -> None:
    def title(_: Any, sheet: Any) -> None:
        sheet.insert_rows(1)
        sheet["A1"] = "DAFTAR PEGAWAI"
        sheet.merge_cells("A1:C1")

    exc = assert_error(xlsx([HEADER, *ROWS], setup=title), "a.xlsx", "sheet.merged_cells")
    assert exc.detail == {"ranges": ["A1:C1"]}


def test_a_named_sheet_is_read_and_a_missing_one_refused() -> None:
    def second(workbook: Any, _: Any) -> None:
        other = workbook.create_sheet("Unit")
        other.append(["Kode", "Nama Unit"])
        other.append(["D01", "Dinas Kesehatan"])

    data = xlsx([HEADER, *ROWS], setup=second)
    table = read_table(data, "a.xlsx", sheet="Unit")
    assert (table.sheet, table.headers, table.rows) == (
        "Unit",
        ("Kode", "Nama Unit"),
        (("D01", "Dinas Kesehatan"),),
    )
    exc = assert_error(data, "a.xlsx", "sheet.not_found", sheet="Jabatan")
    assert exc.detail == {"sheet": "Jabatan", "available": ["Pegawai", "Unit"]}


def test_a_header_only_file_gives_no_rows() -> None:
    table = read_table(xlsx([HEADER]), "a.xlsx")
    assert (table.headers, table.rows, table.first_row_number) == (tuple(HEADER), (), 2)


def test_an_empty_sheet_is_refused() -> None:
    assert_error(xlsx([]), "a.xlsx", "file.empty")


def test_duplicate_headers_are_refused_ignoring_case_and_spacing() -> None:
    exc = assert_error(
        xlsx([["NIP", "Nama", " nama "], ["1", "a", "b"]]), "a.xlsx", "sheet.duplicate_header"
    )
    assert exc.detail == {"headers": ["Nama", "nama"]}


def test_a_blank_header_is_allowed_only_over_an_empty_column() -> None:
    table = read_table(xlsx([["NIP", None, "Nama"], ["1", None, "Budi"]]), "a.xlsx")
    assert table.headers == ("NIP", "", "Nama")
    exc = assert_error(
        xlsx([["NIP", None, "Nama"], ["1", None, "Budi"], ["2", "x", "Siti"]]),
        "a.xlsx",
        "sheet.blank_header",
    )
    assert exc.detail == {"column": 1, "row": 3}


def test_a_first_row_of_numbers_is_not_a_header() -> None:
    exc = assert_error(xlsx([[198001012005011001, "Budi"]]), "a.xlsx", "sheet.no_header")
    assert exc.detail == {"row": 1}


# --------------------------------------------------------------------------- title rows


def merged_title(_: Any, sheet: Any) -> None:
    """A Pemda-style title: merged across the table (and beyond) on row 1, a blank row 2."""
    sheet.insert_rows(1, amount=2)
    sheet["A1"] = "DAFTAR PEGAWAI DINAS KESEHATAN 2026"
    sheet.merge_cells("A1:P1")


def test_title_rows_above_a_known_header_are_skipped() -> None:
    data = xlsx([HEADER, *ROWS, ["3", "=1+1", None]], setup=merged_title)
    table = read_table(data, "a.xlsx", expected_headers=KNOWN)
    assert table.headers == tuple(HEADER)
    assert table.rows[:2] == tuple(tuple(row) for row in ROWS)
    assert (table.first_row_number, table.formula_cells) == (4, ((6, "Nama"),))


def test_without_expected_headers_the_first_row_is_still_the_header() -> None:
    data = xlsx([HEADER, *ROWS], setup=merged_title)
    exc = assert_error(data, "a.xlsx", "sheet.merged_cells")
    assert exc.detail == {"ranges": ["A1:P1"]}


def test_expected_headers_are_normalised_before_comparing() -> None:
    data = xlsx([["Judul"], ["NIP BARU", "Tgl._Lahir"], ["1", None]])
    table = read_table(data, "a.xlsx", expected_headers=["nip_baru", "TGL LAHIR"])
    assert (table.headers, table.first_row_number) == (("NIP BARU", "Tgl._Lahir"), 3)


def test_merged_cells_below_the_found_header_are_still_refused() -> None:
    def title_and_merge(workbook: Any, sheet: Any) -> None:
        merged_title(workbook, sheet)
        sheet.merge_cells("B4:C4")

    data = xlsx([HEADER, *ROWS], setup=title_and_merge)
    exc = assert_error(data, "a.xlsx", "sheet.merged_cells", expected_headers=KNOWN)
    assert exc.detail == {"ranges": ["B4:C4"]}


def test_a_lone_title_that_is_a_known_spelling_is_not_the_header() -> None:
    rows: list[list[Any]] = [["Status"], ["Dinas Kesehatan", None, "2026"], [], HEADER, ROWS[0]]
    table = read_table(xlsx(rows), "a.xlsx", expected_headers=KNOWN)
    assert (table.headers, table.first_row_number) == (tuple(HEADER), 5)


def test_a_one_column_table_keeps_its_lone_header() -> None:
    table = read_table(xlsx([["NIP"], ["1"], ["2"]]), "a.xlsx", expected_headers=KNOWN)
    assert (table.headers, table.rows, table.first_row_number) == (("NIP",), (("1",), ("2",)), 2)


def test_one_known_spelling_among_other_cells_is_not_a_header() -> None:
    rows: list[list[Any]] = [["Nama", "Dinas Kesehatan"], HEADER, ROWS[0]]
    table = read_table(xlsx(rows), "a.xlsx", expected_headers=KNOWN)
    assert (table.headers, table.first_row_number) == (tuple(HEADER), 3)


def test_with_no_known_header_the_first_non_empty_row_is_the_header() -> None:
    data = xlsx([[None], ["Kode", "Uraian"], ["D01", "Dinas Kesehatan"]])
    table = read_table(data, "a.xlsx", expected_headers=KNOWN)
    assert (table.headers, table.first_row_number) == (("Kode", "Uraian"), 3)


@pytest.mark.parametrize(("titles", "found"), [(19, True), (20, False)])
def test_the_header_is_looked_for_in_the_first_20_non_empty_rows(titles: int, found: bool) -> None:
    rows: list[list[Any]] = [[f"Judul {n}"] for n in range(titles)]
    data = xlsx([*rows, [], HEADER, *ROWS])
    if found:
        table = read_table(data, "a.xlsx", expected_headers=KNOWN)
        assert (table.headers, table.first_row_number) == (tuple(HEADER), titles + 3)
    else:  # the first title is taken for the header, and the data has no header
        exc = assert_error(data, "a.xlsx", "sheet.blank_header", expected_headers=KNOWN)
        assert exc.detail == {"column": 1, "row": titles + 2}


def test_csv_title_lines_are_skipped_too() -> None:
    text = "DAFTAR PEGAWAI;;\n;;\nNIP;Nama;Unit Kerja\n1;Budi;Dinkes\n"
    table = read_table(text.encode(), "p.csv", expected_headers=KNOWN)
    assert (table.headers, table.rows, table.first_row_number, table.delimiter) == (
        ("NIP", "Nama", "Unit Kerja"),
        (("1", "Budi", "Dinkes"),),
        4,
        ";",
    )


def test_ods_title_rows_are_skipped_too() -> None:
    data = ods([["DAFTAR PEGAWAI"], [None], HEADER[:2], ["1", "Budi"]])
    table = read_table(data, "a.ods", expected_headers=KNOWN)
    assert (table.headers, table.rows, table.first_row_number) == (
        ("NIP", "Nama"),
        (("1", "Budi"),),
        4,
    )


# --------------------------------------------------------------------------- identifiers


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("198001012005011001", "198001012005011001"),
        (" 3201012345678901 ", "3201012345678901"),
        ("  ", ""),
        (None, ""),
        (123456789012345, "123456789012345"),  # 15 digits: exact in a spreadsheet number
        (10**15, None),
        (3201012345678901, None),  # a 16-digit NIK typed as a number
        (1.980010120050110e17, None),  # an 18-digit NIP typed as a number
        (12.5, None),
        (True, None),
        (date(1980, 1, 1), None),
        (datetime(1980, 1, 1, 8), None),
    ],
)
def test_identifier_text_refuses_numbers_that_may_have_lost_digits(
    value: Cell, text: str | None
) -> None:
    assert identifier_text(value) == text


def test_an_nip_typed_as_a_number_in_excel_cannot_be_trusted() -> None:
    rows: list[list[Any]] = [
        ["NIP", "NIK"],
        ["198001012005011001", "3201012345678901"],
        [198001012005011001, 3201012345678901],
        [12345, None],
    ]
    table = read_table(xlsx(rows), "a.xlsx")
    assert [tuple(map(identifier_text, row)) for row in table.rows] == [
        ("198001012005011001", "3201012345678901"),
        (None, None),
        ("12345", ""),
    ]


# --------------------------------------------------------------------------- ods


def test_it_reads_an_ods() -> None:
    data = ods([[None], ["NIP", "Nama"], ["198001012005011001", "Budi"], [3, None]])
    table = read_table(data, "pegawai.ods")
    assert (table.format, table.sheet, table.first_row_number) == ("ods", "Lembar1", 3)
    assert table.rows == (("198001012005011001", "Budi"), (3, None))


# --------------------------------------------------------------------------- csv


def test_it_reads_utf8_csv_as_strings() -> None:
    table = read_table(b"NIP,Nama,Golongan\n1980,Budi,III/a\n1985,,\n", "p.csv")
    assert table.headers == ("NIP", "Nama", "Golongan")
    assert table.rows == (("1980", "Budi", "III/a"), ("1985", None, None))
    assert (table.format, table.encoding, table.delimiter, table.first_row_number) == (
        "csv",
        "utf-8",
        ",",
        2,
    )


def test_a_utf8_bom_is_removed_from_the_first_header() -> None:
    table = read_table("\ufeffNIP;Nama\r\n1;Andé\r\n".encode(), "p.csv")
    assert (table.headers, table.rows, table.encoding) == (
        ("NIP", "Nama"),
        (("1", "Andé"),),
        "utf-8-sig",
    )


def test_windows_1252_csv_is_decoded_when_utf8_fails() -> None:
    data = "NIP;Nama\n1;André D’Souza\n".encode("cp1252")
    table = read_table(data, "p.csv")
    assert (table.rows, table.encoding, table.delimiter) == (
        (("1", "André D’Souza"),),
        "windows-1252",
        ";",
    )


def test_csv_that_is_neither_utf8_nor_windows_1252_is_refused() -> None:
    exc = assert_error(b"NIP,Nama\n1,\x81\x8d\xff\n", "p.csv", "csv.encoding")
    assert exc.detail == {"tried": ["utf-8", "windows-1252"]}


def test_semicolon_csv_with_commas_inside_names() -> None:
    text = "NIP;Nama;Jabatan\n1;Dr. Budi, M.Kes;Kepala\n2;Siti, S.Kom;Analis\n"
    table = read_table(text.encode(), "p.csv")
    assert table.delimiter == ";"
    assert table.rows[0] == ("1", "Dr. Budi, M.Kes", "Kepala")


def test_tab_and_single_column_csv() -> None:
    assert read_table(b"NIP\tNama\n1\tBudi\n", "p.csv").delimiter == "\t"
    table = read_table(b"NIP\n1\n2\n", "p.csv")
    assert (table.headers, table.rows) == (("NIP",), (("1",), ("2",)))


def test_csv_rows_are_padded_and_leading_blank_lines_counted() -> None:
    table = read_table(b"\n\nNIP,Nama,Unit,\n1,Budi\n", "p.csv")
    assert (table.headers, table.rows, table.first_row_number) == (
        ("NIP", "Nama", "Unit"),
        (("1", "Budi", None),),
        4,
    )


def test_csv_values_beyond_the_header_are_refused() -> None:
    exc = assert_error(b"NIP,Nama\n1,Budi,extra\n", "p.csv", "sheet.blank_header")
    assert exc.detail == {"column": 2, "row": 2}


def test_utf16_csv_with_bom_is_read() -> None:
    table = read_table("NIP\tNama\n1\tAndé\n".encode("utf-16"), "p.csv")
    assert (table.rows, table.encoding) == ((("1", "Andé"),), "utf-16")


def test_header_only_and_blank_csv() -> None:
    assert read_table(b"NIP,Nama\n", "p.csv").rows == ()
    assert_error(b"\n \n", "p.csv", "file.empty")


# --------------------------------------------------------------------------- refusals


def test_the_size_limit_is_checked_first() -> None:
    exc = assert_error(b"x" * 2000, "p.exe", "file.too_large", max_bytes=1024)
    assert exc.detail == {"limit_mb": 0.0, "size_mb": 0.0}


def test_an_empty_file_is_refused() -> None:
    assert_error(b"", "p.xlsx", "file.empty")


def test_an_unknown_extension_is_unsupported() -> None:
    exc = assert_error(b"NIP\n1\n", "pegawai.txt", "file.unsupported")
    assert exc.detail == {"extension": "txt"}


@pytest.mark.parametrize(
    ("data", "filename", "detected"),
    [
        (b"NIP,Nama\n1,Budi\n", "pegawai.xlsx", "csv"),
        (PNG, "pegawai.csv", "png"),
        (b"%PDF-1.7\n...", "pegawai.csv", "pdf"),
        (xlsx([HEADER]), "pegawai.csv", "xlsx"),
        (xlsx([HEADER]), "pegawai.ods", "xlsx"),
        (ods([HEADER]), "pegawai.xlsx", "ods"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "pegawai.xlsx", "xls"),
    ],
)
def test_content_that_disagrees_with_the_extension_is_refused(
    data: bytes, filename: str, detected: str
) -> None:
    exc = assert_error(data, filename, "file.type_mismatch")
    assert exc.detail == {"extension": filename.rsplit(".", 1)[1], "detected": detected}


def test_an_ole2_file_that_is_not_a_workbook_is_corrupt() -> None:
    assert_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "a.xls", "file.corrupt")


def test_a_truncated_xlsx_is_corrupt() -> None:
    data = xlsx([HEADER, *ROWS])
    assert_error(data[: len(data) // 2], "a.xlsx", "file.corrupt")


def test_a_zip_needing_an_unknown_zip_version_is_corrupt() -> None:
    data = bytearray(xlsx([HEADER]))
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 64  # "version needed to extract" 6.4: zipfile raises NotImplementedError
    assert_error(bytes(data), "a.xlsx", "file.corrupt")


def test_an_xlsx_whose_sheet_xml_declares_a_dtd_is_corrupt() -> None:
    dtd = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
    data = rewrite_sheet(xlsx([HEADER, *ROWS]), lambda xml: dtd + xml)
    exc = assert_error(data, "a.xlsx", "file.corrupt")
    assert exc.detail == {"reason": "xml dtd"}


def test_an_archive_expanding_beyond_the_limit_is_a_zip_bomb() -> None:
    data = zip_with_zeros(2 << 20)  # 2 MiB of zeros, a few KB on disk
    assert len(data) < 20_000
    exc = assert_error(
        data, "a.xlsx", "file.zip_bomb", zip_limits=ZipLimits(max_uncompressed_bytes=1 << 20)
    )
    assert exc.detail == {"limit_mb": 1}


def test_a_large_member_compressed_more_than_100_to_1_is_a_zip_bomb() -> None:
    exc = assert_error(zip_with_zeros(11 << 20), "a.ods", "file.zip_bomb")
    assert exc.detail["member"] == "xl/worksheets/sheet1.xml"
    assert isinstance(exc.detail["ratio"], int) and exc.detail["ratio"] > 100


def test_a_sheet_whose_used_area_is_huge_is_refused_before_parsing() -> None:
    def far(_: Any, sheet: Any) -> None:
        sheet["XFD1048576"] = "x"

    exc = assert_error(xlsx([HEADER], setup=far), "a.xlsx", "sheet.too_large")
    assert exc.detail["rows"] == 1048576 and exc.detail["columns"] == 16384


def far_ods_cell(rows: int, columns: int) -> str:
    """Table rows with "NIP" in A1 and "x" at (``rows``, ``columns``), the rest empty."""
    return (
        ods_row(ods_cell("NIP"))
        + ods_row(ods_cell(None, repeat=columns), repeat=rows - 2)
        + ods_row(ods_cell(None, repeat=columns - 1) + ods_cell("x"))
    )


def test_an_ods_whose_used_area_is_huge_is_refused_before_parsing() -> None:
    data = ods_tables({"S": far_ods_cell(5000, 5000)})  # 25 million cells in a 1 KB file
    assert len(data) < 2000
    started = time.monotonic()
    exc = assert_error(data, "a.ods", "sheet.too_large")
    assert time.monotonic() - started < 1  # calamine would take seconds and gigabytes
    assert exc.detail == {"rows": 5000, "columns": 5000, "limit": MAX_CELLS}


def test_repeated_used_cells_count_as_all_their_copies() -> None:
    body = ods_row(ods_cell("NIP")) + ods_row(ods_cell(1, repeat=4000), repeat=4000)
    exc = assert_error(ods_tables({"S": body}), "a.ods", "sheet.too_large")
    assert exc.detail == {"rows": 4001, "columns": 4000, "limit": MAX_CELLS}


def test_the_used_areas_of_all_ods_sheets_add_up() -> None:
    # Each 2,000 x 2,000 sheet is within the limit, but calamine loads all three at once.
    sheets = {name: far_ods_cell(2000, 2000) for name in ("A", "B", "C")}
    exc = assert_error(ods_tables(sheets), "a.ods", "sheet.too_large")
    assert exc.detail == {"rows": 2000, "columns": 2000, "limit": MAX_CELLS}


def test_libreoffice_empty_rows_and_columns_to_the_sheets_edge_are_not_used_area() -> None:
    # LibreOffice writes the rest of the sheet as repeated empty (possibly styled) cells.
    edge = '<table:table-cell table:style-name="ce1" table:number-columns-repeated="16382"/>'
    body = (
        ods_row(ods_cell("NIP") + ods_cell("Nama") + edge)
        + ods_row(ods_cell("1") + ods_cell("Budi") + edge)
        + ods_row('<table:table-cell table:number-columns-repeated="16384"/>', repeat=1048574)
    )
    table = read_table(ods_tables({"S": body}), "a.ods")
    assert (table.headers, table.rows) == (("NIP", "Nama"), (("1", "Budi"),))


@pytest.mark.parametrize("repeat", ["0", "-1", "x", "12345678"])
def test_a_nonsense_repeat_count_in_an_ods_is_corrupt(repeat: str) -> None:
    body = ods_row(f'<table:table-cell table:number-columns-repeated="{repeat}"/>')
    exc = assert_error(ods_tables({"S": ods_row(ods_cell("NIP")) + body}), "a.ods", "file.corrupt")
    assert exc.detail == {"reason": "ods repeat"}


def test_without_an_xml_scan_the_parsers_sheet_size_is_checked_before_conversion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The guard xls relies on (no xls writer here): an ods with its own scan switched off.
    monkeypatch.setattr(tabular, "_scan_ods_content", lambda _: None)
    monkeypatch.setattr(tabular, "MAX_CELLS", 8)
    exc = assert_error(ods([HEADER, ROWS[0][:2], ["2", "Siti"]]), "a.ods", "sheet.too_large")
    assert exc.detail == {"rows": 3, "columns": 3, "limit": 8}


# --------------------------------------------------------------------------- properties

EXTENSIONS = st.sampled_from(["a.xlsx", "a.xls", "a.ods", "a.csv"])
VALID_XLSX = xlsx([HEADER, *ROWS, ["1", "=1+1", date(2020, 1, 1)]])
VALID_ODS = ods([HEADER, ["1", "Budi", 3]])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048), filename=EXTENSIONS)
def test_arbitrary_bytes_give_a_table_or_a_table_error(data: bytes, filename: str) -> None:
    try:
        assert isinstance(read_table(data, filename), Table)
    except TableError as exc:
        assert exc.code in CODES


@settings(max_examples=200, deadline=None)
@given(
    source=st.sampled_from([(VALID_XLSX, "a.xlsx"), (VALID_ODS, "a.ods")]),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8),
    cut=st.none() | st.integers(min_value=0),
)
def test_corrupted_workbooks_give_a_table_or_a_table_error(
    source: tuple[bytes, str], edits: list[tuple[int, int]], cut: int | None
) -> None:
    original, filename = source
    data = bytearray(original)
    for position, value in edits:
        data[position % len(data)] = value
    if cut is not None:
        del data[cut % len(data) :]
    try:
        assert isinstance(read_table(bytes(data), filename), Table)
    except TableError as exc:
        assert exc.code in CODES


# --------------------------------------------------------------------------- headers


def test_normalise_header_folds_case_accents_and_separators() -> None:
    assert normalise_header("  Tgl._Lahir ") == "tgl lahir"
    assert normalise_header("Tempat/Tanggal  Lahir") == "tempat tanggal lahir"
    assert normalise_header("Pendidikan Térakhir") == "pendidikan terakhir"
    assert normalise_header("") == ""


def test_match_headers_maps_siasn_spellings_and_lists_the_rest() -> None:
    headers = ["NIP BARU", "Nama Lengkap", "TGL. LAHIR", "", "Tempat_Lahir", "Hobi", "nip"]
    found, unknown = match_headers(headers, EMPLOYEE_HEADER_SYNONYMS)
    assert found == {"nip": 0, "name": 1, "birth_date": 2, "birth_place": 4}
    assert unknown == ["Hobi", "nip"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NIP", "nip"),
        ("Nama", "name"),
        ("Tempat Lahir", "birth_place"),
        ("Tanggal Lahir", "birth_date"),
        ("Jenis Kelamin", "sex"),
        ("Status Pegawai", "status"),
        ("Jabatan", "position"),
        ("Jenis Jabatan", "position_type"),
        ("Unit Kerja", "unit"),
        ("TMT Jabatan", "tmt_position"),
        ("Pangkat/Golongan", "golongan"),
        ("Pendidikan Terakhir", "education"),
        ("Asal Daerah", "origin_region"),
        ("NIK", "nik"),
        ("Akhir Kontrak", "contract_end"),
    ],
)
def test_every_siasn_column_is_recognised(header: str, field: str) -> None:
    assert match_headers([header], EMPLOYEE_HEADER_SYNONYMS) == ({field: 0}, [])


def test_ambiguous_synonyms_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="nama"):
        match_headers(["x"], {"name": ["Nama"], "unit": ["nama"]})


def test_cells_without_references_are_located_by_position() -> None:
    data = xlsx([["NIP", "Umur"], ["1", 40], ["2", "=1+1"]])
    stripped = rewrite_sheet(data, lambda xml: re.sub(rb' r="[A-Z]+[0-9]+"', b"", xml))
    assert b'<c r="' not in zipfile.ZipFile(io.BytesIO(stripped)).read("xl/worksheets/sheet1.xml")
    assert read_table(stripped, "a.xlsx").formula_cells == ((3, "Umur"),)


# --------------------------------------------------------------------------- fast xlsx scan


def _scans(data: bytes) -> tuple[Any, Any]:
    """(fast scan or None, full expat scan) of the first sheet of an xlsx."""
    from formasi.domain.tabular import workbooks as tabular

    archive = zipfile.ZipFile(io.BytesIO(data))
    member = tabular._xlsx_sheet_member(archive, "Pegawai")
    slow = tabular._SheetScan()
    fast = tabular._fast_scan(archive, member)
    original = tabular._fast_scan
    try:
        tabular._fast_scan = lambda *_: None  # type: ignore[assignment]
        slow = tabular._scan_xlsx_sheet(archive, "Pegawai")
    finally:
        tabular._fast_scan = original  # type: ignore[assignment]
    return fast, slow


def test_the_fast_scan_finds_the_used_area_the_expat_scan_finds() -> None:
    data = xlsx([HEADER, *ROWS, [None] * 5 + ["far"]])
    fast, slow = _scans(data)
    assert fast is not None
    assert (fast.max_row, fast.max_col) == (slow.max_row, slow.max_col)


def test_formulas_and_merged_cells_take_the_full_scan() -> None:
    def formula(_: Any, sheet: Any) -> None:
        sheet["B3"] = "=1+1"

    def merge(_: Any, sheet: Any) -> None:
        sheet.merge_cells("A5:B5")

    for setup in (formula, merge):
        fast, slow = _scans(xlsx([HEADER, *ROWS], setup=setup))
        assert fast is None
        assert slow.formulas or slow.merges


def test_a_cell_placed_beyond_its_row_still_counts_for_the_area() -> None:
    """calamine places a cell by its own reference: a far reference inside row 2 must count."""
    data = rewrite_sheet(
        xlsx([HEADER, *ROWS]),
        lambda xml: xml.replace(b'<c r="A2"', b'<c r="ZZ9999999"', 1),
    )
    exc = assert_error(data, "a.xlsx", "sheet.too_large")
    assert exc.detail["rows"] == 9_999_999


@pytest.mark.parametrize(
    "edit",
    [
        lambda xml: xml.replace(b'<c r="A2"', b'<c t="s" r="A2"', 1),  # r not first
        lambda xml: xml.replace(b'<c r="A2"', b'<c\nr="A2"', 1),  # odd whitespace
        lambda xml: xml.replace(b"<row ", b"<!-- --><row ", 1),  # a comment
    ],
)
def test_anything_unusual_falls_back_to_the_full_scan(edit: Any) -> None:
    data = rewrite_sheet(xlsx([HEADER, *ROWS]), edit)
    archive = zipfile.ZipFile(io.BytesIO(data))
    from formasi.domain.tabular import workbooks as tabular

    assert tabular._fast_scan(archive, "xl/worksheets/sheet1.xml") is None
