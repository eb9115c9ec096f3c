"""Yearly SKP results (issue 19): the employee's NIP, the year, rating hasil kerja and rating
perilaku kerja; the predikat kinerja is computed (PermenPAN-RB 6/2022,
``formasi.domain.performance.predicate``), never taken from the file.

Matched by year and NIP within the agency; upsert only (results the file does not list stay).
The employee must be one the importer may change talent data of: an OPD operator imports the
people of their OPD only. A NIP outside that scope gets exactly the answer of a NIP nobody has
(the preview does not tell whether it exists elsewhere).

The headers recognised: the Indonesian headers of a yearly SKP recap (NIP, Nama, Tahun or
Periode, Rating Hasil Kerja, Rating Perilaku Kerja, Predikat Kinerja) and the field names of
BKN's SIASN yearly performance record ("riwayat SKP 2022": ``tahun``, ``hasilKinerja``,
``perilakuKerja``, ``kuadranKinerja``, with the NIP as ``nipBaru``), as read and written by
kanekescom/laravel-siasn-simpeg (src/Filament/Resources/PnsRwSkp22Resource.php). The layout of
the xlsx recap downloaded from e-Kinerja (kinerja.bkn.go.id) itself was not found in any public
source: those headers are inferred (docs/import.md says so). A predikat in the file that differs
from the computed one is a warning in the preview.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from formasi.core.permissions import Action, can
from formasi.domain import performance
from formasi.domain.importing import Column, ColumnKind, ParsedRow, RowError
from formasi.talent.models import SkpResult
from formasi.talent.services import FIRST_YEAR
from formasi.transfer.kinds.base import (
    Context,
    ImportKind,
    Plan,
    Stored,
    create_with_history,
    write_updates,
)
from formasi.workforce.models import Employee

K = ColumnKind
RATINGS = {
    "above": "Di Atas Ekspektasi",
    "as_expected": "Sesuai Ekspektasi",
    "below": "Di Bawah Ekspektasi",
}
RATING_ALIASES = {
    "diatas ekspektasi": "above", "di atas": "above", "diatas": "above", "above": "above",
    "above expectation": "above", "sesuai": "as_expected", "as expected": "as_expected",
    "dibawah ekspektasi": "below", "di bawah": "below", "dibawah": "below", "below": "below",
    "below expectation": "below",
}  # fmt: skip
PREDICATES = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang/Misconduct",
    "sangat_kurang": "Sangat Kurang",
}
COLUMNS: tuple[Column, ...] = (
    Column("nip", "NIP", K.DIGITS, required=True, length=18, synonyms=(
        "nip baru", "nipbaru", "nip pegawai", "pegawai nip", "nip 18", "nomor induk pegawai",
        "nip/ni pppk", "ni pppk",
    )),
    Column("name", "Nama", K.TEXT, max_length=150, synonyms=(
        "nama pegawai", "nama lengkap", "pegawai nama", "nama asn",
    )),
    Column("year", "Tahun", K.TEXT, required=True, max_length=60, synonyms=(
        "periode", "tahun penilaian", "periode penilaian", "tahun skp", "periode skp",
    )),
    Column("result", "Rating Hasil Kerja", K.CHOICE, required=True, choices=RATINGS,
           aliases=RATING_ALIASES, synonyms=(
        "hasil kerja", "rating hasil", "hasilkinerja", "hasil kinerja", "rating hasil kinerja",
    )),
    Column("behaviour", "Rating Perilaku Kerja", K.CHOICE, required=True, choices=RATINGS,
           aliases=RATING_ALIASES, synonyms=(
        "perilaku kerja", "rating perilaku", "perilakukerja", "perilaku",
    )),
    Column("predicate", "Predikat Kinerja", K.CHOICE, choices=PREDICATES, aliases={
        "kurang": "kurang", "misconduct": "kurang", "kurang misconduct": "kurang",
    }, synonyms=(
        "predikat", "predikat kinerja pegawai", "kuadrankinerja", "kuadran kinerja",
        "predikat kinerja tahunan",
    )),
)  # fmt: skip
FIELDS = ("employee_id", "result", "behaviour", "predicate")
BATCH = 2000
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def skp_key(year: object, nip: object) -> str | None:
    nip = str(nip).strip() if nip else ""
    return f"{year}/{nip}" if year is not None and nip else None


def year_of(text: object) -> int | None:
    """The one four-digit year in a Tahun/Periode cell ("2025", "Tahunan 2025",
    "01/01/2025 - 31/12/2025"); None when there is none or more than one."""
    found = set(_YEAR.findall(str(text or "")))
    return int(found.pop()) if len(found) == 1 else None


class SkpKind(ImportKind):
    name = "skp"
    label = _("Yearly SKP results (e-Kinerja)")
    resource = "talent"
    columns = COLUMNS
    key_field = "nip"
    model = SkpResult

    def key(self, values: Mapping[str, object]) -> Hashable | None:
        return skp_key(year_of(values.get("year")), values.get("nip"))

    def _people(self, ctx: Context) -> dict[str, int]:
        """NIP → employee id of the agency's people the importer may change talent data of."""
        mine = Employee.unscoped.visible_to(ctx.user, Action.CHANGE, resource="talent")
        rows = mine.filter(agency=ctx.agency).exclude(nip=None).values_list("nip", "id")
        return {str(nip): pk for nip, pk in rows.iterator(chunk_size=BATCH)}

    def load(self, ctx: Context) -> Stored:
        stored = Stored()
        people = set(self._people(ctx).values())
        rows = SkpResult.unscoped.filter(agency=ctx.agency).values_list(
            "id", "year", "employee__nip", *FIELDS
        )
        for pk, year, nip, *values in rows.iterator(chunk_size=BATCH):
            key = skp_key(year, nip)
            if values[0] not in people:
                stored.hidden.add(key)
                continue
            stored.values[key] = dict(zip(FIELDS, values, strict=True))
            stored.ids[key] = pk
        stored.changeable = set(stored.ids)
        return stored

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        may_add = can(ctx.user, Action.ADD, self.resource)
        people = self._people(ctx)
        latest = ctx.today.year
        records: dict[Hashable, dict[str, object]] = {}
        errors: list[RowError] = []
        for row in rows:
            values = row.values
            problems: list[RowError] = []

            def fail(
                name: str, code: str, message: Any, n: int = row.number, out: list = problems
            ) -> None:
                out.append(RowError(n, headers.get(name) or self.column(name).header, code,
                                    {"message": str(message)}))  # fmt: skip

            nip = str(values.get("nip") or "").strip()
            year = year_of(values.get("year"))
            if not nip or values.get("year") in (None, ""):
                continue  # the typing layer already reported the empty required cell
            if year is None or not FIRST_YEAR <= year <= latest:
                fail("year", "skp.year", _("Enter one year from %(first)s to %(last)s.")
                     % {"first": FIRST_YEAR, "last": latest})  # fmt: skip
            employee = people.get(nip)
            if employee is None:
                fail("nip", "skp.employee_unknown",
                     _("No employee of the units you may change has this NIP."))  # fmt: skip
            key = skp_key(year, nip)
            if (
                employee is not None
                and year is not None
                and key not in stored.values
                and not may_add
            ):
                fail("nip", "skp.add_denied", _("You may not add SKP results."))
            result, behaviour = str(values["result"]), str(values["behaviour"])
            record: dict[str, object] = {
                "employee_id": employee,
                "result": result,
                "behaviour": behaviour,
                "predicate": performance.predicate(
                    performance.Rating(result), performance.Rating(behaviour)
                ).value,
            }
            if problems:
                errors.extend(problems)
            else:
                records[key] = record
        return records, errors

    def warnings(
        self,
        ctx: Context,
        rows: list[ParsedRow],
        records: Mapping[Hashable, Mapping[str, object]],
        headers: Mapping[str, str],
    ) -> list[RowError]:
        """A predikat in the file that is not the one the two ratings give."""
        found = []
        labels = dict(SkpResult._meta.get_field("predicate").choices or [])
        for row in rows:
            given = row.values.get("predicate")
            record = records.get(self.key(row.values))
            if not given or record is None or given == record["predicate"]:
                continue
            header = headers.get("predicate") or self.column("predicate").header
            message = _(
                "The file says %(given)s; the two ratings give %(computed)s (PermenPAN-RB "
                "6/2022), which is what is saved."
            ) % {"given": labels.get(given, given), "computed": labels[record["predicate"]]}
            found.append(RowError(row.number, header, "skp.predicate_differs",
                                  {"message": str(message)}))  # fmt: skip
        return found

    def write(self, ctx: Context, plan: Plan) -> None:
        user: Any = ctx.user if getattr(ctx.user, "pk", None) else None
        new = [
            SkpResult(
                agency=ctx.agency,
                year=int(str(key).split("/", 1)[0]),
                entered_by=user,
                **plan.records[key],
            )
            for key in plan.diff.new
        ]
        create_with_history(ctx, SkpResult, new, BATCH)
        write_updates(ctx, plan, SkpResult)

    def export_rows(self, ctx: Context) -> Iterable[dict[str, object]]:
        qs = (
            SkpResult.unscoped.visible_to(ctx.user, Action.EXPORT)
            .filter(agency=ctx.agency)
            .select_related("employee")
            .order_by("year", "employee__nip", "id")
        )
        for row in qs.iterator(chunk_size=BATCH):
            yield {
                "nip": row.employee.nip,
                "name": row.employee.name,
                "year": str(row.year),
                "result": row.result,
                "behaviour": row.behaviour,
                "predicate": row.predicate,
            }
