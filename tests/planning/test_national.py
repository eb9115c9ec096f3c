"""The national summary page (issue 21): an evaluator starts the needs summary or the
projection per agency in the background, the page polls agencies done / total and then shows
the same figures as computing over every agency at once; a run is its starter's alone and is
not shown once the agencies the user may see have changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from formasi.core.models import FanOutRun
from formasi.planning import national
from formasi.planning.fanout import projection_totals
from formasi.workload.services import gap_summary
from tests import builders as build

pytestmark = pytest.mark.django_db

URL = "/perencanaan/rencana/nasional/"
HTMX = {"HX-Request": "true"}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def agencies() -> list[Any]:
    return build.national_world(seed=7, agencies=3)


def _start(client: Client, kind: str, capture: Any) -> Any:
    with capture(execute=True):
        response = client.post(f"{URL}hitung/{kind}/")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}#{kind}"
    return response


def test_the_needs_per_agency_equal_the_summary_of_all_agencies(
    agencies: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    evaluator = build.user("bkn", "evaluator", assigned=agencies[:2])
    client = _client(evaluator)
    assert client.get(URL).context["needs"]["run"] is None
    _start(client, "needs_summary", django_capture_on_commit_callbacks)
    run = FanOutRun.objects.get()
    assert (run.state, run.total, run.created_by) == ("done", 2, evaluator)
    page = client.get(URL)
    needs = page.context["needs"]
    expected = gap_summary([a.pk for a in agencies[:2]])
    assert {r["name"]: r["gap"] for r in needs["rows"]} == {
        a.name: expected[a.pk] for a in agencies[:2] if a.pk in expected
    }
    assert needs["total"].need == sum(g.need for g in expected.values()) > 0
    assert agencies[2].name not in page.content.decode()  # not assigned: not counted, not named
    assert b'data-testid="national-needs-total"' in page.content


def test_the_projection_per_agency_is_in_whole_people(
    agencies: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    superuser = build.user("root", None, is_superuser=True)
    client = _client(superuser)
    _start(client, "projection", django_capture_on_commit_callbacks)
    yearly = client.get(URL).context["projection"]["yearly"]
    whole = projection_totals(
        [a.pk for a in agencies], base_year=timezone.localdate().year,
        years=national.YEARS, rate=national.ATTRITION_RATE,
    )  # fmt: skip
    assert [y["year"] for y in yearly] == [timezone.localdate().year + t for t in range(1, 6)]
    for t, y in enumerate(yearly):
        assert all(isinstance(v, int) for v in y.values())
        assert abs(y["availability"] - whole["availability"][t]) <= 0.5
        assert abs(y["shortage"] - whole["shortage"][t]) <= 0.5
    assert sum(y["retirements"] for y in yearly) == round(sum(whole["retirements"]))


def test_a_run_over_other_agencies_than_the_visible_ones_is_not_shown(
    agencies: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    evaluator = build.user("bkn", "evaluator", assigned=agencies[:2])
    client = _client(evaluator)
    _start(client, "needs_summary", django_capture_on_commit_callbacks)
    assert client.get(URL).context["needs"]["run"] is not None
    evaluator.assigned_agencies.set(agencies[:1])
    page = client.get(URL)
    assert page.context["needs"]["run"] is None
    assert b'data-testid="national-none"' in page.content


def test_the_progress_counts_agencies_and_is_its_starters_alone(agencies: list[Any]) -> None:
    evaluator = build.user("bkn", "evaluator", assigned=agencies)
    run = FanOutRun.objects.create(kind="projection", total=3, done=1, created_by=evaluator)
    mine = _client(evaluator).get(f"{URL}proses/{run.pk}/", headers=HTMX)
    assert mine.status_code == 200
    assert "1 dari 3 instansi" in mine.content.decode()
    assert "hx-trigger" in mine.content.decode() and "HX-Refresh" not in mine
    other = build.user("bkn_other", "evaluator", assigned=agencies)
    assert _client(other).get(f"{URL}proses/{run.pk}/", headers=HTMX).status_code == 404
    FanOutRun.objects.filter(pk=run.pk).update(state="failed", error="ValueError('x')")
    failed = _client(evaluator).get(f"{URL}proses/{run.pk}/", headers=HTMX)
    assert failed["HX-Refresh"] == "true"
    assert "ValueError" not in failed.content.decode()  # no traceback words for a person
    as_page = _client(evaluator).get(f"{URL}proses/{run.pk}/")
    assert as_page.status_code == 302 and as_page["Location"] == f"{URL}#projection"


def test_an_unknown_kind_and_a_kind_of_another_page_are_not_found(agencies: list[Any]) -> None:
    client = _client(build.user("bkn", "evaluator", assigned=agencies))
    assert client.post(f"{URL}hitung/proposals_national/").status_code == 404
    assert client.post(f"{URL}hitung/nothing/").status_code == 404
    proposals_run = FanOutRun.objects.create(kind="proposals_national", total=1, created_by=None)
    assert client.get(f"{URL}proses/{proposals_run.pk}/", headers=HTMX).status_code == 404
    assert not FanOutRun.objects.exclude(pk=proposals_run.pk).exists()
