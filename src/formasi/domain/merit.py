"""Penilaian mandiri penerapan sistem merit: aspects, indicators, score, category, and the
indicators Formasi can answer from its own data.

Pure Python (standard library only, no Django). Indicator answers are whole levels 1–4; the
score is a number from 100 to 400; categories, aspects and indicators are codes the Django
layer words.

What is verified and what is not
--------------------------------
* PermenPAN-RB 40/2018 (pedoman sistem merit) and Peraturan KASN 9/2019 (tata cara penilaian
  mandiri) govern the assessment; PP 11/2017 Pasal 134(2) lists the merit conditions [V]
  (DOMAIN §9.1).
* The **8 aspects** and what each looks for are from KASN's Meritopedia
  (https://meritopedia.kasn.go.id/tentang-sistem-merit/penilaian-sistem-merit) [V]. The
  indicators in :data:`DEFAULT_FRAMEWORK` are one per item Meritopedia names in each aspect
  (21 in all); the official instrument is said to have 24 sub-aspects / 33 indicators **[U]**,
  so the framework is data an agency replaces with its instrument.
* Per-aspect weights exist on Meritopedia but were not captured **[U]**: the default weighs the
  aspects equally, and inside an aspect the indicators equally.
* Each indicator is answered on a **1–4** scale and the score is ``100 × Σ weight × mean level``,
  so it runs from 100 to 400 like the published totals. The scale and the formula are our
  reading **[U]**; the category bands (I Buruk 100–174, II Kurang 175–249, III Baik 250–324,
  IV Sangat Baik 325–400) are **[U]** except IV **[P]** (DOMAIN §9.1), and are a setting.
* The 2025 framework (NISM: Dasar 0–0.40, Lanjutan 0.41–0.60, Menengah 0.61–0.80, Tinggi
  0.81–1.00, Maju > 1) is **[P]** from a single secondary source (DOMAIN §9.2); its bands are
  given as :data:`NISM_BANDS` for an index on 0–1, nothing more.

Auto-filled indicators (:func:`auto_answers`)
    From counts the app gathers (:class:`MeritFacts`) Formasi answers: a needs plan based on ABK
    (aspect 1), a talent pool and successors (aspect 3), open selection for every JPT filled
    (aspect 4), SKP recorded for all (aspect 5), discipline records kept with their decision
    (aspect 6). Each answer carries the numbers it rests on. A coverage share becomes a level
    through :class:`CoverageLevels` (**[U]**, a setting: 4 at 100 %, 3 from 75 %, 2 from 50 %,
    else 1); nothing to count (a zero denominator) gives no answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Final

__all__ = [
    "DEFAULT_BANDS",
    "DEFAULT_FRAMEWORK",
    "LEVELS",
    "NISM_BANDS",
    "Answer",
    "Aspect",
    "Band",
    "CoverageLevels",
    "Framework",
    "Indicator",
    "MeritFacts",
    "MeritScore",
    "auto_answers",
    "category",
    "merit_score",
]

#: The answer scale of an indicator.
LEVELS: Final = range(1, 5)


class Aspect(StrEnum):
    """The eight aspects of the assessment (Meritopedia)."""

    PERENCANAAN = "perencanaan_kebutuhan"
    PENGADAAN = "pengadaan"
    PENGEMBANGAN_KARIER = "pengembangan_karier"
    PROMOSI_MUTASI = "promosi_mutasi"
    MANAJEMEN_KINERJA = "manajemen_kinerja"
    PENGGAJIAN_PENGHARGAAN_DISIPLIN = "penggajian_penghargaan_disiplin"
    PERLINDUNGAN_PELAYANAN = "perlindungan_pelayanan"
    SISTEM_INFORMASI = "sistem_informasi"


@dataclass(frozen=True)
class Indicator:
    """One indicator: a code, its aspect, and its weight inside the aspect."""

    code: str
    aspect: Aspect
    weight: Fraction = Fraction(1)


@dataclass(frozen=True)
class Framework:
    """Aspect weights (summing to 1) and the indicators, in display order."""

    aspect_weights: Mapping[Aspect, Fraction]
    indicators: tuple[Indicator, ...]

    def __post_init__(self) -> None:
        if sum(self.aspect_weights.values()) != 1 or any(
            w < 0 for w in self.aspect_weights.values()
        ):
            raise ValueError("aspect weights must be ≥ 0 and sum to 1")
        codes = [i.code for i in self.indicators]
        if len(set(codes)) != len(codes):
            raise ValueError("indicator codes must be unique")
        for aspect in self.aspect_weights:
            if not any(i.aspect is aspect and i.weight > 0 for i in self.indicators):
                raise ValueError(f"aspect {aspect.value!r} has no weighted indicator")
        if any(i.weight < 0 for i in self.indicators):
            raise ValueError("indicator weights must be ≥ 0")


_INDICATORS: Final[Mapping[Aspect, tuple[str, ...]]] = MappingProxyType(
    {
        Aspect.PERENCANAAN: ("peta_jabatan", "needs_plan_abk", "needs_fulfilment"),
        Aspect.PENGADAAN: ("yearly_procurement_plan", "open_procurement_policy"),
        Aspect.PENGEMBANGAN_KARIER: (
            "job_standards_skj",
            "competency_profiles",
            "competence_development_plan",
            "talent_succession",
        ),
        Aspect.PROMOSI_MUTASI: ("career_pattern", "open_selection"),
        Aspect.MANAJEMEN_KINERJA: (
            "objective_appraisal_method",
            "performance_appraisal",
            "performance_in_career",
        ),
        Aspect.PENGGAJIAN_PENGHARGAAN_DISIPLIN: (
            "tukin_by_performance",
            "awards",
            "discipline_enforcement",
        ),
        Aspect.PERLINDUNGAN_PELAYANAN: ("protection_programme", "staff_services"),
        Aspect.SISTEM_INFORMASI: ("integrated_simpeg", "e_office"),
    }
)

#: The default framework: 8 equal aspects, Meritopedia's items as equal indicators ([U] weights).
DEFAULT_FRAMEWORK: Final = Framework(
    aspect_weights=MappingProxyType({a: Fraction(1, len(Aspect)) for a in Aspect}),
    indicators=tuple(
        Indicator(code, aspect) for aspect, codes in _INDICATORS.items() for code in codes
    ),
)


@dataclass(frozen=True)
class MeritScore:
    """The score (100–400) and its parts; ``total`` is None while any indicator is unanswered."""

    total: Fraction | None
    by_aspect: Mapping[Aspect, Fraction]
    missing: tuple[str, ...]


def _level(code: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
        raise ValueError(f"answer to {code!r} must be a whole level from 1 to 4, not {value!r}")
    return value


def merit_score(answers: Mapping[str, int], framework: Framework = DEFAULT_FRAMEWORK) -> MeritScore:
    """Score the answers (indicator code → level 1–4).

    ``by_aspect`` holds the weighted mean level (1–4) of each aspect whose indicators are all
    answered. Unknown codes and levels outside 1–4 raise ``ValueError``.
    """
    known = {i.code for i in framework.indicators}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValueError(f"unknown indicators: {', '.join(unknown)}")
    levels = {code: _level(code, value) for code, value in answers.items()}
    missing = tuple(i.code for i in framework.indicators if i.code not in levels)
    by_aspect: dict[Aspect, Fraction] = {}
    for aspect in framework.aspect_weights:
        members = [i for i in framework.indicators if i.aspect is aspect and i.weight > 0]
        if all(i.code in levels for i in members):
            weight = sum((i.weight for i in members), Fraction(0))
            by_aspect[aspect] = (
                sum((i.weight * levels[i.code] for i in members), Fraction(0)) / weight
            )
    total = None
    if not missing:
        total = 100 * sum(
            (w * by_aspect[a] for a, w in framework.aspect_weights.items()), Fraction(0)
        )
    return MeritScore(total, MappingProxyType(by_aspect), missing)


@dataclass(frozen=True)
class Band:
    """A category that starts at ``lower`` (inclusive) and runs to the next band's start."""

    code: str
    lower: Fraction


#: Kategori penerapan sistem merit on 100–400 ([U]; IV [P]); a setting.
DEFAULT_BANDS: Final = (
    Band("buruk", Fraction(100)),
    Band("kurang", Fraction(175)),
    Band("baik", Fraction(250)),
    Band("sangat_baik", Fraction(325)),
)

#: Predikat of the 2025 NISM index on 0–1 and above ([P], single secondary source).
NISM_BANDS: Final = (
    Band("dasar", Fraction(0)),
    Band("lanjutan", Fraction(41, 100)),
    Band("menengah", Fraction(61, 100)),
    Band("tinggi", Fraction(81, 100)),
    Band("maju", Fraction(101, 100)),
)


def category(score: Fraction | float, bands: tuple[Band, ...] = DEFAULT_BANDS) -> str:
    """The code of the highest band whose lower bound ``score`` reaches.

    Bands must be in ascending order; a score below the first band raises ``ValueError``.
    """
    lowers = [b.lower for b in bands]
    if not bands or lowers != sorted(lowers) or len(set(lowers)) != len(lowers):
        raise ValueError("bands must be non-empty and strictly ascending")
    # A float goes through its shortest decimal form, so 0.41 is 41/100, not 0.40999….
    value = Fraction(str(score)) if isinstance(score, float) else Fraction(score)
    if value < bands[0].lower:
        raise ValueError(f"score {score} is below the lowest band ({bands[0].lower})")
    return [b for b in bands if value >= b.lower][-1].code


@dataclass(frozen=True)
class CoverageLevels:
    """Shares of coverage at which an auto-answer reaches levels 2, 3 and 4 ([U] defaults)."""

    level_2: Fraction = Fraction(1, 2)
    level_3: Fraction = Fraction(3, 4)
    level_4: Fraction = Fraction(1)

    def level(self, part: int, whole: int) -> int:
        share = Fraction(part, whole)
        return (
            4
            if share >= self.level_4
            else 3
            if share >= self.level_3
            else 2
            if share >= self.level_2
            else 1
        )


@dataclass(frozen=True)
class MeritFacts:
    """Counts the app gathers for one agency and year (all whole numbers ≥ 0)."""

    need_cells: int  # cells of the peta jabatan
    need_cells_from_abk: int  # of which the required count comes from ABK
    target_posts: int  # JPT/administrator posts empty now or by the date
    target_posts_with_successor: int  # of which at least one pool candidate is ready
    talent_pool: int  # people in kotak 7–9
    jpt_filled: int  # JPT posts filled this year
    jpt_filled_by_open_selection: int
    employees: int
    employees_with_skp: int  # SKP result recorded for the year
    discipline_records: int
    discipline_records_with_decision: int  # the keputusan is recorded

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number ≥ 0, not {value!r}")
        pairs = (
            ("need_cells_from_abk", "need_cells"),
            ("target_posts_with_successor", "target_posts"),
            ("jpt_filled_by_open_selection", "jpt_filled"),
            ("employees_with_skp", "employees"),
            ("discipline_records_with_decision", "discipline_records"),
        )
        for part, whole in pairs:
            if getattr(self, part) > getattr(self, whole):
                raise ValueError(f"{part} cannot exceed {whole}")


@dataclass(frozen=True)
class Answer:
    """An auto-filled indicator: its level and the numbers it rests on."""

    indicator: str
    level: int
    evidence: Mapping[str, int]


def auto_answers(facts: MeritFacts, levels: CoverageLevels | None = None) -> tuple[Answer, ...]:
    """The indicators Formasi can answer from ``facts``, each with its evidence.

    An indicator whose denominator is zero is left out (nothing to judge it by). The talent
    indicator is level 1 when the pool is empty, whatever the posts.
    """
    scale = levels or CoverageLevels()
    rows = (
        ("needs_plan_abk", "need_cells_from_abk", "need_cells"),
        ("talent_succession", "target_posts_with_successor", "target_posts"),
        ("open_selection", "jpt_filled_by_open_selection", "jpt_filled"),
        ("performance_appraisal", "employees_with_skp", "employees"),
        ("discipline_enforcement", "discipline_records_with_decision", "discipline_records"),
    )
    found: list[Answer] = []
    for code, part, whole in rows:
        evidence = {part: getattr(facts, part), whole: getattr(facts, whole)}
        if code == "talent_succession":
            evidence["talent_pool"] = facts.talent_pool
            if facts.talent_pool == 0:
                found.append(Answer(code, 1, MappingProxyType(evidence)))
                continue
        if evidence[whole] == 0:
            continue
        level = scale.level(evidence[part], evidence[whole])
        found.append(Answer(code, level, MappingProxyType(evidence)))
    return tuple(found)
