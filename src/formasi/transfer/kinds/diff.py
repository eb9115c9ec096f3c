"""What an employee row says that the employee import cannot apply, as warnings.

An employee row names its unit and position by code when the file has a code column; their
names in the same row are then only read, never written (a unit is renamed by the units
import). A name that differs from the stored one is most likely an edit the user expects to
see applied, so the preview warns of it instead of counting the row "unchanged".
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from formasi.domain.importing import ParsedRow, RowError
from formasi.domain.tabular import normalise_header
from formasi.organization.models import OrgUnit, Position

if TYPE_CHECKING:
    from formasi.transfer.kinds.base import Context

# (field of the record, code column, name column, model, warning code)
REFERENCES = (
    ("unit_id", "unit_code", "unit_name", OrgUnit, "employee.unit_name_unapplied"),
    ("position_id", "position_code", "position_name", Position, "employee.position_name_unapplied"),
)


def unapplied_names(
    ctx: Context,
    rows: list[ParsedRow],
    records: Mapping[Hashable, Mapping[str, object]],
    headers: Mapping[str, str],
    key: Callable[[Mapping[str, object]], Hashable | None],
) -> list[RowError]:
    """A warning for every row whose unit or position name differs from the stored name of
    the unit or position its code column found."""
    warnings: list[RowError] = []
    for field, code_column, name_column, model, code in REFERENCES:
        if code_column not in headers or name_column not in headers:
            continue
        chosen = [
            (row, records[k][field])
            for row in rows
            if row.values.get(code_column) and row.values.get(name_column)
            and (k := key(row.values)) in records and records[k].get(field) is not None
        ]  # fmt: skip
        if not chosen:
            continue
        manager: Any = getattr(model, "unscoped", model._default_manager)
        ids = {pk for _r, pk in chosen}
        names = dict(manager.filter(agency=ctx.agency, pk__in=ids).values_list("pk", "name"))
        for row, pk in chosen:
            stored = str(names.get(pk, ""))
            given = str(row.values[name_column])
            if normalise_header(given) == normalise_header(stored):
                continue
            message = _(
                "The code in “{code_header}” ({code}) names “{stored}”; this import finds "
                "units and positions by code and does not rename them, so “{given}” is not "
                "saved. Correct the name, or rename it in the work units or positions import."
            ).format(
                code_header=headers[code_column],
                code=row.values[code_column],
                stored=stored,
                given=given,
            )
            warnings.append(RowError(row.number, headers[name_column], code, {"message": message}))
    return warnings
