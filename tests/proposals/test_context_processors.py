"""The bell in the navigation: each user's unread count, on every page, gone once read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from formasi.domain.proposal_workflow import Step
from formasi.proposals.context_processors import notifications
from tests.personas import PERSONAS
from tests.proposals.builders import drafted, part_of, step

pytestmark = pytest.mark.django_db


def _client(world: Any, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_the_bell_counts_each_users_unread(world: Any, persona: str) -> None:
    proposal = drafted(world)
    step(world.users["operator_dinkes_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    step(world.users["operator_other_opd_a"], part_of(proposal, world.disdik), Step.SUBMIT)
    page = _client(world, persona).get(reverse("workforce:dashboard"))
    html = page.content.decode()
    expected = 2 if persona == "admin_a" else 0
    assert f'data-unread="{expected}"' in html
    assert ('data-testid="unread-count"' in html) == (expected > 0)


def test_reading_empties_the_bell(world: Any) -> None:
    proposal = drafted(world)
    step(world.users["operator_dinkes_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    client = _client(world, "admin_a")
    client.post(reverse("proposals:notifications"))
    assert 'data-unread="0"' in client.get(reverse("proposals:list")).content.decode()


def test_anonymous_gets_no_bell(world: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert notifications(request) == {}
    request.user = world.users["admin_a"]
    assert notifications(request)["nav_unread_notifications"]() == 0
