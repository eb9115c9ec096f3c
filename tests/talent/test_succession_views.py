"""The succession pages per role (statuses of every URL × role are in
tests/core/test_permission_matrix.py; these check the content and the fill)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from formasi.talent.succession_models import SuccessionDecision
from formasi.workforce.models import Employee
from tests.talent.builders import succession_world

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)


def _url(world: Any, s: Any, name: str = "talent:succession_post") -> str:
    return reverse(name, args=[world.dinkes.pk, s.head.pk])


@time_machine.travel(TODAY, tick=False)
def test_the_index_lists_the_empty_post_with_its_first_candidates(
    world: Any, client_for: Any
) -> None:
    s = succession_world(world, TODAY)
    response = client_for("admin_a").get(reverse("talent:succession"))
    assert response.context["on"] == date(2026, 10, 1)
    row = next(r for r in response.context["rows"] if r["post"].position == s.head)
    assert [c["employee"] for c in row["top"]] == [s.best, s.second]


@time_machine.travel(TODAY, tick=False)
def test_a_bad_date_is_400_and_says_why(world: Any, client_for: Any) -> None:
    response = client_for("admin_a").get(reverse("talent:succession"), {"tanggal": "besok"})
    assert response.status_code == 400 and "besok" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_post_page_words_ranks_and_exclusions(world: Any, client_for: Any) -> None:
    s = succession_world(world, TODAY)
    response = client_for("admin_a").get(_url(world, s))
    html = response.content.decode()
    assert "Rina Kartika" in html and "hukuman disiplin sedang berjalan" in html
    assert "pangkat belum memenuhi" in html
    assert response.context["may_fill"] is True


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("role", ["evaluator_a", "leader_a", "operator_dinkes_a"])
def test_readers_have_no_fill_button(world: Any, client_for: Any, role: str) -> None:
    s = succession_world(world, TODAY)
    response = client_for(role).get(_url(world, s))
    assert response.status_code == 200 and response.context["may_fill"] is False


@time_machine.travel(TODAY, tick=False)
def test_the_operator_sees_their_opd_people_only(world: Any, client_for: Any) -> None:
    s = succession_world(world, TODAY)
    html = client_for("operator_dinkes_a").get(_url(world, s)).content.decode()
    assert "Rina Kartika" in html and "Bambang Hartono" not in html


@time_machine.travel(TODAY, tick=False)
def test_fill_asks_to_confirm_then_fills(world: Any, client_for: Any) -> None:
    s = succession_world(world, TODAY)
    client = client_for("admin_a")
    url = _url(world, s, "talent:succession_fill")
    form = client.get(url)
    version = form.context["version"]
    first = client.post(url, {"employee": s.best.pk, "reason": "Kotak 9", "version": version})
    assert first.context["confirm"] is True and not SuccessionDecision.unscoped.exists()
    done = client.post(url, {"employee": s.best.pk, "reason": "Kotak 9", "version": version,
                             "confirmed": "1"})  # fmt: skip
    assert done.status_code == 302
    assert Employee.unscoped.get(pk=s.best.pk).position == s.head
    assert SuccessionDecision.unscoped.get().rank == 1


@time_machine.travel(TODAY, tick=False)
def test_fill_without_a_candidate_or_reason_is_400(world: Any, client_for: Any) -> None:
    s = succession_world(world, TODAY)
    client = client_for("admin_a")
    url = _url(world, s, "talent:succession_fill")
    assert client.post(url, {"reason": "x"}).status_code == 400
    assert client.post(url, {"employee": s.best.pk, "reason": ""}).status_code == 400
    stale = client.post(url, {"employee": s.best.pk, "reason": "x", "version": "5-5",
                              "confirmed": "1"})  # fmt: skip
    assert stale.status_code == 400 and not SuccessionDecision.unscoped.exists()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("role", "status"),
    [("evaluator_a", 403), ("operator_dinkes_a", 403), ("operator_other_opd_a", 404),
     ("admin_b", 404)],
)  # fmt: skip
def test_fill_page_per_role(world: Any, client_for: Any, role: str, status: int) -> None:
    s = succession_world(world, TODAY)
    assert client_for(role).get(_url(world, s, "talent:succession_fill")).status_code == status
