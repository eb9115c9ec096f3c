"""The equity page (issue 6): a map of the child areas of a region coloured by an indicator,
the Lorenz curve, the underserved areas in plain words, the indices, and exports of every
table. ``?wilayah=`` drills down: kota → kecamatan → kelurahan/desa → the units there.

Parse, authorise, call ``services``, render: nothing here counts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.downloads import download
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.core.xlsx import CONTENT_TYPES, workbook_bytes
from formasi.domain.csvcells import CsvWriter
from formasi.equity import layers, services, tables, text
from formasi.organization.models import Agency, Position, Region


@dataclass(frozen=True)
class Params:
    agency: Agency
    parent: Region
    indicator: str
    family: str
    threshold: float
    custom_threshold: bool
    tingkat: str = services.DEFAULT_TINGKAT  # "desa": every desa/kelurahan below

    @property
    def villages(self) -> bool:
        return services.villages_apply(self.parent, self.tingkat)


def parse_threshold(raw: str) -> float | None:
    """'0,9' or '0.9' -> 0.9 when within 0..2; else None."""
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return None
    low, high = services.THRESHOLD_RANGE
    return value if low <= value <= high else None


def params(request: AuthenticatedHttpRequest, *, warn: bool = True) -> Params:
    """The request's choices; a bad indicator, family or threshold falls back to the default
    with a message, an unknown or foreign area is 404."""
    get = request.GET
    agency, parent = services.resolve(request.user, get.get("wilayah", "").strip() or None)
    indicator = get.get("indikator", "") or services.DEFAULT_INDICATOR
    if indicator not in services.INDICATORS:
        if warn:
            messages.warning(request, _("Unknown indicator; showing fulfilment."))
        indicator = services.DEFAULT_INDICATOR
    family = get.get("keluarga", "")
    if family and family not in Position.Family.values:
        if warn:
            messages.warning(request, _("Unknown position family; showing every family."))
        family = ""
    threshold, custom = services.default_threshold(), False
    if get.get("ambang"):
        found = parse_threshold(get["ambang"])
        if found is None:
            if warn:
                messages.warning(
                    request,
                    _("The threshold must be a number from 0 to 2; using {default}.").format(
                        default=text.decimal(threshold, 2)
                    ),
                )
        else:
            threshold, custom = found, True
    tingkat = get.get("tingkat", "") or services.DEFAULT_TINGKAT
    if tingkat not in services.TINGKAT:
        if warn:
            messages.warning(request, _("Unknown level; showing the areas directly below."))
        tingkat = services.DEFAULT_TINGKAT
    return Params(agency, parent, indicator, family, threshold, custom, tingkat)


def query(p: Params, **changes: str) -> str:
    """The page's query string with some values changed (empty ones left out). Going to
    another area drops the level toggle unless it is given."""
    values = {
        "wilayah": p.parent.code,
        "indikator": p.indicator if p.indicator != services.DEFAULT_INDICATOR else "",
        "keluarga": p.family,
        "ambang": f"{p.threshold:g}" if p.custom_threshold else "",
        "tingkat": "desa" if p.villages else "",
    }
    if changes.get("wilayah", p.parent.code) != p.parent.code:
        values["tingkat"] = ""
    values.update(changes)
    return urlencode({k: v for k, v in values.items() if v})


def breadcrumb(p: Params) -> list[dict[str, Any]]:
    found = {
        r.code: r for r in Region.objects.filter(code__in=services.region_prefixes(p.parent.code))
    }
    base = p.agency.region.code
    crumbs = []
    for code in services.region_prefixes(p.parent.code):
        region = found.get(code)
        if region is None:
            continue
        inside = code == base or code.startswith(base + ".")
        crumbs.append(
            {
                "name": region.name,
                "level": region.get_level_display(),
                "url": f"?{query(p, wilayah=code)}" if inside and code != p.parent.code else "",
            }
        )
    return crumbs


#: With more areas than twice this, the bar chart keeps the lowest and the highest only.
BARS_EACH_END = 10


def lorenz_title(basis: str, gini: float | None) -> str:
    """What the Lorenz curve shows: staff over residents (the per-resident Gini), or over the
    need (the fulfilment Gini) where no residents are known."""
    if basis == "population":
        return _("Staff spread over residents: Lorenz curve, per-resident Gini {gini}").format(
            gini=text.decimal(gini, 3)
        )
    return _("Staff spread over the need: Lorenz curve, fulfilment Gini {gini}").format(
        gini=text.decimal(gini, 3)
    )


def chart_data(report: services.Report, p: Params) -> dict[str, Any]:
    """What equity.js draws: the map (or bubbles), the indicator bars and the Lorenz curve."""
    found = report.collected
    label = str(tables.INDICATOR_LABELS[p.indicator])
    areas: list[dict[str, Any]] = []  # map and bar rows, as the page's JSON
    for row in report.indicators:
        value = services.indicator_value(row, p.indicator)
        lng, lat = found.centroids.get(row.code, (None, None))
        areas.append(
            {
                "code": row.code,
                "name": row.name,
                "value": tables.round_or_none(value),
                "shown": tables.show(p.indicator, value),
                "band": services.fulfilment_band(row.fulfilment),
                "staff": row.staff,
                "need": row.need,
                "lng": lng,
                "lat": lat,
                "url": f"?{query(p, wilayah=row.code)}",
                "group": found.group_names.get(row.code, ""),
            }
        )
    geo = services.feature_collection(found.boundaries)
    ranked = sorted((a for a in areas if a["value"] is not None), key=lambda a: a["value"])
    bars: dict[str, Any] = {
        "names": [a["name"] for a in ranked],
        "values": [a["value"] for a in ranked],
    }
    if len(ranked) > 2 * BARS_EACH_END:
        kept = ranked[:BARS_EACH_END] + ranked[-BARS_EACH_END:]
        bars = {
            "names": [a["name"] for a in kept[:BARS_EACH_END]]
            + ["…"]
            + [a["name"] for a in kept[BARS_EACH_END:]],
            "values": [a["value"] for a in kept[:BARS_EACH_END]]
            + [None]
            + [a["value"] for a in kept[BARS_EACH_END:]],
            "note": _("The {n} lowest and the {n} highest of {total} areas.").format(
                n=BARS_EACH_END, total=len(ranked)
            ),
        }
    bars["title"] = _("{indicator} per {level}, lowest first").format(
        indicator=label, level=dict(Region.Level.choices).get(report.level, "")
    )
    lorenz = report.lorenz
    return {
        "mode": services.map_mode(geo, found.centroids),
        "map_name": f"formasi-{p.parent.code}",
        "geo": geo,
        "areas": areas,
        "indicator": {"key": p.indicator, "label": label, "percent": p.indicator in tables.PERCENT},
        # Fulfilment is coloured by fixed bands, never by the areas on screen.
        "scale": (
            text.fulfilment_scale(services.fulfilment_thresholds())
            if p.indicator == "fulfilment"
            else None
        ),
        "bars": bars,
        "lorenz": (
            {
                "x": lorenz.x,
                "y": lorenz.y,
                "title": lorenz_title(lorenz.basis, lorenz.gini),
                "x_label": str(tables.LORENZ_LABELS[lorenz.basis]),
                "y_label": _("Share of staff"),
                "curve": _("Lorenz curve"),
                "equality": _("Perfect equality"),
            }
            if lorenz
            else None
        ),
        "labels": {"staff": _("Staff"), "need": _("Need"), "none": _("no data")},
        "locale": get_language() or "id",
    }


def _index_rows(report: services.Report) -> list[dict[str, Any]]:
    return [
        {
            "label": tables.MEASURE_LABELS[i.measure],
            "areas": i.areas,
            "cells": [text.decimal(v, 3) for v in (i.gini, i.theil_t, i.theil_l, i.cv)],
        }
        for i in report.indices
    ]


def _decomposition_rows(report: services.Report) -> list[dict[str, Any]]:
    rows = []
    for d in report.decomposition:
        share = d.between / d.total if d.total and d.between is not None else None
        rows.append(
            {
                "label": tables.MEASURE_LABELS[d.measure],
                "index": f"Theil {d.index}",
                "groups": d.groups,
                "cells": [text.decimal(v, 3) for v in (d.total, d.within, d.between)],
                "between_share": text.percent(share),
            }
        )
    return rows


def _level_links(p: Params) -> list[dict[str, Any]]:
    """The level toggle (at a province or kabupaten/kota): direct children or every village."""
    if p.parent.level not in services.VILLAGE_VIEW_LEVELS:
        return []
    child = _("Kabupaten/kota") if p.parent.level == Region.Level.PROVINCE else _("Kecamatan")
    return [
        {
            "key": key,
            "label": label,
            "url": f"?{query(p, tingkat=key if key != services.DEFAULT_TINGKAT else '')}",
            "active": p.villages == (key == "desa"),
        }
        for key, label in (("anak", child), ("desa", _("Desa/kelurahan")))
    ]


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "need")
    p = params(request)
    report = services.report(
        request.user,
        p.agency,
        p.parent,
        family=p.family,
        threshold=p.threshold,
        villages=p.villages,
    )
    median = text.median_label(p.parent)
    cards = [
        {"area": u, "text": text.sentence(u, median), "url": f"?{query(p, wilayah=u.code)}"}
        for u in report.underserved[:3]
    ]
    table = [
        {
            "row": row,
            "url": f"?{query(p, wilayah=row.code)}",
            "group": report.collected.group_names.get(row.code, ""),
            "cells": [
                text.integer(row.population), text.integer(row.staff), text.integer(row.need),
                text.integer(row.shortage), text.integer(row.excess),
                tables.show("per_1000", row.per_1000), tables.show("fulfilment", row.fulfilment),
                tables.show("shortage_share", row.shortage_share),
                f"{row.facilities_under} / {row.facilities}" if row.facilities else "–",
            ],
        }
        for row in report.indicators
    ]  # fmt: skip
    extra = layers.layers(
        request.user, p.agency, p.parent, [row.code for row in report.indicators],
        timezone.localdate(),
    )  # fmt: skip
    for t, row in zip(table, report.indicators, strict=True):
        t["extra"] = [cell for layer in extra for cell in layer.row(row.code)]
    export_query = query(p, indikator="")
    return render(
        request,
        "equity/index.html",
        {
            "p": p,
            "report": report,
            "level_label": dict(Region.Level.choices).get(report.level, ""),
            "group_label": dict(Region.Level.choices).get(report.collected.group_level, ""),
            "levels": _level_links(p),
            "breadcrumb": breadcrumb(p),
            "cards": cards,
            "table": table,
            "index_rows": _index_rows(report),
            "decomposition_rows": _decomposition_rows(report),
            "units_here": report.collected.units_here,
            "charts": chart_data(report, p),
            "indicators": [(k, tables.INDICATOR_LABELS[k]) for k in services.INDICATORS],
            "families": Position.Family.choices,
            "threshold_shown": text.percent(p.threshold),
            "exports": [
                {
                    "label": label,
                    "csv": f"{reverse('equity:export', args=[name, 'csv'])}?{export_query}",
                    "xlsx": f"{reverse('equity:export', args=[name, 'xlsx'])}?{export_query}",
                }
                for name, label in (
                    ("wilayah", _("Areas")),
                    ("lorenz", _("Lorenz curve")),
                    ("indeks", _("Indices")),
                    ("prioritas", _("Underserved areas")),
                )
            ],
            "employees_url": reverse("workforce:employee_list"),
            "layer_columns": [column for layer in extra for column in layer.columns],
            "layer_panels": [
                render_to_string(layer.panel.template, layer.panel.context, request)
                for layer in extra
                if layer.panel is not None
            ],
        },
    )


def _csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = CsvWriter(out)  # formula-like text guarded (issue 13)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM so Excel reads UTF-8


def _xlsx(title: str, headers: list[str], rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    return workbook_bytes(wb)


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest, table: str, fmt: str) -> HttpResponse:
    require(request.user, Action.EXPORT, "need")
    if table not in tables.TABLES or fmt not in CONTENT_TYPES:
        raise Http404(_("Not found."))
    p = params(request, warn=False)
    report = services.report(
        request.user,
        p.agency,
        p.parent,
        family=p.family,
        threshold=p.threshold,
        villages=p.villages,
    )
    headers, rows = tables.export_table(report, table)
    name = "-".join(
        part
        for part in ("pemerataan", table, p.parent.code, "desa" if p.villages else "", p.family)
        if part
    )
    data = _csv(headers, rows) if fmt == "csv" else _xlsx(table, headers, rows)
    return download(data, f"{name}.{fmt}")
