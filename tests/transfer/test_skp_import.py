"""Import of yearly SKP results (kind "skp"): the predicate computed, check and commit,
Indonesian errors per row with nothing half-saved, the OPD operator's scope (a NIP outside it
answers like one nobody has), a file laid out like a real recap, and who may import."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formasi.core.xlsx import write_table
from formasi.talent.models import SkpResult
from formasi.transfer import services
from formasi.transfer.forms import importable_kinds
from formasi.transfer.kinds import KINDS, Context
from formasi.transfer.kinds.skp import year_of
from formasi.transfer.models import ImportJob
from tests.personas import PERSONAS, World

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
KIND = KINDS["skp"]


def ctx_for(world: World, persona: str = "admin_a", filename: str = "skp.xlsx", **kw: Any):
    agency = kw.pop("agency", None) or world.agency_a
    return Context(user=world.users[persona], agency=agency, filename=filename, today=TODAY, **kw)


def rows(world: World) -> list[dict[str, object]]:
    return [
        {"nip": world.employee_dinkes.nip, "name": world.employee_dinkes.name, "year": "2025",
         "result": "above", "behaviour": "above", "predicate": None},
        {"nip": world.employee_puskesmas.nip, "name": None, "year": "2025",
         "result": "above", "behaviour": "below", "predicate": None},
        {"nip": world.employee_disdik.nip, "name": None, "year": "2025",
         "result": "below", "behaviour": "as_expected", "predicate": None},
    ]  # fmt: skip


def data(items: list[dict[str, object]], fmt: str = "xlsx") -> bytes:
    return write_table(KIND.columns, items, fmt)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_check_then_commit_computes_the_predicate(world: World, fmt: str) -> None:
    ctx = ctx_for(world, filename=f"skp.{fmt}")
    content = data(rows(world), fmt)
    outcome = services.check(KIND, ctx, content)
    assert outcome.ok, outcome.error_dicts()
    assert (outcome.counts()["new"], outcome.counts()["invalid"]) == (3, 0)
    assert not SkpResult.unscoped.exists()  # a check writes nothing
    services.commit(KIND, ctx, content)
    saved = {r.employee_id: r for r in SkpResult.unscoped.all()}
    # PermenPAN-RB 6/2022 Lampiran: above/above sangat baik; above/below kurang (misconduct);
    # below/as expected butuh perbaikan.
    assert saved[world.employee_dinkes.pk].predicate == "sangat_baik"
    assert saved[world.employee_puskesmas.pk].predicate == "kurang"
    assert saved[world.employee_disdik.pk].predicate == "butuh_perbaikan"
    first = saved[world.employee_dinkes.pk]
    assert (first.year, first.agency, first.entered_by) == (2025, world.agency_a,
                                                            world.users["admin_a"])  # fmt: skip
    history = first.history.get()
    assert (history.history_user, history.history_change_reason) == (
        world.users["admin_a"],
        f"Impor: skp.{fmt}",
    )
    again = services.commit(KIND, ctx, content)
    assert again.counts()["unchanged"] == 3 and SkpResult.history.count() == 3
    exported = list(KIND.export_rows(ctx))
    assert [r["predicate"] for r in exported] == [
        saved[e.pk].predicate for e in sorted(
            (world.employee_dinkes, world.employee_puskesmas, world.employee_disdik),
            key=lambda e: e.nip)]  # fmt: skip


def test_a_changed_rating_is_corrected_with_history(world: World) -> None:
    services.commit(KIND, ctx_for(world), data(rows(world)))
    changed = rows(world)
    changed[1]["behaviour"] = "as_expected"
    outcome = services.commit(KIND, ctx_for(world, filename="skp-2.xlsx"), data(changed))
    assert (outcome.counts()["changed"], outcome.counts()["unchanged"]) == (1, 2)
    row = SkpResult.unscoped.get(employee=world.employee_puskesmas)
    # Hasil di atas, perilaku sesuai ekspektasi: Baik (PermenPAN-RB 6/2022 Lampiran).
    assert row.predicate == "baik"
    assert row.history.first().history_change_reason == "Impor: skp-2.xlsx"


def test_bad_rows_are_reported_in_indonesian_and_nothing_is_saved(world: World) -> None:
    items = rows(world)
    items[0]["result"] = "luar biasa"  # row 2
    items[1]["year"] = "2019 dan 2020"  # row 3
    items[2]["nip"] = "199001012015031999"  # row 4: nobody
    items.append({**rows(world)[0], "year": None})  # row 5
    items += [rows(world)[2], rows(world)[2]]  # rows 6 and 7: twice
    with translation.override("id"):
        outcome = services.check(KIND, ctx_for(world), data(items))
        messages = {(e["row"], e["column"]): e["message"] for e in outcome.error_dicts()}
        with pytest.raises(services.ImportRefused):
            services.commit(KIND, ctx_for(world), data(items))
    assert not SkpResult.unscoped.exists()
    assert outcome.invalid_rows == [2, 3, 4, 5, 6, 7]
    assert messages[(2, "Rating Hasil Kerja")].startswith("“luar biasa” bukan salah satu dari")
    assert messages[(3, "Tahun")] == "Isikan satu tahun dari 2000 sampai 2026."
    assert (
        messages[(4, "NIP")] == "Tidak ada pegawai pada unit yang boleh Anda ubah dengan NIP ini."
    )
    assert messages[(5, "Tahun")] == "Kolom ini wajib diisi, tetapi selnya kosong."
    assert "juga muncul di baris 7" in messages[(6, "NIP")]


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "operator_other_opd_a"])
def test_an_operator_imports_only_their_opd(world: World, persona: str) -> None:
    """A NIP outside the operator's OPD gets the answer of a NIP nobody has."""
    mine = {"operator_dinkes_a": {0, 1}, "operator_other_opd_a": {2}}[persona]
    items = rows(world)
    outcome = services.check(KIND, ctx_for(world, persona), data(items))
    refused = {e.row - 2 for e in outcome.errors}
    assert refused == {0, 1, 2} - mine
    assert {e.code for e in outcome.errors} == {"skp.employee_unknown"}
    nobody = services.check(
        KIND, ctx_for(world, persona), data([{**items[0], "nip": "199001012015031999"}])
    )
    outside = next(i for i in range(3) if i not in mine)
    hidden = services.check(KIND, ctx_for(world, persona), data([items[outside]]))
    assert hidden.error_dicts() == [
        {**e, "value": hidden.error_dicts()[0]["value"]} for e in nobody.error_dicts()
    ]
    with pytest.raises(services.ImportRefused):
        services.commit(KIND, ctx_for(world, persona), data(items))
    assert not SkpResult.unscoped.exists()
    services.commit(KIND, ctx_for(world, persona), data([items[i] for i in sorted(mine)]))
    assert SkpResult.unscoped.count() == len(mine)


def test_another_agencys_employee_is_unknown(world: World) -> None:
    items = [{**rows(world)[0], "nip": world.employee_b.nip}]
    outcome = services.check(KIND, ctx_for(world), data(items))
    assert [e.code for e in outcome.errors] == ["skp.employee_unknown"]


def test_a_different_predicate_in_the_file_is_a_warning(world: World) -> None:
    items = rows(world)[:1]
    items[0]["predicate"] = "baik"  # the ratings give sangat baik
    with translation.override("id"):
        outcome = services.check(KIND, ctx_for(world), data(items))
        assert outcome.ok
        assert [w.code for w in outcome.warnings] == ["skp.predicate_differs"]
        assert "Sangat baik" in outcome.warnings[0].detail["message"] or "Sangat Baik" in str(
            outcome.warnings[0].detail["message"]
        )
    services.commit(KIND, ctx_for(world), data(items))
    assert SkpResult.unscoped.get().predicate == "sangat_baik"


def _recap(world: World) -> bytes:
    """A workbook laid out like a downloaded yearly recap: title rows above the header, a
    running number, extra columns, upper-case rating labels, a Periode cell with words."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["REKAP PREDIKAT KINERJA PEGAWAI TAHUNAN"])
    sheet.append(["PEMERINTAH KOTA PALANGKA RAYA"])
    sheet.append([])
    sheet.append(["No", "NIP", "Nama", "Jabatan", "Unit Kerja", "Periode", "Rating Hasil Kerja",
                  "Rating Perilaku Kerja", "Predikat Kinerja"])  # fmt: skip
    sheet.append([1, world.employee_dinkes.nip, world.employee_dinkes.name, "Perawat",
                  "Dinas Kesehatan", "Tahunan 2025", "DIATAS EKSPEKTASI", "SESUAI EKSPEKTASI",
                  "BAIK"])  # fmt: skip
    sheet.append([2, world.employee_disdik.nip, world.employee_disdik.name, "Guru",
                  "Dinas Pendidikan", "Tahunan 2025", "DIBAWAH EKSPEKTASI",
                  "DIBAWAH EKSPEKTASI", "SANGAT KURANG"])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _siasn(world: World) -> bytes:
    """BKN SIASN's yearly performance record field names as headers (riwayat SKP 2022)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["nipBaru", "tahun", "hasilKinerja", "perilakuKerja", "kuadranKinerja"])
    sheet.append([world.employee_dinkes.nip, 2025, "Sesuai Ekspektasi", "Sesuai Ekspektasi",
                  "Baik"])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_file_laid_out_like_a_recap_is_read(world: World) -> None:
    outcome = services.commit(KIND, ctx_for(world), _recap(world))
    assert outcome.ok and outcome.counts()["new"] == 2
    saved = dict(SkpResult.unscoped.values_list("employee_id", "predicate"))
    assert saved == {world.employee_dinkes.pk: "baik", world.employee_disdik.pk: "sangat_kurang"}


def test_siasn_field_names_are_read(world: World) -> None:
    outcome = services.commit(KIND, ctx_for(world), _siasn(world))
    assert outcome.ok, outcome.error_dicts()
    assert SkpResult.unscoped.get().predicate == "baik"


@pytest.mark.parametrize(
    ("text", "year"),
    [("2025", 2025), ("Tahunan 2025", 2025), ("01/01/2025 - 31/12/2025", 2025),
     ("2024 - 2025", None), ("", None), ("12025", None), ("Periode IV", None)],
)  # fmt: skip
def test_the_year_is_read_from_a_period(text: str, year: int | None) -> None:
    assert year_of(text) == year


EXPECTED_IMPORT = {
    "admin_a": True,
    "operator_dinkes_a": True,
    "operator_other_opd_a": True,
    "evaluator_a": False,
    "leader_a": False,
    "admin_b": True,
    "anonymous": False,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_import_per_role(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, persona: str
) -> None:
    user = world.users[persona]
    may = EXPECTED_IMPORT[persona]
    assert (KIND in importable_kinds(user)) is may if user else True
    client = client_for(persona)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("transfer:upload"),
            {"kind": "skp", "file": SimpleUploadedFile("skp.xlsx", data(rows(world)))},
        )
    if not may:
        assert response.status_code in (302, 400, 403)
        if response.status_code == 302:
            assert "/masuk" in response["Location"] or "login" in response["Location"]
        assert not ImportJob.objects.exists()
        return
    assert response.status_code == 302, response.content[:2000]
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.CHECKED, job.errors
    expected_new = {"admin_a": 3, "operator_dinkes_a": 2, "operator_other_opd_a": 1, "admin_b": 0}
    assert job.summary["new"] == expected_new[persona]
    assert job.summary["invalid"] == 3 - expected_new[persona]


# --------------------------------------------------------------------------- fuzzing
# As tests/transfer/test_corruptions.py does for employees: whatever a cell holds, a check
# answers (never raises) and a commit writes everything or nothing.

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CELLS = st.one_of(
    st.sampled_from(["", " ", "=1+1", "2025", "Tahunan 2025", "DIATAS EKSPEKTASI", "Baik",
                     "１９８５０３０２２０１００１２００１", "x" * 500, "2024 - 2025", "sesuai"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
)  # fmt: skip
EDITS = st.lists(
    st.tuples(st.integers(0, 5), st.sampled_from([c.field for c in KIND.columns]), CELLS),
    min_size=1,
    max_size=5,
)


@FUZZ
@given(edits=EDITS, fmt=st.sampled_from(["xlsx", "csv"]), persona=st.sampled_from(
    ["admin_a", "operator_dinkes_a"]))  # fmt: skip
def test_corrupted_cells_are_answered(world: World, edits: Any, fmt: str, persona: str) -> None:
    items = rows(world) * 2
    for at, name, value in edits:
        items[at][name] = value
    content = data(items, fmt)
    ctx = ctx_for(world, persona, filename=f"skp.{fmt}")
    outcome = services.check(KIND, ctx, content)
    outcome.error_dicts()  # every message renders
    with transaction.atomic():
        before = list(SkpResult.unscoped.values()), SkpResult.history.count()
        try:
            committed = services.commit(KIND, ctx, content)
        except services.ImportRefused as exc:
            assert not exc.outcome.ok
            assert (list(SkpResult.unscoped.values()), SkpResult.history.count()) == before
        else:
            assert committed.ok and outcome.ok
            assert SkpResult.unscoped.count() == committed.counts()["new"]
        transaction.set_rollback(True)
