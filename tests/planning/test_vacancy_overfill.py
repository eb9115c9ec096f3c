"""Vacant structural posts (issue 17): holders above the SOTK seats of their post are flagged
in words; more holders than posts with enough seats is explained, not flagged."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from formasi.workload.models import PositionNeed
from tests import builders as build
from tests.personas import World
from tests.planning.builders import add_plan_data

pytestmark = pytest.mark.django_db
READERS = ["admin_a", "evaluator_a", "leader_a"]


def test_a_post_with_more_holders_than_sotk_seats_is_flagged(client_for: Any, world: World) -> None:
    head = add_plan_data(world)  # one seat, one holder
    build.employee(world.dinkes, head, "Agus Salim", birth=date(1975, 3, 3))
    for persona in READERS:
        html = client_for(persona).get(reverse("planning:vacancies")).content.decode()
        flag = html.split('data-testid="overfill"', 1)[1].split("</div>", 1)[0]
        assert "Kelebihan isi: 1 pemangku melebihi formasi SOTK (1 jabatan)" in flag
        assert 'data-testid="post-overfill"' in html and "1 melebihi SOTK" in html


def test_more_holders_than_posts_with_enough_seats_is_explained_not_flagged(
    client_for: Any, world: World
) -> None:
    head = add_plan_data(world)
    PositionNeed.unscoped.filter(position=head).update(count=2, exact=2)
    build.employee(world.dinkes, head, "Agus Salim", birth=date(1975, 3, 3))
    html = client_for("admin_a").get(reverse("planning:vacancies")).content.decode()
    assert 'data-testid="overfill"' not in html
    note = html.split('data-testid="multi-seat"', 1)[1].split("</div>", 1)[0]
    assert "2 pemangku pada 1 jabatan bukan kelebihan isi" in note
