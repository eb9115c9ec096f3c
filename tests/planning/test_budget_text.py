"""The recruitment plan's lines worded in the UI language (moved from the domain, issue 14)."""

from __future__ import annotations

from django.utils import translation

from formasi.domain.budget import Candidate, plan_recruitment
from formasi.planning.budget_text import (
    explain,
    explain_unfilled,
    format_decimal,
    format_rupiah,
    unfilled_text,
)


def test_indonesian_number_format() -> None:
    assert format_rupiah(123_456_789) == "Rp 123.456.789"
    assert format_rupiah(0) == "Rp 0"
    assert format_decimal(0.9) == "0,90"
    assert format_decimal(1234.5) == "1.234,50"


def test_explain_chosen_and_unfilled_lines() -> None:
    guru = Candidate(
        "sdn3", "Guru kelas SD — SDN 3 Rakumpit", "guru", "Rakumpit", 2, 0.9, 123_456_789
    )
    plan = plan_recruitment([guru], budget_by_year=[123_456_789])
    assert explain(plan.lines[0]) == (
        "Guru kelas SD — SDN 3 Rakumpit: kekurangan 2, prioritas 0,90, "
        "biaya Rp 123.456.789/tahun; direkrut 1 orang pada tahun ke-1, sisa kekurangan 1"
    )
    assert explain_unfilled(plan.unfilled[0]) == (
        "Guru kelas SD — SDN 3 Rakumpit: sisa kekurangan 1, prioritas 0,90 — "
        "ruang anggaran sudah terpakai untuk kebutuhan yang lebih diutamakan"
    )


def test_an_english_user_reads_the_same_line_in_english() -> None:
    guru = Candidate("sdn3", "Guru kelas SD — SDN 3 Rakumpit", "guru", "Rakumpit", 2, 0.9, 100)
    plan = plan_recruitment([guru], budget_by_year=[100])
    with translation.override("en"):
        assert explain(plan.lines[0]) == (
            "Guru kelas SD — SDN 3 Rakumpit: shortage 2, priority 0.90, cost Rp 100/year; "
            "1 hired in plan year 1, 1 still short"
        )


def test_a_stored_unfilled_row_with_an_unknown_reason_still_shows() -> None:
    row = {"label": "X", "remaining": 1, "priority": 0.5, "reason": "something_new"}
    assert unfilled_text(row).endswith("something_new")


def test_stored_lines_are_worded_again_in_the_ui_language() -> None:
    """The plan page and the exports word stored lines from their figures (issue 14, item 2);
    a line stored before the figures were kept shows its stored sentence."""
    from formasi.planning.budget_text import line_row, worded_lines, worded_unfilled

    guru = Candidate(
        "sdn3", "Guru kelas SD — SDN 3 Rakumpit", "guru", "Rakumpit", 2, 0.9, 123_456_789
    )
    plan = plan_recruitment([guru], budget_by_year=[123_456_789])
    stored = {**line_row(plan.lines[0]), "explanation": "kalimat lama"}
    with translation.override("en"):
        (line,) = worded_lines([stored])
        assert line["explanation"].startswith("Guru kelas SD — SDN 3 Rakumpit: shortage 2")
    with translation.override("id"):
        (line,) = worded_lines([stored])
        assert "direkrut 1 orang pada tahun ke-1" in line["explanation"]
    old = {"label": "x", "explanation": "kalimat lama"}
    assert worded_lines([old])[0]["explanation"] == "kalimat lama"
    assert worded_unfilled([old])[0]["explanation"] == "kalimat lama"
