"""The planning group of the dashboard's "needs attention" (registered in apps.py, see
core.panels): computed scenarios whose personnel spending, with their hires, exceeds their cap
in any plan year."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from formasi.core.panels import AttentionGroup, AttentionItem
from formasi.core.permissions import Action, can
from formasi.planning.models import Scenario

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

#: The most scenarios listed (the newest first).
LIMIT = 10


def worst_year(rows: list[dict[str, Any]], cap: float) -> tuple[int, float] | None:
    """The plan year with the highest ratio above ``cap``, and that ratio; None if none is."""
    over = [
        (float(r["ratio_with_plan"]), int(r["year"]))
        for r in rows
        if r.get("ratio_with_plan") is not None and float(r["ratio_with_plan"]) > cap
    ]
    if not over:
        return None
    ratio, year = max(over)
    return year, ratio


def over_cap_attention(user: AnyUser, today: date) -> AttentionGroup | None:
    if not can(user, Action.VIEW, "plan"):
        return None
    # Only the budget rows and the cap of each result (JSON paths), not whole results.
    rows = (
        Scenario.objects.visible_to(user, Action.VIEW)
        .filter(state=Scenario.State.DONE)
        .order_by("-created_at", "-pk")
        .values_list("pk", "name", "result__budget__cap", "result__budget__rows")
    )
    items = []
    for pk, name, cap, budget_rows in rows.iterator():
        found = worst_year(budget_rows or [], float(cap or 0)) if cap is not None else None
        if found is None:
            continue
        year, ratio = found
        items.append(
            AttentionItem(
                label=name,
                figure=_("%(ratio)s %% in %(year)s, cap %(cap)s %%")
                % {
                    "ratio": number_format(100 * ratio, 1),
                    "year": year,
                    "cap": number_format(100 * float(cap), 0),
                },
                url=reverse("planning:plan") + f"?skenario={pk}",
            )
        )
        if len(items) == LIMIT:
            break
    return AttentionGroup(
        title=_("Plans over the spending cap"),
        items=items,
        url=reverse("planning:plan"),
        empty=_("No computed plan exceeds its cap."),
    )
