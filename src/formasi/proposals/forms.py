"""Forms of the proposal pages: drafting, an item's content, BKN's verdict, KemenPAN-RB's
decided count, a workflow step and a comment. Each carries the version the user read (a
hidden field), which the services compare with the row's (optimistic locking)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from formasi.core.blank_choice import word_blank_choices
from formasi.organization.models import Region
from formasi.proposals.models import ItemStatusChoice, VerdictChoice

MAX_COUNT = 100_000


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DraftForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    scenario = forms.TypedChoiceField(
        label=_("Scenario of the five-year plan"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, scenarios: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scenario"]
        field.choices = [("", _("None (5 plan years)")), *((s.pk, s.name) for s in scenarios)]  # type: ignore[attr-defined]


class ItemForm(VersionedForm):
    count = forms.IntegerField(label=_("Count"), min_value=0, max_value=MAX_COUNT)
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatusChoice.choices)
    education = forms.CharField(label=_("Required education"), max_length=200, required=False)
    location = forms.ModelChoiceField(
        label=_("Placement location"), queryset=Region.objects.none(), required=False
    )
    priority = forms.IntegerField(label=_("Priority"), min_value=0, max_value=32767)
    justification = forms.CharField(
        label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = regions  # type: ignore[attr-defined]
        word_blank_choices(self.fields.values())


class ReviewForm(VersionedForm):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=VerdictChoice.choices)
    count = forms.IntegerField(
        label=_("Count approved"),
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
        help_text=_("For a changed item."),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(VersionedForm):
    decided_count = forms.IntegerField(label=_("Decided count"), min_value=0, max_value=MAX_COUNT)


class StepForm(VersionedForm):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
