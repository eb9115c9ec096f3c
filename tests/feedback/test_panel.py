"""The leaders' dashboard card of units with a low IKM and too few staff."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from formasi.feedback.panel import build_panel
from formasi.workload.models import PositionNeed
from tests.feedback.builders import response

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def _pressed_puskesmas(world, when=None) -> None:  # type: ignore[no-untyped-def]
    response(world.puskesmas, [1] * 9, when=when)
    PositionNeed.unscoped.create(
        agency=world.agency_a, unit=world.puskesmas, position=world.nurse_position,
        source="entered", count=3,
    )  # fmt: skip


def test_the_leader_sees_the_flagged_puskesmas(world) -> None:  # type: ignore[no-untyped-def]
    _pressed_puskesmas(world)
    panel = build_panel(world.users["leader_a"], TODAY)
    assert panel is not None
    assert [row.unit for row in panel.context["rows"]] == [world.puskesmas]


def test_nothing_flagged_shows_no_card(world) -> None:  # type: ignore[no-untyped-def]
    response(world.puskesmas, [4] * 9)
    assert build_panel(world.users["leader_a"], TODAY) is None


def test_anonymous_and_another_agency_see_no_card(world) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    _pressed_puskesmas(world)
    assert build_panel(AnonymousUser(), TODAY) is None
    assert build_panel(world.users["admin_b"], TODAY) is None


def test_the_card_is_on_the_dashboard(world, client_for) -> None:  # type: ignore[no-untyped-def]
    _pressed_puskesmas(world, when=timezone.now() - timedelta(days=30))  # the page uses today
    page = client_for("leader_a").get(reverse("workforce:dashboard"))
    assert b'data-testid="survey-flagged"' in page.content
