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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from formasi.domain.siasn import education_level

__all__ = [
    "ApprovedItem",
    "allocate",
    "education_levels",
    "fits",
    "fits_variant",
    "person_level",
    "status_group",
    "unrealised",
    "variant",
]

#: Education levels named in a requirement ("S-1/D-IV PGSD", "SMA/SMK", "D-III Keperawatan"):
#: the token and Formasi's level code (as ``formasi.domain.siasn.EDUCATION_NAMES``).
_LEVEL_TOKENS = re.compile(
    r"(?<![A-Za-z])(SD|SMP|SLTP|SMA|SMK|SLTA|D-?IV|D-?III|D-?II|D-?I|D-?[1-4]|S-?[1-3])"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_LEVEL_CODES = {
    "sd": "sd", "smp": "smp", "sltp": "smp", "sma": "sma", "smk": "sma", "slta": "sma",
    "di": "d1", "d1": "d1", "dii": "d2", "d2": "d2", "diii": "d3", "d3": "d3",
    "div": "d4", "d4": "d4", "s1": "s1", "s2": "s2", "s3": "s3",
}  # fmt: skip


def status_group(status: str) -> str:
    """The kind of person who fills an item of ``status``: a CPNS fills a PNS item, a PPPK
    fills a PPPK or PPPK paruh waktu item."""
    return "pns" if status in ("pns", "cpns") else "pppk"


def education_levels(requirement: str) -> frozenset[str]:
    """The education levels a requirement names, as level codes: "S-1/D-IV PGSD + sertifikat
    pendidik" → {s1, d4}; "SMA/SMK" → {sma}; "" or a text naming no level → {} (any
    education fits)."""
    return frozenset(
        _LEVEL_CODES[m.group(1).replace("-", "").lower()]
        for m in _LEVEL_TOKENS.finditer(requirement or "")
    )


def person_level(education: str) -> str | None:
    """A person's education level code ("S-1", "Diploma III", "SMA" …), or ``None`` when it
    is blank or not recognised."""
    if not education or not education.strip():
        return None
    level = education_level(education)
    if level is not None:
        return level
    levels = education_levels(education)
    return min(levels) if len(levels) == 1 else None


def fits(status: str, levels: frozenset[str], person_status: str, level: str | None) -> bool:
    """Whether a person (``person_status`` ``cpns``/``pns`` or ``pppk``, education ``level``)
    may fill an item of ``status`` requiring one of ``levels``: the same kind (a CPNS a PNS
    item, a PPPK a PPPK or PPPK paruh waktu item) and, when the item names levels, one of
    them (a person whose education is unknown fits only an item naming none)."""
    if status_group(status) != status_group(person_status):
        return False
    return not levels or level in levels


def variant(position: str, status: str, levels: frozenset[str]) -> str:
    """The key of the posts of a jabatan that one kind of person may fill: position,
    status group and the levels (``"12/pns/d4+s1"``, ``"12/pppk/*"`` for any education).
    Equal keys are interchangeable posts; the solver fills them like one jabatan."""
    return f"{position}/{status_group(status)}/{'+'.join(sorted(levels)) or '*'}"


def fits_variant(key: str, person_status: str, level: str | None) -> bool:
    """:func:`fits` for the posts of a :func:`variant` key."""
    _position, group, levels = key.rsplit("/", 2)
    return fits(group, frozenset() if levels == "*" else frozenset(levels.split("+")),
                person_status, level)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ApprovedItem:
    """One approved item of a unit × jabatan: its key, status, decided count and the
    education levels it requires (none: any)."""

    key: int
    status: str
    approved: int
    levels: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if isinstance(self.approved, bool) or not isinstance(self.approved, int):
            raise ValueError(f"approved must be a whole number, got {self.approved!r}")
        if self.approved < 0:
            raise ValueError(f"approved must be 0 or more, got {self.approved!r}")


def allocate(
    items: Sequence[ApprovedItem], placed: Sequence[str | tuple[str, str | None]]
) -> dict[int, int]:
    """People placed into one unit × jabatan (their statuses, ``pns``/``cpns`` or ``pppk``,
    or (status, education level) pairs), shared among its approved items: first each person
    to an item they fit (:func:`fits`; by status alone when only the status is given) with
    room (in the items' order), then whoever is left to any item with room, then to the
    first item (a placement beyond the approved count still shows somewhere). Returns item
    key → people; the total always equals ``len(placed)``."""
    out = {item.key: 0 for item in items}
    if not items:
        return out
    left = 0
    for person in placed:
        status, level = person if isinstance(person, tuple) else (person, None)
        by_status_only = not isinstance(person, tuple)
        room = [
            i
            for i in items
            if out[i.key] < i.approved
            and (
                status_group(i.status) == status_group(status)
                if by_status_only
                else fits(i.status, i.levels, status, level)
            )
        ]
        if room:
            out[room[0].key] += 1
        else:
            left += 1
    for _ in range(left):
        room = [i for i in items if out[i.key] < i.approved]
        out[(room[0] if room else items[0]).key] += 1
    return out


def unrealised(approved: int, placed: int) -> int:
    """Approved posts not filled: ``max(0, approved − placed)`` (offered again next year)."""
    return max(0, approved - placed)
