"""Work units (unit kerja): the agency's organisation tree, one row per unit.

Matched by code within the agency. A row names its parent by code (blank: a top-level
unit); the parent may come later in the file or already exist. Unknown parents and parent
chains that loop are row errors. New units are inserted parent-first; a unit whose parent
or region changes gets its materialised path, OPD and kecamatan recomputed, with its whole
subtree (``organization.services.assign_tree_fields``), and every write leaves a history
row carrying the import's change reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history, get_history_manager_for_model

from formasi.core.permissions import Action, can
from formasi.domain.importing import Column, ColumnKind, ParsedRow, RowError
from formasi.organization.models import OrgUnit, Region
from formasi.organization.services import TREE_FIELDS, assign_tree_fields
from formasi.transfer.kinds.base import Context, ImportKind, Plan, Stored
from formasi.transfer.kinds.references import (
    SIASN_FIELD,
    save_siasn_ids,
    siasn_id_of,
    stored_siasn_ids,
)

K = ColumnKind
UNIT_KIND_LABELS = {
    "opd": "OPD",
    "sub_unit": "Sub-unit",
    "kantor_kecamatan": "Kantor Kecamatan",
    "kantor_kelurahan": "Kantor Kelurahan",
    "puskesmas": "Puskesmas",
    "sekolah": "Sekolah",
}
UNIT_KIND_ALIASES = {
    "perangkat daerah": "opd", "organisasi perangkat daerah": "opd", "dinas": "opd",
    "badan": "opd", "sub unit": "sub_unit", "subunit": "sub_unit", "unit": "sub_unit",
    "bidang": "sub_unit", "bagian": "sub_unit", "upt": "sub_unit", "kecamatan": "kantor_kecamatan",
    "kantor camat": "kantor_kecamatan", "kelurahan": "kantor_kelurahan",
    "desa": "kantor_kelurahan", "kantor desa": "kantor_kelurahan",
    "kantor kelurahan/desa": "kantor_kelurahan", "kantor lurah": "kantor_kelurahan",
    "pkm": "puskesmas", "sd": "sekolah", "smp": "sekolah", "satuan pendidikan": "sekolah",
    "school": "sekolah",
}  # fmt: skip

COLUMNS: tuple[Column, ...] = (
    Column("code", "Kode Unit", K.TEXT, required=True, max_length=40, synonyms=(
        "kode unit kerja", "kode unor",
    )),
    # SIASN's UNOR ID (organization.ExternalId): employee files match the unit by it.
    Column("siasn_id", "SIASN ID", K.TEXT, max_length=64, synonyms=(
        "unor id", "id unor", "id siasn",
    )),
    Column("name", "Nama Unit", K.TEXT, required=True, max_length=200, synonyms=(
        "nama unit kerja", "unit kerja", "nama unor", "unor nama",
    )),
    Column("kind", "Jenis Unit", K.CHOICE, choices=UNIT_KIND_LABELS, aliases=UNIT_KIND_ALIASES,
           synonyms=("jenis unit kerja", "jenis unor")),
    Column("parent_code", "Kode Unit Induk", K.TEXT, max_length=40, synonyms=(
        "kode induk", "induk", "kode unor induk", "unor induk id",
    )),
    Column("region", "Kode Wilayah", K.TEXT, required=True, max_length=13, synonyms=(
        "wilayah", "kode lokasi", "lokasi",
    )),
    Column("attributes", "Atribut", K.TEXT, synonyms=("atribut fasilitas", "attributes")),
    Column("active", "Aktif", K.BOOLEAN, synonyms=("status aktif",)),
)  # fmt: skip

# Record fields (what load() and prepare() compare) and the model field each one writes.
RECORD_FIELDS = ("name", "kind", "parent_code", "region_id", "attributes", "active")
MODEL_FIELD = {"parent_code": "parent", "region_id": "region"}
# Which file column an error about a record field points at.
FIELD_COLUMN = {"region_id": "region", "parent_code": "parent_code"}
FIELDS = frozenset(c.field for c in COLUMNS)
BATCH = 2000


def attributes_text(attributes: object) -> str | None:
    """The canonical text of a unit's attributes (None for none): what exports write."""
    if not attributes:
        return None
    return json.dumps(attributes, sort_keys=True, ensure_ascii=False)


class UnitKind(ImportKind):
    name = "units"
    label = _("Work units")
    resource = "orgunit"
    columns = COLUMNS
    key_field = "code"
    supports_snapshot = True
    model = OrgUnit

    # ------------------------------------------------------------------ stored records

    def load(self, ctx: Context) -> Stored:
        stored = Stored()
        rows = OrgUnit.unscoped.filter(agency=ctx.agency).values_list(
            "id", "code", "name", "kind", "parent__code", "region_id", "attributes", "active"
        )
        siasn = stored_siasn_ids(ctx.agency, "unit")
        for pk, code, *values in rows.iterator(chunk_size=BATCH):
            stored.values[code] = dict(zip(RECORD_FIELDS, values, strict=True))
            stored.values[code][SIASN_FIELD] = siasn.get(pk)
            stored.ids[code] = pk
        changeable = OrgUnit.unscoped.visible_to(ctx.user, Action.CHANGE).filter(agency=ctx.agency)
        ids = set(changeable.values_list("id", flat=True))
        stored.changeable = {code for code, pk in stored.ids.items() if pk in ids}
        return stored

    # ------------------------------------------------------------------ rows -> records

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        incoming = {str(row.values["code"]): row for row in rows}
        parent_of: dict[str, str | None] = {
            code: values["parent_code"]  # type: ignore[misc]
            for code, values in stored.values.items()
        }
        for code, row in incoming.items():
            if "parent_code" in row.values:
                parent_of[code] = _str_or_none(row.values["parent_code"])
            else:
                parent_of.setdefault(code, None)
        region_codes = {str(r.values["region"]) for r in rows if r.values.get("region")}
        regions = _region_ids(region_codes)
        may_add = can(ctx.user, Action.ADD, self.resource)
        loops = _loops(parent_of, incoming)

        def header(name: str) -> str:
            column = FIELD_COLUMN.get(name, name)
            return headers.get(column) or self.column(column).header

        row_errors: dict[str, list[RowError]] = {}
        records: dict[Hashable, dict[str, object]] = {}
        checks = _RowChecks(stored, parent_of, loops, regions, may_add, ctx.full_snapshot, header)
        for code, row in incoming.items():
            record, problems = self._prepare_row(code, row, checks)
            if problems:
                row_errors[code] = problems
            else:
                records[code] = record
        _drop_orphans(records, incoming, parent_of, row_errors, header)
        errors = [error for problems in row_errors.values() for error in problems]
        return records, errors

    def _prepare_row(
        self, code: str, row: ParsedRow, checks: _RowChecks
    ) -> tuple[dict[str, object], list[RowError]]:
        """One row's record and its errors."""
        stored, parent_of, loops, regions = (
            checks.stored, checks.parent_of, checks.loops, checks.regions
        )  # fmt: skip
        may_add, header = checks.may_add, checks.header
        values = row.values
        problems: list[RowError] = []

        def fail(name: str, error: str, message: Any) -> None:
            problems.append(RowError(row.number, header(name), error, {"message": str(message)}))

        old = stored.values.get(code)
        if old is None and not may_add:
            fail("code", "unit.add_denied", _("You may not add work units."))
        elif old is not None and stored.changeable is not None and code not in stored.changeable:
            fail("code", "unit.out_of_scope", _("This unit is outside the units you may change."))
        record: dict[str, object] = {
            name: values[name] for name in ("name", "kind", "active") if name in values
        }
        if record.get("kind") is None:
            record.pop("kind", None)
        if record.get("active") is None:
            record.pop("active", None)
        if siasn_id := siasn_id_of(values):
            record[SIASN_FIELD] = siasn_id
        if checks.full_snapshot and "active" not in values:
            record["active"] = True
        if "parent_code" in values:
            parent = parent_of[code]
            record["parent_code"] = parent
            if parent is not None and parent not in parent_of:
                fail(
                    "parent_code",
                    "unit.parent_unknown",
                    _("No unit has the code {code}, in the file or in the agency.").format(
                        code=parent
                    ),
                )
            elif code in loops:
                fail(
                    "parent_code",
                    "unit.cycle",
                    _("The parent chain loops back on itself: {chain}.").format(
                        chain=" → ".join(loops[code])
                    ),
                )
        if "region" in values:
            region = regions.get(str(values["region"]))
            if region is None:
                fail(
                    "region_id",
                    "unit.region",
                    _("No region has this code (use the Kemendagri code, e.g. 62.71.01)."),
                )
            record["region_id"] = region
        if "attributes" in values:
            attributes = _attributes(values["attributes"])
            if attributes is None:
                fail(
                    "attributes",
                    "unit.attributes",
                    _('Write the attributes as a JSON object, e.g. {"rombel": 12}.'),
                )
            record["attributes"] = attributes or {}
        if old is None:
            if "kind" not in record:
                fail("kind", "cell.required", _("This column is required and the cell is empty."))
            record.setdefault("parent_code", None)
            record.setdefault("attributes", {})
            record.setdefault("active", True)
        merged = {**(old or {}), **record}
        unit = OrgUnit(
            code=code,
            name=str(merged.get("name") or ""),
            kind=str(merged.get("kind") or ""),
            attributes=merged.get("attributes") or {},
        )
        exclude = ["agency", "parent", "region", "path", "opd", "district"]
        try:
            unit.clean_fields(exclude=exclude if unit.kind else [*exclude, "kind"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = name if name in FIELDS else "code"
                for message in messages:
                    fail(column, f"unit.{name}", message)
        return record, problems

    # ------------------------------------------------------------------ write

    def write(self, ctx: Context, plan: Plan) -> None:
        if not (plan.diff.new or plan.diff.changed or plan.deactivate):
            return
        user = ctx.user if getattr(ctx.user, "pk", None) else None
        units = {u.code: u for u in OrgUnit.unscoped.filter(agency=ctx.agency)}
        fields: dict[str, set[str]] = {}  # code -> model fields to write, existing units
        moved: set[str] = set()  # new units and units whose parent or region changed

        def parent_code_of(code: str) -> str | None:
            record = plan.records.get(code, {})
            if "parent_code" in record:
                return _str_or_none(record["parent_code"])
            return _str_or_none(plan.stored.values.get(code, {}).get("parent_code"))

        for key, changes in plan.diff.changed.items():
            code = str(key)
            unit = units[code]
            for name, (_old, new) in changes.items():
                if name == SIASN_FIELD:
                    continue
                fields.setdefault(code, set()).add(MODEL_FIELD.get(name, name))
                if name in MODEL_FIELD:
                    moved.add(code)
                if name != "parent_code":
                    setattr(unit, name, new)
        for code in map(str, plan.deactivate):
            units[code].active = False
            fields.setdefault(code, set()).add("active")

        # New units, parents first (a parent needs its primary key before its children).
        created: list[OrgUnit] = []
        pending = list(plan.diff.new)
        while pending:
            ready = [c for c in pending if (p := parent_code_of(str(c))) is None or p in units]
            if not ready:
                raise RuntimeError("unit parents form a cycle; prepare() should have refused")
            batch = []
            for code in map(str, ready):
                record = plan.records[code]
                parent = parent_code_of(code)
                batch.append(
                    OrgUnit(
                        agency=ctx.agency,
                        code=code,
                        path="pending/",
                        parent_id=units[parent].pk if parent else None,
                        **{
                            k: v for k, v in record.items() if k not in ("parent_code", SIASN_FIELD)
                        },
                    )
                )
            OrgUnit.unscoped.bulk_create(batch, batch_size=BATCH)
            for unit in batch:
                units[unit.code] = unit
                moved.add(unit.code)
            created += batch
            done = set(ready)
            pending = [c for c in pending if c not in done]

        for code in moved:
            parent = parent_code_of(code)
            units[code].parent_id = units[parent].pk if parent else None
        new_codes = {u.code for u in created}
        for unit in _retree(units, moved):
            if unit.code not in new_codes:
                fields.setdefault(unit.code, set()).update(TREE_FIELDS)

        if created:
            OrgUnit.unscoped.bulk_update(created, TREE_FIELDS, batch_size=BATCH)
            get_history_manager_for_model(OrgUnit).bulk_history_create(
                created, batch_size=BATCH, default_user=user, default_change_reason=ctx.reason
            )
        if fields := {code: names for code, names in fields.items() if names}:
            objs = [units[code] for code in sorted(fields)]
            bulk_update_with_history(
                objs,
                OrgUnit,
                fields=sorted(set().union(*fields.values())),
                batch_size=BATCH,
                default_user=user,
                default_change_reason=ctx.reason,
                manager=OrgUnit.unscoped,
            )
        save_siasn_ids(ctx, plan, "unit", {code: unit.pk for code, unit in units.items()})

    # ------------------------------------------------------------------ export

    def export_rows(self, ctx: Context) -> Iterable[dict[str, object]]:
        qs = (
            OrgUnit.unscoped.visible_to(ctx.user, Action.EXPORT)
            .filter(agency=ctx.agency)
            .select_related("parent", "region")
            .order_by("code")
        )
        siasn = stored_siasn_ids(ctx.agency, "unit")
        for unit in qs.iterator(chunk_size=BATCH):
            yield {
                "code": unit.code,
                SIASN_FIELD: siasn.get(unit.pk),
                "name": unit.name,
                "kind": unit.kind,
                "parent_code": unit.parent.code if unit.parent else None,
                "region": unit.region.code,
                "attributes": attributes_text(unit.attributes),
                "active": unit.active,
            }


def _str_or_none(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _attributes(text: object) -> dict[str, object] | None:
    """The attributes from a cell ({} for blank), or None when it is not a JSON object."""
    if text is None:
        return {}
    try:
        value = json.loads(str(text))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _region_ids(codes: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    ordered = sorted(codes)
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start : start + BATCH]
        found.update(Region.objects.filter(code__in=batch).values_list("code", "id"))
    return found


def _loops(parent_of: Mapping[str, str | None], incoming: Iterable[str]) -> dict[str, list[str]]:
    """Incoming codes whose parent chain comes back to them: code -> the chain."""
    settled: set[str] = set()  # codes whose chain reaches the top
    loops: dict[str, list[str]] = {}
    for code in incoming:
        chain = [code]
        seen = {code}
        current = parent_of.get(code)
        while current is not None and current in parent_of and current not in settled:
            chain.append(current)
            if current in seen:  # a loop; leading into one is reported as a bad parent
                if current == code:
                    loops[code] = chain
                break
            seen.add(current)
            current = parent_of[current]
        else:
            settled.update(chain)
    return loops


def _retree(units: Mapping[str, OrgUnit], moved: set[str]) -> list[OrgUnit]:
    """Recompute path, OPD and kecamatan of the moved units and their subtrees, parents first.

    Returns the units whose tree fields changed (new units always)."""
    by_pk = {u.pk: u for u in units.values()}
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units.values():
        children.setdefault(unit.parent_id, []).append(unit)
    todo: list[OrgUnit] = []
    seen: set[int] = set()
    stack = [units[code] for code in moved]
    while stack:
        unit = stack.pop()
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        todo.append(unit)
        stack.extend(children.get(unit.pk, []))

    def depth(unit: OrgUnit) -> int:
        n = 0
        while unit.parent_id is not None:
            unit, n = by_pk[unit.parent_id], n + 1
        return n

    todo.sort(key=depth)
    region_ids = sorted({u.region_id for u in todo})
    regions: dict[int, Region] = {}
    for start in range(0, len(region_ids), BATCH):
        batch = region_ids[start : start + BATCH]
        regions.update(Region.objects.select_related("parent").in_bulk(batch))
    changed = []
    for unit in todo:
        before = (unit.path, unit.opd_id, unit.district_id)
        unit.parent = by_pk[unit.parent_id] if unit.parent_id is not None else None
        unit.region = regions[unit.region_id]
        assign_tree_fields(unit)
        if (unit.path, unit.opd_id, unit.district_id) != before:
            changed.append(unit)
    return changed


@dataclass
class _RowChecks:
    """What every row of a units file is checked against."""

    stored: Stored
    parent_of: dict[str, str | None]
    loops: dict[str, list[str]]
    regions: dict[str, int]
    may_add: bool
    full_snapshot: bool
    header: Callable[[str], str]


def _drop_orphans(
    records: dict[Hashable, dict[str, object]],
    incoming: Mapping[str, ParsedRow],
    parent_of: Mapping[str, str | None],
    row_errors: dict[str, list[RowError]],
    header: Callable[[str], str],
) -> None:
    # A unit whose parent row in the file is invalid cannot be placed either.
    changed = True
    while changed:
        changed = False
        for code in map(str, list(records)):
            parent = parent_of.get(code)
            if parent is not None and parent in incoming and parent not in records:
                row = incoming[code]
                row_errors[code] = [
                    RowError(
                        row.number,
                        header("parent_code"),
                        "unit.parent_invalid",
                        {
                            "message": str(
                                _("The parent unit {code} has errors in this file.").format(
                                    code=parent
                                )
                            )
                        },
                    )
                ]
                del records[code]
                changed = True
