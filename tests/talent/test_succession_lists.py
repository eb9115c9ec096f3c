"""The succession lists read from the database: the vacancy report's empty posts, the ranking
over the agency, and the scope of who is shown (domain rules are in tests/domain)."""

from __future__ import annotations

from datetime import date

import pytest

from formasi.talent import succession_lists
from tests.talent.builders import succession_world

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)


def _one(world, user):  # type: ignore[no-untyped-def]
    s = succession_world(world, TODAY)
    found = succession_lists.one(world.users[user], world.agency_a, world.dinkes, s.head,
                                 today=TODAY, on=date(2026, 10, 1))  # fmt: skip
    return s, found


def test_the_empty_jpt_post_lists_the_pool_first_and_the_excluded(world) -> None:  # type: ignore[no-untyped-def]
    s, found = _one(world, "admin_a")
    assert found is not None and found.post.empty_now == 1
    assert [r.candidate.id for r in found.ranking.ranked] == [s.best.pk, s.second.pk]
    excluded = {x.candidate.id: x.reasons for x in found.ranking.excluded}
    assert excluded == {s.sanctioned.pk: ("running_sanction",), s.low_rank.pk: ("rank_too_low",)}
    assert found.hidden == 0


def test_an_operator_sees_only_their_opd_people_with_the_agency_ranks(world) -> None:  # type: ignore[no-untyped-def]
    s, found = _one(world, "operator_dinkes_a")
    assert found is not None
    assert [(r.candidate.id, r.rank) for r in found.ranking.ranked] == [(s.best.pk, 1)]
    assert [x.candidate.id for x in found.ranking.excluded] == [s.sanctioned.pk]
    assert found.hidden == 2  # the two of the Dinas Pendidikan


def test_an_operator_of_another_opd_has_no_such_post(world) -> None:  # type: ignore[no-untyped-def]
    succession_world(world, TODAY)
    posts = succession_lists.vacant_posts(world.users["operator_other_opd_a"], world.agency_a,
                                          today=TODAY, on=date(2026, 10, 1))  # fmt: skip
    assert posts == []


def test_a_filled_post_is_not_listed(world) -> None:  # type: ignore[no-untyped-def]
    s = succession_world(world, TODAY)
    s.best.unit, s.best.position = world.dinkes, s.head
    s.best.save()
    posts = succession_lists.vacant_posts(world.users["admin_a"], world.agency_a, today=TODAY,
                                          on=TODAY)  # fmt: skip
    assert [p.key for p in posts if p.position == s.head] == []


def test_the_requirement_comes_from_the_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FORMASI_SUCCESSION_MIN_GOLONGAN = {"jpt_pratama": "IV/c"}
    req = succession_lists.requirement("jpt_pratama", "manajerial")
    assert req.min_golongan == "IV/c" and req.max_age == 56
    assert "administrator" in req.feeders
    assert succession_lists.requirement("pengawas").max_age is None


def test_the_version_changes_when_someone_moves_in(world) -> None:  # type: ignore[no-untyped-def]
    s = succession_world(world, TODAY)
    before = succession_lists.post_version(world.dinkes, s.head)
    s.best.unit, s.best.position = world.dinkes, s.head
    s.best.save()
    assert succession_lists.post_version(world.dinkes, s.head) != before
