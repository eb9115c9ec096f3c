"""Pages for the workforce: dashboard, employee list, detail, add, edit and CSV export."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.downloads import streamed_download
from formasi.core.pagination import CachedCountPaginator
from formasi.core.panels import attention, panels
from formasi.core.permissions import Action, can
from formasi.core.views import get_visible_or_404, require
from formasi.domain.csvcells import CsvWriter
from formasi.organization.models import Agency
from formasi.workforce.dashboard import headcount
from formasi.workforce.filters import EmployeeFilterForm
from formasi.workforce.forms import EmployeeForm
from formasi.workforce.history import history_rows
from formasi.workforce.models import Employee
from formasi.workforce.search import MIN_LENGTH
from formasi.workforce.search import search as find
from formasi.workforce.services import save_employee


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "dashboard")
    today = timezone.localdate()
    summary = headcount(request.user, today)
    context = {
        "summary": summary,
        "charts": summary.chart_data(),
        "today": today,
        "small_population": settings.FORMASI_SMALL_POPULATION,
        # Need and gap (workload), plans over the cap (planning): apps above this one
        # register them (formasi.core.panels).
        "panels": [
            render_to_string(p.template, p.context, request=request)
            for p in panels(request.user, today)
        ],
        "attention": attention(request.user, today),
    }
    return render(request, "workforce/dashboard.html", context)


@login_required
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Positions, work units and people matching ``q``, each inside the user's scope."""
    require(request.user, Action.VIEW, "dashboard")
    found = find(request.user, request.GET.get("q", ""))
    return render(request, "workforce/search.html", {"found": found, "min_length": MIN_LENGTH})


def _filtered(request: AuthenticatedHttpRequest, action: Action) -> tuple[EmployeeFilterForm, Any]:
    form = EmployeeFilterForm(request.GET or None, user=request.user)
    qs = Employee.objects.visible_to(request.user, action)
    return form, form.filter(qs)


@login_required
def employee_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "employee")
    form, qs = _filtered(request, Action.VIEW)
    qs = qs.select_related("position", "unit")
    agency_ids = Agency.objects.visible_to(request.user).values_list("pk", flat=True)
    paginator = CachedCountPaginator(qs, settings.PAGE_SIZE, agency_ids=agency_ids)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    context = {
        "filter_form": form,
        "page": page,
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "sort": request.GET.get("sort") or "name",
        "can_add": can(request.user, Action.ADD, "employee"),
        "can_export": can(request.user, Action.EXPORT, "employee"),
        "show_nik": can(request.user, Action.VIEW, "nik"),
    }
    template = "workforce/employee_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "workforce/partials/_employee_table.html"
    return render(request, template, context)


@login_required
def employee_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employee = get_visible_or_404(Employee, request.user, pk=pk)
    history = employee.history.select_related("history_user", "unit", "position").order_by(
        "-history_date"
    )[:50]
    return render(
        request,
        "workforce/employee_detail.html",
        {
            "employee": employee,
            "history": history_rows(
                history,
                show_nik=can(request.user, Action.VIEW, "nik"),
                show_personal=can(request.user, Action.VIEW, "personal_data"),
            ),
            "can_change": can(request.user, Action.CHANGE, "employee"),
            "show_personal": can(request.user, Action.VIEW, "personal_data"),
            "show_nik": can(request.user, Action.VIEW, "nik"),
            "age": employee.age_on(timezone.localdate()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def employee_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, "employee")
    # None for a user without an agency (a superuser): validating the employee rejects it.
    employee = Employee(agency_id=request.user.agency_id)  # type: ignore[misc]
    return _edit(request, employee, created=True)


@login_required
@require_http_methods(["GET", "POST"])
def employee_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employee = get_visible_or_404(Employee, request.user, pk=pk)
    require(request.user, Action.CHANGE, "employee")
    return _edit(request, employee, created=False)


def _edit(request: AuthenticatedHttpRequest, employee: Employee, *, created: bool) -> HttpResponse:
    form = EmployeeForm(request.POST or None, instance=employee, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_employee(
                employee=form.instance,
                actor=request.user,
                expected_version=None if created else form.cleaned_data["edit_version"],
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, messages_ in errors.items():
                for error in messages_:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("The employee data was saved."))
            return redirect("workforce:employee_detail", pk=saved.pk)
    return render(
        request,
        "workforce/employee_form.html",
        {"form": form, "employee": employee, "created": created},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def employee_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    require(request.user, Action.EXPORT, "employee")
    _form, qs = _filtered(request, Action.EXPORT)
    qs = qs.select_related("position", "unit", "origin_region")
    show_nik = can(request.user, Action.VIEW, "nik")
    hidden = _("recorded (hidden)")
    header = [
        _("NIP"),
        _("NIK"),
        _("Name"),
        _("Sex"),
        _("Status"),
        _("Position"),
        _("Work unit"),
        _("Rank (golongan)"),
        _("Education"),
        _("Region of origin"),
    ]

    def rows() -> Any:
        writer = CsvWriter(_Echo())  # formula-like text guarded (issue 13)
        yield "\ufeff" + writer.writerow(header)  # BOM so Excel reads UTF-8
        for e in qs.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.nip or "",
                    e.nik if show_nik else (hidden if e.nik else ""),
                    e.name,
                    e.get_sex_display(),
                    e.get_status_display(),
                    e.position.name,
                    e.unit.name,
                    e.golongan,
                    e.get_education_display(),
                    e.origin_region.name if e.origin_region else "",
                ]
            )

    return streamed_download(rows(), "pegawai.csv")
