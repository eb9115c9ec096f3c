"""The national five-year projection fanned out per agency (issue 21): one task per agency
collects its cells (``fiveyear.collect``) and projects them (``projection.project_arrays``:
the need held, the staff leaving by retirement, contract ends and the yearly attrition rate,
before any recruitment), the combine step adds the per-year totals. Cells belong to one agency
each and are projected independently, so the sums equal the projection of all agencies at
once (``projection_totals`` over all of them), up to the order of floating-point additions.

Registered with ``formasi.core.fanout`` as the kind ``projection`` from PlanningConfig.ready.
Parameters: ``base_year``, ``years``, ``rate``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from formasi.domain import projection
from formasi.planning.fiveyear import collect

KIND = "projection"
#: Per-year figures of the totals (lists of ``years`` numbers); ``cells`` and ``bezetting``
#: are single numbers.
YEARLY = ("need", "availability", "retirements", "contract_ends", "shortage", "excess")


def projection_totals(
    agency_ids: Sequence[int], *, base_year: int, years: int, rate: float
) -> dict[str, Any]:
    """Cells, bezetting, and per plan year the need, the staff available, retirements,
    contract ends, shortage and excess, summed over the cells of the agencies."""
    cells = collect(list(agency_ids), base_year, years)
    need = np.repeat(cells.need[:, None], years, axis=1)
    result = projection.project_arrays(
        need, cells.bezetting, cells.retirements, cells.contract_ends, np.zeros_like(need),
        rate, years,
    )  # fmt: skip
    return {
        "cells": len(cells.need),
        "bezetting": float(cells.bezetting.sum()),
        "need": [float(cells.need.sum())] * years,
        "availability": result.availability.sum(axis=0).tolist(),
        "retirements": cells.retirements.sum(axis=0).tolist(),
        "contract_ends": cells.contract_ends.sum(axis=0).tolist(),
        "shortage": result.proposal.sum(axis=0).tolist(),
        "excess": (-result.gap).clip(min=0).sum(axis=0).tolist(),
    }


def part(agency_id: int, params: dict[str, Any]) -> dict[str, Any]:
    return projection_totals(
        [agency_id], base_year=params["base_year"], years=params["years"], rate=params["rate"]
    )


def combine(parts: dict[int, dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    years = params["years"]
    found = list(parts.values())
    total: dict[str, Any] = {
        "cells": sum(p["cells"] for p in found),
        "bezetting": sum(p["bezetting"] for p in found),
    }
    for name in YEARLY:
        total[name] = [sum(p[name][y] for p in found) for y in range(years)]
    return total


def register() -> None:
    from formasi.core.fanout import register_kind

    register_kind(KIND, part=part, combine=combine)
