"""The values of BKN's SIASN "Export Data ASN" and how Formasi reads them.

Rules implemented
-----------------
* The export's 65 columns begin ``PNS ID, NIP BARU, NIP LAMA, NAMA, GELAR DEPAN, GELAR
  BELAKANG, TEMPAT LAHIR ID, TEMPAT LAHIR NAMA, TANGGAL LAHIR, JENIS KELAMIN`` and end with
  the unit (``UNOR ID/NAMA``), the agency (``INSTANSI INDUK/KERJA ID/NAMA``), the work
  unit (``SATUAN KERJA INDUK/KERJA ID/NAMA``) and ``IS VALID NIK``: :data:`EXPORT_COLUMNS`.
  The layout is the one public readers of the file expect: the first 64 columns are every
  header ``kanekescom/laravel-siasn-simpeg`` maps in its ``PegawaiCsvTransformer``; exports
  since then append ``IS VALID NIK`` (and the newest also ``NAMA SEKOLAH, FLAG IKD, ESELON
  ID, ESELON NAMA``, which Formasi ignores like every column it does not know), as the
  header list of a public SIASN P3K importer (a Svelte ``EXPECTED_HEADERS``) shows. Field
  names match SIASN's web service (``kedudukan_hukum_id``, ``status_cpns_pns``,
  ``unor_induk`` in ``black-coffee04/ws-siasn-php``).
* Employment status (:func:`employee_status`): ``KEDUDUKAN HUKUM`` decides PPPK. SIASN's
  reference of kedudukan hukum (BKN's ``referensi/kedudukan-hukum`` service, mirrored by
  ``kanekescom/laravel-siasn-referensi``) gives PPPK their own ids in the 70s: ``71`` (PPPK
  aktif), ``72`` (PPPK on leave or assignment) and ``73`` (PPPK paruh waktu), with names
  that say "PPPK" (and "Paruh Waktu"). For an id Formasi does not know, the name decides. The
  ids of PNS states (01 aktif, 02 CLTN, 03 tugas belajar …) do not separate PNS from CPNS:
  ``STATUS CPNS PNS`` does (``P`` or ``C``).
* Leading apostrophes: spreadsheets and SIASN's csv put ``'`` in front of long digit
  strings (``'199001172015031001``) so they stay text; :func:`strip_apostrophe` drops it.
* Education (:func:`education_level`): SIASN's ``TINGKAT PENDIDIKAN NAMA`` ("Strata I",
  "Diploma III/Sarjana Muda", "SLTA Kejuruan" …) mapped to Formasi's levels (``sd`` … ``s3``).

Pure Python: returns codes (Formasi's status and education values), never sentences.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = [
    "EDUCATION_NAMES",
    "EXPORT_COLUMNS",
    "PPPK_LEGAL_STATUS",
    "education_level",
    "employee_status",
    "strip_apostrophe",
]

EXPORT_COLUMNS: Final = (
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG",
    "TEMPAT LAHIR ID", "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN",
    "AGAMA ID", "AGAMA NAMA", "JENIS KAWIN ID", "JENIS KAWIN NAMA", "NIK", "NOMOR HP",
    "EMAIL", "EMAIL GOV", "ALAMAT", "NPWP NOMOR", "BPJS", "JENIS PEGAWAI ID",
    "JENIS PEGAWAI NAMA", "KEDUDUKAN HUKUM ID", "KEDUDUKAN HUKUM NAMA", "STATUS CPNS PNS",
    "KARTU ASN VIRTUAL", "NOMOR SK CPNS", "TANGGAL SK CPNS", "TMT CPNS", "NOMOR SK PNS",
    "TANGGAL SK PNS", "TMT PNS", "GOL AWAL ID", "GOL AWAL NAMA", "GOL AKHIR ID",
    "GOL AKHIR NAMA", "TMT GOLONGAN", "MK TAHUN", "MK BULAN", "JENIS JABATAN ID",
    "JENIS JABATAN NAMA", "JABATAN ID", "JABATAN NAMA", "TMT JABATAN",
    "TINGKAT PENDIDIKAN ID", "TINGKAT PENDIDIKAN NAMA", "PENDIDIKAN ID", "PENDIDIKAN NAMA",
    "TAHUN LULUS", "KPKN ID", "KPKN NAMA", "LOKASI KERJA ID", "LOKASI KERJA NAMA", "UNOR ID",
    "UNOR NAMA", "INSTANSI INDUK ID", "INSTANSI INDUK NAMA", "INSTANSI KERJA ID",
    "INSTANSI KERJA NAMA", "SATUAN KERJA INDUK ID", "SATUAN KERJA INDUK NAMA",
    "SATUAN KERJA KERJA ID", "SATUAN KERJA KERJA NAMA", "IS VALID NIK",
)  # fmt: skip
"""The header of SIASN's "Export Data ASN" csv, in its order (65 columns)."""

PPPK_LEGAL_STATUS: Final[Mapping[str, str]] = MappingProxyType(
    {"71": "pppk", "72": "pppk", "73": "pppk_pw"}
)
"""``KEDUDUKAN HUKUM ID`` of PPPK -> Formasi status."""

_SPACES = re.compile(r"[\s_./\\-]+")


def _key(text: str) -> str:
    return _SPACES.sub(" ", text.casefold()).strip()


def strip_apostrophe(text: str) -> str:
    """``text`` stripped, without the apostrophes a spreadsheet put in front of it."""
    return text.strip().lstrip("'\u2019").strip()


def employee_status(status_cpns_pns: str | None, legal_id: str | None,
                    legal_name: str | None) -> str | None:  # fmt: skip
    """Formasi's status (``pns``, ``cpns``, ``pppk``, ``pppk_pw``) from SIASN's ``STATUS
    CPNS PNS`` and ``KEDUDUKAN HUKUM ID``/``NAMA``; ``None`` when they do not say."""
    code = strip_apostrophe(legal_id or "").lstrip("0")
    name = _key(legal_name or "")
    if code in PPPK_LEGAL_STATUS:
        return PPPK_LEGAL_STATUS[code]
    if "pppk" in name.split() or "p3k" in name.split() or name.startswith("pppk"):
        return "pppk_pw" if "paruh waktu" in name else "pppk"
    flag = _key(strip_apostrophe(status_cpns_pns or ""))
    if flag in ("p", "pns"):
        return "pns"
    if flag in ("c", "cpns"):
        return "cpns"
    return None


EDUCATION_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        _key(name): level
        for level, names in {
            "sd": ("Sekolah Dasar", "SD", "SD/Sederajat"),
            "smp": ("SLTP", "SLTP Kejuruan", "SMP", "SLTP/Sederajat", "SMP/Sederajat"),
            "sma": (
                "SLTA",
                "SLTA Kejuruan",
                "SLTA Keguruan",
                "SMA",
                "SMK",
                "SMA/Sederajat",
                "SLTA/Sederajat",
            ),
            "d1": ("Diploma I", "D-I", "D I"),
            "d2": ("Diploma II", "D-II", "D II"),
            "d3": ("Diploma III", "Diploma III/Sarjana Muda", "Sarjana Muda", "D-III", "D III"),
            "d4": ("Diploma IV", "D-IV", "D IV"),
            "s1": ("Strata I", "S-1", "S1", "Sarjana", "S-1/Sarjana"),
            "s2": ("Strata II", "S-2", "S2", "Magister", "S-2/Magister"),
            "s3": ("Strata III", "S-3", "S3", "Doktor", "S-3/Doktor"),
        }.items()
        for name in names
    }
)
"""SIASN's education names (``TINGKAT PENDIDIKAN NAMA``), compared case- and space-free."""


def education_level(name: str) -> str | None:
    """Formasi's education level for a SIASN education name, or ``None``."""
    return EDUCATION_NAMES.get(_key(strip_apostrophe(name)))
