"""Placement results worded in the UI language from the domain's codes (issue 14, item 6).

The Indonesian reads exactly as the domain's sentences did before the codes (these
assertions moved here from tests/domain/test_placement.py); English is the msgid.
"""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
from django.utils import translation

from formasi.domain.placement import Cell, Person, Problem, Request, milp_placement, place
from formasi.placement import text

HOME = (-2.21, 113.92)  # Palangka Raya


@pytest.fixture
def indonesian() -> Iterator[None]:
    with translation.override("id"):
        yield


@pytest.mark.usefixtures("indonesian")
def test_an_assignment_without_a_known_home_gives_no_kilometres() -> None:
    carla = Person("carla", "guru")
    post = Cell("SD-1", "guru", need=1, bezetting=0, priority=0.5, village="v1",
                district="d1", location=HOME)  # fmt: skip
    (line,) = place(Request([carla], [post])).assignments
    worded = text.assignment_text(line)
    assert "jarak tidak dapat dihitung" in worded and " km" not in worded


@pytest.mark.usefixtures("indonesian")
def test_a_new_hire_is_placed_and_a_transfer_moved() -> None:
    cells = [Cell("C", "guru", need=1, bezetting=0, village="v3", location=(0.0, 0.0))]
    (line,) = place(Request([Person("bob", "guru", home=(0.0, 0.0))], cells)).assignments
    assert text.assignment_text(line) == (
        "bob: ditempatkan di C sebagai guru — formasi kosong terdekat untuk jabatan ini, "
        "0,0 km dari rumah"
    )
    people = [Person(f"N{i}", "perawat", current_unit="U1", home=HOME) for i in range(2)]
    cells = [
        Cell("U1", "perawat", need=1, bezetting=2, location=HOME),
        Cell("U2", "perawat", need=1, bezetting=0, priority=0.9, location=(-2.2, 113.9)),
    ]
    (moved,) = place(Request(people, cells)).assignments
    worded = text.assignment_text(moved)
    assert worded.startswith("N")
    assert "dipindahkan dari U1" in worded


@pytest.mark.usefixtures("indonesian")
def test_infeasible_must_fill_is_explained_in_indonesian() -> None:
    def first_problem(request: Request) -> str:
        return text.problem_text(text.problem_row(place(request).problems[0]))

    cells = [Cell("PKM Baamang", "bidan", need=2, bezetting=0, must_fill=1)]
    problem = first_problem(Request([Person("P1", "perawat")], cells))
    assert "tidak ada pelamar atau pegawai dengan jabatan bidan" in problem
    assert "PKM Baamang" in problem
    assert problem == (
        "PKM Baamang — bidan: wajib terisi 1, hanya 0 bisa diisi — tidak ada pelamar atau "
        "pegawai dengan jabatan bidan."
    )
    too_many = [Cell("U1", "guru", need=1, bezetting=0, must_fill=2)]
    assert "wajib terisi 2" in first_problem(Request([], too_many))
    two = [
        Cell("U1", "guru", need=1, bezetting=0, must_fill=1),
        Cell("U2", "guru", need=1, bezetting=0, must_fill=1),
    ]
    problem = first_problem(Request([Person("P1", "guru")], two))
    assert "hanya 1 orang dengan jabatan guru tersedia untuk 2" in problem
    duplicate = first_problem(Request([Person("P1", "guru"), Person("P1", "guru")], []))
    assert duplicate == "ID orang 'P1' muncul lebih dari sekali."


@pytest.mark.usefixtures("indonesian")
def test_unfilled_and_unplaced_read_as_before() -> None:
    result = place(Request([], [Cell("U1", "guru", need=2, bezetting=0)]))
    assert [text.unfilled_text(text.unfilled_row(u)) for u in result.unfilled] == [
        "U1 — guru: 2 formasi tidak terisi — tidak ada pelamar atau pegawai dengan jabatan ini"
    ]
    result = place(Request([Person("P1", "guru")], [Cell("U1", "guru", need=1, bezetting=1)]))
    assert [text.unplaced_text(text.unplaced_row(u)) for u in result.unplaced] == [
        "P1 (guru): belum ditempatkan — tidak ada formasi kosong untuk jabatannya"
    ]


@pytest.mark.usefixtures("indonesian")
def test_a_milp_time_out_says_so() -> None:
    from ortools.linear_solver import pywraplp

    request = Request([Person("dina", "guru", home=HOME)], [Cell("SD-1", "guru", 1, 0)])
    with mock.patch.object(pywraplp.Solver, "Solve", return_value=pywraplp.Solver.NOT_SOLVED):
        result = milp_placement(request, time_limit_s=1)
    assert "Batas waktu" in text.problem_text(text.problem_row(result.problems[0]))


def test_the_same_codes_read_in_english() -> None:
    row = text.problem_row(Problem("must_fill_jointly"))
    with translation.override("en"):
        assert text.problem_text(row) == "The must-fill posts cannot all be filled together."
        assert (
            text.unfilled_text(
                {"unit": "U1", "position": "guru", "count": 2, "reason": "not_chosen"}
            )
            == "U1 — guru: 2 open posts unfilled — not chosen by this method"
        )
    with translation.override("id"):
        assert text.problem_text(row) == "Formasi wajib terisi tidak dapat dipenuhi bersama-sama."


def test_stored_sentences_are_the_fallback() -> None:
    """Runs computed before the codes were stored keep showing their sentences."""
    old = {"problems": ["Sel 1 — 2 muncul lebih dari sekali."], "unfilled": [{"explain": "x"}]}
    worded = text.worded_summary(old)
    assert worded["problems"] == ["Sel 1 — 2 muncul lebih dari sekali."]
    assert worded["unfilled"] == [{"explain": "x"}]
    assert text.unplaced_text({"number": "1", "explain": "lama"}) == "lama"


@pytest.mark.usefixtures("indonesian")
def test_every_solver_outcome_is_worded_never_its_code() -> None:
    worded = {
        (status, method): text.status_text(status, method)
        for status, method in [
            ("OPTIMAL", "milp"),
            ("FEASIBLE", "greedy"),
            ("FEASIBLE", "milp"),
            ("INFEASIBLE", "milp"),
            ("NOT_SOLVED", "milp"),
            (None, None),
        ]
    }
    assert worded["FEASIBLE", "greedy"] == "cara sederhana (tidak terbukti optimal)"
    assert worded["OPTIMAL", "milp"] == "hasil optimal, terbukti"
    assert len(set(worded.values())) == len(worded)  # each outcome says something of its own
    for (status, _method), words in worded.items():
        assert status is None or status not in words


@pytest.mark.usefixtures("indonesian")
def test_the_worded_summary_carries_the_outcome() -> None:
    assert text.worded_summary({"status": "NOT_SOLVED"})["status_text"] == (
        "tidak terpecahkan dalam waktu yang diberikan"
    )
