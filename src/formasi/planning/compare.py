"""Scenarios side by side (issue 5, charts and downloads issue 17): the yearly rows of each
computed scenario, the shortage per kecamatan in the last year, the chart series the
comparison page draws (plan_charts.js) and the same figures as a csv or xlsx file.
Nothing here writes."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from formasi.core.xlsx import workbook_bytes
from formasi.domain.csvcells import CsvWriter
from formasi.planning.models import Scenario
from formasi.planning.tables import plan_context


def comparison(chosen: list[Scenario]) -> dict[str, Any]:
    """Columns (one per scenario, with its plan rows when computed), rows per year and the
    shortage per kecamatan in the last year."""
    columns = []
    for scenario in chosen:
        result = scenario.result if scenario.state == Scenario.State.DONE else None
        columns.append({"scenario": scenario, **(plan_context(result) if result else {})})
    years: list[int] = next((c["years"] for c in columns if "years" in c), [])
    rows = [
        {
            "year": year,
            "cells": [
                c["yearly"][t] if "yearly" in c and t < len(c["yearly"]) else None for c in columns
            ],
        }
        for t, year in enumerate(years)
    ]
    area_names: dict[str, str] = {}
    for c in columns:
        for area in c.get("areas", []):
            area_names[area["code"]] = area["name"]
    areas = [
        {
            "name": name,
            "cells": [
                next(
                    (a["shortage_with_plan"][-1] for a in c.get("areas", []) if a["code"] == code),
                    None,
                )
                for c in columns
            ],
        }
        for code, name in sorted(area_names.items())
    ]
    return {"columns": columns, "rows": rows, "areas": areas, "years": years}


def _series(columns: list[dict[str, Any]], field: str, scale: float = 1) -> list[dict[str, Any]]:
    return [
        {
            "name": c["scenario"].name,
            "data": [
                None if y.get(field) is None else round(y[field] * scale, 2) for y in c["yearly"]
            ],
        }
        for c in columns
        if "yearly" in c
    ]


def charts(data: dict[str, Any]) -> dict[str, Any]:
    """The comparison's chart series, with titles that say what each chart shows."""
    computed = [c for c in data["columns"] if "yearly" in c]
    return {
        "years": data["years"],
        "supply": {
            "title": _("Need and availability with the plan, persons per year"),
            "need": [
                {**s, "name": _("Need — %(name)s") % {"name": s["name"]}}
                for s in _series(computed, "need")
            ],
            "availability": [
                {**s, "name": _("Availability — %(name)s") % {"name": s["name"]}}
                for s in _series(computed, "availability_with_plan")
            ],
        },
        "ratio": {
            "title": _(
                "Personnel spending ratio with the plan against the cap, percent of the APBD"
            ),
            "series": _series(computed, "ratio_with_plan", 100),
            "caps": [
                {
                    "name": _("Cap — %(name)s") % {"name": c["scenario"].name},
                    "value": round(float(c["cap_percent"]), 2),
                }
                for c in computed
            ],
        },
        "hires": {
            "title": _("Hires per year, persons"),
            "series": _series(computed, "hires"),
        },
    }


def _headers() -> list[str]:
    return [
        _("Scenario"),
        _("Cap (%)"),
        _("Year"),
        _("Need"),
        _("Availability without plan"),
        _("Availability with plan"),
        _("Shortage without plan"),
        _("Hires"),
        _("Cost a year (Rp)"),
        _("Shortage with plan"),
        _("Ratio without plan (%)"),
        _("Ratio with plan (%)"),
    ]


def table(data: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """One row per scenario and year (the page's figures, whole persons)."""
    rows = []
    for c in data["columns"]:
        for y in c.get("yearly", []):
            rows.append(
                [
                    c["scenario"].name,
                    float(c["cap_percent"]),
                    y["year"],
                    y["need"],
                    y["availability"],
                    y["availability_with_plan"],
                    y["shortage"],
                    y["hires"],
                    y["cost"],
                    y["shortage_with_plan"],
                    y["ratio_without_pct"],
                    y["ratio_with_pct"],
                ]
            )
    return _headers(), rows


def csv_bytes(data: dict[str, Any]) -> bytes:
    headers, rows = table(data)
    out = io.StringIO()
    writer = CsvWriter(out)  # formula-like text (a scenario's name) guarded
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM so Excel reads UTF-8


def xlsx_bytes(data: dict[str, Any]) -> bytes:
    headers, rows = table(data)
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = _("Comparison")[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    return workbook_bytes(wb)
