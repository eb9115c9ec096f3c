"""The import/export kinds, by name (the KIND of `formasi import KIND FILE`), in the order an
empty database is filled: agencies need regions, units need agencies and regions, employees
need units and positions, applicants (for placement) positions and regions, yearly SKP results
employees, user accounts units; the competency dictionary its agency, and competency records
(training needs) employees and the dictionary."""

from __future__ import annotations

from formasi.transfer.kinds.agencies import AgencyKind
from formasi.transfer.kinds.applicants import ApplicantKind
from formasi.transfer.kinds.base import Context, ImportKind, Plan, Stored
from formasi.transfer.kinds.boundaries import BoundaryKind
from formasi.transfer.kinds.competencies import CompetencyKind
from formasi.transfer.kinds.competency_dictionary import CompetencyDictionaryKind
from formasi.transfer.kinds.employees import EmployeeKind
from formasi.transfer.kinds.positions import PositionKind
from formasi.transfer.kinds.regions import PopulationKind, RegionKind
from formasi.transfer.kinds.skp import SkpKind
from formasi.transfer.kinds.units import UnitKind
from formasi.transfer.kinds.users import UserKind

KINDS: dict[str, ImportKind] = {
    kind.name: kind
    for kind in (
        RegionKind(),
        PopulationKind(),
        BoundaryKind(),
        AgencyKind(),
        UnitKind(),
        PositionKind(),
        EmployeeKind(),
        ApplicantKind(),
        SkpKind(),
        UserKind(),
        CompetencyDictionaryKind(),
        CompetencyKind(),
    )
}

__all__ = ["KINDS", "Context", "ImportKind", "Plan", "Stored"]
