"""The import pages per role: upload, preview, mapping, commit, rejected rows, export.

Tasks run immediately (tests/conftest.py) once the request's transaction commits, which
`django_capture_on_commit_callbacks(execute=True)` triggers.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from formasi.core.xlsx import write_table
from formasi.transfer.kinds import KINDS, Context
from formasi.transfer.models import ColumnMapping, ImportJob
from formasi.workforce.models import Employee, mask_nik
from tests.personas import World
from tests.transfer.builders import TODAY


def _rows(world: World) -> list[dict[str, Any]]:
    kind = KINDS["employees"]
    ctx = Context(user=world.users["admin_a"], agency=world.agency_a, filename="", today=TODAY)
    return list(kind.export_rows(ctx))


def _upload(client: Any, capture: Any, data: bytes, name: str, **extra: Any) -> Any:
    with capture(execute=True):
        response = client.post(
            reverse("transfer:upload"),
            {"kind": "employees", "file": SimpleUploadedFile(name, data), **extra},
        )
    return response


def _job(response: Any) -> ImportJob:
    assert response.status_code == 302, response.content[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


@pytest.mark.parametrize("persona", ["admin_a", "operator_dinkes_a"])
def test_upload_preview_commit(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, persona: str
) -> None:
    client = client_for(persona)
    rows = [r for r in _rows(world) if r["nip"] == world.employee_dinkes.nip]
    rows[0]["golongan"] = "III/d"
    job = _job(_upload(client, django_capture_on_commit_callbacks, write_table(
        KINDS["employees"].columns, rows, "xlsx"), "p.xlsx"))  # fmt: skip
    assert job.state == ImportJob.State.CHECKED
    assert (job.summary["changed"], job.summary["invalid"]) == (1, 0)
    page = client.get(reverse("transfer:job", args=[job.pk]))
    assert b'data-testid="commit"' in page.content
    world.employee_dinkes.refresh_from_db()
    assert world.employee_dinkes.golongan != "III/d"  # nothing written by the preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transfer:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    world.employee_dinkes.refresh_from_db()
    assert world.employee_dinkes.golongan == "III/d"


def test_operator_cannot_import_into_another_opd(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("operator_other_opd_a")  # Dinas Pendidikan's operator
    rows = [r for r in _rows(world) if r["nip"] == world.employee_dinkes.nip]
    rows[0]["golongan"] = "III/d"
    job = _job(_upload(client, django_capture_on_commit_callbacks, write_table(
        KINDS["employees"].columns, rows, "csv"), "p.csv"))  # fmt: skip
    assert job.summary["invalid"] == 1
    messages = " ".join(e["message"] for e in job.errors)
    assert "di luar unit" in messages
    assert not job.can_commit


@pytest.mark.parametrize("persona", ["evaluator_a", "leader_a"])
def test_readers_cannot_upload(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, persona: str
) -> None:
    response = _upload(client_for(persona), django_capture_on_commit_callbacks, b"x", "p.csv")
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_invalid_rows_block_commit_and_download_lists_them(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin_a")
    rows = _rows(world)
    rows[1]["birth_date"] = date(2999, 1, 1)
    job = _job(_upload(client, django_capture_on_commit_callbacks, write_table(
        KINDS["employees"].columns, rows, "csv"), "pegawai.csv"))  # fmt: skip
    assert job.summary["invalid"] == 1
    # A commit request for a job with errors writes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transfer:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED
    download = client.get(reverse("transfer:rejected", args=[job.pk]))
    assert download["Content-Disposition"].endswith('pegawai-ditolak.csv"')
    records = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(records) == 2  # header + the one rejected row
    assert records[1][0] == rows[1]["nip"]
    assert "masa mendatang" in records[1][-1]


def test_unknown_columns_are_mapped_and_remembered(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin_a")
    columns = KINDS["employees"].columns
    data = write_table(columns, _rows(world), "csv").decode("utf-8-sig")
    data = data.replace("Nama,", "Nama Pegawai Lengkap Sekali,", 1)  # not a known spelling
    job = _job(_upload(client, django_capture_on_commit_callbacks, data.encode(), "p.csv"))
    assert job.state == ImportJob.State.NEEDS_MAPPING
    form = client.get(reverse("transfer:mapping", args=[job.pk]))
    assert form.status_code == 200
    headers = job.summary["headers"]
    by_header = {h: f for f, h in job.summary["mapping"].items()}
    post = {f"col_{i}": by_header.get(h, "") for i, h in enumerate(headers)}
    post[f"col_{headers.index('Nama Pegawai Lengkap Sekali')}"] = "name"
    post["remember"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("transfer:mapping", args=[job.pk]), post)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED
    assert job.summary["unchanged"] == Employee.unscoped.filter(agency=world.agency_a).count()
    assert ColumnMapping.objects.filter(
        agency=world.agency_a, field="name", header="nama pegawai lengkap sekali"
    ).exists()
    # The next file with the same header is recognised without asking.
    again = _job(_upload(client, django_capture_on_commit_callbacks, data.encode(), "q.csv"))
    assert again.state == ImportJob.State.CHECKED


def test_polling_refreshes_when_finished(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin_a")
    job = _job(_upload(client, django_capture_on_commit_callbacks, write_table(
        KINDS["employees"].columns, _rows(world), "csv"), "p.csv"))  # fmt: skip
    response = client.get(reverse("transfer:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    job.state = ImportJob.State.CHECKING
    job.save()
    response = client.get(reverse("transfer:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in response
    assert b'hx-trigger="every 1s"' in response.content


def test_too_large_upload_is_refused_before_reading(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.FORMASI_IMPORT_MAX_BYTES = 1000
    response = _upload(client_for("admin_a"), django_capture_on_commit_callbacks, b"x" * 2000,
                       "p.csv")  # fmt: skip
    assert response.status_code == 400
    assert "MB" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("persona", "full_nik"),
    [("admin_a", True), ("operator_dinkes_a", False), ("evaluator_a", False), ("leader_a", False)],
)
def test_export_is_scoped_and_masks_nik(
    world: World, client_for: Any, persona: str, full_nik: bool
) -> None:
    response = client_for(persona).get(reverse("transfer:export", args=["employees", "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    nips = {r[header.index("NIP")] for r in rows[1:]}
    niks = {r[header.index("NIK")] for r in rows[1:]}
    user = world.users[persona]
    visible = Employee.unscoped.visible_to(user, "export")
    assert nips == set(visible.values_list("nip", flat=True))
    stored = set(visible.values_list("nik", flat=True))
    assert niks == (stored if full_nik else {mask_nik(n) for n in stored})


def test_template_has_the_import_columns(world: World, client_for: Any) -> None:
    response = client_for("admin_a").get(reverse("transfer:template", args=["employees", "csv"]))
    header = response.content.decode("utf-8-sig").strip().split(",")
    assert header == [c.header for c in KINDS["employees"].columns]


def test_jobs_are_private_to_their_uploader(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _job(_upload(client_for("admin_a"), django_capture_on_commit_callbacks, write_table(
        KINDS["employees"].columns, _rows(world), "csv"), "p.csv"))  # fmt: skip
    for persona in ("operator_dinkes_a", "admin_b"):
        client = client_for(persona)
        assert client.get(reverse("transfer:job", args=[job.pk])).status_code == 404
        assert client.get(reverse("transfer:rejected", args=[job.pk])).status_code == 404


def test_uploaded_files_are_not_kept_longer_than_needed(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    """The file holds personal data: dropped once committed, and after KEEP_DAYS otherwise."""
    client = client_for("admin_a")
    rows = _rows(world)
    rows[0]["golongan"] = "IV/b"
    data = write_table(KINDS["employees"].columns, rows, "csv")
    committed = _job(_upload(client, django_capture_on_commit_callbacks, data, "a.csv"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transfer:commit", args=[committed.pk]))
    committed.refresh_from_db()
    assert committed.state == ImportJob.State.DONE and bytes(committed.content) == b""

    abandoned = _job(_upload(client, django_capture_on_commit_callbacks, data, "b.csv"))
    assert bytes(abandoned.content) == data
    ImportJob.objects.filter(pk=abandoned.pk).update(
        created_at=abandoned.created_at - timedelta(days=settings.FORMASI_IMPORT_KEEP_DAYS + 1)
    )
    _upload(client, django_capture_on_commit_callbacks, data, "c.csv")  # purges on upload
    abandoned.refresh_from_db()
    assert bytes(abandoned.content) == b""
    assert abandoned.summary["rows"] == len(rows)  # the counts stay
    assert client.get(reverse("transfer:rejected", args=[abandoned.pk])).status_code == 404


def test_a_user_without_an_agency_chooses_the_agency_to_export(world: World) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(root)
    page = client.get(reverse("transfer:index")).content.decode()
    assert 'data-testid="export-form"' in page
    assert world.agency_b.code in page
    url = reverse("transfer:export", args=["employees", "csv"])
    response = client.get(url, {"agency": world.agency_b.code})
    body = response.content.decode("utf-8-sig")
    assert world.employee_b.nip in body and world.employee_dinkes.nip not in body
    assert client.get(url).status_code == 404  # two agencies: the choice is needed


def test_an_unexpected_failure_ends_the_job_as_failed_without_cells_in_the_log(
    world: World,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: Any,
    caplog: Any,
) -> None:
    from formasi.transfer import services

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "check", broken)
    rows = _rows(world)
    data = write_table(KINDS["employees"].columns, rows, "csv")
    job = _job(_upload(client_for("admin_a"), django_capture_on_commit_callbacks, data, "p.csv"))
    assert job.state == ImportJob.State.FAILED
    page = client_for("admin_a").get(reverse("transfer:job", args=[job.pk])).content.decode()
    assert 'data-testid="job-failed"' in page
    logged = caplog.text
    assert f"import job {job.pk}" in logged
    assert all(str(r["nik"]) not in logged and str(r["name"]) not in logged for r in rows)


def test_a_commit_that_finds_the_data_changed_since_the_preview_shows_the_new_findings(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Preview clean; then the employee of the first row moves to another agency."""
    client = client_for("admin_a")
    rows = _rows(world)
    rows[0]["golongan"] = "III/d"
    job = _job(_upload(client, django_capture_on_commit_callbacks, write_table(
        KINDS["employees"].columns, rows, "csv"), "p.csv"))  # fmt: skip
    assert job.can_commit
    moved = Employee.unscoped.get(nip=rows[0]["nip"])
    Employee.unscoped.filter(pk=moved.pk).update(agency=world.agency_b)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transfer:commit", args=[job.pk]))
    job.refresh_from_db()
    moved.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED
    assert not job.can_commit
    assert "instansi lain" in " ".join(e["message"] for e in job.errors)
    assert moved.golongan != "III/d"


def test_every_invalid_row_is_listed_page_by_page(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from formasi.transfer.views import ERRORS_PER_PAGE

    client = client_for("admin_a")
    template = _rows(world)[0]
    bad = [{**template, "nip": None, "nik": None, "name": f"Tanpa NIP {i}"} for i in range(250)]
    job = _job(_upload(client, django_capture_on_commit_callbacks, write_table(
        KINDS["employees"].columns, bad, "csv"), "p.csv"))  # fmt: skip
    assert job.summary["invalid"] == 250
    url = reverse("transfer:job", args=[job.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    listed = [int(n) for page in (first, second) for n in re.findall(r"<tr><td>(\d+)</td>", page)]
    assert sorted(listed) == list(range(2, 252))  # every invalid row, once
    assert first.count("<tr><td>") == ERRORS_PER_PAGE
    assert 'data-testid="error-pages"' in first
