"""The demo agency (Pemerintah Kota Palangka Raya), its 2025 budget and its organisation tree.

The tree follows a typical kota SOTK after the 2021 penyederhanaan (two levels per OPD):
Sekretariat Daerah with three asisten and their bagian, Sekretariat DPRD, Inspektorat, badan
and dinas with a sekretariat and bidang, five kantor kecamatan (OPD-level) each with its
kantor kelurahan, the schools under Dinas Pendidikan and the puskesmas under Dinas Kesehatan.

Facilities follow ``facilities.csv`` where it has numbers: 5 SMP negeri in every kecamatan,
6 in Jekan Raya. SD negeri are spread roughly in proportion to the (estimated) population,
with at least one per kelurahan. Rombel, student counts and the puskesmas list are demo
values; they do not depend on the seed, so every demo city looks the same.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from decimal import Decimal

from simple_history.utils import get_history_manager_for_model

from formasi.demo.apportion import largest_remainder
from formasi.demo.regions import DATA_DIR, DemoRegions
from formasi.organization.models import Agency, AgencyBudget, OrgUnit, Region
from formasi.organization.services import TREE_FIELDS, assign_tree_fields

U = OrgUnit.Kind
KEC_SLUG = {
    "62.71.01": "PAHANDUT",
    "62.71.02": "BUKIT-BATU",
    "62.71.03": "JEKAN-RAYA",
    "62.71.04": "SABANGAU",
    "62.71.05": "RAKUMPIT",
}
SD_TOTAL = 120  # before the one-per-kelurahan minimum
# (kecamatan, name, kelurahan, rawat inap): eleven puskesmas named after places of the city;
# their locations and rawat-inap flags are demo values.
PUSKESMAS = [
    ("62.71.01", "Pahandut", "62.71.01.1001", True),
    ("62.71.01", "Panarung", "62.71.01.1002", False),
    ("62.71.01", "Tanjung Pinang", "62.71.01.1006", False),
    ("62.71.03", "Kayon", "62.71.03.1001", False),
    ("62.71.03", "Bukit Hindu", "62.71.03.1001", False),
    ("62.71.03", "Menteng", "62.71.03.1002", False),
    ("62.71.03", "Jekan Raya", "62.71.03.1003", False),
    ("62.71.04", "Kereng Bangkirai", "62.71.04.1003", True),
    ("62.71.04", "Kalampangan", "62.71.04.1002", False),
    ("62.71.02", "Tangkiling", "62.71.02.1004", True),
    ("62.71.05", "Rakumpit", "62.71.05.1004", True),
]
# Rombel choices per remoteness class: central schools run parallel classes.
SD_ROMBEL = {
    "perkotaan": [6, 9, 12, 12, 12, 15, 18],
    "perdesaan": [6, 6, 6, 9, 12],
    "terpencil": [6],
}
SMP_ROMBEL = {"perkotaan": [15, 18, 21, 24, 27], "perdesaan": [6, 9, 9, 12], "terpencil": [3, 6, 9]}
PUPILS_PER_ROMBEL = {"perkotaan": (24, 28), "perdesaan": (14, 24), "terpencil": (8, 18)}


@dataclass
class Node:
    """One unit of the tree spec; ``tracks`` are the JF the unit mostly employs."""

    code: str
    name: str
    head: str
    role: str = "bidang"
    tracks: tuple[str, ...] = ()
    children: list[Node] = field(default_factory=list)


def _sekretariat(*tracks: str) -> Node:
    umpeg = Node("UMPEG", "Subbagian Umum dan Kepegawaian", "PENGAWAS.KASUBBAG", "subbagian")
    return Node("SEKRE", "Sekretariat", "ADM.SEKRETARIS", "sekretariat", tracks, [umpeg])


def _opd(code: str, name: str, head: str, children: list[Node], sekretariat=None) -> Node:
    """An OPD; dinas and badan get a sekretariat employing ``sekretariat`` tracks."""
    if sekretariat is not None:
        children = [_sekretariat(*sekretariat), *children]
    return Node(code, name, head, "opd", (), children)


def _asisten(code: str, name: str, bagian: list[Node]) -> Node:
    return Node(code, name, "JPT.ASISTEN", "asisten", (), bagian)


def _bagian(code: str, name: str, *tracks: str, children=()) -> Node:
    return Node(code, name, "ADM.KABAG", "bidang", tracks, list(children))


def _bidang(code: str, name: str, *tracks: str, head: str = "ADM.KABID") -> Node:
    return Node(code, name, head, "bidang", tracks)


def _subbagian(code: str, name: str) -> Node:
    return Node(code, name, "PENGAWAS.KASUBBAG", "subbagian")


def _upt(code: str, name: str, *tracks: str) -> Node:
    return Node(code, name, "PENGAWAS.KEPALA-UPT", "upt", tracks)


BADAN, DINAS = "JPT.KEPALA-BADAN", "JPT.KEPALA-DINAS"
# Kelurahan where the offices stand.
PALANGKA, MENTENG = "62.71.03.1001", "62.71.03.1002"  # Jekan Raya
LANGKAI, PAHANDUT = "62.71.01.1003", "62.71.01.1001"  # Pahandut
AK = "ANALIS-KEBIJAKAN"

# fmt: off
OPDS: list[tuple[str, Node]] = [
    (PALANGKA, _opd("SETDA", "Sekretariat Daerah", "JPT.SEKDA", [
        _asisten("AS1", "Asisten Pemerintahan dan Kesejahteraan Rakyat", [
            _bagian("PEM", "Bagian Pemerintahan", AK),
            _bagian("HUKUM", "Bagian Hukum", AK),
            _bagian("KESRA", "Bagian Kesejahteraan Rakyat", AK),
        ]),
        _asisten("AS2", "Asisten Perekonomian dan Pembangunan", [
            _bagian("EKON", "Bagian Perekonomian dan Sumber Daya Alam", AK),
            _bagian("ADPEM", "Bagian Administrasi Pembangunan", "PERENCANA"),
            _bagian("PBJ", "Bagian Pengadaan Barang dan Jasa", "PENGELOLA-PBJ"),
        ]),
        _asisten("AS3", "Asisten Administrasi Umum", [
            _bagian("ORG", "Bagian Organisasi", AK, "ANALIS-SDM"),
            _bagian("UMUM", "Bagian Umum", "ARSIPARIS", children=[
                _subbagian("TU", "Subbagian Tata Usaha Pimpinan"),
                _subbagian("RT", "Subbagian Rumah Tangga"),
            ]),
            _bagian("PROKOPIM", "Bagian Protokol dan Komunikasi Pimpinan", "PRANATA-HUMAS"),
        ]),
    ])),
    (PALANGKA, _opd("SETWAN", "Sekretariat DPRD", "JPT.SEKWAN", [
        _bagian("UMKEU", "Bagian Umum dan Keuangan", "ANALIS-KEUANGAN", "ARSIPARIS-T"),
        _bagian("SIDANG", "Bagian Persidangan dan Perundang-undangan", AK),
        _bagian("FASIL", "Bagian Fasilitasi Penganggaran dan Pengawasan", AK),
    ])),
    (PALANGKA, _opd("INSP", "Inspektorat", "JPT.INSPEKTUR", [
        _bidang(f"IRBAN{i}", f"Inspektur Pembantu Wilayah {n}", "AUDITOR", "PPUPD",
                head="ADM.IRBAN")
        for i, n in enumerate(("I", "II", "III", "IV"), 1)
    ], sekretariat=["AUDITOR"])),
    (PALANGKA, _opd("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", BADAN, [
        _bidang("PPM", "Bidang Perencanaan Pemerintahan dan Pembangunan Manusia", "PERENCANA"),
        _bidang("PEREK", "Bidang Perencanaan Perekonomian dan Sumber Daya Alam", "PERENCANA"),
        _bidang("INFRA", "Bidang Perencanaan Infrastruktur dan Kewilayahan", "PERENCANA"),
        _bidang("LITBANG", "Bidang Penelitian dan Pengembangan", AK),
    ], sekretariat=["PERENCANA"])),
    (PALANGKA, _opd("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", BADAN, [
        _bidang("PPI", "Bidang Pengadaan, Pemberhentian dan Informasi", "ANALIS-SDM", "PRAKOM"),
        _bidang("MUTASI", "Bidang Mutasi dan Promosi", "ANALIS-SDM", "PRANATA-SDM"),
        _bidang("PKA", "Bidang Pengembangan Kompetensi Aparatur", "ANALIS-SDM"),
        _bidang("KINERJA", "Bidang Penilaian Kinerja Aparatur dan Penghargaan", "ANALIS-SDM",
                "PRANATA-SDM"),
    ], sekretariat=["ANALIS-SDM"])),
    (PALANGKA, _opd("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", BADAN, [
        _bidang(code, f"Bidang {name}", "ANALIS-KEUANGAN")
        for code, name in (("ANGGARAN", "Anggaran"), ("PERBEND", "Perbendaharaan"),
                           ("AKUNTANSI", "Akuntansi"), ("ASET", "Aset"))
    ], sekretariat=["ANALIS-KEUANGAN"])),
    (MENTENG, _opd("DISDIK", "Dinas Pendidikan", DINAS, [
        _bidang("SD", "Bidang Pembinaan Sekolah Dasar", "PENGAWAS-SEKOLAH"),
        _bidang("SMP", "Bidang Pembinaan Sekolah Menengah Pertama", "PENGAWAS-SEKOLAH"),
        _bidang("PAUD", "Bidang Pendidikan Anak Usia Dini dan Nonformal", AK),
        _bidang("GTK", "Bidang Guru dan Tenaga Kependidikan", "ANALIS-SDM"),
    ], sekretariat=["PERENCANA"])),
    (MENTENG, _opd("DINKES", "Dinas Kesehatan", DINAS, [
        _bidang("KESMAS", "Bidang Kesehatan Masyarakat", "PENYULUH-KESMAS", "NUTRISIONIS",
                "SANITARIAN"),
        _bidang("P2P", "Bidang Pencegahan dan Pengendalian Penyakit", "EPIDEMIOLOG", "SANITARIAN"),
        _bidang("YANKES", "Bidang Pelayanan dan Sumber Daya Kesehatan", "ADMINKES", "APOTEKER"),
        _upt("LABKESDA", "UPT Laboratorium Kesehatan Daerah", "PLK", "PLK-T"),
        _upt("IFK", "UPT Instalasi Farmasi", "APOTEKER", "ASISTEN-APOTEKER"),
    ], sekretariat=["ADMINKES"])),
    (PALANGKA, _opd("DISKOMINFO", "Dinas Komunikasi, Informatika, Statistik dan Persandian",
                    DINAS, [
        _bidang("IKP", "Bidang Informasi dan Komunikasi Publik", "PRANATA-HUMAS",
                "PRANATA-HUMAS-T"),
        _bidang("APTIKA", "Bidang Aplikasi Informatika", "PRAKOM", "PRAKOM-T"),
        _bidang("STATSAN", "Bidang Statistik dan Persandian", "PRAKOM"),
    ], sekretariat=["PRAKOM-T"])),
    (LANGKAI, _opd("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", DINAS, [
        _bidang("BM", "Bidang Bina Marga", "TEKNIK-JALAN", "TEKNIK-JALAN-T"),
        _bidang("SDA", "Bidang Sumber Daya Air", "TEKNIK-JALAN-T"),
        _bidang("CK", "Bidang Cipta Karya", "TEKNIK-JALAN"),
        _bidang("TR", "Bidang Penataan Ruang", "PERENCANA"),
    ], sekretariat=["PERENCANA"])),
    (PAHANDUT, _opd("DISHUB", "Dinas Perhubungan", DINAS, [
        _bidang("LALIN", "Bidang Lalu Lintas", "PENGUJI-KB"),
        _bidang("ANGKUTAN", "Bidang Angkutan", AK),
        _upt("PKB", "UPT Pengujian Kendaraan Bermotor", "PENGUJI-KB"),
    ], sekretariat=["PERENCANA"])),
    (PAHANDUT, _opd("DINSOS", "Dinas Sosial", DINAS, [
        _bidang("REHSOS", "Bidang Rehabilitasi Sosial", "PEKERJA-SOSIAL"),
        _bidang("LINJAMSOS", "Bidang Perlindungan dan Jaminan Sosial", "PEKERJA-SOSIAL"),
        _bidang("DAYASOS", "Bidang Pemberdayaan Sosial", "PEKERJA-SOSIAL"),
    ], sekretariat=["PERENCANA"])),
    (PALANGKA, _opd("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", DINAS, [
        _bidang("DAFDUK", "Bidang Pelayanan Pendaftaran Penduduk", "ADMINDUK"),
        _bidang("CAPIL", "Bidang Pelayanan Pencatatan Sipil", "ADMINDUK"),
        _bidang("PIAK", "Bidang Pengelolaan Informasi Administrasi Kependudukan", "ADMINDUK",
                "PRAKOM"),
    ], sekretariat=["ARSIPARIS"])),
    (PAHANDUT, _opd("SATPOLPP", "Satuan Polisi Pamong Praja", "JPT.KASATPOL", [
        _bidang("GAKDA", "Bidang Penegakan Peraturan Daerah", "POLPP", "POLPP-T"),
        _bidang("TIBUM", "Bidang Ketertiban Umum dan Ketenteraman Masyarakat", "POLPP-T"),
        _bidang("LINMAS", "Bidang Perlindungan Masyarakat", "POLPP-T"),
    ], sekretariat=["POLPP-T"])),
]
# fmt: on


@dataclass
class PlannedUnit:
    """A created unit and what the staffing plan needs to know about it."""

    unit: OrgUnit
    # opd, asisten, sekretariat, subbagian, bidang, upt, sd, smp, puskesmas, kecamatan, kelurahan
    role: str
    head: str  # position code of the head (fixed post)
    district_code: str  # kecamatan code where it stands
    remoteness: str
    tracks: tuple[str, ...] = ()


@dataclass
class DemoOrganisation:
    agency: Agency
    units: list[PlannedUnit]

    def opd(self, code: str) -> OrgUnit:
        return next(p.unit for p in self.units if p.unit.code == code)


class _TreeBuilder:
    """Collects units parent-first, then inserts them depth by depth and sets path/opd."""

    def __init__(self, agency: Agency, regions: DemoRegions) -> None:
        self.agency, self.regions = agency, regions
        self.planned: list[tuple[PlannedUnit, PlannedUnit | None]] = []

    def add(self, parent, code, name, kind, region, role, head, tracks=(), **attributes):
        district = self.regions.district_in(region)
        unit = OrgUnit(agency=self.agency, code=code, name=name, kind=kind, region=region)
        unit.attributes, unit.path = attributes, ""
        plan = PlannedUnit(unit, role, head, district.code, district.remoteness, tuple(tracks))
        self.planned.append((plan, parent))
        return plan

    def add_tree(self, parent, node: Node, prefix: str, region: Region) -> None:
        code = f"{prefix}.{node.code}" if prefix else node.code
        kind = U.OPD if parent is None else U.SUB_UNIT
        plan = self.add(parent, code, node.name, kind, region, node.role, node.head, node.tracks)
        for child in node.children:
            self.add_tree(plan, child, code, region)

    def save(self) -> list[PlannedUnit]:
        """bulk_create level by level (parents need a pk), then paths, then history rows."""
        pending = list(self.planned)
        while pending:
            ready = [(p, parent) for p, parent in pending if parent is None or parent.unit.pk]
            for plan, parent in ready:
                plan.unit.parent = parent.unit if parent else None
            OrgUnit.unscoped.bulk_create([p.unit for p, _ in ready])
            for plan, _ in ready:
                assign_tree_fields(plan.unit)
            OrgUnit.unscoped.bulk_update([p.unit for p, _ in ready], TREE_FIELDS)
            pending = [item for item in pending if not item[0].unit.pk]
        units = [p for p, _ in self.planned]
        history = get_history_manager_for_model(OrgUnit)
        history.bulk_history_create([p.unit for p in units], default_change_reason="demo data")
        return units


def _smp_counts() -> dict[str, int]:
    with open(DATA_DIR / "facilities.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["facility_type"] == "SMP"]
    return {r["code"]: int(r["count_negeri"]) for r in rows}


def _slug(name: str) -> str:
    return name.upper().replace(" ", "-")


def _schools(tree: _TreeBuilder, disdik: PlannedUnit, regions: DemoRegions) -> None:
    rng = random.Random("formasi-demo-schools")  # the structure does not depend on the seed

    def school(code: str, name: str, kel: Region, level: str, rombel: int) -> None:
        pupils = rombel * rng.randint(*PUPILS_PER_ROMBEL[kel.remoteness])
        head = "JF.KEPSEK.AHLI-MUDA" if level == "SD" else "JF.KEPSEK.AHLI-MADYA"
        tree.add(disdik, code, name, U.SCHOOL, kel, level.lower(), head,
                 jenjang=level, rombel=rombel, peserta_didik=pupils)  # fmt: skip

    kelurahan = {k.code: regions.kelurahan_of(k.code) for k in regions.districts}
    population = {code: float(p) for code, p in regions.population_2024.items()}
    sd_counts = largest_remainder(SD_TOTAL, population)  # then at least one per kelurahan
    sd_counts = {code: max(n, len(kelurahan[code])) for code, n in sd_counts.items()}
    smp_counts = _smp_counts()
    smp_number = 0
    for kec in regions.districts:
        kels, klass = kelurahan[kec.code], kec.remoteness
        # SD: one per kelurahan first, the rest round-robin, numbered per kelurahan.
        per_kel = dict.fromkeys((k.code for k in kels), 0)
        for i in range(sd_counts[kec.code]):
            kel = kels[i % len(kels)]
            per_kel[kel.code] += 1
            n, rombel = per_kel[kel.code], rng.choice(SD_ROMBEL[klass])
            school(
                f"DISDIK.SDN.{_slug(kel.name)}-{n}", f"SD Negeri {n} {kel.name}", kel, "SD", rombel
            )
        # SMP: numbered across the city.
        for i in range(smp_counts[kec.code]):
            smp_number += 1
            code, name = f"DISDIK.SMPN.{smp_number:02d}", f"SMP Negeri {smp_number} Palangka Raya"
            school(code, name, kels[i % len(kels)], "SMP", rng.choice(SMP_ROMBEL[klass]))


def _puskesmas(tree: _TreeBuilder, dinkes: PlannedUnit, regions: DemoRegions) -> None:
    for kec_code, name, kel_code, inpatient in PUSKESMAS:
        kind = regions.by_code[kec_code].remoteness  # Permenkes 43/2019 kriteria wilayah
        code, kel = f"DINKES.PKM.{_slug(name)}", regions.by_code[kel_code]
        tree.add(dinkes, code, f"Puskesmas {name}", U.PUSKESMAS, kel, "puskesmas",
                 "PENGAWAS.KAPUS", puskesmas_type=kind, rawat_inap=inpatient)  # fmt: skip


def _districts(tree: _TreeBuilder, regions: DemoRegions) -> None:
    for kec in regions.districts:
        code = f"KEC.{KEC_SLUG[kec.code]}"
        office = tree.add(None, code, f"Kecamatan {kec.name}", U.DISTRICT_OFFICE, kec,
                          "kecamatan", "ADM.CAMAT")  # fmt: skip
        for kel in regions.kelurahan_of(kec.code):
            tree.add(office, f"{code}.KEL.{_slug(kel.name)}", f"Kelurahan {kel.name}",
                     U.VILLAGE_OFFICE, kel, "kelurahan", "PENGAWAS.LURAH")  # fmt: skip


def build_agency(regions: DemoRegions) -> Agency:
    agency = Agency.unscoped.create(
        code="62.71", name="Pemerintah Kota Palangka Raya", kind=Agency.Kind.CITY,
        region=regions.city,
    )  # fmt: skip
    # APBD 2025, demo estimate: personnel spending net of the TKD teacher allowances a little
    # above the 30 % cap of UU 1/2022 Pasal 146 (31.5 %), as in many kota.
    AgencyBudget.objects.create(
        agency=agency, year=2025, source="demo estimate",
        total_spending=Decimal("1520000000000.00"),
        personnel_spending=Decimal("576800000000.00"),
        teacher_allowance_tkd=Decimal("98000000000.00"),
    )  # fmt: skip
    return agency


def build_organisation(agency: Agency, regions: DemoRegions) -> DemoOrganisation:
    tree = _TreeBuilder(agency, regions)
    for office, node in OPDS:
        tree.add_tree(None, node, "", regions.by_code[office])
    opds = {plan.unit.code: plan for plan, parent in tree.planned if parent is None}
    _schools(tree, opds["DISDIK"], regions)
    _puskesmas(tree, opds["DINKES"], regions)
    _districts(tree, regions)
    return DemoOrganisation(agency, tree.save())
