"""Words instead of Django's blank choice "---------" in every select a person sees."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

DASHES = "---------"
CHOOSE = _("— choose —")  # a form field to fill
ALL = _("All")  # a filter: no restriction


def word_blank_choices(fields: Iterable[forms.Field], label: str | _StrPromise = CHOOSE) -> None:
    """Give the blank choice of each select field ``label`` in place of Django's dashes."""
    for field in fields:
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField):
            choices: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
            field.choices = [
                (value, label if value == "" and text == DASHES else text)
                for value, text in choices
            ]
