"""The SK number and TMT of a run through the API (issue 21): the page's service
(``set_sk_details``), its role and scope, and the run's version as If-Match."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from formasi.placement.models import PlacementRun
from tests.personas import World
from tests.placement.builders import add_placement_data, computed_run

pytestmark = pytest.mark.django_db

BODY = {"sk_number": " 800/9/BKPSDM/2026 ", "tmt": "2026-04-01"}


@pytest.fixture
def run(world: World) -> PlacementRun:
    add_placement_data(world)
    return computed_run(world, name="Penempatan 2026")


def _etag(client: Any, run: PlacementRun) -> str:
    return str(client.get(reverse("api:get_placement_run", args=[run.pk]))["ETag"])


def _put(client: Any, run_pk: int, body: dict[str, Any], etag: str | None) -> Any:
    headers = {"If-Match": etag} if etag is not None else {}
    return client.put(reverse("api:set_placement_run_sk", args=[run_pk]), body,
                      content_type="application/json", headers=headers)  # fmt: skip


def test_admin_sets_the_sk_number_and_tmt(client_for: Any, run: PlacementRun) -> None:
    client = client_for("admin_a")
    etag = _etag(client, run)
    response = _put(client, run.pk, BODY, etag)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["sk_number"], body["tmt"]) == ("800/9/BKPSDM/2026", "2026-04-01")
    run.refresh_from_db()
    assert (run.sk_number, run.tmt) == ("800/9/BKPSDM/2026", date(2026, 4, 1))
    assert response["ETag"] == f'"{run.version}"'
    assert _etag(client, run) == response["ETag"] != etag
    # Either may be emptied again until known.
    cleared = _put(client, run.pk, {"sk_number": "", "tmt": None}, response["ETag"])
    assert cleared.status_code == 200 and cleared.json()["tmt"] is None


def test_the_page_raises_the_version_too(client_for: Any, run: PlacementRun) -> None:
    client = client_for("admin_a")
    etag = _etag(client, run)
    page = client.post(reverse("placement:run_sk", args=[run.pk]), {"sk_number": "800/1"})
    assert page.status_code == 302
    stale = _put(client, run.pk, BODY, etag)
    assert stale.status_code == 412 and stale.json()["detail"]
    run.refresh_from_db()
    assert run.sk_number == "800/1"


@pytest.mark.parametrize("etag", [None, "*", '"not-a-version"'])
def test_without_a_current_version_nothing_is_saved(
    client_for: Any, run: PlacementRun, etag: str | None
) -> None:
    response = _put(client_for("admin_a"), run.pk, BODY, etag)
    assert response.status_code == (412 if etag and etag != "*" else 428)
    run.refresh_from_db()
    assert run.sk_number == "" and run.tmt is None


@pytest.mark.parametrize(
    "body",
    [
        {"sk_number": "8" * 101, "tmt": "2026-04-01"},  # longer than the model's column
        {"sk_number": "800/1", "tmt": "1 April"},
        {"sk_number": ["800"], "tmt": None},
    ],
)
def test_bad_input_is_422_and_saves_nothing(
    client_for: Any, run: PlacementRun, body: dict[str, Any]
) -> None:
    client = client_for("admin_a")
    response = _put(client, run.pk, body, _etag(client, run))
    assert response.status_code == 422 and response.json()["errors"]
    run.refresh_from_db()
    assert run.sk_number == "" and run.tmt is None and run.version == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("operator_dinkes_a", 403),
        ("evaluator_a", 403),
        ("leader_a", 403),
        ("admin_b", 404),
        ("anonymous", 401),
    ],
)
def test_others_may_not_set_it(
    client_for: Any, run: PlacementRun, persona: str, status: int
) -> None:
    assert _put(client_for(persona), run.pk, BODY, '"1"').status_code == status
    run.refresh_from_db()
    assert run.sk_number == "" and run.version == 1
