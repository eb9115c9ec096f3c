"""The tables and chart series behind the plan page, shared by the page, the xlsx/PDF export
and the API: the yearly rows, the retirement wave, the budget ratios and the vacancy levels.
They read a computed scenario's result; nothing here writes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from formasi.organization.models import Position
from formasi.planning import budget_text


def charts(result: dict[str, Any]) -> dict[str, Any]:
    """The chart series the page draws (plan_charts.js)."""
    years = result["years"]
    wave = result["retirement_wave"]
    totals = result["totals"]
    budget_rows = result["budget"]["rows"]
    families = dict(Position.Family.choices)
    return {
        "pyramid": {
            "bands": [r["band"] for r in result["age_pyramid"]],
            "male": [r["male"] for r in result["age_pyramid"]],
            "female": [r["female"] for r in result["age_pyramid"]],
            "labels": {"male": _("Men"), "female": _("Women")},
        },
        "wave": {
            "years": years,
            "series": [
                {
                    # The family's label in the reader's language, never its stored key.
                    "name": str(families.get(family, family)) if family else _("other"),
                    "data": [r["by_family"][family] for r in wave["rows"]],
                }
                for family in wave["families"]
            ],
        },
        "supply": {
            "years": years,
            "series": [
                {"name": _("Need"), "data": [round(t["need"], 1) for t in totals]},
                {
                    "name": _("Availability without plan"),
                    "data": [round(t["availability"], 1) for t in totals],
                },
                {
                    "name": _("Availability with plan"),
                    "data": [round(t["availability_with_plan"], 1) for t in totals],
                },
            ],
        },
        "ratio": {
            "years": [r["year"] for r in budget_rows],
            "cap": round(result["budget"]["cap"] * 100, 2),
            "series": [
                {
                    "name": _("Ratio without plan (%)"),
                    "data": [round(r["ratio_without_plan"] * 100, 2) for r in budget_rows],
                },
                {
                    "name": _("Ratio with plan (%)"),
                    "data": [round(r["ratio_with_plan"] * 100, 2) for r in budget_rows],
                },
            ],
            "cap_label": _("Cap (%)"),
        },
    }


def _pct(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio * 100, 2)


def plan_context(result: dict[str, Any]) -> dict[str, Any]:
    """Rows for the tables of the page and the PDF."""
    years = result["years"]
    hires = result["plan"]["hires_by_year"]
    costs = result["plan"]["cost_by_year"]
    budget_by_year = {r["year"]: r for r in result["budget"]["rows"]}
    yearly = []
    for t, total in enumerate(result["totals"]):
        row = budget_by_year.get(total["year"], {})
        yearly.append(
            {
                **total,
                "hires": hires[t] if t < len(hires) else 0,
                "cost": costs[t] if t < len(costs) else 0,
                "ratio_without_plan": row.get("ratio_without_plan"),
                "ratio_with_plan": row.get("ratio_with_plan"),
                "room": row.get("room"),
                "ratio_without_pct": _pct(row.get("ratio_without_plan")),
                "ratio_with_pct": _pct(row.get("ratio_with_plan")),
                "over_cap": row.get("ratio_with_plan") is not None
                and row["ratio_with_plan"] > result["budget"]["cap"],
            }
        )
    return {
        "years": years,
        "yearly": yearly,
        "areas": result["by_area"],
        "wave_rows": [
            {
                "year": r["year"],
                "cells": [r["by_family"][f] for f in result["retirement_wave"]["families"]],
                "total": r["total"],
            }
            for r in result["retirement_wave"]["rows"]
        ],
        "wave_families": result["retirement_wave"]["families"],
        "cap_percent": result["budget"]["cap"] * 100,
        "ratio_now": result["budget"]["ratio_now"],
        "ratio_now_pct": _pct(result["budget"]["ratio_now"]),
        "budget_year": result["budget"]["budget_year"],
        "status": result["plan"]["status"],
        "unfilled": budget_text.worded_unfilled(result["plan"]["unfilled"]),
        "line_count": len(result["plan"]["lines"]),
    }


def next_october(today: date) -> date:
    """The next 1 October after today (the CASN formasi date)."""
    this_year = date(today.year, 10, 1)
    return this_year if this_year > today else date(today.year + 1, 10, 1)


def level_rows(report: Any) -> list[dict[str, Any]]:
    labels = dict(Position.Kind.choices)
    return [
        {
            "label": labels.get(level.level, level.level),
            "posts": level.posts,
            "seats": level.seats,
            "filled": level.filled,
            "empty": level.empty,
            "newly_empty": level.newly_empty,
            "empty_on": level.empty_on,
        }
        for level in report.levels
    ]
