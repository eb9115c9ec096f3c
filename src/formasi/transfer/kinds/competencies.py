"""Competency records (issue 20 item 4): the level each employee has on a competency, as an
assessment centre or an OPD's spreadsheet lists them.

Matched by the employee's NIP (staff without a NIP, non-ASN: by NIK, for whoever may see NIKs;
the export writes the NIK only for them) and the competency's code in the agency's dictionary
(kind ``competency_catalog``; the code or the competency's name as written). The level is
1 to 5 (PermenPAN-RB 38/2017); "Level 3" and "III" are read as 3. Upsert only: records the file
does not list stay. The employee must be one the importer may change (an OPD operator: their
OPD's people; resource "training"); a NIP outside that scope answers exactly as an unknown one.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from formasi.core.permissions import Action, can
from formasi.domain.importing import Column, ColumnKind, ParsedRow, RowError
from formasi.training.models import Competency, CompetencyRecord
from formasi.transfer.kinds.base import Context, ImportKind, Plan, Stored, write_updates
from formasi.workforce.models import Employee

K = ColumnKind
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}

COLUMNS: tuple[Column, ...] = (
    Column(
        "nip",
        "NIP",
        K.DIGITS,
        length=18,
        synonyms=(
            "nip baru",
            "nip 18",
            "nomor induk pegawai",
            "nip/ni pppk",
            "ni pppk",
            "nip pegawai",
        ),
    ),
    Column(
        "nik",
        "NIK",
        K.DIGITS,
        length=16,
        synonyms=("nomor induk kependudukan", "no ktp", "nomor ktp"),
    ),
    Column(
        "name",
        "Nama",
        K.TEXT,
        max_length=150,
        synonyms=(
            "nama pegawai",
            "nama lengkap",
            "nama asn",
        ),
    ),
    Column(
        "competency",
        "Kompetensi",
        K.TEXT,
        required=True,
        max_length=200,
        synonyms=(
            "kode kompetensi",
            "nama kompetensi",
            "jenis kompetensi",
            "kompetensi teknis",
        ),
    ),
    Column(
        "level",
        "Level",
        K.TEXT,
        required=True,
        max_length=20,
        synonyms=(
            "level kompetensi",
            "tingkat",
            "tingkat kompetensi",
            "level dimiliki",
            "nilai level",
        ),
    ),
    Column(
        "assessed_on",
        "Tanggal Penilaian",
        K.DATE,
        required=True,
        synonyms=(
            "tanggal asesmen",
            "tgl penilaian",
            "tgl asesmen",
            "tanggal uji kompetensi",
            "tanggal",
        ),
    ),
)

MODEL_FIELDS = ("level", "assessed_on", "employee_id", "competency_id")
BATCH = 2000


def person_key(values: Mapping[str, object]) -> str | None:
    """The employee a row names: the NIP, else "NIK:" and the NIK (staff without a NIP)."""
    if values.get("nip"):
        return str(values["nip"])
    if values.get("nik"):
        return f"NIK:{values['nik']}"
    return None


def read_level(raw: object) -> int | None:
    """1–5 from "3", "3.0", "Level 3", "level III" or "III"; None otherwise."""
    text = re.sub(r"^(level|tingkat)\s*", "", str(raw).strip().casefold())
    text = text.removesuffix(".0")
    value = int(text) if text.isdigit() else ROMAN.get(text)
    return value if value is not None and 1 <= value <= 5 else None


class CompetencyKind(ImportKind):
    name = "competencies"
    label = _("Competency records (levels 1–5)")
    resource = "training"
    columns = COLUMNS
    key_field = "competency"

    def key(self, values: Mapping[str, object]) -> Hashable | None:
        person, competency = person_key(values), values.get("competency")
        if not person or not competency:
            return None
        return f"{person}/{str(competency).strip().casefold()}"

    def required_groups(self) -> list[tuple[str, ...]]:
        return [("nip", "nik")]

    def _employees(self, ctx: Context) -> dict[str, int]:
        """NIP (or "NIK:…" for staff without a NIP, non-ASN, for whoever may see NIKs) → the
        employee id, of the agency's people the importer may change."""
        qs = Employee.unscoped.visible_to(ctx.user, Action.CHANGE, resource=self.resource)
        rows = qs.filter(agency=ctx.agency).values_list("nip", "nik", "id")
        sees_nik = can(ctx.user, Action.VIEW, "nik")
        out: dict[str, int] = {}
        for nip, nik, pk in rows:
            key = person_key({"nip": nip, "nik": nik if sees_nik else None})
            if key:
                out[key] = pk
        return out

    def _competencies(self, ctx: Context) -> dict[str, Competency]:
        found: dict[str, Competency] = {}
        for c in Competency.unscoped.filter(agency=ctx.agency):
            found.setdefault(c.name.strip().casefold(), c)
            found[c.code.strip().casefold()] = c
        return found

    def load(self, ctx: Context) -> Stored:
        stored = Stored()
        employees = {pk: person for person, pk in self._employees(ctx).items()}
        rows = CompetencyRecord.unscoped.filter(
            agency=ctx.agency, employee_id__in=list(employees)
        ).values_list("id", "employee_id", "competency__code", *MODEL_FIELDS)
        for pk, employee_id, code, *values in rows.iterator(chunk_size=BATCH):
            key = f"{employees[employee_id]}/{code.strip().casefold()}"
            stored.values[key] = dict(zip(MODEL_FIELDS, values, strict=True))
            stored.ids[key] = pk
        return stored

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        employees = self._employees(ctx)
        competencies = self._competencies(ctx)
        records: dict[Hashable, dict[str, object]] = {}
        errors: list[RowError] = []
        for row in rows:
            values = row.values
            problems: list[RowError] = []

            def fail(
                name: str, code: str, message: Any, n: int = row.number, out: list = problems
            ) -> None:
                header = headers.get(name) or self.column(name).header
                out.append(RowError(n, header, code, {"message": str(message)}))

            person = person_key(values)
            if person is None or not values.get("competency"):
                if person is None and values.get("competency"):
                    fail("nip", "competency.employee_missing", _("Write the NIP (or the NIK)."))
                    errors.extend(problems)
                continue  # the typing layer already reported the empty required cell
            employee = employees.get(person)
            if employee is None:
                fail(
                    "nip",
                    "competency.employee_unknown",
                    _("No employee you may change has this NIP."),
                )
            competency = competencies.get(str(values["competency"]).strip().casefold())
            if competency is None:
                fail(
                    "competency",
                    "competency.unknown",
                    _("No competency of the agency has this code or name."),
                )
            level = read_level(values.get("level"))
            if level is None:
                fail("level", "competency.level", _("Enter a level from 1 to 5."))
            if problems:
                errors.extend(problems)
                continue
            assert competency is not None
            key = f"{person}/{competency.code.strip().casefold()}"
            records[key] = {
                "level": level,
                "assessed_on": values["assessed_on"],
                "employee_id": employee,
                "competency_id": competency.pk,
            }
        return records, errors

    def write(self, ctx: Context, plan: Plan) -> None:
        user = ctx.user if getattr(ctx.user, "pk", None) else None
        new = [
            CompetencyRecord(
                agency=ctx.agency, entered_by_id=getattr(user, "pk", None), **plan.records[key]
            )
            for key in plan.diff.new
        ]
        for start in range(0, len(new), BATCH):
            bulk_create_with_history(
                new[start : start + BATCH],
                CompetencyRecord,
                batch_size=BATCH,
                default_user=user,
                default_change_reason=ctx.reason,
            )
        write_updates(ctx, plan, CompetencyRecord)

    def export_rows(self, ctx: Context) -> Iterable[dict[str, object]]:
        qs = (
            CompetencyRecord.unscoped.visible_to(ctx.user, Action.EXPORT)
            .filter(agency=ctx.agency)
            .select_related("employee", "competency")
            .order_by("employee__nip", "employee__nik", "competency__code", "id")
        )
        show_nik = can(ctx.user, Action.VIEW, "nik")
        for r in qs.iterator(chunk_size=BATCH):
            nip = r.employee.nip
            yield {
                "nip": nip,
                # staff without a NIP (non-ASN) are named by NIK, for whoever may see it
                "nik": None if nip else ((r.employee.nik if show_nik else "") or None),
                "name": r.employee.name,
                "competency": r.competency.code,
                "level": str(r.level),
                "assessed_on": r.assessed_on,
            }
