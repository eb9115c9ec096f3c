"""A low IKM as evidence in the next proposal (feedback/evidence.py, registered with
proposals.extra_evidence): the drafted justification of the unit's items says it, the trace
shows it, and a unit rated well gets nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format

from formasi.domain import survey
from formasi.feedback import evidence
from formasi.proposals.models import ProposalItem
from tests.feedback.builders import response
from tests.proposals.builders import YEAR, drafted

pytestmark = pytest.mark.django_db

LOW: list[list[int | None]] = [[2, 2, 3, 2, 2, 3, 2, 2, 1], [3, 2, 2, 3, 2, 2, 3, 2, 2]]


def _surveyed(world: Any, scores: list[list[int | None]], year: int) -> None:
    for row in scores:
        response(world.puskesmas, row, when=timezone.make_aware(datetime(year, 6, 1, 9)))


def test_a_low_ikm_is_appended_to_the_units_justification(world: Any, client_for: Any) -> None:
    _surveyed(world, LOW, YEAR - 1)
    proposal = drafted(world)
    items = list(ProposalItem.unscoped.filter(part__proposal=proposal, org_unit=world.puskesmas))
    assert items, "the plan data has a shortage at the puskesmas"
    expected = survey.ikm(LOW)
    assert expected.grade == "D"
    with translation.override("id"):
        index = number_format(expected.index, decimal_pos=2)
    sentence = f"IKM {world.puskesmas.name} tahun {YEAR - 1}: {index} (D), di bawah ambang 77."
    for item in items:
        assert item.justification.endswith(sentence)
        assert item.evidence["extra"][0]["key"] == evidence.KEY
    others = ProposalItem.unscoped.filter(part__proposal=proposal).exclude(org_unit=world.puskesmas)
    assert all("IKM" not in i.justification for i in others)

    page = client_for("admin_a").get(
        reverse("proposals:item_trace", args=[proposal.pk, items[0].pk])
    )
    assert sentence in page.content.decode()


def test_a_unit_rated_well_or_in_another_year_adds_nothing(world: Any) -> None:
    _surveyed(world, [[4] * 9], YEAR - 1)  # grade A
    _surveyed(world, LOW, YEAR - 2)  # low, but not the year before the proposal
    proposal = drafted(world)
    items = ProposalItem.unscoped.filter(part__proposal=proposal)
    assert items.exists()
    assert all("IKM" not in i.justification and "extra" not in i.evidence for i in items)
