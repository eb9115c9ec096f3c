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
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final

__all__ = [
    "CRITERIA",
    "EDUCATION_ORDER",
    "EXCLUSIONS",
    "GOLONGAN_ORDER",
    "Candidate",
    "Excluded",
    "LevelRows",
    "Prepared",
    "Ranked",
    "Ranking",
    "Requirement",
    "age_on",
    "exclusions",
    "for_family",
    "for_post",
    "golongan_index",
    "prepare",
    "prepare_level",
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


_GOLONGAN_INDEX: Final[Mapping[str, int]] = {g: i for i, g in enumerate(GOLONGAN_ORDER)}


def golongan_index(value: str) -> int:
    """Position of a PNS golongan/ruang in :data:`GOLONGAN_ORDER` (-1 if not one)."""
    found = _GOLONGAN_INDEX.get(value)
    if found is None:
        found = _GOLONGAN_INDEX.get(_norm_golongan(value), -1)
    return found


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
    """The candidates of one requirement sorted best first, each with the reasons that do not
    depend on the post: computed once per level, family and day, then read for every post."""

    requirement: Requirement
    rows: tuple[tuple[Candidate, tuple[str, ...]], ...]


Row = tuple[Candidate, tuple[str, ...]]


@dataclass(frozen=True)
class LevelRows:
    """The feeder-level candidates of a requirement, whatever the post's family: sorted by every
    criterion but the family, with their exclusions, in groups of equal box (best box first;
    see :func:`for_family`)."""

    requirement: Requirement
    groups: tuple[tuple[Row, ...], ...]


def prepare_level(req: Requirement, candidates: Iterable[Candidate], on: date) -> LevelRows:
    """Sort the feeder-level candidates of ``req`` once for all families (the slow part)."""
    rows: list[tuple[tuple[float, ...], Candidate, tuple[str, ...]]] = []
    for c in candidates:
        if c.level not in req.feeders:
            continue
        full = sort_key(req, c)
        rows.append(((full[0], *full[2:], -c.id), c, exclusions(req, c, on)))
    rows.sort(key=lambda r: r[0], reverse=True)
    groups: list[list[Row]] = []
    last = None
    for base, c, why in rows:
        if base[0] != last:
            groups.append([])
            last = base[0]
        groups[-1].append((c, why))
    return LevelRows(req, tuple(tuple(g) for g in groups))


def for_family(level: LevelRows, family: str) -> Prepared:
    """The order for a post of ``family``: within each box, the post's family first (every
    other criterion keeps its order)."""
    req = replace(level.requirement, family=family)
    rows: list[Row] = []
    for group in level.groups:
        if family:
            rows += [r for r in group if r[0].family == family]
            rows += [r for r in group if r[0].family != family]
        else:
            rows += group
    return Prepared(req, tuple(rows))


def prepare(req: Requirement, candidates: Iterable[Candidate], on: date) -> Prepared:
    """Sort the feeder-level candidates of ``req`` once (see :func:`for_post`)."""
    return for_family(prepare_level(req, candidates, on), req.family)


def for_post(prepared: Prepared, post: Hashable = None, limit: int | None = None) -> Ranking:
    """The ranking of one post from :func:`prepare`: its holders are excluded
    (``holds_post``). ``limit`` keeps the first ``limit`` ranked and stops reading there: the
    excluded listed are then those who would otherwise have ranked among them."""
    out = Ranking()
    eligible: list[Candidate] = []
    for c, why in prepared.rows:
        if post is not None and c.post == post:
            why = (*why, "holds_post")
        if why:
            out.excluded.append(Excluded(c, why))
            continue
        eligible.append(c)
        if limit is not None and len(eligible) > limit:
            break
    shown = eligible if limit is None else eligible[:limit]
    req = prepared.requirement
    for i, c in enumerate(shown):
        nxt = eligible[i + 1] if i + 1 < len(eligible) else None
        ahead = _ahead_by(sort_key(req, c), sort_key(req, nxt)) if nxt is not None else ""
        out.ranked.append(Ranked(c, i + 1, ahead))
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
