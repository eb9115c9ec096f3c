"""The public survey form and the complaint follow-up form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from formasi.feedback.guard import HONEYPOT
from formasi.feedback.models import SCORE_FIELDS, Complaint, Education, Occupation

_SCORE_CHOICES = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]


class SurveyForm(forms.Form):
    """Nine optional scores, the optional profile, free text, the token and the honeypot."""

    age = forms.IntegerField(label=_("Age"), required=False, min_value=10, max_value=120)
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", "—"), ("L", _("Male")), ("P", _("Female"))],
    )
    education = forms.ChoiceField(
        label=_("Education"), required=False, choices=[("", "—"), *Education.choices]
    )
    occupation = forms.ChoiceField(
        label=_("Occupation"), required=False, choices=[("", "—"), *Occupation.choices]
    )
    service = forms.CharField(label=_("Service received"), required=False, max_length=120)
    text = forms.CharField(
        label=_("Complaint or suggestion"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SCORE_FIELDS:
            self.fields[name] = forms.ChoiceField(
                required=False, choices=_SCORE_CHOICES, widget=forms.RadioSelect
            )
        self.fields[HONEYPOT] = forms.CharField(required=False, label=_("Website"))

    def scores(self) -> list[int | None]:
        data = self.cleaned_data
        return [int(data[name]) if data.get(name) else None for name in SCORE_FIELDS]


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Complaint.Status.choices)
    answer = forms.CharField(
        label=_("Answer"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
