"""The preview of a checked file, row by row: what each row would do (new, changed,
unchanged, made inactive, invalid), every field a changed row changes as old → new, its
warnings and its errors, each naming the row, the column, the value found and what was
expected. A new row is listed by key and name (all its values are the file's).

``store`` writes these rows (``ImportRow``) in bulk when a job is checked; the preview page
reads them a page at a time, filtered by kind and searched by key or name. Values are
stored as display text, as the uploader may see them: a NIK masked unless the uploader may
see NIKs, birth dates, birth places and addresses hidden unless they may see personal data.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils.translation import gettext as _

from formasi.core.permissions import Action, can
from formasi.core.upload_messages import row_error_message
from formasi.domain.importing import RowError
from formasi.transfer.models import ImportJob, ImportRow
from formasi.workforce.history import value_text
from formasi.workforce.models import mask_nik

if TYPE_CHECKING:
    from formasi.transfer.kinds.base import Context, ImportKind
    from formasi.transfer.services import Outcome

BATCH = 2000
Kind = ImportRow.Kind


def column_of(kind: ImportKind, name: str, mapping: Mapping[str, str]) -> str:
    """The header a model field is shown under: the file's own header for the column it
    comes from (``unit_id`` from "Kode Unit Kerja" or "Unit Kerja"), else the kind's."""
    stem = name.removesuffix("_id")
    candidates = [name, stem, f"{stem}_code", f"{stem}_name"]
    for candidate in candidates:
        if candidate in mapping:
            return mapping[candidate]
    for candidate in candidates:
        column = next((c for c in kind.columns if c.field == candidate), None)
        if column is not None:
            return column.header
    return name


class Display:
    """Turns stored and incoming values into the text the preview shows."""

    def __init__(self, kind: ImportKind, ctx: Context, mapping: Mapping[str, str]) -> None:
        self.kind = kind
        self.mapping = mapping
        self.show_nik = can(ctx.user, Action.VIEW, "nik")
        self.show_personal = can(ctx.user, Action.VIEW, "personal_data")
        self.labels: dict[str, dict[object, str]] = {}
        self.choices: dict[str, dict[Any, object]] = {
            c.field: dict(c.choices) for c in kind.columns if c.choices
        }
        self.model: type[models.Model] | None = getattr(kind, "model", None)
        self.columns: dict[str, str] = {}
        self.yes, self.no = _("Yes"), _("No")

    def load_references(self, records: Iterable[Mapping[str, object]]) -> None:
        """One query per foreign key among the fields: the labels of the ids used."""
        if self.model is None:
            return
        ids: dict[str, set[object]] = {}
        for record in records:
            for name, value in record.items():
                if name.endswith("_id") and value is not None:
                    ids.setdefault(name, set()).add(value)
        for name, values in ids.items():
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:  # a record field of the kind's own: shown as it is
                continue
            related = field.related_model
            if related is None or isinstance(related, str):
                continue
            manager = getattr(related, "unscoped", related._default_manager)
            found: dict[object, str] = {}
            for obj in manager.filter(pk__in=values):
                code = getattr(obj, "code", "")
                label = getattr(obj, "name", "") or str(obj)
                found[obj.pk] = f"{code} · {label}" if code and code != label else label
            self.labels[name] = found

    def text(self, name: str, value: object) -> str:
        if isinstance(value, bool):  # worded once: gettext per cell is slow at 100,000 rows
            return self.yes if value else self.no
        return value_text(
            name, value, labels=self.labels.get(name), choices=self.choices.get(name),
            show_nik=self.show_nik, show_personal=self.show_personal,
        )  # fmt: skip

    def column(self, name: str) -> str:
        if name not in self.columns:
            self.columns[name] = column_of(self.kind, name, self.mapping)
        return self.columns[name]

    def changes(self, pairs: Mapping[str, tuple[object, object]]) -> list[list[str]]:
        return [
            [self.column(name), self.text(name, old), self.text(name, new)]
            for name, (old, new) in pairs.items()
        ]


def cell_text(outcome: Outcome, number: int, header: str) -> str | None:
    """The cell of ``header`` in file row ``number`` as the file has it (None: no such)."""
    table = outcome.table
    if table is None or not number or header not in table.headers:
        return None
    index = number - table.first_row_number
    if not 0 <= index < len(table.rows):
        return None
    value = table.rows[index][table.headers.index(header)]
    return None if value is None else str(value).strip()


def shown_cell(outcome: Outcome, error: RowError) -> str:
    """The value an error is about, as the file has it ("" when none); a NIK masked (the
    page is not the file)."""
    value = cell_text(outcome, error.row, error.column) or ""
    if value and error.column == outcome.mapping.get("nik"):
        value = mask_nik(value)
    return value


def message_of(outcome: Outcome, error: RowError) -> str:
    """A row's error or warning naming row, column and the value found; the message says
    what was expected."""
    value = shown_cell(outcome, error)
    message = row_error_message(error)
    if value is None or value == "":
        return _("Row {row}, column {column} (empty): {message}").format(
            row=error.row, column=error.column, message=message
        )
    return _("Row {row}, column {column}: “{value}”. {message}").format(
        row=error.row, column=error.column, value=value, message=message
    )


def _by_row(outcome: Outcome, errors: Iterable[RowError]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for error in sorted(errors, key=lambda e: (e.row, e.column)):
        if error.row:
            found.setdefault(error.row, []).append(message_of(outcome, error))
    return found


def preview_rows(kind: ImportKind, ctx: Context, outcome: Outcome) -> Iterator[ImportRow]:
    """The rows the preview shows (unsaved), in file order, then the records a full
    snapshot makes inactive; unchanged rows only when they carry a warning."""
    plan = outcome.plan
    errors = _by_row(outcome, outcome.errors)
    warnings = _by_row(outcome, outcome.warnings)
    display = Display(kind, ctx, outcome.mapping)
    key_header = outcome.mapping.get(kind.key_field, "")
    name_header = outcome.mapping.get("name", "")
    new: set[Hashable] = set(plan.diff.new) if plan else set()
    changed = plan.diff.changed if plan else {}
    display.load_references(
        [*({n: new for n, (_o, new) in c.items()} for c in changed.values()),
         *({n: old for n, (old, _n) in c.items()} for c in changed.values())]
    )  # fmt: skip
    keys = {r.number: kind.key(r.values) for r in outcome.parsed}
    numbers = sorted(set(keys) | set(errors))
    for number in numbers:
        key = keys.get(number)
        row = ImportRow(
            number=number,
            key=str(key if key is not None else cell_text(outcome, number, key_header) or "")[:64],
            name=(cell_text(outcome, number, name_header) or "")[:200],
            errors=errors.get(number, []),
            warnings=warnings.get(number, []),
        )
        if row.errors or key is None:
            row.kind = Kind.INVALID
        elif key in new:
            # Every value of a new row is the file's own: listed by key and name only (a
            # first import of 100,000 people would otherwise store 2 million cells again).
            row.kind = Kind.NEW
        elif key in changed:
            row.kind = Kind.CHANGED
            row.changes = display.changes(changed[key])
        elif row.warnings:
            row.kind = Kind.UNCHANGED
        else:
            continue
        yield row
    if plan is not None:
        for key in plan.deactivate:
            yield ImportRow(
                number=0,
                kind=Kind.DEACTIVATED,
                key=str(key)[:64],
                name=str(plan.stored.values[key].get("name") or "")[:200],
                changes=[[column_of(kind, "active", outcome.mapping), _("Yes"), _("No")]],
            )


def store(job: ImportJob, kind: ImportKind, ctx: Context, outcome: Outcome) -> int:
    """Replace the job's preview rows with this check's, in batches; returns how many."""
    count = 0
    with transaction.atomic():
        ImportRow.objects.filter(job=job).delete()
        batch: list[ImportRow] = []
        for row in preview_rows(kind, ctx, outcome):
            row.job = job
            batch.append(row)
            if len(batch) >= BATCH:
                ImportRow.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        ImportRow.objects.bulk_create(batch)
        count += len(batch)
    return count


def rows_for(job: ImportJob, *, kind: str = "", query: str = "") -> Any:
    """The job's preview rows, filtered by kind and searched by key or name."""
    rows = ImportRow.objects.filter(job=job)
    if kind in Kind.values:
        rows = rows.filter(kind=kind)
    query = query.strip()
    if query:
        rows = rows.filter(models.Q(name__icontains=query) | models.Q(key__icontains=query))
    return rows.order_by("number", "id")
