"""Employees, in the columns of a SIASN-style export.

Matched by NIP (or NI PPPK); non-ASN staff, who have none, by NIK. Units and positions are
found by code when the file has a code column, else by name (which must then be unique in
the agency). The same validation as the form and the API (``workforce.validation``).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Hashable, Iterable, Mapping
from contextlib import suppress
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from formasi.core.permissions import Action, can
from formasi.domain.identifiers import InvalidIdentifier, parse_nip
from formasi.domain.importing import Column, ColumnKind, ParsedRow, RowError
from formasi.domain.siasn import EDUCATION_NAMES, employee_status
from formasi.transfer.kinds.base import (
    Context,
    ImportKind,
    Plan,
    Stored,
    create_with_history,
    write_updates,
)
from formasi.transfer.kinds.diff import unapplied_names
from formasi.transfer.kinds.references import STRUCTURAL, References
from formasi.workforce.models import Employee
from formasi.workforce.validation import EmployeeInput, validate_employee

if TYPE_CHECKING:
    from formasi.core.permissions import ScopedUser

K = ColumnKind
logger = logging.getLogger(__name__)
STATUS_LABELS = {
    "pns": "PNS",
    "cpns": "CPNS",
    "pppk": "PPPK",
    "pppk_pw": "PPPK Paruh Waktu",
    "non_asn": "Non-ASN",
}
EDUCATION_LABELS = {
    "sd": "SD",
    "smp": "SMP",
    "sma": "SMA",
    "d1": "D-I",
    "d2": "D-II",
    "d3": "D-III",
    "d4": "D-IV",
    "s1": "S-1",
    "s2": "S-2",
    "s3": "S-3",
}
KIND_LABELS = {
    "jpt_utama": "JPT Utama",
    "jpt_madya": "JPT Madya",
    "jpt_pratama": "JPT Pratama",
    "administrator": "Administrator",
    "pengawas": "Pengawas",
    "fungsional": "Fungsional",
    "pelaksana": "Pelaksana",
}
KIND_ALIASES = {
    "struktural": STRUCTURAL,
    "jabatan struktural": STRUCTURAL,
    "fungsional tertentu": "fungsional",
    "jabatan fungsional": "fungsional",
    "jf": "fungsional",
    "fungsional umum": "pelaksana",
    "jfu": "pelaksana",
    "jabatan pelaksana": "pelaksana",
    "jabatan fungsional tertentu": "fungsional",
    "jabatan fungsional umum": "pelaksana",
    "jpt": STRUCTURAL,
}

COLUMNS: tuple[Column, ...] = (
    Column("nip", "NIP", K.DIGITS, synonyms=(
        "nip baru", "nip 18", "nomor induk pegawai", "nip/ni pppk", "ni pppk", "nip / ni pppk",
    ), length=18),
    Column("nik", "NIK", K.DIGITS, synonyms=(
        "nomor induk kependudukan", "no ktp", "nomor ktp",
    ), length=16, masked_keeps=True),
    Column("name", "Nama", K.TEXT, required=True, max_length=150, synonyms=(
        "nama lengkap", "nama pegawai", "nama asn",
    )),
    Column("sex", "Jenis Kelamin", K.CHOICE, required=True, choices={"M": "L", "F": "P"},
           aliases={"laki-laki": "M", "laki laki": "M", "pria": "M", "male": "M",
                    "perempuan": "F", "wanita": "F", "female": "F"},
           synonyms=("jk", "l/p", "kelamin")),
    Column("birth_place", "Tempat Lahir", K.TEXT, max_length=100, synonyms=(
        "tempat lahir nama", "tmp lahir",
    )),
    Column("birth_date", "Tanggal Lahir", K.DATE, required=True, synonyms=(
        "tgl lahir", "tgl. lahir", "tgl_lahir",
    )),
    # Required unless SIASN's KEDUDUKAN HUKUM says it (required_groups).
    Column("status", "Status Kepegawaian", K.CHOICE, choices=STATUS_LABELS,
           aliases={"pppk pw": "pppk_pw", "pppk paruh waktu": "pppk_pw", "non asn": "non_asn",
                    "honorer": "non_asn", "tenaga honorer": "non_asn", "non pns": "non_asn",
                    "calon pns": "cpns", "pegawai negeri sipil": "pns",
                    # SIASN's "STATUS CPNS PNS" column holds P or C.
                    "p": "pns", "c": "cpns"},
           synonyms=("status", "status pegawai", "status asn", "kedudukan", "status cpns pns")),
    Column("legal_status_id", "Kedudukan Hukum ID", K.TEXT, max_length=10),
    Column("legal_status_name", "Kedudukan Hukum", K.TEXT, max_length=100, synonyms=(
        "kedudukan hukum nama",
    )),
    Column("position_code", "Kode Jabatan", K.TEXT, max_length=40),
    # SIASN's own ids (organization.ExternalId), matched before codes and names.
    Column("position_siasn_id", "Jabatan ID", K.TEXT, max_length=64, synonyms=(
        "id jabatan", "jabatan id siasn",
    )),
    Column("position_name", "Jabatan", K.TEXT, max_length=200, synonyms=(
        "nama jabatan", "jabatan nama",
    )),
    Column("position_kind", "Jenis Jabatan", K.CHOICE, choices=KIND_LABELS, aliases=KIND_ALIASES,
           synonyms=("jenis jabatan nama",)),
    Column("unit_code", "Kode Unit Kerja", K.TEXT, max_length=40, synonyms=("kode unor",)),
    Column("unit_siasn_id", "Unor ID", K.TEXT, max_length=64, synonyms=(
        "id unor", "unor id siasn",
    )),
    # The OPD a unit lies under: tells apart units of the same name ("Sekretariat").
    Column("unit_parent", "Unor Induk", K.TEXT, max_length=200, synonyms=(
        "unor induk nama", "nama unor induk", "unit kerja induk", "satuan kerja kerja nama",
        "satuan kerja nama", "satker",
    )),
    Column("unit_name", "Unit Kerja", K.TEXT, max_length=200, synonyms=(
        "unor", "unor nama", "nama unor", "unit organisasi",
    )),
    Column("tmt_position", "TMT Jabatan", K.DATE, synonyms=("tmt",)),
    Column("tmt_cpns", "TMT CPNS", K.DATE),
    Column("contract_end", "Akhir Kontrak", K.DATE, synonyms=(
        "tanggal akhir kontrak", "tmt akhir kontrak",
    )),
    Column("golongan", "Golongan", K.TEXT, max_length=6, synonyms=(
        "gol", "gol ruang", "golongan ruang", "pangkat/golongan", "gol/ruang",
        "gol akhir nama", "golongan akhir",
    )),
    Column("education", "Pendidikan", K.CHOICE, choices=EDUCATION_LABELS,
           aliases={"sltp": "smp", "slta": "sma", "smk": "sma", "sma/smk": "sma",
                    "diploma i": "d1", "diploma ii": "d2", "diploma iii": "d3",
                    "diploma iv": "d4", "sarjana": "s1", "magister": "s2", "doktor": "s3",
                    "s1/d4": "s1", "d1": "d1", "d2": "d2", "d3": "d3", "d4": "d4",
                    "s1": "s1", "s2": "s2", "s3": "s3",
                    # SIASN's "TINGKAT PENDIDIKAN NAMA" spellings.
                    "s-1/sarjana": "s1", "s-2/magister": "s2", "s-3/doktor": "s3",
                    "d-iv/s-1": "d4", "sma/sederajat": "sma", "slta/sederajat": "sma",
                    "sltp/sederajat": "smp", "sekolah dasar": "sd", **EDUCATION_NAMES},
           synonyms=("pendidikan terakhir", "tingkat pendidikan", "tk pendidikan",
                     "tingkat pendidikan nama", "pendidikan nama")),
    Column("origin_region", "Kode Asal Daerah", K.TEXT, max_length=13, synonyms=(
        "asal daerah", "daerah asal", "kode daerah asal",
    )),
    Column("domicile_region", "Kode Domisili", K.TEXT, max_length=13, synonyms=(
        "domisili", "kode wilayah domisili",
    )),
    Column("address", "Alamat", K.TEXT, max_length=255, synonyms=("alamat rumah",)),
    Column("active", "Aktif", K.BOOLEAN, synonyms=("status aktif",)),
)  # fmt: skip

# Model fields a row sets, in the order history and diffs show them.
MODEL_FIELDS = (
    "nip", "nik", "name", "sex", "birth_place", "birth_date", "status", "position_id",
    "unit_id", "tmt_position", "tmt_cpns", "contract_end", "golongan", "education",
    "origin_region_id", "domicile_region_id", "address", "active",
)  # fmt: skip
BLANK_TEXT = frozenset({"nik", "birth_place", "golongan", "education", "address"})
# Which file column an error about a model field points at.
FIELD_COLUMN = {
    "position_id": ("position_code", "position_name", "position_siasn_id"),
    "unit_id": ("unit_code", "unit_name", "unit_siasn_id"),
    "origin_region_id": ("origin_region",),
    "domicile_region_id": ("domicile_region",),
}
BATCH = 2000


def employee_key(nip: object, nik: object) -> Hashable | None:
    if nip:
        return str(nip)
    if nik:
        return f"NIK:{nik}"
    return None


class EmployeeKind(ImportKind):
    name = "employees"
    label = _("Employees")
    resource = "employee"
    columns = COLUMNS
    key_field = "nip"
    supports_snapshot = True
    model = Employee

    def key(self, values: Mapping[str, object]) -> Hashable | None:
        return employee_key(values.get("nip"), values.get("nik"))

    def required_groups(self) -> list[tuple[str, ...]]:
        return [
            ("status", "legal_status_id", "legal_status_name"),
            ("position_code", "position_name", "position_siasn_id"),
            ("unit_code", "unit_name", "unit_siasn_id"),
        ]

    # ------------------------------------------------------------------ stored records

    def load(self, ctx: Context) -> Stored:
        """The agency's employees the user may change, matched by NIP or (for whoever may see
        NIKs) by NIK. Every other key goes to ``hidden``: a preview treats it as unknown."""
        stored = Stored()
        match_nik = can(ctx.user, Action.VIEW, "nik")
        changeable = Employee.unscoped.visible_to(ctx.user, Action.CHANGE).filter(agency=ctx.agency)
        ids = set(changeable.values_list("id", flat=True).iterator(chunk_size=BATCH))
        rows = Employee.unscoped.filter(agency=ctx.agency).values_list("id", *MODEL_FIELDS)
        for pk, *values in rows.iterator(chunk_size=BATCH):
            record = dict(zip(MODEL_FIELDS, values, strict=True))
            key = employee_key(record["nip"], record["nik"])
            if key is None:
                continue  # cannot be matched by any file; left alone
            if pk not in ids or (not record["nip"] and not match_nik):
                # Outside the user's units, or keyed by a NIK the user may not see: whether
                # it exists is not theirs to learn (a row with that key looks new).
                stored.hidden.add(key)
                continue
            stored.values[key] = record
            stored.ids[key] = pk
        stored.changeable = set(stored.ids)
        return stored

    # ------------------------------------------------------------------ rows -> records

    def prepare(
        self, ctx: Context, rows: list[ParsedRow], stored: Stored, headers: Mapping[str, str]
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        region_fields = ("origin_region", "domicile_region")
        codes = {str(r.values[n]).strip() for r in rows for n in region_fields if r.values.get(n)}
        refs = References(ctx, codes)
        foreign = self._foreign_keys(ctx, rows, stored)
        stream = _NewEmployeeStream.open(ctx, rows, stored, self.key)
        try:
            records, errors = self._prepare_rows(ctx, rows, stored, headers, refs, foreign, stream)
        finally:
            if stream is not None:
                stream.close()
        if ctx.writing:
            ctx.references = refs  # type: ignore[attr-defined]  # write() records learned ids
        return records, errors

    def _prepare_rows(
        self,
        ctx: Context,
        rows: list[ParsedRow],
        stored: Stored,
        headers: Mapping[str, str],
        refs: References,
        foreign: set[str],
        stream: _NewEmployeeStream | None,
    ) -> tuple[dict[Hashable, dict[str, object]], list[RowError]]:
        errors: list[RowError] = []
        records: dict[Hashable, dict[str, object]] = {}
        # The agency's admin (who alone sees NIKs) is told why a row cannot be written;
        # to everyone else a row of an employee they may not see looks like a new one.
        sees_nik = can(ctx.user, Action.VIEW, "nik")
        refused: list[Hashable] = []

        def header(name: str) -> str:
            for column in FIELD_COLUMN.get(name, (name,)):
                if column in headers:
                    return headers[column]
            return self.column(FIELD_COLUMN.get(name, (name,))[0]).header

        for row in rows:
            values = row.values
            row_errors: list[RowError] = []

            failed: set[str] = set()

            def fail(
                name: str,
                code: str,
                message: Any,
                n: int = row.number,
                out: list = row_errors,
                failed: set[str] = failed,
            ) -> None:
                failed.add(name)
                out.append(RowError(n, header(name), code, {"message": str(message)}))

            key = self.key(values)
            if key is None:
                fail(
                    "nip",
                    "employee.no_key",
                    _(
                        "Each row needs an NIP or NI PPPK; non-ASN staff, who have none, "
                        "need a NIK."
                    ),
                )
                errors.extend(row_errors)
                continue
            old = stored.values.get(key)
            hidden = key in stored.hidden or (key in foreign and not sees_nik)
            if key in foreign and sees_nik:
                fail(
                    "nip",
                    "employee.other_agency",
                    _("This NIP belongs to an employee of another agency."),
                )
            elif hidden and ctx.writing and not refused:
                # Only a commit gets here, and it cannot write the row (a duplicate person,
                # or a NIP taken): nothing is written and the rows are not named; the
                # agency's admin, who sees every employee, can import the file.
                refused.append(key)
                errors.append(RowError(0, header("nip"), "employee.hidden", {"message": str(
                    _(
                        "Nothing was saved: some rows match employees you may not see or "
                        "change. Ask the BKPSDM administrator to import this file."
                    )
                )}))  # fmt: skip
            record = _record_of(values, hide_nik=old is not None and not sees_nik)
            if ctx.full_snapshot and "active" not in values:
                record["active"] = True
            self._resolve(refs, values, record, fail)
            _legal_status(values, record)
            merged = {**(old or {}), **record}
            if old is None:
                _complete_new(merged, record, failed, fail)
            for name, message in _employee_errors(merged, ctx.today):
                fail(name, f"employee.{name}", message)
            if row_errors:
                errors.extend(row_errors)
            else:
                records[key] = record
                if old is None and stream is not None and not errors:
                    stream.put(key, record)
        if refused:
            logger.warning(
                "employee import by user %s into agency %s refused: rows match employees "
                "hidden from the user",
                getattr(ctx.user, "pk", None),
                ctx.agency.pk,
            )
        return records, errors

    def _foreign_keys(self, ctx: Context, rows: list[ParsedRow], stored: Stored) -> set[str]:
        """NIPs in the file that belong to an employee of another agency."""
        unknown = [str(r.values["nip"]) for r in rows if r.values.get("nip")
                   and str(r.values["nip"]) not in stored.values]  # fmt: skip
        found: set[str] = set()
        if connection.vendor == "postgresql" and unknown:
            # One array parameter instead of 2,000 placeholders per query (client-side
            # query building dominated at 100,000 rows).
            table = Employee._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT nip FROM {table} WHERE nip = ANY(%s) AND agency_id <> %s",  # noqa: S608
                    [unknown, ctx.agency.pk],
                )
                return {nip for (nip,) in cursor.fetchall()}
        for start in range(0, len(unknown), BATCH):
            batch = unknown[start : start + BATCH]
            nips = (
                Employee.unscoped.filter(nip__in=batch)
                .exclude(agency=ctx.agency)
                .values_list("nip", flat=True)
            )
            found.update(nip for nip in nips if nip is not None)  # matched a NIP: never null
        return found

    def _resolve(self, refs: References, values: Mapping[str, object],
                 record: dict[str, object], fail: Any) -> None:  # fmt: skip
        if "unit_code" in values or "unit_name" in values or "unit_siasn_id" in values:
            unit = refs.find(
                "unit",
                values.get("unit_code"),
                values.get("unit_name"),
                fail,
                external=values.get("unit_siasn_id"),
                parent=values.get("unit_parent"),
            )
            if unit is not None:
                if not refs.may_place(unit):
                    fail(
                        "unit_id",
                        "employee.unit_scope",
                        _("This work unit is outside the units you may change."),
                    )
                record["unit_id"] = unit
        if any(n in values for n in ("position_code", "position_name", "position_siasn_id")):
            position = refs.find(
                "position",
                values.get("position_code"),
                values.get("position_name"),
                fail,
                external=values.get("position_siasn_id"),
            )
            if position is not None:
                record["position_id"] = position
                kind = values.get("position_kind")
                if kind and not refs.kind_matches(position, str(kind)):
                    expected = KIND_LABELS.get(refs.position_kinds.get(position, ""), "")
                    fail(
                        "position_kind",
                        "employee.position_kind",
                        _(
                            "The position kind in the file does not match the position's "
                            "kind ({expected})."
                        ).format(expected=expected),
                    )
        for name in ("origin_region", "domicile_region"):
            if name in values:
                code = values[name]
                region = refs.region(str(code)) if code else None
                if code and region is None:
                    fail(
                        name + "_id",
                        "employee.region",
                        _("No region has this code (use the Kemendagri code, e.g. 62.71.01)."),
                    )
                record[name + "_id"] = region

    def warnings(
        self,
        ctx: Context,
        rows: list[ParsedRow],
        records: Mapping[Hashable, Mapping[str, object]],
        headers: Mapping[str, str],
    ) -> list[RowError]:
        return unapplied_names(ctx, rows, records, headers, self.key)

    # ------------------------------------------------------------------ write

    def write(self, ctx: Context, plan: Plan) -> None:
        user = ctx.user if getattr(ctx.user, "pk", None) else None
        if connection.vendor == "postgresql":
            streamed = getattr(ctx, "streamed", {})
            rows = [streamed[key] for key in plan.diff.new if key in streamed]
            rest = [plan.records[key] for key in plan.diff.new if key not in streamed]
            rows += _copy_employees(rest, ctx.agency.pk)
            _copy_history(rows, user, ctx.reason)
            new = []
        else:
            new = [Employee(agency=ctx.agency, **plan.records[key]) for key in plan.diff.new]
        create_with_history(ctx, Employee, new, BATCH)
        write_updates(ctx, plan, Employee)
        refs = getattr(ctx, "references", None)
        if refs is not None:
            refs.save_learned(ctx)

    # ------------------------------------------------------------------ export

    def export_rows(self, ctx: Context) -> Iterable[dict[str, object]]:
        show_nik = can(ctx.user, Action.VIEW, "nik")
        show_personal = can(ctx.user, Action.VIEW, "personal_data")
        qs = (
            Employee.unscoped.visible_to(ctx.user, Action.EXPORT)
            .filter(agency=ctx.agency)
            .select_related("position", "unit", "origin_region", "domicile_region")
            .order_by("nip", "nik", "id")
        )
        for e in qs.iterator(chunk_size=BATCH):
            yield {
                "nip": e.nip or None,
                "nik": (e.nik if show_nik else e.masked_nik) or None,
                "name": e.name,
                "sex": e.sex,
                "birth_place": (e.birth_place if show_personal else "") or None,
                "birth_date": e.birth_date if show_personal else None,
                "status": e.status,
                "position_code": e.position.code,
                "position_name": e.position.name,
                "position_kind": e.position.kind,
                "unit_code": e.unit.code,
                "unit_name": e.unit.name,
                "tmt_position": e.tmt_position,
                "tmt_cpns": e.tmt_cpns,
                "contract_end": e.contract_end,
                "golongan": e.golongan or None,
                "education": e.education or None,
                "origin_region": e.origin_region.code if e.origin_region else None,
                "domicile_region": e.domicile_region.code if e.domicile_region else None,
                "address": (e.address if show_personal else "") or None,
                "active": e.active,
            }


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def _employee_columns() -> tuple[list[str], dict[str, object]]:
    fields = [f for f in Employee._meta.concrete_fields if not f.primary_key]
    return ["id", *(f.attname for f in fields)], {f.attname: f.get_default() for f in fields}


def _next_ids(count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Employee._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy_employees(records: list[dict[str, object]], agency_id: int) -> list[dict[str, object]]:
    """PostgreSQL: COPY new employees (ids from the table's sequence); returns the full rows
    for their history. At 100,000 rows the ORM path took about a minute; COPY, seconds."""
    if not records:
        return []
    names, defaults = _employee_columns()
    rows = [
        {**defaults, **record, "id": pk, "agency_id": agency_id}
        for pk, record in zip(_next_ids(len(records)), records, strict=True)
    ]
    with connection.cursor() as cursor:
        _copy(cursor.cursor, Employee._meta.db_table, names, rows, {})
    return rows


def _copy_history(rows: list[dict[str, object]], user: ScopedUser | None, reason: str) -> None:
    """The "+" history rows bulk_create_with_history would write, by COPY."""
    if not rows:
        return
    history = Employee.history.model
    names = [f.attname for f in history._meta.concrete_fields if f.attname != "history_id"]
    meta = {
        "history_date": timezone.now(),
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": user.pk if user is not None else None,
    }
    with connection.cursor() as cursor:
        _copy(cursor.cursor, history._meta.db_table, names, rows, meta)


class _NewEmployeeStream:
    """PostgreSQL, commit only: COPY each new employee while later rows are still being
    checked, so the server's work (15 indexes, constraints) overlaps Python's.

    A thread feeds one COPY on the transaction's own connection; the checking loop touches
    no database meanwhile. If any row turns out invalid the commit raises and the
    transaction rolls the copied rows back, so all-or-nothing holds.
    """

    def __init__(self, ctx: Context, capacity: int) -> None:
        self.names, self.defaults = _employee_columns()
        self.ids = iter(_next_ids(capacity))
        self.agency_id = ctx.agency.pk
        self.rows: dict[Hashable, dict[str, object]] = {}
        self.queue: queue.Queue[list[object] | None] = queue.Queue(maxsize=10_000)
        self.error: BaseException | None = None
        self.raw = connection.connection  # the psycopg connection of this transaction
        self.thread = threading.Thread(target=self._run, name="formasi-copy", daemon=True)
        self.thread.start()
        ctx.streamed = self.rows  # type: ignore[attr-defined]

    @classmethod
    def open(
        cls, ctx: Context, rows: list[ParsedRow], stored: Stored, key: Any
    ) -> _NewEmployeeStream | None:
        if not getattr(ctx, "writing", False) or connection.vendor != "postgresql":
            return None
        capacity = sum(1 for r in rows if key(r.values) not in stored.values)
        return cls(ctx, capacity) if capacity else None

    def put(self, key: Hashable, record: dict[str, object]) -> None:
        row = {**self.defaults, **record, "id": next(self.ids), "agency_id": self.agency_id}
        self.rows[key] = row
        self.queue.put([row[n] for n in self.names])

    def _run(self) -> None:
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(Employee._meta.db_table),
            sql.SQL(", ").join(map(sql.Identifier, self.names)),
        )
        try:
            with self.raw.cursor() as cursor, cursor.copy(statement) as copy:
                while (item := self.queue.get()) is not None:
                    copy.write_row(item)
        except BaseException as exc:  # reported by close() in the checking thread
            self.error = exc
            while self.queue.get() is not None:  # drain so put() never blocks
                pass

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def _copy(
    cursor: Any,
    table: str,
    names: list[str],
    rows: list[dict[str, object]],
    fixed: Mapping[str, object],
) -> None:
    """COPY ``rows`` into ``table``; ``names`` are the columns (attnames equal the column
    names for these models), ``fixed`` values common to every row."""
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([fixed[n] if n in fixed else row[n] for n in names])


def _complete_new(
    merged: Mapping[str, Any], record: dict[str, Any], failed: set[str], fail: Any
) -> None:
    """A new employee: what it must have, and what follows from the NIP."""
    # A unit or position that was named but not found has its own message.
    missing = [
        n for n in ("status", "position_id", "unit_id") if merged.get(n) is None and n not in failed
    ]
    for name in missing:
        fail(name, "cell.required", _("This column is required and the cell is empty."))
    if merged.get("tmt_cpns") is None and merged.get("status") in Employee.NIP_STATUSES:
        with suppress(InvalidIdentifier):  # reported by validate_employee
            record["tmt_cpns"] = parse_nip(str(merged.get("nip"))).cpns_start
    record.setdefault("active", True)


def _legal_status(values: Mapping[str, Any], record: dict[str, Any]) -> None:
    """SIASN: KEDUDUKAN HUKUM (PPPK ids and names) decides the status with STATUS CPNS PNS."""
    if "legal_status_id" not in values and "legal_status_name" not in values:
        return
    status = employee_status(
        values.get("status"), values.get("legal_status_id"), values.get("legal_status_name")
    )
    if status is not None:
        record["status"] = status


def _record_of(values: Mapping[str, Any], *, hide_nik: bool) -> dict[str, Any]:
    """The model fields of a row; ``hide_nik``: a NIK the user may not see neither changes
    nor is compared ("unchanged" would otherwise confirm a guessed NIK)."""
    record = {name: values[name] for name in MODEL_FIELDS if name in values}
    if hide_nik:
        record.pop("nik", None)
    for name in BLANK_TEXT:
        if name in record and record[name] is None:
            record[name] = ""
    for name in ("active", "status"):  # empty: keep what is stored
        if name in record and record[name] is None:
            del record[name]
    return record


def _employee_errors(merged: Mapping[str, Any], today: date) -> list[tuple[str, str]]:
    """(field, message) of every rule of ``validate_employee`` the employee as stored breaks."""
    found = validate_employee(
        EmployeeInput(
            status=str(merged.get("status") or ""),
            nip=_str_or_none(merged.get("nip")),
            nik=str(merged.get("nik") or ""),
            birth_date=merged.get("birth_date"),
            sex=str(merged.get("sex") or ""),
            contract_end=merged.get("contract_end"),
        ),
        today=today,
    )
    return [(name, str(m)) for name, messages in found.items() for m in messages]
