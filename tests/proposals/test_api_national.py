"""The national view of the proposals through the API, run per agency (issue 21): evaluators
and superusers start a run with the page's filters (202), poll it (agencies done / total) and
read the same figures as the page once combined; everyone else 403, anonymous 401, a run is
its starter's alone (404), a failed run never shows its error text."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from formasi.core.models import FanOutRun
from formasi.proposals.models import Proposal
from tests import builders as build
from tests.proposals.builders import YEAR, national_run, reviewed

pytestmark = pytest.mark.django_db

START = "/api/v1/proposals/national/runs"
JSON = "application/json"
ROLES = {
    "admin_a": 403,
    "operator_dinkes_a": 403,
    "operator_other_opd_a": 403,
    "evaluator_a": 202,
    "leader_a": 403,
    "admin_b": 403,
}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _run_url(pk: int) -> str:
    return reverse("api:get_proposal_national_run", args=[pk])


@pytest.mark.parametrize("persona", list(ROLES))
def test_only_evaluators_start_a_run_as_on_the_page(world: Any, persona: str) -> None:
    client = _client(world.users[persona])
    api = client.post(START, {}, content_type=JSON)
    page = client.post(reverse("proposals:national_start"))
    assert api.status_code == ROLES[persona]
    assert (page.status_code == 403) == (api.status_code == 403)
    if api.status_code == 403:
        assert api.json()["detail"] and not FanOutRun.objects.exists()


def test_anonymous_gets_401(world: Any) -> None:
    assert Client().post(START, {}, content_type=JSON).status_code == 401
    assert Client().get(_run_url(national_run(world))).status_code == 401


def test_a_run_gives_the_pages_totals(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    reviewed(world)
    Proposal.unscoped.update(state="submitted_bkn")
    evaluator = build.user("bkn_national", "evaluator", assigned=[world.agency_a, world.agency_b])
    client = _client(evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(START, {"status": "pns"}, content_type=JSON)
    assert started.status_code == 202
    run_id = started.json()["id"]
    body = client.get(_run_url(run_id)).json()
    assert (body["state"], body["done"], body["total"]) == ("done", 2, 2)
    assert body["filters"]["status"] == "pns" and body["filters"]["year"] == YEAR
    page = client.get(reverse("proposals:national"), {"status": "pns"}).context
    assert body["totals"] == page["total"] and body["totals"]["requested"] > 0
    assert [(r["area"], r["name"], r["requested"]) for r in body["by_area"]] == [
        (r["area"], r["name"], r["requested"]) for r in page["area_rows"]
    ]
    assert {r["status"] for r in body["by_status"]} == {"pns"}
    assert sum(r["requested"] for r in body["by_family"]) == body["totals"]["requested"]


def test_a_running_run_counts_agencies_and_is_its_starters_alone(world: Any) -> None:
    pk = national_run(world)
    FanOutRun.objects.filter(pk=pk).update(done=1)
    body = _client(world.users["evaluator_a"]).get(_run_url(pk)).json()
    assert (body["state"], body["done"], body["total"]) == ("running", 1, 2)
    assert body["totals"] is None and body["by_area"] is None
    other = build.user("bkn_other", "evaluator", assigned=[world.agency_a])
    assert _client(other).get(_run_url(pk)).status_code == 404


def test_another_kind_of_run_is_not_found(world: Any) -> None:
    run = FanOutRun.objects.create(
        kind="needs_summary", total=1, created_by=world.users["evaluator_a"]
    )
    assert _client(world.users["evaluator_a"]).get(_run_url(run.pk)).status_code == 404


def test_a_failed_run_says_so_without_its_error_text(world: Any) -> None:
    pk = national_run(world)
    FanOutRun.objects.filter(pk=pk).update(state="failed", error="Traceback: secret detail")
    client = _client(world.users["evaluator_a"])
    response = client.get(_run_url(pk))
    assert response.json()["state"] == "failed"
    assert b"secret detail" not in response.content
    fragment = client.get(
        reverse("proposals:national_progress", args=[pk]), headers={"HX-Request": "true"}
    )
    assert b'data-testid="national-run-error"' in fragment.content
    assert b"secret detail" not in fragment.content
    page = client.get(reverse("proposals:national"), {"proses": pk})
    assert b"secret detail" not in page.content


@pytest.mark.parametrize(
    "body",
    [
        {"year": 1999},
        {"province": "6"},
        {"province": "ab"},
        {"level": "desa"},
        {"family": "astronot"},
        {"status": "honorer"},
        {"state": "lost"},
    ],
)
def test_filters_out_of_range_are_422(world: Any, body: dict[str, Any]) -> None:
    response = _client(world.users["evaluator_a"]).post(START, body, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"] and not FanOutRun.objects.exists()


def test_a_superuser_runs_over_every_agency(world: Any) -> None:
    root = build.user("root", None, is_superuser=True)
    started = _client(root).post(START, {}, content_type=JSON)
    assert started.status_code == 202
    assert started.json()["total"] == FanOutRun.objects.get().total >= 2
