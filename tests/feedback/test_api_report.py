"""One unit's SKM report figures through the API (issue 21): the numbers of the printable report
and its PDF (``documents.report_context``), checked against ``formasi.domain.survey.ikm`` for
the same answers; EXPORT as the report, scoped as the unit."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from formasi.core.api import MAX_ID
from formasi.domain import survey
from formasi.feedback.models import Complaint
from tests.feedback.builders import ANSWERS, YEAR, response

pytestmark = pytest.mark.django_db

LAST_YEAR = [[3] * 9, [4] * 9]


def _answered(world: Any) -> None:
    for scores in ANSWERS:
        response(world.puskesmas, scores, sex="P", education="s1", text="Antrean lama")
    for scores in LAST_YEAR:
        response(world.puskesmas, scores, when=timezone.make_aware(datetime(YEAR - 1, 5, 1)))


def _report(client: Any, world: Any, **query: Any) -> Any:
    url = reverse("api:get_skm_report", args=[world.puskesmas.pk])
    return client.get(url, {"year": YEAR, **query})


def test_the_figures_are_the_domains(world: Any, client_for: Any) -> None:
    _answered(world)
    report = _report(client_for("admin_a"), world).json()
    expected = survey.ikm(ANSWERS)
    assert expected.index is not None and expected.grade is not None
    assert (report["unit_id"], report["year"], report["respondents"]) == (
        world.puskesmas.pk,
        YEAR,
        4,
    )
    assert Decimal(report["index"]) == expected.index and report["grade"] == expected.grade
    assert Decimal(report["ikm_scale4"]) == (expected.index / 25).quantize(Decimal("0.0001"))
    nrr = [None if u["nrr"] is None else Decimal(u["nrr"]) for u in report["unsur"]]
    assert nrr == list(expected.nrr)
    assert [u["code"] for u in report["unsur"]] == list(survey.UNSUR)
    assert report["unsur"][4]["answered"] == 3  # one respondent skipped U5
    lowest = survey.weakest(expected.nrr)
    assert report["weakest"] == lowest and report["follow_up"][0] == lowest
    assert [u["code"] for u in report["unsur"] if u["weakest"]] == [lowest]
    previous = survey.ikm(LAST_YEAR)
    assert report["previous"]["year"] == YEAR - 1
    assert Decimal(report["previous"]["index"]) == previous.index
    assert report["previous"]["respondents"] == 2


def test_profile_and_complaints(world: Any, client_for: Any) -> None:
    _answered(world)
    Complaint.unscoped.filter(unit=world.puskesmas).update(status="closed")
    report = _report(client_for("operator_dinkes_a"), world).json()
    assert [(p["count"], Decimal(p["percent"])) for p in report["profile"]["sex"]] == [
        (4, Decimal(100))
    ]
    by_status = {s["status"]: s["count"] for s in report["complaints"]["by_status"]}
    assert by_status == {"new": 0, "in_progress": 0, "answered": 0, "closed": 4}
    assert report["complaints"]["total"] == 4


def test_the_figures_are_those_of_the_printed_report(world: Any, client_for: Any) -> None:
    _answered(world)
    client = client_for("leader_a")
    page = client.get(reverse("feedback:report", args=[world.puskesmas.pk]), {"tahun": YEAR})
    context = page.context
    report = _report(client, world).json()
    assert Decimal(report["weighted_sum"]) == context["weighted_sum"]
    assert report["strongest"] == context["strongest"]
    assert report["grade_name"] == str(context["grade_name"])
    assert [u["converted"] and Decimal(u["converted"]) for u in report["unsur"]] == [
        r.converted for r in context["nrr_rows"]
    ]


def test_a_year_without_answers(world: Any, client_for: Any) -> None:
    report = _report(client_for("admin_a"), world, year=2018).json()
    assert report["respondents"] == 0 and report["index"] is None and report["grade"] is None
    assert report["follow_up"] == [] and report["weakest"] is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_a", 200), ("operator_dinkes_a", 200), ("operator_other_opd_a", 404),
     ("evaluator_a", 403), ("leader_a", 200), ("admin_b", 404), ("anonymous", 401)],
)  # fmt: skip
def test_per_role(world: Any, client_for: Any, persona: str, status: int) -> None:
    """As the printed report: EXPORT (evaluators may not), the unit in scope."""
    _answered(world)
    answer = _report(client_for(persona), world)
    assert answer.status_code == status
    assert answer.json()["detail" if status != 200 else "unit"]


def test_bad_parameters(world: Any, client_for: Any) -> None:
    client = client_for("admin_a")
    assert _report(client, world, year=2016).status_code == 422
    assert _report(client, world, year="dua").status_code == 422
    too_big = client.get(reverse("api:get_skm_report", args=[MAX_ID + 1]))
    assert too_big.status_code == 422 and "unit_id" in too_big.json()["errors"]
    missing = client.get(reverse("api:get_skm_report", args=[MAX_ID]))
    assert missing.status_code == 404
