"""The national view computed per agency in the background (issue 21): the button starts a
run over the agencies the evaluator may see, the page polls agencies done / total, and once
combined it shows the same totals as the one-query page; a run is its starter's alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from formasi.core.models import FanOutRun
from formasi.proposals.models import Proposal
from tests import builders as build
from tests.proposals.builders import national_run, reviewed

pytestmark = pytest.mark.django_db

URL = "/usulan/nasional/"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_started_per_agency_shows_the_same_totals(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    reviewed(world)
    Proposal.unscoped.update(state="submitted_bkn")
    evaluator = build.user("bkn_national", "evaluator", assigned=[world.agency_a, world.agency_b])
    client = _client(evaluator)
    direct = client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{URL}per-instansi/")
    assert started.status_code == 302
    run = FanOutRun.objects.get()
    assert (run.state, run.done, run.total) == ("done", 2, 2)
    assert run.created_by == evaluator
    page = client.get(started["Location"])
    assert page.context["run"] == run
    assert page.context["total"] == direct.context["total"]
    assert page.context["total"]["requested"] > 0
    assert page.context["area_rows"] == direct.context["area_rows"]
    assert b'data-testid="national-progress" data-state="done"' in page.content


def test_the_progress_counts_agencies_and_is_its_starters_alone(world: Any) -> None:
    pk = national_run(world)
    FanOutRun.objects.filter(pk=pk).update(done=1)
    htmx = {"HX-Request": "true"}
    mine = _client(world.users["evaluator_a"]).get(f"{URL}proses/{pk}/", headers=htmx)
    assert mine.status_code == 200
    assert "1 dari 2 instansi" in mine.content.decode()
    assert "hx-trigger" in mine.content.decode()
    other = build.user("bkn_other", "evaluator", assigned=[world.agency_a])
    assert _client(other).get(f"{URL}proses/{pk}/", headers=htmx).status_code == 404
    FanOutRun.objects.filter(pk=pk).update(done=2, state="done")
    finished = _client(world.users["evaluator_a"]).get(f"{URL}proses/{pk}/", headers=htmx)
    assert finished["HX-Refresh"] == "true"
    as_page = _client(world.users["evaluator_a"]).get(f"{URL}proses/{pk}/")
    assert as_page.status_code == 302 and as_page["Location"].endswith(f"?proses={pk}")
