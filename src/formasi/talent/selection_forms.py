"""Forms of the open-selection pages: they parse; ``selection_services`` checks and saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from formasi.talent.forms import _Styled
from formasi.talent.selection_models import Candidate, CommitteeMember
from formasi.workforce.models import Employee

_DATE = {"type": "date"}


class SelectionForm(_Styled):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Employee.unscoped.none())
    position = forms.ModelChoiceField(label=_("JPT position"), queryset=Employee.unscoped.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(
        label=_("Registration opens on"), widget=forms.DateInput(_DATE, format="%Y-%m-%d")
    )
    closes_on = forms.DateField(
        label=_("Registration closes on"), widget=forms.DateInput(_DATE, format="%Y-%m-%d")
    )
    requirements = forms.CharField(
        label=_("Requirements"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    weight_kompetensi = forms.IntegerField(label=_("Competence test weight (%)"), min_value=0,
                                           max_value=100)  # fmt: skip
    weight_wawancara = forms.IntegerField(label=_("Interview weight (%)"), min_value=0,
                                          max_value=100)  # fmt: skip
    weight_rekam_jejak = forms.IntegerField(label=_("Track record weight (%)"), min_value=0,
                                            max_value=100)  # fmt: skip

    def __init__(self, *args: Any, units: Any, positions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset, empty in (
            ("unit", units, _("Choose a unit")),
            ("position", positions, _("Choose a JPT position")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
            field.empty_label = empty


class MemberForm(_Styled):
    name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=CommitteeMember.Role.choices)
    internal = forms.TypedChoiceField(
        label=_("Element"),
        choices=[("1", _("Internal")), ("0", _("External"))],
        coerce=lambda v: v == "1",
    )
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "member_%s")  # the candidate form is on the same page
        super().__init__(*args, **kwargs)


class CandidateForm(_Styled):
    employee = forms.ModelChoiceField(
        label=_("Employee of the agency"), queryset=Employee.unscoped.none(), required=False
    )
    name = forms.CharField(label=_("Name (external candidate)"), max_length=150, required=False)
    origin = forms.CharField(
        label=_("Origin institution (external candidate)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, employees: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "candidate_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["employee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = employees
        field.empty_label = _("External candidate")


def _score(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_value=100, max_digits=5, decimal_places=2, required=False
    )


class ScoresForm(_Styled):
    passed_administration = forms.TypedChoiceField(
        label=_("Administration"),
        choices=[("", _("Not yet checked")), ("1", _("Passed")), ("0", _("Failed"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    kompetensi = _score(_("Competence test (0–100)"))
    wawancara = _score(_("Interview (0–100)"))
    rekam_jejak = _score(_("Track record (0–100)"))

    @classmethod
    def initial_of(cls, candidate: Candidate) -> dict[str, Any]:
        passed = candidate.passed_administration
        return {
            "passed_administration": "" if passed is None else ("1" if passed else "0"),
            "kompetensi": candidate.kompetensi,
            "wawancara": candidate.wawancara,
            "rekam_jejak": candidate.rekam_jejak,
        }


class DecideForm(_Styled):
    chosen = forms.ModelChoiceField(label=_("Chosen candidate"), queryset=Candidate.unscoped.none())
    decided_by_name = forms.CharField(label=_("PPK (name)"), max_length=150)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, shortlist: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["chosen"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = shortlist
