"""The form of a five-year plan scenario (issue 5): its assumptions and one priority per
position family. The limits are the model's validators, shared with the API's schema."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from formasi.organization.models import Agency
from formasi.planning.models import Scenario

#: Families with their own priority input; any other family takes "other".
FAMILIES = (
    ("guru", gettext_lazy("Teachers (guru)")),
    ("kesehatan", gettext_lazy("Health (kesehatan)")),
    ("ti", gettext_lazy("IT (ti)")),
    ("teknis", gettext_lazy("Technical (teknis)")),
    ("administrasi", gettext_lazy("Administration (administrasi)")),
    ("other", gettext_lazy("Other families")),
)
DEFAULT_OTHER_WEIGHT = Decimal("0.5")

ASSUMPTIONS = (
    "name",
    "base_year",
    "horizon",
    "attrition_percent",
    "renewal_percent",
    "need_growth_percent",
    "apbd_growth_percent",
    "cap_percent",
    "pppk_percent",
    "max_hires_per_year",
)


class ScenarioForm(forms.ModelForm):
    """The assumptions of a scenario; the family priorities as one number per family."""

    class Meta:
        model = Scenario
        fields = ASSUMPTIONS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        weights = (self.instance.family_weights or {}) if self.instance else {}
        for key, label in FAMILIES:
            self.fields[f"weight_{key}"] = forms.DecimalField(
                label=label,
                min_value=Decimal(0),
                max_value=Decimal(1),
                max_digits=4,
                decimal_places=2,
                initial=weights.get(key, DEFAULT_OTHER_WEIGHT if key == "other" else Decimal(1)),
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def assumptions(self) -> dict[str, Any]:
        """The scenario's fields as ``services.create_scenario`` takes them."""
        return {name: self.cleaned_data[name] for name in ASSUMPTIONS}

    def family_weights(self) -> dict[str, float]:
        return {key: float(self.cleaned_data[f"weight_{key}"]) for key, _label in FAMILIES}


def initial_form(agency: Agency, template: Scenario | None) -> ScenarioForm:
    """A form prefilled from the baseline (or the defaults for the last full year)."""
    if template is not None:
        instance = Scenario(
            **{f: getattr(template, f) for f in ASSUMPTIONS if f != "name"},
            family_weights=template.family_weights,
        )
    else:
        instance = Scenario(base_year=timezone.localdate().year - 1)
    instance.name = ""
    return ScenarioForm(instance=instance)


class SignatoryForm(forms.ModelForm):
    """Who signs the agency's plan documents; empty fields print blank lines to sign by hand."""

    class Meta:
        model = Agency
        fields = ("signature_place", "signatory_title", "signatory_name", "signatory_nip")
        widgets = {
            name: forms.TextInput(attrs={"class": "form-control"})
            for name in ("signature_place", "signatory_title", "signatory_name", "signatory_nip")
        }
