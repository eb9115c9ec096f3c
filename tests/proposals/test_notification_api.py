"""The notifications through the API (issue 21): one's own only, read and marked read with
the page's service."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from formasi.domain.proposal_workflow import Step
from formasi.proposals.models import Notification
from tests.proposals.builders import drafted, part_of, step

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _submitted(world: Any) -> Notification:
    """Agency A's Dinas Kesehatan part submitted: admin_a is notified."""
    proposal = drafted(world)
    step(world.users["operator_dinkes_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    return Notification.unscoped.get()


def test_each_user_lists_their_own(world: Any, client_for: Any) -> None:
    note = _submitted(world)
    mine = client_for("admin_a").get(reverse("api:list_notifications")).json()
    assert [n["id"] for n in mine["items"]] == [note.pk]
    assert mine["items"][0]["text"] and mine["items"][0]["read_at"] is None
    assert client_for("admin_b").get(reverse("api:list_notifications")).json()["count"] == 0


def test_marking_one_read(world: Any, client_for: Any) -> None:
    note = _submitted(world)
    url = reverse("api:mark_notifications_read")
    other = client_for("operator_dinkes_a").post(url, {"ids": [note.pk]}, content_type=JSON)
    assert other.status_code == 404
    assert Notification.unscoped.get().read_at is None
    done = client_for("admin_a").post(url, {"ids": [note.pk]}, content_type=JSON)
    assert done.json() == {"marked": 1}
    assert Notification.unscoped.get().read_at is not None
    again = client_for("admin_a").post(url, {}, content_type=JSON)
    assert again.json() == {"marked": 0}
