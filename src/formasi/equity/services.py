"""Equity of the ASN spread over areas (issue 6): staff, need and facilities per child area of
a region, the inequality indices over them and the list of underserved areas.

Rows are loaded scoped (``visible_to``) and aggregated in the database; a cell is one unit ×
position, so a surplus in one unit never hides a shortage in another (``domain.gaps``). The
indices, indicators and the underserved ranking are ``formasi.domain.equity``; the sentences
that explain a ranking are written here (``formasi.equity.text``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from formasi.core.permissions import Action
from formasi.domain import equity
from formasi.domain.equity import AreaIndicators, AreaStats, Counts, Decomposition, Underserved
from formasi.domain.gaps import Gap, cell_gap
from formasi.organization.models import Agency, OrgUnit, Region, RegionPopulation
from formasi.organization.services import agency_choices, agency_for
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

#: Units that serve the people of the area they stand in.
FACILITY_KINDS = (
    OrgUnit.Kind.PUSKESMAS,
    OrgUnit.Kind.SCHOOL,
    OrgUnit.Kind.VILLAGE_OFFICE,
    OrgUnit.Kind.DISTRICT_OFFICE,
)
INDICATORS = ("fulfilment", "per_1000", "shortage", "shortage_share", "facilities_under_share")
DEFAULT_INDICATOR = "fulfilment"
#: What the map shows: the direct child areas (default) or every desa/kelurahan below.
TINGKAT = ("anak", "desa")
DEFAULT_TINGKAT = "anak"
#: Levels that may show every desa/kelurahan below them at once.
VILLAGE_VIEW_LEVELS = (Region.Level.PROVINCE, Region.Level.REGENCY)
THRESHOLD_RANGE = (0.0, 2.0)


def default_threshold() -> float:
    """A facility is under-staffed below this staff/need ratio (setting, default 0.8)."""
    return float(getattr(settings, "FORMASI_EQUITY_FACILITY_THRESHOLD", 0.8))


def fulfilment_thresholds() -> equity.Thresholds:
    """The fixed fulfilment bands of the maps (settings FORMASI_EQUITY_SHORT_BELOW, default
    0.8, and FORMASI_EQUITY_OVER_ABOVE, default 1.2; ``domain.equity.bands``)."""
    return equity.Thresholds(
        short_below=float(getattr(settings, "FORMASI_EQUITY_SHORT_BELOW", 0.8)),
        over_above=float(getattr(settings, "FORMASI_EQUITY_OVER_ABOVE", 1.2)),
    )


def fulfilment_band(value: float | None) -> str:
    """'short', 'under', 'balanced', 'over' or 'none' by the configured thresholds."""
    return equity.fulfilment_band(value, fulfilment_thresholds())


def region_prefixes(code: str) -> list[str]:
    """'62.71.02.1001' -> ['62', '62.71', '62.71.02', '62.71.02.1001']."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def villages_apply(parent: Region, tingkat: str) -> bool:
    """Whether ``tingkat=desa`` changes what ``parent`` shows (a province or kabupaten/kota;
    below, the children already are the villages, or the units)."""
    return tingkat == "desa" and parent.level in VILLAGE_VIEW_LEVELS


def _under(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def resolve(user: AnyUser, wilayah: str | None) -> tuple[Agency, Region]:
    """The agency and the region a request looks at. Without ``wilayah``: the agency of the
    one rule (``organization.services.agency_for``) and its region; a user who must still
    choose starts at the first agency they may choose, and chooses among its areas. A code
    that is unknown, or outside the region of every agency the user may see, is 404."""
    if not wilayah:
        agency = agency_for(user) or next(iter(agency_choices(user)), None)
        if agency is None:
            raise Http404(_("Not found."))
        return agency, agency.region
    region = Region.objects.filter(code=wilayah).first()
    if region is None:
        raise Http404(_("Not found."))
    agencies = Agency.objects.visible_to(user, Action.VIEW).select_related("region")
    candidates = [a for a in agencies if _under(region.code, a.region.code)]
    if not candidates:
        raise Http404(_("Not found."))
    # The agency closest to the area (a kota's own agency before its province's); the user's
    # own first among equals, then by name.
    own = getattr(user, "agency_id", None)
    candidates.sort(key=lambda a: (-len(a.region.code), a.pk != own, a.name))
    return candidates[0], region


# --------------------------------------------------------------------------- collecting


@dataclass(frozen=True)
class UnitHere:
    """A unit standing in the area looked at (not in one of its child areas)."""

    pk: int
    name: str
    kind: str
    kind_label: str
    opd_id: int | None
    region_name: str
    counts: Counts


@dataclass
class Collected:
    agency: Agency
    parent: Region
    family: str
    threshold: float
    children: list[AreaStats]
    grandchildren: list[tuple[str, AreaStats]]  # (child code, grandchild)
    units_here: list[UnitHere]
    centroids: dict[str, tuple[float, float]]
    boundaries: dict[str, Any]
    level: str  # the children's Region.Level ("" when the area has none)
    group_level: str = ""  # the level the decomposition groups by ("" when none)
    villages: bool = False  # every desa/kelurahan below, not the direct children
    group_names: dict[str, str] = field(default_factory=dict)  # area code -> its group's name


def shapes(regions: Iterable[Region]) -> tuple[dict[str, Any], dict[str, tuple[float, float]]]:
    """(boundaries, centroids) of ``regions`` by code: the GeoJSON geometry of those that have
    one, the (longitude, latitude) of those whose centre is known."""
    boundaries: dict[str, Any] = {}
    centroids: dict[str, tuple[float, float]] = {}
    for r in regions:
        if r.boundary:
            boundaries[r.code] = r.boundary
        if r.longitude is not None and r.latitude is not None:
            centroids[r.code] = (r.longitude, r.latitude)
    return boundaries, centroids


def feature_collection(boundaries: dict[str, Any]) -> dict[str, Any] | None:
    """The GeoJSON FeatureCollection that ``echarts.registerMap`` takes, one feature per area
    named by its code; None when no area has a boundary."""
    features = [
        {"type": "Feature", "properties": {"name": code}, "geometry": geometry}
        for code, geometry in boundaries.items()
    ]
    return {"type": "FeatureCollection", "features": features} if features else None


def map_mode(geo: dict[str, Any] | None, centroids: dict[str, Any]) -> str:
    """How equity.js draws the areas: "map" (boundaries), "bubble" (centres) or "none"."""
    return "map" if geo else ("bubble" if centroids else "none")


def _counts(gap: Gap) -> Counts:
    return Counts(staff=gap.bezetting, need=gap.need, shortage=gap.shortage, excess=gap.excess)


def _scoped_units(user: AnyUser, agency: Agency, parent: Region) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.visible_to(user, Action.VIEW).filter(
        agency=agency, region__code__startswith=parent.code
    )


def _cells(user: AnyUser, units: QuerySet[OrgUnit]) -> dict[tuple[int, int], tuple[int, int, str]]:
    """(unit, position) -> (need, staff, family), aggregated in the database."""
    ids = units.values("id")
    cells: dict[tuple[int, int], tuple[int, int, str]] = {}
    needs = (
        PositionNeed.objects.visible_to(user, Action.VIEW)
        .filter(unit_id__in=ids)
        .values_list("unit_id", "position_id", "count", "position__family")
    )
    for unit_id, position_id, count, family in needs:
        cells[unit_id, position_id] = (count, 0, family or "")
    staff = (
        Employee.unscoped.filter(unit_id__in=ids, active=True)
        .values_list("unit_id", "position_id", "position__family")
        .annotate(n=Count("id"))
        .order_by()
    )
    for unit_id, position_id, family, n in staff:
        need, _staff, _family = cells.get((unit_id, position_id), (0, 0, family or ""))
        cells[unit_id, position_id] = (need, n, family or "")
    return cells


def _latest_population(regions: Sequence[int]) -> dict[int, int]:
    rows = (
        RegionPopulation.objects.filter(region_id__in=list(regions))
        .order_by("region_id", "year")
        .values_list("region_id", "population")
    )
    return {region_id: population for region_id, population in rows}  # latest year wins


def _areas_below(
    parent: Region, villages: bool
) -> tuple[list[Region], list[tuple[int, str, str, str]], dict[str, str]]:
    """The child areas of ``parent`` (or every desa/kelurahan below it, with ``villages``),
    the grandchildren as (pk, code, name, group code) and the names of the groups."""
    if villages:
        children = list(
            Region.objects.filter(
                level=Region.Level.VILLAGE, code__startswith=parent.code + "."
            ).order_by("code")
        )
        # The same villages again as (pk, code, name, kecamatan code), for the decomposition.
        grand = [(c.pk, c.code, c.name, c.code.rsplit(".", 1)[0]) for c in children]
        group_codes = sorted({g[3] for g in grand})
        group_names = dict(Region.objects.filter(code__in=group_codes).values_list("code", "name"))
        return children, grand, group_names
    children = list(Region.objects.filter(parent=parent).order_by("code"))
    grand = list(
        Region.objects.filter(parent__parent=parent)
        .order_by("code")
        .values_list("pk", "code", "name", "parent__code")
    )
    return children, grand, {}


def _unit_gaps(
    cells: dict[tuple[int, int], tuple[int, int, str]], family: str
) -> tuple[dict[int, Gap], dict[int, dict[str, Gap]]]:
    """Need and staff summed per unit, in total and per position family."""
    unit_gap: dict[int, Gap] = {}
    unit_family: dict[int, dict[str, Gap]] = {}
    for (unit_id, _position), (need, staff, fam) in cells.items():
        if family and fam != family:
            continue
        gap = cell_gap(need, staff)
        unit_gap[unit_id] = unit_gap.get(unit_id, Gap()) + gap
        by_family = unit_family.setdefault(unit_id, {})
        by_family[fam] = by_family.get(fam, Gap()) + gap
    return unit_gap, unit_family


@dataclass
class _Acc:
    total: Gap = field(default_factory=Gap)
    by_family: dict[str, Gap] = field(default_factory=dict)
    facilities: int = 0
    under: int = 0

    def add(self, gap: Gap, by_family: dict[str, Gap], kind: str, threshold: float) -> None:
        self.total = self.total + gap
        for fam, fam_gap in by_family.items():
            self.by_family[fam] = self.by_family.get(fam, Gap()) + fam_gap
        if kind in FACILITY_KINDS:
            self.facilities += 1
            self.under += equity.facility_under(gap.bezetting, gap.need, threshold)

    def stats(self, code: str, name: str, pop: int | None) -> AreaStats:
        return AreaStats(
            code=code,
            name=name,
            population=pop,
            total=_counts(self.total),
            by_family={f: _counts(g) for f, g in sorted(self.by_family.items())},
            facilities=self.facilities,
            facilities_under=self.under,
        )


def _area_of(code: str, length: int, known: set[str]) -> str | None:
    """The area of ``known`` (codes of one length) a region code lies in, if any."""
    if not length or len(code) < length:
        return None
    key = code[:length]
    return key if key in known and _under(code, key) else None


def _accumulate(
    unit_rows: list[tuple[Any, ...]],
    gaps: tuple[dict[int, Gap], dict[int, dict[str, Gap]]],
    child_acc: dict[str, _Acc],
    grand_acc: dict[str, _Acc],
    threshold: float,
) -> list[UnitHere]:
    """Add each unit to its child and grandchild area; the units standing in ``parent``
    itself (in none of its children) are returned."""
    unit_gap, unit_family = gaps
    child_len = len(next(iter(child_acc))) if child_acc else 0
    grand_len = len(next(iter(grand_acc))) if grand_acc else 0
    child_codes, grand_codes = set(child_acc), set(grand_acc)
    here: list[UnitHere] = []
    kinds = dict(OrgUnit.Kind.choices)
    for unit_id, name, kind, opd_id, region_code, region_name in unit_rows:
        gap = unit_gap.get(unit_id, Gap())
        targets = []
        child = _area_of(region_code, child_len, child_codes)
        if child is None:
            here.append(
                UnitHere(
                    unit_id, name, kind, str(kinds.get(kind, kind)), opd_id, region_name,
                    _counts(gap),
                )
            )  # fmt: skip
        else:
            targets.append(child_acc[child])
        grandchild = _area_of(region_code, grand_len, grand_codes)
        if grandchild is not None:
            targets.append(grand_acc[grandchild])
        for acc in targets:
            acc.add(gap, unit_family.get(unit_id, {}), kind, threshold)
    here.sort(key=lambda u: (u.region_name, u.name))
    return here


def collect(
    user: AnyUser,
    agency: Agency,
    parent: Region,
    *,
    family: str = "",
    threshold: float | None = None,
    villages: bool = False,
) -> Collected:
    """Staff, need, shortage and excess per child (and grandchild) area of ``parent``, over
    the agency's units the user may see, cell by cell; ``family`` keeps one position family.
    With ``villages`` (at a province or kabupaten/kota) the areas are every desa/kelurahan
    below ``parent``, grouped by their kecamatan for the decomposition. Six queries whatever
    the number of units."""
    threshold = default_threshold() if threshold is None else threshold
    villages = villages and parent.level in VILLAGE_VIEW_LEVELS
    children, grand, group_names = _areas_below(parent, villages)
    units = _scoped_units(user, agency, parent)
    unit_rows = list(
        units.values_list("id", "name", "kind", "opd_id", "region__code", "region__name")
    )
    cells = _cells(user, units)
    population = _latest_population(
        [c.pk for c in children] + ([] if villages else [g[0] for g in grand])
    )
    child_acc = {c.code: _Acc() for c in children}
    grand_acc = {g[1]: _Acc() for g in grand}
    here = _accumulate(unit_rows, _unit_gaps(cells, family), child_acc, grand_acc, threshold)
    boundaries, centroids = shapes(children)
    return Collected(
        agency=agency,
        parent=parent,
        family=family,
        threshold=threshold,
        children=[child_acc[c.code].stats(c.code, c.name, population.get(c.pk)) for c in children],
        grandchildren=[
            (parent_code, grand_acc[code].stats(code, name, population.get(pk)))
            for pk, code, name, parent_code in grand
        ],
        units_here=here,
        centroids=centroids,
        boundaries=boundaries,
        level=children[0].level if children else "",
        group_level=(
            Region.Level.DISTRICT if villages else (children[0].level if grand and children else "")
        ),
        villages=villages,
        group_names={code: group_names.get(group, "") for _pk, code, _n, group in grand}
        if villages
        else {},
    )


def area_stats(
    user: AnyUser,
    agency: Agency,
    parent_code: str | None = None,
    *,
    family: str = "",
    threshold: float | None = None,
    villages: bool = False,
) -> tuple[str, list[AreaStats]]:
    """The level of the child areas of ``parent_code`` (default: the agency's region) and
    their stats; with ``villages`` every desa/kelurahan below a province or kabupaten/kota.
    A code outside the agency's region is 404."""
    code = parent_code or agency.region.code
    if not _under(code, agency.region.code):
        raise Http404(_("Not found."))
    parent = Region.objects.filter(code=code).first()
    if parent is None:
        raise Http404(_("Not found."))
    found = collect(user, agency, parent, family=family, threshold=threshold, villages=villages)
    return found.level, found.children


# --------------------------------------------------------------------------- indices


def _finite(fn: Callable[..., float], *args: Any, **kwargs: Any) -> float | None:
    """The index, or None where it is undefined (no data, mean 0) or infinite."""
    try:
        value = float(fn(*args, **kwargs))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Indices:
    """Inequality of one measure over the areas; None where undefined."""

    measure: str  # "per_resident" | "fulfilment"
    areas: int  # how many areas enter (with population, or with need)
    gini: float | None
    theil_t: float | None
    theil_l: float | None
    cv: float | None


@dataclass(frozen=True)
class DecompositionRow:
    measure: str
    index: str  # "T" | "L"
    total: float | None
    within: float | None
    between: float | None
    groups: int


@dataclass(frozen=True)
class Lorenz:
    basis: str  # "population" (staff per resident) or "need" (fulfilment)
    x: list[float]
    y: list[float]
    gini: float | None


def _measure(
    areas: Sequence[AreaStats], measure: str
) -> tuple[list[float], list[float], list[int]]:
    """values, weights and the positions of the areas that enter a measure."""
    values, weights, kept = [], [], []
    for i, area in enumerate(areas):
        if measure == "per_resident":
            if area.population:
                values.append(area.total.staff / area.population)
                weights.append(float(area.population))
                kept.append(i)
        elif area.total.need > 0:
            values.append(area.total.staff / area.total.need)
            weights.append(float(area.total.need))
            kept.append(i)
    return values, weights, kept


MEASURES = ("per_resident", "fulfilment")


def indices(areas: Sequence[AreaStats]) -> list[Indices]:
    out = []
    for measure in MEASURES:
        values, weights, _kept = _measure(areas, measure)
        out.append(
            Indices(
                measure=measure,
                areas=len(values),
                gini=_finite(equity.gini, values, weights),
                theil_t=_finite(equity.theil_t, values, weights),
                theil_l=_finite(equity.theil_l, values, weights),
                cv=_finite(equity.coefficient_of_variation, values, weights),
            )
        )
    return out


def decomposition(grandchildren: Sequence[tuple[str, AreaStats]]) -> list[DecompositionRow]:
    """Theil T and L of the grandchildren split within and between the child areas."""
    rows = []
    areas = [a for _g, a in grandchildren]
    for measure in MEASURES:
        values, weights, kept = _measure(areas, measure)
        groups = [grandchildren[i][0] for i in kept]
        for index in ("T", "L"):
            try:
                found: Decomposition | None = equity.theil_decomposition(
                    values, groups, weights, index=index
                )
            except ValueError:
                found = None

            def ok(value: float | None) -> float | None:
                return value if value is not None and math.isfinite(value) else None

            rows.append(
                DecompositionRow(
                    measure=measure,
                    index=index,
                    total=ok(found.total) if found else None,
                    within=ok(found.within) if found else None,
                    between=ok(found.between) if found else None,
                    groups=len(set(groups)),
                )
            )
    return rows


def lorenz(areas: Sequence[AreaStats]) -> Lorenz | None:
    """Staff share against population share (when two areas have a population), else
    against need share."""
    for measure, basis in (("per_resident", "population"), ("fulfilment", "need")):
        values, weights, _kept = _measure(areas, measure)
        if len(values) < 2:
            continue
        try:
            x, y = equity.lorenz_curve(values, weights)
        except ValueError:
            continue
        return Lorenz(
            basis=basis,
            x=[round(float(v), 6) for v in x],
            y=[round(float(v), 6) for v in y],
            gini=_finite(equity.gini, values, weights),
        )
    return None


# --------------------------------------------------------------------------- the report


@dataclass
class Report:
    collected: Collected
    indicators: list[AreaIndicators]
    indices: list[Indices]
    decomposition: list[DecompositionRow]
    lorenz: Lorenz | None
    underserved: list[Underserved]
    median_per_1000: float | None
    median_fulfilment: float | None

    @property
    def parent(self) -> Region:
        return self.collected.parent

    @property
    def level(self) -> str:
        return self.collected.level


def report(
    user: AnyUser,
    agency: Agency,
    parent: Region,
    *,
    family: str = "",
    threshold: float | None = None,
    villages: bool = False,
) -> Report:
    found = collect(user, agency, parent, family=family, threshold=threshold, villages=villages)
    indicators = equity.area_indicators(found.children)
    return Report(
        collected=found,
        indicators=indicators,
        indices=indices(found.children),
        decomposition=decomposition(found.grandchildren) if found.grandchildren else [],
        lorenz=lorenz(found.children),
        underserved=equity.underserved(indicators),
        median_per_1000=equity.median(i.per_1000 for i in indicators),
        median_fulfilment=equity.median(i.fulfilment for i in indicators),
    )


def indicator_value(row: AreaIndicators, indicator: str) -> float | None:
    value = getattr(row, indicator)
    return None if value is None else float(value)
