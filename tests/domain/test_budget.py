"""Personnel-spending cap (UU 1/2022 Pasal 146), salary cost and the recruitment optimiser.

The ratio rule comes from the DDTC summary of UU HKPD (source below); no published worked
example with TKD teacher allowances was found, so the ratio figures are our arithmetic.
Optimiser cases are small enough to solve by hand and are also checked by brute force
(every integer allocation enumerated).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formasi.domain.budget import (
    DEFAULT_FAMILY_WEIGHTS,
    PRIORITY_SCALE,
    SPENDING_CAP,
    Candidate,
    Priorities,
    RecruitmentPlan,
    SalaryTable,
    annual_cost,
    demo_salary_table,
    greedy_plan,
    headroom,
    hire_weight,
    plan_recruitment,
    priority,
    room_by_year,
    spending_ratio,
)

DDTC = "https://news.ddtc.co.id/uu-hkpd-batasi-porsi-belanja-pegawai-daerah-di-apbd-ini-rinciannya-35182"
POLHUKAM = "https://polhukam.id/umum/pr-72709/ini-tabel-gaji-pns-2024-golongan-1-4-resmi-naik-8-persen-oleh-jokowi-pakai-pp-nomor-5-tahun-2024"

# --- Pasal 146 ratio ---------------------------------------------------------------------


def test_cap_is_30_percent() -> None:
    """UU 1/2022 Pasal 146(1): "maksimal sebesar 30% dari total belanja". Source: DDTC."""
    assert SPENDING_CAP == 0.30


def test_ratio_excludes_teacher_allowances_paid_through_tkd() -> None:
    """Rp 1,2 T belanja pegawai, of which Rp 200 M tunjangan guru and Rp 10 M tamsil via TKD,
    over Rp 3 T total belanja: (1.200 − 200 − 10) ÷ 3.000 = 0,33 (our arithmetic; rule: DDTC).
    """
    ratio = spending_ratio(
        belanja_pegawai=1_200_000_000_000,
        total_belanja=3_000_000_000_000,
        tunjangan_guru_tkd=200_000_000_000,
        tamsil_guru_tkd=10_000_000_000,
    )
    assert ratio == pytest.approx(0.33)


def test_headroom_is_negative_when_over_the_cap() -> None:
    """Same daerah: 30 % × 3 T = 900 M allowed, 990 M counted → must cut Rp 90 M a year."""
    room = headroom(
        belanja_pegawai=1_200_000_000_000,
        total_belanja=3_000_000_000_000,
        tunjangan_guru_tkd=200_000_000_000,
        tamsil_guru_tkd=10_000_000_000,
    )
    assert room == pytest.approx(-90_000_000_000)


def test_headroom_under_the_cap_and_with_a_changed_cap() -> None:
    """Rp 250 of Rp 1.000: 50 left at 30 %; the Minister of Finance may set another cap."""
    assert headroom(belanja_pegawai=250, total_belanja=1_000) == pytest.approx(50)
    assert headroom(belanja_pegawai=250, total_belanja=1_000, cap=0.25) == pytest.approx(0)
    assert spending_ratio(belanja_pegawai=0, total_belanja=1) == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"belanja_pegawai": 1, "total_belanja": 0}, "total_belanja must be greater than 0"),
        ({"belanja_pegawai": -1, "total_belanja": 10}, "belanja_pegawai"),
        ({"belanja_pegawai": 1, "total_belanja": float("nan")}, "total_belanja"),
        ({"belanja_pegawai": 5, "total_belanja": 10, "tunjangan_guru_tkd": -1}, "tunjangan"),
        (
            {
                "belanja_pegawai": 5,
                "total_belanja": 10,
                "tunjangan_guru_tkd": 4,
                "tamsil_guru_tkd": 2,
            },
            "cannot exceed",
        ),
    ],
)
def test_ratio_rejects_invalid_amounts(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        spending_ratio(**kwargs)


@pytest.mark.parametrize("cap", [0, -0.1, 1.5, float("inf")])
def test_headroom_rejects_a_cap_outside_0_1(cap: float) -> None:
    with pytest.raises(ValueError, match="cap"):
        headroom(belanja_pegawai=1, total_belanja=10, cap=cap)


@given(
    total=st.integers(1, 10**13),
    share=st.floats(0, 1),
    cap=st.floats(0.05, 1),
)
def test_headroom_is_zero_exactly_when_ratio_equals_cap(
    total: int, share: float, cap: float
) -> None:
    pegawai = total * share
    room = headroom(belanja_pegawai=pegawai, total_belanja=total, cap=cap)
    ratio = spending_ratio(belanja_pegawai=pegawai, total_belanja=total)
    # (cap - ratio) * total carries the rounding of ratio (one ulp) times total.
    assert room == pytest.approx((cap - ratio) * total, rel=1e-9, abs=max(1e-3, total * 1e-14))


def test_room_by_year_worked_example_uu_1_2022_pasal_146() -> None:
    """UU 1/2022 Pasal 146(1): belanja pegawai outside the teachers' TKD allowances is at
    most 30 % of total belanja. A city spends Rp 300 bn on personnel (Rp 40 bn of it teacher
    allowances through TKD) out of Rp 1,000 bn, with 1,000 staff (Rp 260 m counted each).
    Plan year 2026 (APBD +10 %: Rp 1,100 bn; 950 staff still in post: Rp 247 bn) leaves
    30 % × 1,100 bn − 247 bn = Rp 83 bn; plan year 2027 (Rp 1,210 bn; 900 staff: Rp 234 bn)
    leaves Rp 129 bn. A city already over the cap (Rp 400 bn of Rp 1,000 bn, no growth,
    everyone still there) has no room, never a negative one."""
    rows = room_by_year(
        belanja_pegawai=300e9,
        tunjangan_guru_tkd=40e9,
        total_belanja=1_000e9,
        budget_year=2025,
        plan_years=[2026, 2027],
        staff_now=1_000,
        staff_by_year=[950, 900],
        apbd_growth=0.10,
    )
    assert [r.year for r in rows] == [2026, 2027]
    assert rows[0].total_belanja == pytest.approx(1_100e9)
    assert rows[0].personnel_without_plan == pytest.approx(247e9)
    assert abs(rows[0].room - 83e9) <= 1
    assert abs(rows[1].room - 129e9) <= 1
    flat = room_by_year(
        belanja_pegawai=400e9,
        total_belanja=1_000e9,
        budget_year=2025,
        plan_years=[2026],
        staff_now=1_000,
        staff_by_year=[1_000],
    )
    assert flat[0].room == 0  # over the cap: no room, never negative


def _old_fiveyear_room(personnel, tkd, total, budget_year, years, staff_now, staff, growth, cap):
    """The computation planning/fiveyear.py ran inline before issue 14."""
    counted = float(personnel - tkd)
    per_person = counted / (float(staff_now) or 1.0)
    out = []
    for year, s in zip(years, staff, strict=True):
        total_t = float(total) * (1 + growth) ** (year - budget_year)
        without = per_person * float(s)
        out.append((total_t, without, max(int(cap * total_t - without), 0)))
    return out


@settings(max_examples=200, deadline=None)
@given(
    total=st.integers(1, 10**13),
    share=st.floats(0, 0.6),
    tkd_share=st.floats(0, 1),
    staff_now=st.integers(0, 50_000),
    staff=st.lists(st.floats(0, 50_000), min_size=1, max_size=5),
    growth=st.floats(-0.05, 0.2),
    cap=st.floats(0.01, 1),
)
def test_room_by_year_matches_the_old_fiveyear_figures(
    total: int,
    share: float,
    tkd_share: float,
    staff_now: int,
    staff: list[float],
    growth: float,
    cap: float,
) -> None:
    personnel = int(total * share)
    tkd = int(personnel * tkd_share)
    years = [2025 + t for t in range(len(staff))]
    rows = room_by_year(
        belanja_pegawai=personnel,
        tunjangan_guru_tkd=tkd,
        total_belanja=total,
        budget_year=2024,
        plan_years=years,
        staff_now=staff_now,
        staff_by_year=staff,
        apbd_growth=growth,
        cap=cap,
    )
    old = _old_fiveyear_room(personnel, tkd, total, 2024, years, staff_now, staff, growth, cap)
    assert [(r.total_belanja, r.personnel_without_plan, r.room) for r in rows] == old


# --- Salary table ------------------------------------------------------------------------


def test_lookup_prefers_kelas_then_golongan_then_fallback() -> None:
    table = SalaryTable(
        by_class={("pns", 8): 80},
        by_golongan={("pns", "III/a"): 70},
        fallback={"pns": 60},
    )
    assert annual_cost(table, "pns", 8, golongan="III/a") == 80
    assert annual_cost(table, "pns", 9, golongan="III/a") == 70
    assert annual_cost(table, "pns", 9) == 60
    with pytest.raises(KeyError):
        annual_cost(table, "pppk", 8)
    with pytest.raises(ValueError, match="status"):
        annual_cost(table, "honorer", 8)


def test_table_rejects_bad_rows_and_is_read_only() -> None:
    with pytest.raises(ValueError, match="kelas"):
        SalaryTable(by_class={("pns", 18): 1})
    with pytest.raises(ValueError, match="non-negative"):
        SalaryTable(fallback={"pns": -1})
    table = SalaryTable(fallback={"pns": 1})
    with pytest.raises(TypeError):
        table.fallback["pns"] = 2  # type: ignore[index]


def test_demo_pns_iii_a_cost_follows_the_documented_formula() -> None:
    """III/a entry gaji pokok Rp 2.785.700 (PP 5/2024): 14 × (2.785.700 × 1,14 + 185.000 +
    289.680) + 12 × 2.000.000 = Rp 75.105.292 a year (our arithmetic, demo settings).
    Gaji pokok I/a Rp 1.685.700 is confirmed by the PP 5/2024 table at POLHUKAM.
    """
    table = demo_salary_table()
    assert annual_cost(table, "pns", golongan="III/a") == 75_105_292
    assert annual_cost(table, "pns", 8) == 75_105_292
    monthly_i_a = round(1_685_700 * 1.14) + 185_000 + 289_680
    assert annual_cost(table, "pns", golongan="I/a") == 14 * monthly_i_a + 24_000_000


def test_demo_statuses_order_as_expected() -> None:
    table = demo_salary_table()
    assert annual_cost(table, "cpns", 8) < annual_cost(table, "pns", 8)
    assert annual_cost(table, "pppk_pw", 8) == 12 * 2_000_000
    assert annual_cost(table, "pns", 5) < annual_cost(table, "pns", 12)
    assert "DEMO" in table.note


# --- Priorities --------------------------------------------------------------------------


def test_priority_multiplies_family_and_area_weights() -> None:
    families = {"guru": 1.0, "administrasi": 0.4}
    areas = {"Rakumpit": 1.0, "Pahandut": 0.5}
    assert priority("guru", "Rakumpit", families, areas) == 1.0
    assert priority("guru", "Pahandut", families, areas) == 0.5
    assert priority("administrasi", "Pahandut", families, areas) == pytest.approx(0.2)
    assert priority("lainnya", "Sebangau", families, areas) == 0.5  # both defaults


def test_default_priorities_rank_teachers_health_it_technical_above_administration() -> None:
    p = Priorities(area_weights={"Rakumpit": 1.0, "Jekan Raya": 0.7})
    for family in ("guru", "kesehatan", "ti", "teknis"):
        assert p.of(family, "Rakumpit") > p.of("administrasi", "Rakumpit")
    assert p.of("guru", "Rakumpit") > p.of("guru", "Jekan Raya")
    assert DEFAULT_FAMILY_WEIGHTS["guru"] == 1.0


def test_hire_weight_scales_to_three_decimals_and_discounts_one_percent_a_year() -> None:
    assert PRIORITY_SCALE == 1000
    assert hire_weight(0.9, 0) == 90_000
    assert hire_weight(0.9, 1) == 89_100
    assert hire_weight(0.9, 1, year_discount_percent=0) == 90_000
    with pytest.raises(ValueError, match="horizon"):
        hire_weight(0.9, 100)


# --- Optimiser: hand-solved cases ------------------------------------------------------


def cand(
    key: str, shortage: int, prio: float, cost: int, available_from: int = 0, family: str = "guru"
) -> Candidate:
    return Candidate(key, f"Baris {key}", family, "Rakumpit", shortage, prio, cost, available_from)


def brute_force(
    candidates: Sequence[Candidate],
    budget: Sequence[int],
    caps: Sequence[int] | None = None,
) -> int:
    """Best objective over every integer allocation (tiny instances only)."""
    n = len(budget)
    per_candidate = []
    for c in candidates:
        options = [
            xs
            for xs in itertools.product(range(c.shortage + 1), repeat=n)
            if sum(xs) <= c.shortage and all(xs[t] == 0 for t in range(min(c.available_from, n)))
        ]
        per_candidate.append(options)
    best = 0
    for combo in itertools.product(*per_candidate):
        ok = all(
            sum(c.annual_cost * sum(xs[: y + 1]) for c, xs in zip(candidates, combo, strict=True))
            <= budget[y]
            for y in range(n)
        )
        if caps is not None:
            ok = ok and all(sum(xs[t] for xs in combo) <= caps[t] for t in range(n))
        if ok:
            value = sum(
                hire_weight(c.priority, t) * xs[t]
                for c, xs in zip(candidates, combo, strict=True)
                for t in range(n)
            )
            best = max(best, value)
    return best


def test_optimum_beats_greedy_on_a_knapsack_trap() -> None:
    """Budget 100: A (0,6; cost 60) has the best ratio tie-break, but B + C (0,5 + 0,5;
    50 + 50) is worth more. Greedy takes A only (60.000); the optimum takes B and C (100.000).
    """
    lines = [cand("A", 1, 0.6, 60), cand("B", 1, 0.5, 50), cand("C", 1, 0.5, 50)]
    greedy = greedy_plan(lines, budget_by_year=[100])
    best = plan_recruitment(lines, budget_by_year=[100])
    assert greedy.hires() == {("A", 0): 1}
    assert greedy.objective == 60_000
    assert best.status == "optimal"
    assert best.hires() == {("B", 0): 1, ("C", 0): 1}
    assert best.objective == 100_000 == brute_force(lines, [100])
    assert [(u.candidate.key, u.reason) for u in best.unfilled] == [("A", "budget_exhausted")]


def test_hires_happen_as_early_as_the_budget_allows() -> None:
    plan = plan_recruitment([cand("A", 1, 0.9, 100)], budget_by_year=[100, 100, 100])
    assert plan.hires() == {("A", 0): 1}
    assert plan.cost_by_year == (100, 100, 100)


def test_people_hired_earlier_keep_costing_in_later_years() -> None:
    """Cost 60 each: year 1 budget 100 fits one; year 2 needs 120 for two people."""
    lines = [cand("A", 2, 0.9, 60)]
    plan = plan_recruitment(lines, budget_by_year=[100, 130])
    assert plan.hires() == {("A", 0): 1, ("A", 1): 1}
    assert plan.cost_by_year == (60, 120)
    tight = plan_recruitment(lines, budget_by_year=[100, 100])
    assert tight.hires() == {("A", 0): 1}
    assert tight.unfilled[0].remaining == 1
    assert tight.unfilled[0].reason == "budget_exhausted"


def test_high_priority_gap_is_filled_first_when_money_arrives_later() -> None:
    """Year 1 affords one hire, year 2 one more: the 0,9 line goes first, 0,4 waits."""
    lines = [cand("guru", 1, 0.9, 100), cand("admin", 1, 0.4, 100, family="administrasi")]
    plan = plan_recruitment(lines, budget_by_year=[100, 200])
    assert plan.hires() == {("guru", 0): 1, ("admin", 1): 1}
    assert plan.objective == brute_force(lines, [100, 200]) == 90_000 + 39_600


def test_unfilled_reasons() -> None:
    lines = [
        cand("late", 1, 0.9, 10, available_from=2),
        cand("dear", 1, 0.9, 500),
        cand("capped", 2, 0.5, 10),
    ]
    plan = plan_recruitment(lines, budget_by_year=[100, 100], max_hires_by_year=[1, 0])
    reasons = {u.candidate.key: u.reason for u in plan.unfilled}
    assert reasons == {"late": "outside_horizon", "dear": "over_budget", "capped": "hire_limit"}
    assert plan.hires() == {("capped", 0): 1}


def test_negative_budget_is_infeasible() -> None:
    """Over the cap (negative headroom): even hiring nobody breaks the limit."""
    lines = [cand("A", 1, 0.9, 10)]
    assert plan_recruitment(lines, budget_by_year=[-1]).status == "infeasible"
    assert greedy_plan(lines, budget_by_year=[-1]).status == "infeasible"


def test_input_validation() -> None:
    with pytest.raises(ValueError, match="unique"):
        plan_recruitment([cand("A", 1, 1, 1), cand("A", 1, 1, 1)], budget_by_year=[1])
    with pytest.raises(ValueError, match="need 3"):
        plan_recruitment([cand("A", 1, 1, 1)], budget_by_year=[1], years=3)
    with pytest.raises(ValueError, match="shortage"):
        cand("A", -1, 1, 1)
    with pytest.raises(ValueError, match="priority"):
        cand("A", 1, float("nan"), 1)
    with pytest.raises(ValueError, match="annual_cost"):
        cand("A", 1, 1, -5)


def test_years_truncates_a_longer_budget() -> None:
    plan = plan_recruitment([cand("A", 3, 0.9, 10)], budget_by_year=[10, 20, 30], years=2)
    assert plan.budget_by_year == (10, 20)
    assert plan.hires() == {("A", 0): 1, ("A", 1): 1}


# --- Properties ----------------------------------------------------------------------------

candidate_lists = st.lists(
    st.tuples(
        st.integers(0, 2),  # shortage
        st.floats(0, 1).map(lambda p: round(p, 3)),  # priority
        st.integers(1, 10).map(lambda c: c * 10),  # cost
        st.integers(0, 2),  # available_from
    ),
    max_size=3,
).map(lambda rows: [cand(f"c{i}", *row) for i, row in enumerate(rows)])
budgets = st.lists(st.integers(0, 200), min_size=1, max_size=2)


def _check_respects_limits(
    plan: RecruitmentPlan, lines: list[Candidate], caps: list[int] | None
) -> None:
    assert all(cost <= b for cost, b in zip(plan.cost_by_year, plan.budget_by_year, strict=True))
    for c in lines:
        hired = [ln for ln in plan.lines if ln.candidate.key == c.key]
        assert sum(ln.hires for ln in hired) <= c.shortage
        assert all(ln.year >= c.available_from for ln in hired)
    if caps is not None:
        for t, cap in enumerate(caps[: len(plan.budget_by_year)]):
            assert sum(ln.hires for ln in plan.lines if ln.year == t) <= cap


@settings(max_examples=40, deadline=None)
@given(
    lines=candidate_lists,
    budget=budgets,
    caps=st.none() | st.lists(st.integers(0, 3), min_size=2, max_size=2),
)
def test_plans_respect_budget_shortage_and_limits_and_beat_greedy(
    lines: list[Candidate], budget: list[int], caps: list[int] | None
) -> None:
    best = plan_recruitment(lines, budget_by_year=budget, max_hires_by_year=caps)
    greedy = greedy_plan(lines, budget_by_year=budget, max_hires_by_year=caps)
    _check_respects_limits(best, lines, caps)
    _check_respects_limits(greedy, lines, caps)
    assert best.status == "optimal"
    assert best.objective >= greedy.objective
    assert best.objective == brute_force(lines, budget, caps)


@settings(max_examples=20, deadline=None)
@given(lines=candidate_lists, years=st.integers(1, 3))
def test_zero_budget_hires_nobody(lines: list[Candidate], years: int) -> None:
    for planner in (plan_recruitment, greedy_plan):
        plan = planner(lines, budget_by_year=[0] * years)
        assert plan.lines == ()
        assert plan.objective == 0


@settings(max_examples=20, deadline=None)
@given(lines=candidate_lists, budget=budgets)
def test_same_input_gives_the_same_plan(lines: list[Candidate], budget: list[int]) -> None:
    assert plan_recruitment(lines, budget_by_year=budget) == plan_recruitment(
        lines, budget_by_year=budget
    )


@pytest.mark.parametrize("limits", [{"time_limit_s": 0.0}, {"wall_limit_s": 0.0}])
def test_a_search_stopped_before_any_solution_returns_the_greedy_plan(
    limits: dict[str, float],
) -> None:
    """Either clock at zero stops CP-SAT before its first solution; the answer is the greedy
    plan (a valid one), never nothing, and the wall clock alone can stop it."""
    lines = [cand("A", 1, 0.6, 60), cand("B", 1, 0.5, 50), cand("C", 1, 0.5, 50)]
    greedy = greedy_plan(lines, budget_by_year=[100])
    stopped = plan_recruitment(lines, budget_by_year=[100], **limits)
    assert (stopped.status, stopped.lines, stopped.objective) == ("feasible", greedy.lines, 60_000)
    # No search ran: the bound is every shortage hired at once (3 × 0.5–0.6 × 1000 × 100),
    # so the plan says it may be (160,000 − 60,000) ÷ 160,000 from the optimum.
    assert stopped.bound == 160_000 and stopped.gap == pytest.approx(0.625)
    assert plan_recruitment(lines, budget_by_year=[100], wall_limit_s=60.0).objective == 100_000
