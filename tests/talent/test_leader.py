"""What the leader's page reads: coverage of next year's empty JPT/administrator posts by at
least two ready candidates of the level below, the merit facts, the SKP distribution."""

from __future__ import annotations

from datetime import date

import pytest

from formasi.domain import merit
from formasi.talent import leader
from formasi.workload.models import PositionNeed
from tests import builders as build
from tests.talent import builders as talent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)


def _ready(world, n: int):  # type: ignore[no-untyped-def]
    """An empty Kepala Dinas Kesehatan post and ``n`` administrators in box 9."""
    post = talent.jpt_position(world)
    PositionNeed.unscoped.create(
        agency=world.agency_a, unit=world.dinkes, position=post, source="entered", count=1
    )
    admin_post = build.position(
        world.agency_a, "Sekretaris Dinas", kind="administrator", jenjang="", family="manajerial"
    )
    people = []
    for i in range(n):
        person = build.employee(world.dinkes, admin_post, f"Pejabat {i}")
        talent.skp(person)
        talent.assessment(person)
        people.append(person)
    return people


def test_a_post_with_two_ready_administrators_is_covered(world) -> None:  # type: ignore[no-untyped-def]
    _ready(world, 2)
    found = leader.coverage(world.users["admin_a"], world.agency_a, talent.YEAR, TODAY)
    assert found.on == date(2027, 10, 1)
    assert (found.posts, found.covered) == (1, 1)
    assert found.ready["administrator"] == 2


def test_one_ready_is_not_enough(world) -> None:  # type: ignore[no-untyped-def]
    _ready(world, 1)
    found = leader.coverage(world.users["admin_a"], world.agency_a, talent.YEAR, TODAY)
    assert (found.posts, found.covered) == (1, 0)


def test_a_running_sanction_takes_a_candidate_out(world) -> None:  # type: ignore[no-untyped-def]
    people = _ready(world, 2)
    talent.sanction(people[0], starts_on=date(2026, 1, 1))  # 12 months: running on TODAY
    found = leader.coverage(world.users["admin_a"], world.agency_a, talent.YEAR, TODAY)
    assert (found.posts, found.covered) == (1, 0)


def test_merit_facts_and_the_indicative_score(world) -> None:  # type: ignore[no-untyped-def]
    talent.talent_data(world)
    cover = leader.coverage(world.users["admin_a"], world.agency_a, talent.YEAR, TODAY)
    facts = leader.merit_facts(world.agency_a, talent.YEAR, cover, 0)
    # Agency A has 3 active employees in the role fixtures, all rated in 2025; its one
    # discipline record was decided in 2026, so it counts from that year on.
    assert (facts.employees, facts.employees_with_skp) == (3, 3)
    assert facts.discipline_records == 0
    later = leader.merit_facts(world.agency_a, talent.YEAR + 1, cover, 0)
    assert (later.discipline_records, later.discipline_records_with_decision) == (1, 1)
    assert later.employees_with_skp == 0
    answers = merit.auto_answers(facts)
    levels = {a.indicator: a.level for a in answers}
    assert levels["performance_appraisal"] == 4 and levels["talent_succession"] == 1
    assert leader.auto_merit(answers) == round(100 * sum(levels.values()) / len(levels))
    assert leader.auto_merit(()) is None


def test_the_latest_submitted_self_assessment_is_shown(world) -> None:  # type: ignore[no-untyped-def]
    from formasi.talent import meritself_services

    assert leader.latest_self_assessment(world.agency_a) is None
    draft = talent.merit(world.agency_a, level=3)
    assert leader.latest_self_assessment(world.agency_a) is None  # a draft is not shown
    meritself_services.submit_assessment(assessment=draft, actor=world.users["admin_a"])
    draft.refresh_from_db()
    assert leader.latest_self_assessment(world.agency_a) == {
        "year": draft.year,
        "score": draft.score,
        "category": draft.category,
    }


def test_distribution_counts_people_per_predicate(world) -> None:  # type: ignore[no-untyped-def]
    talent.talent_data(world)
    found = dict(leader.predicate_distribution(world.agency_a, talent.YEAR))
    assert found == {"sangat_baik": 2, "baik": 1, "butuh_perbaikan": 0, "kurang": 0,
                     "sangat_kurang": 0}  # fmt: skip
