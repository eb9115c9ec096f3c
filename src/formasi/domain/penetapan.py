"""Approved formasi and the people placed into it (issue 18, part 7).

KemenPAN-RB's penetapan kebutuhan sets, per item of an agency's usulan, how many posts of a
unit × jabatan × jenis pengadaan (PNS or PPPK) × kualifikasi pendidikan may be filled (PP
11/2017 Pasal 12; Perban BKN 9/2022). A placement fills posts per unit × jabatan; this module
shares the people placed into one unit × jabatan among its approved items, and says what was
not realised: "unrealised penetapan may be counted as additional proposal the next year"
(Perban BKN 9/2022; DOMAIN.md §7.2).

Pure Python; counts are whole persons. Statuses are the usulan's codes (``pns``, ``pppk``,
``pppk_pw``); a placed person is ``pns`` (a CPNS) or ``pppk``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["ApprovedItem", "allocate", "status_group", "unrealised"]


def status_group(status: str) -> str:
    """The kind of person who fills an item of ``status``: a CPNS fills a PNS item, a PPPK
    fills a PPPK or PPPK paruh waktu item."""
    return "pns" if status in ("pns", "cpns") else "pppk"


@dataclass(frozen=True, slots=True)
class ApprovedItem:
    """One approved item of a unit × jabatan: its key, status and decided count."""

    key: int
    status: str
    approved: int

    def __post_init__(self) -> None:
        if isinstance(self.approved, bool) or not isinstance(self.approved, int):
            raise ValueError(f"approved must be a whole number, got {self.approved!r}")
        if self.approved < 0:
            raise ValueError(f"approved must be 0 or more, got {self.approved!r}")


def allocate(items: Sequence[ApprovedItem], placed: Sequence[str]) -> dict[int, int]:
    """People placed into one unit × jabatan (their statuses, ``pns``/``cpns`` or ``pppk``),
    shared among its approved items: first each person to an item of their own kind with
    room (in the items' order), then whoever is left to any item with room, then to the
    first item (a placement beyond the approved count still shows somewhere). Returns
    item key → people; the total always equals ``len(placed)``."""
    out = {item.key: 0 for item in items}
    if not items:
        return out
    left: list[str] = []
    for status in placed:
        group = status_group(status)
        room = [i for i in items if status_group(i.status) == group and out[i.key] < i.approved]
        if room:
            out[room[0].key] += 1
        else:
            left.append(status)
    for _status in left:
        room = [i for i in items if out[i.key] < i.approved]
        out[(room[0] if room else items[0]).key] += 1
    return out


def unrealised(approved: int, placed: int) -> int:
    """Approved posts not filled: ``max(0, approved − placed)`` (offered again next year)."""
    return max(0, approved - placed)
