"""A low IKM as evidence in the next usul kebutuhan (issue 20 item 5), registered with
``proposals.extra_evidence`` from apps.py: a drafted item of a unit the public rated low over the
year before the proposal's year (grade C/D or an index below FORMASI_SURVEY_LOW_IKM, the
dashboard card's rule ``reports.is_low``) gets the sentence "IKM <unit> tahun N: 68,40 (C), di
bawah ambang 77" appended to its justification and shown on its trace."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from formasi.feedback import reports
from formasi.organization.models import OrgUnit

KEY = "ikm"


def low_ikm(agency_id: int, year: int, unit_ids: set[int]) -> dict[int, list[dict[str, Any]]]:
    """unit -> [{unit, year, index, grade, threshold}] for the units rated low in ``year`` − 1."""
    surveyed = year - 1
    results = reports.units_results(agency_id, unit_ids, reports.Period.year(surveyed))
    low = {pk: r for pk, r in results.items() if reports.is_low(r)}
    names = dict(OrgUnit.unscoped.filter(pk__in=low).values_list("pk", "name"))
    threshold = int(settings.FORMASI_SURVEY_LOW_IKM)
    return {
        pk: [
            {
                "unit": names.get(pk, ""),
                "year": surveyed,
                "index": str(result.index),
                "grade": result.grade,
                "threshold": threshold,
            }
        ]
        for pk, result in low.items()
    }


def word(data: Mapping[str, Any]) -> str:
    index = Decimal(str(data["index"]))
    values = {
        "unit": data.get("unit", ""),
        "year": data["year"],
        "index": number_format(index, decimal_pos=2),
        "grade": data.get("grade", ""),
        "threshold": data.get("threshold", ""),
    }
    if index < Decimal(str(data.get("threshold") or 0)):
        return _(
            "IKM of {unit} in {year}: {index} ({grade}), below the threshold of {threshold}."
        ).format(**values)
    return _("IKM of {unit} in {year}: {index} (grade {grade}), a low grade.").format(**values)
