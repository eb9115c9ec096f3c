"""The next deadline of a proposal's year (DOMAIN §7.2): worked examples, the setting's moved
dates, and the evaluator queue and the proposal page showing it with the days left."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.proposal_rules import DEADLINE_CODES
from formasi.proposals.deadlines import next_deadline, next_deadline_row, usulan_due
from formasi.proposals.models import Proposal
from tests.proposals.builders import evaluators

FAR = 2099  # a year whose deadlines are all ahead


@override_settings(FORMASI_PROPOSAL_DEADLINES={})
def test_worked_examples_of_the_2027_round() -> None:
    # Perban BKN 9/2022: the usulan by 31 March; on 1 April the revised usulan (30 April) is next.
    first = next_deadline(2027, date(2027, 3, 1))
    assert first is not None and (first.code, first.days_left) == ("usulan", 30)
    on_the_day = next_deadline(2027, date(2027, 3, 31))
    assert on_the_day is not None and (on_the_day.code, on_the_day.days_left) == ("usulan", 0)
    april = next_deadline(2027, date(2027, 4, 1))
    assert april is not None and (april.code, april.days_left) == ("usulan_revised", 29)
    # BKN's pertimbangan teknis by 31 July; after it nothing is left of the round.
    assert next_deadline(2027, date(2027, 8, 1)) is None
    assert usulan_due(2027) == date(2027, 3, 31)


def test_a_letter_moves_the_usulan_and_its_days_left() -> None:
    with override_settings(FORMASI_PROPOSAL_DEADLINES={"2027": {"usulan": "2027-04-15"}}):
        assert usulan_due(2027) == date(2027, 4, 15)
        row = next_deadline_row(2027, date(2027, 4, 1))
    assert row is not None
    # 30 April (revised usulan) comes after the moved 15 April: the usulan is still next.
    assert (row["code"], row["days_left"], row["date"]) == ("usulan", 14, date(2027, 4, 15))
    assert row["rule"] == "Perban BKN 9/2022"


@override_settings(FORMASI_PROPOSAL_DEADLINES={})
@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)))
def test_the_next_deadline_is_the_first_not_passed(today: date) -> None:
    found = next_deadline(today.year, today)
    if found is None:
        assert today > date(today.year, 7, 31)
        return
    assert found.code in DEADLINE_CODES
    assert found.days_left == (found.deadline.date - today).days >= 0
    # no deadline of the year falls between today and the one found
    later = next_deadline(today.year, today + timedelta(days=found.days_left + 1))
    assert later is None or later.deadline.date > found.deadline.date


# --------------------------------------------------------------------------- pages


def _page(world: Any, persona: str, name: str, *args: int) -> Any:
    evaluators(world)
    client = Client()
    client.force_login(world.users[persona])
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response


@pytest.mark.django_db
@override_settings(FORMASI_PROPOSAL_DEADLINES={str(FAR): {"usulan": f"{FAR}-03-15"}})
@pytest.mark.parametrize("persona", ["bkn_a", "kemenpanrb_a", "leader_a", "admin_a"])
def test_the_queue_shows_the_days_left_to_the_next_deadline(world: Any, persona: str) -> None:
    proposal = Proposal.unscoped.create(agency=world.agency_a, year=FAR, state="submitted_bkn")
    response = _page(world, persona, "proposals:list")
    line = next(ln for ln in response.context["lines"] if ln["proposal"].pk == proposal.pk)
    expected = (date(FAR, 3, 15) - timezone.localdate()).days
    assert line["deadline"] == date(FAR, 3, 15)
    assert line["next_deadline"]["code"] == "usulan"
    assert line["next_deadline"]["days_left"] == expected
    assert 'data-code="usulan"' in response.content.decode()
    assert str(expected) in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin_a", "operator_dinkes_a", "leader_a"])
def test_the_proposal_page_shows_the_next_deadline_or_that_all_passed(
    world: Any, persona: str
) -> None:
    ahead = Proposal.unscoped.create(agency=world.agency_a, year=FAR)
    past = Proposal.unscoped.create(agency=world.agency_a, year=2001)
    with override_settings(FORMASI_PROPOSAL_DEADLINES={}):
        response = _page(world, persona, "proposals:detail", ahead.pk)
        gone = _page(world, persona, "proposals:detail", past.pk)
    row = response.context["next_deadline"]
    assert (row["code"], row["days_left"]) == (
        "usulan",
        (date(FAR, 3, 31) - timezone.localdate()).days,
    )
    assert 'data-testid="next-deadline"' in response.content.decode()
    assert gone.context["next_deadline"] is None
    assert 'data-testid="next-deadline"' in gone.content.decode()
