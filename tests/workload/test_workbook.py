"""The ABK workbook: forms A to D as written, and Form A read back from an upload."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from formasi.domain import abk
from formasi.workload.abk_import import read_abk_tasks
from formasi.workload.models import PositionNeed
from formasi.workload.services import save_abk_tasks
from formasi.workload.workbook import (
    FORM_A,
    HEADERS,
    HEADERS_B,
    HEADERS_C,
    HEADERS_D,
    TABLE_ROW,
    UNIT_TOTAL,
    AbkWorkbookError,
    parse_number,
)
from tests import builders as build
from tests.personas import World
from tests.workload.builders import TASKS

WORKLOAD = 1200 * 30 + 600 * 45 + 300 * 60  # 81,000 minutes


def _save(world: World, position: Any = None, tasks: list[dict[str, Any]] = TASKS) -> Any:
    return save_abk_tasks(
        unit=world.puskesmas,
        position=position or world.nurse_position,
        tasks=tasks,
        actor=world.users["admin_a"],
    )


def _url(world: World, name: str) -> str:
    return reverse(name, args=[world.puskesmas.pk, world.nurse_position.pk])


def _sheets(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(io.BytesIO(data))
    return {
        ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets
    }


def _download(world: World, client_for: Any) -> bytes:
    response = client_for("operator_dinkes_a").get(_url(world, "workload:abk_workbook"))
    assert response.status_code == 200
    return bytes(response.content)


def _upload(client: Any, world: World, data: bytes, name: str = "abk.xlsx") -> Any:
    """Upload, then confirm the preview (when there is one): the walk a user takes."""
    response = client.post(
        _url(world, "workload:abk_upload"), {"file": SimpleUploadedFile(name, data)}
    )
    if response.status_code != 200:
        return response
    token = response.context["token"]
    return client.post(
        reverse("workload:abk_import_confirm"),
        {"token": token, "action": "save", "time_unit": response.context.get("chosen", "")},
    )


def _tasks(world: World) -> list[tuple[str, str, Decimal, Decimal]]:
    need = PositionNeed.unscoped.get(unit=world.puskesmas, position=world.nurse_position)
    return [(t.description, t.output_unit, t.volume, t.norm_minutes) for t in need.tasks.all()]


def _form_a(rows: list[list[Any]], headers: tuple[str, ...] = HEADERS) -> bytes:
    """A hand-made Form A: a title, then the header at TABLE_ROW, then ``rows``."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = FORM_A
    ws["A1"] = "ANALISIS BEBAN KERJA"
    for column, header in enumerate(headers, start=1):
        ws.cell(TABLE_ROW, column, header)
    for r, row in enumerate(rows, start=TABLE_ROW + 1):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _errors(data: bytes, name: str = "abk.xlsx", max_bytes: int = 10**7) -> list[str]:
    """The reader's messages, in the English source language."""
    with translation.override("en"), pytest.raises(AbkWorkbookError) as info:
        read_abk_tasks(data, name, max_bytes=max_bytes)
    return info.value.errors


# ----------------------------------------------------------------------------- writing


def test_the_position_workbook_has_forms_a_to_d_with_their_headers(
    world: World, client_for: Any
) -> None:
    _save(world)
    sheets = _sheets(_download(world, client_for))
    assert list(sheets) == ["Form A", "Form B", "Form C", "Form D"]
    assert sheets["Form A"][TABLE_ROW - 1] == HEADERS
    assert sheets["Form B"][TABLE_ROW - 1] == HEADERS_B
    assert sheets["Form C"][TABLE_ROW - 1] == HEADERS_C
    assert sheets["Form D"][TABLE_ROW - 1] == HEADERS_D
    assert sheets["Form A"][0][0].startswith("FORM A — PENGUMPULAN DATA BEBAN KERJA")
    assert "TINGKAT EFISIENSI JABATAN (EJ)" in sheets["Form D"][0][0]


def test_the_numbers_match_the_domain(world: World, client_for: Any) -> None:
    _save(world)
    sheets = _sheets(_download(world, client_for))
    tasks = [abk.Task(t["volume"], t["norm_minutes"]) for t in TASKS]
    exact = abk.required_staff(tasks)
    ej = abk.job_effectiveness(tasks, 1)  # one nurse works in the puskesmas
    form_a = sheets["Form A"]
    assert [r[5] for r in form_a[TABLE_ROW : TABLE_ROW + 3]] == [36000, 27000, 18000]
    assert form_a[TABLE_ROW + 3][1:] == ("Jumlah", None, None, None, WORKLOAD)
    form_b = sheets["Form B"]
    assert form_b[TABLE_ROW][:2] == (1, world.nurse_position.name)
    assert form_b[TABLE_ROW][3] == 1 and form_b[-1][1:4] == ("Jumlah", None, 1)
    form_c = sheets["Form C"][TABLE_ROW]
    assert form_c == (1, world.nurse_position.name, 3, WORKLOAD, 1350, 75000, round(exact, 4))
    form_d = sheets["Form D"][TABLE_ROW]
    assert form_d == (
        1, world.nurse_position.name, WORKLOAD, round(exact, 4), abk.round_staff(exact),
        1, 0, 0, 0, round(ej, 4), abk.performance_grade(ej),
    )  # fmt: skip
    unit_row = sheets["Form D"][TABLE_ROW + 1]
    assert unit_row[1] == UNIT_TOTAL and unit_row[9] == round(ej, 4) and unit_row[10] == "A"


def test_the_workbook_is_deterministic_and_formula_free(world: World, client_for: Any) -> None:
    _save(world)
    first, second = _download(world, client_for), _download(world, client_for)
    assert first == second
    for ws in load_workbook(io.BytesIO(first)).worksheets:
        assert not any(
            isinstance(c.value, str) and c.value.startswith("=") for r in ws.iter_rows() for c in r
        )


def test_the_unit_workbook_has_one_form_a_per_position_and_sums_per_cell(
    world: World, client_for: Any
) -> None:
    _save(world)
    midwife = build.position(world.agency_a, "Bidan Terampil")
    _save(world, midwife, [{"description": "ANC", "volume": 100, "norm_minutes": 60}])
    build.employee(world.puskesmas, midwife, "Sari", golongan="II/c", sex="F")
    build.employee(world.puskesmas, midwife, "Dewi", golongan="II/c", sex="F")
    url = reverse("workload:abk_unit_workbook", args=[world.puskesmas.pk])
    response = client_for("evaluator_a").get(url)
    assert response.status_code == 200
    sheets = _sheets(response.content)
    assert list(sheets) == ["Form A 1", "Form A 2", "Form B", "Form C", "Form D"]
    names = {sheets[s][1][2] for s in ("Form A 1", "Form A 2")}
    assert names == {world.nurse_position.name, "Bidan Terampil"}
    d = {row[1]: row for row in sheets["Form D"][TABLE_ROW:] if row[1]}
    # 6,000 minutes need 0.08 → 0 people; two are there: two too many (lebih), never netted.
    assert d["Bidan Terampil"][4:9] == (0, 2, 2, 0, 2)
    assert d[UNIT_TOTAL][4:9] == (1, 3, 2, 0, 2)
    everything = [abk.Task(t["volume"], t["norm_minutes"]) for t in TASKS] + [abk.Task(100, 60)]
    assert d[UNIT_TOTAL][9] == round(abk.job_effectiveness(everything, 3), 4)
    b = sheets["Form B"]
    assert ("II/c", 2) in {(row[2], row[3]) for row in b[TABLE_ROW:]}


def test_the_peta_links_the_unit_workbook_where_there_are_tasks(
    world: World, client_for: Any
) -> None:
    _save(world)
    html = client_for("leader_a").get(reverse("workload:peta_opd", args=[world.dinkes.pk]))
    url = reverse("workload:abk_unit_workbook", args=[world.puskesmas.pk])
    assert url in html.content.decode()
    assert (
        reverse("workload:abk_unit_workbook", args=[world.dinkes.pk]) not in html.content.decode()
    )


# ----------------------------------------------------------------------------- reading


def test_download_then_upload_unchanged_changes_nothing(world: World, client_for: Any) -> None:
    need = _save(world)
    before, history = _tasks(world), need.history.count()
    client = client_for("operator_dinkes_a")
    response = _upload(client, world, _download(world, client_for))
    assert response.status_code == 302
    assert _tasks(world) == before
    assert need.history.count() == history


def test_an_edited_volume_changes_the_need(world: World, client_for: Any) -> None:
    _save(world)
    book = load_workbook(io.BytesIO(_download(world, client_for)))
    book["Form A"].cell(TABLE_ROW + 1, 4, 2400)  # Asuhan keperawatan: 1,200 → 2,400
    out = io.BytesIO()
    book.save(out)
    response = _upload(client_for("operator_dinkes_a"), world, out.getvalue(), "salinan.xlsx")
    assert response.status_code == 302
    need = PositionNeed.unscoped.get(unit=world.puskesmas, position=world.nurse_position)
    assert need.exact == Decimal("1.5600") and need.count == 2
    assert need.history.latest().history_change_reason == "Impor workbook ABK: salinan.xlsx"


def test_an_operator_copy_with_added_and_removed_rows_and_indonesian_numbers() -> None:
    data = _form_a(
        [
            [1, "Asuhan keperawatan", "pasien", "1.250,5", "30"],
            [None, None, None, None, None],
            [2, "Tugas baru", None, 12, 7.5],
            [None, "Jumlah", None, None, None, 99999],
            [None, "Kebutuhan pegawai (tepat)", None, None, None, 1.2],
        ]
    )
    tasks = read_abk_tasks(data, "abk.xlsx", max_bytes=10**7)
    assert tasks == [
        {"description": "Asuhan keperawatan", "output_unit": "pasien",
         "volume": Decimal("1250.50"), "norm_minutes": Decimal("30.00")},
        {"description": "Tugas baru", "output_unit": "",
         "volume": Decimal("12.00"), "norm_minutes": Decimal("7.50")},
    ]  # fmt: skip


def test_the_permendagri_form_a_spellings_are_read() -> None:
    headers = ("NO", "RINCIAN TUGAS/KEGIATAN", "SATUAN", "JUMLAH VOLUME KERJA", "NORMA WAKTU")
    # "Norma waktu" alone does not say minutes or hours: the user says (here: minutes).
    tasks = read_abk_tasks(_form_a([[1, "Surat", "surat", 10, 5]], headers), "a.xlsx",
                           max_bytes=10**7, unit="minutes")  # fmt: skip
    assert tasks[0]["volume"] == Decimal("10.00") and tasks[0]["output_unit"] == "surat"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.250,5", "1250.5"), ("1250,5", "1250.5"), ("1.250", "1250"), ("12.5", "12.5"),
     (" 7 ", "7"), ("1.000.000", "1000000"), ("abc", None), ("1,2,3", None), ("", None)],
)  # fmt: skip
def test_numbers_are_read_the_indonesian_way(text: str, expected: str | None) -> None:
    number = parse_number(text)
    assert number == (None if expected is None else Decimal(expected))


def test_a_missing_column_is_named() -> None:
    data = _form_a([[1, "Surat", "surat", 10]], HEADERS[:4])
    assert _errors(data) == ["Sheet “Form A”: the column “Norma waktu (menit)” is missing."]


def test_every_row_error_is_reported_with_its_row_and_nothing_is_kept() -> None:
    data = _form_a(
        [
            [1, "Surat", "surat", "sepuluh", 5],
            [2, "Rapat", "kali", -3, 5],
            [3, "Arsip", "berkas", 10, 0],
            [4, None, "berkas", 10, 5],
            [5, "Laporan", "laporan", None, 5],
        ]
    )
    errors = _errors(data)
    first = TABLE_ROW + 1
    sheet = "Sheet “Form A”: "
    assert errors == [
        f"{sheet}Row {first}, column “Beban kerja (volume)”: “sepuluh” is not a number (write "
        "e.g. 1.250,5).",
        f"{sheet}Row {first + 1}, column “Beban kerja (volume)”: the number must not be negative.",
        f"{sheet}Row {first + 2}, column “Norma waktu (menit)”: the number must be greater than 0.",
        f"Sheet “Form A”, row {first + 3}: the task is empty.",
        f"{sheet}Row {first + 4}, column “Beban kerja (volume)”: a number is required.",
    ]


def test_an_empty_form_a_is_refused() -> None:
    assert _errors(_form_a([])) == ["Sheet “Form A” has no tasks below the column names."]


def test_a_file_that_is_not_a_workbook_is_refused() -> None:
    assert _errors(b"%PDF-1.4 not a workbook", "abk.xlsx")[0].startswith(
        "The file's name says .xlsx"
    )
    assert _errors(b"a,b\n1,2\n", "abk.csv") == [
        "Upload the workbook as an .xlsx, .xls or .ods file."
    ]


def test_a_huge_file_is_refused_before_reading() -> None:
    errors = _errors(_form_a([[1, "Surat", "surat", 10, 5]]), max_bytes=100)
    assert errors[0].startswith("The file is ")


# ------------------------------------------------------------------------ upload page


@override_settings(LANGUAGE_CODE="id")
def test_errors_are_shown_in_indonesian_and_nothing_is_saved(world: World, client_for: Any) -> None:
    _save(world)
    before = _tasks(world)
    data = _form_a([[1, "Surat", "surat", -1, 0]])
    client = client_for("operator_dinkes_a")
    response = client.post(
        _url(world, "workload:abk_upload"),
        {"file": SimpleUploadedFile("abk.xlsx", data)},
        headers={"accept-language": "id"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="upload-errors"' in html
    assert f"Baris {TABLE_ROW + 1}" in html and "tidak boleh negatif" in html
    assert _tasks(world) == before


@override_settings(FORMASI_IMPORT_MAX_BYTES=1000)
def test_the_page_refuses_a_file_over_the_import_limit(world: World, client_for: Any) -> None:
    response = _upload(client_for("admin_a"), world, b"x" * 2000)
    assert response.status_code == 400
    assert not PositionNeed.unscoped.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin_a", 302),
        ("operator_dinkes_a", 302),
        ("operator_other_opd_a", 404),
        ("evaluator_a", 403),
        ("leader_a", 403),
        ("admin_b", 404),
        ("anonymous", 302),
    ],
)
def test_the_upload_per_role(world: World, client_for: Any, persona: str, status: int) -> None:
    data = _form_a([[1, "Surat", "surat", 1500, 50]])
    response = _upload(client_for(persona), world, data)
    assert response.status_code == status
    saved = PositionNeed.unscoped.filter(unit=world.puskesmas).exists()
    assert saved == (persona in ("admin_a", "operator_dinkes_a"))
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
