"""IKM of PermenPAN-RB 14/2017 (DOMAIN §12): a published worked example, every band edge and
properties.

WORKED is the "Tabel perhitungan lengkap triwulan III" of a published SKM implementation (29
respondents; per unsur how many gave 4, 3 and 2), with its printed results: NRR per unsur at four
decimals, IKM 91.48 with exact 1/9 weights ("IKM = 3.6590 × 25 = 91.48") and 90.56 where the
"NRR tertimbang" were computed with the weight 0.11 (3.6207 × 0.11 = 0.3983, total 3.6224 × 25).
Source: https://github.com/rennn9/GASPUL_BACKEND/blob/157a1a61dc30bd60a8794ed9d66ddc5ff04d069b/rumus_perhitungan_ikm_lengkap.md
The band edges are the conversion table of the regulation's lampiran as DOMAIN §12 copies it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.survey import UNSUR, SurveyError, from_totals, grade, ikm, weakest

WORKED_SOURCE = "https://github.com/rennn9/GASPUL_BACKEND (rumus_perhitungan_ikm_lengkap.md)"
# unsur -> (how many scored 4, 3, 2)
WORKED = {
    "U1": (18, 11, 0),
    "U2": (14, 15, 0),
    "U3": (15, 12, 2),
    "U4": (29, 0, 0),
    "U5": (15, 14, 0),
    "U6": (18, 11, 0),
    "U7": (19, 10, 0),
    "U8": (18, 11, 0),
    "U9": (28, 1, 0),
}
WORKED_NRR = ["3.6207", "3.4828", "3.4483", "4.0000", "3.5172", "3.6207", "3.6552", "3.6207"]
WORKED_NRR.append("3.9655")


def _worked_responses() -> list[list[int | None]]:
    columns = []
    for fours, threes, twos in WORKED.values():
        columns.append([4] * fours + [3] * threes + [2] * twos)
    return [list(row) for row in zip(*columns, strict=True)]


def test_published_worked_example() -> None:
    result = ikm(_worked_responses())
    assert result.respondents == 29
    assert [str(v) for v in result.nrr] == WORKED_NRR
    assert result.index == Decimal("91.48")
    # The legacy weight 0.111 on the printed NRRs (the source itself rounds to 0.11: 90.56).
    legacy = sum(Decimal(n) for n in WORKED_NRR) * Decimal("0.111") * 25
    assert result.legacy_index == legacy.quantize(Decimal("0.01"))
    assert result.grade == "A"  # "IKM 91.48 → Kategori A (≥88.31)"
    assert weakest(result.nrr) == "U3"  # 3.4483, the lowest printed NRR


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (25, "D"),
        ("64.99", "D"),
        ("64.994", "D"),
        ("64.995", "C"),  # shown as 65.00
        ("65.00", "C"),
        ("76.60", "C"),
        ("76.604", "C"),
        ("76.61", "B"),
        ("88.30", "B"),
        ("88.304", "B"),
        ("88.31", "A"),
        (100, "A"),
    ],
)
def test_every_band_edge(index: object, expected: str) -> None:
    assert grade(Decimal(str(index))) == expected


@pytest.mark.parametrize("index", ["24.99", "100.01", -1])
def test_an_index_outside_25_to_100_is_refused(index: object) -> None:
    with pytest.raises(SurveyError):
        grade(Decimal(str(index)))


@pytest.mark.parametrize("bad", [[1] * 8, [1] * 10, [0] + [1] * 8, [5] + [1] * 8, [True] * 9])
def test_a_response_must_be_nine_scores_1_to_4(bad: list[int]) -> None:
    with pytest.raises(SurveyError):
        ikm([bad])


def test_no_response_has_no_index() -> None:
    result = ikm([])
    assert result.index is None and result.grade is None and result.nrr == (None,) * 9


def test_the_legacy_index_needs_every_unsur() -> None:
    result = ikm([[4] * 8 + [None]])
    assert result.index == Decimal(100) and result.legacy_index is None


score = st.integers(min_value=1, max_value=4)
maybe = st.one_of(st.none(), score)
response = st.lists(maybe, min_size=9, max_size=9)
responses = st.lists(response, min_size=1, max_size=30)


@given(st.integers(min_value=1, max_value=50))
def test_all_fours_is_100_and_all_ones_is_25(n: int) -> None:
    assert ikm([[4] * 9] * n).index == Decimal(100)
    assert ikm([[1] * 9] * n).index == Decimal(25)
    assert ikm([[4] * 9] * n).grade == "A" and ikm([[1] * 9] * n).grade == "D"


@given(responses, st.integers(min_value=0, max_value=8))
def test_a_skipped_unsur_leaves_the_others_averages_unchanged(rows: list, skip: int) -> None:
    before = ikm(rows)
    extra = [4] * 9
    extra[skip] = None
    with_blank = [list(r) for r in rows]
    with_blank.append(extra)
    after = ikm(with_blank)
    # the skipped unsur's average is unchanged; only a new answer of 4 can move the others
    assert after.nrr[skip] == before.nrr[skip]
    assert after.answered[skip] == before.answered[skip]
    only_blank = [list(r) for r in rows] + [[None] * 9]
    assert ikm(only_blank).nrr == before.nrr


@given(responses, st.integers(min_value=0, max_value=29), st.integers(min_value=0, max_value=8))
def test_raising_a_score_never_lowers_the_index(rows: list, who: int, which: int) -> None:
    who %= len(rows)
    current = rows[who][which]
    if current is None or current == 4:
        return
    raised = [list(r) for r in rows]
    raised[who][which] = current + 1
    before, after = ikm(rows), ikm(raised)
    assert before.index is not None and after.index is not None
    assert after.index >= before.index
    assert "ABCD".index(after.grade or "D") <= "ABCD".index(before.grade or "D")


@given(responses)
def test_the_index_is_between_25_and_100_and_its_grade_is_graded(rows: list) -> None:
    result = ikm(rows)
    if result.index is None:
        assert all(v is None for r in rows for v in r)
        return
    assert Decimal(25) <= result.index <= Decimal(100)
    assert result.grade == grade(result.index)


def test_unsur_are_the_nine_of_the_questionnaire() -> None:
    assert tuple(f"U{i}" for i in range(1, 10)) == UNSUR


@given(responses)
def test_totals_give_the_same_result_as_rows(rows: list) -> None:
    totals = [sum(r[i] or 0 for r in rows) for i in range(9)]
    counts = [sum(r[i] is not None for r in rows) for i in range(9)]
    assert from_totals(totals, counts, len(rows)) == ikm(rows)
