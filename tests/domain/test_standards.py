"""Staffing norms and calculators (pure domain: no database, no Django).

Every "published" number below is quoted from the source named next to it; numbers we worked
out ourselves are marked "hand-computed".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.standards import (
    BK_STUDENTS_MAX,
    BK_STUDENTS_MIN,
    JENIS_TENAGA,
    NORMS,
    PUSKESMAS_MINIMUM,
    PUSKESMAS_SETTINGS,
    ROMBEL_MAXIMA,
    ROMBEL_PER_SCHOOL_MAXIMA,
    Norm,
    RatioNorm,
    guru_bk,
    guru_kelas_sd,
    guru_mapel,
    puskesmas_need,
    ratio_need,
    rombel_needed,
    sd_minimum_specialists,
)

# --- Puskesmas (Permenkes 75/2014 Lampiran) --------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "inpatient", "total"),
    [
        ("perkotaan", False, 22),
        ("perkotaan", True, 31),
        ("perdesaan", False, 19),
        ("perdesaan", True, 27),
        ("terpencil", False, 19),
        ("terpencil", True, 27),
    ],
)
def test_puskesmas_column_sums_equal_the_printed_totals(
    setting: str, inpatient: bool, total: int
) -> None:
    """The "Jumlah" row of the Permenkes 75/2014 table (DOMAIN §14.1), as printed in
    https://www.scribd.com/document/331243410/Standar-Ketenagaan-Puskesmas ."""
    assert sum(puskesmas_need(setting, inpatient).values()) == total


def test_puskesmas_table_has_every_column_and_the_11_jenis_tenaga() -> None:
    assert set(PUSKESMAS_MINIMUM.minimum) == {
        (setting, inpatient) for setting in PUSKESMAS_SETTINGS for inpatient in (False, True)
    }
    for column in PUSKESMAS_MINIMUM.minimum.values():
        assert list(column) == list(JENIS_TENAGA)
        assert all(count >= 1 for count in column.values())


@pytest.mark.parametrize(
    ("setting", "inpatient", "jenis", "count"),
    [
        ("perkotaan", True, "perawat", 8),
        ("perkotaan", False, "perawat", 5),
        ("perkotaan", True, "bidan", 7),
        ("perkotaan", True, "dokter", 2),
        ("perkotaan", False, "administrasi", 3),
        ("perkotaan", True, "farmasi", 2),
        ("perdesaan", True, "farmasi", 1),
        ("perdesaan", False, "kesmas", 1),
        ("perkotaan", False, "kesmas", 2),
        ("terpencil", True, "gizi", 2),
        ("terpencil", False, "pekarya", 1),
    ],
)
def test_puskesmas_cells_match_the_table(
    setting: str, inpatient: bool, jenis: str, count: int
) -> None:
    assert puskesmas_need(setting, inpatient)[jenis] == count


def test_sangat_terpencil_uses_the_terpencil_column() -> None:
    for inpatient in (False, True):
        assert puskesmas_need("sangat_terpencil", inpatient) == puskesmas_need(
            "terpencil", inpatient
        )


@pytest.mark.parametrize("setting", ["", "kota", "Perkotaan", "urban"])
def test_unknown_puskesmas_setting_raises_value_error(setting: str) -> None:
    with pytest.raises(ValueError, match="setting"):
        puskesmas_need(setting, inpatient=False)


def test_puskesmas_need_returns_a_copy_callers_may_change() -> None:
    need = puskesmas_need("perkotaan", True)
    need["perawat"] = 0
    assert puskesmas_need("perkotaan", True)["perawat"] == 8


def test_puskesmas_need_accepts_another_table() -> None:
    newer = replace(
        PUSKESMAS_MINIMUM,
        key="puskesmas_example",
        minimum=MappingProxyType({("perkotaan", False): MappingProxyType({"perawat": 6})}),
    )
    assert puskesmas_need("perkotaan", False, norm=newer) == {"perawat": 6}
    with pytest.raises(ValueError, match="setting"):
        puskesmas_need("perdesaan", False, norm=newer)


# --- Teachers: published examples -------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "sd", "rombel", "published_total"),
    [
        (2017, 233, 1398, 1864),
        (2018, 235, 1410, 1880),
        (2019, 241, 1446, 1928),
        (2020, 245, 1470, 1960),
        (2021, 253, 1518, 2024),
    ],
)
def test_kulon_progo_sd_teacher_projection(
    year: int, sd: int, rombel: int, published_total: int
) -> None:
    """Deti Setianingsih, "Proyeksi Kebutuhan Guru di SD Negeri Kabupaten Kulon Progo
    2017-2021" (UNY; data from Dinas Pendidikan Kulon Progo). Its conclusion: 2017 needs 1864
    guru = 1398 guru kelas + 233 guru PJOK + 233 guru PAI for 233 SD with 1398 rombel, and
    likewise for 2018-2021.
    https://text-id.123dok.com/document/wq201k0pz-saran-kesimpulan-dan-saran.html
    https://adoc.pub/proyeksi-kebutuhan-guru-di-sekolah-dasar-negeri-kabupaten-ku.html
    """
    specialists = sd_minimum_specialists(sd)
    assert guru_kelas_sd(rombel) == rombel
    assert specialists == {"guru_agama": sd, "guru_pjok": sd}
    assert guru_kelas_sd(rombel) + sum(specialists.values()) == published_total


def test_juknis_smp_abc_needs_12_rombel() -> None:
    """Juknis Penataan dan Pemerataan Guru PNS (2011), "Perhitungan Kebutuhan Guru SMP":
    SMP ABC has 110 pupils in grade 1, 100 in grade 2 and 120 in grade 3; with 32 pupils per
    rombel the rombel count, rounded up, is 12.
    https://id.scribd.com/doc/77215444/17/Perhitungan-Kebutuhan-Guru-SMP
    (Counting per grade matters: hand-computed, ceil(330 / 32) would give only 11.)
    """
    grades = (110, 100, 120)
    assert sum(rombel_needed(pupils, "smp") for pupils in grades) == 12
    assert rombel_needed(sum(grades), "smp") == 11


@pytest.mark.parametrize(
    ("students", "level", "published", "source"),
    [
        (
            150,
            "sd",
            6,
            "https://www.dapodik.co.id/2018/08/dapodik-versi-2019-jumlah-rombongan.html",
        ),
        (155, "sd", 6, "https://sinau-thewe.com/2019/11/jumlah-rombongan-belajar-berdasarkan.html"),
        (
            255,
            "smp",
            8,
            "https://sinau-thewe.com/2019/11/jumlah-rombongan-belajar-berdasarkan.html",
        ),
        (
            345,
            "smk",
            10,
            "https://sinau-thewe.com/2019/11/jumlah-rombongan-belajar-berdasarkan.html",
        ),
        (
            200,
            "smp",
            7,
            "https://cuntorio.blogspot.com/2018/08/jumlah-normal-rombongan-belajar.html",
        ),
    ],
)
def test_dapodik_rombel_examples(students: int, level: str, published: int, source: str) -> None:
    """Dapodik guidance examples (Permendikbud 22/2016 maxima SD 28, SMP 32, SMK 36, the same
    numbers as Permendikbudristek 47/2023): new pupils ÷ maximum, rounded up."""
    assert rombel_needed(students, level) == published, source


def test_guru_bk_jp_equivalents_from_candrawira() -> None:
    """A rombel of 25 pupils gives the guru BK 25/150 × 24 = 4 JP, one of 30 gives 4.8 JP
    (https://gurusaja.blogspot.com/2013/05/cara-menghitung-jumlah-jam-mengajar-jjm.html ,
    citing candrawira.com)."""
    assert guru_bk(25) * 24 == pytest.approx(4)
    assert guru_bk(30) * 24 == pytest.approx(4.8)


def test_guru_bk_national_estimate_from_abkin() -> None:
    """ABKIN to Komisi X DPR (9 Nov 2023): about 45 million pupils ÷ 150 = 300 thousand guru BK
    (https://www.medcom.id/pendidikan/news-pendidikan/GbmPwyoN-indonesia-kekurangan-242-ribu-guru-bk-di-sekolah)."""
    assert guru_bk(45_000_000) == 300_000


# --- Teachers: hand-computed checks ---------------------------------------------------------


def test_guru_mapel_domain_constructed_check() -> None:
    """Hand-computed (DOMAIN §14.2, "constructed check (ours)"): 9 rombel × 5 JP = 45 JP ÷ 24."""
    assert guru_mapel(5, 9) == 1.875


def test_guru_mapel_sums_the_parts_of_a_mapping() -> None:
    """Hand-computed: IPA as fisika 3 + biologi 2 JP in 12 rombel = 60 JP ÷ 24 = 2.5."""
    assert guru_mapel({"fisika": 3, "biologi": 2}, 12) == 2.5
    assert guru_mapel({}, 12) == 0


def test_guru_mapel_takes_another_teaching_load() -> None:
    """Hand-computed: 45 JP at a 40 JP maximum load = 1.125 teachers."""
    assert guru_mapel(5, 9, teaching_load=40) == 1.125


def test_guru_bk_accepts_both_ends_of_the_band() -> None:
    """Hand-computed: 450 pupils need 3 guru BK at 150 each, 2 at 225 each."""
    assert guru_bk(450) == 3
    assert guru_bk(450, ratio=BK_STUDENTS_MAX) == 2
    assert guru_bk(450, ratio=200) == 2.25


@pytest.mark.parametrize("ratio", [0, 149, 226, 1000])
def test_guru_bk_rejects_ratios_outside_150_to_225(ratio: int) -> None:
    with pytest.raises(ValueError, match="ratio"):
        guru_bk(300, ratio=ratio)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: guru_mapel(-1, 3), "jp_per_rombel"),
        (lambda: guru_mapel({"a": 2, "b": -1}, 3), "jp_per_rombel"),
        (lambda: guru_mapel(math.nan, 3), "jp_per_rombel"),
        (lambda: guru_mapel(2, -3), "rombel"),
        (lambda: guru_mapel(2, 3, teaching_load=0), "teaching_load"),
        (lambda: guru_kelas_sd(-1), "rombel"),
        (lambda: sd_minimum_specialists(-1), "schools"),
        (lambda: guru_bk(-1), "students"),
        (lambda: rombel_needed(-1, "sd"), "students"),
        (lambda: rombel_needed(10, "university"), "level"),
        (lambda: ratio_need(RatioNorm("k", "t", per=1000, staff=2), -5), "base"),
        (lambda: RatioNorm("k", "t", per=0, staff=2), "per"),
        (lambda: RatioNorm("k", "t", per=1000, staff=-2), "staff"),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(
    call: Callable[[], object], argument: str
) -> None:
    with pytest.raises(ValueError, match=argument):
        call()


def test_rombel_maxima_match_permendikbudristek_47_2023() -> None:
    """DOMAIN §14.2: SD 28, SMP 32, SMA/SMK 36, SDLB 5, SMPLB/SMALB 8, Paket A/B/C 20/25/30."""
    maxima = ROMBEL_MAXIMA.maxima
    assert (maxima["sd"], maxima["smp"], maxima["sma"], maxima["smk"]) == (28, 32, 36, 36)
    assert (maxima["paud_0_2"], maxima["paud_2_4"], maxima["paud_4_6"]) == (10, 12, 15)
    assert (maxima["sdlb"], maxima["smplb"], maxima["smalb"]) == (5, 8, 8)
    assert (maxima["paket_a"], maxima["paket_b"], maxima["paket_c"]) == (20, 25, 30)
    per_school = ROMBEL_PER_SCHOOL_MAXIMA.maxima
    assert (per_school["sd"], per_school["smp"], per_school["sma"], per_school["smk"]) == (
        24,
        33,
        36,
        72,
    )


def test_rombel_needed_uses_another_table() -> None:
    """Hand-computed: 100 SD pupils per rombel of at most 28 → 4; at most 20 → 5."""
    local = replace(ROMBEL_MAXIMA, key="local", maxima=MappingProxyType({"sd": 20}))
    assert rombel_needed(100, "sd") == 4
    assert rombel_needed(100, "sd", norm=local) == 5


def test_ratio_need_example() -> None:
    """Hand-computed: 2 staff per 1,000 residents, kelurahan of 12,500 → 25 staff."""
    norm = RatioNorm("kelurahan_staff", "Staff per 1,000 residents", per=1000, staff=2)
    assert ratio_need(norm, 12_500) == 25


# --- Registry --------------------------------------------------------------------------------


def test_registry_lists_norms_by_their_key_with_a_regulation_and_source() -> None:
    assert NORMS["puskesmas_minimum"] is PUSKESMAS_MINIMUM
    assert NORMS["rombel_max_students"] is ROMBEL_MAXIMA
    assert "Permenkes 75/2014" in PUSKESMAS_MINIMUM.regulation
    assert "47/2023" in ROMBEL_MAXIMA.regulation
    assert {"guru_teaching_load", "guru_kelas_sd", "sd_minimum_specialists", "guru_bk"} <= set(
        NORMS
    )
    for key, norm in NORMS.items():
        assert isinstance(norm, Norm)
        assert norm.key == key
        assert norm.title and norm.regulation
        assert norm.source_url.startswith("https://")


def test_norm_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        PUSKESMAS_MINIMUM.minimum["perkotaan", True]["perawat"] = 0  # type: ignore[index]
    with pytest.raises(TypeError):
        ROMBEL_MAXIMA.maxima["sd"] = 40  # type: ignore[index]
    with pytest.raises(TypeError):
        NORMS["x"] = PUSKESMAS_MINIMUM  # type: ignore[index]


# --- Properties ------------------------------------------------------------------------------

jp = st.integers(min_value=0, max_value=60)
rombels = st.integers(min_value=0, max_value=200)
students = st.integers(min_value=0, max_value=1_000_000)
bases = st.floats(min_value=0, max_value=1e9, allow_nan=False)
ratio_norms = st.builds(
    RatioNorm,
    key=st.just("k"),
    title=st.just("t"),
    per=st.floats(min_value=0.01, max_value=1e6),
    staff=st.floats(min_value=0, max_value=1e3),
)


@given(jp, jp, rombels)
def test_guru_mapel_is_additive_in_jp(a: int, b: int, rombel: int) -> None:
    assert guru_mapel(a + b, rombel) == pytest.approx(guru_mapel(a, rombel) + guru_mapel(b, rombel))
    assert guru_mapel({"x": a, "y": b}, rombel) == pytest.approx(guru_mapel(a + b, rombel))


@given(jp, rombels, rombels)
def test_guru_mapel_is_additive_in_rombel(jp_: int, r1: int, r2: int) -> None:
    assert guru_mapel(jp_, r1 + r2) == pytest.approx(guru_mapel(jp_, r1) + guru_mapel(jp_, r2))


@given(jp, rombels, st.integers(min_value=0, max_value=10))
def test_guru_mapel_scales_with_jp_and_rombel(jp_: int, rombel: int, k: int) -> None:
    assert guru_mapel(k * jp_, rombel) == pytest.approx(k * guru_mapel(jp_, rombel))
    assert guru_mapel(jp_, k * rombel) == pytest.approx(k * guru_mapel(jp_, rombel))
    assert guru_mapel(jp_, rombel) * 24 == pytest.approx(jp_ * rombel)


@given(students, st.sampled_from(sorted(ROMBEL_MAXIMA.maxima)))
def test_rombel_needed_is_enough_and_minimal(pupils: int, level: str) -> None:
    maximum = ROMBEL_MAXIMA.maxima[level]
    needed = rombel_needed(pupils, level)
    assert needed * maximum >= pupils
    assert needed == 0 or (needed - 1) * maximum < pupils


@given(students, st.integers(min_value=BK_STUDENTS_MIN, max_value=BK_STUDENTS_MAX))
def test_guru_bk_is_largest_at_the_default_ratio(pupils: int, ratio: int) -> None:
    assert 0 <= guru_bk(pupils, ratio) <= guru_bk(pupils)


@given(ratio_norms, bases, bases)
def test_ratio_need_is_additive_in_base(norm: RatioNorm, a: float, b: float) -> None:
    assert ratio_need(norm, a + b) == pytest.approx(ratio_need(norm, a) + ratio_need(norm, b))


@given(ratio_norms, bases, st.floats(min_value=0, max_value=1e3))
def test_ratio_need_scales_with_base(norm: RatioNorm, base: float, k: float) -> None:
    assert ratio_need(norm, k * base) == pytest.approx(k * ratio_need(norm, base))
    assert ratio_need(norm, norm.per) == pytest.approx(norm.staff)
