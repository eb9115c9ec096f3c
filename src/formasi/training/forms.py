"""Forms of the training pages: one employee's competency level and development hours. They
parse; the services check and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


class _Styled(forms.Form):
    """Tabler's classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class CompetencyForm(_Styled):
    competency: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Competency"), queryset=None
    )
    level = forms.IntegerField(label=_("Level"), min_value=1, max_value=5)
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, competencies: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = competencies
        field.empty_label = _("Choose a competency")


class DevelopmentForm(_Styled):
    title = forms.CharField(label=_("Activity"), max_length=200)
    hours = forms.IntegerField(label=_("Lesson hours (JP)"), min_value=1, max_value=2000)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
