"""The tables and chart series behind the plan page, shared by the page, the xlsx/PDF export
and the API: the yearly rows, the retirement wave, the budget ratios and the vacancy levels.
They read a computed scenario's result; nothing here writes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from formasi.domain import plan_rules
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
                {"name": _("Need"), "data": [round(t["need"]) for t in totals]},
                {
                    "name": _("Availability without plan"),
                    "data": [round(t["availability"]) for t in totals],
                },
                {
                    "name": _("Availability with plan"),
                    "data": [round(t["availability_with_plan"]) for t in totals],
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
        # The families' labels in the reader's language, never their stored keys.
        "wave_labels": [
            str(dict(Position.Family.choices).get(f, f)) if f else _("other")
            for f in result["retirement_wave"]["families"]
        ],
        "cap_percent": result["budget"]["cap"] * 100,
        "ratio_now": result["budget"]["ratio_now"],
        "ratio_now_pct": _pct(result["budget"]["ratio_now"]),
        "budget_year": result["budget"]["budget_year"],
        "status": result["plan"]["status"],
        "unfilled": budget_text.worded_unfilled(result["plan"]["unfilled"]),
        "cap_warnings": cap_warnings(result),
        "line_count": len(result["plan"]["lines"]),
    }


def _over_cap(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The years over the cap as stored, or computed from the rows of an older result."""
    money = result["budget"]
    if "over_cap" in money:
        return list(money["over_cap"])
    rows = money["rows"]
    breaches = plan_rules.cap_breaches(
        years=[r["year"] for r in rows],
        total_belanja=[r["total"] for r in rows],
        spending_without_plan=[r["personnel_without_plan"] for r in rows],
        plan_cost=[r.get("plan_cost", 0) for r in rows],
        cap=money["cap"],
    )
    return [
        {"year": b.year, "ratio": b.ratio, "excess": b.excess, "excess_amount": b.excess_amount,
         "reason": b.reason}
        for b in breaches
    ]  # fmt: skip


def cap_warnings(result: dict[str, Any]) -> list[str]:
    """One sentence per year over the cap: the ratio, by how much, and why."""
    cap = result["budget"]["cap"] * 100
    out = []
    for b in _over_cap(result):
        figures = {
            "year": b["year"],
            "ratio": budget_text.format_decimal(b["ratio"] * 100),
            "cap": budget_text.format_decimal(cap),
            "points": budget_text.format_decimal(b["excess"] * 100),
            "amount": budget_text.format_rupiah(b["excess_amount"]),
        }
        if b["reason"] == plan_rules.STAFF_OVER_CAP:
            text = _(
                "{year}: personnel spending is {ratio} percent of the APBD, {points} percentage "
                "points ({amount}) over the {cap} percent cap. The existing staff alone already "
                "exceed the cap; nobody can be hired that year."
            )
        else:
            text = _(
                "{year}: personnel spending is {ratio} percent of the APBD, {points} percentage "
                "points ({amount}) over the {cap} percent cap, because of the planned hires."
            )
        out.append(text.format(**figures))
    return out


ROUNDING_WORDS = {
    "nearest": gettext_lazy("to the nearest whole person"),
    "ceil": gettext_lazy("up to a whole person"),
    "floor": gettext_lazy("down to a whole person"),
}


def notes(result: dict[str, Any], attrition_percent: float) -> dict[str, str]:
    """The plan's explanations in words: the optimiser's result, the rounding rule and the
    hiring lag (with the year after the horizon that the last year's hires fill)."""
    plan = result["plan"]
    gap = plan.get("gap")
    if plan["status"] == "optimal":
        solver = _("The recruitment plan is the best possible under the cap: the optimiser "
                   "proved it.")  # fmt: skip
    elif gap is not None:
        solver = _(
            "The optimiser stopped at its time limit. The plan is at most {gap} percent below "
            "the best possible plan (the distance between the plan and the best bound the "
            "optimiser proved)."
        ).format(
            gap=budget_text.format_decimal(gap * 100)
            if gap >= 0.0001
            else _("less than {value}").format(value=budget_text.format_decimal(0.01))
        )
    else:
        solver = _("The recruitment plan is feasible but not proven the best: the optimiser "
                   "stopped at its time limit.")  # fmt: skip
    rule = ROUNDING_WORDS.get(result.get("rounding", "nearest"), ROUNDING_WORDS["nearest"])
    rounding = _(
        "Every figure counts whole persons: the shortage and excess of each position in each "
        "unit are rounded {rule} (the agency's ABK rounding rule) before they are added up. "
        "Other leavers ({rate} percent a year) are expected values: a post loses a person to them "
        "only once the expectation reaches the rounding threshold, so their yearly total is "
        "rounded on its own and the columns need not add up exactly."
    ).format(rule=rule, rate=budget_text.format_decimal(attrition_percent))
    years = result["years"]
    lag = _(
        "Hiring lag: a person recruited in a year counts from the next year, so the hires of "
        "{first} fill the shortage of {second}. The hires of the last plan year ({last}) fill "
        "the shortage of {after}: the optimiser looks one year past the plan."
    ).format(
        first=years[0],
        second=years[0] + 1,
        last=years[-1],
        after=years[-1] + 1,
    )
    after = result.get("year_after")
    if after:
        lag += " " + _(
            "Shortage in {year}: {without} without the plan, {with_plan} with it."
        ).format(
            year=after["year"],
            without=number_format(after["shortage"], force_grouping=True),
            with_plan=number_format(after["shortage_with_plan"], force_grouping=True),
        )
    return {"solver": solver, "rounding": rounding, "lag": lag}


def next_october(today: date) -> date:
    """The next 1 October after today (the CASN formasi date)."""
    this_year = date(today.year, 10, 1)
    return this_year if this_year > today else date(today.year + 1, 10, 1)


def level_rows(report: Any, posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The vacancy report per level, with its overfill: holders above the SOTK seats of
    their post (``over``, in ``over_posts`` posts), from the page's post rows."""
    labels = dict(Position.Kind.choices)
    over: dict[str, int] = {}
    over_posts: dict[str, int] = {}
    for p in posts:
        if p["over"]:
            over[p["level"]] = over.get(p["level"], 0) + p["over"]
            over_posts[p["level"]] = over_posts.get(p["level"], 0) + 1
    return [
        {
            "label": labels.get(level.level, level.level),
            "posts": level.posts,
            "seats": level.seats,
            "filled": level.filled,
            "empty": level.empty,
            "newly_empty": level.newly_empty,
            "empty_on": level.empty_on,
            "over": over.get(level.level, 0),
            "over_posts": over_posts.get(level.level, 0),
        }
        for level in report.levels
    ]
