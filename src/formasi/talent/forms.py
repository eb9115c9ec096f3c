"""Forms of the talent pages: one employee's SKP result and assessment of a year, and a
discipline record. They parse; the services compute and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from formasi.talent.models import DisciplineRecord, Education, Rating, Sanction
from formasi.talent.text import ORG_PREDICATES
from formasi.workforce.models import Employee


class _Styled(forms.Form):
    """Tabler's classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class SkpForm(_Styled):
    result = forms.ChoiceField(label=_("Work result rating"), choices=Rating.choices)
    behaviour = forms.ChoiceField(label=_("Work behaviour rating"), choices=Rating.choices)


class AssessmentForm(_Styled):
    competency_score = forms.DecimalField(
        label=_("Competency test score"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("0 to 100, for example the job-person match of a competency assessment."),
    )
    education = forms.ChoiceField(label=_("Education"), choices=Education.choices)
    training_hours = forms.IntegerField(
        label=_("Training hours"),
        min_value=0,
        max_value=2000,
        help_text=_("Lesson hours (JP) of competence development this year."),
    )


class OrgPredicateForm(forms.Form):
    predikat = forms.ChoiceField(
        label=_("Organisational performance predicate"), choices=ORG_PREDICATES, required=False
    )


class DisciplineForm(_Styled):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=Employee.unscoped.none())
    violation = forms.CharField(
        label=_("Violation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    sanction = forms.ChoiceField(label=_("Sanction"), choices=Sanction.choices)
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    starts_on = forms.DateField(
        label=_("In force from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: the 15th day after the decision (PP 94/2021)."),
    )
    decided_by_name = forms.CharField(label=_("Decided by (name)"), max_length=150)
    decided_by_position = forms.CharField(label=_("Decided by (position)"), max_length=200)

    def __init__(self, *args: Any, employees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["employee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = employees
        field.empty_label = _("Choose an employee")

    @classmethod
    def initial_of(cls, record: DisciplineRecord) -> dict[str, Any]:
        return {
            "employee": record.employee_id,
            "violation": record.violation,
            "sanction": record.sanction,
            "decided_on": record.decided_on,
            "starts_on": record.starts_on,
            "decided_by_name": record.decided_by_name,
            "decided_by_position": record.decided_by_position,
        }
