"""Pages of the training app (issue 20 item 4): the yearly training plan filtered by OPD,
family and kecamatan (and its xlsx), gaps per unit, the 20 JP right per person, the competency
standards, and one employee's competencies, hours and plan lines.

Resource "training" (the standards: "competency_standard"): out of scope is 404, a role that
may not is 403, anonymous goes to the login page. Writes go through ``services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.downloads import download
from formasi.core.permissions import Action, can
from formasi.core.views import get_visible_or_404, require
from formasi.core.xlsx import write_table
from formasi.domain.importing import Column, ColumnKind
from formasi.organization.models import Agency, Position
from formasi.organization.services import agency_choices, agency_for
from formasi.training import reads, services
from formasi.training.forms import CompetencyForm, DevelopmentForm
from formasi.training.models import (
    Competency,
    CompetencyRecord,
    CompetencyStandard,
    DevelopmentRecord,
    PlanLine,
    Priority,
    Source,
)
from formasi.workforce.models import Employee

LINES_SHOWN = 500
PEOPLE_SHOWN = 500


def _agency(request: AuthenticatedHttpRequest) -> Agency | None:
    return agency_for(request.user, request.GET.get("agency"))


def _year(request: AuthenticatedHttpRequest) -> int:
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and services.FIRST_YEAR <= int(raw) <= services.LAST_YEAR:
        return int(raw)
    return timezone.localdate().year


def _years(year: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 3, this_year + 2), year}, reverse=True)


def _filter(request: AuthenticatedHttpRequest, agency: Agency) -> tuple[reads.Filter, dict]:
    units = reads.opds(request.user, agency)
    places = reads.districts(agency)
    opd = next((u for u in units if str(u.pk) == request.GET.get("opd", "")), None)
    district = next((r for r in places if str(r.pk) == request.GET.get("kecamatan", "")), None)
    family = request.GET.get("rumpun", "")
    chosen = reads.Filter(
        year=_year(request),
        opd=opd,
        family=family if family in Position.Family.values else "",
        district=district,
    )
    choices = {"units": units, "places": places, "families": Position.Family.choices}
    return chosen, choices


def _context(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    agency = _agency(request)
    context: dict[str, Any] = {"agency": agency, "agencies": agency_choices(request.user)}
    if agency is not None:
        chosen, choices = _filter(request, agency)
        context |= choices | {
            "chosen": chosen,
            "years": _years(chosen.year),
            "query": _query(chosen, agency),
        }
    return context


def _query(chosen: reads.Filter, agency: Agency) -> str:
    parts = [f"agency={agency.code}", f"tahun={chosen.year}"]
    if chosen.opd is not None:
        parts.append(f"opd={chosen.opd.pk}")
    if chosen.family:
        parts.append(f"rumpun={chosen.family}")
    if chosen.district is not None:
        parts.append(f"kecamatan={chosen.district.pk}")
    return "&".join(parts)


@login_required
@require_GET
def plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The year's training plan: who, what, priority, hours, cost and provider."""
    require(request.user, Action.VIEW, "training")
    context = _context(request)
    agency, chosen = context["agency"], context.get("chosen")
    if agency is not None and chosen is not None:
        lines = list(reads.plan_lines(request.user, agency, chosen)[: LINES_SHOWN + 1])
        for line in lines:
            line.what = reads.line_title(line)  # type: ignore[attr-defined]
        totals = reads.plan_lines(request.user, agency, chosen).order_by()
        context |= {
            "lines": lines[:LINES_SHOWN],
            "more": len(lines) > LINES_SHOWN,
            "totals": reads.plan_totals(totals),
            "can_generate": can(request.user, Action.ADD, "training"),
            "can_export": can(request.user, Action.EXPORT, "training"),
        }
    return render(request, "training/plan.html", context)


def export_columns() -> list[Column]:
    choice = ColumnKind.CHOICE
    return [
        Column("year", _("Year"), ColumnKind.INTEGER),
        Column("nip", _("NIP")),
        Column("name", _("Name")),
        Column("position", _("Position")),
        Column("unit", _("Work unit")),
        Column("district", _("Kecamatan")),
        Column("what", _("Training")),
        Column("priority", _("Priority"), choice, choices=_labels(Priority.choices)),
        Column("hours", _("Lesson hours (JP)"), ColumnKind.INTEGER),
        Column("cost", _("Cost (Rp)"), ColumnKind.INTEGER),
        Column("provider", _("Provider")),
        Column("source", _("Source"), choice, choices=_labels(Source.choices)),
    ]


def _labels(choices: list[tuple[str, Any]]) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


@login_required
@require_GET
def plan_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The filtered plan as an xlsx workbook (``core.xlsx``)."""
    require(request.user, Action.EXPORT, "training")
    context = _context(request)
    agency, chosen = context["agency"], context.get("chosen")
    rows: list[dict[str, object]] = []
    if agency is not None and chosen is not None:
        qs = reads.plan_lines(request.user, agency, chosen).select_related(
            "employee__unit__district"
        )
        rows = [reads.export_row(line) for line in qs.iterator(chunk_size=2000)]
    data = write_table(export_columns(), rows, "xlsx", sheet_title=_("Training plan"))
    return download(data, f"rencana-pelatihan-{chosen.year if chosen else ''}.xlsx")


@login_required
@require_POST
def plan_generate(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add the lines the gaps and the previous year's 9-box call for (``generate_plan``)."""
    require(request.user, Action.ADD, "training")
    agency = agency_for(request.user, request.POST.get("agency"))
    year = request.POST.get("tahun", "")
    if agency is None or not year.isdigit():
        messages.error(request, _("Choose an agency and a year."))
        return redirect("training:plan")
    try:
        done = services.generate_plan(agency=agency, year=int(year), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "%(gaps)s lines added from competency gaps and %(boxes)s from the 9-box; "
                "%(kept)s lines already in the plan were kept as they are."
            )
            % {"gaps": done.from_gaps, "boxes": done.from_boxes, "kept": done.kept},
        )
    url = reverse("training:plan")
    return redirect(f"{url}?agency={agency.code}&tahun={year}")


@login_required
@require_GET
def gaps(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each competency across the filtered people: held to it, short of it, levels missing."""
    require(request.user, Action.VIEW, "training")
    context = _context(request)
    agency, chosen = context["agency"], context.get("chosen")
    if agency is not None and chosen is not None:
        rows, assessed = reads.unit_gap_rows(request.user, agency, chosen)
        context |= {"rows": rows, "assessed": assessed}
    return render(request, "training/gaps.html", context)


@login_required
@require_GET
def hours(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The 20 JP right (PP 11/2017 Pasal 203): per OPD, and who is below it."""
    require(request.user, Action.VIEW, "training")
    context = _context(request)
    agency, chosen = context["agency"], context.get("chosen")
    if agency is not None and chosen is not None:
        rows = reads.hours_rows(request.user, agency, chosen)
        below = [r for r in rows if r.status.below]
        context |= {
            "staff": len(rows),
            "below": below[:PEOPLE_SHOWN],
            "below_count": len(below),
            "below_more": max(0, len(below) - PEOPLE_SHOWN),
            "per_unit": reads.hours_per_unit(rows),
            "right": reads.right_hours(),
        }
    return render(request, "training/hours.html", context)


@login_required
@require_GET
def standards(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The competency standard of each position (PermenPAN-RB 38/2017), by position."""
    require(request.user, Action.VIEW, "competency_standard")
    agency = _agency(request)
    rows: list[CompetencyStandard] = []
    if agency is not None:
        rows = list(reads.standards(request.user, agency))
    context = {"agency": agency, "agencies": agency_choices(request.user), "rows": rows}
    return render(request, "training/standards.html", context)


def _employee_page(
    request: AuthenticatedHttpRequest,
    person: Employee,
    *,
    competency_form: CompetencyForm | None = None,
    development_form: DevelopmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    year = _year(request)
    may_change = (
        Employee.objects.visible_to(request.user, Action.CHANGE, resource="training")
        .filter(pk=person.pk)
        .exists()
    )
    competencies = Competency.objects.visible_to(request.user).filter(agency=person.agency_id)
    if may_change and competency_form is None:
        competency_form = CompetencyForm(
            initial={"assessed_on": timezone.localdate()}, competencies=competencies
        )
    if may_change and development_form is None:
        development_form = DevelopmentForm()
    lines = list(
        PlanLine.objects.visible_to(request.user)
        .filter(employee=person, year=year)
        .select_related("competency")
    )
    for line in lines:
        line.what = reads.line_title(line)  # type: ignore[attr-defined]
    done = list(
        DevelopmentRecord.objects.visible_to(request.user).filter(employee=person, year=year)
    )
    context = {
        "employee": person,
        "year": year,
        "years": _years(year),
        "gaps": reads.employee_gaps(person),
        "records": CompetencyRecord.objects.visible_to(request.user)
        .filter(employee=person)
        .select_related("competency"),
        "lines": lines,
        "done": done,
        "status": reads.person_hours(done, lines),
        "competency_form": competency_form if may_change else None,
        "development_form": development_form if may_change else None,
    }
    return render(request, "training/employee.html", context, status=status)


@login_required
@require_GET
def employee(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW, "training")
    person = get_visible_or_404(Employee, request.user, pk=pk)
    return _employee_page(request, person)


@login_required
@require_POST
def competency_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.CHANGE, "training")
    person = get_visible_or_404(Employee, request.user, pk=pk)
    competencies = Competency.objects.visible_to(request.user).filter(agency=person.agency_id)
    form = CompetencyForm(request.POST, competencies=competencies)
    if form.is_valid():
        try:
            services.record_competency(employee=person, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The competency level was saved."))
            return redirect("training:employee", pk=person.pk)
    return _employee_page(request, person, competency_form=form, status=400)


@login_required
@require_POST
def development_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.CHANGE, "training")
    person = get_visible_or_404(Employee, request.user, pk=pk)
    form = DevelopmentForm(request.POST)
    year = _year(request)
    if form.is_valid():
        try:
            services.record_development(
                employee=person, year=year, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The development hours were saved."))
            url = reverse("training:employee", args=[person.pk])
            return redirect(f"{url}?tahun={year}")
    return _employee_page(request, person, development_form=form, status=400)
