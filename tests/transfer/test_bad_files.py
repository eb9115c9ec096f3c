"""Files that must be refused with a clear message, and leave the database exactly as it was.

Every case starts from the agency's own export and breaks one thing. Each asserts the error
code and where it points, a key word of the Indonesian message (while the import layer's
messages await their translation the English word is accepted too), that ``check`` reports
it, and that ``commit`` raises ImportRefused with the employees, their history and the data
versions unchanged.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook

from formasi.core.upload_messages import table_error_message
from formasi.transfer import services
from formasi.workforce.models import Employee
from tests.transfer.builders import (
    KIND,
    ctx_for,
    errors_of,
    export_file,
    exported_rows,
    file_of,
    snapshot,
)

MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    with translation.override("id"):
        yield


def refused(world: Any, data: bytes, filename: str = "pegawai.xlsx") -> services.Outcome:
    """Check and commit ``data`` as agency A's admin; both must refuse, nothing written."""
    ctx = ctx_for(world.users["admin_a"], world.agency_a, filename)
    before = snapshot()
    outcome = services.check(KIND, ctx, data)
    assert not outcome.ok
    with pytest.raises(services.ImportRefused) as refusal:
        services.commit(KIND, ctx, data)
    assert refusal.value.outcome.error_dicts() == outcome.error_dicts()
    assert snapshot() == before
    return outcome


def message_at(outcome: services.Outcome, row: int, column: str) -> str:
    errors = outcome.error_dicts()
    messages = [e["message"] for e in errors if (e["row"], e["column"]) == (row, column)]
    assert messages, outcome.error_dicts()
    return " ".join(str(m) for m in messages)


def says(message: str, *words: str) -> bool:
    """Whether the message holds one of the words (Indonesian first, then English)."""
    text = message.casefold()
    return any(word.casefold() in text for word in words)


def rows_for(world: Any) -> list[dict[str, object]]:
    return exported_rows(world.users["admin_a"], world.agency_a)


def edited_workbook(world: Any, edit: Any) -> bytes:
    """The agency's xlsx export, opened with openpyxl, edited, saved again."""
    workbook = load_workbook(io.BytesIO(export_file(world.users["admin_a"], world.agency_a)))
    edit(workbook.active)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- cells


def test_text_in_a_date_column_is_refused(world):
    rows = rows_for(world)
    rows[0]["birth_date"] = "bukan tanggal"

    outcome = refused(world, file_of(rows))

    assert errors_of(outcome) == [(2, "Tanggal Lahir", "date.invalid")]
    message = message_at(outcome, 2, "Tanggal Lahir")
    assert "bukan tanggal" in message
    assert says(message, "tanggal", "date")


def test_an_empty_required_cell_is_refused(world):
    rows = rows_for(world)
    rows[1]["name"] = None

    outcome = refused(world, file_of(rows))

    assert errors_of(outcome) == [(3, "Nama", "cell.required")]
    assert says(message_at(outcome, 3, "Nama"), "wajib", "kosong", "required")


def test_a_duplicate_nip_reports_both_rows(world):
    rows = rows_for(world)
    rows.append(dict(rows[0]))
    last = len(rows) + 1

    outcome = refused(world, file_of(rows))

    assert sorted(errors_of(outcome)) == [
        (2, "NIP", "key.duplicate"),
        (last, "NIP", "key.duplicate"),
    ]
    assert str(last) in message_at(outcome, 2, "NIP")
    assert str(rows[0]["nip"]) in message_at(outcome, 2, "NIP")
    assert "2" in message_at(outcome, last, "NIP")


def test_an_nip_with_too_few_digits_is_refused(world):
    rows = rows_for(world)
    rows[0]["nip"] = str(rows[0]["nip"])[:10]

    outcome = refused(world, file_of(rows))

    assert errors_of(outcome) == [(2, "NIP", "digits.length")]
    assert "18" in message_at(outcome, 2, "NIP")
    assert says(message_at(outcome, 2, "NIP"), "digit")


def test_an_nip_with_letters_is_refused(world):
    rows = rows_for(world)
    rows[0]["nip"] = str(rows[0]["nip"])[:17] + "X"

    outcome = refused(world, file_of(rows))

    assert errors_of(outcome) == [(2, "NIP", "digits.invalid")]
    assert says(message_at(outcome, 2, "NIP"), "angka", "digit")


def test_an_nip_whose_sex_digit_is_impossible_is_refused(world):
    rows = rows_for(world)
    nip = str(rows[0]["nip"])
    rows[0]["nip"] = nip[:14] + "3" + nip[15:]

    outcome = refused(world, file_of(rows))

    assert (2, "NIP", "employee.nip") in errors_of(outcome)
    assert says(message_at(outcome, 2, "NIP"), "digit ke-15")


def test_a_nik_with_too_few_digits_is_refused(world):
    rows = rows_for(world)
    rows[0]["nik"] = "627101"

    outcome = refused(world, file_of(rows))

    assert errors_of(outcome) == [(2, "NIK", "digits.length")]
    assert "16" in message_at(outcome, 2, "NIK")


def test_a_nik_with_month_13_is_refused(world):
    rows = rows_for(world)
    nik = str(rows[0]["nik"])
    rows[0]["nik"] = nik[:8] + "13" + nik[10:]

    outcome = refused(world, file_of(rows))

    assert (2, "NIK", "employee.nik") in errors_of(outcome)
    assert says(message_at(outcome, 2, "NIK"), "bulan lahir")


def test_an_unknown_unit_is_refused(world):
    rows = rows_for(world)
    rows[0]["unit_code"] = "TIDAK-ADA"

    outcome = refused(world, file_of(rows))

    assert errors_of(outcome) == [(2, "Kode Unit Kerja", "employee.unit_unknown")]
    assert says(message_at(outcome, 2, "Kode Unit Kerja"), "unit kerja", "work unit")


def test_an_unknown_unit_name_is_refused_when_there_is_no_code_column(world):
    columns = [c for c in KIND.columns if c.field != "unit_code"]
    rows = rows_for(world)
    rows[0]["unit_name"] = "Dinas Yang Tidak Ada"
    from formasi.core.xlsx import write_table

    outcome = refused(world, write_table(columns, rows, "xlsx"))

    assert errors_of(outcome) == [(2, "Unit Kerja", "employee.unit_unknown")]


def test_a_birth_date_in_the_future_is_refused(world):
    rows = rows_for(world)
    rows[0]["birth_date"] = ctx_for(None, None).today.replace(year=2030)

    outcome = refused(world, file_of(rows))

    assert (2, "Tanggal Lahir", "employee.birth_date") in errors_of(outcome)
    assert says(message_at(outcome, 2, "Tanggal Lahir"), "masa mendatang")


def test_a_formula_is_refused(world):
    def formula(sheet: Any) -> None:
        sheet["C2"] = '=UPPER("siti rahmawati")'

    outcome = refused(world, edited_workbook(world, formula))

    assert errors_of(outcome) == [(2, "Nama", "cell.formula")]
    assert says(message_at(outcome, 2, "Nama"), "rumus", "formula")


def test_merged_cells_in_the_data_are_refused(world):
    def merge(sheet: Any) -> None:
        sheet.merge_cells("K3:L3")

    outcome = refused(world, edited_workbook(world, merge))

    assert outcome.errors == []
    assert len(outcome.file_errors) == 1
    assert "K3:L3" in outcome.file_errors[0]
    assert outcome.file_errors == [table_error_message("sheet.merged_cells", {"ranges": ["K3:L3"]})]


def test_an_nip_typed_as_a_number_cell_is_refused(world):
    nip = world.employee_dinkes.nip

    def as_number(sheet: Any) -> None:
        for (cell,) in sheet.iter_rows(min_row=2, max_col=1):
            if cell.value == nip:
                cell.value = int(nip)
                cell.number_format = "0"

    outcome = refused(world, edited_workbook(world, as_number))

    row = 2 + [r["nip"] for r in rows_for(world)].index(nip)
    assert errors_of(outcome) == [(row, "NIP", "digits.number_cell")]
    assert says(message_at(outcome, row, "NIP"), "teks", "text")


# --------------------------------------------------------------------------- whole files


def test_a_file_over_50_mb_is_refused(world):
    data = b"NIP,Nama\r\n" + b"x" * (50 * MIB)

    outcome = refused(world, data, "pegawai.csv")

    assert len(outcome.file_errors) == 1
    assert "50" in outcome.file_errors[0]
    assert says(outcome.file_errors[0], "MB")


def test_png_bytes_named_xlsx_are_refused(world):
    data = b"\x89PNG\r\n\x1a\n" + os.urandom(2048)

    outcome = refused(world, data)

    assert outcome.file_errors == [
        table_error_message("file.type_mismatch", {"extension": "xlsx", "detected": "png"})
    ]
    assert "png" in outcome.file_errors[0]
    assert ".xlsx" in outcome.file_errors[0]


def test_a_csv_named_xlsx_is_refused(world):
    data = file_of(rows_for(world), "csv")

    outcome = refused(world, data)

    assert outcome.file_errors == [
        table_error_message("file.type_mismatch", {"extension": "xlsx", "detected": "csv"})
    ]
    assert "csv" in outcome.file_errors[0]


def test_an_xlsx_named_csv_is_refused(world):
    outcome = refused(world, export_file(world.users["admin_a"], world.agency_a), "pegawai.csv")

    assert outcome.file_errors == [
        table_error_message("file.type_mismatch", {"extension": "csv", "detected": "xlsx"})
    ]


def test_a_zip_bomb_is_refused(world):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * MIB
            for _ in range(64):  # 64 MiB of zeros: about 64 KiB compressed
                member.write(chunk)
    data = out.getvalue()
    assert len(data) < MIB

    outcome = refused(world, data)

    assert outcome.file_errors == [table_error_message("file.zip_bomb", {})]


def test_a_damaged_xlsx_is_refused(world):
    data = export_file(world.users["admin_a"], world.agency_a)

    outcome = refused(world, data[: len(data) // 2])

    assert outcome.file_errors == [table_error_message("file.corrupt", {})]


def test_an_empty_file_is_refused(world):
    outcome = refused(world, b"", "pegawai.csv")

    assert outcome.file_errors == [table_error_message("file.empty", {})]


# --------------------------------------------------------------------------- encodings


def test_a_windows_1252_csv_is_accepted_and_decoded(world):
    rows = rows_for(world)
    nip = rows[0]["nip"]
    rows[0]["name"] = "Andréas Simanjuntak"
    data = file_of(rows, "csv").decode("utf-8-sig").encode("cp1252")
    ctx = ctx_for(world.users["admin_a"], world.agency_a, "pegawai.csv")

    outcome = services.commit(KIND, ctx, data)

    assert outcome.table is not None and outcome.table.encoding == "windows-1252"
    assert outcome.counts()["changed"] == 1
    assert Employee.unscoped.get(nip=nip).name == "Andréas Simanjuntak"


def test_a_csv_in_no_known_encoding_is_refused(world):
    # 0x81 and 0x8D are undefined in Windows-1252 and invalid as UTF-8 lead bytes.
    data = file_of(rows_for(world), "csv").replace(b"Siti", b"Siti \x81\x8d")

    outcome = refused(world, data, "pegawai.csv")

    assert outcome.file_errors == [table_error_message("csv.encoding", {})]
    assert "UTF-8" in outcome.file_errors[0]


def test_a_utf16_csv_without_a_bom_is_refused(world):
    text = file_of(rows_for(world), "csv").decode("utf-8-sig")

    outcome = refused(world, text.encode("utf-16-le"), "pegawai.csv")

    assert len(outcome.file_errors) == 1
    assert ".csv" in outcome.file_errors[0]


def test_a_utf16_csv_with_a_bom_is_accepted(world):
    text = file_of(rows_for(world), "csv").decode("utf-8-sig")
    ctx = ctx_for(world.users["admin_a"], world.agency_a, "pegawai.csv")

    outcome = services.check(KIND, ctx, text.encode("utf-16"))

    assert outcome.ok, outcome.error_dicts()
    assert outcome.counts()["unchanged"] == len(rows_for(world))
