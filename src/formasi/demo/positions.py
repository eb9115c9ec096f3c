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
JENJANG_NAME = {
    J.AHLI_UTAMA: "Ahli Utama",
    J.AHLI_MADYA: "Ahli Madya",
    J.AHLI_MUDA: "Ahli Muda",
    J.AHLI_PERTAMA: "Ahli Pertama",
    J.PENYELIA: "Penyelia",
    J.MAHIR: "Mahir",
    J.TERAMPIL: "Terampil",
    J.PEMULA: "Pemula",
}
JENJANG_GRADE = {
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


def _t(code, name, family, jenjang, education, requirement, title="", **kw) -> Track:
    return Track(code, name, family, tuple(jenjang), tuple(education), requirement, title, **kw)


S1, S2, D3, D4, SMA, SMP = "s1", "s2", "d3", "d4", "sma", "smp"
A3 = AHLI[:3]  # pertama, muda, madya
A2 = AHLI[:2]
T3 = TERAMPIL[1:]  # terampil, mahir, penyelia
T2 = TERAMPIL[1:3]

TRACKS: dict[str, Track] = {
    t.code: t
    for t in [
        # Education (guru retire at 60).
        _t(
            "GURU-KELAS",
            "Guru Kelas",
            F.GURU,
            AHLI,
            (S1, S2),
            "S-1/D-IV PGSD + sertifikat pendidik",
            "S.Pd.",
            bup=60,
        ),
        _t(
            "GURU-MAPEL",
            "Guru Mata Pelajaran",
            F.GURU,
            AHLI,
            (S1, S2),
            "S-1/D-IV kependidikan sesuai mata pelajaran",
            "S.Pd.",
            bup=60,
        ),
        _t(
            "GURU-BK",
            "Guru Bimbingan dan Konseling",
            F.GURU,
            A3,
            (S1, S2),
            "S-1 Bimbingan dan Konseling",
            "S.Pd.",
            bup=60,
        ),
        _t(
            "PENGAWAS-SEKOLAH",
            "Pengawas Sekolah",
            F.GURU,
            AHLI[1:3],
            (S2, S1),
            "S-1/D-IV kependidikan; pernah kepala sekolah",
            "S.Pd.",
            bup=60,
            paruh_waktu=False,
        ),
        # Health.
        _t(
            "DOKTER",
            "Dokter",
            F.KESEHATAN,
            A3,
            (S1,),
            "S-1 Kedokteran + profesi dokter, STR",
            "dr.",
        ),
        _t(
            "DOKTER-GIGI",
            "Dokter Gigi",
            F.KESEHATAN,
            A3,
            (S1,),
            "S-1 Kedokteran Gigi + profesi, STR",
            "drg.",
        ),
        _t(
            "PERAWAT",
            "Perawat",
            F.KESEHATAN,
            A3,
            (S1,),
            "S-1 Keperawatan + Ners, STR",
            "S.Kep., Ners",
        ),
        _t("PERAWAT-T", "Perawat", F.KESEHATAN, T3, (D3,), "D-III Keperawatan, STR", "A.Md.Kep."),
        _t(
            "BIDAN",
            "Bidan",
            F.KESEHATAN,
            A2,
            (D4, S1),
            "D-IV/S-1 Kebidanan + profesi, STR",
            "S.Tr.Keb.",
        ),
        _t("BIDAN-T", "Bidan", F.KESEHATAN, T3, (D3,), "D-III Kebidanan, STR", "A.Md.Keb."),
        _t(
            "APOTEKER",
            "Apoteker",
            F.KESEHATAN,
            A3,
            (S1,),
            "S-1 Farmasi + profesi apoteker, STRA",
            "S.Farm., Apt.",
        ),
        _t(
            "ASISTEN-APOTEKER",
            "Asisten Apoteker",
            F.KESEHATAN,
            T3,
            (D3,),
            "D-III Farmasi, STR",
            "A.Md.Farm.",
        ),
        _t("NUTRISIONIS", "Nutrisionis", F.KESEHATAN, A2, (S1, D4), "D-IV/S-1 Gizi, STR", "S.Gz."),
        _t("NUTRISIONIS-T", "Nutrisionis", F.KESEHATAN, T2, (D3,), "D-III Gizi, STR", "A.Md.Gz."),
        _t(
            "SANITARIAN",
            "Sanitarian",
            F.KESEHATAN,
            A2,
            (S1, D4),
            "D-IV/S-1 Kesehatan Lingkungan",
            "S.K.M.",
        ),
        _t(
            "SANITARIAN-T",
            "Sanitarian",
            F.KESEHATAN,
            T2,
            (D3,),
            "D-III Kesehatan Lingkungan",
            "A.Md.KL.",
        ),
        _t(
            "PLK",
            "Pranata Laboratorium Kesehatan",
            F.KESEHATAN,
            A2,
            (D4, S1),
            "D-IV/S-1 Analis Kesehatan",
            "S.Tr.Kes.",
        ),
        _t(
            "PLK-T",
            "Pranata Laboratorium Kesehatan",
            F.KESEHATAN,
            T3,
            (D3,),
            "D-III Analis Kesehatan",
            "A.Md.AK.",
        ),
        _t(
            "PENYULUH-KESMAS",
            "Penyuluh Kesehatan Masyarakat",
            F.KESEHATAN,
            A3,
            (S1,),
            "S-1 Kesehatan Masyarakat",
            "S.K.M.",
        ),
        _t(
            "EPIDEMIOLOG",
            "Epidemiolog Kesehatan",
            F.KESEHATAN,
            A2,
            (S1, S2),
            "S-1 Kesehatan Masyarakat (epidemiologi)",
            "S.K.M.",
        ),
        _t(
            "ADMINKES",
            "Administrator Kesehatan",
            F.KESEHATAN,
            A3,
            (S1, S2),
            "S-1 Kesehatan Masyarakat/Administrasi Kesehatan",
            "S.K.M.",
            paruh_waktu=False,
        ),
        # Information technology.
        _t(
            "PRAKOM",
            "Pranata Komputer",
            F.TI,
            A3,
            (S1,),
            "S-1/D-IV Informatika/Sistem Informasi",
            "S.Kom.",
        ),
        _t(
            "PRAKOM-T",
            "Pranata Komputer",
            F.TI,
            T3,
            (D3,),
            "D-III Teknik/Manajemen Informatika",
            "A.Md.Kom.",
        ),
        _t(
            "ADMINDUK",
            "Administrator Database Kependudukan",
            F.TI,
            A2,
            (S1,),
            "S-1 Informatika/Sistem Informasi",
            "S.Kom.",
        ),
        # Administration and other JF.
        _t(
            "ANALIS-KEBIJAKAN",
            "Analis Kebijakan",
            F.ADMINISTRASI,
            A3,
            (S1, S2),
            "S-1 Ilmu Sosial/Administrasi Publik",
            "S.Sos.",
            paruh_waktu=False,
        ),
        _t(
            "PERENCANA",
            "Perencana",
            F.ADMINISTRASI,
            A3,
            (S1, S2),
            "S-1 Perencanaan/Ekonomi/Teknik",
            "S.E.",
            paruh_waktu=False,
        ),
        _t(
            "ANALIS-SDM",
            "Analis Sumber Daya Manusia Aparatur",
            F.ADMINISTRASI,
            A3,
            (S1, S2),
            "S-1 Psikologi/Manajemen SDM/Administrasi",
            "S.Psi.",
            paruh_waktu=False,
        ),
        _t(
            "PRANATA-SDM",
            "Pranata Sumber Daya Manusia Aparatur",
            F.ADMINISTRASI,
            T3,
            (D3,),
            "D-III Administrasi/Manajemen",
            "A.Md.",
            paruh_waktu=False,
        ),
        _t(
            "ARSIPARIS",
            "Arsiparis",
            F.ADMINISTRASI,
            A2,
            (S1,),
            "S-1 Kearsipan/Administrasi",
            "S.I.P.",
            paruh_waktu=False,
        ),
        _t(
            "ARSIPARIS-T",
            "Arsiparis",
            F.ADMINISTRASI,
            T2,
            (D3,),
            "D-III Kearsipan",
            "A.Md.",
            paruh_waktu=False,
        ),
        _t(
            "AUDITOR",
            "Auditor",
            F.ADMINISTRASI,
            A3,
            (S1, S2),
            "S-1 Akuntansi/Ekonomi; sertifikat JFA",
            "S.E., Ak.",
            paruh_waktu=False,
        ),
        _t(
            "PPUPD",
            "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah",
            F.ADMINISTRASI,
            A3,
            (S1, S2),
            "S-1 Hukum/Ilmu Pemerintahan",
            "S.H.",
            paruh_waktu=False,
        ),
        _t(
            "ANALIS-KEUANGAN",
            "Analis Keuangan Pusat dan Daerah",
            F.ADMINISTRASI,
            A3,
            (S1, S2),
            "S-1 Akuntansi/Ekonomi",
            "S.E.",
            paruh_waktu=False,
        ),
        _t(
            "PENGELOLA-PBJ",
            "Pengelola Pengadaan Barang/Jasa",
            F.ADMINISTRASI,
            A3,
            (S1,),
            "S-1; sertifikat kompetensi PBJ",
            "S.T.",
            paruh_waktu=False,
        ),
        _t(
            "PRANATA-HUMAS",
            "Pranata Hubungan Masyarakat",
            F.ADMINISTRASI,
            A2,
            (S1,),
            "S-1 Ilmu Komunikasi",
            "S.I.Kom.",
        ),
        _t(
            "PRANATA-HUMAS-T",
            "Pranata Hubungan Masyarakat",
            F.ADMINISTRASI,
            T2,
            (D3,),
            "D-III Komunikasi/Hubungan Masyarakat",
            "A.Md.",
        ),
        _t(
            "PEKERJA-SOSIAL",
            "Pekerja Sosial",
            F.LAINNYA,
            A2,
            (S1,),
            "S-1/D-IV Kesejahteraan Sosial",
            "S.Sos.",
        ),
        _t(
            "POLPP",
            "Polisi Pamong Praja",
            F.LAINNYA,
            A2,
            (S1,),
            "S-1 Hukum/Ilmu Pemerintahan",
            "S.H.",
        ),
        _t(
            "POLPP-T",
            "Polisi Pamong Praja",
            F.LAINNYA,
            TERAMPIL,
            (SMA, D3),
            "SMA/D-III; diklat Pol PP",
        ),
        _t(
            "TEKNIK-JALAN",
            "Teknik Jalan dan Jembatan",
            F.TEKNIS,
            A3,
            (S1,),
            "S-1 Teknik Sipil",
            "S.T.",
        ),
        _t(
            "TEKNIK-JALAN-T",
            "Teknik Jalan dan Jembatan",
            F.TEKNIS,
            T2,
            (D3,),
            "D-III Teknik Sipil",
            "A.Md.T.",
        ),
        _t(
            "PENGUJI-KB",
            "Penguji Kendaraan Bermotor",
            F.TEKNIS,
            T3,
            (D3, SMA),
            "D-III Teknik Otomotif/SMK; sertifikat penguji",
            "A.Md.T.",
        ),
        # Pelaksana (PermenPAN-RB 45/2022): klerek, operator, teknisi.
        _t(
            "PENGADMINISTRASI",
            "Pengadministrasi Perkantoran",
            F.ADMINISTRASI,
            (),
            (SMA, D3),
            "SMA/D-III",
            grade=5,
            paruh_waktu=False,
        ),
        _t(
            "PENELAAH",
            "Penelaah Teknis Kebijakan",
            F.ADMINISTRASI,
            (),
            (S1,),
            "S-1/D-IV",
            "S.Sos.",
            grade=7,
            paruh_waktu=False,
        ),
        _t(
            "OPERATOR",
            "Operator Layanan Operasional",
            F.ADMINISTRASI,
            (),
            (SMA, D3),
            "SMA/D-III",
            grade=5,
        ),
        _t(
            "PENGELOLA-UMUM",
            "Pengelola Umum Operasional",
            F.ADMINISTRASI,
            (),
            (SMA, SMP),
            "SMP/SMA",
            grade=3,
        ),
        _t(
            "PENATA-LAYANAN",
            "Penata Layanan Operasional",
            F.ADMINISTRASI,
            (),
            (D3, S1),
            "D-III/S-1",
            "A.Md.",
            grade=6,
        ),
        _t(
            "PENGELOLA-LAYANAN",
            "Pengelola Layanan Operasional",
            F.ADMINISTRASI,
            (),
            (S1,),
            "S-1/D-IV",
            "S.E.",
            grade=7,
        ),
        _t(
            "TEKNISI",
            "Teknisi Sarana dan Prasarana",
            F.TEKNIS,
            (),
            (SMA, D3),
            "SMK/D-III Teknik",
            grade=6,
        ),
    ]
}

# Fixed posts: (code, name, kind, family, grade, education requirement, retirement override).
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
    for code, name, kind, grade, education in MANAGERIAL:
        rows.append(
            Position(
                agency=agency,
                code=code,
                name=name,
                kind=kind,
                family=F.MANAJERIAL,
                grade=grade,
                education_requirement=education,
            )
        )
    for jenjang, code in HEAD_TEACHER.items():
        rows.append(
            Position(
                agency=agency,
                code=code,
                kind=K.FUNGSIONAL,
                jenjang=jenjang,
                name=f"Guru {JENJANG_NAME[jenjang]} (tugas tambahan Kepala Sekolah)",
                family=F.GURU,
                grade=JENJANG_GRADE[jenjang] + 1,
                retirement_age_override=60,
                education_requirement="S-1/D-IV kependidikan + sertifikat kepala sekolah",
            )
        )
    for track in TRACKS.values():
        if track.is_pelaksana:
            rows.append(
                Position(
                    agency=agency,
                    code=track.position_code(),
                    name=track.name,
                    kind=K.PELAKSANA,
                    family=track.family,
                    grade=track.grade,
                    education_requirement=track.requirement,
                )
            )
            continue
        for jenjang in track.jenjang:
            rows.append(
                Position(
                    agency=agency,
                    code=track.position_code(jenjang),
                    kind=K.FUNGSIONAL,
                    name=f"{track.name} {JENJANG_NAME[jenjang]}",
                    jenjang=jenjang,
                    family=track.family,
                    grade=JENJANG_GRADE[jenjang],
                    education_requirement=track.requirement,
                    retirement_age_override=track.bup,
                )
            )
    created = bulk_create_with_history(rows, Position, default_change_reason="demo data")
    return {p.code: p for p in created}


def retirement_age(position: Position) -> int:
    """BUP per UU 20/2023 Pasal 55 and PP 11/2017 Pasal 239, unless the position overrides it."""
    if position.retirement_age_override:
        return position.retirement_age_override
    if position.kind in (K.JPT_UTAMA, K.JPT_MADYA, K.JPT_PRATAMA):
        return 60
    if position.kind == K.FUNGSIONAL:
        return {J.AHLI_UTAMA: 65, J.AHLI_MADYA: 60}.get(position.jenjang, 58)
    return 58
