"""The open-selection writers: who may, the rules of PermenPAN-RB 15/2019 they enforce, the
ranking they keep, nothing half-saved, history and audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from formasi.core.models import AuditEvent
from formasi.talent import selection_services as services
from formasi.talent.selection_models import Candidate, CommitteeMember, Selection
from tests.talent import builders as talent

pytestmark = pytest.mark.django_db


def _open(world, **extra):  # type: ignore[no-untyped-def]
    values = dict(
        unit=world.dinkes, position=talent.jpt_position(world), title="Seleksi Kadinkes",
        opens_on=date(2026, 1, 5), closes_on=date(2026, 1, 19), requirements="S-2",
        actor=world.users["admin_a"],
    )  # fmt: skip
    return services.open_selection(**(values | extra))


def test_opening_takes_the_settings_weights_and_keeps_history(world) -> None:  # type: ignore[no-untyped-def]
    row = _open(world)
    assert (row.weight_kompetensi, row.weight_wawancara, row.weight_rekam_jejak) == (50, 30, 20)
    assert row.state == "announced" and row.history.count() == 1
    assert row.history.first().history_user == world.users["admin_a"]
    assert AuditEvent.objects.filter(action="formasi.selection.opened").count() == 1


def test_the_announcement_must_run_fifteen_days(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _open(world, closes_on=date(2026, 1, 18))  # 14 days counting both ends
    assert "closes_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _open(world, closes_on=date(2026, 1, 4))
    assert not Selection.unscoped.exists()


def test_only_a_jpt_position_and_one_running_selection_per_post(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        _open(world, position=world.nurse_position)
    _open(world)
    with pytest.raises(ValidationError):
        _open(world)


def test_weights_must_sum_to_100(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        _open(world, weights=(50, 30, 30))


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "evaluator_a", "leader_a", "admin_b"])
def test_who_may_not_open_or_change(world, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _open(world, actor=world.users[persona])
    row = talent.selection(world, state="announced")
    with pytest.raises(PermissionDenied):
        services.close_registration(selection=row, actor=world.users[persona])
    with pytest.raises(PermissionDenied):
        services.add_candidate(selection=row, name="X", origin="Y", actor=world.users[persona])


def test_internal_candidates_come_from_the_record_external_need_name_and_origin(world) -> None:  # type: ignore[no-untyped-def]
    row = _open(world)
    admin = world.users["admin_a"]
    inside = services.add_candidate(selection=row, employee=world.employee_dinkes, actor=admin)
    assert inside.name == world.employee_dinkes.name and inside.origin == world.dinkes.name
    assert inside.internal
    with pytest.raises(ValidationError):
        services.add_candidate(selection=row, employee=world.employee_dinkes, actor=admin)
    with pytest.raises(ValidationError):  # another agency's employee
        services.add_candidate(selection=row, employee=world.employee_b, actor=admin)
    with pytest.raises(ValidationError):
        services.add_candidate(selection=row, name="Ani", origin=" ", actor=admin)
    outside = services.add_candidate(
        selection=row, name="Dr. Ani", origin="Pemkab Kapuas", actor=admin
    )
    assert not outside.internal and Candidate.unscoped.count() == 2
    services.close_registration(selection=row, actor=admin)
    with pytest.raises(ValidationError):
        services.add_candidate(selection=row, name="Late", origin="X", actor=admin)


def test_scores_rerank_the_selection(world) -> None:  # type: ignore[no-untyped-def]
    row = talent.selection(world)
    admin = world.users["admin_a"]
    last = Candidate.unscoped.get(selection=row, place=4)  # Hendra, 64.5
    assert not last.shortlisted
    # 0.5 × 95 + 0.3 × 95 + 0.2 × 95 = 95: first place, and the third drops out.
    found = services.record_scores(
        candidate=last, passed_administration=True, kompetensi=Decimal(95),
        wawancara=Decimal(95), rekam_jejak=Decimal(95), actor=admin,
    )  # fmt: skip
    assert found.place == 1 and found.final_score == Decimal("95.00") and found.shortlisted
    third = Candidate.unscoped.get(selection=row, name="Sri Wahyuni, SKM")
    assert third.place == 4 and not third.shortlisted
    assert found.history.count() == 2


def test_a_bad_score_saves_nothing(world) -> None:  # type: ignore[no-untyped-def]
    row = talent.selection(world)
    first = Candidate.unscoped.get(selection=row, place=1)
    with pytest.raises(ValidationError):
        services.record_scores(
            candidate=first, passed_administration=True, kompetensi=Decimal(50),
            wawancara=Decimal(101), rekam_jejak=Decimal(50), actor=world.users["admin_a"],
        )  # fmt: skip
    first.refresh_from_db()
    assert first.kompetensi == Decimal("85.00") and first.place == 1


def test_sending_needs_a_closed_registration_a_valid_committee_and_three(world) -> None:  # type: ignore[no-untyped-def]
    admin = world.users["admin_a"]
    row = talent.selection(world, state="announced")
    with pytest.raises(ValidationError):
        services.send_shortlist(selection=row, actor=admin)
    services.close_registration(selection=row, actor=admin)
    member = CommitteeMember.unscoped.filter(selection=row, internal=False, role="member").first()
    member.delete()  # four members: even and too few
    with pytest.raises(ValidationError):
        services.send_shortlist(selection=row, actor=admin)
    services.add_member(
        selection=row, name="Dr. Lina", role="member", internal=False, institution="UPR",
        actor=admin,
    )  # fmt: skip
    sent = services.send_shortlist(selection=row, actor=admin, on=date(2026, 2, 10))
    assert sent.state == "sent" and sent.sent_on == date(2026, 2, 10)
    names = list(
        row.candidates.filter(shortlisted=True).order_by("place").values_list("name", flat=True)
    )
    assert names == ["dr. Nadia Putri", "dr. Fajar Nugroho", "Sri Wahyuni, SKM"]
    with pytest.raises(ValidationError):  # scores are frozen once sent
        services.record_scores(
            candidate=row.candidates.first(), passed_administration=True, kompetensi=None,
            wawancara=None, rekam_jejak=None, actor=admin,
        )  # fmt: skip


def test_fewer_than_three_ranked_cannot_be_sent(world) -> None:  # type: ignore[no-untyped-def]
    row = talent.selection(world, scored=False)
    with pytest.raises(ValidationError) as exc:
        services.send_shortlist(selection=row, actor=world.users["admin_a"])
    assert "0" in str(exc.value)


def test_the_ppk_chooses_one_of_the_three(world) -> None:  # type: ignore[no-untyped-def]
    admin = world.users["admin_a"]
    row = talent.selection(world)
    fourth = Candidate.unscoped.get(selection=row, place=4)
    second = Candidate.unscoped.get(selection=row, place=2)
    with pytest.raises(ValidationError):  # not yet sent
        services.decide(selection=row, chosen=second, decided_by_name="Wali Kota", actor=admin)
    services.send_shortlist(selection=row, actor=admin)
    with pytest.raises(ValidationError):
        services.decide(selection=row, chosen=fourth, decided_by_name="Wali Kota", actor=admin)
    done = services.decide(
        selection=row, chosen=second, decided_by_name="Wali Kota", actor=admin,
        on=date(2026, 2, 20), note="Dilantik Maret",
    )  # fmt: skip
    assert done.state == "decided" and done.chosen_id == second.pk
    states = list(done.history.order_by("history_id").values_list("state", flat=True))
    assert states[-2:] == ["sent", "decided"]
    assert AuditEvent.objects.filter(action="formasi.selection.decided").count() == 1
    _open(world)  # a decided selection no longer blocks a new one for the post
