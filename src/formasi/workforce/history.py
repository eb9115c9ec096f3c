"""An employee's history as the detail page shows it: each record with every field that
changed from the record before it, as old → new display text.

Foreign keys show the unit's or position's name (one query per related model for the whole
page); choices their labels; dates as DD-MM-YYYY. A NIK is masked and birth dates, birth
places and addresses hidden unless the viewer may see them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Field, ForeignKey
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from formasi.workforce.models import Employee, mask_nik

HIDDEN = "•••"
PERSONAL = frozenset({"birth_date", "birth_place", "address"})


def history_rows(records: Any, *, show_nik: bool, show_personal: bool) -> list[dict[str, Any]]:
    """Each history record (newest first) with ``changes``: [{field, old, new}, ...]."""
    records = list(records)
    pairs = []
    ids: dict[str, set[object]] = {}
    # The record before each one (None for the oldest). An employee loaded in bulk (COPY) has
    # no record at all.
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                field = Employee._meta.get_field(change.field)
                # History tracks the model's own fields, never a reverse relation.
                if not isinstance(field, Field):
                    continue
                changes.append((field, change.old, change.new))
                if isinstance(field, ForeignKey):
                    ids.setdefault(field.name, set()).update(
                        v for v in (change.old, change.new) if v is not None
                    )
        pairs.append((newer, changes))
    labels = _labels(ids)

    def text(field: Field, value: object) -> str:
        choices = dict(field.flatchoices) if field.choices else {}
        return value_text(
            field.name, value, labels=labels.get(field.name), choices=choices,
            show_nik=show_nik, show_personal=show_personal,
        )  # fmt: skip

    return [
        {
            "record": record,
            "changes": [
                {"field": str(f.verbose_name), "old": text(f, old), "new": text(f, new)}
                for f, old, new in changes
            ],
        }
        for record, changes in pairs
    ]


def value_text(
    name: str,
    value: object,
    *,
    labels: Mapping[object, str] | None = None,
    choices: Mapping[Any, object] | None = None,
    show_nik: bool,
    show_personal: bool,
) -> str:
    """A stored or incoming value of an employee field as the pages show it (the import
    preview too): "–" for empty, a NIK masked and personal data hidden unless the viewer
    may see them, a related row's name, a choice's label, Ya/Tidak, DD-MM-YYYY."""
    if value is None or value == "":
        return "–"
    if name == "nik" and not show_nik:
        return mask_nik(str(value))
    if name in PERSONAL and not show_personal:
        return HIDDEN
    if labels is not None:
        return labels.get(value, str(value))
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return date_format(value)
    return str(value)


def _labels(ids: dict[str, set[object]]) -> dict[str, dict[object, str]]:
    """Names of the related rows, one query per foreign key that changed."""
    found: dict[str, dict[object, str]] = {}
    for name, values in ids.items():
        related: Any = Employee._meta.get_field(name).related_model
        manager = getattr(related, "unscoped", related._default_manager)
        found[name] = {
            obj.pk: str(getattr(obj, "name", obj)) for obj in manager.filter(pk__in=values)
        }
    return found
