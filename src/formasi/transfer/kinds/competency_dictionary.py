"""The agency's competency dictionary (issue 20 item 4): the technical, managerial and
socio-cultural competencies of PermenPAN-RB 38/2017 that the position standards and the
competency records (kind ``competencies``) name by code. Kind name ``competency_catalog`` (an
import job's kind is at most 20 characters).

Matched by code within the agency; upsert only (a competency the file does not list stays: the
standards and records naming it PROTECT it). Only the BKPSDM admin writes it (resource
``competency_standard``, master data like the positions). The kind is written as its Indonesian
name ("Teknis", "Manajerial", "Sosial kultural"); the codes are read too. With it, an agency's
competency records can leave one installation and come back (the round trip of issue 3).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from formasi.core.permissions import Action, can
from formasi.domain.importing import Column, ColumnKind, ParsedRow, RowError
from formasi.training.models import Competency, Kind
from formasi.transfer.kinds.base import (
    Context,
    ImportKind,
    Plan,
    Stored,
    create_with_history,
    write_updates,
)

K = ColumnKind
#: The kind as the file writes it (Indonesian, the installation's documents' language).
KIND_NAMES = {
    Kind.TECHNICAL: "Teknis",
    Kind.MANAGERIAL: "Manajerial",
    Kind.SOCIO_CULTURAL: "Sosial kultural",
}
KIND_READ = {
    **{name.casefold(): code for code, name in KIND_NAMES.items()},
    **{str(code).casefold(): code for code in KIND_NAMES},
    "sosial-kultural": Kind.SOCIO_CULTURAL,
    "sosiokultural": Kind.SOCIO_CULTURAL,
    "technical": Kind.TECHNICAL,
    "managerial": Kind.MANAGERIAL,
}

COLUMNS: tuple[Column, ...] = (
    Column("code", "Kode Kompetensi", K.TEXT, required=True, max_length=40,
           synonyms=("kode", "kode kamus", "id kompetensi")),
    Column("name", "Nama Kompetensi", K.TEXT, required=True, max_length=200,
           synonyms=("nama", "kompetensi")),
    Column("kind", "Jenis Kompetensi", K.TEXT, required=True, max_length=20,
           synonyms=("jenis", "kelompok kompetensi")),
    Column("description", "Deskripsi", K.TEXT, max_length=2000,
           synonyms=("uraian", "definisi", "keterangan")),
)  # fmt: skip

MODEL_FIELDS = ("code", "name", "kind", "description")


class CompetencyDictionaryKind(ImportKind):
    name = "competency_catalog"
    label = _("Competency dictionary")
    resource = "competency_standard"
    columns = COLUMNS
    key_field = "code"

    def key(self, values: Mapping[str, object]) -> Hashable | None:
        code = values.get("code")
        return str(code).strip().casefold() if code else None

    def load(self, ctx: Context) -> Stored:
        stored = Stored()
        rows = Competency.unscoped.filter(agency=ctx.agency).values_list(
            "id", "code", *MODEL_FIELDS
        )
        for pk, code, *values in rows:
            key = code.strip().casefold()
            stored.values[key] = dict(zip(MODEL_FIELDS, values, strict=True))
            stored.ids[key] = pk
        return stored

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        records: dict[Hashable, dict[str, object]] = {}
        errors: list[RowError] = []
        may_write = can(ctx.user, Action.CHANGE, self.resource)
        for row in rows:
            values = row.values
            key = self.key(values)
            if key is None or not values.get("name") or not values.get("kind"):
                continue  # the typing layer already reported the empty required cell
            if not may_write:
                header = headers.get("code") or self.column("code").header
                message = _("Only the BKPSDM keeps the competency dictionary.")
                errors.append(
                    RowError(row.number, header, "competency.denied", {"message": str(message)})
                )
                continue
            kind = KIND_READ.get(str(values["kind"]).strip().casefold())
            if kind is None:
                header = headers.get("kind") or self.column("kind").header
                message = _("Write Teknis, Manajerial or Sosial kultural.")
                errors.append(
                    RowError(row.number, header, "competency.kind", {"message": str(message)})
                )
                continue
            records[key] = {
                "code": str(values["code"]).strip(),
                "name": str(values["name"]).strip(),
                "kind": str(kind),
                "description": str(values.get("description") or "").strip(),
            }
        return records, errors

    def write(self, ctx: Context, plan: Plan) -> None:
        new = [Competency(agency=ctx.agency, **plan.records[key]) for key in plan.diff.new]
        create_with_history(ctx, Competency, new)
        write_updates(ctx, plan, Competency)

    def export_rows(self, ctx: Context) -> Iterable[dict[str, Any]]:
        qs = (
            Competency.unscoped.visible_to(ctx.user, Action.EXPORT)
            .filter(agency=ctx.agency)
            .order_by("code", "id")
        )
        for c in qs:
            yield {
                "code": c.code,
                "name": c.name,
                "kind": KIND_NAMES.get(Kind(c.kind), c.kind),
                "description": c.description,
            }
