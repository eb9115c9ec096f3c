"""The national view of the usul kebutuhan (issue 18 part 8): for an evaluator assigned to many
agencies (a province, or all of them) and for a superuser, the people requested, approved by
BKN in its pertimbangan teknis and decided by KemenPAN-RB in the penetapan, by province or
kabupaten/kota, by jabatan family and by status (PNS, PPPK, PPPK paruh waktu), with a map and
an export (PP 11/2017 Pasal 4–12; Perban BKN 9/2022; DOMAIN.md §7).

Where an item counts: the region of its placement location (the unit's kecamatan or
kelurahan), or the agency's own region when the item names none. A Kemendagri region code
(Kepmendagri 300.2.2-2138/2025) starts with its province's two digits and its kabupaten/kota's
five characters ("62.71"), so the area is a prefix of that code, cut in SQL.

Every figure comes from ONE grouped query (area × family × status) over the items the user may
see (``visible_to``: an evaluator the agencies assigned to them, from the sending to BKN on);
the totals by area, family and status are that query's rows summed by polars, never a Python
loop over items. Resource "proposal_national": evaluators and superusers; everyone else 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db import connections
from django.db.models import CharField, Count, F, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.downloads import download
from formasi.core.models import FanOutRun
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.core.xlsx import CONTENT_TYPES, write_table
from formasi.domain.importing import Column, ColumnKind
from formasi.organization.models import Position, Region
from formasi.proposals.models import ItemStatusChoice, Proposal, ProposalItem, ProposalState

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

RESOURCE = "proposal_national"
#: The kind of the background run of this view (``proposals.fanout``, issue 21).
KIND = "proposals_national"
PROVINCE = "provinsi"
REGENCY = "kabkota"
#: Characters of a Kemendagri code that name the province ("62") and the kabupaten/kota ("62.71").
CODE_LENGTH = {PROVINCE: 2, REGENCY: 5}
MEASURES = ("items", "requested", "approved", "decided")
KEYS = ("area", "family", "status")


@dataclass(frozen=True)
class Filters:
    """What the page shows: the year, the area level (or one province's kabupaten/kota), and
    the family, status and proposal state to keep ("" keeps all)."""

    year: int | None
    province: str = ""
    level: str = PROVINCE
    family: str = ""
    status: str = ""
    state: str = ""

    @property
    def area_level(self) -> str:
        """The areas shown: one province's kabupaten/kota, or the chosen level nationally."""
        return REGENCY if self.province else self.level

    def query(self, **changes: Any) -> str:
        values = {
            "tahun": self.year or "",
            "provinsi": self.province,
            "tingkat": "" if self.level == PROVINCE else self.level,
            "rumpun": self.family,
            "status": self.status,
            "tahap": self.state,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def years(user: AnyUser) -> list[int]:
    """The years of the proposals the user may see, newest first."""
    return sorted(
        set(Proposal.objects.visible_to(user).values_list("year", flat=True)), reverse=True
    )


def parse(request: AuthenticatedHttpRequest, known_years: list[int]) -> Filters:
    """The filters of the query string; unknown values fall back to "all" (the newest year)."""
    get = request.GET
    raw_year = get.get("tahun", "")
    year = int(raw_year) if raw_year.isdigit() and int(raw_year) in known_years else None
    if year is None and known_years:
        year = known_years[0]
    province = get.get("provinsi", "")
    return Filters(
        year=year,
        province=province if province.isdigit() and len(province) == 2 else "",
        level=REGENCY if get.get("tingkat") == REGENCY else PROVINCE,
        family=get.get("rumpun", "") if get.get("rumpun") in Position.Family.values else "",
        status=get.get("status", "") if get.get("status") in ItemStatusChoice.values else "",
        state=get.get("tahap", "") if get.get("tahap") in ProposalState.values else "",
    )


def _items(user: AnyUser, f: Filters) -> QuerySet[ProposalItem]:
    qs = ProposalItem.objects.visible_to(user).annotate(
        place=Coalesce(
            "location__code", "part__proposal__agency__region__code", output_field=CharField()
        )
    )
    if f.year is not None:
        qs = qs.filter(part__proposal__year=f.year)
    if f.province:
        qs = qs.filter(place__startswith=f.province)
    if f.family:
        qs = qs.filter(position__family=f.family)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.state:
        qs = qs.filter(part__proposal__state=f.state)
    return qs  # type: ignore[no-any-return]


def grouped(user: AnyUser, f: Filters, *, ordered: bool = False) -> QuerySet[Any, dict[str, Any]]:
    """One row per area × family × status: items, people requested, approved by BKN (its
    count after the pertimbangan; none before) and decided: one grouped SQL query, ordered
    by area, family and status when ``ordered``."""
    order = KEYS if ordered else ()
    rows: Any = (
        _items(user, f)
        .annotate(area=Substr("place", 1, CODE_LENGTH[f.area_level]), family=F("position__family"))
        .values("area", "family", "status")
        .annotate(
            items=Count("id"),
            requested=Coalesce(Sum("count"), 0),
            approved=Coalesce(Sum("bkn_count"), 0),
            decided=Coalesce(Sum("decided_count"), 0),
        )
        .order_by(*order)
    )
    return rows


def totals(user: AnyUser, f: Filters) -> dict[str, list[dict[str, Any]]]:
    """``grouped`` summed by area, by family and by status, largest request first, in the
    same one SQL query (a common table expression read three times; PostgreSQL and SQLite)."""
    qs = grouped(user, f)
    inner, params = qs.query.get_compiler(using=qs.db).as_sql()
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    # Only constant names go into the text; the filters stay parameters of the inner query.
    parts = [f"SELECT '{key}', {key}, {sums} FROM g GROUP BY {key}" for key in KEYS]  # noqa: S608
    sql = f"WITH g AS ({inner}) " + " UNION ALL ".join(parts)
    out: dict[str, list[dict[str, Any]]] = {key: [] for key in KEYS}
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        for key, value, *figures in cursor.fetchall():
            out[key].append({key: value, **dict(zip(MEASURES, map(int, figures), strict=True))})
    for key, rows in out.items():
        rows.sort(key=_largest_first(key))
    return out


def _largest_first(key: str) -> Callable[[dict[str, Any]], tuple[int, str]]:
    def sort_key(row: dict[str, Any]) -> tuple[int, str]:
        return (-row["requested"], str(row[key] or ""))

    return sort_key


def grand_total(by_status: list[dict[str, Any]]) -> dict[str, int]:
    """The sums over every status (each item has exactly one)."""
    return {m: sum(r[m] for r in by_status) for m in MEASURES}


@dataclass
class Areas:
    """Names, boundaries and centres of the areas on screen, by code."""

    names: dict[str, str]
    boundaries: dict[str, Any]
    centroids: dict[str, tuple[float, float]]


def areas(codes: list[str]) -> Areas:
    """The regions of ``codes`` (one query): their names and, for the map, the GeoJSON
    boundary of those that have one and the centre of those whose centre is known (the same
    Region fields the equity map draws)."""
    found = Areas({}, {}, {})
    for code, name, boundary, lng, lat in Region.objects.filter(code__in=codes).values_list(
        "code", "name", "boundary", "longitude", "latitude"
    ):
        found.names[code] = name
        if boundary:
            found.boundaries[code] = boundary
        if lng is not None and lat is not None:
            found.centroids[code] = (lng, lat)
    return found


def provinces() -> list[tuple[str, str]]:
    return list(
        Region.objects.filter(level=Region.Level.PROVINCE)
        .order_by("code")
        .values_list("code", "name")
    )


def _area_rows(f: Filters, rows: list[dict[str, Any]], found: Areas) -> list[dict[str, Any]]:
    for row in rows:
        row["name"] = found.names.get(row["area"], row["area"])
        # A province opens its kabupaten/kota; a kabupaten/kota is the finest level here.
        drill = len(row["area"]) == CODE_LENGTH[PROVINCE] and f.area_level == PROVINCE
        row["url"] = f"?{f.query(provinsi=row['area'], tingkat='')}" if drill else ""
    return rows


def chart_data(f: Filters, rows: list[dict[str, Any]], found: Areas) -> dict[str, Any]:
    """What national.js hands to formasiAreaMap (equity.js): a choropleth from the areas'
    boundaries, else bubbles at their centres, coloured by the people requested."""
    features = [
        {"type": "Feature", "properties": {"name": code}, "geometry": geometry}
        for code, geometry in found.boundaries.items()
    ]
    mode = "map" if features else ("bubble" if found.centroids else "none")
    return {
        "mode": mode,
        "map_name": f"formasi-usulan-{f.province or 'nasional'}-{f.area_level}",
        "geo": {"type": "FeatureCollection", "features": features} if features else None,
        "areas": [
            {
                "code": r["area"],
                "name": r["name"],
                **{m: r[m] for m in MEASURES},
                "lng": found.centroids.get(r["area"], (None, None))[0],
                "lat": found.centroids.get(r["area"], (None, None))[1],
                "url": r["url"],
            }
            for r in rows
        ],
        "labels": {
            "requested": _("Requested"),
            "approved": _("Approved by BKN"),
            "decided": _("Decided"),
        },
    }


def _export_links(f: Filters) -> list[dict[str, str]]:
    return [
        {"fmt": fmt, "url": f"{reverse('proposals:national_export', args=[fmt])}?{f.query()}"}
        for fmt in ("xlsx", "csv")
    ]


@login_required
@require_GET
def national(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, RESOURCE)
    known_years = years(request.user)
    f = parse(request, known_years)
    run = _run_of(request)
    result = run.result if run is not None and run.state == "done" else None
    by = result["totals"] if result is not None else totals(request.user, f)
    found = areas([r["area"] for r in by["area"]])
    area_rows = _area_rows(f, by["area"], found)
    families = dict(Position.Family.choices)
    statuses = dict(ItemStatusChoice.choices)
    all_provinces = provinces()
    return render(
        request,
        "proposals/national.html",
        {
            "f": f,
            "years": known_years,
            "provinces": all_provinces,
            "province_name": dict(all_provinces).get(f.province, f.province),
            "families": Position.Family.choices,
            "statuses": ItemStatusChoice.choices,
            "states": ProposalState.choices,
            "total": grand_total(by["status"]),
            "area_rows": area_rows,
            "family_rows": [
                {**r, "name": families.get(r["family"], r["family"])} for r in by["family"]
            ],
            "status_rows": [
                {**r, "name": statuses.get(r["status"], r["status"])} for r in by["status"]
            ],
            "charts": chart_data(f, area_rows, found),
            "national_url": f"?{f.query(provinsi='')}",
            "level_links": [
                {"key": key, "label": label, "url": f"?{f.query(tingkat=key, provinsi='')}"}
                for key, label in ((PROVINCE, _("Province")), (REGENCY, _("Regency/city")))
            ],
            "exports": _export_links(f),
            "run": run,
            "start_url": f"{reverse('proposals:national_start')}?{f.query()}",
        },
    )


def _run_of(request: AuthenticatedHttpRequest) -> FanOutRun | None:
    """The background run (``?proses=``) of this page the user started, if any (issue 21)."""
    raw = request.GET.get("proses", "")
    if not raw.isdigit():
        return None
    return FanOutRun.objects.filter(pk=int(raw), kind=KIND, created_by=request.user).first()


def _labels(choices: list[tuple[str, Any]]) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def export_columns() -> list[Column]:
    integer = ColumnKind.INTEGER
    return [
        Column("area", _("Region code")),
        Column("name", _("Region")),
        Column("family", _("Family"), ColumnKind.CHOICE, choices=_labels(Position.Family.choices)),
        Column("status", _("Status"), ColumnKind.CHOICE, choices=_labels(ItemStatusChoice.choices)),
        Column("items", _("Items"), integer),
        Column("requested", _("Requested"), integer),
        Column("approved", _("Approved by BKN"), integer),
        Column("decided", _("Decided"), integer),
    ]


@login_required
@require_GET
def national_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    """The page's grouped rows (area × family × status) as xlsx or csv."""
    require(request.user, Action.EXPORT, RESOURCE)
    if fmt not in CONTENT_TYPES:
        raise Http404(_("Not found."))
    f = parse(request, years(request.user))
    rows = list(grouped(request.user, f, ordered=True))
    names = areas(sorted({r["area"] for r in rows})).names
    for row in rows:
        row["name"] = names.get(row["area"], row["area"])
    data = write_table(export_columns(), rows, fmt, sheet_title=_("National proposals"))
    parts = ("usulan-nasional", str(f.year or ""), f.province, f.area_level)
    return download(data, "-".join(p for p in parts if p) + f".{fmt}")
