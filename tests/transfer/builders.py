"""Builders for the import tests: the employees kind, its context and exported files.

The files are the app's own exports (``kind.export_rows`` through ``write_table``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from formasi.core.models import DataVersion
from formasi.core.xlsx import write_table
from formasi.domain.identifiers import parse_nip
from formasi.domain.siasn import EXPORT_COLUMNS as SIASN_COLUMNS
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


# --------------------------------------------------------------------------- SIASN export

INDONESIAN_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
]
JENIS_JABATAN = {"fungsional": "Jabatan Fungsional Tertentu", "pelaksana": "Jabatan Pelaksana"}


def siasn_row(
    employee_no: int,
    *,
    unit: Any,
    position: Any,
    status: str = "pns",
    opd: str = "",
    birth: date = date(1990, 4, 17),
    sex: str = "M",
    date_style: int = 0,
) -> dict[str, str]:
    """One row of SIASN's "Export Data ASN", every one of its 65 columns filled the way the
    export fills them (see ``siasn_export``). ``unit`` and ``position`` are the rows the
    employee sits in; the file names them by SIASN id and name only, as SIASN does."""
    if status in ("pppk", "pppk_pw"):
        nip = f"{birth:%Y%m%d}2023211{employee_no % 1000:03d}"
        legal = ("71", "PPPK Aktif") if status == "pppk" else ("73", "PPPK Paruh Waktu")
        flag = tmt_cpns = ""
    else:
        nip = build.nip_for(birth, sex, seq=employee_no % 1000 or 1)
        legal = ("01", "Aktif")
        flag = "P" if status == "pns" else "C"
        tmt_cpns = parse_nip(nip).cpns_start.strftime("%d-%m-%Y")
    dates = (
        birth.strftime("%d-%m-%Y"),
        birth.strftime("%d-%b-%Y"),  # 17-Apr-1990
        f"{birth:%Y-%m-%d}T00:00:00Z",
        f"{birth.day}/{birth.month}/{birth:%y}",  # 17/4/90
        f"{birth.day:02d}-{INDONESIAN_MONTHS[birth.month - 1]}-{birth.year}",  # 17-Agu-1990
    )
    values = {
        "PNS ID": f"8ae48288{employee_no:024x}",
        "NIP BARU": f"'{nip}",  # SIASN's csv keeps the 18 digits as text this way
        "NIP LAMA": "",
        "NAMA": f"PEGAWAI SIASN {employee_no}",
        "GELAR DEPAN": "",
        "GELAR BELAKANG": "S.Kep.",
        "TEMPAT LAHIR ID": "A5EB03E23AFBF6A0E040640A040252AD",
        "TEMPAT LAHIR NAMA": "PALANGKA RAYA",
        "TANGGAL LAHIR": dates[date_style % len(dates)],
        "JENIS KELAMIN": sex,
        "AGAMA ID": "1",
        "AGAMA NAMA": "Islam",
        "JENIS KAWIN ID": "2",
        "JENIS KAWIN NAMA": "Menikah",
        "NIK": build.nik_for(birth, sex, seq=employee_no % 9999 or 1),
        "NOMOR HP": "",
        "EMAIL": "",
        "EMAIL GOV": "",
        "ALAMAT": "Jl. Tjilik Riwut",
        "NPWP NOMOR": "",
        "BPJS": "",
        "JENIS PEGAWAI ID": "4",
        "JENIS PEGAWAI NAMA": "PNS Daerah Kabupaten/Kota",
        "KEDUDUKAN HUKUM ID": legal[0],
        "KEDUDUKAN HUKUM NAMA": legal[1],
        "STATUS CPNS PNS": flag,
        "KARTU ASN VIRTUAL": "",
        "NOMOR SK CPNS": "",
        "TANGGAL SK CPNS": "",
        "TMT CPNS": tmt_cpns,
        "NOMOR SK PNS": "",
        "TANGGAL SK PNS": "",
        "TMT PNS": "",
        "GOL AWAL ID": "31",
        "GOL AWAL NAMA": "III/a",
        "GOL AKHIR ID": "31",
        "GOL AKHIR NAMA": "III/a",
        "TMT GOLONGAN": "",
        "MK TAHUN": "4",
        "MK BULAN": "0",
        "JENIS JABATAN ID": "2",
        "JENIS JABATAN NAMA": JENIS_JABATAN.get(position.kind, "Jabatan Struktural"),
        "JABATAN ID": f"J-{position.pk:08d}",
        "JABATAN NAMA": position.name.upper(),
        "TMT JABATAN": "01-Mar-2020",
        "TINGKAT PENDIDIKAN ID": "40",
        "TINGKAT PENDIDIKAN NAMA": ("Strata I", "Diploma III/Sarjana Muda", "SLTA Kejuruan")[
            employee_no % 3
        ],
        "PENDIDIKAN ID": "",
        "PENDIDIKAN NAMA": "",
        "TAHUN LULUS": "2012",
        "KPKN ID": "",
        "KPKN NAMA": "",
        "LOKASI KERJA ID": "",
        "LOKASI KERJA NAMA": "",
        "UNOR ID": f"U-{unit.pk:08d}",
        "UNOR NAMA": f"  {unit.name.upper()} ",
        "INSTANSI INDUK ID": "A5EB03E2",
        "INSTANSI INDUK NAMA": "Pemerintah Kota Palangka Raya",
        "INSTANSI KERJA ID": "A5EB03E2",
        "INSTANSI KERJA NAMA": "Pemerintah Kota Palangka Raya",
        "SATUAN KERJA INDUK ID": "A5EB03E2",
        "SATUAN KERJA INDUK NAMA": "Pemerintah Kota Palangka Raya",
        "SATUAN KERJA KERJA ID": "",
        "SATUAN KERJA KERJA NAMA": opd,
        "IS VALID NIK": "true",
    }
    assert tuple(values) == SIASN_COLUMNS
    return values


def siasn_export(
    rows: Iterable[Mapping[str, str]], *, delimiter: str = "|", numbered: bool = True
) -> bytes:
    """SIASN's "Export Data ASN" csv: the 65 columns of ``formasi.domain.siasn.EXPORT_COLUMNS``
    in their order (the layout public readers of the file expect: the 64 headers the csv
    transformer of kanekescom/laravel-siasn-simpeg, ``PegawaiCsvTransformer``, maps, then
    ``IS VALID NIK`` as later exports add; see that module's docstring), pipe-delimited by
    default, with a row of column numbers under the header as printed forms have
    (``numbered``). Built here, never a copy of someone's file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(SIASN_COLUMNS)
    if numbered:
        writer.writerow(range(1, len(SIASN_COLUMNS) + 1))
    for row in rows:
        writer.writerow([row[c] for c in SIASN_COLUMNS])
    return buffer.getvalue().encode("utf-8")
