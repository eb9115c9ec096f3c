"""Manajemen talenta ASN: the 9-box, the talent score and the talent pool.

Pure Python (standard library only, no Django). Scores are numbers from 0 to 100; boxes are
whole numbers 1–9; levels, components and actions are codes the Django layer words.

Rules implemented
-----------------
PermenPAN-RB 3/2020 — the kotak manajemen talenta (DOMAIN §10)
    Kinerja (vertical) × potensi (horizontal), three levels each::

        kinerja ↓ / potensi →   rendah  menengah  tinggi
        di atas ekspektasi        4        7        9
        sesuai ekspektasi         2        5        8
        di bawah ekspektasi       1        3        6

    Kelompok rencana suksesi (KRS) instansi = kotak 9, 8 and 7; KRS nasional = kotak 9 [V]
    (BKN KMS "Manajemen Talenta", mirrored in ``Collopus23/KBS-CORPU-VERSIONCLONE``
    ``resources/views/kms/artikel2.blade.php``). The numbering of boxes 1–6 comes from the
    Lampiran as drawn by public implementations ("Kotak 8: kinerja sesuai ekspektasi dan
    potensial tinggi", "Kotak 6: kinerja di bawah ekspektasi dan potensial tinggi", …) [P];
    it agrees with the KRS boxes and is monotone in both axes.

Recommended follow-up per box (:data:`DEVELOPMENT_ACTIONS`) — DOMAIN §10 [U]
    Editable data; the app may replace it per agency.

Talent score — weights as data (:class:`WeightPreset`)
    * ``bkn_2025`` — Keputusan Kepala BKN 41/2025 as summarised (DOMAIN §10, [P]): score =
      50 % kinerja axis + 50 % potensi axis; kinerja axis = 60 % kinerja utama (SKP predicate)
      + 40 % penguat (awards, tim kerja); potensi axis = 40 % kompetensi + 25 % potensi +
      20 % kualifikasi + 15 % integritas/moralitas.
    * ``permenpan_3_2020`` — the Permen names the mapping aspects (potensi, kompetensi, rekam
      jejak, pertimbangan lain) but no weights were found; this preset weighs them equally and
      takes kinerja from the SKP alone **[U]**.

Potential from assessment results (:func:`assessed_potential`) — **[U]** weights (a setting):
half the competency test score (0–100), a quarter the education level
(:data:`EDUCATION_SCORE`), a quarter the year's training hours against the 20 jam pelajaran a
PNS is owed each year (PP 11/2017 Pasal 203(4) [P]).

Levels from scores (:class:`AxisBands`) — **[U]**, a setting: below 60 low, 60 to below 80
medium, 80 and above high (the same cut-offs for both axes by default).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Final

from formasi.domain.performance import Predicate, Rating

__all__ = [
    "DEFAULT_BANDS",
    "DEVELOPMENT_ACTIONS",
    "EDUCATION_SCORE",
    "NATIONAL_SUCCESSION_BOXES",
    "PREDICATE_SCORE",
    "PRESETS",
    "SUCCESSION_BOXES",
    "YEARLY_TRAINING_HOURS",
    "Action",
    "AssessmentWeights",
    "AxisBands",
    "Component",
    "Education",
    "Potential",
    "TalentScore",
    "WeightPreset",
    "assessed_potential",
    "box_axes",
    "nine_box",
    "performance_level",
    "pool_exclusions",
    "talent_score",
]


class Potential(StrEnum):
    """Potensi level on the horizontal axis."""

    LOW = "low"  # rendah
    MEDIUM = "medium"  # menengah
    HIGH = "high"  # tinggi


_BOXES: Final[Mapping[tuple[Rating, Potential], int]] = MappingProxyType(
    {
        (Rating.ABOVE, Potential.LOW): 4,
        (Rating.ABOVE, Potential.MEDIUM): 7,
        (Rating.ABOVE, Potential.HIGH): 9,
        (Rating.AS_EXPECTED, Potential.LOW): 2,
        (Rating.AS_EXPECTED, Potential.MEDIUM): 5,
        (Rating.AS_EXPECTED, Potential.HIGH): 8,
        (Rating.BELOW, Potential.LOW): 1,
        (Rating.BELOW, Potential.MEDIUM): 3,
        (Rating.BELOW, Potential.HIGH): 6,
    }
)

#: Kelompok rencana suksesi instansi (PermenPAN-RB 3/2020).
SUCCESSION_BOXES: Final = frozenset({7, 8, 9})
#: Kelompok rencana suksesi nasional.
NATIONAL_SUCCESSION_BOXES: Final = frozenset({9})


def nine_box(performance: Rating, potential: Potential) -> int:
    """The box number (1–9) of a kinerja level and a potensi level (members or values)."""
    try:
        key = (Rating(performance), Potential(potential))
    except ValueError:
        raise ValueError(
            f"unknown performance {performance!r} or potential {potential!r}"
        ) from None
    return _BOXES[key]


def box_axes(box: int) -> tuple[Rating, Potential]:
    """The (kinerja, potensi) levels of a box number; ``ValueError`` outside 1–9."""
    for key, number in _BOXES.items():
        if number == box and not isinstance(box, bool):
            return key
    raise ValueError(f"box must be a whole number from 1 to 9, not {box!r}")


class Action(StrEnum):
    """Recommended follow-up codes for a box."""

    PROMOTE = "promote"
    RETAIN = "retain"
    SUCCESSION_INSTANSI = "succession_instansi"
    SUCCESSION_NASIONAL = "succession_nasional"
    REWARD = "reward"
    ROTATION = "rotation"
    JOB_ENLARGEMENT = "job_enlargement"
    JOB_ENRICHMENT = "job_enrichment"
    COMPETENCE_DEVELOPMENT = "competence_development"
    PERFORMANCE_COACHING = "performance_coaching"
    COUNSELLING = "counselling"
    SUITABLE_PLACEMENT = "suitable_placement"
    PERFORMANCE_DISCIPLINE_RULES = "performance_discipline_rules"


_A = Action

#: Recommended actions per box (DOMAIN §10 [U]); editable data.
DEVELOPMENT_ACTIONS: Final[Mapping[int, tuple[Action, ...]]] = MappingProxyType(
    {
        9: (_A.PROMOTE, _A.RETAIN, _A.SUCCESSION_INSTANSI, _A.SUCCESSION_NASIONAL, _A.REWARD),
        8: (
            _A.RETAIN,
            _A.SUCCESSION_INSTANSI,
            _A.ROTATION,
            _A.JOB_ENLARGEMENT,
            _A.COMPETENCE_DEVELOPMENT,
        ),
        7: (
            _A.RETAIN,
            _A.SUCCESSION_INSTANSI,
            _A.ROTATION,
            _A.JOB_ENRICHMENT,
            _A.PERFORMANCE_COACHING,
            _A.COMPETENCE_DEVELOPMENT,
        ),
        6: (_A.SUITABLE_PLACEMENT, _A.PERFORMANCE_COACHING, _A.COUNSELLING),
        5: (_A.SUITABLE_PLACEMENT, _A.PERFORMANCE_COACHING, _A.COMPETENCE_DEVELOPMENT),
        4: (_A.ROTATION, _A.COMPETENCE_DEVELOPMENT),
        3: (
            _A.PERFORMANCE_COACHING,
            _A.COUNSELLING,
            _A.COMPETENCE_DEVELOPMENT,
            _A.SUITABLE_PLACEMENT,
        ),
        2: (_A.PERFORMANCE_COACHING, _A.COMPETENCE_DEVELOPMENT, _A.SUITABLE_PLACEMENT),
        1: (_A.PERFORMANCE_DISCIPLINE_RULES,),
    }
)


class Component(StrEnum):
    """Inputs of the talent score, each a number from 0 to 100."""

    KINERJA_UTAMA = "kinerja_utama"  # SKP predicate, see PREDICATE_SCORE
    PENGUAT = "penguat"  # awards, tim kerja
    KOMPETENSI = "kompetensi"  # competency test (job-person match)
    POTENSI = "potensi"  # potential assessment
    KUALIFIKASI = "kualifikasi"  # education
    INTEGRITAS = "integritas"  # integritas/moralitas, discipline record
    REKAM_JEJAK = "rekam_jejak"  # education, training, experience
    PERTIMBANGAN_LAIN = "pertimbangan_lain"


#: Score of an SKP predicate as the kinerja utama component ([U], a setting).
PREDICATE_SCORE: Final[Mapping[Predicate, int]] = MappingProxyType(
    {
        Predicate.SANGAT_BAIK: 100,
        Predicate.BAIK: 80,
        Predicate.BUTUH_PERBAIKAN: 60,
        Predicate.KURANG: 40,
        Predicate.SANGAT_KURANG: 20,
    }
)


@dataclass(frozen=True)
class WeightPreset:
    """Weights of the talent score. Each axis's weights and the two axis shares sum to 1."""

    code: str
    performance_share: Fraction
    performance: Mapping[Component, Fraction]
    potential: Mapping[Component, Fraction]

    def __post_init__(self) -> None:
        if not 0 <= self.performance_share <= 1:
            raise ValueError("performance_share must be from 0 to 1")
        for name, weights in (("performance", self.performance), ("potential", self.potential)):
            if any(w < 0 for w in weights.values()) or sum(weights.values()) != 1:
                raise ValueError(f"{name} weights must be ≥ 0 and sum to 1")


def _w(**weights: str) -> Mapping[Component, Fraction]:
    return MappingProxyType({Component(k): Fraction(v) for k, v in weights.items()})


#: Weight presets by code (see the module docstring for their sources and tags).
PRESETS: Final[Mapping[str, WeightPreset]] = MappingProxyType(
    {
        "bkn_2025": WeightPreset(
            code="bkn_2025",
            performance_share=Fraction(1, 2),
            performance=_w(kinerja_utama="3/5", penguat="2/5"),
            potential=_w(kompetensi="2/5", potensi="1/4", kualifikasi="1/5", integritas="3/20"),
        ),
        "permenpan_3_2020": WeightPreset(
            code="permenpan_3_2020",
            performance_share=Fraction(1, 2),
            performance=_w(kinerja_utama="1"),
            potential=_w(
                potensi="1/4", kompetensi="1/4", rekam_jejak="1/4", pertimbangan_lain="1/4"
            ),
        ),
    }
)


@dataclass(frozen=True)
class AxisBands:
    """Cut-offs from a 0–100 axis score to a level: medium from ``medium_from``, high from
    ``high_from`` ([U] defaults)."""

    medium_from: Fraction = Fraction(60)
    high_from: Fraction = Fraction(80)

    def __post_init__(self) -> None:
        if not 0 <= self.medium_from <= self.high_from <= 100:
            raise ValueError("need 0 ≤ medium_from ≤ high_from ≤ 100")


DEFAULT_BANDS: Final = AxisBands()


@dataclass(frozen=True)
class TalentScore:
    """The axis scores (0–100), the combined score, the levels and the box."""

    performance_score: Fraction
    potential_score: Fraction
    total: Fraction
    performance: Rating
    potential: Potential
    box: int


def _axis(scores: Mapping[Component, Fraction], weights: Mapping[Component, Fraction]) -> Fraction:
    missing = [c.value for c, w in weights.items() if w and c not in scores]
    if missing:
        raise ValueError(f"missing talent score components: {', '.join(missing)}")
    return sum((w * scores[c] for c, w in weights.items() if w), Fraction(0))


def _scores(scores: Mapping[Component, float] | Mapping[str, float]) -> dict[Component, Fraction]:
    out: dict[Component, Fraction] = {}
    for key, value in scores.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
            raise ValueError(f"score of {key!r} must be a number, not {value!r}")
        number = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
        if not 0 <= number <= 100:
            raise ValueError(f"score of {key!r} must be from 0 to 100, not {value!r}")
        out[Component(key)] = number
    return out


def _levels(score: Fraction, bands: AxisBands) -> int:
    return 3 if score >= bands.high_from else 2 if score >= bands.medium_from else 1


def talent_score(
    scores: Mapping[Component, float] | Mapping[str, float],
    preset: WeightPreset | str = "bkn_2025",
    bands: AxisBands = DEFAULT_BANDS,
) -> TalentScore:
    """Weigh component scores (0–100) into axis scores, a total, levels and a box.

    Components the preset does not weigh are ignored; a weighed component that is missing, a
    score outside 0–100 and an unknown preset code raise ``ValueError``.
    """
    if isinstance(preset, str) and preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; expected one of: {', '.join(PRESETS)}")
    weights = PRESETS[preset] if isinstance(preset, str) else preset
    values = _scores(scores)
    perf = _axis(values, weights.performance)
    pot = _axis(values, weights.potential)
    total = weights.performance_share * perf + (1 - weights.performance_share) * pot
    perf_level = [Rating.BELOW, Rating.AS_EXPECTED, Rating.ABOVE][_levels(perf, bands) - 1]
    pot_level = [Potential.LOW, Potential.MEDIUM, Potential.HIGH][_levels(pot, bands) - 1]
    return TalentScore(perf, pot, total, perf_level, pot_level, nine_box(perf_level, pot_level))


def performance_level(value: Predicate | str) -> Rating:
    """The kinerja axis level of an SKP predicate alone: sangat baik → di atas, baik → sesuai,
    anything lower → di bawah ekspektasi ([P], the common reading)."""
    pred = Predicate(value)
    if pred is Predicate.SANGAT_BAIK:
        return Rating.ABOVE
    if pred is Predicate.BAIK:
        return Rating.AS_EXPECTED
    return Rating.BELOW


def pool_exclusions(*, box: int, running_sanction: bool) -> tuple[str, ...]:
    """Why a person is not in the instansi talent pool (empty: eligible).

    Codes: ``"box_outside_pool"`` (not kotak 7–9), ``"running_sanction"`` (serving a
    disciplinary sanction that bars promotion; see :mod:`formasi.domain.discipline`).
    """
    box_axes(box)
    reasons: list[str] = []
    if box not in SUCCESSION_BOXES:
        reasons.append("box_outside_pool")
    if running_sanction:
        reasons.append("running_sanction")
    return tuple(reasons)


class Education(StrEnum):
    """Highest education level (jenjang pendidikan)."""

    SD = "sd"
    SMP = "smp"
    SLTA = "slta"
    D1 = "d1"
    D2 = "d2"
    D3 = "d3"
    S1_D4 = "s1_d4"
    S2 = "s2"
    S3 = "s3"


#: Score of an education level for the kualifikasi component ([U], a setting).
EDUCATION_SCORE: Final[Mapping[Education, int]] = MappingProxyType(
    {
        Education.SD: 0,
        Education.SMP: 10,
        Education.SLTA: 30,
        Education.D1: 40,
        Education.D2: 45,
        Education.D3: 50,
        Education.S1_D4: 70,
        Education.S2: 90,
        Education.S3: 100,
    }
)

#: Jam pelajaran of competence development a PNS is owed each year (PP 11/2017 Pasal 203(4),
#: "paling sedikit 20 (dua puluh) jam pelajaran dalam 1 (satu) tahun"; [P]).
YEARLY_TRAINING_HOURS: Final = 20


@dataclass(frozen=True)
class AssessmentWeights:
    """Weights of the assessed potential: competency test, education, training ([U] defaults)."""

    competency: Fraction = Fraction(1, 2)
    education: Fraction = Fraction(1, 4)
    training: Fraction = Fraction(1, 4)

    def __post_init__(self) -> None:
        parts = (self.competency, self.education, self.training)
        if any(w < 0 for w in parts) or sum(parts) != 1:
            raise ValueError("assessment weights must be ≥ 0 and sum to 1")


def assessed_potential(
    *,
    competency: float,
    education: Education | str,
    training_hours: int,
    weights: AssessmentWeights | None = None,
    full_training_hours: int = YEARLY_TRAINING_HOURS,
) -> Fraction:
    """A potential score (0–100) from a competency test score (0–100, e.g. job-person match),
    the education level and the year's training hours (full marks at ``full_training_hours``).
    """
    (test,) = _scores({Component.KOMPETENSI: competency}).values()
    if (
        isinstance(training_hours, bool)
        or not isinstance(training_hours, int)
        or training_hours < 0
    ):
        raise ValueError(f"training_hours must be a whole number ≥ 0, not {training_hours!r}")
    if full_training_hours < 1:
        raise ValueError("full_training_hours must be at least 1")
    w = weights or AssessmentWeights()
    training = Fraction(min(training_hours, full_training_hours) * 100, full_training_hours)
    schooling = Fraction(EDUCATION_SCORE[Education(education)])
    return w.competency * test + w.education * schooling + w.training * training
