"""A discipline record's status on a day and whether it bars promotion (PP 94/2021)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.talent.builders import sanction

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "status", "blocks"),
    [
        (date(2025, 12, 31), "upcoming", False),
        (date(2026, 1, 1), "running", True),
        (date(2026, 12, 31), "running", True),
        (date(2027, 1, 1), "ended", False),  # 12 months; the end date is the first day free
    ],
)
def test_a_moderate_sanction_runs_twelve_months(world, day, status, blocks) -> None:  # type: ignore[no-untyped-def]
    record = sanction(world.employee_dinkes, "tukin_cut_12_months", date(2026, 1, 1))
    assert record.status_on(day) == status
    assert record.blocks_promotion(day) is blocks


def test_a_light_sanction_never_bars_promotion(world) -> None:  # type: ignore[no-untyped-def]
    record = sanction(world.employee_dinkes, "teguran_tertulis", date(2026, 1, 1))
    assert record.status_on(date(2026, 1, 1)) == "ended"
    assert record.blocks_promotion(date(2026, 1, 1)) is False
