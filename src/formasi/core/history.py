"""Row history (django-simple-history) that respects the scope guard.

simple-history rebuilds a past version of a row (``record.instance``, used by the admin's
history detail page and by ``as_of``) by reading the fields it does not keep (``nik`` and
``address`` of an employee) through ``Model.objects``. For our scoped models ``objects`` refuses
unscoped queries inside a request, so every employee's history detail page failed with
``UnscopedQueryError``. The row's own primary key is not a scope decision (the caller decides
who may see the record), so this reads them through the model's default manager (``unscoped``).
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Field, ManyToManyField, Model
from simple_history import models as history_models
from simple_history.models import SIMPLE_HISTORY_REVERSE_ATTR_NAME


class HistoricalRecords(history_models.HistoricalRecords):
    def get_extra_fields(self, model: type[Model], fields: dict[str, Any]) -> dict[str, Any]:
        extra = super().get_extra_fields(model, fields)

        def get_instance(record: Any) -> Model:
            attrs = {field.attname: getattr(record, field.attname) for field in fields.values()}
            excluded = [
                field.attname
                for field in map(model._meta.get_field, record._history_excluded_fields)
                if isinstance(field, Field) and not isinstance(field, ManyToManyField)
            ]
            if excluded:
                current = model._default_manager.filter(pk=getattr(record, model._meta.pk.attname))
                with suppress(ObjectDoesNotExist):  # a deleted row: keep what history has
                    attrs.update(current.values(*excluded).get())
            result = model(**attrs)
            setattr(result, SIMPLE_HISTORY_REVERSE_ATTR_NAME, record)
            return result

        extra["instance"] = property(get_instance)
        return extra


class StaleEditError(ValidationError):
    """Someone else saved the row after this edit began (optimistic locking; the API's 412)."""


def edit_version(row: Any) -> str:
    """The version an edit starts from: the id of the row's latest history record (any row
    with simple-history's ``history``; "0" for a row not saved yet)."""
    if row.pk is None:
        return "0"
    latest = row.history.order_by("-history_id").values_list("history_id", flat=True)
    return str(latest.first() or 0)
