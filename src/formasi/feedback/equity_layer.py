"""The IKM on the equity page (issue 20 item 5), registered with ``equity.layers`` in apps.py:
per area of the page (kecamatan below a city, desa/kelurahan below a kecamatan) the IKM of the
last twelve months over the answers of the service units standing there, its grade, and the
units flagged "low IKM and high workload pressure" — the leaders' dashboard card's rule
(``reports.flagged``: grade C/D or below FORMASI_SURVEY_LOW_IKM, and bezetting ÷ need below 0.8).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from formasi.core.panels import Panel
from formasi.core.permissions import Action, can
from formasi.equity.layers import NONE, Layer
from formasi.feedback import reports

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser


def build_layer(
    user: AnyUser, agency: Any, parent: Any, codes: list[str], today: date
) -> Layer | None:
    if not can(user, Action.VIEW, "survey") or not codes:
        return None
    period = reports.Period(today - timedelta(days=365), today + timedelta(days=1))
    results = reports.by_area(user, agency, period, codes)
    flagged = [
        (f, area)
        for f in reports.flagged(user, agency, period)
        if (area := reports.area_of(f.unit.region.code if f.unit.region else "", codes))
    ]
    per_area: dict[str, int] = {}
    for _f, area in flagged:
        per_area[area] = per_area.get(area, 0) + 1
    cells = {
        code: [
            number_format(result.index, decimal_pos=2) if result.index is not None else NONE,
            result.grade or NONE,
            str(per_area.get(code, 0)),
        ]
        for code, result in results.items()
    }
    for code, n in per_area.items():
        cells.setdefault(code, [NONE, NONE, str(n)])
    panel = Panel(
        "feedback/partials/_equity_flagged.html",
        {
            "rows": [{"flag": f, "area": area} for f, area in flagged],
            "low_ikm": settings.FORMASI_SURVEY_LOW_IKM,
            "pressure": reports.STAFFING_PRESSURE,
            "parent": parent,
        },
    )
    return Layer(
        columns=[_("IKM (12 months)"), _("Grade"), _("Low IKM and high workload")],
        cells=cells,
        panel=panel,
    )
