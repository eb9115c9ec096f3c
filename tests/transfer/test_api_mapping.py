"""Choosing an import's columns by hand through the API (issue 21), with the mapping page's form
and service; and the upload's role check coming before its form is read (a role that may not
import gets 403 whatever the body, not 422). Tasks run once the request's transaction commits
(``django_capture_on_commit_callbacks(execute=True)``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from formasi.core.xlsx import write_table
from formasi.transfer.kinds import KINDS, Context
from formasi.transfer.models import ColumnMapping, ImportJob
from formasi.workforce.models import Employee
from tests.accounts import builders as tokens
from tests.personas import PERSONAS, World
from tests.transfer.builders import TODAY

pytestmark = pytest.mark.django_db
ODD = "Nama Pegawai Lengkap Sekali"  # no known spelling of "Nama"


def _needs_mapping(world: World, client: Any, capture: Any) -> ImportJob:
    """admin_a's upload of agency A's employees with the name column under an odd header."""
    kind = KINDS["employees"]
    ctx = Context(user=world.users["admin_a"], agency=world.agency_a, filename="", today=TODAY)
    data = write_table(kind.columns, list(kind.export_rows(ctx)), "csv").decode("utf-8-sig")
    data = data.replace("Nama,", f"{ODD},", 1)
    with capture(execute=True):
        response = client.post(
            reverse("api:create_import"),
            {"kind": "employees", "file": SimpleUploadedFile("p.csv", data.encode())},
        )
    assert response.status_code == 202, response.content
    job = ImportJob.objects.get(pk=response.json()["id"])
    assert job.state == ImportJob.State.NEEDS_MAPPING
    return job


def _columns(job: ImportJob, **chosen: str) -> list[dict[str, str]]:
    """The job's recognised columns, with ``chosen`` (header -> field) on top."""
    by_header = {h: f for f, h in job.summary["mapping"].items()} | chosen
    return [{"header": h, "field": by_header.get(h, "")} for h in job.summary["headers"] if h]


def _map(client: Any, capture: Any, job: ImportJob, body: dict[str, Any]) -> Any:
    with capture(execute=True):
        return client.post(
            reverse("api:map_import_columns", args=[job.pk]), body, content_type="application/json"
        )


def test_columns_chosen_by_hand_are_checked_and_remembered(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin_a")
    capture = django_capture_on_commit_callbacks
    job = _needs_mapping(world, client, capture)
    response = _map(client, capture, job, {"columns": _columns(job, **{ODD: "name"})})
    assert response.status_code == 202, response.content
    assert response.json()["id"] == job.pk
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED
    assert job.summary["unchanged"] == Employee.unscoped.filter(agency=world.agency_a).count()
    assert ColumnMapping.objects.filter(
        agency=world.agency_a, field="name", header=ODD.lower()
    ).exists()


def test_not_remembered_when_asked(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin_a")
    capture = django_capture_on_commit_callbacks
    job = _needs_mapping(world, client, capture)
    body = {"columns": _columns(job, **{ODD: "name"}), "remember": False}
    assert _map(client, capture, job, body).status_code == 202
    assert not ColumnMapping.objects.filter(agency=world.agency_a, field="name").exists()


def test_a_wrong_choice_is_422_and_changes_nothing(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin_a")
    capture = django_capture_on_commit_callbacks
    job = _needs_mapping(world, client, capture)
    missing = _map(client, capture, job, {"columns": _columns(job)})  # the name has no column
    assert missing.status_code == 422 and missing.json()["errors"]
    twice = _columns(job, **{ODD: "nip"})  # NIP chosen for two columns
    assert _map(client, capture, job, {"columns": twice}).status_code == 422
    unknown = [*_columns(job, **{ODD: "name"}), {"header": "Tidak Ada", "field": "name"}]
    response = _map(client, capture, job, {"columns": unknown})
    assert response.status_code == 422 and "columns" in response.json()["errors"]
    no_field = _columns(job, **{ODD: "jabatan_rahasia"})
    assert _map(client, capture, job, {"columns": no_field}).status_code == 422
    too_long = [{"header": "x" * 201, "field": ""}]
    assert _map(client, capture, job, {"columns": too_long}).status_code == 422
    job.refresh_from_db()
    assert job.state == ImportJob.State.NEEDS_MAPPING


def test_a_written_job_is_409_and_another_users_404(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    job = _needs_mapping(world, client_for("admin_a"), capture)
    body = {"columns": _columns(job, **{ODD: "name"})}
    for persona in ("operator_dinkes_a", "admin_b", "evaluator_a"):
        assert _map(client_for(persona), capture, job, body).status_code == 404
    assert _map(client_for("anonymous"), capture, job, body).status_code == 401
    job.state = ImportJob.State.DONE
    job.save()
    assert _map(client_for("admin_a"), capture, job, body).status_code == 409
    job.state = ImportJob.State.CHECKING
    job.save()
    assert _map(client_for("admin_a"), capture, job, body).status_code == 409


# A malformed upload: the role decides first (403 for evaluators and leaders, who may import
# nothing), then the form (422). Anonymous is 401.
MALFORMED_UPLOAD = {
    "admin_a": 422,
    "operator_dinkes_a": 422,
    "operator_other_opd_a": 422,
    "evaluator_a": 403,
    "leader_a": 403,
    "admin_b": 422,
    "anonymous": 401,
}
MALFORMED = [
    pytest.param({}, id="empty"),
    pytest.param({"kind": "nothing", "file": "not a file"}, id="bad-kind-no-file"),
    pytest.param({"kind": "employees", "agency": "x" * 50}, id="bad-agency"),
]


@pytest.mark.parametrize("body", MALFORMED)
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_malformed_upload_is_judged_by_role_first(
    world: World, client_for: Any, persona: str, body: dict[str, Any]
) -> None:
    response = client_for(persona).post(reverse("api:create_import"), body)
    assert response.status_code == MALFORMED_UPLOAD[persona], response.content[:300]
    assert response.json()["detail"]
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_a_token_with_a_json_body_is_judged_by_role_first(world: World, persona: str) -> None:
    _row, secret = tokens.token(world.users[persona])
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("api:create_import"), {"kind": 1}, content_type="application/json",
        **tokens.bearer(secret),
    )  # fmt: skip
    assert response.status_code == MALFORMED_UPLOAD[persona], response.content[:300]


def test_a_session_without_csrf_is_still_refused(world: World) -> None:
    """The role check sits in the authentication: the session's CSRF check still comes first."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["evaluator_a"])
    response = client.post(reverse("api:create_import"), {})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
