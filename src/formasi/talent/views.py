"""Pages of the talent app (issue 19): SKP entry per OPD and per employee with the unit's
predicate distribution checked, the 9-box with drill-down, the talent pool, and discipline
records.

Resources "talent" and "discipline": out of scope is 404, a role that may not is 403, anonymous
goes to the login page. The work is in ``services`` (writes) and ``boxes`` (reads).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.panels import employee_panels
from formasi.core.permissions import Action, can
from formasi.core.views import get_visible_or_404, require
from formasi.domain import performance
from formasi.domain import talent as talent_rules
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.organization.services import agency_choices, agency_for
from formasi.talent import boxes, services, text
from formasi.talent.forms import AssessmentForm, DisciplineForm, OrgPredicateForm, SkpForm
from formasi.talent.models import DisciplineRecord, SkpResult
from formasi.workforce.models import Employee

PEOPLE_SHOWN = 500
RECORDS_SHOWN = 300


def _agency(request: AuthenticatedHttpRequest) -> Agency | None:
    return agency_for(request.user, request.GET.get("agency"))


def _year(request: AuthenticatedHttpRequest, agency: Agency | None) -> int:
    raw = request.GET.get("tahun", "")
    this_year = timezone.localdate().year
    if raw.isdigit() and services.FIRST_YEAR <= int(raw) <= this_year:
        return int(raw)
    return boxes.default_year(request.user, agency)


def _years(year: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 5, this_year + 1), year}, reverse=True)


@login_required
@require_GET
def skp(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The agency's OPDs with how many of their people have the year's SKP result."""
    require(request.user, Action.VIEW, "talent")
    agency = _agency(request)
    year = _year(request, agency)
    rows: list[dict[str, Any]] = []
    if agency is not None:
        staff = boxes.people(request.user, agency)
        totals = dict(staff.values_list("unit__opd").annotate(n=Count("pk")).order_by())
        rated = dict(
            SkpResult.objects.visible_to(request.user)
            .filter(agency=agency, year=year, employee__active=True)
            .values_list("employee__unit__opd")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for unit in boxes.opds(request.user, agency):
            staff_n, rated_n = totals.get(unit.pk, 0), rated.get(unit.pk, 0)
            rows.append(
                {"unit": unit, "staff": staff_n, "rated": rated_n, "missing": staff_n - rated_n}
            )
    context = {
        "agency": agency,
        "agencies": agency_choices(request.user),
        "year": year,
        "years": _years(year),
        "rows": rows,
    }
    return render(request, "talent/skp.html", context)


@login_required
@require_GET
def skp_unit(request: AuthenticatedHttpRequest, unit_pk: int) -> HttpResponse:
    """One unit's people with the year's SKP result, and the distribution against the
    organisational predicate (PermenPAN-RB 6/2022)."""
    require(request.user, Action.VIEW, "talent")
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_pk)
    year = _year(request, unit.agency)
    rows = boxes.unit_rows(request.user, unit, year)
    counts = boxes.predicate_counts(rows)
    org_form = OrgPredicateForm(request.GET or None)
    org = performance.OrgPredicate.BAIK.value
    if org_form.is_valid() and org_form.cleaned_data["predikat"]:
        org = org_form.cleaned_data["predikat"]
    breaches = [text.breach_text(b, org) for b in performance.check_distribution(org, counts)]
    labels = dict(SkpResult._meta.get_field("predicate").choices or [])
    context = {
        "unit": unit,
        "year": year,
        "years": _years(year),
        "rows": rows[:PEOPLE_SHOWN],
        "more": max(0, len(rows) - PEOPLE_SHOWN),
        "distribution": [(labels[code], n) for code, n in counts.items()],
        "rated": sum(counts.values()),
        "org": org,
        "org_predicates": text.ORG_PREDICATES,
        "breaches": breaches,
        "can_change": can(request.user, Action.CHANGE, "talent"),
    }
    return render(request, "talent/skp_unit.html", context)


def _employee(request: AuthenticatedHttpRequest, pk: int) -> Employee:
    return get_visible_or_404(Employee, request.user, pk=pk)


def _employee_page(
    request: AuthenticatedHttpRequest,
    employee: Employee,
    year: int,
    *,
    skp_form: SkpForm | None = None,
    assessment_form: AssessmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    found = boxes.employee_year(request.user, employee, year)
    skp_row, assessment = found.skp, found.assessment
    if found.may_change and skp_form is None:
        initial = {"result": skp_row.result, "behaviour": skp_row.behaviour} if skp_row else None
        skp_form = SkpForm(initial=initial)
    if found.may_change and assessment_form is None:
        assessment_form = AssessmentForm(
            initial={
                "competency_score": assessment.competency_score,
                "education": assessment.education,
                "training_hours": assessment.training_hours,
            }
            if assessment
            else {"education": services.education_of(employee)}
        )
    context = {
        "employee": employee,
        "year": year,
        "skp": skp_row,
        "assessment": assessment,
        "box": found.box,
        "box_axes": text.axes_text(found.box) if found.box else "",
        "skp_form": skp_form if found.may_change else None,
        "assessment_form": assessment_form if found.may_change else None,
        "history": found.history,
        # Cards other apps add to the page (training: the plan lines), see core.panels.
        "panels": [
            render_to_string(p.template, p.context, request=request)
            for p in employee_panels(request.user, employee, year)
        ],
    }
    return render(request, "talent/employee.html", context, status=status)


def _valid_year(year: int) -> int:
    if not boxes.year_in_range(year):
        raise Http404(_("Not found."))
    return year


@login_required
@require_GET
def employee(request: AuthenticatedHttpRequest, pk: int, year: int) -> HttpResponse:
    require(request.user, Action.VIEW, "talent")
    return _employee_page(request, _employee(request, pk), _valid_year(year))


@login_required
@require_POST
def skp_save(request: AuthenticatedHttpRequest, pk: int, year: int) -> HttpResponse:
    require(request.user, Action.CHANGE, "talent")
    person = _employee(request, pk)
    form = SkpForm(request.POST)
    if form.is_valid():
        try:
            row, _created = services.record_skp(
                employee=person, year=_valid_year(year), actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("SKP %(year)s saved: %(predicate)s.")
                % {"year": year, "predicate": row.get_predicate_display()},
            )
            return redirect("talent:employee", pk=person.pk, year=year)
    return _employee_page(request, person, year, skp_form=form, status=400)


@login_required
@require_POST
def assessment_save(request: AuthenticatedHttpRequest, pk: int, year: int) -> HttpResponse:
    require(request.user, Action.CHANGE, "talent")
    person = _employee(request, pk)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            row, _created = services.record_assessment(
                employee=person, year=_valid_year(year), actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Assessment %(year)s saved: %(potential)s.")
                % {"year": year, "potential": row.get_potential_display()},
            )
            return redirect("talent:employee", pk=person.pk, year=year)
    return _employee_page(request, person, year, assessment_form=form, status=400)


def _box_filter(
    request: AuthenticatedHttpRequest, agency: Agency
) -> tuple[boxes.BoxFilter, list[OrgUnit]]:
    units = boxes.opds(request.user, agency)
    raw = request.GET.get("opd", "")
    opd = next((u for u in units if str(u.pk) == raw), None)
    family = request.GET.get("rumpun", "")
    kind = request.GET.get("jenis", "")
    chosen = boxes.BoxFilter(
        year=_year(request, agency),
        opd=opd,
        family=family if family in Position.Family.values else "",
        kind=kind if kind in Position.Kind.values else "",
    )
    return chosen, units


def _box_context(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    agency = _agency(request)
    context: dict[str, Any] = {"agency": agency, "agencies": agency_choices(request.user)}
    if agency is None:
        return context
    chosen, units = _box_filter(request, agency)
    context |= dict(
        chosen=chosen,
        units=units,
        families=Position.Family.choices,
        kinds=Position.Kind.choices,
        years=_years(chosen.year),
        query=request.GET.copy(),
    )
    context["query"].pop("halaman", None)
    return context


def _page(request: AuthenticatedHttpRequest, rows: boxes.PeoplePage) -> Page:
    return Paginator(rows, PEOPLE_SHOWN).get_page(request.GET.get("halaman"))


# The grid as drawn in PermenPAN-RB 3/2020: kinerja top to bottom, potensi left to right.
GRID = [[4, 7, 9], [2, 5, 8], [1, 3, 6]]
GRID_ROWS = [
    gettext_lazy("Above expectation"),
    gettext_lazy("As expected"),
    gettext_lazy("Below expectation"),
]


@login_required
@require_GET
def ninebox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The 3×3 grid with counts (counted by the database); ``?kotak=N`` lists the people in box
    N, a page at a time (``?halaman=``)."""
    require(request.user, Action.VIEW, "talent")
    context = _box_context(request)
    agency: Agency | None = context["agency"]
    raw = request.GET.get("kotak", "")
    box = int(raw) if raw.isdigit() and 1 <= int(raw) <= 9 else None
    if agency is not None:
        chosen: boxes.BoxFilter = context["chosen"]
        found = boxes.box_counts(request.user, agency, chosen)
        context["found"] = found
        context["grid"] = [
            (label, [(n, found.boxes[n], text.axes_text(n)) for n in row])
            for label, row in zip(GRID_ROWS, GRID, strict=True)
        ]
        if box is not None:
            page = _page(request, boxes.box_people(request.user, agency, chosen, box))
            context |= dict(
                box=box,
                box_axes=text.axes_text(box),
                box_actions=text.action_labels(talent_rules.DEVELOPMENT_ACTIONS[box]),
                box_people=page.object_list,
                page=page,
            )
    return render(request, "talent/ninebox.html", context)


@login_required
@require_GET
def pool(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Kelompok rencana suksesi instansi (kotak 7–9, no running sanction), its size per family
    and position kind, and who is left out for a running sanction; members a page at a time."""
    require(request.user, Action.VIEW, "talent")
    context = _box_context(request)
    agency: Agency | None = context["agency"]
    if agency is not None:
        found = boxes.pool(request.user, agency, context["chosen"])
        kinds = [(k, label) for k, label in Position.Kind.choices]
        table = []
        for family, label in Position.Family.choices:
            cells = [found.sizes.get((family, k), 0) for k, _label in kinds]
            if any(cells):
                table.append((label, cells, sum(cells)))
        page = _page(request, found.members)
        context |= dict(
            members=page.object_list,
            page=page,
            size=page.paginator.count,
            table=table,
            table_kinds=kinds,
            barred=found.barred,
        )
    return render(request, "talent/pool.html", context)


@login_required
@require_GET
def discipline_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "discipline")
    agency = _agency(request)
    today = timezone.localdate()
    records: list[DisciplineRecord] = []
    if agency is not None:
        records = list(
            DisciplineRecord.objects.visible_to(request.user)
            .filter(agency=agency)
            .select_related("employee")
            .order_by("-decided_on", "-id")[:RECORDS_SHOWN]
        )
    status = request.GET.get("status", "")
    rows = [(r, r.status_on(today)) for r in records]
    if status in DisciplineRecord.Status.values:
        rows = [(r, s) for r, s in rows if s == status]
    context = {
        "agency": agency,
        "agencies": agency_choices(request.user),
        "rows": rows,
        "status": status,
        "statuses": DisciplineRecord.Status.choices,
        "status_labels": dict(DisciplineRecord.Status.choices),
        "can_add": can(request.user, Action.ADD, "discipline"),
        "today": today,
    }
    return render(request, "talent/discipline_list.html", context)


def _discipline_form(
    request: AuthenticatedHttpRequest, data: Any = None, initial: Any = None
) -> DisciplineForm:
    employees = (
        Employee.objects.visible_to(request.user, Action.CHANGE, resource="discipline")
        .filter(active=True)
        .order_by("name", "id")
    )
    return DisciplineForm(data, initial=initial, employees=employees)


def _save_discipline(
    request: AuthenticatedHttpRequest, form: DisciplineForm, record: DisciplineRecord | None
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    try:
        services.record_discipline(actor=request.user, record=record, **data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, _("The discipline record was saved."))
    return redirect("talent:discipline_list")


@login_required
@require_http_methods(["GET", "POST"])
def discipline_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, "discipline")
    form = _discipline_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        done = _save_discipline(request, form, None)
        if done is not None:
            return done
    status = 400 if request.method == "POST" else 200
    return render(
        request, "talent/discipline_form.html", {"form": form, "record": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def discipline_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = get_visible_or_404(DisciplineRecord, request.user, pk=pk)
    require(request.user, Action.CHANGE, "discipline")
    if request.method == "POST":
        form = _discipline_form(request, request.POST)
        done = _save_discipline(request, form, record)
        if done is not None:
            return done
        status = 400
    else:
        form = _discipline_form(request, initial=DisciplineForm.initial_of(record))
        status = 200
    context = {"form": form, "record": record, "status": record.status_on(timezone.localdate())}
    return render(request, "talent/discipline_form.html", context, status=status)
