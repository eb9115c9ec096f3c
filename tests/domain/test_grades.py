"""Starting golongan of new CPNS and PPPK by education (the SK draft's column)."""

from __future__ import annotations

import pytest

from formasi.domain.grades import entry_golongan


@pytest.mark.parametrize(
    ("status", "education", "golongan"),
    [
        ("cpns", "s1", "III/a"),
        ("cpns", "d4", "III/a"),
        ("cpns", "d3", "II/c"),
        ("cpns", "sma", "II/a"),
        ("cpns", "s2", "III/b"),
        ("pppk", "s1", "IX"),
        ("pppk", "d3", "VII"),
        ("pppk", "sma", "V"),
    ],
)
def test_entry_golongan_by_education(status: str, education: str, golongan: str) -> None:
    assert entry_golongan(status, education) == golongan


@pytest.mark.parametrize(("status", "education"), [("pns", "s1"), ("cpns", ""), ("cpns", "x")])
def test_unknown_status_or_education_gives_none(status: str, education: str) -> None:
    assert entry_golongan(status, education) is None
