"""ABK: staffing need, rounding, job effectiveness and grades (pure domain: no database).

Worked examples come from public pages; each test names its source URL. Where a source
gives only the inputs, the expected value is our arithmetic and the test says so.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from formasi.domain.abk import (
    BKN_2011_PERIODS_PER_YEAR,
    DEPKEU_2002_MINUTES_PER_YEAR,
    DEPKEU_BANDS,
    EFFECTIVE_MINUTES_PER_DAY,
    EFFECTIVE_MINUTES_PER_MONTH,
    EFFECTIVE_MINUTES_PER_WEEK,
    EFFECTIVE_MINUTES_PER_YEAR,
    GRADES,
    KEPMENPAN_75_2004_MINUTES_PER_YEAR,
    MINUTES_PER_HOUR,
    NO_STAFF,
    NO_TASKS,
    PERIODS,
    PERKA_BKN_19_2011_MINUTES_PER_DAY,
    PERKA_BKN_19_2011_MINUTES_PER_MONTH,
    PERKA_BKN_19_2011_MINUTES_PER_WEEK,
    PERKA_BKN_19_2011_MINUTES_PER_YEAR,
    PERMENDAGRI_BANDS,
    TOOL_PERIODS_PER_YEAR,
    Band,
    Task,
    annual_volume,
    assess,
    equipment_based,
    job_effectiveness,
    object_based,
    output_based,
    performance_grade,
    required_staff,
    round_staff,
    workload_minutes,
)

KANGOM = "https://kangom.blogspot.com/2013/03/formula-penghitungan-jabatan-teknis.html"
LAHAT = "http://online.flipbuilder.com/pnhky/dmzo/files/basic-html/page21.html"

# --- Effective working time --------------------------------------------------------------


def test_current_effective_time_is_1250_hours_as_75000_minutes() -> None:
    """1,250 jam = 75,000 menit a year.

    Sources: https://kangom.blogspot.com/2013/03/formula-penghitungan-jabatan-teknis.html
    ("75.000 menit (1.250 jam)") and
    http://online.flipbuilder.com/pnhky/dmzo/files/basic-html/page11.html
    ("235 hr x 5 jam 30 menit/hari = 1.245 jam dibulatkan 1.250 jam").
    """
    assert EFFECTIVE_MINUTES_PER_YEAR == 75_000 == 1_250 * MINUTES_PER_HOUR


def test_perka_bkn_2011_day_week_month_and_year_bases() -> None:
    """BKN slides: day 300, week 1,500, month 6,000 and year 72,000 menit (5 jam a day).

    Source: http://www.scribd.com/doc/228037528/01-Analisis-Beban-Kerja ("JAM KERJA EFEKTIF
    per tahun = 240 hari x 5 jam x 60 menit = 72.000 menit").
    """
    assert PERKA_BKN_19_2011_MINUTES_PER_DAY == 1 * 5 * 60 == 300
    assert PERKA_BKN_19_2011_MINUTES_PER_WEEK == 5 * 5 * 60 == 1_500
    assert PERKA_BKN_19_2011_MINUTES_PER_MONTH == 20 * 5 * 60 == 6_000
    assert PERKA_BKN_19_2011_MINUTES_PER_YEAR == 240 * 5 * 60 == 72_000


def test_kepmenpan_2004_base_is_1300_hours() -> None:
    """Kepmenpan 75/2004 as taught: "235 hr x 5 jam 36 mnt/hr = 1.324 jam = 1.300 jam".

    Source: https://text-id.123dok.com/document/7q0g03k9z-norma-waktu-variabel-tetap-volume-kerja-variabel-tidak-tetap.html
    """
    assert KEPMENPAN_75_2004_MINUTES_PER_YEAR == 1_300 * MINUTES_PER_HOUR


def test_depkeu_2002_base_is_90420_minutes() -> None:
    """Depkeu: "237 x 510 mnt = 120.870 mnt", allowance 30.450 mnt, "90.420 mnt = 1.507 jam".

    Source: https://pdfcoke.com/documents/20091009-analisis-beban-kerja-jam-kerja-wj39egn20kog
    """
    assert DEPKEU_2002_MINUTES_PER_YEAR == 237 * 510 - 30_450 == 90_420
    assert round(DEPKEU_2002_MINUTES_PER_YEAR / MINUTES_PER_HOUR) == 1_507


def test_day_week_month_bases_multiply_back_to_the_year() -> None:
    """The tool convention (×250/×50/×12) and Perka BKN 19/2011 (×240/×48/×12) are consistent."""
    assert EFFECTIVE_MINUTES_PER_DAY * TOOL_PERIODS_PER_YEAR["day"] == EFFECTIVE_MINUTES_PER_YEAR
    assert EFFECTIVE_MINUTES_PER_WEEK * TOOL_PERIODS_PER_YEAR["week"] == EFFECTIVE_MINUTES_PER_YEAR
    assert (
        EFFECTIVE_MINUTES_PER_MONTH * TOOL_PERIODS_PER_YEAR["month"] == EFFECTIVE_MINUTES_PER_YEAR
    )
    bkn = PERKA_BKN_19_2011_MINUTES_PER_YEAR
    assert PERKA_BKN_19_2011_MINUTES_PER_DAY * BKN_2011_PERIODS_PER_YEAR["day"] == bkn
    assert PERKA_BKN_19_2011_MINUTES_PER_WEEK * BKN_2011_PERIODS_PER_YEAR["week"] == bkn
    assert PERKA_BKN_19_2011_MINUTES_PER_MONTH * BKN_2011_PERIODS_PER_YEAR["month"] == bkn


# --- Published worked examples: tugas per tugas ------------------------------------------


def test_kangom_process_example_needs_under_one_person() -> None:
    """Perancang Grafik Peta Bumi: 54,300 menit (905 jam) of work against 75,000 menit.

    Source: https://kangom.blogspot.com/2013/03/formula-penghitungan-jabatan-teknis.html
    The page prints "54.300 / 75.000 = 0,75 pegawai"; the quotient is in fact 0.724 (a slip
    on the page), and its conclusion, 1 pegawai "dengan catatan ditambahkan beban kerja
    lain", holds either way under "nearest" and "ceil".
    """
    assert 905 * MINUTES_PER_HOUR == 54_300
    need = required_staff([Task(volume=1, norm_minutes=54_300)])
    assert need == pytest.approx(0.724)
    assert round(need, 2) != 0.75  # the printed 0,75 is not reproducible
    assert round_staff(need, "nearest") == 1
    assert round_staff(need, "ceil") == 1
    assert round_staff(need, "floor") == 0


# Lahat, Lampiran III "Contoh Perhitungan Analisis Beban Kerja", jabatan Ajudan:
# (satuan hasil, waktu penyelesaian, beban kerja, pegawai yang dibutuhkan as printed).
# Waktu penyelesaian is printed without a unit next to "waktu kerja efektif 1250"; the
# printed needs only come out if it is in jam, so it is converted to minutes here.
LAHAT_AJUDAN = [
    ("Dokumen", 60, 10, 0.480),
    ("Dokumen", 60, 20, 0.960),
    ("Laporan", 10, 12, 0.096),
    ("Kegiatan", 30, 15, 0.360),
    ("Kegiatan", 60, 5, 0.240),
    ("Laporan", 30, 5, 0.120),
]


def lahat_tasks() -> list[Task]:
    return [
        Task(volume=volume, norm_minutes=hours * MINUTES_PER_HOUR)
        for _, hours, volume, _ in LAHAT_AJUDAN
    ]


@pytest.mark.parametrize(("unit", "hours", "volume", "printed"), LAHAT_AJUDAN)
def test_lahat_ajudan_each_task_matches_the_printed_need(
    unit: str, hours: int, volume: int, printed: float
) -> None:
    """Source: http://online.flipbuilder.com/pnhky/dmzo/files/basic-html/page21.html"""
    task = Task(volume=volume, norm_minutes=hours * MINUTES_PER_HOUR)
    assert required_staff([task]) == pytest.approx(printed)


def test_lahat_ajudan_total_need_rounds_to_2_against_3_in_post() -> None:
    """Printed: JUMLAH 2,256; pegawai yang ada 3; dibutuhkan 2; kelebihan 1.

    Source: http://online.flipbuilder.com/pnhky/dmzo/files/basic-html/page21.html
    """
    need = required_staff(lahat_tasks())
    assert need == pytest.approx(2.256)
    assert round_staff(need) == 2
    assert 3 - round_staff(need) == 1


def test_lahat_ajudan_effectiveness_is_c_in_both_tables() -> None:
    """Hand-computed from the Lahat inputs (the page prints no EJ): 2.256 ÷ 3 = 0.752.

    Inputs: http://online.flipbuilder.com/pnhky/dmzo/files/basic-html/page21.html
    0.752 is C under Permendagri (0.70-0.89) and Depkeu (0.66-0.80).
    """
    ej = job_effectiveness(lahat_tasks(), existing=3)
    assert ej == pytest.approx(0.752)
    assert performance_grade(ej) == "C"
    assert performance_grade(ej, DEPKEU_BANDS) == "C"


def test_assess_grades_a_described_and_staffed_position_as_the_two_functions_do() -> None:
    found = assess(lahat_tasks(), 3, bands=DEPKEU_BANDS)
    assert found.effectiveness == job_effectiveness(lahat_tasks(), existing=3)
    assert found.grade == performance_grade(found.effectiveness, DEPKEU_BANDS)
    assert found.reason is None


@pytest.mark.parametrize("existing", [0, 1, 5])
def test_a_position_without_tasks_gets_no_grade_not_e(existing: int) -> None:
    """Issue 17: an ABK with no tasks was graded "PJ E Kurang" (its EJ is 0 ÷ staff)."""
    found = assess([], existing)
    assert (found.effectiveness, found.grade, found.reason) == (None, None, NO_TASKS)


def test_a_position_with_tasks_and_nobody_in_post_gets_no_grade() -> None:
    found = assess(lahat_tasks(), 0)
    assert (found.effectiveness, found.grade, found.reason) == (None, None, NO_STAFF)


def test_tasks_with_zero_volume_are_still_graded() -> None:
    """Described tasks with no work this year are a real EJ of 0: grade E, no reason."""
    found = assess([Task(volume=0, norm_minutes=30)], 2)
    assert (found.effectiveness, found.grade, found.reason) == (0.0, "E", None)


def test_assess_checks_its_inputs() -> None:
    with pytest.raises(ValueError, match="existing"):
        assess([], -1)
    with pytest.raises(ValueError, match="effective_minutes"):
        assess(lahat_tasks(), 1, effective_minutes=0)


# --- Published worked examples: the other approaches -------------------------------------


def test_kangom_output_based_agenda_letters() -> None:
    """Agendaris: 1000 agenda surat, standard 100 per pegawai per hari -> 10 pegawai.

    Source: https://kangom.blogspot.com/2013/03/formula-penghitungan-jabatan-teknis.html
    """
    assert output_based(1000, 100) == 10


@pytest.mark.parametrize(("per_person", "expected"), [(100, 10), (50, 20)])
def test_kangom_object_based_letters_for_agendaris_and_caraka(
    per_person: float, expected: float
) -> None:
    """1000 surat; agendaris 100 surat/hari -> 10, caraka 50 surat/hari -> 20.

    Source: https://kangom.blogspot.com/2013/03/formula-penghitungan-jabatan-teknis.html
    """
    assert object_based(1000, per_person) == expected


@pytest.mark.parametrize(("per_unit", "expected"), [(3, 3), (1, 1), (2, 2)])
def test_kangom_equipment_based_one_tractor(per_unit: float, expected: float) -> None:
    """One tractor: operator 3, teknisi 1, tukang oli 2 per unit -> "1 x 3 = 3" etc.

    Source: https://kangom.blogspot.com/2013/03/formula-penghitungan-jabatan-teknis.html
    """
    assert equipment_based(1, per_unit) == expected


def test_puskesmas_equipment_based_drivers_for_two_cars() -> None:
    """Pengemudi: 2 mobil, rasio 1/1 -> 2 (UPT Puskesmas Bawang 1, Banjarnegara, latihan 1).

    Source: https://www.scribd.com/document/368226321/abk-kepala-puskesmas
    """
    assert equipment_based(2, 1) == 2


def test_equipment_based_multiplies_by_shifts() -> None:
    """Hand-computed: 3 gates × 1 guard × 2 shifts = 6 (shift factor is DOMAIN §1.2 [P])."""
    assert equipment_based(3, 1, shifts=2) == 6


# --- Grade tables ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ej", "grade"),
    [
        (math.inf, "A"),
        (1.2, "A"),
        (1.001, "A"),
        (1.00, "B"),
        (0.95, "B"),
        (0.90, "B"),
        (0.895, "C"),  # between the printed 0.89 and 0.90: the lower band
        (0.89, "C"),
        (0.70, "C"),
        (0.69, "D"),
        (0.50, "D"),
        (0.4999, "E"),
        (0.0, "E"),
    ],
)
def test_permendagri_bands_at_their_edges(ej: float, grade: str) -> None:
    """A > 1.00, B 0.90-1.00, C 0.70-0.89, D 0.50-0.69, E < 0.50 (DOMAIN §1.4, Pemda Form D).

    No readable copy of Permendagri 12/2008 was found; the table is the one DOMAIN §1.4
    records (partly verified), so these cases are the table's edges, not a published example.
    """
    assert performance_grade(ej) == grade
    assert performance_grade(ej, PERMENDAGRI_BANDS) == grade


@pytest.mark.parametrize(
    ("ej", "grade"),
    [
        (math.inf, "A"),
        (1.01, "A"),
        (1.00, "B"),
        (0.81, "B"),
        (0.805, "C"),  # between the printed 0.80 and 0.81
        (0.80, "C"),
        (0.66, "C"),
        (0.65, "D"),
        (0.50, "D"),
        (0.49, "E"),
        (0.0, "E"),
    ],
)
def test_depkeu_bands_at_their_edges(ej: float, grade: str) -> None:
    """Depkeu 2002 "Standar penilaian prestasi kerja": >1 A; 0,81>= - <=1,00 B;
    0,66>= - <=0,80 C; 0,50>= - <=0,65 D; <0,50 E.

    Source: https://pdfcoke.com/documents/20091009-analisis-beban-kerja-jam-kerja-wj39egn20kog
    """
    assert performance_grade(ej, DEPKEU_BANDS) == grade


def test_band_edges_ignore_float_noise() -> None:
    assert performance_grade(1.0 + 1e-15) == "B"
    assert performance_grade(0.9 - 1e-15) == "B"
    assert performance_grade(0.81 - 1e-15, DEPKEU_BANDS) == "B"
    # 0.3 * 3 == 0.8999999999999999 in binary floats
    assert performance_grade(0.3 * 3) == "B"


def test_ej_computed_on_an_edge_grades_on_the_edge() -> None:
    """Hand-computed: 67,500 menit of work for 1 person is EJ 0.90 exactly -> B."""
    ej = job_effectiveness([Task(volume=3 * 0.3, norm_minutes=75_000)], existing=1)
    assert ej == pytest.approx(0.9)
    assert performance_grade(ej) == "B"


def test_an_agency_can_define_its_own_bands_as_plain_tuples() -> None:
    bands = ((1.2, False, "overloaded"), (0.8, True, "fine"), (0.0, True, "idle"))
    assert performance_grade(1.3, bands) == "overloaded"
    assert performance_grade(1.2, bands) == "fine"
    assert performance_grade(0.8, bands) == "fine"
    assert performance_grade(0.1, bands) == "idle"


@pytest.mark.parametrize(
    "bands",
    [
        (),
        ((0.5, True, "B"), (0.9, True, "A"), (0.0, True, "C")),  # ascending
        ((0.9, True, "A"), (0.9, True, "B"), (0.0, True, "C")),  # same edge twice
        ((1.0, False, "A"), (0.5, True, "B")),  # nothing covers EJ 0.2
        ((1.0, False, "A"), (0.0, False, "B")),  # nothing covers EJ 0
        ((1.0, False, ""), (0.0, True, "B")),  # empty grade
        ((math.nan, False, "A"), (0.0, True, "B")),
    ],
)
def test_it_rejects_malformed_bands(bands: tuple[tuple[float, bool, str], ...]) -> None:
    with pytest.raises(ValueError):
        performance_grade(0.7, bands)


@pytest.mark.parametrize("ej", [-0.1, math.nan, -math.inf])
def test_it_rejects_an_impossible_ej(ej: float) -> None:
    with pytest.raises(ValueError):
        performance_grade(ej)


def test_band_tables_are_tuples_of_band_rows() -> None:
    for table in (PERMENDAGRI_BANDS, DEPKEU_BANDS):
        assert all(isinstance(band, Band) for band in table)
        assert tuple(band.grade for band in table) == GRADES


# --- Job effectiveness -------------------------------------------------------------------


def test_effectiveness_with_nobody_in_post_and_work_to_do_is_infinite() -> None:
    ej = job_effectiveness([Task(volume=10, norm_minutes=60)], existing=0)
    assert ej == math.inf
    assert performance_grade(ej) == "A"


def test_effectiveness_with_nobody_in_post_and_no_work_is_zero() -> None:
    assert job_effectiveness([], existing=0) == 0.0
    assert job_effectiveness([Task(volume=0, norm_minutes=60)], existing=0) == 0.0


def test_effectiveness_of_one_full_year_for_one_person_is_one() -> None:
    tasks = [Task(volume=1_250, norm_minutes=60)]
    assert job_effectiveness(tasks, existing=1) == 1.0
    assert performance_grade(1.0) == "B"


def test_effectiveness_uses_the_given_base() -> None:
    tasks = [Task(volume=1_200, norm_minutes=60)]
    assert job_effectiveness(tasks, existing=1, effective_minutes=72_000) == 1.0


# --- Rounding ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "nearest", "ceil", "floor"),
    [
        (0.0, 0, 0, 0),
        (0.3, 0, 1, 0),
        (0.5, 1, 1, 0),
        (1.5, 2, 2, 1),
        (2.5, 3, 3, 2),  # half up, not banker's rounding (round(2.5) == 2)
        (2.256, 2, 3, 2),
        (2.0000000000004, 2, 2, 2),
        (1.9999999999996, 2, 2, 2),
        (2.4999999999999996, 3, 3, 2),  # float noise around a half
        (0.49999999999999994, 1, 1, 0),
        (0.4999, 0, 1, 0),
        (7.0, 7, 7, 7),
    ],
)
def test_round_staff_rules(value: float, nearest: int, ceil: int, floor: int) -> None:
    assert round_staff(value) == nearest
    assert round_staff(value, "nearest") == nearest
    assert round_staff(value, "ceil") == ceil
    assert round_staff(value, "floor") == floor


def test_round_staff_returns_int() -> None:
    assert type(round_staff(2.2, "ceil")) is int


def test_round_staff_rejects_an_unknown_rule() -> None:
    with pytest.raises(ValueError, match="unknown rounding rule"):
        round_staff(1.2, "bankers")


@pytest.mark.parametrize("value", [-0.5, math.nan, math.inf])
def test_round_staff_rejects_impossible_values(value: float) -> None:
    with pytest.raises(ValueError):
        round_staff(value)


# --- Validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("volume", "norm"),
    [(-1, 10), (1, -10), (math.nan, 10), (1, math.inf), (True, 10), ("3", 10)],
)
def test_task_rejects_bad_numbers(volume: object, norm: object) -> None:
    with pytest.raises(ValueError, match=r"volume|norm_minutes"):
        Task(volume=volume, norm_minutes=norm)  # type: ignore[arg-type]


def test_task_is_frozen() -> None:
    task = Task(volume=1, norm_minutes=2)
    with pytest.raises(AttributeError):
        task.volume = 3  # type: ignore[misc]


@pytest.mark.parametrize("effective", [0, -75_000, math.inf, math.nan])
def test_it_rejects_an_impossible_effective_time(effective: float) -> None:
    with pytest.raises(ValueError, match="effective_minutes"):
        required_staff([Task(1, 1)], effective_minutes=effective)
    with pytest.raises(ValueError, match="effective_minutes"):
        job_effectiveness([Task(1, 1)], existing=1, effective_minutes=effective)


@pytest.mark.parametrize("existing", [-1, math.nan, math.inf])
def test_it_rejects_an_impossible_headcount(existing: float) -> None:
    with pytest.raises(ValueError, match="existing"):
        job_effectiveness([Task(1, 1)], existing=existing)


def test_it_rejects_a_workload_too_large_to_represent() -> None:
    with pytest.raises(ValueError, match="too large"):
        required_staff([Task(1e200, 1e200)])


def test_other_approaches_reject_a_zero_standard() -> None:
    with pytest.raises(ValueError, match="standard_output_per_person"):
        output_based(10, 0)
    with pytest.raises(ValueError, match="objects_per_person"):
        object_based(10, 0)
    with pytest.raises(ValueError, match="shifts"):
        equipment_based(1, 1, shifts=-1)


def test_required_staff_of_no_tasks_is_zero() -> None:
    assert required_staff([]) == 0.0
    assert workload_minutes([]) == 0.0


def test_required_staff_accepts_a_generator() -> None:
    assert required_staff(Task(1_250, 60) for _ in range(2)) == 2.0


# --- Period conversion -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "tool", "bkn"),
    [("day", 2_500, 2_400), ("week", 500, 480), ("month", 120, 120), ("year", 10, 10)],
)
def test_annual_volume_conventions(period: str, tool: float, bkn: float) -> None:
    assert annual_volume(10, period) == tool
    assert annual_volume(10, period, BKN_2011_PERIODS_PER_YEAR) == bkn


def test_annual_volume_rejects_an_unknown_period() -> None:
    with pytest.raises(ValueError, match="unknown period"):
        annual_volume(10, "fortnight")


# --- Properties --------------------------------------------------------------------------

volumes = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
norms = st.floats(min_value=0, max_value=1e5, allow_nan=False, allow_infinity=False)
tasks_st = st.lists(st.builds(Task, volume=volumes, norm_minutes=norms), max_size=20)
bases = st.sampled_from(
    [
        EFFECTIVE_MINUTES_PER_YEAR,
        PERKA_BKN_19_2011_MINUTES_PER_YEAR,
        KEPMENPAN_75_2004_MINUTES_PER_YEAR,
        DEPKEU_2002_MINUTES_PER_YEAR,
    ]
)
needs = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(tasks_st, bases)
def test_need_is_never_negative(tasks: list[Task], base: int) -> None:
    assert required_staff(tasks, base) >= 0


@given(tasks_st, st.floats(min_value=0, max_value=1e3, allow_nan=False), bases)
def test_need_is_linear_in_volume(tasks: list[Task], k: float, base: int) -> None:
    scaled = [Task(volume=t.volume * k, norm_minutes=t.norm_minutes) for t in tasks]
    assert required_staff(scaled, base) == pytest.approx(
        k * required_staff(tasks, base), rel=1e-9, abs=1e-9
    )


@given(tasks_st, tasks_st, bases)
def test_need_is_additive_over_tasks(a: list[Task], b: list[Task], base: int) -> None:
    assert required_staff(a + b, base) == pytest.approx(
        required_staff(a, base) + required_staff(b, base), rel=1e-9, abs=1e-9
    )


@given(needs)
@example(2.5)
@example(2.0000000000004)
@example(0.49999999999999994)
def test_rounding_rules_are_ordered_and_within_one(value: float) -> None:
    floor, nearest, ceil = (round_staff(value, rule) for rule in ("floor", "nearest", "ceil"))
    assert floor <= nearest <= ceil
    for rounded in (floor, nearest, ceil):
        assert abs(rounded - value) < 1
    assert ceil - floor <= 1


@given(st.integers(min_value=0, max_value=10**6))
def test_nearest_rounds_every_half_up(n: int) -> None:
    assert round_staff(n + 0.5) == n + 1


@given(needs, needs)
def test_rounding_is_monotone(a: float, b: float) -> None:
    low, high = sorted((a, b))
    for rule in ("floor", "nearest", "ceil"):
        assert round_staff(low, rule) <= round_staff(high, rule)


@given(tasks_st, st.floats(min_value=0.5, max_value=1e4, allow_nan=False), bases)
def test_ej_times_staff_times_time_is_the_workload(
    tasks: list[Task], existing: float, base: int
) -> None:
    ej = job_effectiveness(tasks, existing, base)
    assert ej * existing * base == pytest.approx(workload_minutes(tasks), rel=1e-9, abs=1e-6)


@given(tasks_st, st.floats(min_value=0.5, max_value=1e4, allow_nan=False))
def test_ej_equals_need_over_staff(tasks: list[Task], existing: float) -> None:
    assert job_effectiveness(tasks, existing) == pytest.approx(
        required_staff(tasks) / existing, rel=1e-9, abs=1e-12
    )


@given(
    st.floats(min_value=0, max_value=3, allow_nan=False),
    st.floats(min_value=0, max_value=3, allow_nan=False),
    st.sampled_from([PERMENDAGRI_BANDS, DEPKEU_BANDS]),
)
@example(0.9, 1.0, PERMENDAGRI_BANDS)
@example(1.0, 1.0000001, DEPKEU_BANDS)
def test_grade_is_monotone_in_ej(a: float, b: float, bands: tuple[Band, ...]) -> None:
    low, high = sorted((a, b))
    # "A" is best: a higher EJ never gets a worse (later) letter.
    assert GRADES.index(performance_grade(high, bands)) <= GRADES.index(
        performance_grade(low, bands)
    )


@given(volumes, st.sampled_from(PERIODS))
def test_annual_volume_against_the_year_equals_volume_against_the_period(
    volume: float, period: str
) -> None:
    """Per-day work against 300 menit/day gives the same need as yearly work against 75,000."""
    per_period = {
        "day": EFFECTIVE_MINUTES_PER_DAY,
        "week": EFFECTIVE_MINUTES_PER_WEEK,
        "month": EFFECTIVE_MINUTES_PER_MONTH,
        "year": EFFECTIVE_MINUTES_PER_YEAR,
    }[period]
    yearly = required_staff([Task(annual_volume(volume, period), 30)])
    assert yearly == pytest.approx(volume * 30 / per_period, rel=1e-12, abs=1e-12)
