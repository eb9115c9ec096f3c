"""The demo city's talent data (issue 19): SKP results of two years, a populated 9-box, and a
succession list with eligible candidates for every JPT post empty by the next 1 October, one
candidate excluded for a running sanction."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings

from formasi.demo.loader import load_demo
from formasi.demo.succession import YEARS
from formasi.organization.models import Agency
from formasi.planning.tables import next_october
from formasi.talent import boxes, succession_lists
from formasi.talent.models import SkpResult
from formasi.workforce.models import Employee

pytestmark = pytest.mark.django_db
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SIZE, SEED = 800, 7


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo(seed=SEED, size=SIZE)
        admin = get_user_model().objects.get(username="admin")
        agency = Agency.unscoped.get()
        today = date.today()
        on = next_october(today)
        posts = succession_lists.vacant_posts(admin, agency, today=today, on=on, jpt_only=True)
        found = succession_lists.lists(admin, agency, posts, today, 10)
        years = Counter(SkpResult.unscoped.values_list("year", flat=True))
        asn = Employee.unscoped.filter(active=True, status__in=Employee.ASN_STATUSES).count()
        grid = boxes.nine_box(admin, agency, boxes.BoxFilter(year=YEARS[-1]), today)
        yield found, years, asn, grid
        transaction.set_rollback(True)


def test_two_years_of_skp_for_the_staff(demo) -> None:  # type: ignore[no-untyped-def]
    _found, years, asn, _grid = demo
    assert sorted(years) == list(YEARS)
    # Everyone active then had both years (one retired holder more than the active count).
    assert asn <= years[YEARS[-1]] <= asn + 1


def test_the_nine_box_is_populated(demo) -> None:  # type: ignore[no-untyped-def]
    grid = demo[3]
    counts = grid.counts()
    assert all(counts[box] > 0 for box in (5, 7, 8, 9))
    assert len(grid.pool()) >= 3


def test_every_jpt_post_empty_by_october_has_candidates(demo) -> None:  # type: ignore[no-untyped-def]
    found = demo[0]
    assert any(sl.post.empty_now for sl in found)
    assert any(sl.post.empty_on > sl.post.empty_now for sl in found)
    for sl in found:
        assert len(sl.ranking.ranked) >= 2, sl.post.position.name
        assert sl.ranking.ranked[0].candidate.box == 9
    reasons = {r for sl in found for x in sl.ranking.excluded for r in x.reasons}
    assert "running_sanction" in reasons
