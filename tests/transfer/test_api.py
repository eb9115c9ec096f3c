"""The import API per role: upload (202), poll, commit (202), through the page's form and
services. Tasks run immediately once the request's transaction commits
(``django_capture_on_commit_callbacks(execute=True)``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from formasi.core.xlsx import write_table
from formasi.transfer.kinds import KINDS, Context
from formasi.transfer.models import ImportJob
from tests.accounts import builders as tokens
from tests.personas import World
from tests.transfer.builders import TODAY

pytestmark = pytest.mark.django_db


def _changed_golongan(world: World) -> bytes:
    """The Dinas Kesehatan nurse's row of the export, with a new golongan, as CSV."""
    kind = KINDS["employees"]
    ctx = Context(user=world.users["admin_a"], agency=world.agency_a, filename="", today=TODAY)
    rows = [r for r in kind.export_rows(ctx) if r["nip"] == world.employee_dinkes.nip]
    rows[0]["golongan"] = "III/d"
    return write_table(kind.columns, rows, "csv")


def _upload(client: Any, capture: Any, data: bytes) -> Any:
    with capture(execute=True):
        return client.post(
            reverse("api:create_import"),
            {"kind": "employees", "file": SimpleUploadedFile("p.csv", data)},
        )


def test_upload_poll_commit_writes_the_change(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("operator_dinkes_a")
    response = _upload(client, django_capture_on_commit_callbacks, _changed_golongan(world))
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    checked = client.get(reverse("api:get_import", args=[job_id])).json()
    assert checked["state"] == "checked" and checked["summary"]["changed"] == 1
    assert checked["errors"] == []
    world.employee_dinkes.refresh_from_db()
    assert world.employee_dinkes.golongan != "III/d"  # the check writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        commit = client.post(
            reverse("api:commit_import", args=[job_id]), {}, content_type="application/json"
        )
    assert commit.status_code == 202, commit.content
    assert client.get(reverse("api:get_import", args=[job_id])).json()["state"] == "done"
    world.employee_dinkes.refresh_from_db()
    assert world.employee_dinkes.golongan == "III/d"
    listed = client.get(reverse("api:list_imports")).json()
    assert [job["id"] for job in listed["items"]] == [job_id]


def test_a_token_uploads_without_csrf(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _row, secret = tokens.token(world.users["admin_a"])
    client = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("api:create_import"),
            {"kind": "employees", "file": SimpleUploadedFile("p.csv", _changed_golongan(world))},
            **tokens.bearer(secret),
        )
    assert response.status_code == 202, response.content
    assert ImportJob.objects.get(pk=response.json()["id"]).created_by == world.users["admin_a"]


def test_another_operator_cannot_write_outside_their_opd(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("operator_other_opd_a")
    response = _upload(client, django_capture_on_commit_callbacks, _changed_golongan(world))
    job = client.get(reverse("api:get_import", args=[response.json()["id"]])).json()
    assert job["summary"]["invalid"] == 1 and job["errors"][0]["row"] == 2
    refused = client.post(
        reverse("api:commit_import", args=[job["id"]]), {}, content_type="application/json"
    )
    assert refused.status_code == 409 and refused.json()["detail"]


def test_a_job_is_its_uploaders_alone(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    response = _upload(
        client_for("admin_a"), django_capture_on_commit_callbacks, _changed_golongan(world)
    )
    url = reverse("api:get_import", args=[response.json()["id"]])
    assert client_for("operator_dinkes_a").get(url).status_code == 404
    assert client_for("admin_b").get(url).status_code == 404


@pytest.mark.parametrize("persona", ["evaluator_a", "leader_a"])
def test_readers_may_not_upload(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, persona: str
) -> None:
    response = _upload(
        client_for(persona), django_capture_on_commit_callbacks, _changed_golongan(world)
    )
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_an_unknown_kind_and_a_missing_file_are_422(world: World, client_for: Any) -> None:
    client = client_for("admin_a")
    response = client.post(
        reverse("api:create_import"),
        {"kind": "rockets", "file": SimpleUploadedFile("p.csv", b"a\r\n")},
    )
    assert response.status_code == 422 and "kind" in response.json()["errors"]
    missing = client.post(reverse("api:create_import"), {"kind": "employees"})
    assert missing.status_code == 422 and "file" in missing.json()["errors"]
