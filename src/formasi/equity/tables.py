"""The tables behind the equity page's charts, shared by the page, the exports and the API:
labels, rows and the JSON the charts draw."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from formasi.domain.equity import AreaIndicators
from formasi.equity import text
from formasi.equity.services import Report
from formasi.organization.models import Position

INDICATOR_LABELS = {
    "fulfilment": gettext_lazy("Fulfilment (staff ÷ need)"),
    "per_1000": gettext_lazy("Civil servants per 1,000 residents"),
    "shortage": gettext_lazy("Shortage"),
    "shortage_share": gettext_lazy("Shortage as share of the need"),
    "facilities_under_share": gettext_lazy("Share of facilities under-staffed"),
}
#: Indicators shown as percentages.
PERCENT = {"fulfilment", "shortage_share", "facilities_under_share"}
MEASURE_LABELS = {
    "per_resident": gettext_lazy("Staff per resident (weighted by population)"),
    "fulfilment": gettext_lazy("Fulfilment (weighted by need)"),
}
LORENZ_LABELS = {
    "population": gettext_lazy("Share of residents"),
    "need": gettext_lazy("Share of the need"),
}
TABLES = ("wilayah", "lorenz", "indeks", "prioritas")


def show(indicator: str, value: float | None) -> str:
    """An indicator as the page prints it ('85 %', '4,1', '23', '–')."""
    if value is None:
        return "–"
    if indicator in PERCENT:
        return text.percent(value)
    if indicator == "shortage":
        return text.integer(int(value))
    return text.decimal(value)


def round_or_none(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


def family_label(family: str) -> str:
    return str(dict(Position.Family.choices).get(family, family)) if family else ""


def underserved_rows(report: Report) -> list[dict[str, Any]]:
    median = text.median_label(report.parent)
    return [
        {
            "rank": u.rank,
            "code": u.code,
            "name": u.name,
            "score": round(u.score, 4),
            "reasons": [r.kind for r in u.reasons],
            "text": text.sentence(u, median),
        }
        for u in report.underserved
    ]


def area_row(row: AreaIndicators) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "population": row.population,
        "staff": row.staff,
        "need": row.need,
        "shortage": row.shortage,
        "excess": row.excess,
        "per_1000": round_or_none(row.per_1000),
        "fulfilment": round_or_none(row.fulfilment),
        "shortage_share": round_or_none(row.shortage_share),
        "facilities": row.facilities,
        "facilities_under": row.facilities_under,
        "facilities_under_share": round_or_none(row.facilities_under_share),
    }


def export_table(report: Report, table: str) -> tuple[list[str], list[list[Any]]]:
    """Headers (Indonesian on an Indonesian page) and rows of one exported table."""
    if table == "wilayah":
        headers = [
            _("Code"), _("Area"), _("Population"), _("Staff"), _("Need"), _("Shortage"),
            _("Excess"), str(INDICATOR_LABELS["per_1000"]), str(INDICATOR_LABELS["fulfilment"]),
            str(INDICATOR_LABELS["shortage_share"]), _("Facilities"),
            _("Facilities under-staffed"), str(INDICATOR_LABELS["facilities_under_share"]),
        ]  # fmt: skip
        rows = [list(area_row(r).values()) for r in report.indicators]
        return headers, rows
    if table == "lorenz":
        lorenz = report.lorenz
        basis = str(LORENZ_LABELS[lorenz.basis]) if lorenz else ""
        headers = [
            _("Point"), _("Basis"), _("Cumulative share of the basis"),
            _("Cumulative share of staff"),
        ]  # fmt: skip
        rows = (
            [[i, basis, x, y] for i, (x, y) in enumerate(zip(lorenz.x, lorenz.y, strict=True))]
            if lorenz
            else []
        )
        return headers, rows
    if table == "indeks":
        headers = [
            _("Measure"), _("Index"), _("Areas or groups"), _("Value"), _("Within groups"),
            _("Between groups"),
        ]  # fmt: skip
        rows = []
        for ind in report.indices:
            label = str(MEASURE_LABELS[ind.measure])
            for name, value in (
                ("Gini", ind.gini), ("Theil T", ind.theil_t), ("Theil L", ind.theil_l),
                ("CV", ind.cv),
            ):  # fmt: skip
                rows.append([label, name, ind.areas, round_or_none(value), None, None])
        for dec in report.decomposition:
            rows.append(
                [
                    str(MEASURE_LABELS[dec.measure]),
                    _("Theil {index} decomposition").format(index=dec.index),
                    dec.groups,
                    round_or_none(dec.total),
                    round_or_none(dec.within),
                    round_or_none(dec.between),
                ]
            )
        return headers, rows
    if table == "prioritas":
        headers = [_("Rank"), _("Code"), _("Area"), _("Shortage share"), _("Reasons")]
        rows = [
            [r["rank"], r["code"], r["name"], r["score"], r["text"]]
            for r in underserved_rows(report)
        ]
        return headers, rows
    raise KeyError(table)
