"""The talent API's potential assessments and discipline records per role (issue 21): the
same services, scope and rules as the talent pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.talent.models import Assessment, DisciplineRecord
from tests.personas import World
from tests.talent.builders import YEAR, first_record

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _discipline(world: World, **change: Any) -> dict[str, Any]:
    return {
        "employee_id": world.employee_puskesmas.pk,
        "violation": "Tidak masuk kerja 5 hari tanpa keterangan",
        "sanction": "teguran_tertulis",
        "decided_on": "2025-03-03",
        "decided_by_name": "dr. Rudi",
        "decided_by_position": "Kepala Dinas Kesehatan",
        **change,
    }


def test_an_assessment_is_recorded_then_corrected(world: World, client_for: Any) -> None:
    url = reverse("api:record_talent_assessment")
    body = {"employee_id": world.employee_dinkes.pk, "year": YEAR, "competency_score": "80",
            "education": "s1_d4", "training_hours": 20}  # fmt: skip
    client = client_for("operator_dinkes_a")
    first = client.post(url, body, content_type=JSON)
    assert first.status_code == 201, first.content
    again = client.post(url, body | {"competency_score": "40"}, content_type=JSON)
    assert again.status_code == 200
    assert float(again.json()["potential_score"]) < float(first.json()["potential_score"])
    assert Assessment.unscoped.filter(employee=world.employee_dinkes).count() == 1
    assert client_for("operator_other_opd_a").post(url, body, content_type=JSON).status_code == 404
    assert client_for("leader_a").post(url, body, content_type=JSON).status_code == 403
    bad = client.post(url, body | {"education": "phd", "training_hours": -1}, content_type=JSON)
    assert bad.status_code == 422 and {"education", "training_hours"} <= set(bad.json()["errors"])


def test_the_admin_records_a_sanction_with_its_level(world: World, client_for: Any) -> None:
    url = reverse("api:create_discipline_record")
    response = client_for("admin_a").post(url, _discipline(world), content_type=JSON)
    assert response.status_code == 201, response.content
    assert response.json()["level"] == "ringan" and response.json()["starts_on"] == "2025-03-18"
    refused = client_for("operator_dinkes_a").post(url, _discipline(world), content_type=JSON)
    assert refused.status_code == 403
    assert DisciplineRecord.unscoped.count() == 1


def test_the_list_is_scoped(world: World, client_for: Any) -> None:
    first_record(world)
    url = reverse("api:list_discipline_records")
    assert client_for("leader_a").get(url).json()["count"] == 1
    assert client_for("admin_b").get(url).json()["count"] == 0


def test_a_correction_needs_the_version_read(world: World, client_for: Any) -> None:
    record = first_record(world)
    url = reverse("api:correct_discipline_record", args=[record])
    client = client_for("admin_a")
    body = _discipline(world, sanction="teguran_lisan")
    assert client.put(url, body, content_type=JSON).status_code == 428
    etag = client.get(reverse("api:get_discipline_record", args=[record]))["ETag"]
    done = client.put(url, body, content_type=JSON, HTTP_IF_MATCH=etag)
    assert done.status_code == 200 and done.json()["sanction"] == "teguran_lisan"
    stale = client.put(url, body, content_type=JSON, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["detail"]
    other = client_for("admin_b").put(url, body, content_type=JSON, HTTP_IF_MATCH=etag)
    assert other.status_code == 404
