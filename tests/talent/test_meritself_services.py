"""The merit self-assessment's writers: auto-answers from the agency's data with their figures,
answers, score and category from the settings' bands, evidence files, the lock, and the two
reads of the leader's page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from formasi.core.models import AuditEvent
from formasi.domain import merit
from formasi.talent import meritself_services as services
from formasi.talent.models import MeritAnswer, MeritEvidence
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed
from tests.talent.builders import YEAR, merit_of, sanction, skp

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)
PDF = b"%PDF-1.4\n%fake but well-formed enough for the type check\n"


def _start(world, persona: str = "admin_a"):  # type: ignore[no-untyped-def]
    row, _created = services.start_assessment(
        agency=world.agency_a, year=YEAR, actor=world.users[persona], today=TODAY
    )
    return row


def _answer(row, code: str) -> MeritAnswer:  # type: ignore[no-untyped-def]
    return MeritAnswer.unscoped.get(assessment=row, indicator=code)


def test_starting_creates_every_indicator_and_fills_skp_coverage(world) -> None:  # type: ignore[no-untyped-def]
    staff = list(Employee.unscoped.filter(agency=world.agency_a, active=True))
    for person in staff:
        skp(person)
    row = _start(world)
    assert row.answers.count() == len(merit.DEFAULT_FRAMEWORK.indicators) == 21
    found = _answer(row, "performance_appraisal")
    # Every active employee of agency A has the year's SKP: 100 % is level 4.
    assert found.auto and found.level == 4
    assert found.evidence == {"employees_with_skp": len(staff), "employees": len(staff)}
    assert AuditEvent.objects.filter(action="formasi.merit.started").count() == 1


def test_half_of_the_job_map_from_abk_is_level_2(world) -> None:  # type: ignore[no-untyped-def]
    for unit, source in ((world.dinkes, "abk"), (world.puskesmas, "entered")):
        PositionNeed.unscoped.create(
            agency=world.agency_a, unit=unit, position=world.nurse_position, source=source, count=2
        )
    found = _answer(_start(world), "needs_plan_abk")
    assert (found.level, found.evidence) == (2, {"need_cells_from_abk": 1, "need_cells": 2})


def test_discipline_of_the_year_with_its_official_is_level_4(world) -> None:  # type: ignore[no-untyped-def]
    sanction(world.employee_dinkes, starts_on=date(YEAR, 5, 2))
    sanction(world.employee_puskesmas, starts_on=date(YEAR - 1, 5, 2))  # another year: not counted
    found = _answer(_start(world), "discipline_enforcement")
    assert found.level == 4
    assert found.evidence == {"discipline_records_with_decision": 1, "discipline_records": 1}


def test_nothing_to_count_leaves_the_indicator_to_the_assessor(world) -> None:  # type: ignore[no-untyped-def]
    row = _start(world)
    # No JPT filled (open-selection records come later) and no discipline record that year.
    assert _answer(row, "open_selection").level is None
    assert not _answer(row, "discipline_enforcement").auto
    # An empty talent pool is level 1 whatever the posts (domain.merit.auto_answers).
    assert _answer(row, "talent_succession").level == 1


def test_starting_twice_returns_the_same_assessment(world) -> None:  # type: ignore[no-untyped-def]
    first = _start(world)
    again, created = services.start_assessment(
        agency=world.agency_a, year=YEAR, actor=world.users["admin_a"], today=TODAY
    )
    assert not created and again.pk == first.pk


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "evaluator_a", "leader_a", "admin_b"])
def test_only_the_agency_admin_starts_it(world, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _start(world, persona)


def test_a_year_before_the_regulation_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.start_assessment(agency=world.agency_a, year=2017, actor=world.users["admin_a"])


def _answer_all(row, actor, level: int) -> None:  # type: ignore[no-untyped-def]
    for a in row.answers.filter(auto=False):
        services.answer_indicator(assessment=row, indicator=a.indicator, level=level, note="",
                                  actor=actor)  # fmt: skip


def test_every_indicator_at_level_3_scores_300_baik(world) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)  # no auto-answers: every indicator is the assessor's
    _answer_all(row, world.users["admin_a"], 3)
    row.refresh_from_db()
    # 100 × Σ (1/8 × 3) over eight aspects = 300; Baik runs from 250 to 324 (DOMAIN §9.1).
    assert (row.score, row.category) == (Decimal("300.00"), "baik")


def test_the_bands_are_settings(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FORMASI_MERIT_BAIK_FROM = 310
    settings.FORMASI_MERIT_SANGAT_BAIK_FROM = 350
    row = merit_of(world.agency_a)
    _answer_all(row, world.users["admin_a"], 3)
    row.refresh_from_db()
    assert row.category == "kurang"


def test_one_unanswered_indicator_leaves_no_score(world) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    _answer_all(row, world.users["admin_a"], 4)
    services.answer_indicator(assessment=row, indicator="awards", level=None, note="belum",
                              actor=world.users["admin_a"])  # fmt: skip
    row.refresh_from_db()
    assert row.score is None and row.category == ""


def test_an_auto_answer_keeps_its_level_but_takes_a_note(world) -> None:  # type: ignore[no-untyped-def]
    row = _start(world)
    before = _answer(row, "talent_succession").level
    services.answer_indicator(assessment=row, indicator="talent_succession", level=4,
                              note="Lihat SK", actor=world.users["admin_a"])  # fmt: skip
    found = _answer(row, "talent_succession")
    assert (found.level, found.note) == (before, "Lihat SK")


@pytest.mark.parametrize(
    "bad", [{"indicator": "nope", "level": 2}, {"indicator": "awards", "level": 5}]
)
def test_a_bad_answer_changes_nothing(world, bad) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    with pytest.raises(ValidationError):
        services.answer_indicator(assessment=row, note="x", actor=world.users["admin_a"], **bad)
    assert not row.answers.exclude(level=None).exists()
    assert not row.answers.exclude(note="").exists()


def test_submit_needs_every_answer_then_locks(world) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    admin = world.users["admin_a"]
    with pytest.raises(ValidationError, match="21"):
        services.submit_assessment(assessment=row, actor=admin)
    _answer_all(row, admin, 4)
    done = services.submit_assessment(assessment=row, actor=admin)
    assert done.locked and done.submitted_by == admin and done.category == "sangat_baik"
    with pytest.raises(ValidationError):
        services.answer_indicator(assessment=row, indicator="awards", level=1, note="",
                                  actor=admin)  # fmt: skip
    with pytest.raises(ValidationError):
        services.add_evidence(answer=row.answers.first(), name="a.pdf", content=PDF, actor=admin)
    assert services.latest_merit(world.agency_a) == (YEAR, Decimal("400.00"), "sangat_baik")


def test_the_series_runs_oldest_first_and_latest_is_the_submitted_one(world) -> None:  # type: ignore[no-untyped-def]
    from tests.talent.builders import merit as make

    admin = world.users["admin_a"]
    assert services.latest_merit(world.agency_a) is None
    old = make(world.agency_a, year=YEAR - 1)
    _answer_all(old, admin, 2)
    services.submit_assessment(assessment=old, actor=admin)
    new = make(world.agency_a, year=YEAR)
    _answer_all(new, admin, 3)  # scored but still a draft
    assert services.merit_series(world.agency_a) == [
        (YEAR - 1, Decimal("200.00"), "kurang"),
        (YEAR, Decimal("300.00"), "baik"),
    ]
    assert services.latest_merit(world.agency_a) == (YEAR - 1, Decimal("200.00"), "kurang")
    assert services.merit_series(world.agency_b) == []


def test_evidence_must_be_what_its_name_says(world) -> None:  # type: ignore[no-untyped-def]
    answer = merit_of(world.agency_a).answers.get(indicator="awards")
    admin = world.users["admin_a"]
    saved = services.add_evidence(answer=answer, name="C:\\SK\\sk-penghargaan.pdf", content=PDF,
                                  actor=admin)  # fmt: skip
    assert (saved.name, saved.content_type, saved.size) == (
        "sk-penghargaan.pdf",
        "application/pdf",
        len(PDF),
    )
    for name, content in [
        ("foto.pdf", b"\x89PNG\r\n\x1a\n...."),  # a PNG named .pdf
        ("virus.exe", b"MZ\x90\x00"),
        ("catatan.txt", b"plain text"),
        ("kosong.docx", b"not a zip"),
    ]:
        with pytest.raises(ValidationError):
            services.add_evidence(answer=answer, name=name, content=content, actor=admin)
    assert MeritEvidence.unscoped.count() == 1


def test_evidence_above_the_limit_is_refused(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FORMASI_MERIT_EVIDENCE_MAX_BYTES = 20
    answer = merit_of(world.agency_a).answers.first()
    with pytest.raises(ValidationError, match="MB"):
        services.add_evidence(
            answer=answer, name="a.pdf", content=PDF, actor=world.users["admin_a"]
        )
    assert not MeritEvidence.unscoped.exists()


def test_another_agency_may_not_add_evidence(world) -> None:  # type: ignore[no-untyped-def]
    answer = merit_of(world.agency_a).answers.first()
    with pytest.raises(PermissionDenied):
        services.add_evidence(
            answer=answer, name="a.pdf", content=PDF, actor=world.users["admin_b"]
        )


def test_refresh_follows_new_data(world) -> None:  # type: ignore[no-untyped-def]
    row = _start(world)
    assert _answer(row, "performance_appraisal").level == 1
    for person in Employee.unscoped.filter(agency=world.agency_a, active=True):
        skp(person)
    services.refresh_auto(assessment=row, actor=world.users["admin_a"], today=TODAY)
    assert _answer(row, "performance_appraisal").level == 4
