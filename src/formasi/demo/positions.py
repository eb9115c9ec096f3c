"""The demo position master (jabatan) of a kota.

Kinds follow UU 20/2023 and the penyederhanaan birokrasi: for a kota the Sekretaris Daerah,
asisten, kepala dinas/badan and inspektur are JPT pratama; sekretaris dinas, kepala
bidang/bagian and camat are administrator; lurah and kepala sub bagian are pengawas. Functional
positions (jabatan fungsional, JF) come in the jenjang of UU 5/2014 Pasal 18 (ahli pertama …
utama; pemula … penyelia); pelaksana follow the three groups of PermenPAN-RB 45/2022 (klerek,
operator, teknisi). Guru and pengawas sekolah retire at 60 (UU 14/2005 Pasal 30(4)), stored
as ``retirement_age_override``; every other position follows the rule for its kind and jenjang.

A *track* is one JF (or pelaksana) as the staffing plan asks for it; the jenjang is chosen per
person from their career, so a track expands into one Position per jenjang. Kelas jabatan
(grade) values are plausible demo values, not a published table.
"""

from __future__ import annotations

from dataclasses import dataclass

from simple_history.utils import bulk_create_with_history

from formasi.organization.models import Agency, Position

K, J, F = Position.Kind, Position.Jenjang, Position.Family

AHLI = (J.AHLI_PERTAMA, J.AHLI_MUDA, J.AHLI_MADYA, J.AHLI_UTAMA)
TERAMPIL = (J.PEMULA, J.TERAMPIL, J.MAHIR, J.PENYELIA)
JENJANG_NAME: dict[str, str] = {
    J.AHLI_UTAMA: "Ahli Utama",
    J.AHLI_MADYA: "Ahli Madya",
    J.AHLI_MUDA: "Ahli Muda",
    J.AHLI_PERTAMA: "Ahli Pertama",
    J.PENYELIA: "Penyelia",
    J.MAHIR: "Mahir",
    J.TERAMPIL: "Terampil",
    J.PEMULA: "Pemula",
}
JENJANG_GRADE: dict[str, int] = {
    J.AHLI_UTAMA: 14,
    J.AHLI_MADYA: 12,
    J.AHLI_MUDA: 10,
    J.AHLI_PERTAMA: 8,
    J.PENYELIA: 8,
    J.MAHIR: 7,
    J.TERAMPIL: 6,
    J.PEMULA: 5,
}


@dataclass(frozen=True)
class Track:
    """One JF (keahlian or keterampilan line) or one pelaksana position."""

    code: str
    name: str
    family: str
    jenjang: tuple[str, ...]  # empty for pelaksana
    education: tuple[str, ...]  # Employee.Education values, most likely first
    requirement: str
    title: str = ""  # academic title (gelar) added to names, "" for none, "dr." is a prefix
    bup: int | None = None  # retirement_age_override
    grade: int | None = None  # pelaksana only
    paruh_waktu: bool = True  # may be filled by PPPK paruh waktu (KepmenPAN-RB 16/2025)

    @property
    def is_pelaksana(self) -> bool:
        return not self.jenjang

    @property
    def is_keahlian(self) -> bool:
        return bool(self.jenjang) and self.jenjang[0] in AHLI

    def position_code(self, jenjang: str = "") -> str:
        if self.is_pelaksana:
            return f"PL.{self.code}"
        return f"JF.{self.code}.{jenjang.upper().replace('_', '-')}"


def _t(code, name, family, jenjang, education, title="", *, req, **kw) -> Track:
    return Track(code, name, family, tuple(jenjang), tuple(education.split()), req, title, **kw)


A3, A2 = AHLI[:3], AHLI[:2]  # pertama … madya; pertama, muda
T3, T2 = TERAMPIL[1:], TERAMPIL[1:3]  # terampil … penyelia; terampil, mahir
NO_PW = {"paruh_waktu": False}

# fmt: off
_TRACK_LIST = [
    # Education: guru and pengawas sekolah retire at 60.
    _t("GURU-KELAS", "Guru Kelas", F.GURU, AHLI, "s1 s2", "S.Pd.", bup=60,
       req="S-1/D-IV PGSD + sertifikat pendidik"),
    _t("GURU-MAPEL", "Guru Mata Pelajaran", F.GURU, AHLI, "s1 s2", "S.Pd.", bup=60,
       req="S-1/D-IV kependidikan sesuai mata pelajaran"),
    _t("GURU-BK", "Guru Bimbingan dan Konseling", F.GURU, A3, "s1 s2", "S.Pd.", bup=60,
       req="S-1 Bimbingan dan Konseling"),
    _t("PENGAWAS-SEKOLAH", "Pengawas Sekolah", F.GURU, AHLI[1:3], "s2 s1", "S.Pd.", bup=60,
       req="S-1/D-IV kependidikan; pernah kepala sekolah", **NO_PW),
    # Health.
    _t("DOKTER", "Dokter", F.KESEHATAN, A3, "s1", "dr.",
       req="S-1 Kedokteran + profesi dokter, STR"),
    _t("DOKTER-GIGI", "Dokter Gigi", F.KESEHATAN, A3, "s1", "drg.",
       req="S-1 Kedokteran Gigi + profesi, STR"),
    _t("PERAWAT", "Perawat", F.KESEHATAN, A3, "s1", "S.Kep., Ners",
       req="S-1 Keperawatan + Ners, STR"),
    _t("PERAWAT-T", "Perawat", F.KESEHATAN, T3, "d3", "A.Md.Kep.",
       req="D-III Keperawatan, STR"),
    _t("BIDAN", "Bidan", F.KESEHATAN, A2, "d4 s1", "S.Tr.Keb.",
       req="D-IV/S-1 Kebidanan + profesi, STR"),
    _t("BIDAN-T", "Bidan", F.KESEHATAN, T3, "d3", "A.Md.Keb.",
       req="D-III Kebidanan, STR"),
    _t("APOTEKER", "Apoteker", F.KESEHATAN, A3, "s1", "S.Farm., Apt.",
       req="S-1 Farmasi + profesi apoteker, STRA"),
    _t("ASISTEN-APOTEKER", "Asisten Apoteker", F.KESEHATAN, T3, "d3", "A.Md.Farm.",
       req="D-III Farmasi, STR"),
    _t("NUTRISIONIS", "Nutrisionis", F.KESEHATAN, A2, "s1 d4", "S.Gz.",
       req="D-IV/S-1 Gizi, STR"),
    _t("NUTRISIONIS-T", "Nutrisionis", F.KESEHATAN, T2, "d3", "A.Md.Gz.",
       req="D-III Gizi, STR"),
    _t("SANITARIAN", "Sanitarian", F.KESEHATAN, A2, "s1 d4", "S.K.M.",
       req="D-IV/S-1 Kesehatan Lingkungan"),
    _t("SANITARIAN-T", "Sanitarian", F.KESEHATAN, T2, "d3", "A.Md.KL.",
       req="D-III Kesehatan Lingkungan"),
    _t("PLK", "Pranata Laboratorium Kesehatan", F.KESEHATAN, A2, "d4 s1", "S.Tr.Kes.",
       req="D-IV/S-1 Analis Kesehatan"),
    _t("PLK-T", "Pranata Laboratorium Kesehatan", F.KESEHATAN, T3, "d3", "A.Md.AK.",
       req="D-III Analis Kesehatan"),
    _t("PENYULUH-KESMAS", "Penyuluh Kesehatan Masyarakat", F.KESEHATAN, A3, "s1", "S.K.M.",
       req="S-1 Kesehatan Masyarakat"),
    _t("EPIDEMIOLOG", "Epidemiolog Kesehatan", F.KESEHATAN, A2, "s1 s2", "S.K.M.",
       req="S-1 Kesehatan Masyarakat (epidemiologi)"),
    _t("ADMINKES", "Administrator Kesehatan", F.KESEHATAN, A3, "s1 s2", "S.K.M.",
       req="S-1 Kesehatan Masyarakat/Administrasi Kesehatan", **NO_PW),
    # Information technology.
    _t("PRAKOM", "Pranata Komputer", F.TI, A3, "s1", "S.Kom.",
       req="S-1/D-IV Informatika/Sistem Informasi"),
    _t("PRAKOM-T", "Pranata Komputer", F.TI, T3, "d3", "A.Md.Kom.",
       req="D-III Teknik/Manajemen Informatika"),
    _t("ADMINDUK", "Administrator Database Kependudukan", F.TI, A2, "s1", "S.Kom.",
       req="S-1 Informatika/Sistem Informasi"),
    # Administration and other JF.
    _t("ANALIS-KEBIJAKAN", "Analis Kebijakan", F.ADMINISTRASI, A3, "s1 s2", "S.Sos.",
       req="S-1 Ilmu Sosial/Administrasi Publik", **NO_PW),
    _t("PERENCANA", "Perencana", F.ADMINISTRASI, A3, "s1 s2", "S.E.",
       req="S-1 Perencanaan/Ekonomi/Teknik", **NO_PW),
    _t("ANALIS-SDM", "Analis Sumber Daya Manusia Aparatur", F.ADMINISTRASI, A3, "s1 s2",
       "S.Psi.", req="S-1 Psikologi/Manajemen SDM/Administrasi", **NO_PW),
    _t("PRANATA-SDM", "Pranata Sumber Daya Manusia Aparatur", F.ADMINISTRASI, T3, "d3",
       "A.Md.", req="D-III Administrasi/Manajemen", **NO_PW),
    _t("ARSIPARIS", "Arsiparis", F.ADMINISTRASI, A2, "s1", "S.I.P.",
       req="S-1 Kearsipan/Administrasi", **NO_PW),
    _t("ARSIPARIS-T", "Arsiparis", F.ADMINISTRASI, T2, "d3", "A.Md.",
       req="D-III Kearsipan", **NO_PW),
    _t("AUDITOR", "Auditor", F.ADMINISTRASI, A3, "s1 s2", "S.E., Ak.",
       req="S-1 Akuntansi/Ekonomi; sertifikat JFA", **NO_PW),
    _t("PPUPD", "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", F.ADMINISTRASI, A3,
       "s1 s2", "S.H.", req="S-1 Hukum/Ilmu Pemerintahan", **NO_PW),
    _t("ANALIS-KEUANGAN", "Analis Keuangan Pusat dan Daerah", F.ADMINISTRASI, A3, "s1 s2",
       "S.E.", req="S-1 Akuntansi/Ekonomi", **NO_PW),
    _t("PENGELOLA-PBJ", "Pengelola Pengadaan Barang/Jasa", F.ADMINISTRASI, A3, "s1", "S.T.",
       req="S-1; sertifikat kompetensi PBJ", **NO_PW),
    _t("PRANATA-HUMAS", "Pranata Hubungan Masyarakat", F.ADMINISTRASI, A2, "s1", "S.I.Kom.",
       req="S-1 Ilmu Komunikasi"),
    _t("PRANATA-HUMAS-T", "Pranata Hubungan Masyarakat", F.ADMINISTRASI, T2, "d3", "A.Md.",
       req="D-III Komunikasi/Hubungan Masyarakat"),
    _t("PEKERJA-SOSIAL", "Pekerja Sosial", F.LAINNYA, A2, "s1", "S.Sos.",
       req="S-1/D-IV Kesejahteraan Sosial"),
    _t("POLPP", "Polisi Pamong Praja", F.LAINNYA, A2, "s1", "S.H.",
       req="S-1 Hukum/Ilmu Pemerintahan"),
    _t("POLPP-T", "Polisi Pamong Praja", F.LAINNYA, TERAMPIL, "sma d3",
       req="SMA/D-III; diklat Pol PP"),
    _t("TEKNIK-JALAN", "Teknik Jalan dan Jembatan", F.TEKNIS, A3, "s1", "S.T.",
       req="S-1 Teknik Sipil"),
    _t("TEKNIK-JALAN-T", "Teknik Jalan dan Jembatan", F.TEKNIS, T2, "d3", "A.Md.T.",
       req="D-III Teknik Sipil"),
    _t("PENGUJI-KB", "Penguji Kendaraan Bermotor", F.TEKNIS, T3, "d3 sma", "A.Md.T.",
       req="D-III Teknik Otomotif/SMK; sertifikat penguji"),
    # Pelaksana (PermenPAN-RB 45/2022): klerek, operator, teknisi.
    _t("PENGADMINISTRASI", "Pengadministrasi Perkantoran", F.ADMINISTRASI, (), "sma d3",
       req="SMA/D-III", grade=5, **NO_PW),
    _t("PENELAAH", "Penelaah Teknis Kebijakan", F.ADMINISTRASI, (), "s1", "S.Sos.",
       req="S-1/D-IV", grade=7, **NO_PW),
    _t("OPERATOR", "Operator Layanan Operasional", F.ADMINISTRASI, (), "sma d3",
       req="SMA/D-III", grade=5),
    _t("PENGELOLA-UMUM", "Pengelola Umum Operasional", F.ADMINISTRASI, (), "sma smp",
       req="SMP/SMA", grade=3),
    _t("PENATA-LAYANAN", "Penata Layanan Operasional", F.ADMINISTRASI, (), "d3 s1", "A.Md.",
       req="D-III/S-1", grade=6),
    _t("PENGELOLA-LAYANAN", "Pengelola Layanan Operasional", F.ADMINISTRASI, (), "s1", "S.E.",
       req="S-1/D-IV", grade=7),
    _t("TEKNISI", "Teknisi Sarana dan Prasarana", F.TEKNIS, (), "sma d3",
       req="SMK/D-III Teknik", grade=6),
]
# fmt: on
TRACKS: dict[str, Track] = {t.code: t for t in _TRACK_LIST}

# Managerial posts: (code, name, kind, kelas jabatan, education requirement).
MANAGERIAL = [
    ("JPT.SEKDA", "Sekretaris Daerah", K.JPT_PRATAMA, 15, "S-2"),
    ("JPT.ASISTEN", "Asisten Sekretaris Daerah", K.JPT_PRATAMA, 14, "S-1/D-IV"),
    ("JPT.SEKWAN", "Sekretaris DPRD", K.JPT_PRATAMA, 14, "S-1/D-IV"),
    ("JPT.INSPEKTUR", "Inspektur", K.JPT_PRATAMA, 14, "S-1/D-IV"),
    ("JPT.KEPALA-BADAN", "Kepala Badan", K.JPT_PRATAMA, 14, "S-1/D-IV"),
    ("JPT.KEPALA-DINAS", "Kepala Dinas", K.JPT_PRATAMA, 14, "S-1/D-IV"),
    ("JPT.KASATPOL", "Kepala Satuan Polisi Pamong Praja", K.JPT_PRATAMA, 14, "S-1/D-IV"),
    ("ADM.SEKRETARIS", "Sekretaris Dinas/Badan", K.ADMINISTRATOR, 12, "S-1/D-IV"),
    ("ADM.KABAG", "Kepala Bagian", K.ADMINISTRATOR, 11, "S-1/D-IV"),
    ("ADM.KABID", "Kepala Bidang", K.ADMINISTRATOR, 11, "S-1/D-IV"),
    ("ADM.IRBAN", "Inspektur Pembantu", K.ADMINISTRATOR, 11, "S-1/D-IV"),
    ("ADM.CAMAT", "Camat", K.ADMINISTRATOR, 12, "S-1/D-IV Ilmu Pemerintahan"),
    ("ADM.SEKCAM", "Sekretaris Camat", K.ADMINISTRATOR, 10, "S-1/D-IV"),
    ("PENGAWAS.KASUBBAG", "Kepala Sub Bagian", K.PENGAWAS, 9, "S-1/D-IV"),
    ("PENGAWAS.KASI", "Kepala Seksi", K.PENGAWAS, 9, "S-1/D-IV"),
    ("PENGAWAS.KEPALA-UPT", "Kepala UPT", K.PENGAWAS, 9, "S-1/D-IV"),
    ("PENGAWAS.KAPUS", "Kepala UPT Puskesmas", K.PENGAWAS, 9, "S-1 kesehatan"),
    ("PENGAWAS.LURAH", "Lurah", K.PENGAWAS, 9, "S-1/D-IV Ilmu Pemerintahan"),
    ("PENGAWAS.SEKLUR", "Sekretaris Kelurahan", K.PENGAWAS, 8, "S-1/D-IV"),
]

# Head teachers are guru with an additional task (Permendikbud 6/2018); the flag is the code.
HEAD_TEACHER = {J.AHLI_MUDA: "JF.KEPSEK.AHLI-MUDA", J.AHLI_MADYA: "JF.KEPSEK.AHLI-MADYA"}


def build_positions(agency: Agency) -> dict[str, Position]:
    """Create the position master; return it by code."""
    rows: list[Position] = []

    def add(code, name, kind, family, grade, requirement, jenjang="", bup=None) -> None:
        rows.append(
            Position(
                agency=agency,
                code=code,
                name=name,
                kind=kind,
                family=family,
                grade=grade,
                jenjang=jenjang,
                education_requirement=requirement,
                retirement_age_override=bup,
            )
        )

    for code, name, kind, grade, requirement in MANAGERIAL:
        add(code, name, kind, F.MANAJERIAL, grade, requirement)
    for jenjang, code in HEAD_TEACHER.items():
        name = f"Guru {JENJANG_NAME[jenjang]} (tugas tambahan Kepala Sekolah)"
        requirement = "S-1/D-IV kependidikan + sertifikat kepala sekolah"
        add(code, name, K.FUNGSIONAL, F.GURU, JENJANG_GRADE[jenjang] + 1, requirement, jenjang, 60)
    for t in TRACKS.values():
        if t.is_pelaksana:
            add(t.position_code(), t.name, K.PELAKSANA, t.family, t.grade, t.requirement)
        for j in t.jenjang:
            name, grade = f"{t.name} {JENJANG_NAME[j]}", JENJANG_GRADE[j]
            add(t.position_code(j), name, K.FUNGSIONAL, t.family, grade, t.requirement, j, t.bup)
    created = bulk_create_with_history(rows, Position, default_change_reason="demo data")
    return {p.code: p for p in created}


def retirement_age(position: Position) -> int:
    """BUP of a position (``Position.retirement_age``: the override, else the rule)."""
    return position.retirement_age
