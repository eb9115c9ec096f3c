"""The leaders' dashboard card (issue 20 item 5): service units whose public rates them low
(IKM grade C/D or below FORMASI_SURVEY_LOW_IKM) and that have less than 0.8 of their need in
post, the last twelve months, one agency. Registered in apps.py (core.panels)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings

from formasi.core.panels import Panel
from formasi.core.permissions import Action, can
from formasi.feedback import reports
from formasi.organization.models import Agency

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

SHOWN = 10


def build_panel(user: AnyUser, today: date) -> Panel | None:
    if not can(user, Action.VIEW, "survey"):
        return None
    agencies = list(Agency.objects.visible_to(user, Action.VIEW)[:2])
    if len(agencies) != 1:
        return None
    period = reports.Period(today - timedelta(days=365), today + timedelta(days=1))
    rows = reports.flagged(user, agencies[0], period)
    if not rows:
        return None
    context = {
        "rows": rows[:SHOWN],
        "more": max(0, len(rows) - SHOWN),
        "low_ikm": settings.FORMASI_SURVEY_LOW_IKM,
        "pressure": reports.STAFFING_PRESSURE,
    }
    return Panel("feedback/partials/_dashboard_flagged.html", context)
