"""The ABK task list form: one row per task (uraian tugas), as a Django formset."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from formasi.domain import abk
from formasi.organization.models import OrgUnit, Position
from formasi.workload.models import WorkloadSettings

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

MIB = 1024 * 1024
#: Empty rows offered below the tasks (the "Add a row" button appends more, static/formasi/abk.js).
EXTRA_ROWS = 3
MAX_TASKS = 200


class AbkTaskForm(forms.Form):
    description = forms.CharField(
        label=_("Task (uraian tugas)"),
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    output_unit = forms.CharField(
        label=_("Output unit"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    volume = forms.DecimalField(
        label=_("Volume a year"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(
            attrs={"class": "form-control form-control-sm text-end", "step": "any"}
        ),
    )
    norm_minutes = forms.DecimalField(
        label=_("Time norm (minutes)"),
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(
            attrs={"class": "form-control form-control-sm text-end", "step": "any"}
        ),
    )


class BaseAbkTaskFormSet(forms.BaseFormSet):
    def tasks(self) -> list[dict[str, Any]]:
        """The kept rows of a valid formset, in order (blank extra rows and deleted rows out)."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and not form.cleaned_data.get("DELETE")
        ]

    def valid_tasks(self) -> list[abk.Task]:
        """For the live preview: every kept row that is valid on its own (the others wait)."""
        found = []
        for form in self.forms:
            if not form.has_changed() or not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            found.append(abk.Task(float(data["volume"]), float(data["norm_minutes"])))
        return found


AbkTaskFormSet = cast(
    "type[BaseAbkTaskFormSet]",
    forms.formset_factory(
        AbkTaskForm,
        formset=BaseAbkTaskFormSet,
        extra=EXTRA_ROWS,
        can_delete=True,
        min_num=1,
        validate_min=True,
        max_num=MAX_TASKS,
        validate_max=True,
        absolute_max=MAX_TASKS,
    ),
)


def _plain(value: Decimal) -> Decimal | int:
    """1200.00 → 1200, 12.50 → 12.5 (never 1.2E+3)."""
    return int(value) if value == value.to_integral_value() else value.normalize()


def initial_rows(tasks: Iterable[Any]) -> list[Mapping[str, Any]]:
    """Formset initial data from AbkTask rows."""
    return [
        {
            "description": t.description,
            "output_unit": t.output_unit,
            "volume": _plain(t.volume),
            "norm_minutes": _plain(t.norm_minutes),
        }
        for t in tasks
    ]


class AbkUploadForm(forms.Form):
    """A filled ABK workbook (Form A is read; see ``workload.workbook``)."""

    file = forms.FileField(
        label=_("ABK workbook"),
        help_text=_(
            "The workbook downloaded here, a KemenPAN-RB form (hours) or a Pemda anjab "
            "application's sheet with a “Satuan Waktu” column. You see the need before "
            "anything is saved; saving replaces the whole task list."
        ),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx,.xls,.ods"}
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.FORMASI_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is {size_mb} MB; the limit is {limit_mb} MB.").format(
                    size_mb=round(upload.size / MIB, 1), limit_mb=round(limit / MIB, 1)
                )
            )
        return upload


class SettingsForm(forms.ModelForm):
    """An agency's ABK settings (PermenPAN-RB 1/2020 defaults)."""

    class Meta:
        model = WorkloadSettings
        fields = [
            "effective_minutes",
            "effective_days",
            "working_days_per_week",
            "rounding",
            "bands",
        ]
        widgets = {
            "effective_minutes": forms.NumberInput(attrs={"class": "form-control", "min": 1}),
            "effective_days": forms.NumberInput(attrs={"class": "form-control", "min": 1}),
            "working_days_per_week": forms.NumberInput(
                attrs={"class": "form-control", "min": 1, "max": 7}
            ),
            "rounding": forms.Select(attrs={"class": "form-select"}),
            "bands": forms.Select(attrs={"class": "form-select"}),
        }


def _select(label: Any, choices: list[tuple[str, Any]]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "data-autosubmit": ""}),
    )


class PetaFilterForm(forms.Form):
    """The peta jabatan's filters and sort as the page shows them (a GET form; each choice
    reloads the page). ``formasi.workload.peta_map.PetaFilter`` reads the same query string."""

    unit = _select(_("Unit"), [])
    family = _select(_("Family"), [("", _("All families")), *Position.Family.choices])
    kind = _select(
        _("Kind"),
        [
            ("", _("All kinds")),
            ("struktural", _("Structural (JPT, administrator, pengawas)")),
            ("fungsional", _("Functional (JF)")),
            ("pelaksana", _("Pelaksana")),
        ],
    )
    gap = _select(
        _("Gap"),
        [("", _("All positions")), ("short", _("Shortage only")), ("over", _("Excess only"))],
    )
    sort = _select(
        _("Order"),
        [
            ("", _("Unit tree")),
            ("shortage", _("Largest shortage first")),
            ("excess", _("Largest excess first")),
            ("position", _("Position name")),
        ],
    )

    def __init__(self, data: Any, *, opd: OrgUnit, user: AnyUser) -> None:
        super().__init__(data)
        units = (
            OrgUnit.objects.visible_to(user)
            .filter(path__startswith=opd.path)
            .order_by("path")
            .values_list("pk", "name", "path")
        )
        base = opd.path.count("/")
        field = cast("forms.ChoiceField", self.fields["unit"])
        field.choices = [
            ("", _("The whole OPD")),
            *((str(pk), "\u2003" * (path.count("/") - base) + name) for pk, name, path in units),
        ]
