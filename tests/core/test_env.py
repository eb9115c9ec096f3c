"""Rate settings such as FORMASI_API_RATE are read strictly."""

from __future__ import annotations

import pytest

from formasi.core.env import BadSetting, parse_rate


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("600/minute", (600, 60)),
        ("5/second", (5, 1)),
        (" 10 / Hour ", (10, 3600)),
        ("1/day", (1, 86400)),
    ],
)
def test_a_rate_is_requests_per_period(raw: str, expected: tuple[int, int]) -> None:
    assert parse_rate("X", raw) == expected


@pytest.mark.parametrize("raw", ["600", "0/minute", "-1/minute", "ten/minute", "5/week", ""])
def test_anything_else_is_refused(raw: str) -> None:
    with pytest.raises(BadSetting):
        parse_rate("X", raw)
