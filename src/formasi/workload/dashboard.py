"""The workload panels of the leaders' dashboard (registered in apps.py, see core.panels).

Need, bezetting, shortage and excess by kecamatan and by position family, counted cell by cell
(unit × position, formasi.domain.gaps), so a crowded office never hides an empty puskesmas;
kecamatan ordered by the share of their need that is filled, the least served first, so the
story reads from where staff are missing rather than from staff per resident. And the largest
shortages (unit × position) for "needs attention", linked to the peta jabatan.

One agency: three scans (needs, bezetting, families) grouped in Python and cached on the
agency's data version (core.cache); names are attached afterwards in the reader's language.
A scope over several agencies (evaluator, superuser) gets one row per agency from
``gap_summary`` (one grouped query), cached one agency at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from formasi.core.cache import cached, cached_per_agency
from formasi.core.panels import AttentionGroup, AttentionItem, Panel
from formasi.core.permissions import Action, can
from formasi.domain.gaps import Gap, cell_gap
from formasi.organization.models import Agency, OrgUnit, Position, Region
from formasi.workforce.dashboard import latest_population, scope_key
from formasi.workload.models import PositionNeed
from formasi.workload.services import bezetting_of, gap_summary

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

#: How many of the largest shortages "needs attention" lists.
TOP_SHORTAGES = 10


@dataclass(frozen=True)
class Story:
    """Numbers and ids only, so they can be cached whatever the display language."""

    total: Gap
    by_district: dict[int | None, Gap]  # None: units standing in no kecamatan (city offices)
    by_family: dict[str, Gap]
    shortages: list[tuple[int, int, int]]  # unit id, position id, shortage; largest first


@dataclass
class AreaRow:
    """One kecamatan (or one agency) of the story, named."""

    pk: int | None
    name: str
    gap: Gap
    population: int | None = None

    @property
    def filled_percent(self) -> float | None:
        """The share of the need that has someone in it (excess does not count)."""
        if not self.gap.need:
            return None
        return 100 * (self.gap.need - self.gap.shortage) / self.gap.need

    @property
    def small_population(self) -> bool:
        return self.population is not None and self.population < settings.FORMASI_SMALL_POPULATION


def count_story(user: AnyUser, agency_id: int) -> Story:
    units = dict(
        OrgUnit.objects.visible_to(user, Action.VIEW)
        .filter(agency_id=agency_id)
        .order_by()
        .values_list("pk", "district_id")
    )
    needs = {
        (u, p): n
        for u, p, n in PositionNeed.objects.visible_to(user, Action.VIEW)
        .filter(agency_id=agency_id, unit_id__in=list(units))
        .order_by()
        .values_list("unit_id", "position_id", "count")
    }
    people = bezetting_of(units)
    keys = set(needs) | set(people)
    families = dict(
        Position.unscoped.filter(pk__in={p for _u, p in keys}).values_list("pk", "family")
    )
    total, by_district, by_family = Gap(), dict[int | None, Gap](), dict[str, Gap]()
    shortages = []
    for unit_id, position_id in keys:
        gap = cell_gap(needs.get((unit_id, position_id), 0), people.get((unit_id, position_id), 0))
        district = units.get(unit_id)
        family = families.get(position_id, "")
        total = total + gap
        by_district[district] = by_district.get(district, Gap()) + gap
        by_family[family] = by_family.get(family, Gap()) + gap
        if gap.shortage:
            shortages.append((unit_id, position_id, gap.shortage))
    shortages.sort(key=lambda row: (-row[2], row[0], row[1]))
    return Story(total, by_district, by_family, shortages[:TOP_SHORTAGES])


def story(user: AnyUser, agency_id: int) -> Story:
    return cached(
        ("needs-story", *scope_key(user), agency_id),
        [agency_id],
        lambda: count_story(user, agency_id),
    )


def _by_filled(rows: list[AreaRow]) -> list[AreaRow]:
    """The least served first; areas without need last."""
    return sorted(rows, key=lambda r: (r.filled_percent is None, r.filled_percent or 0, r.name))


def district_rows(found: Story) -> list[AreaRow]:
    ids = [pk for pk in found.by_district if pk is not None]
    names = dict(Region.objects.filter(pk__in=ids).values_list("pk", "name"))
    populations = latest_population(ids)
    rows = [
        AreaRow(pk, names.get(pk, "?"), gap, populations.get(pk))
        for pk, gap in found.by_district.items()
        if pk is not None
    ]
    rows = _by_filled(rows)
    if None in found.by_district:
        rows.append(AreaRow(None, _("City-wide offices (no kecamatan)"), found.by_district[None]))
    return rows


def family_rows(found: Story) -> list[AreaRow]:
    labels = dict(Position.Family.choices)
    return _by_filled(
        [
            AreaRow(None, str(labels.get(family, _("other"))), gap)
            for family, gap in found.by_family.items()
        ]
    )


def needs_panel(user: AnyUser, today: date) -> Panel | None:
    """Need and gap by kecamatan and family (one agency), or by agency (several)."""
    if not can(user, Action.VIEW, "need"):
        return None
    agency_ids = list(Agency.objects.visible_to(user, Action.VIEW).values_list("pk", flat=True))
    if len(agency_ids) > 1:
        names = dict(Agency.unscoped.filter(pk__in=agency_ids).values_list("pk", "name"))
        gaps = cached_per_agency(
            ("gap-summary",),
            agency_ids,
            lambda missing: {a: Gap() for a in missing} | gap_summary(missing),
        )
        rows = [
            AreaRow(pk, names[pk], gap) for pk, gap in gaps.items() if gap.need or gap.bezetting
        ]
        context: dict[str, Any] = {"agencies": _by_filled(rows)}
        return Panel("workload/partials/_dashboard_needs.html", context)
    if not agency_ids:
        return None
    found = story(user, agency_ids[0])
    if not found.total.need and not found.total.bezetting:
        return None
    context = {
        "total": found.total,
        "districts": district_rows(found),
        "families": family_rows(found),
        "small_population": settings.FORMASI_SMALL_POPULATION,
    }
    return Panel("workload/partials/_dashboard_needs.html", context)


def shortage_attention(user: AnyUser, today: date) -> AttentionGroup | None:
    """The largest shortages (unit × position), each linked to its OPD's peta jabatan."""
    if not can(user, Action.VIEW, "need"):
        return None
    agency_ids = list(Agency.objects.visible_to(user, Action.VIEW).values_list("pk", flat=True))
    if len(agency_ids) != 1:
        return None
    cells = story(user, agency_ids[0]).shortages
    units = OrgUnit.unscoped.in_bulk({u for u, _p, _n in cells})
    positions = dict(
        Position.unscoped.filter(pk__in={p for _u, p, _n in cells}).values_list("pk", "name")
    )
    items = [
        AttentionItem(
            label=f"{units[u].name} · {positions.get(p, '?')}",
            figure=_("%(n)s short") % {"n": number_format(n, force_grouping=True)},
            url=reverse("workload:peta_opd", args=[units[u].opd_id or u]) + f"#unit-{u}",
        )
        for u, p, n in cells
    ]
    return AttentionGroup(
        title=_("Largest shortages"),
        items=items,
        url=reverse("workload:areas"),
        empty=_("No position is short of staff."),
    )
