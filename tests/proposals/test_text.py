"""The justification worded from an item's evidence, in the reader's language."""

from __future__ import annotations

from django.utils import translation

from formasi.domain.proposal_workflow import Actor, Step
from formasi.proposals import text

EVIDENCE = {
    "need": 6,
    "bezetting": 2,
    "bezetting_on": "2025-12-31",
    "years": [2026, 2027, 2028],
    "retirements": [0, 1, 4],
    "contract_ends": [0, 1, 0],
    "counted_years": 2,
}


def test_the_justification_names_need_bezetting_and_the_leavers_counted() -> None:
    with translation.override("id"):
        words = text.justification(EVIDENCE, 4, "ABK")
    assert words == (
        "Kebutuhan: 6 (ABK). Pegawai yang ada per 2025-12-31: 2. Keluar pada 2026–2027: 1 "
        "mencapai batas usia pensiun (BUP) dan 1 kontrak PPPK berakhir. Diusulkan: 4 orang."
    )


def test_no_leavers_no_leaver_sentence_and_english_plurals() -> None:
    quiet = {**EVIDENCE, "retirements": [0, 0, 4], "contract_ends": [0, 0, 0]}
    with translation.override("en"):
        words = text.justification(quiet, 1, "ABK")
    assert "Leaving" not in words
    assert words.endswith("Proposed: 1 person.")


def test_every_step_and_actor_has_words() -> None:
    with translation.override("id"):
        for step in Step:
            assert text.step_label(step) != step.value
        assert [text.actor_label(a) for a in Actor] == [
            "Operator OPD",
            "BKPSDM",
            "BKN",
            "KemenPAN-RB",
            "Pimpinan",
        ]
