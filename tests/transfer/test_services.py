"""The import job's services: the page and `formasi import` create the same job."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from formasi.core.xlsx import write_table
from formasi.transfer import services
from formasi.transfer.kinds import KINDS, Context
from formasi.transfer.models import ImportJob
from tests.personas import World
from tests.transfer.builders import TODAY


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch: Any) -> None:
    monkeypatch.delenv("LANGUAGE", raising=False)


def _file(world: World) -> bytes:
    kind = KINDS["employees"]
    ctx = Context(user=world.users["admin_a"], agency=world.agency_a, filename="", today=TODAY)
    rows = list(kind.export_rows(ctx))
    rows[0]["golongan"] = "III/d"
    return write_table(kind.columns, rows, "xlsx")


def _shape(job: ImportJob) -> tuple[Any, ...]:
    return (
        job.kind,
        job.agency_id,
        job.created_by_id,
        job.filename,
        job.sha256,
        job.full_snapshot,
        job.language,
        job.mapping,
        job.state,
        job.summary,
        job.errors,
    )


def test_the_page_and_the_cli_create_the_same_import_job(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    data = _file(world)
    with django_capture_on_commit_callbacks(execute=True):  # the worker checks it
        response = client_for("admin_a").post(
            reverse("transfer:upload"),
            {"kind": "employees", "file": SimpleUploadedFile("pegawai.xlsx", data)},
        )
    assert response.status_code == 302
    page_job = ImportJob.objects.get()
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(data)

    call_command(
        "import", "employees", str(path), "--agency", world.agency_a.code, "--user", "admin_a",
        "--dry-run", stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip

    cli_job = ImportJob.objects.exclude(pk=page_job.pk).get()
    page_job.refresh_from_db()
    assert _shape(cli_job) == _shape(page_job)
    assert (cli_job.state, cli_job.summary["changed"]) == (ImportJob.State.CHECKED, 1)


def test_a_commit_is_queued_only_for_a_checked_job_without_errors(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    admin = world.users["admin_a"]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = services.create_import_job(
            agency=world.agency_a,
            actor=admin,
            kind="employees",
            filename="pegawai.xlsx",
            content=_file(world),
        )
        assert services.queue_commit(job=job, actor=admin).state == ImportJob.State.QUEUED
    assert len(queued) == 1  # the check only

    services.run_import_job(job_id=job.pk, step=services.CHECK)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = services.queue_commit(job=job, actor=admin)
    assert (job.state, len(queued)) == (ImportJob.State.COMMIT_QUEUED, 1)


def test_a_reader_cannot_create_an_import_job(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.create_import_job(
            agency=world.agency_a,
            actor=world.users["leader_a"],
            kind="employees",
            filename="pegawai.xlsx",
            content=b"x",
        )
    assert not ImportJob.objects.exists()
