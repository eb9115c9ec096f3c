"""What planning adds to the dashboard: plans over the cap in "needs attention" and the card
of the current usulan round's deadlines (DOMAIN §7.2), for every role that sees the page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from formasi.planning.dashboard import days_left_text, deadlines_panel, worst_year
from formasi.planning.models import Scenario
from tests.personas import World

pytestmark = pytest.mark.django_db


def _scenario(world: World, name: str, ratios: list[float], cap: float, **extra: Any) -> Scenario:
    rows = [
        {"year": 2026 + i, "ratio_with_plan": r, "ratio_without_plan": r}
        for i, r in enumerate(ratios)
    ]
    return Scenario.unscoped.create(
        agency=extra.pop("agency", world.agency_a),
        name=name,
        base_year=2025,
        state=extra.pop("state", Scenario.State.DONE),
        result={"budget": {"cap": cap, "rows": rows}},
    )


def _group(client: Any) -> Any:
    groups = client.get(reverse("workforce:dashboard")).context["attention"]
    return next((g for g in groups if g.key == "plans_over_cap"), None)


def test_worst_year_is_the_highest_ratio_above_the_cap() -> None:
    rows = [
        {"year": 2026, "ratio_with_plan": 0.31},
        {"year": 2027, "ratio_with_plan": 0.33},
        {"year": 2028, "ratio_with_plan": None},
    ]
    assert worst_year(rows, 0.30) == (2027, 0.33)
    assert worst_year(rows, 0.33) is None
    assert worst_year([], 0.3) is None


@pytest.mark.parametrize("persona", ["admin_a", "evaluator_a", "leader_a"])
def test_scenarios_over_their_cap_are_listed_with_a_link(
    world: World, client_for: Any, persona: str
) -> None:
    over = _scenario(world, "Batas 25 %", [0.2869, 0.2599, 0.24], cap=0.25)
    _scenario(world, "Aman", [0.20, 0.21], cap=0.30)
    _scenario(world, "Belum dihitung", [0.9], cap=0.30, state=Scenario.State.QUEUED)
    _scenario(world, "Kota lain", [0.9], cap=0.30, agency=world.agency_b)
    group = _group(client_for(persona))
    assert [item.label for item in group.items] == ["Batas 25 %"]
    assert group.items[0].url == reverse("planning:plan") + f"?skenario={over.pk}"
    assert "2026" in group.items[0].figure


def test_no_plan_over_the_cap_says_so(world: World, client_for: Any) -> None:
    _scenario(world, "Aman", [0.20], cap=0.30)
    group = _group(client_for("admin_a"))
    assert group.items == [] and group.empty


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "operator_other_opd_a"])
def test_roles_without_the_plan_do_not_get_the_group(
    world: World, client_for: Any, persona: str
) -> None:
    _scenario(world, "Batas 25 %", [0.29], cap=0.25)
    assert _group(client_for(persona)) is None


READERS = [
    "admin_a",
    "operator_dinkes_a",
    "operator_other_opd_a",
    "evaluator_a",
    "leader_a",
    "admin_b",
]
JAKARTA = ZoneInfo("Asia/Jakarta")


def _on(day: date) -> Any:
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 10, tzinfo=JAKARTA), tick=False
    )


@pytest.mark.parametrize("persona", READERS)
def test_every_reader_sees_the_rounds_deadlines(
    world: World, client_for: Any, persona: str
) -> None:
    with override_settings(FORMASI_PROPOSAL_DEADLINES={}), _on(date(2027, 3, 31)):
        response = client_for(persona).get(reverse("workforce:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="round-deadlines"' in html
    assert "Tenggat usulan kebutuhan ASN 2027 (penetapan 2028)" in html
    assert html.count('data-testid="deadline"') == 5
    assert "31 Maret 2027" in html and "31 Juli 2027" in html
    assert "Perban BKN 9/2022" in html and "PP 11/2017" in html
    # The usulan is due today and is the next one; the rest are days away.
    assert html.count('data-testid="next-deadline"') == 1
    usulan = html.split('data-code="usulan"')[1].split("</li>")[0]
    assert 'data-testid="next-deadline"' in usulan and "hari ini" in usulan
    assert "30 hari lagi" in html.split('data-code="usulan_revised"')[1].split("</li>")[0]


def test_after_the_end_of_july_the_next_round_shows(world: World, client_for: Any) -> None:
    with override_settings(FORMASI_PROPOSAL_DEADLINES={}), _on(date(2027, 8, 1)):
        html = client_for("leader_a").get(reverse("workforce:dashboard")).content.decode()
    assert "Tenggat usulan kebutuhan ASN 2028 (penetapan 2029)" in html
    assert "31 Maret 2028" in html


def test_a_date_moved_by_a_letter_shows_with_days_overdue(world: World, client_for: Any) -> None:
    moved = {"2027": {"usulan": "2027-04-15"}}
    with override_settings(FORMASI_PROPOSAL_DEADLINES=moved), _on(date(2027, 4, 17)):
        html = client_for("admin_a").get(reverse("workforce:dashboard")).content.decode()
    usulan = html.split('data-code="usulan"')[1].split("</li>")[0]
    assert "15 April 2027" in usulan and "lewat 2 hari" in usulan
    assert 'data-testid="next-deadline"' not in usulan
    assert (
        'data-testid="next-deadline"'
        in html.split('data-code="usulan_revised"')[1].split("</li>")[0]
    )


def test_anonymous_gets_no_deadlines_panel(world: World) -> None:
    assert deadlines_panel(world.users["anonymous"], date(2027, 3, 1)) is None


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "hari ini"),
        (1, "1 hari lagi"),
        (122, "122 hari lagi"),
        (-1, "lewat 1 hari"),
        (-30, "lewat 30 hari"),
    ],
)
def test_days_left_in_words(days: int, words: str) -> None:
    with translation.override("id"):
        assert days_left_text(days) == words


def test_days_left_in_english_counts_one_and_many() -> None:
    with translation.override("en"):
        assert days_left_text(1) == "1 day left"
        assert days_left_text(2) == "2 days left"
        assert days_left_text(-1) == "1 day overdue"
        assert days_left_text(0) == "today"
