"""What every import kind provides, and the context an import runs in.

A kind declares its columns (one layout for import, export and the empty template) and
knows four things about its records: the key a row is matched by, the stored records in
the user's scope, how to turn a typed row into model values (resolving references and
applying the domain rules), and how to write a plan. The services in
``formasi.transfer.services`` do the rest (reading, mapping, diffing, the transaction).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.utils.functional import Promise
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from formasi.domain.importing import Column, Diff, ParsedRow, RowError

if TYPE_CHECKING:
    from formasi.core.permissions import ScopedUser


@dataclass
class Context:
    """Who imports what into which agency, from which file, on which day."""

    # The import's user, or the command line's system actor; None when a job records no
    # uploader.
    user: ScopedUser | None
    agency: Any  # organization.Agency, or None for kinds without an agency (regions)
    filename: str
    today: date
    full_snapshot: bool = False
    # Set by services.commit inside its transaction: a kind may start writing while it
    # checks (everything rolls back if a row turns out invalid).
    writing: bool = False

    @property
    def reason(self) -> str:
        """The change reason every history record of this import carries."""
        return f"Impor: {self.filename}"[:100]


@dataclass
class Stored:
    """Stored records by key: their comparable values and their primary keys."""

    values: dict[Hashable, dict[str, object]] = field(default_factory=dict)
    ids: dict[Hashable, int] = field(default_factory=dict)
    # keys the user may change (a full snapshot deactivates only these)
    changeable: set[Hashable] | None = None
    # Keys of records the user may not see or change. A kind leaves them out of ``values``,
    # so a check answers for them exactly as for a key nobody has (the preview must not
    # tell whether an identifier exists outside the user's scope); a commit refuses them.
    hidden: set[Hashable] = field(default_factory=set)


@dataclass
class Plan:
    """What a commit writes: model values by key, split by the diff."""

    records: dict[Hashable, dict[str, object]]
    diff: Diff
    stored: Stored
    deactivate: list[Hashable] = field(default_factory=list)


class ImportKind:
    """Base class of the kinds; subclasses set the class attributes and the methods."""

    name: ClassVar[str]
    label: ClassVar[str | Promise]
    resource: ClassVar[str]  # permission resource (core.permissions.MATRIX)
    columns: ClassVar[tuple[Column, ...]]
    key_field: ClassVar[str]  # the column a duplicate-key error names
    needs_agency: ClassVar[bool] = True
    supports_snapshot: ClassVar[bool] = False
    formats: ClassVar[tuple[str, ...]] = ("xlsx", "csv")
    # the model a kind's records are (the preview labels its foreign keys); None: shown as is
    model: ClassVar[type[models.Model] | None] = None

    @classmethod
    def column(cls, name: str) -> Column:
        return next(c for c in cls.columns if c.field == name)

    def key(self, values: Mapping[str, object]) -> Hashable | None:
        value = values.get(self.key_field)
        return value if isinstance(value, Hashable) else None

    def required_groups(self) -> list[tuple[str, ...]]:
        """Groups of fields of which at least one must be mapped (besides required ones)."""
        return []

    def load(self, ctx: Context) -> Stored:
        raise NotImplementedError

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        """Turn typed rows into model values by key, or errors. ``headers`` maps a field to
        the header the file used for it (for error messages)."""
        raise NotImplementedError

    def write(self, ctx: Context, plan: Plan) -> None:
        raise NotImplementedError

    def warnings(
        self,
        ctx: Context,
        rows: list[ParsedRow],
        records: Mapping[Hashable, Mapping[str, object]],
        headers: Mapping[str, str],
    ) -> list[RowError]:
        """Cells whose value differs from what is stored but which this import cannot apply
        (e.g. a unit's name when the unit is found by its code): the preview warns of each,
        never silently drops it. They do not block a commit."""
        return []

    def export_rows(self, ctx: Context) -> Iterable[dict[str, object]]:
        """Records in the user's scope, as rows of this kind's columns (typed values)."""
        raise NotImplementedError

    def touched_agencies(self, ctx: Context) -> list[int]:
        return [ctx.agency.pk] if ctx.agency is not None else []


def every_agency() -> list[int]:
    """Regions are shared: their figures (population, area) appear in every agency's cached
    dashboards, so a region import invalidates them all."""
    from formasi.organization.models import Agency

    return list(Agency.unscoped.order_by("pk").values_list("pk", flat=True))


UPDATE_BATCH = 2000


def write_updates(
    ctx: Context,
    plan: Plan,
    model: type[models.Model],
    *,
    updates: Mapping[int, Mapping[str, object]] | None = None,
    batch_size: int = UPDATE_BATCH,
) -> None:
    """Write the changed fields of ``plan.diff.changed`` and deactivate ``plan.deactivate``
    (or write ``updates``: values by field name or attname, by primary key), in batches, each
    change a history record with the import's user and reason when the model keeps history.
    Rows are read through the model's ``unscoped`` manager when it has one."""
    if updates is None:
        changed = changed_values(plan)
        for key in plan.deactivate:
            changed.setdefault(plan.stored.ids[key], {})["active"] = False
        updates = changed
    user = ctx.user if getattr(ctx.user, "pk", None) else None
    manager = getattr(model, "unscoped", model._default_manager)
    ids = sorted(updates)
    for start in range(0, len(ids), batch_size):
        batch = manager.in_bulk(ids[start : start + batch_size])
        fields: set[str] = set()
        for pk, obj in batch.items():
            for name, value in updates[pk].items():
                setattr(obj, name, value)
                fields.add(model._meta.get_field(name).name)  # parent_id -> parent
        if not batch:
            continue
        if not hasattr(model, "history"):
            manager.bulk_update(list(batch.values()), sorted(fields), batch_size=batch_size)
            continue
        bulk_update_with_history(
            list(batch.values()),
            model,
            fields=sorted(fields),
            batch_size=batch_size,
            default_user=user,
            default_change_reason=ctx.reason,
            manager=manager,
        )


def create_with_history(
    ctx: Context, model: type[models.Model], new: list[Any], batch_size: int = UPDATE_BATCH
) -> None:
    """Insert ``new`` in batches, each row a history record with the import's user and reason."""
    user = ctx.user if getattr(ctx.user, "pk", None) else None
    for start in range(0, len(new), batch_size):
        bulk_create_with_history(
            new[start : start + batch_size],
            model,
            batch_size=batch_size,
            default_user=user,
            default_change_reason=ctx.reason,
        )


def changed_values(plan: Plan) -> dict[int, dict[str, object]]:
    """The new values of the changed fields, by the primary key of the stored row."""
    return {
        plan.stored.ids[key]: {name: new for name, (_old, new) in changes.items()}
        for key, changes in plan.diff.changed.items()
    }
