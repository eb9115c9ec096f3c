"""The justification and the evidence changes in words (Indonesian by default)."""

from __future__ import annotations

from datetime import date

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from formasi.domain.proposal_rules import Change, Evidence
from formasi.proposals import wording

# DOMAIN.md §7.5 worked by hand: need 6 (ABK), 2 in post on 31 December 2025; one PNS reaches
# BUP in 2026 and one PPPK contract ends in 2027, so nobody is left by 2027: 6 − 0 = 6 short.
# Belanja pegawai (500 − 50) ÷ 2,000 = 22.5 % of the APBD, within the 30 % cap.
EVIDENCE = Evidence(
    need=6,
    need_source="abk",
    bezetting=2,
    bezetting_on=date(2025, 12, 31),
    retirements=(1, 0),
    contract_ends=(0, 1),
    spending_ratio=0.225,
)


def test_the_justification_words_every_clause_of_the_evidence_in_indonesian() -> None:
    with translation.override("id"):
        words = wording.justification(EVIDENCE, 6)
    assert words == (
        "Kebutuhan 6 orang (analisis beban kerja (ABK)). Pegawai yang ada per 31 Desember 2025: "
        "2 orang. Mencapai batas usia pensiun (BUP) pada 2026: 1 orang. Kontrak PPPK berakhir "
        "pada 2027: 1 orang. Kekurangan: 6 orang. Belanja pegawai 22,50 % dari APBD, dalam "
        "batas 30,00 %. Diusulkan: 6 orang."
    )


def test_an_excess_and_a_ratio_over_the_cap_are_said_so() -> None:
    over = Evidence(
        need=2,
        need_source="wisn",
        bezetting=5,
        bezetting_on=date(2025, 12, 31),
        spending_ratio=0.34,
    )
    with translation.override("en"):
        words = wording.justification(over, 0)
    assert "Excess: 3 people." in words
    assert "34.00 % of the APBD, over the 30.00 % cap" in words
    assert "retirement" not in words  # no leavers, no leaver clause


def test_a_change_reads_as_in_the_issue() -> None:
    with translation.override("id"):
        assert (
            wording.change(Change("need", 12, 10)) == "kebutuhan berubah dari 12 ke 10 sejak draf"
        )
        # per-year counts are summed over the years the count rests on
        assert wording.change(Change("retirements", (1, 0), (1, 2))) == (
            "pensiun (BUP) berubah dari 1 ke 3 sejak draf"
        )


@given(
    need=st.integers(0, 500),
    bezetting=st.integers(0, 500),
    retirements=st.lists(st.integers(0, 20), max_size=3),
    count=st.integers(0, 500),
)
def test_the_justification_always_states_need_bezetting_and_the_count(
    need: int, bezetting: int, retirements: list[int], count: int
) -> None:
    evidence = Evidence(
        need=need,
        need_source="standard",
        bezetting=bezetting,
        bezetting_on=date(2025, 12, 31),
        retirements=tuple(retirements),
    )
    with translation.override("en"):
        words = wording.justification(evidence, count)
        assert words.startswith(f"Need {wording.people(need)} (staffing standard).")
        assert f"In post on 31 December 2025: {wording.people(bezetting)}." in words
        assert words.endswith(f"Proposed: {wording.people(count)}.")
    assert sum(1 for _ in filter(None, retirements)) == words.count("retirement age")
