"""Placement results in the UI language, from the codes the domain returns
(``formasi.domain.placement``) and the run stores.

The domain says *why* with codes and figures (:class:`~formasi.domain.placement.Problem`,
reason codes of assignments, unfilled cells and unplaced people); this module words them
through Django i18n, so an English user reads English and a stored run can be worded again.
The Indonesian reads as the domain's sentences did before issue 14 (tests hold it).
Rows stored before the codes were kept still carry their sentence (``explain``, or the run's
``problems``), which is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from formasi.domain import placement as domain

if TYPE_CHECKING:
    from formasi.placement.models import PlacementLine


def format_km(km: float) -> str:
    """1234.56 -> '1.234,6' in Indonesian."""
    return number_format(round(km, 1), decimal_pos=1, force_grouping=True)


# --------------------------------------------------------------------------- assignments


def _assignment_reasons() -> dict[str, Callable[[], str]]:
    return {
        "home_village": lambda: _("matches the home desa/kelurahan"),
        "home_district": lambda: _("matches the home kecamatan"),
        "nearest": lambda: _("the nearest open post for this position"),
        "priority": lambda: _(
            "fills a shortage with more priority (nearer posts are already filled or have "
            "less priority)"
        ),
        "unknown_distance": lambda: _(
            "fills a shortage with priority; the distance cannot be computed (home or unit "
            "location not recorded)"
        ),
    }


def assignment_text(a: domain.Assignment) -> str:
    """One assignment with the ids of the request, e.g. ``"N1: moved from U1 to U2 as
    perawat — <reason>, 1.2 km from home"``."""
    where = {"unit": a.to_unit, "position": a.position}
    if a.from_unit:
        verb = _("moved from {origin} to {unit} as {position}").format(origin=a.from_unit, **where)
    else:
        verb = _("placed at {unit} as {position}").format(**where)
    reason = _assignment_reasons()[a.reason]()
    if a.distance_km is None:
        return _("{person}: {verb} — {reason}").format(person=a.person_id, verb=verb, reason=reason)
    return _("{person}: {verb} — {reason}, {km} km from home").format(
        person=a.person_id, verb=verb, reason=reason, km=format_km(a.distance_km)
    )


def line_text(line: PlacementLine) -> str:
    """A stored placement line: its destination, reason and distance in the UI language."""
    if not line.reason:
        return line.explain
    reason = str(line.get_reason_display())
    unit = line.to_unit.name
    if line.distance_km is None:
        return _("To {unit}: {reason}.").format(unit=unit, reason=reason)
    return _("To {unit}: {reason}, {km} km from home.").format(
        unit=unit, reason=reason, km=f"{line.distance_km:.1f}"
    )


# --------------------------------------------------------------------------- left over


def _unfilled_reasons() -> dict[str, Callable[[], str]]:
    return {
        "no_qualified_person": lambda: _("no applicant or employee holds this position"),
        "no_movable_person": lambda: _(
            "employees in this position cannot be moved (must stay, or their unit has no excess)"
        ),
        "move_limit": lambda: _(
            "qualified employees are held by the move limits (excess of the origin unit or "
            "moves per unit)"
        ),
        "pool_exhausted": lambda: _(
            "everyone qualified is already placed on a shortage with more priority"
        ),
        "not_chosen": lambda: _("not chosen by this method"),
    }


def _unplaced_reasons() -> dict[str, Callable[[], str]]:
    return {
        "no_open_post": lambda: _("no open post for their position"),
        "posts_taken": lambda: _("the open posts for their position are taken by others"),
    }


def unfilled_text(row: Mapping[str, Any]) -> str:
    """Posts of a cell left unfilled (``unit``, ``position``, ``count``, ``reason``), e.g.
    ``"SDN 3 — Guru kelas: 2 open posts unfilled — <reason>"``; a stored row without a
    known reason shows its stored ``explain``."""
    reasons = _unfilled_reasons()
    if row.get("reason") not in reasons or not {"unit", "position", "count"} <= row.keys():
        return str(row.get("explain", ""))
    return _("{unit} — {position}: {count} open posts unfilled — {reason}").format(
        unit=row["unit"],
        position=row["position"],
        count=row["count"],
        reason=reasons[row["reason"]](),
    )


def unplaced_text(row: Mapping[str, Any]) -> str:
    """A new hire left without a post (``person``, ``position``, ``reason``), e.g.
    ``"P-17 (Perawat): not placed — <reason>"``; a stored row without a known reason shows
    its stored ``explain``."""
    reasons = _unplaced_reasons()
    if row.get("reason") not in reasons or not {"person", "position"} <= row.keys():
        return str(row.get("explain", ""))
    return _("{person} ({position}): not placed — {reason}").format(
        person=row["person"], position=row["position"], reason=reasons[row["reason"]]()
    )


def unfilled_row(u: domain.UnfilledCell) -> dict[str, Any]:
    """The figures of an unfilled cell that :func:`unfilled_text` words (ids as names)."""
    return {"unit": u.unit, "position": u.position, "count": u.count, "reason": u.reason}


def unplaced_row(u: domain.UnplacedPerson) -> dict[str, Any]:
    """The figures of an unplaced person that :func:`unplaced_text` words."""
    return {"person": u.person_id, "position": u.position, "reason": u.reason}


# --------------------------------------------------------------------------- problems


def _problems() -> dict[str, Callable[[Mapping[str, Any]], str]]:
    def cell(p: Mapping[str, Any]) -> str:
        return f"{p['unit']} — {p['position']}"

    def short(p: Mapping[str, Any], why: str) -> str:
        head = _("{cell}: must fill {must_fill}, only {filled} can be filled").format(
            cell=cell(p), must_fill=p["must_fill"], filled=p["filled"]
        )
        return f"{head} — {why}."

    return {
        "duplicate_person": lambda p: _("Person ID {person} appears more than once.").format(
            person=repr(p["person"])
        ),
        "duplicate_cell": lambda p: _("Cell {cell} appears more than once.").format(cell=cell(p)),
        "must_fill_over_open": lambda p: _(
            "{cell}: must fill {must_fill}, but only {open} posts are open (need {need}, "
            "bezetting {bezetting})."
        ).format(cell=cell(p), **{k: p[k] for k in ("must_fill", "open", "need", "bezetting")}),
        "must_fill_no_person": lambda p: short(
            p,
            _("no applicant or employee holds the position {position}").format(
                position=p["position"]
            ),
        ),
        "must_fill_not_movable": lambda p: short(
            p,
            _(
                "employees in the position {position} may not move or their origin unit has "
                "no excess"
            ).format(position=p["position"]),
        ),
        "must_fill_too_few": lambda p: short(
            p,
            _(
                "only {available} people in the position {position} are available for "
                "{wanted} must-fill posts"
            ).format(available=p["available"], position=p["position"], wanted=p["wanted"]),
        ),
        "must_fill_competing": lambda p: short(
            p,
            _(
                "the qualified people are needed for other must-fill posts or held by the "
                "move limits"
            ),
        ),
        "must_fill_jointly": lambda p: _("The must-fill posts cannot all be filled together."),
        "greedy_must_fill": lambda p: _(
            "{cell}: the greedy method cannot fill {must_fill} must-fill posts."
        ).format(cell=cell(p), must_fill=p["must_fill"]),
        "milp_no_solution": lambda p: _(
            "The MILP time limit ran out without a solution (not a proof that none exists)."
        ),
        "milp_not_proven": lambda p: _(
            "The MILP time limit ran out before the optimum was proven."
        ),
    }


def problem_row(problem: domain.Problem) -> dict[str, Any]:
    """A problem as stored: its code and its parameters."""
    return {"code": problem.code, "params": dict(problem.params)}


def problem_text(row: Mapping[str, Any]) -> str:
    """A problem (as :func:`problem_row` stores it) in the UI language."""
    worded = _problems().get(str(row.get("code")))
    if worded is None:
        return str(row.get("code", ""))
    return worded(row.get("params") or {})


def problems_text(summary: Mapping[str, Any]) -> list[str]:
    """A run's problems in the UI language: worded from ``problem_codes`` when the run
    stored them, else the sentences it stored (``problems``)."""
    codes = summary.get("problem_codes")
    if codes is None:
        return [str(p) for p in summary.get("problems") or []]
    return [problem_text(row) for row in codes]


def worded_left_over(rows: Iterable[Mapping[str, Any]], word: Callable[..., str]) -> list[dict]:
    """Stored unfilled or unplaced rows with ``explain`` worded in the UI language."""
    return [{**row, "explain": word(row)} for row in rows]


def status_text(status: str | None, method: str | None = None) -> str:
    """The solver's outcome (``domain.placement.PlacementStatus``) in the UI language."""
    if status == "OPTIMAL":
        return _("optimal, proven")
    if status == "FEASIBLE" and method == "greedy":
        return _("simple method (not proven optimal)")
    if status == "FEASIBLE":
        return _("a valid placement, not proven optimal")
    if status == "INFEASIBLE":
        return _("no placement satisfies the limits")
    if status == "NOT_SOLVED":
        return _("not solved in the time allowed")
    return _("not computed yet")


def worded_summary(summary: Mapping[str, Any]) -> dict[str, Any]:
    """A run's stored summary with its problems and left-over rows worded in the UI
    language (stored sentences where the run holds no codes)."""
    out = dict(summary)
    out["status_text"] = status_text(summary.get("status"), summary.get("method"))
    if "problems" in out or "problem_codes" in out:
        out["problems"] = problems_text(summary)
    if "unfilled" in out:
        out["unfilled"] = worded_left_over(summary["unfilled"], unfilled_text)
    if "unplaced" in out:
        out["unplaced"] = worded_left_over(summary["unplaced"], unplaced_text)
    return out
