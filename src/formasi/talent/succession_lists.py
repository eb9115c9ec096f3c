"""Reads of the succession lists (issue 19): the structural posts empty now or by a date — the
vacancy report's own computation (``planning.fiveyear.vacancy_report``, retirement at BUP and
contract ends) — and for each a ranked list of candidates from ``domain.succession``.

Fast by design: the agency's people are read once (a handful of queries whatever the number of
posts), each candidate's box, competency, training and sanctions joined in Python, and the
candidates sorted once per post level and family (``succession.prepare``); every post then
reads its first rows of that sorted list (``succession.for_post``).

Scope: resource "succession". Posts are those in units the user may view; the ranking is over
the whole agency (a post is filled from anywhere in it) but an OPD operator is shown only the
people of their OPD (the others are counted, not named).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from formasi.accounts.models import User
from formasi.core.permissions import Action
from formasi.domain import discipline as discipline_rules
from formasi.domain import performance, succession
from formasi.domain import talent as talent_rules
from formasi.domain.projection import Departure
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.planning import fiveyear
from formasi.talent.models import Assessment, DisciplineRecord, SkpResult
from formasi.talent.succession_models import SuccessionDecision
from formasi.workforce.models import Employee

__all__ = [
    "Post",
    "SuccessionList",
    "candidates",
    "lists",
    "post_version",
    "requirement",
    "vacant_posts",
]

JPT = ("jpt_utama", "jpt_madya", "jpt_pratama")
#: The 9-box box of each (SKP predicate, potential), looked up once per person.
BOXES = {
    (p.value, q.value): talent_rules.nine_box(talent_rules.performance_level(p), q)
    for p in performance.Predicate
    for q in talent_rules.Potential
}


@dataclass
class Post:
    """A structural post with a seat empty now or by ``on`` (from the vacancy report)."""

    key: str
    unit: OrgUnit
    position: Position
    seats: int
    filled_now: int
    empty_now: int
    empty_on: int
    leaving: tuple[Departure, ...]

    @property
    def day(self) -> date:
        """The first day the post has an empty seat (today when empty now)."""
        return min((d.when for d in self.leaving), default=date.min)


@dataclass
class SuccessionList:
    post: Post
    ranking: succession.Ranking
    people: dict[int, Employee] = field(default_factory=dict)
    #: Ranked or excluded people the user may not see (an OPD operator: other OPDs).
    hidden: int = 0


def requirement(level: str, family: str = "") -> succession.Requirement:
    """The requirement of a post level from the settings (see ``domain.succession``)."""
    return succession.Requirement(
        level=level,
        feeders=frozenset(settings.FORMASI_SUCCESSION_FEEDERS.get(level, ())),
        min_golongan=settings.FORMASI_SUCCESSION_MIN_GOLONGAN.get(level, ""),
        min_education=settings.FORMASI_SUCCESSION_MIN_EDUCATION.get(level, ""),
        min_years=settings.FORMASI_SUCCESSION_MIN_YEARS.get(level, 0),
        max_age=settings.FORMASI_SUCCESSION_JPT_MAX_AGE if level in JPT else None,
        family=family,
    )


def vacant_posts(
    user: User, agency: Agency, *, today: date, on: date, jpt_only: bool = False
) -> list[Post]:
    """Posts with a seat empty now or by ``on``, in units the user may view (report order)."""
    report = fiveyear.vacancy_report([agency.pk], today=today, on=on)
    keys = [p for p in report.posts if p.empty_on > 0 or p.empty_now > 0]
    if jpt_only:
        keys = [p for p in keys if p.post.level in JPT]
    unit_ids = {int(str(p.post.post_id).split(":")[0]) for p in keys}
    position_ids = {int(str(p.post.post_id).split(":")[1]) for p in keys}
    units = {
        u.pk: u
        for u in OrgUnit.objects.visible_to(user, Action.VIEW, resource="succession").filter(
            pk__in=unit_ids
        )
    }
    positions = Position.unscoped.in_bulk(position_ids)
    out: list[Post] = []
    for p in keys:
        unit_id, position_id = (int(x) for x in str(p.post.post_id).split(":"))
        if unit_id not in units:
            continue
        out.append(
            Post(
                key=str(p.post.post_id),
                unit=units[unit_id],
                position=positions[position_id],
                seats=p.post.seats,
                filled_now=p.filled_now,
                empty_now=p.empty_now,
                empty_on=p.empty_on,
                leaving=p.leaving,
            )
        )
    return out


def _level(kind: str, jenjang: str) -> str:
    return f"fungsional:{jenjang}" if kind == Position.Kind.FUNGSIONAL else kind


def latest_year(agency: Agency) -> int | None:
    """The latest year with an SKP result in the agency (the year the boxes are read from)."""
    return (
        SkpResult.unscoped.filter(agency=agency)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def candidates(agency: Agency, levels: set[str], today: date) -> list[succession.Candidate]:
    """Every active employee of the agency in one of ``levels`` as the ranking reads them."""
    kinds = {lv.split(":")[0] for lv in levels}
    rows = list(
        Employee.unscoped.filter(agency=agency, active=True, position__kind__in=kinds).values_list(
            "pk", "position__kind", "position__jenjang", "position__family", "status", "golongan",
            "education", "birth_date", "tmt_position", "unit_id", "position_id",
        )
    )  # fmt: skip
    ids = Employee.unscoped.filter(agency=agency, active=True, position__kind__in=kinds).values(
        "pk"
    )
    year = latest_year(agency)
    predicates = dict(
        SkpResult.unscoped.filter(employee_id__in=ids, year=year).values_list(
            "employee_id", "predicate"
        )
    )
    assessed: dict[int, tuple[str, float, int]] = {}
    for employee_id, potential, score, hours in (
        Assessment.unscoped.filter(employee_id__in=ids, year__lte=year or today.year)
        .order_by("year")
        .values_list("employee_id", "potential", "competency_score", "training_hours")
    ):
        assessed[employee_id] = (potential, float(score), hours)  # the latest year wins
    running: set[int] = set()
    for employee_id, sanction, starts in DisciplineRecord.unscoped.filter(
        employee_id__in=ids, starts_on__lte=today
    ).values_list("employee_id", "sanction", "starts_on"):
        record = discipline_rules.SanctionRecord(discipline_rules.Sanction(sanction), starts)
        if discipline_rules.promotion_blocks([record], today):
            running.add(employee_id)
    out = []
    for pk, kind, jenjang, family, status, golongan, edu, birth, tmt, unit_id, pos_id in rows:
        level = _level(kind, jenjang)
        if level not in levels:
            continue
        found = assessed.get(pk)
        box = BOXES[predicates[pk], found[0]] if pk in predicates and found is not None else None
        out.append(
            succession.Candidate(
                id=pk,
                level=level,
                family=family,
                status=status,
                golongan=golongan,
                education=edu,
                birth_date=birth,
                years_in_post=succession.age_on(tmt, today) if tmt else None,
                training_hours=found[2] if found else 0,
                competency=found[1] if found else None,
                box=box,
                running_sanction=pk in running,
                post=f"{unit_id}:{pos_id}",
            )
        )
    return out


def lists(
    user: User,
    agency: Agency,
    posts: list[Post],
    today: date,
    limit: int | None,
    *,
    with_people: bool = True,
) -> list[SuccessionList]:
    """The ranked list of every post; the candidates are read and sorted once per level and
    family. ``limit`` (None: all) keeps the first of each list; ``with_people`` reads the
    shown people (names, posts) and applies the user's scope to them."""
    reqs = {(p.position.kind, p.position.family): requirement(p.position.kind, p.position.family)
            for p in posts}  # fmt: skip
    levels = {lv for r in reqs.values() for lv in r.feeders}
    pool = candidates(agency, levels, today) if posts else []
    levels_done: dict[tuple[str, date], succession.LevelRows] = {}
    prepared: dict[tuple[str, str, date], succession.Prepared] = {}
    out: list[SuccessionList] = []
    for post in posts:
        day = today if post.empty_now else max(post.day, today)
        kind, family = post.position.kind, post.position.family
        if (kind, day) not in levels_done:
            levels_done[kind, day] = succession.prepare_level(reqs[kind, family], pool, day)
        if (kind, family, day) not in prepared:
            prepared[kind, family, day] = succession.for_family(levels_done[kind, day], family)
        found = succession.for_post(prepared[kind, family, day], post.key, limit)
        out.append(SuccessionList(post, found))
    if with_people:
        _people(user, out)
    return out


def _people(user: User, found: list[SuccessionList]) -> None:
    """Fill each list's people with the employees the user may view; drop the others."""
    wanted = {r.candidate.id for sl in found for r in sl.ranking.ranked}
    wanted |= {x.candidate.id for sl in found for x in sl.ranking.excluded}
    visible = {
        e.pk: e
        for e in Employee.objects.visible_to(user, Action.VIEW, resource="succession")
        .filter(pk__in=wanted)
        .select_related("position", "unit")
    }
    for sl in found:
        before = len(sl.ranking.ranked) + len(sl.ranking.excluded)
        sl.ranking.ranked = [r for r in sl.ranking.ranked if r.candidate.id in visible]
        sl.ranking.excluded = [x for x in sl.ranking.excluded if x.candidate.id in visible]
        sl.hidden = before - len(sl.ranking.ranked) - len(sl.ranking.excluded)
        sl.people = visible


def post_version(unit: OrgUnit, position: Position) -> str:
    """The version a fill starts from: the post's holders and its latest decision (changes
    whenever someone moves in or out or a decision is recorded)."""
    holders = sorted(
        Employee.unscoped.filter(unit=unit, position=position, active=True).values_list(
            "pk", flat=True
        )
    )
    last = (
        SuccessionDecision.unscoped.filter(unit=unit, position=position)
        .order_by("-id")
        .values_list("pk", flat=True)
        .first()
    )
    return f"{last or 0}-{'.'.join(map(str, holders)) or 0}"


def one(user: User, agency: Agency, unit: OrgUnit, position: Position, *, today: date,
        on: date) -> SuccessionList | None:  # fmt: skip
    """The list of one post (None when it has no seat empty now or by ``on``)."""
    key = f"{unit.pk}:{position.pk}"
    posts = [p for p in vacant_posts(user, agency, today=today, on=on) if p.key == key]
    shown = settings.FORMASI_SUCCESSION_SHOWN
    return lists(user, agency, posts, today, shown)[0] if posts else None
