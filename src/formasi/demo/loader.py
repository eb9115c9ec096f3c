"""Load the demo city: Pemerintah Kota Palangka Raya with a deterministic synthetic workforce.

``load_demo(seed=2026, size=6500)`` fills an empty database in one transaction: regions with
their cited population and boundaries (``regions``), the agency, its 2025 budget and its
organisation tree (``organisation``), the position master (``positions``), the seats each unit
gets (``staffing``), the employees (``people``), the needs of every puskesmas, school and
kantor kecamatan/kelurahan (``needs``) and one login per role (``users``). The same
seed and size always give the same rows.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from formasi.demo.careers import REF
from formasi.demo.meritself import load_meritself
from formasi.demo.needs import load_needs
from formasi.demo.organisation import build_agency, build_organisation
from formasi.demo.people import build_workforce
from formasi.demo.placement import load_placement
from formasi.demo.plan import load_scenarios
from formasi.demo.positions import build_positions, retirement_age
from formasi.demo.proposals import load_proposals
from formasi.demo.regions import load_regions
from formasi.demo.selection import load_selection
from formasi.demo.staffing import plan_seats
from formasi.demo.succession import load_talent
from formasi.demo.survey import load_survey
from formasi.demo.training import load_training
from formasi.demo.users import DEMO_PASSWORD, build_users, existing_demo_usernames
from formasi.organization.models import Agency
from formasi.workforce.models import Employee

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["DEMO_PASSWORD", "MIN_SIZE", "DemoDataError", "DemoSummary", "load_demo"]

MIN_SIZE = 600
AGE_BANDS = [(0, "<30"), (30, "30-39"), (40, "40-49"), (50, "50-54"), (55, "55-59"), (60, "60+")]


class DemoDataError(RuntimeError):
    """The database is not empty (or the request cannot be met); nothing was loaded."""


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    size: int
    regions: int  # regions created (existing ones are reused)
    units: int
    positions: int
    employees: int
    seconds: float
    # (label, count) pairs, in display order.
    by_status: tuple[tuple[str, int], ...]
    by_district: tuple[tuple[str, int], ...]
    by_age_band: tuple[tuple[str, int], ...]
    # PNS reaching their BUP in each of the next five years: (year, count).
    retirements: tuple[tuple[int, int], ...]
    logins: tuple[tuple[str, str, str], ...]  # (username, role, password)
    needs: int = 0  # PositionNeed rows created


def _band(age: int) -> str:
    return [label for low, label in AGE_BANDS if age >= low][-1]


def _summarise(employees: list[Employee], district_names: dict[int, str]) -> dict:
    statuses = Counter(e.status for e in employees)
    per_district = Counter(district_names[e.unit.region_id] for e in employees)
    ages = Counter(_band(e.age_on(REF)) for e in employees)
    retirements: Counter[int] = Counter()
    for e in employees:
        if e.status in Employee.NIP_STATUSES:
            retirements[e.birth_date.year + retirement_age(e.position)] += 1
    return {
        "by_status": tuple((s.label, statuses[s.value]) for s in Employee.Status),
        "by_district": tuple(sorted(per_district.items(), key=lambda kv: -kv[1])),
        "by_age_band": tuple((label, ages[label]) for _, label in AGE_BANDS),
        "retirements": tuple((y, retirements[y]) for y in range(REF.year, REF.year + 5)),
    }


def load_demo(
    *, seed: int = 2026, size: int = 6500, stdout: SupportsWrite[str] | None = None
) -> DemoSummary:
    """Load the demo city into an empty database. Raises DemoDataError if an agency (or a
    demo login) already exists, ValueError if ``size`` is below MIN_SIZE."""
    if size < MIN_SIZE:
        raise ValueError(_("The demo needs a size of at least {minimum}.").format(minimum=MIN_SIZE))
    started = time.perf_counter()

    def progress(message: str) -> None:
        if stdout is not None:
            stdout.write(f"{message} ({time.perf_counter() - started:.1f} s)\n")

    with transaction.atomic():
        if Agency.unscoped.exists():
            raise DemoDataError(
                _("The database already holds an agency; the demo needs an empty database.")
            )
        taken = existing_demo_usernames()
        if taken:
            names = ", ".join(sorted(taken))
            raise DemoDataError(
                _("These demo user names already exist: {names}.").format(names=names)
            )
        regions = load_regions()
        progress(_("Regions: {count} created").format(count=regions.created))
        agency = build_agency(regions)
        organisation = build_organisation(agency, regions)
        positions = build_positions(agency)
        units = len(organisation.units)
        message = _("Work units: {units}, positions: {positions}")
        progress(message.format(units=units, positions=len(positions)))
        seats = plan_seats(organisation.units, positions, size, regions.population_2024)
        employees = build_workforce(
            seed=seed, agency=agency, positions=positions, regions=regions, seats=seats
        )
        progress(_("Employees: {count}").format(count=len(employees)))
        needs = load_needs(agency, seed=seed)
        progress(_("Needs: {count} positions in work units").format(count=needs.needs))
        load_scenarios(agency)
        logins = build_users(organisation)
        load_proposals(agency, organisation)
        progress(_("Needs proposals: 2025 closed, 2026 with BKN's pertimbangan, 2027 in draft"))
        load_placement(agency, regions, seed=seed)
        progress(_("Training plan: {count} lines").format(count=load_training(agency, seed=seed)))
        progress(_("Survey answers: {count}").format(count=load_survey(agency, seed=seed)))
        load_meritself(agency)  # meritself: the merit self-assessment, 2024–2026
        progress(_("Talent: {summary}").format(summary=load_talent(agency, seed=seed)))
        load_selection(agency)  # issue 19: one open selection for a JPT post, in progress
        district_names = {}
        for region in regions.by_code.values():
            district = regions.district_of(region)
            district_names[region.pk] = district.name if district else region.name
        return DemoSummary(
            seed=seed,
            size=size,
            regions=regions.created,
            units=units,
            positions=len(positions),
            employees=len(employees),
            seconds=round(time.perf_counter() - started, 2),
            logins=tuple(logins),
            needs=needs.needs,
            **_summarise(employees, district_names),
        )
