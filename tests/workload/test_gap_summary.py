"""The national needs summary (``gap_summary``, rewritten in issue 21 as a FULL JOIN of the
needs and the employees counted per cell) gives exactly what it gave before: checked against
the previous query (kept here as the oracle) and against a row-by-row count in Python."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db import connection

from formasi.domain.gaps import Gap, cell_gap
from formasi.organization.models import OrgUnit
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed
from formasi.workload.services import gap_summary
from tests import builders as build

# The query gap_summary ran until issue 21: a UNION ALL of needs and grouped employees,
# re-grouped per cell. Table names are those of the models.
PREVIOUS = """
    SELECT u.agency_id,
           SUM(c.need), SUM(c.bez),
           SUM(CASE WHEN c.need > c.bez THEN c.need - c.bez ELSE 0 END),
           SUM(CASE WHEN c.bez > c.need THEN c.bez - c.need ELSE 0 END)
    FROM (
        SELECT unit_id, position_id, SUM(need) AS need, SUM(bez) AS bez
        FROM (
            SELECT unit_id, position_id, count AS need, 0 AS bez
            FROM workload_positionneed WHERE agency_id IN ({marks})
            UNION ALL
            SELECT unit_id, position_id, 0 AS need, COUNT(*) AS bez
            FROM workforce_employee WHERE active AND agency_id IN ({marks})
            GROUP BY unit_id, position_id
        ) AS x
        GROUP BY unit_id, position_id
    ) AS c
    JOIN organization_orgunit AS u ON u.id = c.unit_id
    GROUP BY u.agency_id
"""


def previous(agency_ids: list[int]) -> dict[int, Gap]:
    marks = ", ".join(["%s"] * len(agency_ids))
    with connection.cursor() as cursor:
        cursor.execute(PREVIOUS.format(marks=marks), [*agency_ids, *agency_ids])
        rows = cursor.fetchall()
    return {a: Gap(int(n), int(b), int(s), int(e)) for a, n, b, s, e in rows}


def row_by_row(agency_ids: list[int]) -> dict[int, Gap]:
    agency_of = dict(OrgUnit.unscoped.values_list("id", "agency_id"))
    staff: dict[tuple[int, int], int] = defaultdict(int)
    for cell in Employee.unscoped.filter(active=True, agency_id__in=agency_ids).values_list(
        "unit_id", "position_id"
    ):
        staff[cell] += 1
    need = {
        (u, p): c
        for u, p, c in PositionNeed.unscoped.filter(agency_id__in=agency_ids).values_list(
            "unit_id", "position_id", "count"
        )
    }
    totals: dict[int, Gap] = defaultdict(Gap)
    for key in need.keys() | staff.keys():
        totals[agency_of[key[0]]] += cell_gap(need.get(key, 0), staff.get(key, 0))
    return dict(totals)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_equals_the_previous_query_and_a_row_by_row_count(seed: int) -> None:
    ids = [a.pk for a in build.national_world(seed, agencies=5)]
    for chosen in (ids, ids[:1], ids[1:4]):
        expected = previous(chosen)
        assert expected == row_by_row(chosen)
        assert gap_summary(chosen) == expected
        assert any(g.shortage and g.excess for g in expected.values())


@pytest.mark.django_db
def test_cells_with_staff_and_no_need_and_need_and_no_staff_both_count() -> None:
    """Hand-computed: need 3 with 1 nurse (shortage 2); no need with 2 clerks (excess 2); an
    inactive nurse is not counted."""
    province = build.region("72")
    agency = build.agency("X1", "Pemerintah X", build.region("72.01", parent=province))
    unit = build.unit(agency, "Puskesmas")
    nurse, clerk = build.position(agency, "Perawat"), build.position(agency, "Pengadministrasi")
    PositionNeed.unscoped.create(agency=agency, unit=unit, position=nurse, count=3)
    build.employee(unit, nurse)
    build.employee(unit, nurse, active=False)
    build.employee(unit, clerk)
    build.employee(unit, clerk)
    assert gap_summary([agency.pk]) == {agency.pk: Gap(need=3, bezetting=3, shortage=2, excess=2)}
