"""Notifications when a proposal or a part reaches someone's desk: who gets one at each step,
never the one who took it, the words in the reader's language, and the optional e-mail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from formasi.domain.proposal_workflow import Step
from formasi.proposals import services
from formasi.proposals.models import Notification, ProposalItem, ProposalPart
from formasi.proposals.notifications import DESKS, recipients, send_emails, text_for
from tests import builders as build
from tests.proposals.builders import drafted, evaluators, part_of, reviewed, sent_to_bkn, step

pytestmark = pytest.mark.django_db


def _to(proposal: Any, code: str) -> set[str]:
    return set(
        Notification.unscoped.filter(proposal=proposal, code=code).values_list(
            "user__username", flat=True
        )
    )


def test_an_opds_submit_notifies_the_agencys_admins_only(world: Any) -> None:
    proposal = drafted(world)
    evaluators(world)
    second = build.user("admin2_a", "admin", agency_obj=world.agency_a)
    step(world.users["operator_dinkes_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    assert _to(proposal, "submit") == {"admin_a", second.username}
    note = Notification.unscoped.get(user=world.users["admin_a"])
    assert (note.kind, note.part_id, note.read_at) == (
        "submitted",
        part_of(proposal, world.dinkes).pk,
        None,
    )


def test_the_admin_submitting_is_not_notified_of_their_own_step(world: Any) -> None:
    proposal = drafted(world)
    step(world.users["admin_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    assert _to(proposal, "submit") == set()


def test_a_returned_part_notifies_the_operators_who_see_it(world: Any) -> None:
    proposal = drafted(world)
    admin = world.users["admin_a"]
    # an operator of a puskesmas under the Dinas Kesehatan does not see the OPD's part
    build.user(
        "operator_pkm_a", "opd_operator", agency_obj=world.agency_a, unit_obj=world.puskesmas
    )
    inactive = build.user(
        "operator_gone_a", "opd_operator", agency_obj=world.agency_a, unit_obj=world.dinkes
    )
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    part = part_of(proposal, world.dinkes)
    step(admin, part, Step.SUBMIT)
    step(admin, part, Step.RETURN, comment="ABK belum lengkap")
    assert _to(proposal, "return") == {"operator_dinkes_a"}


def test_sending_to_bkn_notifies_the_assigned_bkn_evaluators(world: Any) -> None:
    bkn, kemenpanrb = evaluators(world)
    unassigned = build.user("bkn_b", "evaluator", assigned=[world.agency_b])
    unassigned.evaluator_body = "bkn"
    unassigned.save(update_fields=["evaluator_body"])
    proposal = sent_to_bkn(world)
    assert _to(proposal, "send_to_bkn") == {bkn.username}
    assert kemenpanrb.username not in _to(proposal, "send_to_bkn")


def test_the_later_desks_bkpsdm_then_kemenpanrb_then_bkpsdm(world: Any) -> None:
    _bkn, kemenpanrb = evaluators(world)
    proposal = reviewed(world)
    assert _to(proposal, "give_pertimbangan") == {"admin_a"}
    step(world.users["admin_a"], proposal, Step.SEND_TO_KEMENPANRB)
    assert _to(proposal, "send_to_kemenpanrb") == {kemenpanrb.username}
    for item in ProposalItem.unscoped.filter(part__proposal=proposal):
        services.decide_item(
            actor=kemenpanrb, item=item, expected_version=item.version, decided_count=item.count
        )
    step(kemenpanrb, proposal, Step.DECIDE)
    assert _to(proposal, "decide") == {"admin_a"}
    # accepting a part or closing reaches no new desk
    step(world.users["admin_a"], proposal, Step.CLOSE)
    assert _to(proposal, "close") == set()


def test_a_refused_step_notifies_nobody(world: Any) -> None:
    proposal = drafted(world)
    with pytest.raises(Exception):  # noqa: B017  # every part must be accepted first
        step(world.users["admin_a"], proposal, Step.SEND_TO_BKN)
    assert not Notification.unscoped.exists()


def test_every_desk_is_a_state_some_step_reaches() -> None:
    from formasi.domain.proposal_workflow import TRANSITIONS

    reached = {t.target for t in TRANSITIONS.values()}
    assert set(DESKS) <= reached


def test_a_state_without_a_desk_has_no_recipients(world: Any) -> None:
    proposal = drafted(world)
    assert recipients(proposal, "closed") == []
    assert recipients(ProposalPart.unscoped.filter(proposal=proposal).first(), "accepted") == []


def test_the_text_is_worded_in_the_readers_language(world: Any) -> None:
    proposal = drafted(world)
    step(world.users["operator_dinkes_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    note = Notification.unscoped.get(user=world.users["admin_a"])
    with translation.override("en"):
        english = text_for(note)
    with translation.override("id"):
        indonesian = text_for(note)
    assert world.dinkes.name in english and str(proposal.year) in english
    assert english != indonesian and world.dinkes.name in indonesian


@override_settings(FORMASI_PROPOSAL_EMAIL=False)
def test_no_email_unless_the_setting_is_true(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    proposal = drafted(world)
    world.users["admin_a"].email = "admin@example.id"
    world.users["admin_a"].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        step(world.users["operator_dinkes_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    assert mail.outbox == []


@override_settings(FORMASI_PROPOSAL_EMAIL=True, FORMASI_SITE_URL="https://formasi.example.id")
def test_with_the_setting_each_recipient_with_an_address_gets_an_email(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    proposal = drafted(world)
    world.users["admin_a"].email = "admin@example.id"
    world.users["admin_a"].save(update_fields=["email"])
    build.user("admin2_a", "admin", agency_obj=world.agency_a)  # no address: no mail
    with django_capture_on_commit_callbacks(execute=True):
        step(world.users["operator_dinkes_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    assert Notification.unscoped.count() == 2
    assert [m.to for m in mail.outbox] == [["admin@example.id"]]
    assert f"https://formasi.example.id/usulan/{proposal.pk}/" in mail.outbox[0].body
    assert world.dinkes.name in mail.outbox[0].body


def test_a_failing_mail_server_is_logged_not_raised(world: Any, monkeypatch: Any) -> None:
    proposal = drafted(world)
    world.users["admin_a"].email = "admin@example.id"
    world.users["admin_a"].save(update_fields=["email"])
    step(world.users["operator_dinkes_a"], part_of(proposal, world.dinkes), Step.SUBMIT)

    def broken(*args: Any, **kwargs: Any) -> int:
        raise OSError("connection refused")

    monkeypatch.setattr("formasi.proposals.notifications.send_mail", broken)
    assert send_emails(Notification.unscoped.values_list("pk", flat=True)) == 0


def test_the_unread_count_is_cached_and_forgotten_when_it_changes(
    world: Any, django_assert_num_queries: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from formasi.proposals.notifications import unread_count

    admin = world.users["admin_a"]
    proposal = drafted(world)
    assert unread_count(admin) == 0
    with django_assert_num_queries(0):  # cached
        assert unread_count(admin) == 0
    with django_capture_on_commit_callbacks(execute=True):
        step(world.users["operator_dinkes_a"], part_of(proposal, world.dinkes), Step.SUBMIT)
    assert unread_count(admin) == 1  # a new notification forgets the cached 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mark_notifications_read(actor=admin) == 1
    assert unread_count(admin) == 0  # reading forgets the cached 1
