"""Fixed fulfilment bands (issue 17, item 6): the colour of an area does not depend on its
neighbours on screen."""

from __future__ import annotations

import math

import pytest

from formasi.domain.equity.bands import Thresholds, fulfilment_band


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0.71, "short"),  # the kelurahan the old relative scale painted green
        (0.0, "short"),
        (0.7999, "short"),
        (0.8, "under"),
        (0.95, "under"),
        (1.0, "balanced"),
        (1.2, "balanced"),
        (1.3, "over"),
        (None, "none"),
        (math.nan, "none"),
    ],
)
def test_band_of_fulfilment(value: float | None, band: str) -> None:
    assert fulfilment_band(value) == band


def test_configurable_thresholds_move_the_band() -> None:
    strict = Thresholds(short_below=0.9, over_above=1.1)
    assert fulfilment_band(0.85, strict) == "short"
    assert fulfilment_band(1.15, strict) == "over"
    assert fulfilment_band(0.85) == "under"


@pytest.mark.parametrize(("low", "high"), [(0.0, 1.2), (1.1, 1.2), (0.8, 0.9)])
def test_thresholds_around_full_fulfilment(low: float, high: float) -> None:
    with pytest.raises(ValueError, match="thresholds"):
        Thresholds(short_below=low, over_above=high)
