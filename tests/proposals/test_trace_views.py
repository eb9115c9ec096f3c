"""The trace page of an item, per role: who sees it (404 out of scope), what it shows (the
ABK tasks, the people counted by name and NIP as the employee list shows it, never a NIK), and
the proposal page's flag on an item whose evidence changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from formasi.proposals.models import Proposal, ProposalItem
from formasi.workforce.models import Employee
from formasi.workload.models import AbkTask, PositionNeed
from tests.proposals.builders import drafted, evaluators, sent_to_bkn

pytestmark = pytest.mark.django_db


def _client(world: Any, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def _nurse(world: Any, proposal: Proposal) -> ProposalItem:
    return ProposalItem.unscoped.get(
        part__proposal=proposal, org_unit=world.puskesmas, position=world.nurse_position
    )


def _url(proposal: Proposal, item: ProposalItem) -> str:
    return reverse("proposals:item_trace", args=[proposal.pk, item.pk])


DRAFT = {
    "admin_a": 200,
    "operator_dinkes_a": 200,
    "operator_other_opd_a": 404,  # another OPD's item
    "evaluator_a": 404,  # not sent to BKN yet
    "bkn_a": 404,
    "leader_a": 200,
    "admin_b": 404,
}


@pytest.mark.parametrize("persona", list(DRAFT))
def test_the_trace_of_a_draft_item_per_role(world: Any, persona: str) -> None:
    proposal = drafted(world)
    evaluators(world)
    response = _client(world, persona).get(_url(proposal, _nurse(world, proposal)))
    assert response.status_code == DRAFT[persona]


@pytest.mark.parametrize("persona", ["bkn_a", "kemenpanrb_a"])
def test_evaluators_read_the_trace_once_sent_to_bkn(world: Any, persona: str) -> None:
    proposal = sent_to_bkn(world)
    evaluators(world)
    response = _client(world, persona).get(_url(proposal, _nurse(world, proposal)))
    assert response.status_code == 200
    assert "Yohanes Ahang" in response.content.decode()


def test_anonymous_goes_to_the_login_page(world: Any) -> None:
    proposal = drafted(world)
    response = Client().get(_url(proposal, _nurse(world, proposal)))
    assert response.status_code == 302 and "masuk" in response["Location"]


def test_the_page_lists_tasks_people_and_leavers(world: Any) -> None:
    proposal = drafted(world)
    nurse = _nurse(world, proposal)
    need = PositionNeed.unscoped.get(unit=world.puskesmas, position=world.nurse_position)
    AbkTask.objects.create(
        need=need, description="Asuhan keperawatan", volume=1200, norm_minutes=30
    )
    page = _client(world, "leader_a").get(_url(proposal, nurse)).content.decode()
    assert "Asuhan keperawatan" in page
    for person in Employee.unscoped.filter(unit=world.puskesmas, position=world.nurse_position):
        assert person.name in page
        assert person.formatted_nip in page
        assert not person.nik or person.nik not in page
    assert 'data-testid="trace-leavers"' in page


def test_the_proposal_page_links_each_item_to_its_trace(world: Any) -> None:
    proposal = drafted(world)
    page = _client(world, "admin_a").get(reverse("proposals:detail", args=[proposal.pk]))
    for item in ProposalItem.unscoped.filter(part__proposal=proposal):
        assert _url(proposal, item) in page.content.decode()


def test_the_proposal_page_flags_an_item_whose_need_changed(world: Any) -> None:
    proposal = drafted(world)
    nurse = _nurse(world, proposal)
    client = _client(world, "admin_a")
    url = reverse("proposals:detail", args=[proposal.pk])
    assert f'data-testid="stale-{nurse.pk}"' not in client.get(url).content.decode()
    PositionNeed.unscoped.filter(unit=world.puskesmas, position=world.nurse_position).update(
        count=12
    )
    page = client.get(url).content.decode()
    assert f'data-testid="stale-{nurse.pk}"' in page
    assert f"kebutuhan berubah dari {nurse.evidence['need']} ke 12 sejak draf" in page
    trace_page = client.get(_url(proposal, nurse)).content.decode()
    assert f"kebutuhan berubah dari {nurse.evidence['need']} ke 12 sejak draf" in trace_page
