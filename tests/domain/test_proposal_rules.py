"""Pure rules of the yearly usulan (``formasi.domain.proposal_rules``).

Worked examples follow the rule as Perban BKN 9/2022 words it ("if excess, reduce the excess
by the PNS reaching BUP and the PPPK whose contracts end; if shortage, add them to the
shortage") and the BKN Pusrent FAQ ("projection = (kebutuhan − bezetting) + pensiun of that
year"), DOMAIN §7.2 and §7.5; the numbers are ours, computed by hand in each docstring.
"""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.budget import spending_ratio
from formasi.domain.projection import Cell, project_cell
from formasi.domain.proposal_rules import (
    BEZETTING,
    CONTRACT_END,
    DEADLINE_CODES,
    EFORMASI_COLUMNS,
    EXCESS,
    GAP,
    MENKEU_OPINION,
    NATIONAL_PLAN,
    NEED,
    OVER_CAP,
    PERTIMBANGAN_TEKNIS,
    PROPOSAL_STATUSES,
    RETIRE,
    SPENDING_RATIO,
    USULAN,
    USULAN_REVISED,
    WITHIN_CAP,
    Change,
    Deadline,
    Evidence,
    JustificationPart,
    RincianItem,
    YearGap,
    bezetting_date,
    days_left,
    deadlines,
    eformasi_rows,
    evidence_changed,
    gap,
    gaps_by_year,
    justification,
    usul,
)

# --- Gap and usul ---------------------------------------------------------------------------


def test_a_shortage_grows_by_the_pns_reaching_bup_and_the_pppk_contracts_ending() -> None:
    """Need 12, bezetting 8 → short 4; 2 reach BUP in year 2 and 1 contract ends in
    year 3 → short 4 + 2 + 1 = 7 (Perban BKN 9/2022: "add them to the shortage")."""
    assert gap(12, 8, retirements=(0, 2, 0), contract_ends=(0, 0, 1)) == 7
    assert usul(12, 8, retirements=(0, 2, 0), contract_ends=(0, 0, 1)) == 7


def test_an_excess_shrinks_by_the_same_departures() -> None:
    """Need 10, bezetting 13 → 3 too many; 2 reach BUP and 1 PPPK contract ends → the
    excess is used up (gap 0); one more retirement makes it a shortage of 1."""
    assert gap(10, 13, retirements=(2,), contract_ends=(1,)) == 0
    assert gap(10, 13, retirements=(2, 1), contract_ends=(1,)) == 1
    assert gap(10, 13) == -3
    assert usul(10, 13) == 0


def test_the_pusrent_yearly_projection_is_need_minus_bezetting_plus_that_years_pensions() -> None:
    """BKN Pusrent FAQ: (kebutuhan − bezetting) + pensiun. Need 6, bezetting 5, 1 retires in
    each of the first three plan years: the shortage is 2, 3, 4."""
    rows = gaps_by_year(6, 5, retirements=(1, 1, 1))
    assert [r.gap for r in rows] == [2, 3, 4]
    assert [r.available for r in rows] == [4, 3, 2]


def test_formasi_filled_count_from_the_next_year() -> None:
    """Need 10, bezetting 7; 3 filled in year 1 arrive in year 2 (DOMAIN §7.5: Σ_{y<t})."""
    rows = gaps_by_year(10, 7, filled=(3, 0, 0))
    assert [(r.year, r.available, r.gap, r.usul) for r in rows] == [
        (1, 7, 3, 3),
        (2, 10, 0, 0),
        (3, 10, 0, 0),
    ]
    # The last year's formasi arrive after the horizon, so gap() does not count them.
    assert gap(10, 7, filled=(0, 0, 3)) == 3


def test_gaps_by_year_matches_the_projection_worked_example() -> None:
    """docs/domain/projection.md: need 10, bezetting 12 on 31 Dec 2025, BUP 1, 2, 0, 1, 0,
    ends 0, 1, 0, 0, 1, 2 recruited in 2028: availability 11, 8, 8, 9, 8 and gaps −1, 2,
    2, 1, 2."""
    rows = gaps_by_year(
        10,
        12,
        retirements=(1, 2, 0, 1, 0),
        contract_ends=(0, 1, 0, 0, 1),
        filled=(0, 0, 2, 0, 0),
        first_year=2026,
    )
    assert [r.year for r in rows] == [2026, 2027, 2028, 2029, 2030]
    assert [r.available for r in rows] == [11, 8, 8, 9, 8]
    assert [r.gap for r in rows] == [-1, 2, 2, 1, 2]
    assert [r.usul for r in rows] == [0, 2, 2, 1, 2]


def test_need_per_year_repeats_its_last_value() -> None:
    rows = gaps_by_year((4, 6), 5, years=4)
    assert [r.need for r in rows] == [4, 6, 6, 6]
    assert [r.gap for r in rows] == [-1, 1, 1, 1]
    assert gaps_by_year(range(4, 7, 2), 5, years=4) == rows
    with pytest.raises(ValueError, match="one per year"):
        gaps_by_year(4.0, 5)  # type: ignore[arg-type]


def test_availability_never_goes_below_zero() -> None:
    """More leavers than people is bad data: the usul never exceeds the need."""
    rows = gaps_by_year(3, 2, retirements=(5,), filled=(4,), years=2)
    assert rows == (YearGap(1, 3, 0, 3), YearGap(2, 3, 4, -1))


def test_bad_gap_input_is_refused() -> None:
    for bad in (-1, 1.5, True, "3"):
        with pytest.raises(ValueError):
            gap(bad, 1)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            gap(1, bad)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            gap(1, 1, retirements=(bad,))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="years"):
        gaps_by_year(1, 1, years=0)
    with pytest.raises(ValueError, match="first_year"):
        gaps_by_year(1, 1, first_year=True)


def test_bezetting_is_counted_on_31_december_of_the_year_before() -> None:
    assert bezetting_date(2026) == date(2025, 12, 31)
    with pytest.raises(ValueError):
        bezetting_date(True)


people = st.integers(min_value=0, max_value=60)
per_year = st.lists(people, max_size=6).map(tuple)


@given(people, people, people, per_year, per_year, per_year)
def test_the_gap_never_falls_when_the_need_rises(
    need: int, more: int, bez: int, ret: tuple[int, ...], end: tuple[int, ...], fil: tuple[int, ...]
) -> None:
    assert gap(need + more, bez, ret, end, fil) - gap(need, bez, ret, end, fil) == more


@given(people, people, per_year, per_year, per_year)
def test_usul_is_never_negative_nor_above_the_need(
    need: int, bez: int, ret: tuple[int, ...], end: tuple[int, ...], fil: tuple[int, ...]
) -> None:
    for row in gaps_by_year(need, bez, ret, end, fil):
        assert 0 <= row.usul <= need
        assert row.available >= 0
    assert 0 <= usul(need, bez, ret, end, fil) <= need


@given(people, people, per_year, per_year, st.integers(min_value=0, max_value=5), people, per_year)
def test_retirements_and_contract_ends_only_raise_the_gap(
    need: int,
    bez: int,
    ret: tuple[int, ...],
    end: tuple[int, ...],
    year: int,
    extra: int,
    fil: tuple[int, ...],
) -> None:
    years = max(len(ret), len(end), len(fil), year + 1)

    def bumped(values: tuple[int, ...]) -> tuple[int, ...]:
        padded = list(values) + [0] * (years - len(values))
        padded[year] += extra
        return tuple(padded)

    before = gaps_by_year(need, bez, ret, end, fil, years=years)
    more_bup = gaps_by_year(need, bez, bumped(ret), end, fil, years=years)
    more_end = gaps_by_year(need, bez, ret, bumped(end), fil, years=years)
    more_filled = gaps_by_year(need, bez, ret, end, bumped(fil), years=years)
    for b, r, e, f in zip(before, more_bup, more_end, more_filled, strict=True):
        assert r.gap >= b.gap
        assert e.gap >= b.gap
        assert f.gap <= b.gap


@given(people, people, per_year, per_year)
def test_without_clipping_the_gap_is_domains_closed_formula(
    need: int, bez: int, ret: tuple[int, ...], end: tuple[int, ...]
) -> None:
    bez += sum(ret) + sum(end)  # enough people for every departure: nothing is clipped
    assert gap(need, bez, ret, end) == need - (bez - sum(ret) - sum(end))


@given(people, people, per_year, per_year, per_year)
def test_gaps_by_year_agrees_with_the_projection_without_attrition(
    need: int, bez: int, ret: tuple[int, ...], end: tuple[int, ...], fil: tuple[int, ...]
) -> None:
    years = max(len(ret), len(end), len(fil), 1)
    rows = gaps_by_year(need, bez, ret, end, fil, years=years)
    projected = project_cell(
        Cell(
            need=need,
            bezetting=bez,
            retirements=tuple(map(float, ret)),
            contract_ends=tuple(map(float, end)),
            recruits=tuple(map(float, fil)),
        ),
        years=years,
    )
    assert [r.gap for r in rows] == [round(p.gap) for p in projected]
    assert [r.available for r in rows] == [round(p.availability) for p in projected]
    assert gap(need, bez, ret, end, fil) == rows[-1].gap


# --- Evidence and justification -------------------------------------------------------------


def evidence(**changes: object) -> Evidence:
    """Perawat at Puskesmas Bukit Batu, usulan 2026: need 12 from ABK, 8 in post on
    31 Dec 2025, 2 reach BUP in 2027, 1 PPPK contract ends in 2028, ratio 28 %."""
    values: dict[str, object] = {
        "need": 12,
        "need_source": "abk",
        "bezetting": 8,
        "bezetting_on": date(2025, 12, 31),
        "retirements": (0, 2),
        "contract_ends": (0, 0, 1),
        "spending_ratio": 0.28,
    }
    values.update(changes)
    return Evidence(**values)  # type: ignore[arg-type]


def test_justification_lists_need_bezetting_departures_gap_and_ratio() -> None:
    """Short 12 − 8 = 4, plus 2 BUP and 1 contract end = 7 (DOMAIN §7.4 items 2–6, 8)."""
    assert justification(evidence()) == (
        JustificationPart(NEED, 12, "abk"),
        JustificationPart(BEZETTING, 8, date(2025, 12, 31)),
        JustificationPart(RETIRE, 2, 2027),
        JustificationPart(CONTRACT_END, 1, 2028),
        JustificationPart(GAP, 7),
        JustificationPart(SPENDING_RATIO, 0.28, WITHIN_CAP),
    )
    assert evidence().usul == 7
    assert evidence().first_plan_year == 2026
    assert evidence(bezetting_on=bezetting_date(2026)) == evidence()


def test_an_excess_is_justified_by_its_size_and_an_unknown_ratio_is_left_out() -> None:
    parts = justification(evidence(need=3, retirements=(), contract_ends=(), spending_ratio=None))
    assert parts[-1] == JustificationPart(EXCESS, 5)
    assert [p.code for p in parts] == [NEED, BEZETTING, EXCESS]
    assert evidence(need=3).usul == 0


def test_a_ratio_over_the_cap_is_marked() -> None:
    """UU 1/2022 Pasal 146(1): Rp 330 of Rp 1,000 belanja is 33 % > 30 %."""
    ratio = spending_ratio(belanja_pegawai=330, total_belanja=1_000)
    assert justification(evidence(spending_ratio=ratio))[-1].detail == OVER_CAP
    assert justification(evidence(spending_ratio=0.30))[-1].detail == WITHIN_CAP
    assert justification(evidence(spending_ratio=ratio), cap=0.35)[-1].detail == WITHIN_CAP
    with pytest.raises(ValueError, match="cap"):
        justification(evidence(), cap=0)


def test_bad_evidence_is_refused() -> None:
    for change in (
        {"need": -1},
        {"need": 2.5},
        {"need_source": "guess"},
        {"bezetting": True},
        {"bezetting_on": datetime(2025, 12, 31, 8)},
        {"retirements": (1, -1)},
        {"spending_ratio": float("nan")},
        {"spending_ratio": -0.1},
    ):
        with pytest.raises(ValueError):
            evidence(**change)


def test_lists_become_tuples_so_evidence_stays_hashable() -> None:
    e = evidence(retirements=[0, 2])
    assert e.retirements == (0, 2)
    assert hash(e) == hash(evidence())


@given(
    st.builds(
        Evidence,
        need=people,
        need_source=st.sampled_from(["abk", "wisn", "standard", "manual"]),
        bezetting=people,
        bezetting_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
        retirements=per_year,
        contract_ends=per_year,
        spending_ratio=st.none() | st.floats(min_value=0, max_value=1),
    )
)
def test_every_count_in_a_justification_is_a_whole_person(e: Evidence) -> None:
    parts = justification(e)
    for part in parts:
        if part.code != SPENDING_RATIO:
            assert isinstance(part.value, int) and part.value >= 0
    departures = sum(p.value for p in parts if p.code in (RETIRE, CONTRACT_END))
    assert departures == sum(e.retirements) + sum(e.contract_ends)
    closing = parts[-2] if e.spending_ratio is not None else parts[-1]
    assert closing.code in (GAP, EXCESS)
    assert (closing.value if closing.code == GAP else -closing.value) == e.gap


# --- Evidence changed since the draft -------------------------------------------------------


def test_a_changed_need_is_reported_with_before_and_after() -> None:
    """ "kebutuhan berubah dari 12 ke 10 sejak draf": the gap moves from 7 to 5 with it."""
    assert evidence_changed(evidence(), evidence(need=10)) == (
        Change("need", 12, 10),
        Change("gap", 7, 5),
    )


def test_nothing_changed_is_empty() -> None:
    assert evidence_changed(evidence(), evidence()) == ()
    # Trailing empty years and ratio noise are not changes.
    assert evidence_changed(evidence(), evidence(retirements=(0, 2, 0, 0))) == ()
    assert evidence_changed(evidence(), evidence(spending_ratio=0.28 + 1e-12)) == ()


def test_every_field_can_be_reported() -> None:
    current = evidence(
        need_source="wisn",
        bezetting_on=date(2026, 6, 30),
        retirements=(1,),
        contract_ends=(),
        spending_ratio=None,
    )
    changes = evidence_changed(evidence(), current)
    assert [c.field for c in changes] == [
        "need_source",
        "bezetting_on",
        "retirements",
        "contract_ends",
        "spending_ratio",
        "gap",
    ]
    assert changes[-1] == Change("gap", 7, 5)
    # A changed source with the same numbers leaves the gap alone.
    assert evidence_changed(evidence(), evidence(need_source="standard")) == (
        Change("need_source", "abk", "standard"),
    )


@given(people, people, people, people)
def test_changes_are_the_same_fields_both_ways(n1: int, n2: int, b1: int, b2: int) -> None:
    a, b = evidence(need=n1, bezetting=b1), evidence(need=n2, bezetting=b2)
    there = evidence_changed(a, b)
    back = evidence_changed(b, a)
    assert [(c.field, c.before, c.after) for c in there] == [
        (c.field, c.after, c.before) for c in back
    ]
    assert (there == ()) == (n1 == n2 and b1 == b2)


# --- Deadlines ------------------------------------------------------------------------------


def test_the_deadlines_of_the_2026_round() -> None:
    """DOMAIN §7.2: end of March, end of April (twice), end of May, end of July of year N."""
    assert deadlines(2026) == (
        Deadline(USULAN, date(2026, 3, 31), "Perban BKN 9/2022"),
        Deadline(USULAN_REVISED, date(2026, 4, 30), "Perban BKN 9/2022"),
        Deadline(NATIONAL_PLAN, date(2026, 4, 30), "PP 11/2017"),
        Deadline(MENKEU_OPINION, date(2026, 5, 31), "PP 11/2017"),
        Deadline(PERTIMBANGAN_TEKNIS, date(2026, 7, 31), "Perban BKN 9/2022"),
    )


def test_a_letter_moves_one_deadline_and_the_order_follows() -> None:
    moved = deadlines(2026, {USULAN: date(2026, 6, 14)})
    assert [d.code for d in moved] == [
        USULAN_REVISED,
        NATIONAL_PLAN,
        MENKEU_OPINION,
        USULAN,
        PERTIMBANGAN_TEKNIS,
    ]
    usulan = next(d for d in moved if d.code == USULAN)
    assert usulan == Deadline(USULAN, date(2026, 6, 14), "Perban BKN 9/2022")


def test_unknown_or_bad_overrides_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        deadlines(2026, {"penetapan": date(2026, 8, 1)})
    with pytest.raises(ValueError):
        deadlines(2026, {USULAN: datetime(2026, 3, 31, 12)})
    with pytest.raises(ValueError):
        deadlines(False)


def test_days_left_counts_whole_days_and_goes_negative_after() -> None:
    first = deadlines(2026)[0]
    assert days_left(first, date(2026, 3, 1)) == 30
    assert days_left(first, date(2026, 3, 31)) == 0
    assert days_left(first, date(2026, 4, 2)) == -2
    assert days_left(date(2026, 3, 31), date(2025, 12, 31)) == 90


@given(st.integers(min_value=2000, max_value=2100))
def test_deadlines_are_the_last_days_of_their_months_in_order(year: int) -> None:
    rows = deadlines(year)
    assert {d.code for d in rows} == set(DEADLINE_CODES)
    assert [d.date for d in rows] == sorted(d.date for d in rows)
    for d in rows:
        assert d.date.year == year
        assert days_left(d, d.date) == 0
        assert (d.date.month == 12 and d.date.day == 31) or (
            date.fromordinal(d.date.toordinal() + 1).day == 1
        )


# --- e-Formasi rincian ----------------------------------------------------------------------


def test_repeated_keys_are_merged_and_rows_sorted() -> None:
    items = [
        RincianItem("Perawat Ahli Pertama", "Puskesmas Bukit Batu", "S-1 Keperawatan", "pppk", 2),
        RincianItem("Guru Kelas Ahli Pertama", "SDN 3 Rakumpit", "S-1 PGSD", "pns", 1),
        RincianItem("Perawat  Ahli Pertama", "Puskesmas Bukit Batu", "S-1 Keperawatan", "pppk", 1),
        RincianItem("Perawat Ahli Pertama", "Puskesmas Bukit Batu", "S-1 Keperawatan", "pns", 1),
        RincianItem("Guru Kelas Ahli Pertama", "SDN 1 Rakumpit", "S-1 PGSD", "pppk_pw", 0),
    ]
    assert EFORMASI_COLUMNS == (
        "no",
        "jabatan",
        "unit_kerja",
        "kualifikasi_pendidikan",
        "jenis_pengadaan",
        "jumlah",
    )
    assert eformasi_rows(items) == [
        (1, "Guru Kelas Ahli Pertama", "SDN 3 Rakumpit", "S-1 PGSD", "pns", 1),
        (2, "Perawat Ahli Pertama", "Puskesmas Bukit Batu", "S-1 Keperawatan", "pns", 1),
        (3, "Perawat Ahli Pertama", "Puskesmas Bukit Batu", "S-1 Keperawatan", "pppk", 3),
    ]


def test_bad_rincian_items_are_refused() -> None:
    with pytest.raises(ValueError):
        RincianItem(" ", "u", "e", "pns", 1)
    with pytest.raises(ValueError):
        RincianItem("p", "u", "e", "cpns", 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        RincianItem("p", "u", "e", "pns", -1)
    assert eformasi_rows([]) == []


rincian_items = st.lists(
    st.builds(
        RincianItem,
        position=st.sampled_from(["Perawat", "perawat", "Bidan", "Guru Kelas"]),
        unit=st.sampled_from(["PKM Bukit Batu", "SDN 3", "Dinkes"]),
        education=st.sampled_from(["S-1", "D-III"]),
        status=st.sampled_from(PROPOSAL_STATUSES),
        count=st.integers(min_value=0, max_value=40),
    ),
    max_size=40,
)


@given(rincian_items, st.randoms(use_true_random=False))
def test_rows_preserve_totals_have_unique_keys_and_ignore_input_order(
    items: list[RincianItem], rnd: random.Random
) -> None:
    rows = eformasi_rows(items)
    assert sum(r[-1] for r in rows) == sum(i.count for i in items)
    keys = [r[1:5] for r in rows]
    assert len(keys) == len(set(keys))
    assert all(r[-1] > 0 for r in rows)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert all(len(r) == len(EFORMASI_COLUMNS) for r in rows)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert eformasi_rows(shuffled) == rows
    for status in PROPOSAL_STATUSES:
        assert sum(r[-1] for r in rows if r[4] == status) == sum(
            i.count for i in items if i.status == status
        )
