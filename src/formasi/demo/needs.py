"""The need side of the demo peta jabatan: what every puskesmas, school and kantor
kecamatan/kelurahan of Kota Palangka Raya should have, computed by the methods Formasi offers.

``load_needs(agency, seed=...)`` runs after the employees exist and writes ``PositionNeed``
rows (with ``AbkTask`` rows for ABK needs) in a few bulk inserts; ``plan_needs`` computes the
same rows without saving them.

Puskesmas (Dinas Kesehatan), source ``standard``
    Permenkes 75/2014 Lampiran, the column for the puskesmas's setting (its kecamatan's
    remoteness: perkotaan, perdesaan, terpencil) and rawat inap (``formasi.domain.standards.
    puskesmas_need``). Each jenis tenaga goes to the demo's tracks (``JENIS_TRACKS``): perawat
    to Perawat (ahli) and Perawat (terampil), and so on, in the ratios the staffing plan uses
    (``staffing._puskesmas_weights``), so need and bezetting are comparable track by track.
    Within a track the need is spread over the track's jenjang positions as the unit's own
    staff of that track are spread (with the city's spread as a small prior, and alone where
    the unit has nobody of the track): the jenjang of a JF follows its holder's career, so a
    need put on one entry jenjang would show every senior nurse as "excess" and every missing
    junior as "short", noise that hides the real gap. Both splits use the largest-remainder
    method, so a puskesmas's needs add up exactly to the printed column total (22/31, 19/27,
    19/27). The same jenjang rule serves the teachers below.

    WISN (source ``wisn``): in every puskesmas the perawat and bidan needs are computed with
    the WHO WISN method (``formasi.domain.wisn``) instead of the table, from **demo** yearly
    workloads for the puskesmas's catchment (its kecamatan's residents shared among the
    kecamatan's puskesmas; utilisation rates and activity standards in ``demo.health``).
    The Permenkes column stays the floor: where WISN gives less (Rakumpit's 3,000
    residents), the need is the minimum (the exact WISN figure is kept in ``exact``).

Schools (Dinas Pendidikan), source ``standard``
    SD: guru kelas = rombel (``guru_kelas_sd``); guru agama and guru PJOK as guru mata
    pelajaran, each 4 JP × rombel ÷ 24 rounded, and at least one of each
    (``sd_minimum_specialists``; 4 JP a week is the Kurikulum Merdeka SD allocation of both,
    the same demo approximation as below). SMP: guru mata pelajaran = Σ weekly JP per rombel
    × rombel ÷ 24 (``guru_mapel``, Permendikbud 15/2018) with the weekly JP of the Kurikulum
    Merdeka SMP structure in ``SMP_JP`` (intrakurikuler plus the projek share, 39 JP a week;
    a **demo approximation** of the Permendikbudristek 12/2024 Lampiran table, muatan lokal
    left out), rounded to the nearest person; guru BK = students ÷ 150 (``guru_bk``).

Kantor kecamatan and kelurahan, source ``abk``
    A task list (uraian tugas, satuan hasil, beban kerja a year, norma waktu in minutes) for
    the five pelaksana positions the offices employ: pengadministrasi perkantoran, operator
    layanan operasional, penelaah teknis kebijakan, pengelola layanan operasional and
    pengelola umum operasional. Volumes have a fixed part (reports, meetings, the office
    itself) and a part proportional to the population: the kecamatan's 2024 estimate in
    ``RegionPopulation``, and for a kelurahan that estimate divided by the number of its
    kelurahan (no kelurahan figures are published in the demo data). The fixed part
    dominates: every office has its floor of letters, archives, reports and upkeep whatever
    its size, so a kelurahan of Jekan Raya with a hundred times the residents of one in
    Rakumpit needs about a third more staff, not a hundred times more. Field tasks take longer
    in perdesaan (×1.15) and terpencil (×1.3) areas, where hamlets are far apart. Volumes vary
    by up to ±8 % with the seed. Need = Σ volume × norma ÷ the agency's effective minutes
    (PermenPAN-RB 1/2020: 75,000, the default) rounded by its rule (default nearest), the way
    ``planning.services.save_abk_tasks`` computes it (``formasi.domain.abk``). The JF of a kecamatan
    (analis kebijakan, Pol PP, arsiparis, pranata komputer) get no need here: their ABK runs
    per jenjang on their own butir kegiatan, so they show in the peta jabatan as people
    without a need.

Heads and fixed posts, source ``entered``
    One head per unit (kepala puskesmas, kepala sekolah, camat, lurah) and the posts the
    organisation gives every office (sekretaris camat and three kepala seksi; sekretaris
    kelurahan): need = the posts, as the SOTK sets them.

The rest of the peta jabatan, source ``entered``
    The OPD offices (sekretariat, bidang, UPT), the administration of schools and the JF of a
    kantor kecamatan (analis kebijakan, Pol PP, arsiparis, pranata komputer, whose ABK runs
    per jenjang on their own butir kegiatan) get the posts of the peta jabatan the city set:
    in the demo, the staff the unit would hold without the crowding (``staffing.CROWDING``)
    times ``POSTS_SHARE`` (0.95), varied by ±8 % per unit; structural posts one each.

The standards fix the facilities' needs whatever ``size``; the staffing plan scales with it.
At the default 6,500 the city tells its story: need and bezetting of the whole city are
within a few percent of each other (enough in total), while the shortage sits in Bukit Batu
and Rakumpit and the people beyond the need in Pahandut and Jekan Raya. At small sizes every
unit is short.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from simple_history.utils import get_history_manager_for_model

from formasi.demo import health
from formasi.demo.apportion import largest_remainder
from formasi.demo.positions import TRACKS, J
from formasi.demo.regions import known
from formasi.demo.staffing import CROWDING, EXTRA_POSTS
from formasi.domain import abk, standards
from formasi.organization.models import Agency, OrgUnit, Position, RegionPopulation
from formasi.workforce.models import Employee
from formasi.workload.models import AbkTask, PositionNeed
from formasi.workload.services import abk_basis, abk_result, settings_for

__all__ = ["ABK_POSITIONS", "JENIS_TRACKS", "NeedPlan", "NeedsSummary", "load_needs", "plan_needs"]

U, SOURCE = OrgUnit.Kind, PositionNeed.Source
ROUNDING = "nearest"  # standards and WISN; ABK follows the agency's WorkloadSettings
HEAD_BASIS = "Struktur organisasi (Perwali SOTK): {posts}"

# Jenis tenaga of the Permenkes table -> {track: weight}, the ratios of the staffing plan.
# fmt: off
JENIS_TRACKS: dict[str, dict[str, float]] = {
    "dokter": {"DOKTER": 1},
    "dokter_gigi": {"DOKTER-GIGI": 1},
    "perawat": {"PERAWAT": 0.35, "PERAWAT-T": 0.65},
    "bidan": {"BIDAN": 0.3, "BIDAN-T": 0.7},
    "kesmas": {"PENYULUH-KESMAS": 1},
    "kesling": {"SANITARIAN": 0.4, "SANITARIAN-T": 0.6},
    "atlm": {"PLK": 0.3, "PLK-T": 0.7},
    "gizi": {"NUTRISIONIS": 0.5, "NUTRISIONIS-T": 0.5},
    "farmasi": {"APOTEKER": 1, "ASISTEN-APOTEKER": 2},
    "administrasi": {"PENGADMINISTRASI": 0.5, "OPERATOR": 0.3, "PENATA-LAYANAN": 0.2},
    "pekarya": {"PENGELOLA-UMUM": 1},
}
# fmt: on
PERMENKES_BASIS = "Permenkes 75/2014 Lampiran: puskesmas {setting}, {inpatient}"

WISN_BASIS = (
    "WISN (WHO 2010), demo workloads for {catchment} residents: {jenis} {exact:.2f}, "
    "AWT {awt:g} h, CAS 13 %; not below the Permenkes 75/2014 minimum of {minimum}"
)

# SMP: weekly JP per rombel of the Kurikulum Merdeka structure (intrakurikuler + projek share),
# a demo approximation of the Permendikbudristek 12/2024 Lampiran; muatan lokal left out.
SMP_JP: dict[str, int] = {
    "Pendidikan Agama dan Budi Pekerti": 3,
    "Pendidikan Pancasila": 3,
    "Bahasa Indonesia": 6,
    "Matematika": 5,
    "IPA": 5,
    "IPS": 4,
    "Bahasa Inggris": 4,
    "PJOK": 3,
    "Informatika": 3,
    "Seni dan Prakarya": 3,
}
SD_GURU_KELAS_BASIS = "Guru kelas SD = rombel ({rombel}); Juknis Penataan Guru PNS 2011"
# SD: weekly JP per rombel of agama and PJOK (Kurikulum Merdeka, intrakurikuler + projek share;
# a demo approximation as SMP_JP), taught by guru mata pelajaran, at least one of each.
SD_JP = {"agama": 4, "pjok": 4}
SD_GURU_MAPEL_BASIS = (
    "SD: guru agama and guru PJOK, 4 JP × {rombel} rombel ÷ 24 each, at least 1 each; "
    "Juknis Penataan Guru PNS 2011"
)
SMP_GURU_MAPEL_BASIS = (
    "Σ JP ({jp} JP/minggu, Kurikulum Merdeka, demo approximation) × {rombel} rombel ÷ 24 "
    "(Permendikbud 15/2018)"
)
SMP_GURU_BK_BASIS = "Guru BK = {students} peserta didik ÷ 150; Juknis Penataan Guru PNS 2011"

# Units and positions with no computed need (OPD offices, school administration, the JF of a
# kantor kecamatan): the posts of the peta jabatan the city set, as a share of the staff a
# unit would hold without the crowding, varied per unit.
POSTS_SHARE, POSTS_JITTER = 0.95, 0.08
POSTS_BASIS = "Peta jabatan yang ditetapkan (Perwali), demo: {n} jabatan di unit ini"
TRACK_OF = {t.position_code(j): t for t in TRACKS.values() for j in (t.jenjang or ("",))}

# Weight of the city's jenjang spread beside a unit's own staff when splitting a JF need.
JENJANG_PRIOR = 0.5

# Field tasks take longer away from the centre (travel between hamlets).
FIELD_FACTOR = {"perkotaan": 1.0, "perdesaan": 1.15, "terpencil": 1.3}


@dataclass(frozen=True)
class TaskSpec:
    """One uraian tugas: volume a year = fixed + per_1000 × population ÷ 1,000."""

    description: str
    output_unit: str
    fixed: float
    per_1000: float
    norm_minutes: float
    field: bool = False


def _t(
    description: str,
    output_unit: str,
    fixed: float,
    per_1000: float,
    norm: float,
    field: bool = False,
) -> TaskSpec:
    return TaskSpec(description, output_unit, fixed, per_1000, norm, field)


# fmt: off
KELURAHAN_TASKS: dict[str, list[TaskSpec]] = {
    "PENGADMINISTRASI": [
        _t("Mengagendakan dan mendistribusikan surat masuk dan surat keluar", "surat",
           3_000, 40, 15),
        _t("Mengetik konsep surat dan naskah dinas kelurahan", "naskah", 2_600, 15, 35),
        _t("Menata dan mengarsipkan dokumen dan berkas pelayanan", "berkas", 3_500, 30, 15),
        _t("Menyiapkan administrasi rapat dan kegiatan kelurahan", "kegiatan", 200, 0, 240),
        _t("Menyusun laporan bulanan administrasi kelurahan", "laporan", 12, 0, 600),
    ],
    "OPERATOR": [
        _t("Melayani permohonan surat pengantar dan surat keterangan (domisili, tidak mampu, "
           "usaha)", "surat", 2_500, 25, 25),
        _t("Menginput data layanan dan kependudukan ke aplikasi", "data", 4_000, 30, 8),
        _t("Memverifikasi kelengkapan berkas permohonan layanan", "berkas", 1_800, 10, 15),
        _t("Melayani informasi dan pengaduan di loket pelayanan", "orang", 3_000, 10, 20),
        _t("Menyusun rekapitulasi layanan harian", "rekap", 235, 0, 45),
    ],
    "PENGELOLA-LAYANAN": [
        _t("Memutakhirkan data keluarga penerima bantuan sosial (DTKS)", "keluarga",
           900, 15, 40, field=True),
        _t("Memfasilitasi kegiatan pemberdayaan masyarakat (posyandu, PKK, karang taruna)",
           "kegiatan", 200, 1, 300, field=True),
        _t("Menyiapkan bahan musyawarah perencanaan pembangunan kelurahan", "dokumen",
           12, 0, 1_800),
        _t("Memutakhirkan data monografi dan profil kelurahan", "dokumen", 12, 0, 1_200),
        _t("Menyusun laporan kinerja kelurahan", "laporan", 4, 0, 2_400),
    ],
    "PENELAAH": [
        _t("Menelaah permohonan rekomendasi perizinan dan non-perizinan", "berkas",
           300, 4, 90),
        _t("Menyusun telaahan staf bagi lurah", "telaahan", 80, 0.3, 360),
        _t("Menyiapkan bahan rapat koordinasi kelurahan", "bahan rapat", 60, 0, 300),
        _t("Menganalisis data pelayanan dan menyusun usulan perbaikan", "dokumen", 12, 0, 720),
    ],
    "PENGELOLA-UMUM": [
        _t("Membersihkan dan menjaga keamanan kantor kelurahan", "hari kerja", 235, 0, 300),
        _t("Mengantar surat dan undangan ke ketua RT/RW", "surat", 1_200, 25, 30, field=True),
        _t("Memelihara sarana dan prasarana kantor", "kegiatan", 150, 1, 180),
        _t("Menyiapkan ruang dan perlengkapan rapat dan pelayanan", "kegiatan", 200, 0, 60),
    ],
}

DISTRICT_TASKS: dict[str, list[TaskSpec]] = {
    "PENGADMINISTRASI": [
        _t("Mengagendakan dan mendistribusikan surat masuk dan surat keluar", "surat",
           6_000, 20, 15),
        _t("Mengetik konsep surat dan naskah dinas kecamatan", "naskah", 4_000, 8, 35),
        _t("Mengelola administrasi kepegawaian dan keuangan kantor", "dokumen", 3_500, 0, 40),
        _t("Menata dan mengarsipkan dokumen kecamatan", "berkas", 6_000, 15, 15),
        _t("Menyusun laporan bulanan dan triwulanan kecamatan", "laporan", 16, 0, 1_800),
    ],
    "OPERATOR": [
        _t("Melayani permohonan PATEN (rekomendasi, legalisasi, dispensasi nikah)", "berkas",
           4_000, 8, 30),
        _t("Menginput data layanan PATEN ke aplikasi", "data", 6_000, 12, 10),
        _t("Memverifikasi berkas permohonan dari kelurahan", "berkas", 3_000, 8, 15),
        _t("Melayani informasi dan pengaduan di loket PATEN", "orang", 3_000, 2, 20),
        _t("Menyusun rekapitulasi layanan dan indeks kepuasan masyarakat", "rekap", 250, 0, 60),
    ],
    "PENGELOLA-LAYANAN": [
        _t("Mengoordinasikan pelayanan kelurahan dan memantau standar pelayanan", "kegiatan",
           240, 0.5, 300, field=True),
        _t("Memfasilitasi musyawarah perencanaan pembangunan kecamatan", "kegiatan",
           10, 0, 2_400),
        _t("Mengelola pengaduan masyarakat", "pengaduan", 400, 2, 90),
        _t("Mengelola data pembangunan dan sarana prasarana kecamatan", "dokumen", 24, 0, 1_800),
        _t("Menyusun laporan kinerja kecamatan", "laporan", 12, 0, 2_400),
    ],
    "PENELAAH": [
        _t("Menelaah permohonan rekomendasi perizinan dan non-perizinan", "berkas",
           900, 3, 90),
        _t("Menyusun telaahan staf dan bahan kebijakan bagi camat", "telaahan", 150, 0.2, 360),
        _t("Memantau dan mengevaluasi penyelenggaraan pemerintahan kelurahan", "kegiatan",
           120, 0, 480, field=True),
        _t("Menyiapkan bahan rapat koordinasi pimpinan kecamatan", "bahan rapat", 36, 0, 300),
    ],
    "PENGELOLA-UMUM": [
        _t("Membersihkan dan menjaga keamanan kantor kecamatan", "hari jaga", 470, 0, 300),
        _t("Mengantar surat dan undangan ke kelurahan dan instansi", "surat", 2_000, 10, 40,
           field=True),
        _t("Memelihara sarana, prasarana dan kendaraan dinas", "kegiatan", 300, 0.5, 180),
        _t("Menyiapkan ruang dan perlengkapan rapat dan upacara", "kegiatan", 300, 0, 60),
    ],
}
# fmt: on
ABK_POSITIONS = tuple(f"PL.{track}" for track in KELURAHAN_TASKS)


@dataclass
class NeedsSummary:
    """What ``load_needs`` created."""

    needs: int = 0
    tasks: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    need_total: int = 0


class _Builder:
    """Collects the needs of every unit; positions are by code, need per (unit, position)."""

    def __init__(self, agency: Agency, positions: Mapping[str, Position], seed: int) -> None:
        self.agency, self.positions = agency, positions
        self.rng = random.Random(f"formasi-demo-needs-{seed}")
        self.needs: dict[tuple[int, str], PositionNeed] = {}
        self.tasks: list[tuple[PositionNeed, list[AbkTask]]] = []
        self.by_unit, self.city = self._people()
        self.settings = settings_for(agency)
        self.abk_basis = abk_basis(self.settings)

    def _people(self) -> tuple[dict[int, Counter[str]], Counter[str]]:
        """Active staff per position code: by unit id, and city-wide."""
        rows = (
            Employee.unscoped.filter(agency=self.agency, active=True)
            .values_list("unit_id", "position__code")
            .annotate(n=Count("id"))
            .order_by()
        )
        by_unit: dict[int, Counter[str]] = defaultdict(Counter)
        city: Counter[str] = Counter()
        for unit_id, code, n in rows:
            by_unit[unit_id][code] += n
            city[code] += n
        return by_unit, city

    def jenjang_weights(self, unit: OrgUnit, track: str) -> dict[str, float]:
        """How a track's need in a unit spreads over its jenjang: like the unit's staff of
        that track, with the city's spread as a small prior (all of it where nobody is)."""
        t = TRACKS[track]
        codes = [t.position_code(j) for j in t.jenjang]
        city_total = sum(self.city[c] for c in codes)
        if city_total:
            prior = {c: JENJANG_PRIOR * self.city[c] / city_total for c in codes}
        else:  # nobody in the city yet: the entry jenjang
            entry = next(j for j in t.jenjang if j != J.PEMULA)
            prior = {t.position_code(entry): JENJANG_PRIOR}
        here = self.by_unit.get(unit.pk, Counter())
        weights = {c: here[c] + prior.get(c, 0.0) for c in codes}
        return {c: w for c, w in weights.items() if w > 0}

    def add(
        self, unit: OrgUnit, code: str, count: int, source: str, basis: str, exact: float | None
    ) -> PositionNeed:
        key = (unit.pk, code)
        need = self.needs.get(key)
        if need is None:
            need = PositionNeed(
                agency=self.agency,
                unit=unit,
                position=self.positions[code],
                source=source,
                exact=Decimal(0),
                count=0,
                basis=basis[:255],
            )
            self.needs[key] = need
        need.count += count
        need.exact += Decimal(str(round(count if exact is None else exact, 4)))
        return need

    def add_track(
        self, unit: OrgUnit, track: str, count: int, source: str, basis: str
    ) -> list[tuple[PositionNeed, int]]:
        """``count`` persons of a track: pelaksana as they are, JF spread over the jenjang.
        Returns the needs added to, with how many each got."""
        if count <= 0:
            return []
        t = TRACKS[track]
        if t.is_pelaksana:
            split = {t.position_code(): count}
        else:
            split = largest_remainder(count, self.jenjang_weights(unit, track))
        return [(self.add(unit, code, n, source, basis, None), n) for code, n in split.items() if n]

    def add_tracks(
        self, unit: OrgUnit, weights: Mapping[str, float], count: int, source: str, basis: str
    ) -> None:
        for track, n in largest_remainder(count, weights).items():
            self.add_track(unit, track, n, source, basis)

    # --------------------------------------------------------------------- puskesmas

    def puskesmas(self, unit: OrgUnit, catchment: float) -> None:
        setting = unit.attributes.get("puskesmas_type") or unit.region.remoteness
        inpatient = bool(unit.attributes.get("rawat_inap"))
        label = "rawat inap" if inpatient else "non rawat inap"
        basis = PERMENKES_BASIS.format(setting=setting, inpatient=label)
        table = standards.puskesmas_need(setting, inpatient)
        for jenis, count in table.items():
            if jenis in health.WISN_SERVICES:
                self.wisn(unit, jenis, catchment, inpatient, minimum=count)
            else:
                self.add_tracks(unit, JENIS_TRACKS[jenis], count, SOURCE.STANDARD, basis)

    def wisn(
        self, unit: OrgUnit, jenis: str, catchment: float, inpatient: bool, *, minimum: int
    ) -> None:
        exact = health.wisn_need(jenis, catchment, inpatient)
        count = max(abk.round_staff(exact, ROUNDING), minimum)  # the Permenkes table: the floor
        basis = WISN_BASIS.format(
            catchment=f"{catchment:,.0f}".replace(",", "."),
            jenis=jenis,
            exact=exact,
            awt=health.WISN_AWT,
            minimum=minimum,
        )
        for track, n in largest_remainder(count, JENIS_TRACKS[jenis]).items():
            for need, added in self.add_track(unit, track, n, SOURCE.WISN, basis):
                # The exact fraction, shared out like the whole persons.
                need.exact = Decimal(str(round(exact * added / count, 4)))

    # --------------------------------------------------------------------- schools

    def school(self, unit: OrgUnit) -> None:
        rombel = int(unit.attributes.get("rombel") or 0)
        S = SOURCE.STANDARD
        if unit.attributes.get("jenjang") == "SD":
            basis = SD_GURU_KELAS_BASIS.format(rombel=rombel)
            self.add_track(unit, "GURU-KELAS", standards.guru_kelas_sd(rombel), S, basis)
            minimum = standards.sd_minimum_specialists()  # at least one of each
            subjects = {"guru_agama": SD_JP["agama"], "guru_pjok": SD_JP["pjok"]}
            count = sum(
                max(minimum[key], abk.round_staff(standards.guru_mapel(jp, rombel), ROUNDING))
                for key, jp in subjects.items()
            )
            basis = SD_GURU_MAPEL_BASIS.format(rombel=rombel)
            self.add_track(unit, "GURU-MAPEL", count, S, basis)
            return
        jp = sum(SMP_JP.values())
        exact = standards.guru_mapel(SMP_JP, rombel)
        basis = SMP_GURU_MAPEL_BASIS.format(jp=jp, rombel=rombel)
        self.add_track(unit, "GURU-MAPEL", abk.round_staff(exact, ROUNDING), S, basis)
        students = int(unit.attributes.get("peserta_didik") or 0)
        bk = standards.guru_bk(students)
        basis = SMP_GURU_BK_BASIS.format(students=students)
        self.add_track(unit, "GURU-BK", abk.round_staff(bk, ROUNDING), S, basis)

    # --------------------------------------------------------------------- offices

    def office(self, unit: OrgUnit, specs: Mapping[str, list[TaskSpec]], population: float) -> None:
        factor = FIELD_FACTOR.get(unit.region.remoteness, 1.0)
        for track, task_specs in specs.items():
            rows = []
            for order, spec in enumerate(task_specs):
                jitter = 1 + self.rng.uniform(-0.08, 0.08)
                volume = round((spec.fixed + spec.per_1000 * population / 1000) * jitter)
                norm = round(spec.norm_minutes * (factor if spec.field else 1.0))
                rows.append(
                    AbkTask(
                        order=order,
                        description=spec.description,
                        output_unit=spec.output_unit,
                        volume=Decimal(max(volume, 1)),
                        norm_minutes=Decimal(norm),
                    )
                )
            result = abk_result([t.as_task() for t in rows], 0, self.settings)
            need = self.add(unit, f"PL.{track}", 0, SOURCE.ABK, self.abk_basis, 0.0)
            need.count, need.exact = result.count, Decimal(str(round(result.exact, 4)))
            self.tasks.append((need, rows))

    def posts(self, unit: OrgUnit, crowd: float, *, skip_family: str = "") -> None:
        """The rest of the unit's peta jabatan, source ``entered``: the staff of every track
        (but ``skip_family``, and positions that already have a need) without the
        crowding, times a share a little under one, varied per unit; structural posts one
        each. The city's own Anjab would give these; the demo sets them so that the OPD
        offices of the centre hold slightly more people than posts."""
        here = self.by_unit.get(unit.pk, Counter())
        tracks: Counter[str] = Counter()
        for code, n in here.items():
            if (unit.pk, code) in self.needs:
                continue
            track = TRACK_OF.get(code)
            if track is None:  # a structural post (head of the unit): one post
                self.add(unit, code, 1, SOURCE.ENTERED, POSTS_BASIS.format(n=1), None)
            elif track.family != skip_family:
                tracks[track.code] += n
        if not tracks:
            return
        jitter = 1 + self.rng.uniform(-POSTS_JITTER, POSTS_JITTER)
        total = round(sum(tracks.values()) / crowd * POSTS_SHARE * jitter)
        basis = POSTS_BASIS.format(n=total)
        for code, n in largest_remainder(total, dict(tracks)).items():
            self.add_track(unit, code, n, SOURCE.ENTERED, basis)

    def heads(self, unit: OrgUnit, posts: Iterable[str]) -> None:
        counts = Counter(posts)
        for code, n in counts.items():
            names = f"{n} × {self.positions[code].name}"
            self.add(unit, code, n, SOURCE.ENTERED, HEAD_BASIS.format(posts=names), None)


def _populations(agency: Agency) -> dict[str, int]:
    """Latest population by region code (the kecamatan estimates of the demo)."""
    rows = RegionPopulation.objects.filter(region__code__startswith=agency.region.code).values_list(
        "region__code", "year", "population"
    )
    latest: dict[str, tuple[int, int]] = {}
    for code, year, population in rows:
        if code not in latest or year > latest[code][0]:
            latest[code] = (year, population)
    return {code: population for code, (_year, population) in latest.items()}


@dataclass
class NeedPlan:
    """Unsaved needs and, for the ABK ones, their task lists (``AbkTask.need`` unset)."""

    needs: list[PositionNeed]
    tasks: list[tuple[PositionNeed, list[AbkTask]]]


def plan_needs(agency: Agency, *, seed: int) -> NeedPlan:
    """The needs of every puskesmas, school and kantor kecamatan/kelurahan, not yet saved.
    Reads the units, positions, employees and populations; writes nothing."""
    positions = {p.code: p for p in Position.unscoped.filter(agency=agency)}
    builder = _Builder(agency, positions, seed)
    units = list(
        OrgUnit.unscoped.filter(agency=agency).select_related("region", "district").order_by("path")
    )
    populations = _populations(agency)
    catchments = health.catchments(
        {u.code: known(u.district, "district").code for u in units if u.kind == U.PUSKESMAS},
        populations,
    )
    kelurahan_count: Counter[int | None] = Counter(
        u.parent_id for u in units if u.kind == U.VILLAGE_OFFICE
    )
    by_pk = {u.pk: u for u in units}
    for unit in units:
        if unit.kind == U.PUSKESMAS:
            builder.heads(unit, ["PENGAWAS.KAPUS"])
            builder.puskesmas(unit, catchments[unit.code])
        elif unit.kind == U.SCHOOL:
            level = unit.attributes.get("jenjang")
            builder.heads(
                unit, ["JF.KEPSEK.AHLI-MUDA" if level == "SD" else "JF.KEPSEK.AHLI-MADYA"]
            )
            builder.school(unit)
            builder.posts(unit, CROWDING[known(unit.district, "district").code], skip_family="guru")
        elif unit.kind == U.DISTRICT_OFFICE:
            builder.heads(unit, ["ADM.CAMAT", *EXTRA_POSTS["kecamatan"]])
            builder.office(unit, DISTRICT_TASKS, populations.get(unit.region.code, 0))
            builder.posts(unit, CROWDING[known(unit.district, "district").code])
        elif unit.kind in (U.OPD, U.SUB_UNIT):
            builder.posts(unit, 1.0)
        else:
            builder.heads(unit, ["PENGAWAS.LURAH", *EXTRA_POSTS["kelurahan"]])
            district_office = by_pk[known(unit.parent_id, "parent of a kelurahan office")]
            share = (
                populations.get(district_office.region.code, 0)
                / kelurahan_count[district_office.pk]
            )
            builder.office(unit, KELURAHAN_TASKS, share)
    needs = [n for n in builder.needs.values() if n.count > 0 or n.source == SOURCE.ABK]
    return NeedPlan(needs=needs, tasks=builder.tasks)


def load_needs(agency: Agency, *, seed: int) -> NeedsSummary:
    """Create the needs of every puskesmas, school and kantor kecamatan/kelurahan (with the
    ABK task lists and "demo data" history rows) in a few bulk inserts."""
    plan = plan_needs(agency, seed=seed)
    needs = plan.needs
    PositionNeed.unscoped.bulk_create(needs)
    tasks = []
    for need, rows in plan.tasks:
        for row in rows:
            row.need = need
            tasks.append(row)
    AbkTask.objects.bulk_create(tasks)
    get_history_manager_for_model(PositionNeed).bulk_history_create(
        needs, default_change_reason="demo data"
    )
    get_history_manager_for_model(AbkTask).bulk_history_create(
        tasks, default_change_reason="demo data"
    )
    by_source: dict[str, int] = defaultdict(int)
    for need in needs:
        by_source[need.source] += need.count
    return NeedsSummary(
        needs=len(needs),
        tasks=len(tasks),
        by_source=dict(by_source),
        need_total=sum(n.count for n in needs),
    )
