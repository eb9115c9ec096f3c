"""Training needs: competency gaps per person and per unit, plan-line priorities and the yearly
development hours of every ASN. Pure computation: codes and numbers, no words.

Sources:

* **PermenPAN-RB 38/2017** (Standar Kompetensi Jabatan ASN), Pasal 4–6: a position's standard
  names its *kompetensi teknis*, *kompetensi manajerial* and *kompetensi sosial kultural*,
  each at a required level; managerial and socio-cultural competencies have **levels 1–5**
  (Lampiran: "level 1" to "level 5"), technical ones are set per position on the same scale.
  A person's gap on a competency is the required level minus the level they have, never
  below 0 (a level above the standard is no surplus that offsets another competency).
* **PP 11/2017** Pasal 203 ayat (4) (as amended by PP 17/2020): every PNS has the right to
  competence development of **at least 20 lesson hours (JP) a year**; PermenPAN-RB 38/2017 and
  Peraturan LAN 10/2018 count it in JP. The 20 is :data:`DEVELOPMENT_RIGHT_HOURS`, a default
  the settings may change (``FORMASI_TRAINING_RIGHT_HOURS``).
* The 9-box's recommended actions are ``formasi.domain.talent.DEVELOPMENT_ACTIONS``; the ones
  that are development (not a decision such as a promotion) become training-plan lines
  (:data:`TRAINING_ACTIONS`, DOMAIN §10 [U]).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from formasi.domain.talent import DEVELOPMENT_ACTIONS
from formasi.domain.talent import Action as BoxAction

__all__ = [
    "DEVELOPMENT_RIGHT_HOURS",
    "MAX_LEVEL",
    "MIN_LEVEL",
    "TRAINING_ACTIONS",
    "CompetencyGap",
    "HoursStatus",
    "Kind",
    "Priority",
    "Requirement",
    "UnitGap",
    "box_priority",
    "box_training_actions",
    "gap",
    "gap_priority",
    "hours_status",
    "person_gaps",
    "suggested_hours",
    "unit_gaps",
]

MIN_LEVEL: Final = 1
MAX_LEVEL: Final = 5
#: PP 11/2017 Pasal 203 ayat (4): at least 20 JP of competence development a year.
DEVELOPMENT_RIGHT_HOURS: Final = 20


class Kind(StrEnum):
    """The three groups of a standar kompetensi jabatan (PermenPAN-RB 38/2017 Pasal 4)."""

    TECHNICAL = "technical"
    MANAGERIAL = "managerial"
    SOCIO_CULTURAL = "socio_cultural"


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


def _level(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if not MIN_LEVEL <= value <= MAX_LEVEL:
        raise ValueError(f"{name} must be from {MIN_LEVEL} to {MAX_LEVEL}, not {value}")
    return value


def gap(required: int, actual: int | None) -> int:
    """Levels missing: ``required - actual``, 0 when met or exceeded; no record counts as
    level 0 (the whole required level is missing). ``ValueError`` outside levels 1–5."""
    _level(required, "required")
    have = 0 if actual is None else _level(actual, "actual")
    return max(0, required - have)


@dataclass(frozen=True)
class Requirement:
    """One line of a position's competency standard."""

    code: str
    kind: Kind
    level: int


@dataclass(frozen=True)
class CompetencyGap:
    code: str
    kind: Kind
    required: int
    actual: int | None
    gap: int


def person_gaps(
    requirements: Iterable[Requirement], levels: Mapping[str, int]
) -> list[CompetencyGap]:
    """The gap on every required competency of a person (``levels``: their recorded level by
    competency code), in the standard's order."""
    return [
        CompetencyGap(r.code, r.kind, r.level, levels.get(r.code), gap(r.level, levels.get(r.code)))
        for r in requirements
    ]


@dataclass(frozen=True)
class UnitGap:
    """One competency across a unit's people: how many are held to it, how many fall short,
    the levels missing in total and the largest single gap."""

    code: str
    kind: Kind
    people: int
    short: int
    total: int
    largest: int


def unit_gaps(per_person: Iterable[Iterable[CompetencyGap]]) -> list[UnitGap]:
    """The unit's gaps per competency (people counted whole), the most people short first,
    then the most levels missing, then by code."""
    found: dict[str, list[CompetencyGap]] = {}
    for gaps in per_person:
        for g in gaps:
            found.setdefault(g.code, []).append(g)
    result = [
        UnitGap(
            code,
            rows[0].kind,
            len(rows),
            sum(1 for g in rows if g.gap > 0),
            sum(g.gap for g in rows),
            max(g.gap for g in rows),
        )
        for code, rows in found.items()
    ]
    return sorted(result, key=lambda u: (-u.short, -u.total, u.code))


def gap_priority(missing: int) -> Priority | None:
    """Two levels or more missing: high; one: medium; none: no plan line (None)."""
    if missing < 0:
        raise ValueError("a gap is never negative")
    if missing >= 2:
        return Priority.HIGH
    return Priority.MEDIUM if missing == 1 else None


def suggested_hours(missing: int, hours_per_level: int) -> int:
    """Lesson hours a plan line proposes to close a gap: ``hours_per_level`` per level."""
    if missing < 0 or hours_per_level < 0:
        raise ValueError("gap and hours per level must be at least 0")
    return missing * hours_per_level


#: The 9-box actions that are development and so become plan lines (DOMAIN §10 [U]).
TRAINING_ACTIONS: Final = (
    BoxAction.COMPETENCE_DEVELOPMENT,
    BoxAction.PERFORMANCE_COACHING,
    BoxAction.COUNSELLING,
    BoxAction.JOB_ENRICHMENT,
    BoxAction.JOB_ENLARGEMENT,
)


def box_training_actions(box: int) -> tuple[BoxAction, ...]:
    """The development actions recommended for a box, in the box's order."""
    if box not in DEVELOPMENT_ACTIONS:
        raise ValueError(f"box must be a whole number from 1 to 9, not {box!r}")
    return tuple(a for a in DEVELOPMENT_ACTIONS[box] if a in TRAINING_ACTIONS)


def box_priority(box: int) -> Priority:
    """Boxes 1–3 (performance below expectation or low potential and as expected): high;
    4–6: medium; 7–9 (the succession group): low — they develop, but are not at risk."""
    if box not in DEVELOPMENT_ACTIONS:
        raise ValueError(f"box must be a whole number from 1 to 9, not {box!r}")
    if box <= 3:
        return Priority.HIGH
    return Priority.MEDIUM if box <= 6 else Priority.LOW


@dataclass(frozen=True)
class HoursStatus:
    """A person's development hours of a year against the right."""

    done: int
    planned: int
    right: int

    @property
    def below(self) -> bool:
        """Fewer hours done than the right."""
        return self.done < self.right

    @property
    def missing(self) -> int:
        """Hours still owed to the person (never negative)."""
        return max(0, self.right - self.done)

    @property
    def missing_after_plan(self) -> int:
        """Hours still owed if every planned hour is done."""
        return max(0, self.right - self.done - self.planned)


def hours_status(done: int, planned: int, right: int = DEVELOPMENT_RIGHT_HOURS) -> HoursStatus:
    if min(done, planned, right) < 0:
        raise ValueError("hours are never negative")
    return HoursStatus(done, planned, right)
