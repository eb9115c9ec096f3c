"""What the leader's page reads (issue 19): the merit indicators Formasi answers from its own
data and their trend, the talent pool's coverage of next year's empty structural posts, and
the agency's SKP predicate distribution. Reads only; every figure is whole people or posts.

Merit: the auto-filled indicators of ``formasi.domain.merit`` for the agency and year, and
the latest submitted self-assessment's score and category (:func:`latest_self_assessment`).

Coverage: a post is covered when at least ``READY_NEEDED`` people of the talent pool (kotak
7–9, no running sanction; ``boxes.pool``) hold a post of the level that feeds it
(:data:`FEEDERS`, after PP 11/2017 Pasal 107: JPT pratama from administrator, administrator
from pengawas, JPT madya from JPT pratama) [U: one reading, the succession list may refine it].
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from django.db.models import Count

from formasi.accounts.models import User
from formasi.domain import merit
from formasi.organization.models import Agency, Position
from formasi.planning import fiveyear
from formasi.talent import boxes, meritself_services
from formasi.talent.models import DisciplineRecord, Predicate, SkpResult
from formasi.talent.selection_models import Selection
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed

__all__ = [
    "FEEDERS",
    "READY_NEEDED",
    "TREND_YEARS",
    "Coverage",
    "Figures",
    "auto_merit",
    "coverage",
    "figures",
    "forecast_date",
    "latest_self_assessment",
    "merit_facts",
    "predicate_distribution",
]

K = Position.Kind
#: The level whose holders are ready for a post of each level (PP 11/2017 Pasal 107) [U].
FEEDERS: dict[str, tuple[str, ...]] = {
    K.JPT_MADYA: (K.JPT_PRATAMA,),
    K.JPT_PRATAMA: (K.ADMINISTRATOR,),
    K.ADMINISTRATOR: (K.PENGAWAS,),
}
#: The merit self-assessment model of branch ``meritself`` (looked up by name; absent on main).
#: Ready candidates a post needs to count as covered.
READY_NEEDED = 2
#: Years of the indicative merit score's trend (the latest year with SKP and those before).
TREND_YEARS = 3
_TARGET = (K.JPT_MADYA, K.JPT_PRATAMA, K.ADMINISTRATOR)


def forecast_date(today: date) -> date:
    """1 October of next year (the vacancy report's date for the coming year's needs)."""
    return date(today.year + 1, 10, 1)


@dataclass(frozen=True)
class Coverage:
    """Empty JPT/administrator posts by the date, and how many have enough ready people."""

    on: date
    posts: int
    covered: int
    ready: dict[str, int]  # ready people per feeding level
    by_level: list[tuple[str, int, int]]  # (level, posts, covered)


def _pool(user: User, agency: Agency, year: int, today: date) -> list[boxes.Person]:
    return boxes.pool(user, agency, boxes.BoxFilter(year=year), today).members[:]


def coverage(user: User, agency: Agency, year: int, today: date) -> Coverage:
    """How many JPT/administrator posts empty by 1 October next year have at least two ready
    candidates from the pool."""
    on = forecast_date(today)
    report = fiveyear.vacancy_report([agency.pk], today=today, on=on)
    ready = Counter(p.employee.position.kind for p in _pool(user, agency, year, today))
    by_level: dict[str, list[int]] = {k: [0, 0] for k in _TARGET}
    for post in report.posts:
        if post.post.level not in by_level or post.empty_on == 0:
            continue
        people = sum(ready.get(k, 0) for k in FEEDERS[post.post.level])
        by_level[post.post.level][0] += 1
        by_level[post.post.level][1] += int(people >= READY_NEEDED)
    rows = [(k, n, c) for k, (n, c) in by_level.items() if n]
    return Coverage(
        on=on,
        posts=sum(n for _k, n, _c in rows),
        covered=sum(c for _k, _n, c in rows),
        ready={k: ready.get(k, 0) for k in (K.JPT_PRATAMA, K.ADMINISTRATOR, K.PENGAWAS)},
        by_level=rows,
    )


def merit_facts(agency: Agency, year: int, cover: Coverage, pool_size: int) -> merit.MeritFacts:
    """The counts ``domain.merit.auto_answers`` reads, for the agency and year. JPT posts
    filled this year are those filled through a decided open selection (Formasi records no
    other filling yet), so that indicator is answered only when one was decided."""
    needs = PositionNeed.unscoped.filter(agency=agency)
    employees = Employee.unscoped.filter(agency=agency, active=True)
    skp = SkpResult.unscoped.filter(agency=agency, year=year, employee__active=True)
    records = DisciplineRecord.unscoped.filter(agency=agency, decided_on__year__lte=year)
    decided = Selection.unscoped.filter(
        agency=agency, state=Selection.State.DECIDED, decided_on__year=year
    ).count()
    return merit.MeritFacts(
        need_cells=needs.count(),
        need_cells_from_abk=needs.filter(source=PositionNeed.Source.ABK).count(),
        target_posts=cover.posts,
        target_posts_with_successor=cover.covered,
        talent_pool=pool_size,
        jpt_filled=decided,
        jpt_filled_by_open_selection=decided,
        employees=employees.count(),
        employees_with_skp=skp.count(),
        discipline_records=records.count(),
        discipline_records_with_decision=records.exclude(decided_by_name="").count(),
    )


def auto_merit(answers: tuple[merit.Answer, ...]) -> int | None:
    """An indicative score on the 100–400 scale from the auto-filled indicators only
    (100 × their mean level), None when there is none. Not the assessment's score: the other
    indicators are the agency's own answers."""
    if not answers:
        return None
    return round(100 * Fraction(sum(a.level for a in answers), len(answers)))


def latest_self_assessment(agency: Agency) -> dict[str, Any] | None:
    """The agency's latest submitted merit self-assessment (year, score, category), or None."""
    found = meritself_services.latest_merit(agency)
    if found is None:
        return None
    year, score, category = found
    return {"year": year, "score": score, "category": category}


def predicate_distribution(agency: Agency, year: int) -> list[tuple[str, int]]:
    """People per SKP predicate of the year (active employees), every predicate present."""
    found = dict(
        SkpResult.unscoped.filter(agency=agency, year=year, employee__active=True)
        .values_list("predicate")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(code, found.get(code, 0)) for code in Predicate.values]


@dataclass(frozen=True)
class Figures:
    """Every figure of the leader's page for one agency (codes and numbers; the page and the
    API word them)."""

    year: int
    cover: Coverage
    trend: list[tuple[int, int | None]]  # (year, indicative merit score)
    answers: tuple[merit.Answer, ...]  # the auto-filled indicators of ``year``
    self_assessment: dict[str, Any] | None
    distribution: list[tuple[str, int, int]]  # (predicate, people, whole percent)
    rated: int


def figures(user: User, agency: Agency, today: date) -> Figures:
    """The leader's page of the agency: the latest year with SKP the user sees, the pool's
    coverage of next year's empty posts, the indicative merit score of the last
    :data:`TREND_YEARS` years with the latest year's indicators, the latest submitted
    self-assessment, and the SKP predicate distribution."""
    year = boxes.default_year(user, agency)
    cover = coverage(user, agency, year, today)
    pool_size = sum(cover.ready.values())
    trend: list[tuple[int, int | None]] = []
    answers: tuple[merit.Answer, ...] = ()
    for y in range(year - TREND_YEARS + 1, year + 1):
        answers = merit.auto_answers(merit_facts(agency, y, cover, pool_size))
        trend.append((y, auto_merit(answers)))
    distribution = predicate_distribution(agency, year)
    rated = sum(n for _c, n in distribution)
    return Figures(
        year=year,
        cover=cover,
        trend=trend,
        answers=answers,
        self_assessment=latest_self_assessment(agency),
        distribution=[
            (code, n, round(100 * n / rated) if rated else 0) for code, n in distribution
        ],
        rated=rated,
    )
