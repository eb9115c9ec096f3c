"""Agencies (instansi): the Pemda and central agencies whose data Formasi holds.

Only a superuser (or the CLI) creates agencies; an agency's admin may rename their own
(``agency`` change permission). The region must already exist (import regions first).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from formasi.core.permissions import Action
from formasi.domain.importing import Column, ColumnKind, ParsedRow, RowError
from formasi.organization.models import Agency, Region
from formasi.transfer.kinds.base import Context, ImportKind, Plan, Stored, every_agency

K = ColumnKind
KIND_LABELS = {
    "provinsi": "Pemerintah Provinsi",
    "kabupaten": "Pemerintah Kabupaten",
    "kota": "Pemerintah Kota",
    "pusat": "Instansi Pusat",
}
COLUMNS: tuple[Column, ...] = (
    Column("code", "Kode Instansi", K.TEXT, required=True, max_length=20,
           synonyms=("kode", "kode pemda")),
    Column("name", "Nama Instansi", K.TEXT, required=True, max_length=200,
           synonyms=("nama", "instansi", "nama pemda")),
    Column("kind", "Jenis Instansi", K.CHOICE, required=True, choices=KIND_LABELS,
           aliases={"provinsi": "provinsi", "kabupaten": "kabupaten", "kota": "kota",
                    "pusat": "pusat", "pemprov": "provinsi", "pemkab": "kabupaten",
                    "pemkot": "kota"},
           synonyms=("jenis",)),
    Column("region", "Kode Wilayah", K.TEXT, required=True, max_length=13,
           synonyms=("wilayah",)),
)  # fmt: skip
FIELDS = ("name", "kind", "region_id")


class AgencyKind(ImportKind):
    name = "agencies"
    label = _("Agencies")
    resource = "agency"
    columns = COLUMNS
    key_field = "code"
    needs_agency = False

    def touched_agencies(self, ctx: Context) -> list[int]:
        return every_agency()

    def load(self, ctx: Context) -> Stored:
        stored = Stored()
        for pk, code, *values in Agency.unscoped.values_list("id", "code", *FIELDS):
            stored.values[code] = dict(zip(FIELDS, values, strict=True))
            stored.ids[code] = pk
        return stored

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        codes = {str(r.values.get("region") or "") for r in rows}
        regions = dict(Region.objects.filter(code__in=codes).values_list("code", "id"))
        superuser = bool(getattr(ctx.user, "is_superuser", False))
        changeable = set(
            Agency.unscoped.visible_to(ctx.user, Action.CHANGE).values_list("code", flat=True)
        )
        records: dict[Hashable, dict[str, object]] = {}
        errors: list[RowError] = []
        for row in rows:
            code = str(row.values["code"])
            region = regions.get(str(row.values.get("region") or ""))
            record = {
                "name": row.values["name"],
                "kind": row.values["kind"],
                "region_id": region,
            }
            problems: list[tuple[str, Any]] = []
            if region is None:
                problems.append(("region", _("No region has this code; import the regions first.")))
            old = stored.values.get(code)
            if old != record:
                if old is None and not superuser:
                    problems.append(("code", _("Only a system administrator may add agencies.")))
                elif old is not None and not superuser and code not in changeable:
                    problems.append(("code", _("You may not change this agency.")))
                elif old is not None and old["region_id"] != region and not superuser:
                    problems.append(
                        ("region", _("Only a system administrator may move an agency."))
                    )
            if problems:
                errors += [
                    RowError(row.number, headers.get(name, self.column(name).header),
                             "agency.invalid", {"message": str(message)})
                    for name, message in problems
                ]  # fmt: skip
            else:
                records[code] = record
        return records, errors

    def write(self, ctx: Context, plan: Plan) -> None:
        Agency.unscoped.bulk_create(
            [Agency(code=str(key), **plan.records[key]) for key in plan.diff.new]
        )
        for key, changes in plan.diff.changed.items():
            Agency.unscoped.filter(pk=plan.stored.ids[key]).update(
                **{name: new for name, (_old, new) in changes.items()}
            )

    def export_rows(self, ctx: Context) -> Iterable[dict[str, object]]:
        agencies = Agency.unscoped.visible_to(ctx.user, Action.VIEW).select_related("region")
        for agency in agencies.order_by("code"):
            yield {
                "code": agency.code,
                "name": agency.name,
                "kind": agency.kind,
                "region": agency.region.code,
            }
