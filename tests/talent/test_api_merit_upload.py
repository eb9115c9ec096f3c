"""The merit evidence upload through the API (multipart): the same service and checks as the
page's upload (role, scope, the assessment's state, the file's type and size), nothing saved on
a bad file, and the API's one error shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from formasi.talent.models import MeritAssessment, MeritEvidence
from tests.talent.builders import merit_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n"


def _upload(client: Any, row: Any, indicator: str = "awards", **file: Any) -> Any:
    name, content = file.get("name", "sk.pdf"), file.get("content", PDF)
    url = reverse("api:upload_merit_evidence", args=[row.pk, indicator])
    data = {"file": SimpleUploadedFile(name, content, content_type="application/pdf")}
    return client.post(url, data=data if file.get("send", True) else {})


def test_the_admin_uploads_and_a_reader_downloads_it(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    response = _upload(client_for("admin_a"), row)
    assert response.status_code == 201
    body = response.json()
    assert (body["indicator"], body["name"], body["size"]) == ("awards", "sk.pdf", len(PDF))
    assert body["content_type"] == "application/pdf"
    found = MeritEvidence.unscoped.get(pk=body["id"])
    assert found.answer.assessment == row and bytes(found.content) == PDF
    download = client_for("leader_a").get(reverse("talent:merit_evidence", args=[found.pk]))
    assert download.content == PDF
    detail = client_for("leader_a").get(reverse("api:get_merit_assessment", args=[row.pk])).json()
    assert {a["indicator"]: a["files"] for a in detail["answers"]}["awards"] == ["sk.pdf"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("operator_dinkes_a", 403), ("operator_other_opd_a", 403), ("evaluator_a", 403),
     ("leader_a", 403), ("admin_b", 404)],
)  # fmt: skip
def test_others_may_not_upload(world, client_for, persona, status) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    page = client_for(persona).post(reverse("talent:merit_upload", args=[row.pk, "awards"]))
    response = _upload(client_for(persona), row)
    assert response.status_code == page.status_code == status
    assert set(response.json()) == {"detail"}
    assert not MeritEvidence.unscoped.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("sk.pdf", b"MZ\x90\x00"),  # an executable named .pdf
     ("sk.exe", PDF),  # a PDF named otherwise
     ("sk.png", PDF),  # another type's name
     ("sk", PDF)],  # no extension
)  # fmt: skip
def test_a_wrong_file_is_422_and_nothing_is_saved(world, client_for, name, content) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    response = _upload(client_for("admin_a"), row, name=name, content=content)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and list(body["errors"]) == ["file"]
    assert not MeritEvidence.unscoped.exists()


@override_settings(FORMASI_MERIT_EVIDENCE_MAX_BYTES=64)
def test_a_file_over_the_limit_is_422(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    response = _upload(client_for("admin_a"), row, content=PDF + b"0" * 64)
    assert response.status_code == 422 and list(response.json()["errors"]) == ["file"]
    assert _upload(client_for("admin_a"), row, content=PDF + b"0" * 40).status_code == 201
    assert MeritEvidence.unscoped.count() == 1


def test_a_submitted_assessment_takes_no_file(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    MeritAssessment.unscoped.filter(pk=row.pk).update(status=MeritAssessment.Status.SUBMITTED)
    response = _upload(client_for("admin_a"), row)
    assert response.status_code == 422 and response.json()["errors"]
    assert not MeritEvidence.unscoped.exists()


def test_a_missing_file_or_unknown_indicator(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    client = client_for("admin_a")
    missing = _upload(client, row, send=False)
    assert missing.status_code == 422 and missing.json()["detail"]
    assert _upload(client, row, indicator="no_such_indicator").status_code == 404
    assert _upload(client, row, indicator="x" * 41).status_code == 422
    assert not MeritEvidence.unscoped.exists()


def test_anonymous_is_401(world, client) -> None:  # type: ignore[no-untyped-def]
    assert _upload(client, merit_of(world.agency_a)).status_code == 401
