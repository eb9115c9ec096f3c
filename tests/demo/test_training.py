"""The demo city's training needs: kelurahan service staff held to a digital-skills standard,
most of them short of it (Rakumpit and Bukit Batu the most), and the year's plan generated from
those gaps with the digital courses' provider and cost."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings

from formasi.demo.loader import load_demo
from formasi.demo.training import DIGITAL, PLAN_YEAR, PROVIDER
from formasi.training.models import CompetencyRecord, CompetencyStandard, PlanLine

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _snapshot() -> SimpleNamespace:
    standards = {
        (s.position.code, s.competency.code): s.level
        for s in CompetencyStandard.unscoped.select_related("position", "competency")
    }
    records = list(
        CompetencyRecord.unscoped.filter(competency__code__in=DIGITAL).values_list(
            "employee_id",
            "employee__position__code",
            "competency__code",
            "level",
            "employee__unit__district__name",
            "employee__unit__kind",
        )
    )
    lines = list(
        PlanLine.unscoped.filter(year=PLAN_YEAR).values_list(
            "employee_id",
            "competency__code",
            "provider",
            "cost",
            "hours",
            "source",
            "employee__unit__kind",
        )
    )
    return SimpleNamespace(standards=standards, records=records, lines=lines)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo(seed=7, size=800)
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return snapshot


def test_kelurahan_staff_are_short_of_digital_skills(demo: SimpleNamespace) -> None:
    assert demo.records and {r[5] for r in demo.records} == {"kantor_kelurahan"}
    short = [r for r in demo.records if r[3] < demo.standards[(r[1], r[2])]]
    assert len(short) > len(demo.records) / 2


def test_every_digital_gap_has_a_costed_plan_line(demo: SimpleNamespace) -> None:
    short = {(r[0], r[2]) for r in demo.records if r[3] < demo.standards[(r[1], r[2])]}
    digital = {(ln[0], ln[1]): ln for ln in demo.lines if ln[1] in DIGITAL}
    assert short and set(digital) == short
    for _e, _c, provider, cost, hours, source, kind in digital.values():
        assert (provider, source, kind) == (PROVIDER, "gap", "kantor_kelurahan")
        assert hours > 0 and cost == 150_000 * hours
