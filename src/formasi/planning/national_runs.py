"""The national summary's runs (issue 21), shared by its page (``planning.national``) and the
API (``planning.api``): start the needs summary or the five-year projection over every agency
the user may see as one task per agency plus a combine step (``workload.fanout``,
``planning.fanout``), find the user's runs, and word a combined result as figures of whole
people. A run is its starter's alone; resource ``national_summary``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from formasi.core import jobs
from formasi.core.fanout_services import start_fanout
from formasi.core.models import FanOutRun
from formasi.domain.gaps import Gap
from formasi.organization.models import Agency
from formasi.planning import fanout as projection_fanout
from formasi.workload import fanout as needs_fanout

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

RESOURCE = "national_summary"
KINDS = (needs_fanout.KIND, projection_fanout.KIND)
YEARLY = projection_fanout.YEARLY
#: The projection's horizon and yearly rate of other leavers, as a new scenario's defaults.
YEARS = 5
ATTRITION_RATE = 0.01


def whole(value: float) -> int:
    """A figure of people, rounded half up as the plan rounds its totals."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def params_for(kind: str, today_year: int) -> dict[str, Any]:
    if kind == projection_fanout.KIND:
        return {"base_year": today_year, "years": YEARS, "rate": ATTRITION_RATE}
    return {}


def visible_ids(user: AnyUser) -> list[int]:
    return sorted(Agency.objects.visible_to(user).values_list("pk", flat=True))


def start(user: AnyUser, kind: str) -> FanOutRun:
    """A run of ``kind`` (one of :data:`KINDS`) over the agencies ``user`` may see."""
    if kind not in KINDS:
        raise LookupError(f"no national summary kind {kind!r}")
    return start_fanout(
        kind=kind,
        agency_ids=visible_ids(user),
        params=params_for(kind, timezone.localdate().year),
        actor=user,
    )


def runs_of(user: AnyUser) -> QuerySet[FanOutRun]:
    """The national summary runs ``user`` started."""
    return FanOutRun.objects.filter(kind__in=KINDS, created_by_id=getattr(user, "pk", None))


def latest(user: AnyUser, kind: str, visible: set[int]) -> FanOutRun | None:
    """The user's latest run of ``kind``, if it covered exactly the agencies they may see."""
    run = runs_of(user).filter(kind=kind).order_by("-pk").first()
    if run is None:
        return None
    covered = set(run.parts.values_list("agency_id", flat=True))  # type: ignore[attr-defined]
    if covered != visible:
        return None
    return jobs.expire_if_dead(run)  # type: ignore[no-any-return]


def _needs(run: FanOutRun) -> dict[str, Any]:
    result: dict[str, Any] = run.result or {}
    gaps = needs_fanout.gaps_of(result)
    names = dict(Agency.unscoped.filter(pk__in=gaps).values_list("pk", "name"))
    largest_first = sorted(gaps.items(), key=lambda kv: (-kv[1].shortage, names.get(kv[0], "")))
    rows = [{"agency_id": pk, "name": names.get(pk, "?"), "gap": g} for pk, g in largest_first]
    return {"rows": rows, "total": Gap(*result["total"])}


def _projection(run: FanOutRun) -> dict[str, Any]:
    result: dict[str, Any] = run.result or {}
    base = run.params["base_year"]
    yearly = [
        {
            "year": base + t + 1,
            **{name: whole(result[name][t]) for name in projection_fanout.YEARLY},
        }
        for t in range(run.params["years"])
    ]
    return {"yearly": yearly, "bezetting": whole(result["bezetting"]), "cells": result["cells"]}


def figures(run: FanOutRun | None) -> dict[str, Any]:
    """A finished run's figures (``rows``/``total`` of the needs, ``yearly``/``bezetting``/
    ``cells`` of the projection); nothing for a run not finished."""
    if run is None or run.state != FanOutRun.State.DONE:
        return {}
    return _needs(run) if run.kind == needs_fanout.KIND else _projection(run)
