"""Plain sentences for leaders from the domain's underserved reasons, in the UI language.

"Bukit Batu: 4,1 ASN per 1.000 penduduk; median kota 9,7; kurang 23 guru dan 6 tenaga
kesehatan". Numbers follow the active locale (Indonesian: decimal comma, thousands dot).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from formasi.domain.equity import Reason, Thresholds, Underserved
from formasi.organization.models import Region


def decimal(value: float | None, digits: int = 1) -> str:
    """4.1 -> '4,1' in Indonesian; None -> '–'."""
    if value is None:
        return "–"
    return number_format(round(value, digits), decimal_pos=digits, force_grouping=True)


def integer(value: int | None) -> str:
    if value is None:
        return "–"
    return number_format(value, decimal_pos=0, force_grouping=True)


def percent(share: float | None, digits: int = 0) -> str:
    """0.853 -> '85 %'."""
    if share is None:
        return "–"
    return f"{decimal(share * 100, digits)} %"


def _family(family: str, count: int) -> str:
    nouns: dict[str, Callable[[int], str]] = {
        "guru": lambda n: ngettext("{n} teacher", "{n} teachers", n),
        "kesehatan": lambda n: ngettext("{n} health worker", "{n} health workers", n),
        "ti": lambda n: ngettext("{n} IT officer", "{n} IT officers", n),
        "teknis": lambda n: ngettext("{n} technical officer", "{n} technical officers", n),
        "administrasi": lambda n: ngettext(
            "{n} administrative officer", "{n} administrative officers", n
        ),
        "manajerial": lambda n: ngettext("{n} manager", "{n} managers", n),
    }
    other = lambda n: ngettext("{n} other civil servant", "{n} other civil servants", n)  # noqa: E731
    return nouns.get(family, other)(count).format(n=integer(count))


def join(parts: Sequence[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])


def median_label(parent: Region) -> str:
    """Whose median the areas are compared with: 'median kota', 'median kecamatan' …"""
    if parent.level == Region.Level.PROVINCE:
        return _("province median")
    if parent.level == Region.Level.REGENCY:
        # Kota codes run from 71 (Permendagri 58/2021 numbering), kabupaten below.
        return _("city median") if parent.code[3:5] >= "71" else _("regency median")
    if parent.level == Region.Level.DISTRICT:
        return _("kecamatan median")
    return _("median")


def reason_parts(reasons: Sequence[Reason], median: str) -> list[str]:
    """The reasons as short clauses, the most telling first."""
    by_kind: dict[str, list[Reason]] = {}
    for reason in reasons:
        by_kind.setdefault(reason.kind, []).append(reason)
    parts = []
    for reason in by_kind.get("per_1000", []):
        parts.append(
            _("{value} civil servants per 1,000 residents; {median} {reference}").format(
                value=decimal(reason.value), median=median, reference=decimal(reason.reference)
            )
        )
    for reason in by_kind.get("fulfilment", []):
        parts.append(
            _("{value} of the need filled; {median} {reference}").format(
                value=percent(reason.value), median=median, reference=percent(reason.reference)
            )
        )
    families = by_kind.get("family_shortage", [])
    if families:
        short = join([_family(r.family, r.count) for r in families])
        parts.append(_("short of {families}").format(families=short))
    else:
        for reason in by_kind.get("shortage", []):
            parts.append(
                ngettext(
                    "short of {count} civil servant ({share} of the need)",
                    "short of {count} civil servants ({share} of the need)",
                    reason.count,
                ).format(count=integer(reason.count), share=percent(reason.value))
            )
    for reason in by_kind.get("facilities", []):
        parts.append(
            ngettext(
                "{count} of {total} facility staffed below the threshold",
                "{count} of {total} facilities staffed below the threshold",
                reason.total,
            ).format(count=integer(reason.count), total=integer(reason.total))
        )
    return parts


def sentence(area: Underserved, median: str) -> str:
    """'Bukit Batu: 4,1 ASN per 1.000 penduduk; median kota 9,7; kurang 23 guru …'"""
    parts = reason_parts(area.reasons, median)
    if not parts:
        return area.name
    return _("{name}: {reasons}").format(name=area.name, reasons="; ".join(parts))


#: The map colours of the fulfilment bands (``domain.equity.bands``): red when short, a pale
#: red below the need, a neutral grey at the need, blue (a second hue) above the tolerance.
BAND_COLOURS = {
    "short": "#d63939",
    "under": "#f4b4ae",
    "balanced": "#e3e6ea",
    "over": "#4263eb",
    "none": "#ffffff",
}


def fulfilment_scale(thresholds: Thresholds) -> dict[str, Any]:
    """The fixed colour scale of a fulfilment map as equity.js draws it: ECharts pieces
    (bounds in ratios) with their legend labels in the UI language, low to high."""
    low, high = thresholds.short_below, thresholds.over_above
    pieces: list[dict[str, Any]] = [
        {"band": "short", "lt": low, "label": _("below {low}").format(low=percent(low))},
        {
            "band": "under",
            "gte": low,
            "lt": 1.0,
            "label": _("{low} to under {full}").format(low=percent(low), full=percent(1.0)),
        },
        {
            "band": "balanced",
            "gte": 1.0,
            "lte": high,
            "label": _("{full} to {high}").format(full=percent(1.0), high=percent(high)),
        },
        {"band": "over", "gt": high, "label": _("above {high}").format(high=percent(high))},
    ]
    for piece in pieces:
        piece["color"] = BAND_COLOURS[str(piece["band"])]
    return {
        "title": _("Fulfilment (staff ÷ need)"),
        "pieces": [p for p in pieces if "lt" not in p or p.get("gte", 0) < p["lt"]],
        "none": {"label": _("no need recorded"), "color": BAND_COLOURS["none"]},
    }
