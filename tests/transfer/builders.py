"""Builders for the import tests: the employees kind, its context and exported files.

The files are the app's own exports (``kind.export_rows`` through ``write_table``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from formasi.core.models import DataVersion
from formasi.core.xlsx import write_table
from formasi.domain.identifiers import parse_nip
from formasi.transfer import services
from formasi.transfer.kinds import KINDS, Context
from formasi.workforce.models import Employee
from tests import builders as build

TODAY = date(2026, 11, 23)
KIND = KINDS["employees"]


def ctx_for(
    user: Any, agency: Any, filename: str = "pegawai.xlsx", *, full_snapshot: bool = False
) -> Context:
    return Context(
        user=user, agency=agency, filename=filename, today=TODAY, full_snapshot=full_snapshot
    )


def exported_rows(user: Any, agency: Any) -> list[dict[str, object]]:
    return list(KIND.export_rows(ctx_for(user, agency)))


def file_of(rows: Iterable[Mapping[str, object]], fmt: str = "xlsx") -> bytes:
    return write_table(KIND.columns, list(rows), fmt)


def export_file(user: Any, agency: Any, fmt: str = "xlsx") -> bytes:
    return file_of(exported_rows(user, agency), fmt)


def snapshot() -> tuple[list[dict[str, object]], int, list[tuple[int, int]]]:
    """Every employee row, the number of history rows and every data version."""
    return (
        list(Employee.unscoped.order_by("id").values()),
        Employee.history.count(),
        list(DataVersion.objects.order_by("agency_id").values_list("agency_id", "version")),
    )


def version_of(agency: Any) -> int:
    row = DataVersion.objects.filter(agency=agency).first()
    return row.version if row else 0


def errors_of(outcome: services.Outcome) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.code) for e in outcome.errors]


def new_employee_row(template: Mapping[str, object], birth: date, sex: str, name: str) -> dict:
    """A new PNS in the template row's unit and position, with a valid NIP and NIK."""
    nip = build.nip_for(birth, sex, seq=7)
    return {
        **template,
        "nip": nip,
        "nik": build.nik_for(birth, sex, seq=7),
        "name": name,
        "sex": sex,
        "birth_date": birth,
        "tmt_cpns": parse_nip(nip).cpns_start,
        "active": True,
    }
