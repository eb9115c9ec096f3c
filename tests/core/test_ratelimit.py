"""The fixed-window limiter shared by the survey and the API."""

from __future__ import annotations

from formasi.core.ratelimit import hit


def test_the_limit_holds_within_a_window_and_resets_in_the_next() -> None:
    start = 1_000_020.0  # a multiple of 60: a window starts here
    assert [hit("k", limit=3, window=60, now=start + i) for i in range(3)] == [None] * 3
    assert hit("k", limit=3, window=60, now=start + 15.2) == 45  # seconds left, rounded up
    assert hit("k", limit=3, window=60, now=start + 59.5) == 1  # never less than one second
    assert hit("k", limit=3, window=60, now=start + 60) is None


def test_keys_are_counted_apart() -> None:
    now = 2_000_000.0
    assert hit("a", limit=1, window=60, now=now) is None
    assert hit("b", limit=1, window=60, now=now) is None
    assert hit("a", limit=1, window=60, now=now) is not None
