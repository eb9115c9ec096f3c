"""Suksesi dan promosi berbasis merit: who may fill a structural post, ranked, and why.

Pure Python (no Django). Codes and numbers in, codes and numbers out; the talent app words them.

Rules implemented (DOMAIN §10–§11)
----------------------------------
Who is considered (the *feeder levels*, :class:`Requirement.feeders`)
    PP 11/2017 as amended by PP 17/2020: a JPT pratama is filled from someone who holds or
    held an administrator post or a JF ahli madya post (Pasal 107 huruf c) [P]; a JPT madya
    from a JPT pratama or JF ahli utama (Pasal 107 huruf b) [P]; an administrator from a
    pengawas (or JF ahli muda) and a pengawas from a pelaksana (or JF ahli pertama / penyelia)
    by the career path of Pasal 54–55 [U]. PermenPAN-RB 15/2019 (pengisian JPT secara terbuka
    dan kompetitif) restates the JPT requirements and that a candidate serves no disciplinary
    sanction [P]. Anyone outside the feeder levels is not a candidate (no reason listed).

Exclusions (codes, :data:`EXCLUSIONS`)
    * ``running_sanction`` — a hukuman disiplin sedang or berat being served bars promotion
      (PP 94/2021 Pasal 8, ``domain.discipline.promotion_blocks``) [V];
    * ``not_pns`` — structural posts are for PNS (PP 11/2017 Pasal 54, 55, 107) [P];
    * ``rank_too_low`` — pangkat/golongan below the post level's minimum (a setting; the
      defaults IV/c JPT madya, IV/a JPT pratama, III/c administrator, III/a pengawas follow
      the old eselon table of PP 100/2000 as amended by PP 13/2002 and are **[U]**);
    * ``education_too_low`` — S-1/D-IV for JPT and administrator, D-III for pengawas
      (PP 11/2017 Pasal 54, 55, 107) [P];
    * ``too_few_years`` — fewer years in the current post than the level asks (2 years for
      JPT pratama from administrator, Pasal 107 [P]; the others a setting [U]);
    * ``over_age`` — older than the JPT age limit on the day of appointment (56, Pasal 107)
      [P];
    * ``holds_post`` — already sits in this post.

Ranking (lexicographic, best first; :data:`CRITERIA`)
    1. the talent pool first (kotak 9, 8, 7, PermenPAN-RB 3/2020), then the other boxes by
       number, then no box (no SKP or assessment);
    2. the post's profile: same position family as the post;
    3. the competency test score (the candidate's latest assessment);
    4. years in the current post; 5. training hours; 6. golongan; then the id (stable).
    No competency profile of posts exists in the data: the profile is the post's level (the
    feeders), family and education (the exclusions) — said in docs/talent.md.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Final

__all__ = [
    "CRITERIA",
    "EDUCATION_ORDER",
    "EXCLUSIONS",
    "GOLONGAN_ORDER",
    "Candidate",
    "Excluded",
    "Prepared",
    "Ranked",
    "Ranking",
    "Requirement",
    "age_on",
    "exclusions",
    "for_post",
    "golongan_index",
    "prepare",
    "rank",
    "sort_key",
]

GOLONGAN_ORDER: Final = (
    *(f"{g}/{r}" for g in ("I", "II", "III", "IV") for r in "abcd"),
    "IV/e",
)
#: Jenjang pendidikan, lowest first; D-IV and S-1 are the same step.
EDUCATION_ORDER: Final[Mapping[str, int]] = {
    "sd": 0, "smp": 1, "sma": 2, "d1": 3, "d2": 4, "d3": 5, "d4": 6, "s1": 6, "s2": 7, "s3": 8,
}  # fmt: skip
EXCLUSIONS: Final = (
    "running_sanction",
    "not_pns",
    "rank_too_low",
    "education_too_low",
    "too_few_years",
    "over_age",
    "holds_post",
)
CRITERIA: Final = ("box", "family", "competency", "years", "training", "golongan")
#: Box preference: the talent pool (9, 8, 7) first, then the rest by number; no box last.
_BOX_ORDER: Final[Mapping[int, int]] = {
    box: 9 - i for i, box in enumerate((9, 8, 7, 6, 5, 4, 3, 2, 1))
}


def golongan_index(value: str) -> int:
    """Position of a PNS golongan/ruang in :data:`GOLONGAN_ORDER` (-1 if not one)."""
    try:
        return GOLONGAN_ORDER.index(_norm_golongan(value))
    except ValueError:
        return -1


def _norm_golongan(value: str) -> str:
    text = value.strip().replace(" ", "")
    if "/" not in text:
        return text
    head, _, tail = text.partition("/")
    return f"{head.upper()}/{tail.lower()}"


def age_on(birth: date, day: date) -> int:
    """Whole years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class Requirement:
    """What a post level asks of a candidate (the settings fill it)."""

    level: str
    feeders: frozenset[str]
    min_golongan: str = ""
    min_education: str = ""
    min_years: int = 0
    max_age: int | None = None
    family: str = ""


@dataclass(frozen=True)
class Candidate:
    """One person as the ranking reads them. ``level`` is the kind of the current post, or
    ``"fungsional:<jenjang>"`` for a JF; ``box`` None without SKP or assessment."""

    id: int
    level: str
    family: str
    status: str
    golongan: str
    education: str
    birth_date: date | None
    years_in_post: int | None
    training_hours: int
    competency: float | None
    box: int | None
    running_sanction: bool
    post: Hashable = None


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    rank: int
    #: The first criterion (code of :data:`CRITERIA`) that puts this candidate ahead of the
    #: next one; "" for the last or when only the id separates them.
    ahead_by: str


@dataclass(frozen=True)
class Excluded:
    candidate: Candidate
    reasons: tuple[str, ...]


@dataclass
class Ranking:
    ranked: list[Ranked] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)


def exclusions(req: Requirement, c: Candidate, on: date, post: Hashable = None) -> tuple[str, ...]:
    """Why ``c`` may not fill a post of ``req`` on ``on`` (empty: eligible), in
    :data:`EXCLUSIONS` order."""
    found: list[str] = []
    if c.running_sanction:
        found.append("running_sanction")
    if c.status != "pns":
        found.append("not_pns")
    if req.min_golongan and golongan_index(c.golongan) < golongan_index(req.min_golongan):
        found.append("rank_too_low")
    if (
        req.min_education
        and EDUCATION_ORDER.get(c.education, -1) < EDUCATION_ORDER[req.min_education]
    ):
        found.append("education_too_low")
    if req.min_years and c.years_in_post is not None and c.years_in_post < req.min_years:
        found.append("too_few_years")
    if (
        req.max_age is not None
        and c.birth_date is not None
        and age_on(c.birth_date, on) > req.max_age
    ):
        found.append("over_age")
    if post is not None and c.post == post:
        found.append("holds_post")
    return tuple(found)


Key = tuple[int, int, float, int, int, int]


def sort_key(req: Requirement, c: Candidate) -> Key:
    """Bigger is better, one number per :data:`CRITERIA` entry (the id breaks ties)."""
    return (
        _BOX_ORDER.get(c.box, 0) if c.box is not None else 0,
        1 if req.family and c.family == req.family else 0,
        c.competency if c.competency is not None else -1.0,
        c.years_in_post if c.years_in_post is not None else -1,
        c.training_hours,
        golongan_index(c.golongan),
    )


def _ahead_by(mine: Key, nxt: Key) -> str:
    for code, a, b in zip(CRITERIA, mine, nxt, strict=True):
        if a != b:
            return code
    return ""


@dataclass(frozen=True)
class Prepared:
    """The candidates of one requirement sorted best first, with the reasons that do not
    depend on the post: computed once per level and family, then read for every post."""

    requirement: Requirement
    rows: tuple[tuple[Key, Candidate, tuple[str, ...]], ...]


def prepare(req: Requirement, candidates: Iterable[Candidate], on: date) -> Prepared:
    """Sort the feeder-level candidates of ``req`` once (see :func:`for_post`)."""
    pool = [c for c in candidates if c.level in req.feeders]
    keyed = sorted(
        ((sort_key(req, c), c) for c in pool), key=lambda kc: (kc[0], _neg_id(kc[1])), reverse=True
    )
    return Prepared(req, tuple((key, c, exclusions(req, c, on)) for key, c in keyed))


def for_post(prepared: Prepared, post: Hashable = None, limit: int | None = None) -> Ranking:
    """The ranking of one post from :func:`prepare`: its holders are excluded
    (``holds_post``); ``limit`` keeps the first ``limit`` of each list and stops reading there
    (ranks count everyone eligible before)."""
    out = Ranking()
    eligible: list[tuple[Key, Candidate]] = []
    for key, c, why in prepared.rows:
        if post is not None and c.post == post:
            why = (*why, "holds_post")
        if why:
            if limit is None or len(out.excluded) < limit:
                out.excluded.append(Excluded(c, why))
        elif limit is None or len(eligible) <= limit:
            eligible.append((key, c))
        if limit is not None and len(eligible) > limit and len(out.excluded) >= limit:
            break
    shown = eligible if limit is None else eligible[:limit]
    for i, (key, c) in enumerate(shown):
        nxt = eligible[i + 1][0] if i + 1 < len(eligible) else None
        out.ranked.append(Ranked(c, i + 1, _ahead_by(key, nxt) if nxt is not None else ""))
    return out


def rank(
    req: Requirement,
    candidates: Iterable[Candidate],
    on: date,
    *,
    post: Hashable = None,
    limit: int | None = None,
) -> Ranking:
    """The eligible candidates of ``req`` (feeder levels only) best first with ranks 1, 2, …,
    and the excluded ones with their reasons (in the same order). ``limit`` keeps the first
    ``limit`` of each list."""
    return for_post(prepare(req, candidates, on), post, limit)


def _neg_id(c: Candidate) -> int:
    """Ties go to the smaller id first (sorted in reverse, so it is negated)."""
    return -c.id
