"""Two imports checked against the same data and committed one after the other (issue 13,
finding 7): the second may not silently overwrite what the first wrote.

The jobs run through ``tasks.run_job`` as the worker runs them: check (the preview the user
confirms), then commit. A commit is refused, with the rows listed, when a record its preview
compared against has changed since; a commit whose records did not change still writes.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.utils import translation

from formasi.transfer.models import ImportJob
from formasi.transfer.tasks import CHECK, COMMIT, run_job
from formasi.workforce.models import Employee
from tests.transfer.builders import exported_rows, file_of, snapshot


@pytest.fixture(autouse=True)
def _indonesian() -> Any:
    with translation.override("id"):
        yield


def checked_job(world: Any, rows: list[dict[str, object]], name: str) -> ImportJob:
    data = file_of(rows)
    job = ImportJob.objects.create(
        kind="employees",
        agency=world.agency_a,
        created_by=world.users["admin_a"],
        filename=name,
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        language="id",
    )
    run_job(job.pk, CHECK)
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED and job.can_commit, job.errors
    return job


def committed(job: ImportJob) -> ImportJob:
    run_job(job.pk, COMMIT)
    job.refresh_from_db()
    return job


def test_the_second_of_two_imports_checked_on_the_same_data_is_refused(world: Any) -> None:
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    shared = rows[0]["nip"]
    first_rows = [dict(r) for r in rows]
    first_rows[0]["golongan"] = "III/d"
    second_rows = [dict(r) for r in rows]
    second_rows[0]["golongan"] = "II/a"  # the same employee, another value
    second_rows[1]["name"] = "Dewi Anggraini"
    first = checked_job(world, first_rows, "pertama.xlsx")
    second = checked_job(world, second_rows, "kedua.xlsx")

    assert committed(first).state == ImportJob.State.DONE
    before = snapshot()
    second = committed(second)

    assert second.state == ImportJob.State.CHECKED and not second.can_commit
    assert snapshot() == before  # nothing of the second file written
    assert Employee.unscoped.get(nip=shared).golongan == "III/d"  # the first change stays
    file_messages = [e["message"] for e in second.errors if e["row"] == 0]
    # Row 2 holds the shared employee (row 1 is the header); only it changed since.
    assert any("Baris yang berubah sejak pemeriksaan: 2." in m for m in file_messages), (
        file_messages
    )
    assert [(e["row"], e["code"]) for e in second.errors if e["row"]] == [
        (2, "row.changed_since_check")
    ]


def test_an_import_whose_records_did_not_change_since_its_check_still_commits(
    world: Any,
) -> None:
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    first_rows, second_rows = [dict(rows[0])], [dict(rows[1])]
    first_rows[0]["golongan"] = "III/d"
    second_rows[0]["name"] = "Dewi Anggraini"
    first = checked_job(world, first_rows, "pertama.xlsx")
    second = checked_job(world, second_rows, "kedua.xlsx")

    assert committed(first).state == ImportJob.State.DONE
    assert committed(second).state == ImportJob.State.DONE, second.errors

    assert Employee.unscoped.get(nip=rows[0]["nip"]).golongan == "III/d"
    assert Employee.unscoped.get(nip=rows[1]["nip"]).name == "Dewi Anggraini"


def test_an_edit_made_after_the_check_also_refuses_the_commit(world: Any) -> None:
    rows = exported_rows(world.users["admin_a"], world.agency_a)
    rows[0]["golongan"] = "III/d"
    job = checked_job(world, rows, "pegawai.xlsx")
    Employee.unscoped.filter(nip=rows[0]["nip"]).update(name="Nama Baru")

    job = committed(job)

    assert job.state == ImportJob.State.CHECKED and not job.can_commit
    assert Employee.unscoped.get(nip=rows[0]["nip"]).name == "Nama Baru"
