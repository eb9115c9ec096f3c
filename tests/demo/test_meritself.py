"""The demo city's merit self-assessment: 2024 and 2025 submitted with a rising score, this
year's draft, the auto-filled indicators with the figures they rest on, and one evidence file."""

from __future__ import annotations

import pytest
from django.test import override_settings

from formasi.demo.careers import REF
from formasi.demo.loader import load_demo
from formasi.talent import meritself_services as services
from formasi.talent.models import MeritAnswer, MeritAssessment, MeritEvidence
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed

pytestmark = pytest.mark.django_db

SIZE = 800


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_has_three_years_with_auto_filled_evidence() -> None:
    load_demo(size=SIZE)
    rows = {r.year: r for r in MeritAssessment.unscoped.all()}
    assert sorted(rows) == [REF.year - 2, REF.year - 1, REF.year]
    old, last, draft = rows[REF.year - 2], rows[REF.year - 1], rows[REF.year]
    assert old.locked and last.locked and not draft.locked
    assert old.score is not None and last.score is not None and last.score > old.score
    assert draft.answers.filter(level=None).exists()  # still being filled
    agency = last.agency
    assert services.latest_merit(agency) == (last.year, last.score, last.category)
    assert [year for year, _s, _c in services.merit_series(agency)] == [old.year, last.year]
    # The auto-answers rest on the demo's own data.
    skp = MeritAnswer.unscoped.get(assessment=last, indicator="performance_appraisal")
    assert skp.auto
    staff = Employee.unscoped.filter(agency=agency, active=True).count()
    assert skp.evidence["employees"] == staff
    abk = MeritAnswer.unscoped.get(assessment=last, indicator="needs_plan_abk")
    assert (
        abk.auto
        and abk.evidence["need_cells"] == PositionNeed.unscoped.filter(agency=agency).count()
    )
    assert MeritAnswer.unscoped.filter(assessment=last, auto=True).count() >= 3
    assert MeritEvidence.unscoped.filter(answer__assessment=last).count() == 1
