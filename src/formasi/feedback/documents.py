"""The SKM report of one service unit and year (issue 20 item 3), as a print view and a PDF.

Both are rendered from one context (:func:`report_context`) and one body template
(``feedback/partials/_report_body.html``) styled by one stylesheet
(``static/formasi/skm_report.css``, linked by the print view and inlined into the PDF:
WeasyPrint loads nothing from outside).

Layout: the report outline of the annex of **PermenPAN-RB 14/2017** (Pedoman Penyusunan Survei
Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik; regulation text copied at
https://puskaandriana.blogspot.com/2023/03/permenpan-no-14-th-2017-tentang-survey.html), as
published SKM reports follow it: Bab I Pendahuluan; Bab II Pengumpulan data (method, period,
respondents); Bab III Hasil pengolahan data (respondent profile; NRR per unsur, NRR tertimbang,
IKM and its conversion × 25, mutu and kinerja unit pelayanan from the interval table); Bab IV
Analisis (the weakest and strongest unsur, the rencana tindak lanjut to fill in, the trend
against last year, the complaints and their follow-up); Bab V Kesimpulan. Every figure is
``formasi.domain.survey``'s (``from_totals`` over the database's sums, equal to ``ikm``).

The PDF is a one-unit document of a few pages (WeasyPrint: one to two seconds), so it is made
while the request waits, unlike the usulan and the five-year plan PDFs that run as background
jobs (``proposals.tasks``, ``planning.tasks``) because they can run to hundreds of pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from formasi.domain.survey import UNSUR, IkmResult, grade, weakest
from formasi.feedback import reports, text
from formasi.feedback.models import Complaint, SurveyResponse
from formasi.organization.models import OrgUnit
from formasi.planning.export import print_pdf

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

FOUR = Decimal("0.0001")
CONVERSION = 25
STYLESHEET = "formasi/skm_report.css"
#: Rows of the rencana tindak lanjut: the unsur graded C or D, else the weakest one.
LOW_GRADES = ("C", "D")


@dataclass(frozen=True)
class UnsurRow:
    code: str
    name: str
    answered: int
    nrr: Decimal | None
    weighted: Decimal | None  # NRR × 1/9
    converted: Decimal | None  # NRR × 25
    grade: str | None
    weakest: bool


def nrr_rows(result: IkmResult) -> list[UnsurRow]:
    """The nine unsur with NRR, NRR tertimbang (× 1/9), NRR × 25 and the unsur's mutu."""
    low = weakest(result.nrr)
    rows = []
    for i, code in enumerate(UNSUR):
        nrr = result.nrr[i]
        rows.append(
            UnsurRow(
                code=code,
                name=str(text.UNSUR_NAMES[code]),
                answered=result.answered[i],
                nrr=nrr,
                weighted=None if nrr is None else (nrr / 9).quantize(FOUR),
                converted=None if nrr is None else (nrr * CONVERSION).quantize(Decimal("0.01")),
                grade=None if nrr is None else grade(nrr * CONVERSION),
                weakest=code == low,
            )
        )
    return rows


def unit_summary(user: AnyUser, unit: OrgUnit, year: int) -> dict[str, Any]:
    """What the unit page and the report share: the year's result, its grade and the NRR."""
    result = reports.unit_result(user, unit, reports.Period.year(year))
    return {
        "unit": unit,
        "year": year,
        "result": result,
        "grade_name": text.GRADE_NAMES.get(result.grade or "", ""),
        "nrr_rows": nrr_rows(result),
        "weakest": weakest(result.nrr),
    }


def _profile(user: AnyUser, unit: OrgUnit, year: int, total: int) -> dict[str, list[Any]]:
    start, end = reports.Period.year(year).bounds()
    rows = SurveyResponse.objects.visible_to(user).filter(
        unit=unit, submitted_at__gte=start, submitted_at__lt=end
    )
    counts = reports.profile_counts(rows)
    return {
        field: [
            (label, n, (Decimal(100 * n) / total).quantize(Decimal("0.1")) if total else None)
            for label, n in found
        ]
        for field, found in counts.items()
    }


def _complaints(user: AnyUser, unit: OrgUnit, year: int) -> dict[str, Any]:
    found = list(reports.complaints(user, unit, reports.Period.year(year)))
    by_status = {value: 0 for value in Complaint.Status.values}
    for c in found:
        by_status[c.status] += 1
    hours = [h for c in found if (h := c.hours_to_answer) is not None]
    return {
        "total": len(found),
        "by_status": [(label, by_status[value]) for value, label in Complaint.Status.choices],
        "by_code": by_status,
        "mean_days": round(sum(hours) / len(hours) / 24, 1) if hours else None,
    }


def report_context(user: AnyUser, unit: OrgUnit, year: int, on: date) -> dict[str, Any]:
    """Everything the SKM report shows, scoped to ``user``."""
    context = unit_summary(user, unit, year)
    result: IkmResult = context["result"]
    rows: list[UnsurRow] = context["nrr_rows"]
    scored = [r for r in rows if r.nrr is not None]
    follow_up = [r for r in scored if r.grade in LOW_GRADES] or [r for r in scored if r.weakest]
    previous = reports.unit_result(user, unit, reports.Period.year(year - 1))
    context.update(
        {
            "agency": unit.agency,
            "profile": _profile(user, unit, year, result.respondents),
            "ikm_scale4": None
            if result.index is None
            else (result.index / CONVERSION).quantize(FOUR),
            "weighted_sum": (
                sum((r.weighted for r in scored if r.weighted is not None), Decimal(0))
                if scored
                else None
            ),
            "strongest": max(scored, key=lambda r: r.nrr or 0).code if scored else None,
            "follow_up": sorted(follow_up, key=lambda r: (r.nrr, r.code)),
            "previous": previous,
            "previous_year": year - 1,
            "complaints": _complaints(user, unit, year),
            "printed": on,
            "bands": [
                ("A", "88,31 – 100,00", text.GRADE_NAMES["A"]),
                ("B", "76,61 – 88,30", text.GRADE_NAMES["B"]),
                ("C", "65,00 – 76,60", text.GRADE_NAMES["C"]),
                ("D", "25,00 – 64,99", text.GRADE_NAMES["D"]),
            ],
        }
    )
    return context


def stylesheet() -> str:
    """The report's stylesheet, as the PDF inlines it."""
    path = finders.find(STYLESHEET)
    assert isinstance(path, str), STYLESHEET
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def filename(unit: OrgUnit, year: int) -> str:
    return f"laporan-skm-{slugify(unit.name)}-{year}.pdf"


def render_html(context: dict[str, Any]) -> str:
    """The PDF's HTML: an Indonesian document whatever the UI language, self-contained."""
    with translation.override("id"):
        return render_to_string("feedback/report_pdf.html", {**context, "css": stylesheet()})


def report_pdf(context: dict[str, Any]) -> bytes:
    return print_pdf(render_html(context))
