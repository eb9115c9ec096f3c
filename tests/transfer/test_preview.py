"""Issue 15 (4, 5): the preview lists every change row by row (old → new per column), warns
of a column the import cannot apply, and lets the user leave invalid rows out of a commit
(never of a complete list).

The round trip edits one importable employee column per row of the admin's own export; the
expectation is built here from the edits (column, old text, new text), independently of
the preview code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.formats import date_format

from formasi.organization.models import Region
from formasi.transfer import services
from formasi.transfer.kinds import KINDS
from formasi.transfer.models import ImportJob, ImportRow
from formasi.workforce.models import Employee
from tests import builders as build
from tests.personas import World
from tests.transfer.builders import exported_rows, file_of, snapshot

KIND = KINDS["employees"]
HEADER = {c.field: c.header for c in KIND.columns}


def _dmy(value: date) -> str:
    """A date as the pages show it in Indonesian (the locale's DATE_FORMAT, "j N Y")."""
    return date_format(value)


@dataclass
class Edit:
    """One column of one row changed in the file, and what the preview should say."""

    column: str  # the file's column (field)
    value: object  # the new cell
    old: str = ""  # the stored value as the preview shows it
    new: str = ""
    shows: str = "change"  # "change", "warning" or "error"


def _people(world: World, count: int) -> list[Employee]:
    """``count`` PNS in Dinas Kesehatan, each with a NIP and NIK of their own."""
    people = []
    for i in range(count):
        birth = date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        people.append(
            build.employee(
                world.dinkes,
                world.nurse,
                f"Pegawai Uji {i:02d}",
                birth=birth,
                nip=build.nip_for(birth, "M", seq=100 + i),
                nik=build.nik_for(birth, "M", seq=100 + i),
            )
        )
    return people


def _edits(world: World, people: list[Employee]) -> dict[str, Edit]:
    """One edit per importable column except the key (NIP), by the NIP of its row."""
    district = Region.objects.get(code="62.71.05")
    pppk = people[0]
    pppk.status, pppk.nip = "pppk", f"{pppk.birth_date:%Y%m%d}2023211077"
    pppk.save()
    edits = [
        Edit("nik", build.nik_for(people[1].birth_date, "M", seq=4321)),
        Edit("name", "Nama Baru", people[2].name, "Nama Baru"),
        Edit("birth_place", "Sampit", "–", "Sampit"),
        Edit("status", "cpns", "PNS", "CPNS"),
        Edit("position_code", world.teacher.code),
        Edit("position_name", "Perawat Terampil", shows="warning"),
        Edit("position_kind", "pelaksana", shows="error"),
        Edit("unit_code", world.puskesmas.code),
        Edit("unit_name", "Dinas Kesehatan Kota", shows="warning"),
        Edit("tmt_position", date(2020, 2, 3), "–", "3 Feb. 2020"),
        Edit("tmt_cpns", date(2001, 3, 1)),
        Edit("contract_end", date(2030, 12, 31), "–", "31 Des. 2030"),
        Edit("golongan", "III/c", "–", "III/c"),
        Edit("education", "s2", "–", "S-2"),
        Edit("origin_region", district.code, "–", f"{district.code} · {district.name}"),
        Edit("domicile_region", district.code, "–", f"{district.code} · {district.name}"),
        Edit("address", "Jl. Tjilik Riwut 5", "–", "Jl. Tjilik Riwut 5"),
        Edit("active", False, "Ya", "Tidak"),
    ]
    # contract_end belongs to the PPPK; the others take one person each, in order.
    order = [people[1], people[2], people[3], people[4], people[5], people[6], people[7],
             people[8], people[9], people[10], people[11], pppk, *people[12:]]  # fmt: skip
    by_nip: dict[str, Edit] = {}
    for person, edit in zip(order, edits, strict=False):
        by_nip[str(person.nip)] = edit
    nik_person = people[1]
    by_nip[str(nik_person.nip)].old = nik_person.nik  # the admin may see NIKs
    by_nip[str(nik_person.nip)].new = str(by_nip[str(nik_person.nip)].value)
    tmt = people[11]
    by_nip[str(tmt.nip)].old = _dmy(tmt.tmt_cpns) if tmt.tmt_cpns else "–"
    by_nip[str(tmt.nip)].new = "1 Maret 2001"
    unit_person = people[8]
    by_nip[str(unit_person.nip)].old = f"DINKES · {world.dinkes.name}"
    by_nip[str(unit_person.nip)].new = f"{world.puskesmas.code} · {world.puskesmas.name}"
    position_person = people[5]
    by_nip[str(position_person.nip)].old = f"{world.nurse.code} · {world.nurse.name}"
    by_nip[str(position_person.nip)].new = f"{world.teacher.code} · {world.teacher.name}"
    return by_nip


def _edited_file(world: World, edits: dict[str, Edit]) -> bytes:
    rows = [r for r in exported_rows(world.users["admin_a"], world.agency_a)
            if str(r["nip"]) in edits]  # fmt: skip
    for row in rows:
        edit = edits[str(row["nip"])]
        row[edit.column] = edit.value
        if edit.column == "position_code":
            row["position_name"], row["position_kind"] = world.teacher.name, world.teacher.kind
        if edit.column == "unit_code":
            row["unit_name"] = world.puskesmas.name
    return file_of(rows, "xlsx")


def _upload(client: Any, capture: Any, data: bytes, **extra: Any) -> ImportJob:
    with capture(execute=True):
        response = client.post(
            reverse("transfer:upload"),
            {"kind": "employees", "file": SimpleUploadedFile("p.xlsx", data), **extra},
        )
    assert response.status_code == 302, response.content[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


@pytest.fixture
def edited(world: World) -> tuple[list[Employee], dict[str, Edit]]:
    people = _people(world, 20)
    return people, _edits(world, people)


def test_preview_lists_exactly_the_edits(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, edited: Any
) -> None:
    edits = edited[1]
    job = _upload(client_for("admin_a"), django_capture_on_commit_callbacks,
                  _edited_file(world, edits))  # fmt: skip
    rows = {r.key: r for r in ImportRow.objects.filter(job=job)}
    # Every edited row is listed, nothing else (the other rows of the file are unchanged).
    assert set(rows) == set(edits)
    for nip, edit in edits.items():
        row = rows[nip]
        if edit.shows == "warning":
            assert (row.kind, row.changes, row.errors) == ("unchanged", [], [])
            assert len(row.warnings) == 1
            assert HEADER[edit.column] in row.warnings[0] and str(edit.value) in row.warnings[0]
            continue
        if edit.shows == "error":
            assert row.kind == "invalid"
            message = row.errors[0]
            assert HEADER[edit.column] in message and str(edit.value) in message.lower()
            assert "Fungsional" in message  # what was expected: the nurse's kind
            continue
        assert row.kind == "changed", (nip, edit, row.errors)
        assert [c[0] for c in row.changes] == [HEADER[edit.column]]
        _column, old, new = row.changes[0]
        assert (old, new) == (edit.old, edit.new), edit.column
    assert job.summary["warnings"] == 2
    assert job.summary["invalid"] == 1


def test_leaving_the_invalid_row_out_writes_the_others_in_one_go(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, edited: Any
) -> None:
    edits = edited[1]
    client = client_for("admin_a")
    job = _upload(client, django_capture_on_commit_callbacks, _edited_file(world, edits))
    page = client.get(reverse("transfer:job", args=[job.pk]))
    assert b'data-testid="leave-out"' in page.content
    bad_nip = next(n for n, e in edits.items() if e.shows == "error")
    bad = Employee.unscoped.get(nip=bad_nip)
    assert bad.name.encode() in page.content  # listed by name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transfer:commit", args=[job.pk]), {"leave_out": "1"})
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE, job.errors
    assert job.summary["excluded"] == 1
    golongan = next(n for n, e in edits.items() if e.column == "golongan")
    assert Employee.unscoped.get(nip=golongan).golongan == "III/c"
    assert Employee.unscoped.get(nip=bad_nip).position_id == world.nurse.pk  # left as it was
    # One transaction: every change carries this import's reason, none is missing.
    changed = [n for n, e in edits.items() if e.shows == "change"]
    reasons = Employee.history.filter(nip__in=changed, history_change_reason="Impor: p.xlsx")
    assert reasons.count() == len(changed)


def test_a_stale_or_forged_leave_out_writes_nothing(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, edited: Any
) -> None:
    edits = edited[1]
    client = client_for("admin_a")
    job = _upload(client, django_capture_on_commit_callbacks, _edited_file(world, edits))
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transfer:commit", args=[job.pk]), {"leave_out": "7"})
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED
    assert snapshot() == before


def test_no_leaving_out_from_a_complete_list(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, edited: Any
) -> None:
    edits = edited[1]
    client = client_for("admin_a")
    job = _upload(client, django_capture_on_commit_callbacks, _edited_file(world, edits),
                  full_snapshot="on")  # fmt: skip
    assert job.full_snapshot and job.summary["invalid"] == 1
    page = client.get(reverse("transfer:job", args=[job.pk]))
    assert b'data-testid="leave-out"' not in page.content
    assert b'data-testid="no-leave-out"' in page.content
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("transfer:commit", args=[job.pk]), {"leave_out": "1"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.queue_commit(job=job, actor=world.users["admin_a"], exclude=[1])
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED and job.excluded == []
    assert snapshot() == before


def test_commit_with_exclude_refuses_a_complete_list(world: World, edited: Any) -> None:
    """The service below the page refuses it too (a CLI or a forged job)."""
    from tests.transfer.builders import ctx_for

    edits = edited[1]
    ctx = ctx_for(world.users["admin_a"], world.agency_a, full_snapshot=True)
    before = snapshot()
    with pytest.raises(services.ImportRefused):
        services.commit(KIND, ctx, _edited_file(world, edits), exclude=[2])
    assert snapshot() == before


def test_filters_search_and_pages(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, edited: Any
) -> None:
    edits = edited[1]
    client = client_for("admin_a")
    job = _upload(client, django_capture_on_commit_callbacks, _edited_file(world, edits))
    url = reverse("transfer:job", args=[job.pk])

    def kinds(**query: str) -> list[str]:
        page = client.get(url, query)
        return [r.kind for r in page.context["preview_rows"]]

    changed = sum(1 for e in edits.values() if e.shows == "change")
    assert kinds(kind="changed") == ["changed"] * changed
    assert kinds(kind="invalid") == ["invalid"]
    assert kinds(kind="new") == []
    assert len(kinds()) == len(edits)
    renamed = next(n for n, e in edits.items() if e.column == "name")
    found = client.get(url, {"q": "nama baru"}).context["preview_rows"]
    assert [r.key for r in found] == [renamed]
    assert [r.key for r in client.get(url, {"q": renamed[:12]}).context["preview_rows"]] != []
    # A page at a time.
    from formasi.transfer import views

    first = client.get(url).context["preview_rows"]
    assert first.paginator.per_page == views.PREVIEW_PER_PAGE
    assert first.paginator.count == len(edits)


def test_pages_a_long_preview(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from formasi.transfer import views

    people = _people(world, views.PREVIEW_PER_PAGE + 3)
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    for row in rows:
        row["golongan"] = "II/a"
    client = client_for("admin_a")
    job = _upload(client, django_capture_on_commit_callbacks, file_of(rows))
    url = reverse("transfer:job", args=[job.pk])
    first = client.get(url).context["preview_rows"]
    second = client.get(url, {"p": "2"}).context["preview_rows"]
    assert len(first) == views.PREVIEW_PER_PAGE
    assert len(second) == len(rows) - views.PREVIEW_PER_PAGE
    assert {r.key for r in first}.isdisjoint({r.key for r in second})
    assert len(people) < len(rows) + 1


def test_operator_preview_shows_only_their_scope(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """An OPD operator's preview of a file naming another OPD's employee shows no stored
    value of that employee (the row looks new, and fails on the unit outside the scope);
    another user cannot open the preview at all."""
    admin_rows = exported_rows(world.users["admin_a"], world.agency_a)
    other = next(r for r in admin_rows if r["nip"] == world.employee_disdik.nip)
    own = next(r for r in admin_rows if r["nip"] == world.employee_dinkes.nip)
    other["golongan"], own["golongan"] = "IV/a", "III/d"
    client = client_for("operator_dinkes_a")
    job = _upload(client, django_capture_on_commit_callbacks, file_of([own, other]))
    rows = {r.key: r for r in ImportRow.objects.filter(job=job)}
    assert rows[own["nip"]].kind == "changed"
    outside = rows[other["nip"]]
    assert outside.kind == "invalid"
    assert outside.changes == []
    assert world.employee_disdik.unit.name not in " ".join(outside.errors)
    url = reverse("transfer:job", args=[job.pk])
    assert client_for("operator_other_opd_a").get(url).status_code == 404
    assert client_for("admin_a").get(url).status_code == 404


def test_error_messages_name_row_column_value_and_expectation(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    target = next(r for r in rows if r["nip"] == world.employee_dinkes.nip)
    target["birth_date"] = date(1985, 3, 3)  # the NIP says 02-03-1985
    job = _upload(client_for("admin_a"), django_capture_on_commit_callbacks, file_of(rows))
    row = ImportRow.objects.get(job=job, kind="invalid")
    number = rows.index(target) + 2
    message = " ".join(row.errors)
    assert f"Baris {number}, kolom NIP" in message
    assert "02-03-1985" in message and "03-03-1985" in message
    assert str(world.employee_dinkes.nip) in message
    # The problems table shows the value found beside the message too.
    # (The NIK's birth digits disagree too; its value is masked on the page.)
    values = {e["column"]: e["value"] for e in job.errors if e["row"] == number}
    assert values["NIP"] == world.employee_dinkes.nip
    assert values["NIK"] and world.employee_dinkes.nik not in values["NIK"]


@pytest.mark.parametrize(
    ("kind_name", "column", "value"),
    [("units", "name", "Dinas Kesehatan dan KB"), ("positions", "name", "Perawat Ahli Muda")],
)
def test_units_and_positions_share_the_preview(
    world: World, kind_name: str, column: str, value: str
) -> None:
    """The units and positions imports go through the same preview: one renamed record,
    old → new, under the file's header."""
    from formasi.core.xlsx import write_table
    from formasi.transfer import preview
    from tests.transfer.builders import ctx_for

    kind = KINDS[kind_name]
    ctx = ctx_for(world.users["admin_a"], world.agency_a)
    rows = list(kind.export_rows(ctx))
    target = rows[0]
    old = str(target[column])
    target[column] = value
    outcome = services.check(kind, ctx, write_table(kind.columns, rows, "xlsx"))
    assert outcome.ok, outcome.error_dicts()
    listed = list(preview.preview_rows(kind, ctx, outcome))
    header = next(c.header for c in kind.columns if c.field == column)
    assert [(r.kind, r.key, r.changes) for r in listed] == [
        ("changed", str(target["code"]), [[header, old, value]])
    ]
