"""The admin of talent rows saves through the services: the predicate, the potential and the
sanction's level and dates are computed, never typed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from formasi.talent.models import DisciplineRecord, SkpResult
from tests.talent.builders import YEAR

pytestmark = pytest.mark.django_db


def test_an_skp_result_added_in_the_admin_gets_its_predicate(world: Any, client_for: Any) -> None:
    url = reverse("admin:talent_skpresult_add")
    data = {"employee": world.employee_dinkes.pk, "year": YEAR, "result": "as_expected",
            "behaviour": "below"}  # fmt: skip
    response = client_for("operator_dinkes_a").post(url, data)
    assert response.status_code == 302, response.content[:500]
    row = SkpResult.unscoped.get(employee=world.employee_dinkes)
    assert row.predicate == "kurang"
    assert row.history.latest().history_user == world.users["operator_dinkes_a"]


def test_the_admin_form_offers_only_people_in_scope(world: Any, client_for: Any) -> None:
    response = client_for("operator_other_opd_a").get(reverse("admin:talent_skpresult_add"))
    choices = response.context["adminform"].form.fields["employee"].queryset
    assert list(choices) == [world.employee_disdik]


def test_a_sanction_added_in_the_admin_gets_its_level_and_end(world: Any, client_for: Any) -> None:
    data = {
        "employee": world.employee_disdik.pk,
        "violation": "Tidak masuk kerja 14 hari",
        "sanction": "tukin_cut_9_months",
        "decided_on": "2026-01-05",
        "starts_on": "",
        "decided_by_name": "Dr. Rahmat",
        "decided_by_position": "Sekretaris Daerah",
    }
    response = client_for("admin_a").post(reverse("admin:talent_disciplinerecord_add"), data)
    assert response.status_code == 302, response.content[:500]
    record = DisciplineRecord.unscoped.get()
    assert (record.level, record.starts_on, record.ends_on) == (
        "sedang",
        date(2026, 1, 20),
        date(2026, 10, 20),
    )
