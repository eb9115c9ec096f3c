"""The demo city's open selection (issue 19): one seleksi terbuka for an empty JPT post, in
progress: registration closed, a committee that meets the rules, internal and external
candidates, one failed administration, one still without an interview score."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings

from formasi.demo.loader import load_demo
from formasi.domain import selection as rules
from formasi.planning import fiveyear
from formasi.talent.selection_models import Candidate, Selection

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo(seed=7, size=800)
        row = Selection.unscoped.select_related("position").get()
        from django.utils import timezone

        today = timezone.localdate()
        report = fiveyear.vacancy_report(
            [row.agency_id], today=today, on=today.replace(year=today.year + 1, month=10, day=1)
        )
        post = next(p for p in report.posts if p.post.post_id == f"{row.unit_id}:{row.position_id}")
        snapshot = SimpleNamespace(
            selection=row,
            post_empty=post.empty_on,
            members=list(row.committee.values_list("internal", "role")),
            candidates=list(Candidate.unscoped.filter(selection=row).order_by("id")),
            history=row.history.count(),
        )
        transaction.set_rollback(True)
    return snapshot


def test_one_selection_in_progress_for_an_empty_jpt_post(demo: SimpleNamespace) -> None:
    assert demo.selection.state == "closed"
    assert demo.selection.position.kind.startswith("jpt_")
    assert demo.post_empty >= 1
    assert demo.history >= 2  # opened, then closed


def test_the_committee_meets_the_rules(demo: SimpleNamespace) -> None:
    pairs = [(internal, role == "chair") for internal, role in demo.members]
    assert rules.committee_problems(pairs) == ()


def test_candidates_inside_and_outside_and_a_ranking_in_progress(demo: SimpleNamespace) -> None:
    people = demo.candidates
    assert any(c.employee_id for c in people) and any(c.employee_id is None for c in people)
    assert [c for c in people if c.passed_administration is False]
    assert [c for c in people if c.passed_administration and c.final_score is None]
    ranked = sorted((c for c in people if c.place), key=lambda c: c.place)
    assert len(ranked) >= 3
    assert [c.final_score for c in ranked] == sorted((c.final_score for c in ranked), reverse=True)
    assert sum(c.shortlisted for c in people) == 3
