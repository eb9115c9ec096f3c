"""The new-run form: pool, year, kecamatan, preferences, move cap, the keep list, the posts
that must be filled and the job family weights."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from formasi.core.blank_choice import word_blank_choices
from formasi.organization.models import Agency, Position, Region
from formasi.placement import services
from formasi.placement.models import PlacementRun


class RunForm(forms.ModelForm):
    areas = forms.MultipleChoiceField(
        label=_("Kecamatan"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("None ticked: the whole agency."),
    )
    keep_text = forms.CharField(
        label=_("Staff who must stay (NIP)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Transfers only: one NIP per line (or separated by commas)."),
    )
    must_fill_text = forms.CharField(
        label=_("Posts that must be filled"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "SDN-RKP-1; GURU-KELAS; 1"}),
        help_text=_(
            "One post per line: unit code; position code; count (e.g. the only teacher of a "
            "remote school). At most the post's open posts. If the pool cannot fill them, the "
            "run fails and says why."
        ),
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

    def __init__(
        self,
        *args: Any,
        districts: list[Region],
        agency: Agency | None = None,
        family_weights: dict[str, float] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        word_blank_choices(self.fields.values())
        self.agency = agency
        self.fields["name"].required = False
        areas = cast(forms.MultipleChoiceField, self.fields["areas"])  # declared above
        areas.choices = [(r.code, r.name) for r in districts]
        weights = self.default_weights = {
            family: (family_weights or {}).get(family, 1.0) for family in Position.Family.values
        }
        for family, label in Position.Family.choices:
            self.fields[f"weight_{family}"] = forms.DecimalField(
                label=label,
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(10),
                max_digits=4,
                decimal_places=2,
                initial=Decimal(str(weights.get(family, 1.0))),
                widget=forms.NumberInput(attrs={"step": "0.1"}),
            )
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "form-control form-control-sm")
            if name == "kind":
                field.widget.attrs["class"] = "form-select form-select-sm"

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{family}"] for family in Position.Family.values]

    def clean_keep_text(self) -> list[str]:
        return [n for n in re.split(r"[\s,;]+", self.cleaned_data.get("keep_text") or "") if n]

    def clean_must_fill_text(self) -> list[tuple[int, dict[str, Any]]]:
        """Lines "unit code; position code; count" as (line number, entry). Lines that do not
        read are kept aside for :meth:`clean`, which reports every error by line number."""
        entries: list[tuple[int, dict[str, Any]]] = []
        self.must_fill_format: list[tuple[int, str]] = []
        text = self.cleaned_data.get("must_fill_text") or ""
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            parts = [p.strip() for p in re.split(r"[;\t]", line)]
            if len(parts) != 3 or not parts[0] or not parts[1]:
                problem = gettext("write “unit code; position code; count”.")
            elif not re.fullmatch(r"\d{1,6}", parts[2]) or int(parts[2]) < 1:
                problem = gettext("the count must be a whole number of at least 1.")
            else:
                entry = {"unit": parts[0], "position": parts[1], "count": int(parts[2])}
                entries.append((number, entry))
                continue
            self.must_fill_format.append((number, problem))
        return entries

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "must_fill_text" not in data:
            return data
        problems = list(getattr(self, "must_fill_format", []))
        entries = data["must_fill_text"]
        if entries and self.agency is not None and "kind" in data:
            problems += services.must_fill_problems(
                self.agency,
                data["kind"],
                data.get("areas") or [],
                [e for _n, e in entries],
                lines=[n for n, _e in entries],
            )
        if problems:
            problems.sort(key=lambda p: p[0])  # stable: a line's problems keep their order
            self.add_error(
                "must_fill_text", [services.must_fill_message(n, p) for n, p in problems]
            )
        return data

    def run_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["areas"] = list(self.cleaned_data["areas"])
        data["keep"] = self.cleaned_data["keep_text"]
        data["must_fill"] = [e for _n, e in self.cleaned_data["must_fill_text"]]
        # An empty weight keeps the default (the baseline plan's, else 1).
        data["family_weights"] = {
            family: float(self.cleaned_data[f"weight_{family}"])
            if self.cleaned_data.get(f"weight_{family}") is not None
            else self.default_weights[family]
            for family in Position.Family.values
        }
        return data


class SkForm(forms.ModelForm):
    """The SK number and TMT the draft prints (either may stay blank until known)."""

    class Meta:
        model = PlacementRun
        fields = ["sk_number", "tmt"]
        widgets = {
            "sk_number": forms.TextInput(
                attrs={"class": "form-control form-control-sm", "placeholder": "800/…/BKPSDM"}
            ),
            "tmt": forms.DateInput(
                attrs={"class": "form-control form-control-sm", "type": "date"}, format="%Y-%m-%d"
            ),
        }
