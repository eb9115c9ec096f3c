"""The succession API per role: the lists (read), one post with its ETag, and the fill with
If-Match (428 without, 412 when stale), scoped like the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from formasi.talent.succession_models import SuccessionDecision
from tests.talent.builders import succession_world

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)


def _post_url(world: Any, s: Any, name: str = "api:get_succession_post") -> str:
    return reverse(name, args=[world.dinkes.pk, s.head.pk])


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("role", "ranked", "hidden"),
    [("admin_a", 2, 0), ("evaluator_a", 2, 0), ("leader_a", 2, 0), ("operator_dinkes_a", 1, 2)],
)
def test_the_list_per_role(
    world: Any, client_for: Any, role: str, ranked: int, hidden: int
) -> None:
    s = succession_world(world, TODAY)
    query = {"agency": world.agency_a.code} if role == "evaluator_a" else {}
    body = client_for(role).get(reverse("api:list_succession"), query).json()
    post = next(p for p in body["posts"] if p["position_id"] == s.head.pk)
    assert (len(post["ranked"]), post["hidden"]) == (ranked, hidden)
    # Ahead of the next (box 8) by the box, whether or not the operator sees the next one.
    first = {"employee_id": s.best.pk, "rank": 1, "box": 9, "ahead_by": "box"}
    assert post["ranked"][0] == first
    assert body["on"] == "2026-10-01"


@time_machine.travel(TODAY, tick=False)
def test_other_opd_and_other_agency_do_not_see_the_post(world: Any, client_for: Any) -> None:
    s = succession_world(world, TODAY)
    assert client_for("operator_other_opd_a").get(_post_url(world, s)).status_code == 404
    assert client_for("admin_b").get(_post_url(world, s)).status_code == 404
    body = client_for("admin_b").get(reverse("api:list_succession")).json()
    assert body["posts"] == []


@time_machine.travel(TODAY, tick=False)
def test_one_post_gives_the_exclusion_codes_and_an_etag(world: Any, client_for: Any) -> None:
    s = succession_world(world, TODAY)
    response = client_for("admin_a").get(_post_url(world, s))
    assert response.status_code == 200 and response.headers["ETag"].startswith('"')
    reasons = {x["employee_id"]: x["reasons"] for x in response.json()["excluded"]}
    assert reasons == {s.sanctioned.pk: ["running_sanction"], s.low_rank.pk: ["rank_too_low"]}


@time_machine.travel(TODAY, tick=False)
def test_fill_needs_if_match_and_refuses_a_stale_one(world: Any, client_for: Any) -> None:
    s = succession_world(world, TODAY)
    client = client_for("admin_a")
    url = _post_url(world, s, "api:fill_succession_post")
    body = {"employee_id": s.best.pk, "reason": "Kotak 9"}
    assert client.post(url, body, content_type="application/json").status_code == 428
    stale = client.post(url, body, content_type="application/json", HTTP_IF_MATCH='"9-9"')
    assert stale.status_code == 412
    etag = client.get(_post_url(world, s)).headers["ETag"]
    done = client.post(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert done.status_code == 201 and done.json()["rank"] == 1
    again = client.post(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert again.status_code == 412
    assert SuccessionDecision.unscoped.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_fill_of_an_excluded_person_is_422(world: Any, client_for: Any) -> None:
    s = succession_world(world, TODAY)
    client = client_for("admin_a")
    etag = client.get(_post_url(world, s)).headers["ETag"]
    response = client.post(_post_url(world, s, "api:fill_succession_post"),
                           {"employee_id": s.sanctioned.pk, "reason": "x"},
                           content_type="application/json", HTTP_IF_MATCH=etag)  # fmt: skip
    assert response.status_code == 422


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("role", "status"),
    [("operator_dinkes_a", 403), ("evaluator_a", 403), ("leader_a", 403),
     ("operator_other_opd_a", 404), ("admin_b", 404), ("anonymous", 401)],
)  # fmt: skip
def test_only_the_admin_fills(world: Any, client_for: Any, role: str, status: int) -> None:
    s = succession_world(world, TODAY)
    url = _post_url(world, s, "api:fill_succession_post")
    body = {"employee_id": s.best.pk, "reason": "x"}
    response = client_for(role).post(url, body, content_type="application/json",
                                     HTTP_IF_MATCH='"1"')  # fmt: skip
    assert response.status_code == status
