"""The requests of docs/api/README.md work as the guide says, with a personal access token."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.accounts import builders as tokens
from tests.personas import World
from tests.proposals.builders import walk_proposal


def test_the_guides_requests_answer_as_documented(world: World) -> None:
    _token, secret = tokens.token(world.users["operator_dinkes_a"])
    client = Client(enforce_csrf_checks=True)
    auth: dict[str, Any] = tokens.bearer(secret)

    employees = client.get("/api/v1/employees?page=1&page_size=1", **auth).json()
    assert len(employees["results"]) == 1 and employees["count"] >= 1
    units = client.get("/api/v1/units?limit=1&offset=0", **auth).json()
    assert len(units["items"]) == 1 and units["count"] >= 1

    url = reverse("api:get_employee", args=[world.employee_dinkes.pk])
    read = client.get(url, **auth)
    etag = read["ETag"]
    patch = {"content_type": "application/json", **auth}
    assert client.patch(url, {"golongan": "III/b"}, **patch).status_code == 428
    changed = client.patch(url, {"golongan": "III/b"}, HTTP_IF_MATCH=etag, **patch)
    assert changed.status_code == 200 and changed.json()["golongan"] == "III/b"
    stale = client.patch(url, {"golongan": "III/c"}, HTTP_IF_MATCH=etag, **patch)
    assert stale.status_code == 412 and stale.json()["detail"]
    invalid = client.patch(url, {"golongan": "X" * 7}, HTTP_IF_MATCH=changed["ETag"], **patch)
    assert invalid.status_code == 422 and "golongan" in invalid.json()["errors"]

    proposal, item = walk_proposal(world)
    body = {"step": "submit", "part_id": item.part_id, "version": 1}
    step = client.post(f"/api/v1/proposals/{proposal.pk}/steps", body, **patch)
    assert step.status_code == 200, step.content
    assert step.json()["on"] == "part"


def test_errors_speak_english_when_asked(world: World) -> None:
    english = Client().get("/api/v1/units", HTTP_ACCEPT_LANGUAGE="en").json()
    indonesian = Client().get("/api/v1/units").json()
    assert english["detail"] == "Log in first." and indonesian["detail"] != english["detail"]
