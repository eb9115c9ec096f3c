"""The rank a new civil servant starts at, from the education the selection asked for.

A new CPNS is appointed at the starting *golongan/ruang* of the diploma used to apply
(PP 99/2000 on PNS ranks, art. 17, as amended by PP 12/2002; restated in BKN's yearly CPNS
guides): SD I/a, SLTP I/c, SLTA and D-I II/a, D-II II/b, D-III II/c, S-1 and D-IV III/a,
S-2 III/b, S-3 III/c. [P: the regulation's table as quoted by BKN guides; the law text itself
not seen.]

A new PPPK gets a *golongan* I–XVII (Perpres 98/2020 on PPPK salaries and allowances,
attachment): by education SD I, SLTP IV, SLTA and D-I V, D-II VI, D-III VII, S-1 and D-IV IX,
S-2 X, S-3 XI. [P] For a functional post the jenjang of the formasi decides (ahli pertama IX
…), which the agency checks against the formasi; this module gives the education rule only.

Codes in, codes out: the education levels of ``workforce.Employee.Education`` ("sma", "s1" …)
and the statuses "cpns" and "pppk". Unknown input gives ``None`` (the SK draft leaves the cell
blank and says why).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = ["CPNS_ENTRY", "PPPK_ENTRY", "entry_golongan"]

CPNS_ENTRY: Final[Mapping[str, str]] = MappingProxyType(
    {
        "sd": "I/a",
        "smp": "I/c",
        "sma": "II/a",
        "d1": "II/a",
        "d2": "II/b",
        "d3": "II/c",
        "d4": "III/a",
        "s1": "III/a",
        "s2": "III/b",
        "s3": "III/c",
    }
)
PPPK_ENTRY: Final[Mapping[str, str]] = MappingProxyType(
    {
        "sd": "I",
        "smp": "IV",
        "sma": "V",
        "d1": "V",
        "d2": "VI",
        "d3": "VII",
        "d4": "IX",
        "s1": "IX",
        "s2": "X",
        "s3": "XI",
    }
)


def entry_golongan(status: str, education: str | None) -> str | None:
    """The starting golongan of a new CPNS or PPPK ("cpns", "s1" → "III/a"; "pppk", "d3" →
    "VII"), or ``None`` when the status or the education is unknown."""
    table = {"cpns": CPNS_ENTRY, "pppk": PPPK_ENTRY}.get(status)
    if table is None or not education:
        return None
    return table.get(education)
