"""The recruitment plan's lines in the UI language, from the codes and figures the domain
returns (``formasi.domain.budget``) and the scenario result stores.

"Guru kelas SD — SDN 3 Rakumpit: kekurangan 2, prioritas 0,90, biaya Rp 123.456.789/tahun;
direkrut 1 orang pada tahun ke-1, sisa kekurangan 1". Numbers follow the active locale
(Indonesian: decimal comma, thousands dot). The stored rows keep every figure a sentence
needs (``plan_year``, ``priority``, ``reason``), so a stored result can be worded again in
another language (:func:`line_text`, :func:`unfilled_text`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from formasi.domain.budget import PlanLine, UnfilledLine


def format_decimal(value: float, places: int = 2) -> str:
    """0.9 -> '0,90' in Indonesian, 1234.5 -> '1.234,50'."""
    return number_format(round(value, places), decimal_pos=places, force_grouping=True)


def format_rupiah(amount: int) -> str:
    """123456789 -> 'Rp 123.456.789' in Indonesian."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {number_format(abs(amount), decimal_pos=0, force_grouping=True)}"


def _reasons() -> dict[str, Callable[[], str]]:
    return {
        "outside_horizon": lambda: _("only available after the plan's last year"),
        "over_budget": lambda: _("one employee costs more than the budget room"),
        "budget_exhausted": lambda: _("the budget room is used by needs with a higher priority"),
        "hire_limit": lambda: _("the yearly hiring limit is used up"),
        "not_selected": lambda: _("not chosen because its priority is zero"),
    }


def line_row(line: PlanLine) -> dict[str, Any]:
    """The figures of a chosen line that :func:`line_text` words."""
    return {
        "label": line.candidate.label,
        "shortage": line.shortage,
        "priority": line.priority,
        "cost": line.cost,
        "hires": line.hires,
        "plan_year": line.year + 1,
        "remaining": line.remaining_shortage,
    }


def unfilled_row(line: UnfilledLine) -> dict[str, Any]:
    """The figures of an unfilled line that :func:`unfilled_text` words."""
    return {
        "label": line.candidate.label,
        "remaining": line.remaining,
        "priority": line.candidate.priority,
        "reason": line.reason,
    }


def line_text(row: Mapping[str, Any]) -> str:
    """A chosen line (as :func:`line_row` stores it) in the UI language."""
    return _(
        "{label}: shortage {shortage}, priority {priority}, cost {cost}/year; "
        "{hires} hired in plan year {plan_year}, {remaining} still short"
    ).format(
        label=row["label"],
        shortage=row["shortage"],
        priority=format_decimal(row["priority"]),
        cost=format_rupiah(row["cost"]),
        hires=row["hires"],
        plan_year=row["plan_year"],
        remaining=row["remaining"],
    )


def unfilled_text(row: Mapping[str, Any]) -> str:
    """An unfilled line (as :func:`unfilled_row` stores it) in the UI language."""
    reasons = _reasons()
    reason = reasons[row["reason"]]() if row["reason"] in reasons else str(row["reason"])
    return _("{label}: {remaining} still short, priority {priority} — {reason}").format(
        label=row["label"],
        remaining=row["remaining"],
        priority=format_decimal(row["priority"]),
        reason=reason,
    )


def explain(line: PlanLine) -> str:
    """A chosen line of a fresh plan in the UI language."""
    return line_text(line_row(line))


def explain_unfilled(line: UnfilledLine) -> str:
    """An unfilled line of a fresh plan in the UI language."""
    return unfilled_text(unfilled_row(line))


_LINE_FIGURES = frozenset(
    {"label", "shortage", "priority", "cost", "hires", "plan_year", "remaining"}
)
_UNFILLED_FIGURES = frozenset({"label", "remaining", "priority", "reason"})


def stored_line_text(row: Mapping[str, Any]) -> str:
    """A stored chosen line worded again in the UI language; a row stored before the figures
    were kept falls back to the sentence stored with it."""
    if row.keys() >= _LINE_FIGURES:
        return line_text(row)
    return str(row.get("explanation", ""))


def stored_unfilled_text(row: Mapping[str, Any]) -> str:
    """A stored unfilled line worded again in the UI language (fallback: its stored sentence)."""
    if row.keys() >= _UNFILLED_FIGURES:
        return unfilled_text(row)
    return str(row.get("explanation", ""))


def worded_lines(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Chosen lines with ``explanation`` worded in the UI language."""
    return [{**row, "explanation": stored_line_text(row)} for row in rows]


def worded_unfilled(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Unfilled lines with ``explanation`` worded in the UI language."""
    return [{**row, "explanation": stored_unfilled_text(row)} for row in rows]
