"""The talent writers: scope, computed fields from the domain, history and audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from formasi.core.models import AuditEvent
from formasi.domain import performance
from formasi.domain import talent as talent_rules
from formasi.talent import services
from formasi.talent.models import SkpResult
from tests.talent.builders import YEAR

pytestmark = pytest.mark.django_db

RATINGS = ["above", "as_expected", "below"]


def test_the_predicate_is_read_off_the_matrix(world) -> None:  # type: ignore[no-untyped-def]
    # PermenPAN-RB 6/2022: hasil di atas + perilaku di bawah ekspektasi = kurang/misconduct.
    row, created = services.record_skp(
        employee=world.employee_dinkes,
        year=YEAR,
        result="above",
        behaviour="below",
        actor=world.users["admin_a"],
    )
    assert created and row.predicate == "kurang"
    assert row.agency_id == world.agency_a.pk


def test_a_second_entry_corrects_the_year_and_keeps_history(world) -> None:  # type: ignore[no-untyped-def]
    actor = world.users["operator_dinkes_a"]
    first, _ = services.record_skp(
        employee=world.employee_dinkes, year=YEAR, result="below", behaviour="below", actor=actor
    )
    second, created = services.record_skp(
        employee=world.employee_dinkes, year=YEAR, result="above", behaviour="above", actor=actor
    )
    assert not created and first.pk == second.pk
    assert SkpResult.unscoped.count() == 1
    predicates = list(second.history.order_by("history_id").values_list("predicate", flat=True))
    assert predicates == ["sangat_kurang", "sangat_baik"]
    assert second.history.latest().history_user == actor
    assert AuditEvent.objects.filter(action="formasi.skp.recorded").count() == 2


@pytest.mark.parametrize("persona", ["operator_other_opd_a", "admin_b"])
def test_people_outside_the_actors_scope_are_refused(world, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.record_skp(
            employee=world.employee_dinkes,
            year=YEAR,
            result="above",
            behaviour="above",
            actor=world.users[persona],
        )
    assert not SkpResult.unscoped.exists()


@pytest.mark.parametrize("persona", ["evaluator_a", "leader_a"])
def test_readers_may_not_write(world, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.record_assessment(
            employee=world.employee_dinkes,
            year=YEAR,
            competency_score=Decimal(80),
            education="s1_d4",
            training_hours=10,
            actor=world.users[persona],
        )


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_a_year_after_this_one_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.record_skp(
            employee=world.employee_dinkes,
            year=2027,
            result="above",
            behaviour="above",
            actor=world.users["admin_a"],
        )
    assert "year" in exc.value.message_dict


def test_an_unknown_rating_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.record_skp(
            employee=world.employee_dinkes,
            year=YEAR,
            result="great",
            behaviour="above",
            actor=world.users["admin_a"],
        )


@pytest.mark.parametrize("result", RATINGS)
@pytest.mark.parametrize("behaviour", RATINGS)
def test_every_cell_stores_the_domains_predicate(world, result, behaviour) -> None:  # type: ignore[no-untyped-def]
    row, _ = services.record_skp(
        employee=world.employee_dinkes,
        year=YEAR,
        result=result,
        behaviour=behaviour,
        actor=world.users["admin_a"],
    )
    assert row.predicate == performance.predicate(result, behaviour).value


def test_the_assessed_potential_uses_the_settings_weights(world, settings) -> None:  # type: ignore[no-untyped-def]
    # Competency only: the potential is the test score itself (70 → medium from 60).
    settings.FORMASI_POTENTIAL_WEIGHT_COMPETENCY = 100
    settings.FORMASI_POTENTIAL_WEIGHT_EDUCATION = 0
    settings.FORMASI_POTENTIAL_WEIGHT_TRAINING = 0
    row, _ = services.record_assessment(
        employee=world.employee_dinkes,
        year=YEAR,
        competency_score=Decimal(70),
        education="sd",
        training_hours=0,
        actor=world.users["admin_a"],
    )
    assert (row.potential_score, row.potential) == (Decimal("70.00"), "medium")


def test_the_default_weights_give_the_documented_example(world) -> None:  # type: ignore[no-untyped-def]
    # docs/talent.md: 60 on the test, S-1 (70), 10 of 20 JP (50):
    # 0.5 × 60 + 0.25 × 70 + 0.25 × 50 = 60 → medium (from 60).
    row, _ = services.record_assessment(
        employee=world.employee_dinkes,
        year=YEAR,
        competency_score=Decimal(60),
        education="s1_d4",
        training_hours=10,
        actor=world.users["admin_a"],
    )
    assert (row.potential_score, row.potential) == (Decimal("60.00"), "medium")


def test_the_bands_are_settings(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FORMASI_POTENTIAL_MEDIUM_FROM = 70
    row, _ = services.record_assessment(
        employee=world.employee_dinkes,
        year=YEAR,
        competency_score=Decimal(60),
        education="s1_d4",
        training_hours=10,
        actor=world.users["admin_a"],
    )
    assert row.potential == "low"


def test_a_score_above_100_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.record_assessment(
            employee=world.employee_dinkes,
            year=YEAR,
            competency_score=Decimal(101),
            education="s1_d4",
            training_hours=10,
            actor=world.users["admin_a"],
        )


@pytest.mark.parametrize(
    ("education", "expected"), [("sma", "slta"), ("d4", "s1_d4"), ("s1", "s1_d4"), ("", "")]
)
def test_employee_education_maps_to_the_assessment_scale(world, education, expected) -> None:  # type: ignore[no-untyped-def]
    world.employee_dinkes.education = education
    assert services.education_of(world.employee_dinkes) == expected


def _discipline(world, persona="admin_a", **extra):  # type: ignore[no-untyped-def]
    data = {
        "employee": world.employee_dinkes,
        "violation": " Tidak masuk kerja 25 hari ",
        "sanction": "pembebasan_jabatan",
        "decided_on": date(2026, 1, 10),
        "decided_by_name": "Dr. Rahmat",
        "decided_by_position": "Sekretaris Daerah",
        "actor": world.users[persona],
    }
    return services.record_discipline(**{**data, **extra})


def test_a_severe_sanction_runs_twelve_months_from_the_fifteenth_day(world) -> None:  # type: ignore[no-untyped-def]
    record = _discipline(world)
    assert (record.level, record.starts_on, record.ends_on) == (
        "berat",
        date(2026, 1, 25),
        date(2027, 1, 25),
    )
    assert record.violation == "Tidak masuk kerja 25 hari"
    assert record.status_on(date(2026, 6, 1)) == "running"


def test_a_given_start_date_is_kept(world) -> None:  # type: ignore[no-untyped-def]
    record = _discipline(world, sanction="teguran_lisan", starts_on=date(2026, 1, 12))
    assert (record.level, record.starts_on, record.ends_on) == (
        "ringan",
        date(2026, 1, 12),
        date(2026, 1, 12),
    )


def test_a_start_before_the_decision_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        _discipline(world, starts_on=date(2026, 1, 1))
    assert "starts_on" in exc.value.message_dict


def test_discharge_has_no_end(world) -> None:  # type: ignore[no-untyped-def]
    record = _discipline(world, sanction="pdhtaps")
    assert record.ends_on is None
    assert record.status_on(date(2030, 1, 1)) == "dismissed"


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "evaluator_a", "admin_b"])
def test_only_the_agency_admin_records_discipline(world, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _discipline(world, persona)


def test_correcting_a_record_of_another_agency_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    record = _discipline(world)
    with pytest.raises(PermissionDenied):
        _discipline(world, "admin_b", employee=world.employee_b, record=record)


ORDER = {"low": 1, "medium": 2, "high": 3}


@given(
    a=st.fractions(min_value=0, max_value=100),
    b=st.fractions(min_value=0, max_value=100),
    medium=st.integers(min_value=0, max_value=100),
    gap=st.integers(min_value=0, max_value=100),
)
def test_a_higher_potential_score_never_gets_a_lower_level(a, b, medium, gap) -> None:  # type: ignore[no-untyped-def]
    bands = talent_rules.AxisBands(Fraction(medium), Fraction(min(100, medium + gap)))
    low, high = sorted((a, b))
    assert (
        ORDER[services.potential_level(low, bands)] <= ORDER[services.potential_level(high, bands)]
    )


@given(score=st.fractions(min_value=0, max_value=100))
def test_the_level_follows_the_default_cut_offs(score) -> None:  # type: ignore[no-untyped-def]
    level = services.potential_level(score, talent_rules.DEFAULT_BANDS)
    assert level == ("high" if score >= 80 else "medium" if score >= 60 else "low")
