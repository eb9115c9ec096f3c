"""Regions (wilayah) and their population by year: public reference data, not an agency's.

Region codes follow Permendagri 58/2021 (``PP.KK.CC.DDDD``): the code's depth fixes the level
and its prefix the parent, so both may be left blank and are derived; when given they must
agree. Regions are shared by every agency, so a non-superuser may only create or change the
regions inside their own agency's region (its code and the codes under it); rows equal to
what is stored pass for everyone, so the public export imports back cleanly. Regions have no
history model; the import's audit event records who changed them.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from formasi.core.permissions import Role, role_of
from formasi.domain.importing import Column, ColumnKind, ParsedRow, RowError
from formasi.organization.models import Region, RegionPopulation, region_code_validator
from formasi.transfer.kinds.base import (
    Context,
    ImportKind,
    Plan,
    Stored,
    every_agency,
    write_updates,
)

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

K = ColumnKind
LEVEL_LABELS = {
    "provinsi": "Provinsi",
    "kabupaten_kota": "Kabupaten/Kota",
    "kecamatan": "Kecamatan",
    "desa_kelurahan": "Desa/Kelurahan",
}
LEVEL_ALIASES = {
    "prov": "provinsi", "province": "provinsi", "kabupaten": "kabupaten_kota",
    "kota": "kabupaten_kota", "kab": "kabupaten_kota", "kab kota": "kabupaten_kota",
    "regency": "kabupaten_kota", "city": "kabupaten_kota", "kec": "kecamatan",
    "district": "kecamatan", "desa": "desa_kelurahan", "kelurahan": "desa_kelurahan",
    "kel": "desa_kelurahan", "village": "desa_kelurahan",
}  # fmt: skip
LEVELS_BY_DEPTH = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
REMOTENESS_LABELS = {
    "perkotaan": "Perkotaan",
    "perdesaan": "Perdesaan",
    "terpencil": "Terpencil",
    "sangat_terpencil": "Sangat Terpencil",
}
REMOTENESS_ALIASES = {
    "pedesaan": "perdesaan", "urban": "perkotaan", "rural": "perdesaan", "remote": "terpencil",
    "very remote": "sangat_terpencil",
}  # fmt: skip

COLUMNS: tuple[Column, ...] = (
    Column("code", "Kode Wilayah", K.TEXT, required=True, max_length=13, synonyms=(
        "kode", "kode kemendagri", "kode wil",
    )),
    Column("name", "Nama", K.TEXT, max_length=100, synonyms=("nama wilayah",)),
    Column("level", "Tingkat", K.CHOICE, choices=LEVEL_LABELS, aliases=LEVEL_ALIASES,
           synonyms=("tingkat wilayah", "level")),
    Column("parent_code", "Kode Induk", K.TEXT, max_length=13, synonyms=(
        "kode wilayah induk", "induk",
    )),
    Column("area_km2", "Luas (km²)", K.DECIMAL, min_value=0, synonyms=(
        "luas", "luas wilayah", "luas km2",
    )),
    Column("area_source", "Sumber Luas", K.TEXT, max_length=200),
    Column("remoteness", "Keterpencilan", K.CHOICE, choices=REMOTENESS_LABELS,
           aliases=REMOTENESS_ALIASES, synonyms=("klasifikasi wilayah",)),
    Column("latitude", "Lintang", K.DECIMAL, min_value=-90, max_value=90, synonyms=(
        "latitude", "lat",
    )),
    Column("longitude", "Bujur", K.DECIMAL, min_value=-180, max_value=180, synonyms=(
        "longitude", "lon", "lng",
    )),
)  # fmt: skip

REGION_FIELDS = (
    "name", "level", "parent_code", "area_km2", "area_source", "remoteness", "latitude",
    "longitude",
)  # fmt: skip
BLANK_TEXT = frozenset({"area_source", "remoteness"})
CODE_PATTERN = re.compile(region_code_validator.regex)  # already compiled: the same pattern
AREA_PLACES = Decimal("0.001")  # Region.area_km2 has three decimal places
BATCH = 2000


def parent_code(code: str) -> str | None:
    """The parent of a well-formed region code (None for a province)."""
    return code.rsplit(".", 1)[0] if "." in code else None


def editable_prefix(user: AnyUser | None) -> str | None:
    """The region code a user may create and change regions under ("" for everything, None
    for nothing): a superuser anything; an agency's administrator their agency's region."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return ""
    agency = getattr(user, "agency", None)
    if role_of(user) != Role.ADMIN or agency is None:
        return None
    return str(agency.region.code)


def may_edit(prefix: str | None, code: str) -> bool:
    if prefix is None:
        return False
    return prefix == "" or code == prefix or code.startswith(prefix + ".")


def refused_message(prefix: str | None) -> str:
    if prefix is None:
        return str(_("Only an agency's administrator may create or change regions."))
    return str(
        _("You may only create or change regions inside your agency's region ({code}).").format(
            code=prefix
        )
    )


def create_rows(ctx: Context, model: type[models.Model], objs: list[Any]) -> list[Any]:
    """bulk_create, with history rows carrying the import's reason when the model keeps
    history (regions gain it in migration organization 0003)."""
    if not objs:
        return []
    if not hasattr(model, "history"):
        return model._default_manager.bulk_create(objs, batch_size=BATCH)
    return bulk_create_with_history(
        objs, model, batch_size=BATCH, default_user=_user(ctx), default_change_reason=ctx.reason
    )


def _user(ctx: Context) -> Any:
    return ctx.user if getattr(ctx.user, "pk", None) else None


def _differs(record: Mapping[str, object], old: Mapping[str, object] | None) -> bool:
    return old is None or any(old.get(name) != value for name, value in record.items())


def _batched(codes: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(codes))
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def _plain(value: object) -> Decimal | None:
    """A float as the Decimal the importer reads back from an exported cell."""
    return None if value is None else Decimal(repr(value))


class RegionKind(ImportKind):
    name = "regions"
    label = _("Regions")
    resource = "region"
    columns = COLUMNS
    key_field = "code"
    needs_agency = False

    def touched_agencies(self, ctx: Context) -> list[int]:
        return every_agency()

    def load(self, ctx: Context) -> Stored:
        stored = Stored()
        rows = Region.objects.values_list(
            "id", "code", "name", "level", "parent__code", "area_km2", "area_source",
            "remoteness", "latitude", "longitude",
        )  # fmt: skip
        for pk, code, *values in rows.iterator(chunk_size=BATCH):
            stored.values[code] = dict(zip(REGION_FIELDS, values, strict=True))
            stored.ids[code] = pk
        return stored

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        prefix = editable_prefix(ctx.user)
        codes = {str(row.values["code"]) for row in rows}
        records: dict[Hashable, dict[str, object]] = {}
        errors: list[RowError] = []
        for row in rows:
            values = row.values
            code = str(values["code"])
            problems: list[RowError] = []

            def fail(
                name: str,
                error: str,
                message: Any,
                n: int = row.number,
                out: list = problems,
                present: Mapping = values,
            ) -> None:
                column = name if name in present or name == "code" else "code"
                header = headers.get(column) or self.column(column).header
                out.append(RowError(n, header, error, {"message": str(message)}))

            if not CODE_PATTERN.match(code):
                fail("code", "region.code", region_code_validator.message)
                errors.extend(problems)
                continue
            old = stored.values.get(code)
            depth_level = LEVELS_BY_DEPTH[code.count(".")]
            expected_parent = parent_code(code)
            record: dict[str, object] = {
                name: values[name] for name in REGION_FIELDS if name in values
            }
            for name in BLANK_TEXT:
                if name in record and record[name] is None:
                    record[name] = ""
            if record.get("name") is None:
                record.pop("name", None)
            if record.get("level") is None:
                record["level"] = depth_level
            elif record["level"] != depth_level:
                fail(
                    "level",
                    "region.level",
                    _("A code with this many parts is a {level}.").format(
                        level=LEVEL_LABELS[depth_level]
                    ),
                )
            if record.get("parent_code") is None:
                record["parent_code"] = expected_parent
            elif record["parent_code"] != expected_parent:
                fail(
                    "parent_code",
                    "region.parent",
                    _("The parent of {code} is {parent} (the code without its last part).").format(
                        code=code, parent=expected_parent or "-"
                    ),
                )
            if expected_parent is not None and not (
                expected_parent in stored.values or expected_parent in codes
            ):
                fail(
                    "parent_code",
                    "region.parent_unknown",
                    _("The parent region {parent} does not exist; import it first.").format(
                        parent=expected_parent
                    ),
                )
            area = record.get("area_km2")
            if isinstance(area, Decimal):
                record["area_km2"] = area.quantize(AREA_PLACES, ROUND_HALF_UP)
            for name in ("latitude", "longitude"):
                if record.get(name) is not None:
                    record[name] = float(record[name])  # type: ignore[arg-type]
            if old is None:
                if "name" not in record:
                    fail(
                        "name", "cell.required", _("This column is required and the cell is empty.")
                    )
                record.setdefault("area_source", "")
                record.setdefault("remoteness", "")
            for name, message in _field_errors(code, {**(old or {}), **record}):
                fail(name, f"region.{name}", message)
            if not problems and _differs(record, old) and not may_edit(prefix, code):
                fail("code", "region.scope", refused_message(prefix))
            if problems:
                errors.extend(problems)
            else:
                records[code] = record
        return records, errors

    def write(self, ctx: Context, plan: Plan) -> None:
        by_code = dict(plan.stored.ids)
        new = sorted(plan.diff.new, key=lambda code: (str(code).count("."), str(code)))
        for depth in range(len(LEVELS_BY_DEPTH)):
            batch = []
            for code in (c for c in new if str(c).count(".") == depth):
                record = dict(plan.records[code])
                parent = record.pop("parent_code")
                batch.append(
                    Region(code=str(code), parent_id=by_code[parent] if parent else None, **record)
                )
            for region in create_rows(ctx, Region, batch):
                by_code[region.code] = region.pk
        updates: dict[int, dict[str, object]] = {}
        for code, changes in plan.diff.changed.items():
            update = updates.setdefault(plan.stored.ids[code], {})
            for name, (_old, value) in changes.items():
                if name == "parent_code":
                    update["parent_id"] = by_code[value] if value else None
                else:
                    update[name] = value
        write_updates(ctx, plan, Region, updates=updates, batch_size=BATCH)

    def export_rows(self, ctx: Context) -> Iterable[dict[str, object]]:
        qs = Region.objects.select_related("parent").order_by("code")
        for r in qs.iterator(chunk_size=BATCH):
            yield {
                "code": r.code,
                "name": r.name,
                "level": r.level,
                "parent_code": r.parent.code if r.parent else None,
                "area_km2": r.area_km2,
                "area_source": r.area_source or None,
                "remoteness": r.remoteness or None,
                "latitude": _plain(r.latitude),
                "longitude": _plain(r.longitude),
            }


# --------------------------------------------------------------------------- population

POPULATION_COLUMNS: tuple[Column, ...] = (
    Column("code", "Kode Wilayah", K.TEXT, required=True, max_length=13, synonyms=(
        "kode", "kode kemendagri",
    )),
    Column("year", "Tahun", K.INTEGER, required=True, min_value=1900, max_value=2200),
    Column("population", "Jumlah Penduduk", K.INTEGER, required=True, min_value=0, synonyms=(
        "penduduk", "jumlah", "total penduduk",
    )),
    Column("male", "Laki-laki", K.INTEGER, min_value=0, synonyms=("pria", "penduduk laki-laki")),
    Column("female", "Perempuan", K.INTEGER, min_value=0, synonyms=(
        "wanita", "penduduk perempuan",
    )),
    Column("source", "Sumber", K.TEXT, max_length=200, synonyms=("sumber data",)),
    Column("is_estimate", "Perkiraan", K.BOOLEAN, synonyms=("estimasi", "perkiraan?")),
)  # fmt: skip
POPULATION_FIELDS = ("population", "male", "female", "source", "is_estimate")
# What load() compares: the file's fields and the region the key's code names.
POPULATION_STORED = (*POPULATION_FIELDS, "region_id")


class PopulationKind(ImportKind):
    name = "population"
    label = _("Region population")
    resource = "region"
    columns = POPULATION_COLUMNS
    key_field = "code"
    needs_agency = False

    def key(self, values: Mapping[str, object]) -> Hashable | None:
        code, year = values.get("code"), values.get("year")
        return None if code is None or year is None else (str(code), int(year))  # type: ignore[call-overload]

    def touched_agencies(self, ctx: Context) -> list[int]:
        return every_agency()

    def load(self, ctx: Context) -> Stored:
        stored = Stored()
        rows = RegionPopulation.objects.values_list(
            "id", "region__code", "year", *POPULATION_STORED
        )
        for pk, code, year, *values in rows.iterator(chunk_size=BATCH):
            stored.values[(code, year)] = dict(zip(POPULATION_STORED, values, strict=True))
            stored.ids[(code, year)] = pk
        return stored

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        prefix = editable_prefix(ctx.user)
        regions: dict[str, int] = {}
        for batch in _batched(str(row.values["code"]) for row in rows):
            regions.update(Region.objects.filter(code__in=batch).values_list("code", "id"))
        records: dict[Hashable, dict[str, object]] = {}
        errors: list[RowError] = []
        for row in rows:
            values = row.values
            key = self.key(values)
            problems: list[RowError] = []

            def fail(
                name: str,
                error: str,
                message: Any,
                n: int = row.number,
                out: list = problems,
                present: Mapping = values,
            ) -> None:
                column = name if name in present or name == "code" else "code"
                header = headers.get(column) or self.column(column).header
                out.append(RowError(n, header, error, {"message": str(message)}))

            code = str(values["code"])
            if code not in regions:
                fail(
                    "code",
                    "population.region",
                    _("No region has this code (use the Kemendagri code, e.g. 62.71.01)."),
                )
            old = stored.values.get(key)
            record = {name: values[name] for name in POPULATION_FIELDS if name in values}
            if "source" in record and record["source"] is None:
                record["source"] = ""
            if record.get("is_estimate") is None:
                record.pop("is_estimate", None)
            if old is None:
                if not record.get("source"):
                    fail(
                        "source",
                        "cell.required",
                        _("This column is required and the cell is empty."),
                    )
                record.setdefault("male", None)
                record.setdefault("female", None)
                record.setdefault("is_estimate", False)
            merged = {**(old or {}), **record}
            total, male, female = merged.get("population"), merged.get("male"), merged.get("female")
            if isinstance(total, int):
                if male is not None and female is not None and male + female != total:  # type: ignore[operator]
                    fail(
                        "male" if "male" in values else "female",
                        "population.sum",
                        _(
                            "Male ({male}) plus female ({female}) must equal the total ({total})."
                        ).format(male=male, female=female, total=total),
                    )
                for name, part in (("male", male), ("female", female)):
                    if part is not None and part > total:  # type: ignore[operator]
                        fail(name, "population.part", _("More than the total population."))
            if not problems and _differs(record, old) and not may_edit(prefix, code):
                fail("code", "region.scope", refused_message(prefix))
            if problems:
                errors.extend(problems)
            else:
                record["region_id"] = regions[code]
                records[key] = record
        return records, errors

    def write(self, ctx: Context, plan: Plan) -> None:
        new = [
            RegionPopulation(year=key[1], **plan.records[key])  # type: ignore[index]
            for key in plan.diff.new
        ]
        create_rows(ctx, RegionPopulation, new)
        write_updates(ctx, plan, RegionPopulation, batch_size=BATCH)

    def export_rows(self, ctx: Context) -> Iterable[dict[str, object]]:
        qs = RegionPopulation.objects.select_related("region").order_by("region__code", "year")
        for p in qs.iterator(chunk_size=BATCH):
            yield {
                "code": p.region.code,
                "year": p.year,
                "population": p.population,
                "male": p.male,
                "female": p.female,
                "source": p.source or None,
                "is_estimate": p.is_estimate,
            }


def _field_errors(code: str, merged: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, message) of every field of the region as it will be stored that the model
    rejects."""
    region = Region(
        code=code,
        name=merged.get("name") or "",
        level=merged["level"],
        area_km2=merged.get("area_km2"),
        area_source=merged.get("area_source") or "",
        remoteness=merged.get("remoteness") or "",
    )
    try:
        region.clean_fields(exclude=["parent", "boundary", *([] if region.name else ["name"])])
    except ValidationError as exc:
        return [(name, m) for name, messages in exc.message_dict.items() for m in messages]
    return []
