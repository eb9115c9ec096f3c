"""``fiveyear.collect``: the cells of the five-year plan, checked by hand on a few people.

Base year 2025 (bezetting on 31 December 2025), plan years 2026–2030, BUP 58 everywhere (a
position override), so a PNS born in month m of year y retires on the 1st of month m + 1 of
y + 58, and December births on 1 January of y + 59.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

from formasi.planning.fiveyear import collect
from formasi.workload.models import PositionNeed
from tests import builders as build

pytestmark = pytest.mark.django_db

BASE, YEARS = 2025, 5


def _need(unit: Any, position: Any, count: int) -> None:
    PositionNeed.unscoped.create(
        agency=unit.agency, unit=unit, position=position, source="standard", exact=count,
        count=count,
    )  # fmt: skip


@pytest.fixture
def setup() -> dict:
    city = build.region(
        "62.71", "Kota Palangkaraya", parent=build.region("62", "Kalimantan Tengah")
    )
    agency = build.agency("9901", "Pemerintah Kota Palangkaraya", city)
    other = build.agency("9902", "Pemerintah Kota Lain", city)
    clinic = build.unit(agency, "Puskesmas Pahandut", kind="puskesmas")
    school = build.unit(agency, "SD Negeri 1", kind="sekolah")
    nurse = build.position(agency, "Perawat")
    teacher = build.position(agency, "Guru", family="pendidikan")
    for p in (nurse, teacher):
        p.retirement_age_override = 58
        p.save()
    _need(clinic, nurse, 5)
    _need(school, teacher, 3)  # a need and nobody in post
    e = build.employee
    # PNS reaching BUP (58) in the plan years or before
    e(clinic, nurse, "Retires 1 Jun 2026", birth=date(1968, 5, 31))  # month end: Jun 2026
    e(clinic, nurse, "Retires 1 Jan 2026", birth=date(1967, 12, 31), sex="F")  # December
    e(clinic, nurse, "Retired 1 Dec 2025", birth=date(1967, 11, 30))  # gone before 31 Dec
    e(clinic, nurse, "Retires 1 Feb 2030", birth=date(1972, 1, 31), status="cpns")
    e(clinic, nurse, "Retires 2048", birth=date(1990, 3, 15), sex="F")
    # contracts: the post is free the day after the end
    e(clinic, nurse, "Ends 31 Dec 2027", status="pppk", contract_end=date(2027, 12, 31))
    e(clinic, nurse, "Ends 30 Jun 2027", status="pppk_pw", contract_end=date(2027, 6, 30))
    e(clinic, nurse, "Ended 2024", status="pppk", contract_end=date(2024, 3, 31))
    e(clinic, nurse, "No end", status="pppk", birth=date(1995, 2, 1))
    # not counted: non-ASN, inactive, another agency
    e(clinic, nurse, "Honorer", status="non_asn", nip="")
    e(clinic, nurse, "Inactive", birth=date(1968, 5, 31), active=False)
    other_unit = build.unit(other, "Dinas Lain")
    e(other_unit, build.position(other), "Elsewhere", birth=date(1968, 5, 31))
    return {"agency": agency, "clinic": clinic, "school": school, "nurse": nurse,
            "teacher": teacher}  # fmt: skip


def test_cells_count_bezetting_retirements_and_contract_ends_by_hand(setup: dict) -> None:
    cells = collect([setup["agency"].pk], BASE, YEARS)
    keys = list(zip(cells.units.tolist(), cells.positions.tolist(), strict=True))
    clinic = keys.index((setup["clinic"].pk, setup["nurse"].pk))
    school = keys.index((setup["school"].pk, setup["teacher"].pk))
    assert len(keys) == 2

    assert cells.need.tolist()[clinic] == 5
    # 9 ASN active; the PNS retired on 1 Dec 2025 is out on 31 Dec 2025
    assert cells.bezetting[clinic] == 8
    #                                          2026 2027 2028 2029 2030
    assert cells.retirements[clinic].tolist() == [2, 0, 0, 0, 1]
    assert cells.contract_ends[clinic].tolist() == [1, 1, 1, 0, 0]

    assert cells.need[school] == 3
    assert cells.bezetting[school] == 0
    assert cells.retirements[school].tolist() == [0] * YEARS
    assert cells.contract_ends[school].tolist() == [0] * YEARS

    assert cells.retiring_family == {(0, "kesehatan"): 2, (4, "kesehatan"): 1}
    assert sorted(cells.ages.tolist()) == sorted([57, 58, 53, 35, 45, 45, 45, 30])
    assert sorted(cells.sexes.tolist()) == ["F", "F", "M", "M", "M", "M", "M", "M"]


def test_a_contract_ending_31_december_of_the_base_year_frees_the_post_in_the_first_year(
    setup: dict,
) -> None:
    build.employee(setup["school"], setup["teacher"], "Guru PPPK", status="pppk",
               contract_end=date(2025, 12, 31))  # fmt: skip
    cells = collect([setup["agency"].pk], BASE, YEARS)
    school = cells.units.tolist().index(setup["school"].pk)
    assert cells.bezetting[school] == 1
    assert cells.contract_ends[school].tolist() == [1, 0, 0, 0, 0]


def test_no_agency_gives_no_cells() -> None:
    cells = collect([], BASE, YEARS)
    assert cells.need.shape == (0,)
    assert cells.retirements.shape == (0, YEARS)
    assert np.array_equal(cells.ages, np.array([], dtype=np.int64))
