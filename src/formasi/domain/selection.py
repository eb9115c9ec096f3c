"""Seleksi terbuka (open selection) for a pimpinan tinggi post (JPT): the selection committee's
composition, the stage scores, the final score, the ranking and the three names sent to the
pejabat pembina kepegawaian (PPK), and the PPK's choice.

Pure Python (standard library only, no Django); returns numbers and codes the apps word.

Sources and what is verified
----------------------------
* UU 20/2023 tentang ASN keeps the filling of JPT open and competitive on merit (Pasal 27 and
  the merit principle, Pasal 1 angka 22; the old UU 5/2014 Pasal 108–115 gave the procedure);
  PP 11/2017 as amended by PP 17/2020 gives the procedure in Pasal 106–132: a panitia seleksi
  formed by the PPK (Pasal 112), stages of administration, competence (managerial,
  socio-cultural and technical), interview and track record (rekam jejak), and the committee
  **chooses three names for each post** that it sends to the PPK, who appoints one of the
  three (Pasal 115, 119) **[P]** (read from the regulation's consolidated text, not re-checked
  article by article here).
* PermenPAN-RB 15/2019 (pengisian JPT secara terbuka dan kompetitif) sets the stages —
  persiapan (panitia seleksi, jadwal), pelaksanaan (pengumuman, seleksi administrasi, uji
  kompetensi, wawancara akhir, penelusuran rekam jejak, tes kesehatan/psikologi optional) and
  pasca seleksi (three names to the PPK, the PPK's choice, reported to KASN/the ASN
  commission). It sets the committee at an **odd number of 5 to 9 members** with internal and
  external members, the **internal share at most 45 %**; the announcement open at least
  **15 days** **[P]** (from secondary sources; kept as settings the agency can change).
* The stage **weights** are not fixed by the regulation; the default below (kompetensi 50 %,
  wawancara 30 %, rekam jejak 20 %) is an assumption **[U]** and a setting. Administration is
  pass/fail: only those who pass are ranked.

Ranking
-------
``final = Σ weight × stage score`` over the scored stages (each 0–100). Candidates who passed
administration and have every weighted stage scored are ranked by the final score, highest
first; ties go to the higher kompetensi score, then to the lower candidate key (the earlier
registration), so the order is total and stable. The top three are the shortlist.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Final

__all__ = [
    "DEFAULT_COMMITTEE_RULES",
    "DEFAULT_WEIGHTS",
    "SCORE_MAX",
    "SHORTLIST_SIZE",
    "CandidateScores",
    "CommitteeRules",
    "Ranked",
    "Ranking",
    "Stage",
    "StageWeights",
    "announcement_problems",
    "committee_problems",
    "decision_problem",
    "final_score",
    "rank",
]

#: How many names the committee sends to the PPK for one post (PP 11/2017 Pasal 115) [P].
SHORTLIST_SIZE: Final = 3
#: A stage score runs from 0 to this.
SCORE_MAX: Final = Fraction(100)


class Stage(StrEnum):
    """The scored stages, in the order they are held."""

    ADMINISTRASI = "administrasi"  # pass / fail
    KOMPETENSI = "kompetensi"  # uji kompetensi (assessment centre), 0–100
    WAWANCARA = "wawancara"  # wawancara akhir, 0–100
    REKAM_JEJAK = "rekam_jejak"  # penelusuran rekam jejak, 0–100


SCORED_STAGES: Final = (Stage.KOMPETENSI, Stage.WAWANCARA, Stage.REKAM_JEJAK)


@dataclass(frozen=True)
class StageWeights:
    """Weights of the scored stages (each ≥ 0, summing to 1)."""

    kompetensi: Fraction
    wawancara: Fraction
    rekam_jejak: Fraction

    def __post_init__(self) -> None:
        parts = self.as_mapping().values()
        if any(w < 0 for w in parts) or sum(parts) != 1:
            raise ValueError("stage weights must be ≥ 0 and sum to 1")

    def as_mapping(self) -> Mapping[Stage, Fraction]:
        return MappingProxyType(
            {
                Stage.KOMPETENSI: Fraction(self.kompetensi),
                Stage.WAWANCARA: Fraction(self.wawancara),
                Stage.REKAM_JEJAK: Fraction(self.rekam_jejak),
            }
        )

    @classmethod
    def percent(cls, kompetensi: int, wawancara: int, rekam_jejak: int) -> StageWeights:
        return cls(Fraction(kompetensi, 100), Fraction(wawancara, 100), Fraction(rekam_jejak, 100))


#: Default weights (an assumption [U]; a setting).
DEFAULT_WEIGHTS: Final = StageWeights.percent(50, 30, 20)


@dataclass(frozen=True)
class CandidateScores:
    """One candidate's results: ``passed_administration`` is None until decided; a stage score
    is None until entered."""

    key: Hashable
    passed_administration: bool | None
    kompetensi: Fraction | None = None
    wawancara: Fraction | None = None
    rekam_jejak: Fraction | None = None

    def score(self, stage: Stage) -> Fraction | None:
        return {
            Stage.KOMPETENSI: self.kompetensi,
            Stage.WAWANCARA: self.wawancara,
            Stage.REKAM_JEJAK: self.rekam_jejak,
        }[stage]


def _checked(value: Fraction | int | float | None, stage: Stage) -> Fraction | None:
    if value is None:
        return None
    found = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    if not 0 <= found <= SCORE_MAX:
        raise ValueError(f"{stage.value} score must be from 0 to {SCORE_MAX}, not {value}")
    return found


def final_score(
    scores: CandidateScores, weights: StageWeights = DEFAULT_WEIGHTS
) -> Fraction | None:
    """Σ weight × stage score, or None while a stage with a weight above 0 has no score."""
    total = Fraction(0)
    for stage, weight in weights.as_mapping().items():
        value = _checked(scores.score(stage), stage)
        if value is None:
            if weight:
                return None
            continue
        total += weight * value
    return total


@dataclass(frozen=True)
class Ranked:
    """A ranked candidate: place 1 is the best."""

    key: Hashable
    place: int
    final: Fraction
    shortlisted: bool


@dataclass(frozen=True)
class Ranking:
    """The ranked candidates (best first) and why each of the others is not ranked
    ("administrasi_failed", "administrasi_pending", "scores_missing")."""

    ranked: tuple[Ranked, ...]
    not_ranked: Mapping[Hashable, str] = field(default_factory=dict)

    def shortlist(self) -> tuple[Hashable, ...]:
        """The keys of the (at most) three best, best first."""
        return tuple(r.key for r in self.ranked if r.shortlisted)

    def place_of(self, key: Hashable) -> int | None:
        return next((r.place for r in self.ranked if r.key == key), None)


def _order(key: Hashable) -> tuple[int, str]:
    """Registration order: integers by value, anything else by its text."""
    if isinstance(key, int) and not isinstance(key, bool):
        return (0, f"{key:020d}")
    return (1, str(key))


def rank(
    candidates: Iterable[CandidateScores],
    weights: StageWeights = DEFAULT_WEIGHTS,
    shortlist_size: int = SHORTLIST_SIZE,
) -> Ranking:
    """Rank who passed administration and has every weighted stage scored; the best
    ``shortlist_size`` are shortlisted."""
    scored: list[tuple[Fraction, Fraction, CandidateScores]] = []
    not_ranked: dict[Hashable, str] = {}
    for c in candidates:
        if c.passed_administration is None:
            not_ranked[c.key] = "administrasi_pending"
            continue
        if not c.passed_administration:
            not_ranked[c.key] = "administrasi_failed"
            continue
        final = final_score(c, weights)
        if final is None:
            not_ranked[c.key] = "scores_missing"
            continue
        scored.append((final, _checked(c.kompetensi, Stage.KOMPETENSI) or Fraction(0), c))
    scored.sort(key=lambda t: (-t[0], -t[1], _order(t[2].key)))
    ranked = tuple(
        Ranked(c.key, place, final, place <= shortlist_size)
        for place, (final, _k, c) in enumerate(scored, start=1)
    )
    return Ranking(ranked, MappingProxyType(not_ranked))


# --------------------------------------------------------------------------- committee


@dataclass(frozen=True)
class CommitteeRules:
    """Panitia seleksi: an odd size from ``min_members`` to ``max_members``, internal members at
    most ``max_internal_share`` of all, exactly one chair (PermenPAN-RB 15/2019) [P]."""

    min_members: int = 5
    max_members: int = 9
    max_internal_share: Fraction = Fraction(45, 100)


DEFAULT_COMMITTEE_RULES: Final = CommitteeRules()


def committee_problems(
    members: Sequence[tuple[bool, bool]], rules: CommitteeRules = DEFAULT_COMMITTEE_RULES
) -> tuple[str, ...]:
    """Codes of what the committee breaks; ``members`` are (internal, chair) pairs.

    "too_few", "too_many", "even_number", "internal_share", "no_external", "chair_count".
    An empty tuple means the committee may work.
    """
    size = len(members)
    found: list[str] = []
    if size < rules.min_members:
        found.append("too_few")
    if size > rules.max_members:
        found.append("too_many")
    if size % 2 == 0:
        found.append("even_number")
    internal = sum(1 for inside, _chair in members if inside)
    if size and Fraction(internal, size) > rules.max_internal_share:
        found.append("internal_share")
    if size and internal == size:
        found.append("no_external")
    if sum(1 for _inside, chair in members if chair) != 1:
        found.append("chair_count")
    return tuple(found)


def announcement_problems(days_open: int, *, min_days: int = 15) -> tuple[str, ...]:
    """ "closes_before_opens" if the period is negative, "too_short" if it is open fewer than
    ``min_days`` days (counting both ends)."""
    if days_open < 1:
        return ("closes_before_opens",)
    if days_open < min_days:
        return ("too_short",)
    return ()


def decision_problem(chosen: Hashable, shortlist: Sequence[Hashable]) -> str:
    """ "" if the PPK's choice is one of the names sent; "not_shortlisted" otherwise, and
    "no_shortlist" while none was sent."""
    if not shortlist:
        return "no_shortlist"
    return "" if chosen in shortlist else "not_shortlisted"
