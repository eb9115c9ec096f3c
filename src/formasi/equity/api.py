"""API of the equity view (issue 6), scoped like the page.

No ``from __future__ import annotations`` here: django-ninja resolves the schema types at
import time.
"""

from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.api import responses
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.equity import services, tables
from formasi.equity.views import parse_threshold
from formasi.organization.models import Position

router = Router(tags=["equity"])


class AreaIndicatorsOut(Schema):
    code: str
    name: str
    population: int | None
    staff: int
    need: int
    shortage: int
    excess: int
    per_1000: float | None = Field(None, description="Staff per 1,000 residents")
    fulfilment: float | None = Field(None, description="Staff ÷ need")
    shortage_share: float | None = Field(None, description="Shortage ÷ need")
    facilities: int
    facilities_under: int = Field(description="Facilities with staff ÷ need below the threshold")
    facilities_under_share: float | None


class IndicesOut(Schema):
    measure: str = Field(description="per_resident (weighted by population) or fulfilment")
    areas: int
    gini: float | None
    theil_t: float | None
    theil_l: float | None
    cv: float | None


class DecompositionOut(Schema):
    measure: str
    index: str = Field(description="T or L")
    groups: int = Field(
        description="Areas grouped over: the areas listed (their children split within and "
        "between them), or at tingkat=desa the kecamatan of the desa/kelurahan listed"
    )
    total: float | None
    within: float | None
    between: float | None


class LorenzOut(Schema):
    basis: str = Field(description="population or need")
    x: list[float]
    y: list[float]
    gini: float | None


class UnderservedOut(Schema):
    rank: int
    code: str
    name: str
    score: float = Field(description="Shortage share")
    reasons: list[str] = Field(
        description="Reason kinds: shortage, fulfilment, per_1000, family_shortage, facilities"
    )
    text: str


class RegionRef(Schema):
    code: str
    name: str
    level: str


class EquityOut(Schema):
    level: str = Field(description="Level of the areas listed ('' when the area has none)")
    tingkat: str = Field(description="anak or desa: the level toggle as applied")
    parent: RegionRef
    agency: str
    family: str
    threshold: float
    areas: list[AreaIndicatorsOut]
    indices: list[IndicesOut]
    decomposition: list[DecompositionOut]
    lorenz: LorenzOut | None
    underserved: list[UnderservedOut]


class EquityQuery(Schema):
    wilayah: str | None = Field(
        None, max_length=13, description="Region code (default: your agency's region)"
    )
    keluarga: str | None = Field(None, max_length=20, description="Position family")
    ambang: str | None = Field(
        None, max_length=10, description="Facility threshold, staff ÷ need, from 0 to 2"
    )
    tingkat: str | None = Field(
        None,
        max_length=10,
        description=(
            "anak (default): the areas directly below the region; desa: every desa/kelurahan "
            "below a province or kabupaten/kota (grouped by kecamatan for the decomposition). "
            "Ignored below a kabupaten/kota"
        ),
    )


@router.get("/equity/areas", response=responses({200: EquityOut}, 400, 404, 422))
def get_equity_areas(
    request: AuthenticatedHttpRequest, filters: Query[EquityQuery]
) -> dict[str, Any]:
    """Indicators of the child areas of a region, inequality indices, their decomposition,
    the Lorenz curve and the underserved areas with their reasons."""
    require(request.user, Action.VIEW, "need")
    family = filters.keluarga or ""
    if family and family not in Position.Family.values:
        raise HttpError(400, _("Unknown position family."))
    threshold = services.default_threshold()
    if filters.ambang:
        found = parse_threshold(filters.ambang)
        if found is None:
            raise HttpError(400, _("The threshold must be a number from 0 to 2."))
        threshold = found
    tingkat = filters.tingkat or services.DEFAULT_TINGKAT
    if tingkat not in services.TINGKAT:
        raise HttpError(400, _("Unknown level: use anak or desa."))
    agency, parent = services.resolve(request.user, (filters.wilayah or "").strip() or None)
    villages = services.villages_apply(parent, tingkat)
    report = services.report(
        request.user, agency, parent, family=family, threshold=threshold, villages=villages
    )
    return {
        "level": report.level,
        "tingkat": "desa" if villages else "anak",
        "parent": {"code": parent.code, "name": parent.name, "level": parent.level},
        "agency": agency.code,
        "family": family,
        "threshold": threshold,
        "areas": [tables.area_row(row) for row in report.indicators],
        "indices": [vars(i) for i in report.indices],
        "decomposition": [vars(d) for d in report.decomposition],
        "lorenz": vars(report.lorenz) if report.lorenz else None,
        "underserved": tables.underserved_rows(report),
    }
