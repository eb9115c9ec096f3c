"""Positions (jabatan): the agency's position master, one row per position.

Matched by code within the agency. Kind, jenjang and family use the labels of SIASN and the
JF regulations; a jenjang belongs to functional positions only (PermenPAN-RB 1/2023), and a
functional position needs one, since its retirement age follows from it (PP 11/2017 Pasal
239). Every other rule is the model's own field validation (kelas jabatan 1-17, BUP 50-75).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from formasi.core.permissions import Action, can
from formasi.domain.importing import Column, ColumnKind, ParsedRow, RowError
from formasi.organization.models import Position
from formasi.transfer.kinds.base import Context, ImportKind, Plan, Stored, write_updates
from formasi.transfer.kinds.employees import KIND_ALIASES, KIND_LABELS
from formasi.transfer.kinds.references import (
    SIASN_FIELD,
    STRUCTURAL,
    model_updates,
    save_siasn_ids,
    siasn_id_of,
    stored_siasn_ids,
)

K = ColumnKind
JENJANG_LABELS = {
    "ahli_utama": "Ahli Utama",
    "ahli_madya": "Ahli Madya",
    "ahli_muda": "Ahli Muda",
    "ahli_pertama": "Ahli Pertama",
    "penyelia": "Penyelia",
    "mahir": "Mahir",
    "terampil": "Terampil",
    "pemula": "Pemula",
}
JENJANG_ALIASES = {
    "utama": "ahli_utama", "madya": "ahli_madya", "muda": "ahli_muda", "pertama": "ahli_pertama",
}  # fmt: skip
FAMILY_LABELS = {
    "guru": "Guru",
    "kesehatan": "Kesehatan",
    "ti": "TI",
    "teknis": "Teknis",
    "administrasi": "Administrasi",
    "manajerial": "Manajerial",
    "lainnya": "Lainnya",
}
FAMILY_ALIASES = {
    "pendidikan": "guru", "teacher": "guru", "health": "kesehatan", "teknologi informasi": "ti",
    "it": "ti", "technical": "teknis", "administration": "administrasi",
    "struktural": "manajerial", "managerial": "manajerial", "lain lain": "lainnya",
    "other": "lainnya",
}  # fmt: skip
# "Struktural" names several position kinds, so the position master cannot take it.
POSITION_KIND_ALIASES = {k: v for k, v in KIND_ALIASES.items() if v != STRUCTURAL}

COLUMNS: tuple[Column, ...] = (
    Column("code", "Kode Jabatan", K.TEXT, required=True, max_length=40),
    # SIASN's JABATAN ID (organization.ExternalId): employee files match the position by it.
    Column("siasn_id", "SIASN ID", K.TEXT, max_length=64, synonyms=(
        "jabatan id", "id jabatan", "id siasn",
    )),
    Column("name", "Nama Jabatan", K.TEXT, required=True, max_length=200, synonyms=(
        "jabatan", "jabatan nama",
    )),
    Column("kind", "Jenis Jabatan", K.CHOICE, choices=KIND_LABELS,
           aliases=POSITION_KIND_ALIASES, synonyms=("jenis jabatan nama",)),
    Column("jenjang", "Jenjang", K.CHOICE, choices=JENJANG_LABELS, aliases=JENJANG_ALIASES,
           synonyms=("jenjang jabatan", "jenjang jf")),
    Column("family", "Rumpun", K.CHOICE, choices=FAMILY_LABELS, aliases=FAMILY_ALIASES,
           synonyms=("rumpun jabatan",)),
    Column("grade", "Kelas Jabatan", K.INTEGER, min_value=1, max_value=17, synonyms=(
        "kelas", "kelas jab",
    )),
    Column("education_requirement", "Syarat Pendidikan", K.TEXT, max_length=200, synonyms=(
        "kualifikasi pendidikan", "pendidikan minimal",
    )),
    Column("retirement_age_override", "BUP Khusus", K.INTEGER, min_value=50, max_value=75,
           synonyms=("batas usia pensiun", "bup")),
    Column("active", "Aktif", K.BOOLEAN, synonyms=("status aktif",)),
)  # fmt: skip

MODEL_FIELDS = (
    "name", "kind", "jenjang", "family", "grade", "education_requirement",
    "retirement_age_override", "active",
)  # fmt: skip
BLANK_TEXT = frozenset({"jenjang", "education_requirement"})
REQUIRED_NEW = ("kind", "family")
BATCH = 2000


class PositionKind(ImportKind):
    name = "positions"
    label = _("Positions")
    resource = "position"
    columns = COLUMNS
    key_field = "code"
    supports_snapshot = True
    model = Position

    def load(self, ctx: Context) -> Stored:
        stored = Stored()
        rows = Position.unscoped.filter(agency=ctx.agency).values_list("id", "code", *MODEL_FIELDS)
        siasn = stored_siasn_ids(ctx.agency, "position")
        for pk, code, *values in rows.iterator(chunk_size=BATCH):
            stored.values[code] = dict(zip(MODEL_FIELDS, values, strict=True))
            stored.values[code][SIASN_FIELD] = siasn.get(pk)
            stored.ids[code] = pk
        changeable = Position.unscoped.visible_to(ctx.user, Action.CHANGE).filter(agency=ctx.agency)
        ids = set(changeable.values_list("id", flat=True))
        stored.changeable = {code for code, pk in stored.ids.items() if pk in ids}
        return stored

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        may_add = can(ctx.user, Action.ADD, self.resource)
        fields = {c.field for c in COLUMNS}
        records: dict[Hashable, dict[str, object]] = {}
        errors: list[RowError] = []
        for row in rows:
            values = row.values
            code = str(values["code"])
            problems: list[RowError] = []

            def fail(
                name: str, error: str, message: Any, n: int = row.number, out: list = problems
            ) -> None:
                column = name if name in fields else "code"
                header = headers.get(column) or self.column(column).header
                out.append(RowError(n, header, error, {"message": str(message)}))

            old = stored.values.get(code)
            if old is None and not may_add:
                fail("code", "position.add_denied", _("You may not add positions."))
            elif (
                old is not None and stored.changeable is not None and code not in stored.changeable
            ):
                fail("code", "position.out_of_scope", _("You may not change this position."))
            record = {name: values[name] for name in MODEL_FIELDS if name in values}
            for name in BLANK_TEXT:
                if name in record and record[name] is None:
                    record[name] = ""
            for name in ("kind", "family", "active"):
                if name in record and record[name] is None:
                    del record[name]
            if ctx.full_snapshot and "active" not in values:
                record["active"] = True
            if siasn_id := siasn_id_of(values):
                record[SIASN_FIELD] = siasn_id
            if old is None:
                for name in REQUIRED_NEW:
                    if name not in record:
                        fail(
                            name,
                            "cell.required",
                            _("This column is required and the cell is empty."),
                        )
                record.setdefault("jenjang", "")
                record.setdefault("education_requirement", "")
                record.setdefault("active", True)
            merged = {k: v for k, v in {**(old or {}), **record}.items() if k != SIASN_FIELD}
            kind, jenjang = merged.get("kind"), merged.get("jenjang")
            if kind and jenjang and kind != Position.Kind.FUNGSIONAL:
                fail(
                    "jenjang",
                    "position.jenjang_not_functional",
                    _("Only functional positions (JF) have a jenjang; leave it empty."),
                )
            elif kind == Position.Kind.FUNGSIONAL and not jenjang:
                fail(
                    "jenjang",
                    "position.jenjang_required",
                    _("A functional position (JF) needs its jenjang, e.g. Ahli Pertama."),
                )
            position = Position(code=code, **{k: v for k, v in merged.items() if v is not None})
            exclude = ["agency", *(name for name in REQUIRED_NEW if not merged.get(name))]
            try:
                position.clean_fields(exclude=exclude)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        fail(name, f"position.{name}", message)
            if problems:
                errors.extend(problems)
            else:
                records[code] = record
        return records, errors

    def write(self, ctx: Context, plan: Plan) -> None:
        user = ctx.user if getattr(ctx.user, "pk", None) else None
        new = [
            Position(
                agency=ctx.agency,
                code=str(code),
                **{k: v for k, v in plan.records[code].items() if k != SIASN_FIELD},
            )
            for code in plan.diff.new
        ]
        if new:
            bulk_create_with_history(
                new,
                Position,
                batch_size=BATCH,
                default_user=user,
                default_change_reason=ctx.reason,
            )
        write_updates(ctx, plan, Position, updates=model_updates(plan))
        codes = [str(code) for code, record in plan.records.items() if record.get(SIASN_FIELD)]
        pk_of = dict(
            Position.unscoped.filter(agency=ctx.agency, code__in=codes).values_list("code", "id")
        )
        save_siasn_ids(ctx, plan, "position", pk_of)

    def export_rows(self, ctx: Context) -> Iterable[dict[str, object]]:
        qs = (
            Position.unscoped.visible_to(ctx.user, Action.EXPORT)
            .filter(agency=ctx.agency)
            .order_by("code")
        )
        siasn = stored_siasn_ids(ctx.agency, "position")
        for p in qs.iterator(chunk_size=BATCH):
            yield {
                "code": p.code,
                SIASN_FIELD: siasn.get(p.pk),
                "name": p.name,
                "kind": p.kind,
                "jenjang": p.jenjang or None,
                "family": p.family,
                "grade": p.grade,
                "education_requirement": p.education_requirement or None,
                "retirement_age_override": p.retirement_age_override,
                "active": p.active,
            }
