"""What planning adds to the dashboard (registered in apps.py, see core.panels): the "needs
attention" group of computed scenarios whose personnel spending, with their hires, exceeds their
cap in any plan year, and the card of the current usulan round's deadlines (DOMAIN §7.2;
formasi.planning.deadlines)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from formasi.core.panels import AttentionGroup, AttentionItem, Panel
from formasi.core.permissions import Action, can
from formasi.domain.proposal_rules import (
    MENKEU_OPINION,
    NATIONAL_PLAN,
    PERTIMBANGAN_TEKNIS,
    USULAN,
    USULAN_REVISED,
)
from formasi.planning.deadlines import current_round
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


#: What each step of the round is, in words (DOMAIN §7.2).
DEADLINE_LABELS = {
    USULAN: gettext_lazy("Usulan kebutuhan ASN submitted by the PPK"),
    USULAN_REVISED: gettext_lazy("Revised usulan if next year's budget plan changes"),
    NATIONAL_PLAN: gettext_lazy("MenPAN-RB's national plan to the Minister of Finance"),
    MENKEU_OPINION: gettext_lazy("Minister of Finance's opinion"),
    PERTIMBANGAN_TEKNIS: gettext_lazy("BKN's national pertimbangan teknis to MenPAN-RB"),
}


def days_left_text(days: int) -> str:
    """ "n hari lagi", "hari ini" or "lewat n hari" (whole days)."""
    if days == 0:
        return _("today")
    if days > 0:
        return ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days}
    return ngettext("%(n)s day overdue", "%(n)s days overdue", -days) % {"n": -days}


def deadlines_panel(user: AnyUser, today: date) -> Panel | None:
    """The current round's deadlines, for everyone who sees the dashboard (no query)."""
    if not can(user, Action.VIEW, "dashboard"):
        return None
    round_ = current_round(today)
    rows = [
        {
            "code": row.code,
            "label": DEADLINE_LABELS.get(row.code, row.code),
            "date": row.deadline.date,
            "rule": row.deadline.rule,
            "days_left": row.days_left,
            "when": days_left_text(row.days_left),
            "is_next": row.is_next,
        }
        for row in round_.deadlines
    ]
    return Panel(
        "planning/partials/_dashboard_deadlines.html",
        {"round": round_, "deadline_rows": rows},
    )
