"""The agency's ABK settings through the API (issue 21): its admin's (resource "agency",
CHANGE), the page's service (``save_settings``, which recomputes the ABK needs) and bounds,
and the settings' version as If-Match."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.workload.models import PositionNeed, WorkloadSettings
from formasi.workload.services import save_abk_tasks
from tests.personas import World

pytestmark = pytest.mark.django_db

URL = "api:get_workload_settings"
BODY = {"effective_minutes": 75000, "effective_days": 235, "working_days_per_week": 5,
        "rounding": "ceil", "bands": "permendagri"}  # fmt: skip


@pytest.fixture
def need(world: World) -> PositionNeed:
    """The three-task nurse ABK of the puskesmas: 81,000 minutes, 1.08 persons (1 rounded)."""
    tasks = [
        {"description": "Asuhan", "output_unit": "pasien", "volume": 1200, "norm_minutes": 30},
        {"description": "Penyuluhan", "output_unit": "kegiatan", "volume": 600, "norm_minutes": 45},
        {"description": "Pelaporan", "output_unit": "laporan", "volume": 300, "norm_minutes": 60},
    ]
    return save_abk_tasks(unit=world.puskesmas, position=world.nurse_position, tasks=tasks,
                          actor=world.users["admin_a"])  # fmt: skip


def _put(client: Any, body: dict[str, Any], etag: str | None) -> Any:
    headers = {"If-Match": etag} if etag is not None else {}
    return client.put(reverse("api:put_workload_settings"), body,
                      content_type="application/json", headers=headers)  # fmt: skip


def test_admin_reads_the_defaults_then_changes_them(
    client_for: Any, world: World, need: PositionNeed
) -> None:
    client = client_for("admin_a")
    read = client.get(reverse(URL))
    assert read.status_code == 200
    defaults = WorkloadSettings()
    assert read.json()["agency"] == world.agency_a.code
    assert read.json()["effective_minutes"] == defaults.effective_minutes
    assert read.json()["rounding"] == defaults.rounding == "nearest"
    saved = _put(client, BODY, read["ETag"])
    assert saved.status_code == 200, saved.content
    assert saved.json()["recomputed"] == 1 and saved.json()["rounding"] == "ceil"
    need.refresh_from_db()
    assert need.count == 2  # 1.08 persons rounded up
    assert WorkloadSettings.objects.get(agency=world.agency_a).rounding == "ceil"
    assert client.get(reverse(URL))["ETag"] == saved["ETag"] != read["ETag"]


def test_a_stale_or_missing_if_match_saves_nothing(
    client_for: Any, world: World, need: PositionNeed
) -> None:
    client = client_for("admin_a")
    etag = client.get(reverse(URL))["ETag"]
    page = {**BODY, "effective_minutes": 72000, "rounding": "nearest"}
    assert client.post(reverse("workload:settings"), page).status_code == 302  # the page saves
    stale = _put(client, BODY, etag)
    assert stale.status_code == 412 and stale.json()["detail"]
    assert _put(client, BODY, None).status_code == 428
    assert WorkloadSettings.objects.get(agency=world.agency_a).rounding == "nearest"
    need.refresh_from_db()
    assert need.count == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"effective_minutes": 0}, "effective_minutes"),
        ({"effective_minutes": 600_000}, "effective_minutes"),  # more than a year holds
        ({"effective_days": 367}, "effective_days"),
        ({"working_days_per_week": 8}, "working_days_per_week"),
        ({"rounding": "up"}, "rounding"),
        ({"bands": None}, "bands"),
    ],
)
def test_bad_input_is_422_and_saves_nothing(
    client_for: Any, world: World, need: PositionNeed, change: dict[str, Any], field: str
) -> None:
    client = client_for("admin_a")
    response = _put(client, {**BODY, **change}, client.get(reverse(URL))["ETag"])
    assert response.status_code == 422 and field in response.json()["errors"]
    assert not WorkloadSettings.objects.filter(agency=world.agency_a).exists()
    need.refresh_from_db()
    assert need.count == 1


def test_the_page_refuses_what_the_api_refuses(client_for: Any, world: World) -> None:
    """One rule: the model's bounds, read by the page's form and the API's schema."""
    page = client_for("admin_a").post(reverse("workload:settings"), {**BODY, "effective_days": 367})
    assert page.status_code == 400
    assert not WorkloadSettings.objects.filter(agency=world.agency_a).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("operator_dinkes_a", 403),
        ("operator_other_opd_a", 403),
        ("evaluator_a", 403),
        ("leader_a", 403),
        ("anonymous", 401),
    ],
)
def test_only_the_agency_admin(
    client_for: Any, world: World, need: PositionNeed, persona: str, status: int
) -> None:
    client = client_for(persona)
    assert client.get(reverse(URL)).status_code == status
    assert _put(client, BODY, '"x"').status_code == status
    assert not WorkloadSettings.objects.exists()


def test_another_agency_admin_changes_only_their_own(
    client_for: Any, world: World, need: PositionNeed
) -> None:
    client = client_for("admin_b")
    read = client.get(reverse(URL))
    assert read.json()["agency"] == world.agency_b.code
    assert _put(client, BODY, read["ETag"]).json()["recomputed"] == 0
    assert not WorkloadSettings.objects.filter(agency=world.agency_a).exists()
    need.refresh_from_db()
    assert need.count == 1
