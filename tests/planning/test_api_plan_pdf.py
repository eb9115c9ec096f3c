"""The plan PDF through the API (issue 21): start (202 and a job), poll, download the file;
the same service, role and scope as the pages (tests/planning/test_plan_pdf.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.planning.models import PlanDocument, Scenario
from tests.personas import World
from tests.planning.builders import add_plan_data, baseline, plan_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(world: World) -> Scenario:
    add_plan_data(world)
    return baseline(world)


def _start(client: Any, scenario_pk: int) -> Any:
    return client.post(reverse("api:start_plan_pdf", args=[scenario_pk]))


def test_start_poll_and_download(
    client_for: Any, scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("leader_a")  # a leader may export the plan, as on the page
    with django_capture_on_commit_callbacks(execute=True):  # the task makes the PDF
        started = _start(client, scenario.pk)
    assert started.status_code == 202, started.content
    job = started.json()
    document = PlanDocument.unscoped.get(scenario=scenario)
    assert job["id"] == document.pk and job["scenario_id"] == scenario.pk
    assert started["Location"] == job["url"]
    polled = client.get(job["url"]).json()
    assert polled["state"] == "done" and polled["progress"] == 100
    downloaded = client.get(polled["file_url"])
    assert downloaded.status_code == 200 and downloaded["Content-Type"] == "application/pdf"
    document.refresh_from_db()
    assert downloaded.content == bytes(document.content) and downloaded.content.startswith(b"%PDF")


def test_a_made_document_of_today_is_reused(client_for: Any, scenario: Scenario) -> None:
    made = plan_document(scenario)
    job = _start(client_for("admin_a"), scenario.pk).json()
    assert job["id"] == made.pk and job["state"] == "done" and job["file_url"]
    assert PlanDocument.unscoped.count() == 1


def test_a_queued_job_has_no_file_yet(client_for: Any, scenario: Scenario) -> None:
    client = client_for("admin_a")
    job = _start(client, scenario.pk).json()
    assert job["state"] == "queued" and job["file_url"] is None
    file_url = reverse("api:get_plan_pdf_file", args=[scenario.pk, job["id"]])
    assert client.get(file_url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("operator_dinkes_a", 403),
        ("operator_other_opd_a", 403),
        ("admin_b", 404),
        ("anonymous", 401),
    ],
)
def test_others_get_no_document(
    client_for: Any, scenario: Scenario, persona: str, status: int
) -> None:
    document = plan_document(scenario)
    client = client_for(persona)
    args = [scenario.pk, document.pk]
    assert client.get(reverse("api:get_plan_pdf_job", args=args)).status_code == status
    assert client.get(reverse("api:get_plan_pdf_file", args=args)).status_code == status
    assert _start(client, scenario.pk).status_code == status
    assert PlanDocument.unscoped.count() == 1


def test_a_scenario_not_computed_or_another_scenarios_job_is_404(
    client_for: Any, world: World, scenario: Scenario
) -> None:
    client = client_for("admin_a")
    queued = Scenario.unscoped.create(agency=world.agency_a, name="Antre", base_year=2025)
    assert _start(client, queued.pk).status_code == 404
    other = baseline(world, name="Lain", is_baseline=False)
    document = plan_document(scenario)
    wrong = reverse("api:get_plan_pdf_job", args=[other.pk, document.pk])
    assert client.get(wrong).status_code == 404
    assert PlanDocument.unscoped.filter(scenario=queued).count() == 0


def test_an_id_out_of_bounds_is_422(client_for: Any, scenario: Scenario) -> None:
    response = client_for("admin_a").get(reverse("api:get_plan_pdf_job", args=[scenario.pk, 2**31]))
    assert response.status_code == 422
