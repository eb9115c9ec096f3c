"""The notifications page per role: one's own list only, marking read (all, or one that then
opens its proposal), 404 for another user's notification."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from formasi.domain.proposal_workflow import Step
from formasi.proposals.models import Notification
from tests.personas import PERSONAS
from tests.proposals.builders import drafted, part_of, step

pytestmark = pytest.mark.django_db
URL = "proposals:notifications"


def _client(world: Any, persona: str) -> Client:
    client = Client()
    if world.users[persona] is not None:
        client.force_login(world.users[persona])
    return client


def _submitted(world: Any) -> Any:
    """Agency A's draft with the Dinas Kesehatan's part submitted: admin_a is notified."""
    proposal = drafted(world)
    step(world.users["operator_dinkes_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    return proposal


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_sees_only_their_own(world: Any, persona: str) -> None:
    _submitted(world)
    response = _client(world, persona).get(reverse(URL))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    shown = [row["notification"].user_id for row in response.context["rows"]]
    assert shown == ([world.users["admin_a"].pk] if persona == "admin_a" else [])


def test_the_page_reads_nothing_until_asked(world: Any) -> None:
    _submitted(world)
    client = _client(world, "admin_a")
    page = client.get(reverse(URL))
    assert page.context["unread"] == 1
    assert 'data-read="0"' in page.content.decode()
    assert Notification.unscoped.get().read_at is None


def test_mark_all_read(world: Any) -> None:
    _submitted(world)
    response = _client(world, "admin_a").post(reverse(URL))
    assert response.status_code == 302 and response["Location"] == reverse(URL)
    assert Notification.unscoped.get().read_at is not None


def test_opening_one_marks_it_read_and_goes_to_its_proposal(world: Any) -> None:
    proposal = _submitted(world)
    note = Notification.unscoped.get()
    response = _client(world, "admin_a").post(reverse(URL), {"id": note.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:detail", args=[proposal.pk])
    assert Notification.unscoped.get().read_at is not None


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "leader_a", "admin_b", "evaluator_a"])
def test_another_users_notification_is_404_and_stays_unread(world: Any, persona: str) -> None:
    _submitted(world)
    note = Notification.unscoped.get()
    client = _client(world, persona)
    assert client.post(reverse(URL), {"id": note.pk}).status_code == 404
    assert client.post(reverse(URL), {"id": "x"}).status_code == 404
    client.post(reverse(URL))  # "mark all" marks only their own
    assert Notification.unscoped.get().read_at is None
