"""The sentences for a unit's distribution breaches and the box labels."""

from __future__ import annotations

from django.utils import translation

from formasi.domain import performance
from formasi.domain.talent import DEVELOPMENT_ACTIONS
from formasi.talent import text


def test_an_above_max_breach_names_the_counts_and_the_organisation() -> None:
    breach = performance.Breach("above_max", (performance.Predicate.BAIK,), 8, 7, 10)
    with translation.override("id"):
        sentence = text.breach_text(breach, "baik")
    assert sentence.startswith("8 dari 10 pegawai")
    assert "paling banyak boleh 7" in sentence and "Baik" in sentence


def test_a_group_of_predicates_is_joined_with_or() -> None:
    group = (performance.Predicate.BUTUH_PERBAIKAN, performance.Predicate.KURANG)
    breach = performance.Breach("none_present", group, 0, 1, 5)
    with translation.override("en"):
        sentence = text.breach_text(breach, "baik")
    assert "Needs improvement or Poor / misconduct" in sentence


def test_a_below_min_breach_says_at_least() -> None:
    breach = performance.Breach("below_min", (performance.Predicate.KURANG,), 1, 6, 10)
    with translation.override("en"):
        assert "needs at least 6" in text.breach_text(breach, "kurang")


def test_box_nine_is_above_expectation_and_high_potential() -> None:
    with translation.override("en"):
        assert text.axes_text(9) == "performance above expectation, high potential"
        assert text.axes_text(1) == "performance below expectation, low potential"


def test_every_recommended_action_has_words() -> None:
    for actions in DEVELOPMENT_ACTIONS.values():
        assert text.action_labels(actions)
