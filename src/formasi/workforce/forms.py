"""The employee edit form: dropdowns narrowed to what the user may see, shared validation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext as _

from formasi.core.blank_choice import word_blank_choices
from formasi.core.permissions import Action, can
from formasi.organization.models import OrgUnit, Position, Region
from formasi.workforce.models import Employee
from formasi.workforce.services import edit_version
from formasi.workforce.validation import EmployeeInput, clean_identifier, validate_employee

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class EmployeeValidationMixin:
    """The shared employee rules, for any ModelForm over Employee (page and admin)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("nip", "nik"):
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is not None:
                # Typed spaces and dots are removed before the length is checked.
                field.max_length = 30
                field.validators = []
                field.widget.attrs["maxlength"] = "30"

    def clean_nip(self) -> str | None:
        return clean_identifier(self.cleaned_data.get("nip")) or None  # type: ignore[attr-defined]

    def clean_nik(self) -> str:
        return clean_identifier(self.cleaned_data.get("nik"))  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        errors = validate_employee(
            EmployeeInput(
                status=data.get("status") or "",
                nip=data.get("nip"),
                nik=data.get("nik") or "",
                birth_date=data.get("birth_date"),
                sex=data.get("sex") or "",
                contract_end=data.get("contract_end"),
            )
        )
        for field_name, messages in errors.items():
            for message in messages:
                target = field_name if field_name in self.fields else None  # type: ignore[attr-defined]
                self.add_error(target, message)  # type: ignore[attr-defined]
        return data


class EmployeeForm(EmployeeValidationMixin, forms.ModelForm):
    class Meta:
        model = Employee
        fields = [
            "name",
            "status",
            "nip",
            "nik",
            "sex",
            "birth_place",
            "birth_date",
            "position",
            "unit",
            "tmt_position",
            "tmt_cpns",
            "contract_end",
            "golongan",
            "education",
            "origin_region",
            "domicile_region",
            "address",
        ]
        widgets = {
            "birth_date": DateInput(),
            "tmt_position": DateInput(),
            "tmt_cpns": DateInput(),
            "contract_end": DateInput(),
        }

    # The version the edit started from (optimistic locking): required when editing, so a
    # post without it (an old tab, a hand-made request) cannot overwrite a newer change.
    edit_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["edit_version"].initial = edit_version(self.instance)
        self._choices("unit").queryset = OrgUnit.objects.visible_to(user, Action.VIEW).filter(
            active=True
        )
        self._choices("position").queryset = Position.objects.visible_to(user, Action.VIEW).filter(
            active=True
        )
        regions = Region.objects.exclude(level=Region.Level.PROVINCE).only("code", "name")
        self._choices("origin_region").queryset = regions
        self._choices("domicile_region").queryset = regions
        if not can(user, Action.VIEW, "nik"):
            del self.fields["nik"]  # the full NIK is for the agency's admin only
        else:
            self.fields["nik"].widget.attrs["autocomplete"] = "off"
        word_blank_choices(self.fields.values())
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def _choices(self, name: str) -> forms.ModelChoiceField[Any]:
        """One of the model's foreign keys (a ModelChoiceField)."""
        return cast("forms.ModelChoiceField[Any]", self.fields[name])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        version = (data.get("edit_version") or "").strip()
        if self.instance.pk is not None and not version.isdigit():
            self.add_error(
                None,
                _(
                    "This form does not say which version of the employee it started from, "
                    "so it could overwrite someone else's change. Nothing was saved: reload "
                    "the page and make your change again."
                ),
            )
        data["edit_version"] = version
        return data
