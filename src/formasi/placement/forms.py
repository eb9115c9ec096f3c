"""The new-run form: pool, year, kecamatan, preferences, move cap and the keep list."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from formasi.organization.models import Region
from formasi.placement.models import PlacementRun


class RunForm(forms.ModelForm):
    areas = forms.MultipleChoiceField(
        label=_("Kecamatan"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the whole agency."),
    )
    keep_text = forms.CharField(
        label=_("Staff who must stay (NIP)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Transfers only: one NIP per line (or separated by commas)."),
    )

    class Meta:
        model = PlacementRun
        fields = [
            "name",
            "kind",
            "year",
            "home_village",
            "home_district",
            "distance",
            "max_moves_per_unit",
        ]

    def __init__(self, *args: Any, kecamatan: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["areas"].choices = [(r.code, r.name) for r in kecamatan]
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "form-control form-control-sm")
            if name == "kind":
                field.widget.attrs["class"] = "form-select form-select-sm"

    def clean_keep_text(self) -> list[str]:
        return [n for n in re.split(r"[\s,;]+", self.cleaned_data.get("keep_text") or "") if n]

    def run_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["areas"] = list(self.cleaned_data["areas"])
        data["keep"] = self.cleaned_data["keep_text"]
        return data
