"""Applicants (pelamar): the CPNS/PPPK who passed the year's selection, for placement.

Matched by year and registration number (nomor peserta) within the agency. The position
applied for is found by its code in the agency's own position master; the home region by its
Kemendagri code (a desa/kelurahan or kecamatan gives the placement its home preferences; any
other region only a location for distances).

Upsert only: applicants the file does not list stay as they are (there is no "inactive"
applicant, and one who already has a placement line must not vanish), so this kind offers no
complete-list mode. Admins (resource "placement") import; others export at most.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from formasi.core.permissions import Action, can
from formasi.domain.importing import Column, ColumnKind, ParsedRow, RowError
from formasi.organization.models import Position, Region
from formasi.placement.models import Applicant
from formasi.transfer.kinds.base import (
    Context,
    ImportKind,
    Plan,
    Stored,
    create_with_history,
    write_updates,
)

K = ColumnKind
STATUS_LABELS = {"cpns": "CPNS", "pppk": "PPPK"}

COLUMNS: tuple[Column, ...] = (
    Column("year", "Tahun", K.INTEGER, required=True, min_value=2000, max_value=2100, synonyms=(
        "tahun seleksi", "tahun formasi", "tahun anggaran",
    )),
    Column("registration_number", "Nomor Peserta", K.TEXT, required=True, max_length=30,
           synonyms=("no peserta", "nomor peserta ujian", "no peserta ujian", "nomor ujian",
                     "no ujian", "no registrasi", "nomor registrasi")),
    Column("name", "Nama", K.TEXT, required=True, max_length=150, synonyms=(
        "nama peserta", "nama pelamar", "nama lengkap",
    )),
    Column("status", "Status", K.CHOICE, required=True, choices=STATUS_LABELS,
           aliases={"calon pns": "cpns", "calon pegawai negeri sipil": "cpns",
                    "pegawai pemerintah dengan perjanjian kerja": "pppk"},
           synonyms=("jenis formasi", "jenis pengadaan", "status kepegawaian")),
    Column("position_code", "Kode Jabatan", K.TEXT, required=True, max_length=40, synonyms=(
        "jabatan id", "id jabatan", "kode jabatan formasi",
    )),
    Column("home_region", "Asal", K.TEXT, max_length=13, synonyms=(
        "kode asal", "kode wilayah asal", "asal daerah", "daerah asal", "kode asal daerah",
    )),
    Column("education", "Pendidikan", K.TEXT, max_length=60, synonyms=(
        "pendidikan terakhir", "tingkat pendidikan", "kualifikasi pendidikan",
    )),
)  # fmt: skip

# Model fields a row sets (year and registration number are the key, always equal).
MODEL_FIELDS = ("name", "status", "position_id", "home_region_id", "education")
# Which file column an error about a model field points at.
FIELD_COLUMN = {"position_id": "position_code", "home_region_id": "home_region"}
BATCH = 2000


def applicant_key(year: object, number: object) -> str | None:
    number = str(number).strip() if number is not None else ""
    if year is None or not number:
        return None
    return f"{year}/{number}"


class ApplicantKind(ImportKind):
    name = "applicants"
    label = _("Selected applicants (CPNS/PPPK)")
    resource = "placement"
    columns = COLUMNS
    key_field = "registration_number"

    def key(self, values: Mapping[str, object]) -> Hashable | None:
        return applicant_key(values.get("year"), values.get("registration_number"))

    def load(self, ctx: Context) -> Stored:
        stored = Stored()
        rows = Applicant.unscoped.filter(agency=ctx.agency).values_list(
            "id", "year", "registration_number", *MODEL_FIELDS
        )
        for pk, year, number, *values in rows.iterator(chunk_size=BATCH):
            key = applicant_key(year, number)
            stored.values[key] = dict(zip(MODEL_FIELDS, values, strict=True))
            stored.ids[key] = pk
        changeable = Applicant.unscoped.visible_to(ctx.user, Action.CHANGE).filter(
            agency=ctx.agency
        )
        ids = set(changeable.values_list("id", flat=True))
        stored.changeable = {key for key, pk in stored.ids.items() if pk in ids}
        return stored

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        may_add = can(ctx.user, Action.ADD, self.resource)
        positions = {
            code.strip().casefold(): pk
            for pk, code in Position.unscoped.filter(agency=ctx.agency).values_list("id", "code")
        }
        codes = sorted({str(r.values["home_region"]).strip() for r in rows
                        if r.values.get("home_region")})  # fmt: skip
        regions: dict[str, int] = {}
        for start in range(0, len(codes), BATCH):
            batch = codes[start : start + BATCH]
            regions.update(Region.objects.filter(code__in=batch).values_list("code", "id"))

        def header(name: str) -> str:
            column = FIELD_COLUMN.get(name, name)
            return headers.get(column) or self.column(column).header

        records: dict[Hashable, dict[str, object]] = {}
        errors: list[RowError] = []
        for row in rows:
            values = row.values
            problems: list[RowError] = []

            def fail(
                name: str, code: str, message: Any, n: int = row.number, out: list = problems
            ) -> None:
                out.append(RowError(n, header(name), code, {"message": str(message)}))

            key = self.key(values)
            if key is None:  # the typing layer already reported the empty required cell
                continue
            old = stored.values.get(key)
            if old is None and not may_add:
                fail(
                    "registration_number",
                    "applicant.add_denied",
                    _("You may not add applicants."),
                )
            elif old is not None and stored.changeable is not None and key not in stored.changeable:
                fail(
                    "registration_number",
                    "applicant.out_of_scope",
                    _("You may not change this applicant."),
                )
            record: dict[str, object] = {
                "name": values["name"],
                "status": values["status"],
            }
            position = positions.get(str(values["position_code"]).strip().casefold())
            if position is None:
                fail(
                    "position_id",
                    "applicant.position_unknown",
                    _("No position has this code in the agency's position master."),
                )
            record["position_id"] = position
            if "home_region" in values:
                code = values["home_region"]
                region = regions.get(str(code).strip()) if code else None
                if code and region is None:
                    fail(
                        "home_region_id",
                        "applicant.region",
                        _("No region has this code (use the Kemendagri code, e.g. 62.71.01)."),
                    )
                record["home_region_id"] = region
            if "education" in values:
                record["education"] = values["education"] or ""
            if old is None:
                record.setdefault("home_region_id", None)
                record.setdefault("education", "")
            if problems:
                errors.extend(problems)
            else:
                records[key] = record
        return records, errors

    def write(self, ctx: Context, plan: Plan) -> None:
        new = []
        for key in plan.diff.new:
            year, number = str(key).split("/", 1)
            new.append(
                Applicant(
                    agency=ctx.agency,
                    year=int(year),
                    registration_number=number,
                    **plan.records[key],
                )
            )
        create_with_history(ctx, Applicant, new, BATCH)
        write_updates(ctx, plan, Applicant)

    def export_rows(self, ctx: Context) -> Iterable[dict[str, object]]:
        qs = (
            Applicant.unscoped.visible_to(ctx.user, Action.EXPORT)
            .filter(agency=ctx.agency)
            .select_related("position", "home_region")
            .order_by("year", "registration_number")
        )
        for a in qs.iterator(chunk_size=BATCH):
            yield {
                "year": a.year,
                "registration_number": a.registration_number,
                "name": a.name,
                "status": a.status,
                "position_code": a.position.code,
                "home_region": a.home_region.code if a.home_region else None,
                "education": a.education or None,
            }
