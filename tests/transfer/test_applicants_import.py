"""Import of the year's applicants (kind "applicants"): check, commit, errors, idempotence,
scope, upsert-only and who may import."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from formasi.core.xlsx import write_table
from formasi.organization.models import Position, Region
from formasi.placement.models import Applicant
from formasi.transfer import services
from formasi.transfer.forms import importable_kinds
from formasi.transfer.kinds import KINDS, Context
from formasi.transfer.models import ImportJob
from tests.personas import PERSONAS, World

TODAY = date(2026, 11, 23)
KIND = KINDS["applicants"]


def ctx_for(world: World, persona: str = "admin_a", filename: str = "pelamar.xlsx", **kw: Any):
    user = world.users[persona]
    agency = kw.pop("agency", None) or world.agency_a
    return Context(user=user, agency=agency, filename=filename, today=TODAY, **kw)


def rows(world: World) -> list[dict[str, object]]:
    return [
        {"year": 2026, "registration_number": "26000001", "name": "Ani Lestari",
         "status": "cpns", "position_code": world.nurse_position.code,
         "home_region": "62.71.05.1001", "education": "D-III"},
        {"year": 2026, "registration_number": "26000002", "name": "Budi Hartono",
         "status": "pppk", "position_code": world.teacher_position.code,
         "home_region": "62.71.01", "education": "S-1"},
        {"year": 2026, "registration_number": "26000003", "name": "Citra Dewi",
         "status": "cpns", "position_code": world.nurse_position.code,
         "home_region": None, "education": None},
    ]  # fmt: skip


def data(items: list[dict[str, object]], fmt: str = "xlsx") -> bytes:
    return write_table(KIND.columns, items, fmt)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_check_then_commit_then_idempotent(world: World, fmt: str) -> None:
    ctx = ctx_for(world, filename=f"pelamar.{fmt}")
    content = data(rows(world), fmt)
    outcome = services.check(KIND, ctx, content)
    assert outcome.ok, outcome.error_dicts()
    assert outcome.counts() == {
        "rows": 3, "new": 3, "changed": 0, "unchanged": 0, "deactivated": 0, "invalid": 0,
    }  # fmt: skip
    assert not Applicant.unscoped.exists()  # a check writes nothing

    services.commit(KIND, ctx, content)
    saved = {a.registration_number: a for a in Applicant.unscoped.select_related("home_region")}
    assert set(saved) == {"26000001", "26000002", "26000003"}
    ani = saved["26000001"]
    assert (ani.agency, ani.year, ani.name, ani.status) == (world.agency_a, 2026, "Ani Lestari",
                                                            "cpns")  # fmt: skip
    assert ani.position == world.nurse_position
    assert ani.home_region.code == "62.71.05.1001"
    assert ani.education == "D-III"
    assert saved["26000002"].home_region.code == "62.71.01"  # a kecamatan
    assert saved["26000003"].home_region is None and saved["26000003"].education == ""
    history = ani.history.get()
    assert history.history_type == "+"
    assert history.history_user == world.users["admin_a"]
    assert history.history_change_reason == f"Impor: pelamar.{fmt}"

    # The same file again: nothing changes, no history.
    again = services.commit(KIND, ctx, content)
    assert again.counts()["unchanged"] == 3
    assert (again.counts()["new"], again.counts()["changed"]) == (0, 0)
    assert Applicant.history.count() == 3
    # Its own export is the same file.
    assert data(list(KIND.export_rows(ctx)), fmt) == content


def test_changed_row_is_updated_with_history(world: World) -> None:
    ctx = ctx_for(world)
    services.commit(KIND, ctx, data(rows(world)))
    changed = rows(world)
    changed[0]["name"] = "Ani Lestari, A.Md.Kep."
    changed[0]["home_region"] = "62.71.05"
    ctx = ctx_for(world, filename="pelamar-2.xlsx")
    outcome = services.commit(KIND, ctx, data(changed))
    assert (outcome.counts()["changed"], outcome.counts()["unchanged"]) == (1, 2)
    ani = Applicant.unscoped.get(registration_number="26000001")
    assert ani.name == "Ani Lestari, A.Md.Kep."
    assert ani.home_region == world.district_a2
    latest = ani.history.first()
    assert (latest.history_type, latest.history_change_reason) == ("~", "Impor: pelamar-2.xlsx")


def test_upsert_only_keeps_applicants_missing_from_the_file(world: World) -> None:
    services.commit(KIND, ctx_for(world), data(rows(world)))
    ctx = ctx_for(world, full_snapshot=True)  # even when asked, nothing is removed
    outcome = services.commit(KIND, ctx, data(rows(world)[:1]))
    assert outcome.counts()["deactivated"] == 0
    assert Applicant.unscoped.count() == 3
    assert not KIND.supports_snapshot


def test_same_number_in_another_year_is_another_applicant(world: World) -> None:
    items = rows(world)[:1]
    items.append({**items[0], "year": 2027, "name": "Ani Lestari (2027)"})
    outcome = services.commit(KIND, ctx_for(world), data(items))
    assert outcome.counts()["new"] == 2
    assert sorted(Applicant.unscoped.values_list("year", flat=True)) == [2026, 2027]


def test_bad_rows_are_reported_in_indonesian_and_nothing_is_saved(world: World) -> None:
    items = rows(world)
    items[0]["position_code"] = "TIDAK-ADA"  # row 2
    items[1]["home_region"] = "99.99.99"  # row 3
    items[2]["status"] = "pns"  # row 4
    items.append({**items[2], "registration_number": "26000004", "name": None, "status": "pppk"})
    # row 5 above has no name
    twin = {**rows(world)[2], "registration_number": "26000009"}
    items += [twin, twin]  # rows 6 and 7: the same year and number twice
    with translation.override("id"):
        outcome = services.check(KIND, ctx_for(world), data(items))
        messages = {(e["row"], e["column"]): e["message"] for e in outcome.error_dicts()}
        with pytest.raises(services.ImportRefused):
            services.commit(KIND, ctx_for(world), data(items))
    assert not Applicant.unscoped.exists()
    assert outcome.invalid_rows == [2, 3, 4, 5, 6, 7]
    assert messages == {
        (2, "Kode Jabatan"): "Tidak ada jabatan dengan kode ini dalam data induk jabatan instansi.",
        (3, "Asal"): (
            "Tidak ada wilayah dengan kode ini (gunakan kode Kemendagri, misalnya 62.71.01)."
        ),
        (4, "Status"): "“pns” bukan salah satu dari: CPNS, PPPK.",
        (5, "Nama"): "Kolom ini wajib diisi, tetapi selnya kosong.",
        (6, "Nomor Peserta"): (
            "2026/26000009 juga muncul di baris 7; setiap nilai hanya boleh muncul sekali."
        ),
        (7, "Nomor Peserta"): (
            "2026/26000009 juga muncul di baris 6; setiap nilai hanya boleh muncul sekali."
        ),
    }


def test_position_of_another_agency_is_refused(world: World) -> None:
    other = Position.unscoped.get(agency=world.agency_b)
    items = rows(world)[:1]
    items[0]["position_code"] = other.code
    outcome = services.check(KIND, ctx_for(world), data(items))
    assert [e.code for e in outcome.errors] == ["applicant.position_unknown"]
    with pytest.raises(services.ImportRefused):
        services.commit(KIND, ctx_for(world), data(items))
    assert not Applicant.unscoped.exists()
    # Agency B's admin imports into B: A's position code is unknown there too.
    items = rows(world)[:1]
    ctx = ctx_for(world, "admin_b", agency=world.agency_b)
    assert [e.code for e in services.check(KIND, ctx, data(items)).errors] == [
        "applicant.position_unknown"
    ]


def test_an_applicant_of_another_agency_is_neither_seen_nor_changed(world: World) -> None:
    services.commit(KIND, ctx_for(world), data(rows(world)))
    other = Position.unscoped.get(agency=world.agency_b)
    items = [{**rows(world)[0], "position_code": other.code, "home_region": "63.72.02"}]
    ctx = ctx_for(world, "admin_b", agency=world.agency_b)
    outcome = services.commit(KIND, ctx, data(items))
    assert outcome.counts()["new"] == 1  # the same number in B is B's own applicant
    ani_a = Applicant.unscoped.get(agency=world.agency_a, registration_number="26000001")
    assert ani_a.position == world.nurse_position
    assert (
        Region.objects.get(code="63.72.02")
        == Applicant.unscoped.get(agency=world.agency_b).home_region
    )
    assert [r["registration_number"] for r in KIND.export_rows(ctx)] == ["26000001"]


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "evaluator_a", "leader_a"])
def test_only_admins_may_add(world: World, persona: str) -> None:
    """The pages never offer the kind to these roles; the kind refuses them too."""
    ctx = ctx_for(world, persona)
    outcome = services.check(KIND, ctx, data(rows(world)[:1]))
    assert [e.code for e in outcome.errors] == ["applicant.add_denied"]


EXPECTED_IMPORT = {
    "admin_a": True,
    "operator_dinkes_a": False,
    "operator_other_opd_a": False,
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
            {"kind": "applicants", "file": SimpleUploadedFile("pelamar.xlsx", data(rows(world)))},
        )
    if not may:
        assert response.status_code in (302, 400, 403)
        if response.status_code == 302:
            assert "/masuk" in response["Location"] or "login" in response["Location"]
        assert not ImportJob.objects.exists()
        template = client.get(reverse("transfer:template", args=["applicants", "xlsx"]))
        if persona in ("evaluator_a", "leader_a"):
            assert template.status_code == 200  # they export; the empty file is harmless
        elif persona != "anonymous":
            assert template.status_code == 403
        return
    assert response.status_code == 302, response.content[:2000]
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.CHECKED, job.errors
    if persona == "admin_b":  # B has none of A's position codes
        assert job.summary["invalid"] == 3
        return
    assert (job.summary["new"], job.summary["invalid"]) == (3, 0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transfer:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert Applicant.unscoped.filter(agency=world.agency_a).count() == 3
    assert client.get(reverse("transfer:template", args=["applicants", "xlsx"])).status_code == 200


@pytest.mark.parametrize("persona", ["admin_a", "evaluator_a", "leader_a"])
def test_applicant_list_links_to_the_import_for_admins(
    world: World, client_for: Any, persona: str
) -> None:
    page = client_for(persona).get(reverse("placement:applicant_list"))
    assert page.status_code == 200
    linked = b'data-testid="applicant-import"' in page.content
    assert linked is (persona == "admin_a")
    if linked:
        assert reverse("transfer:index").encode() in page.content
        assert reverse("transfer:template", args=["applicants", "xlsx"]).encode() in page.content
