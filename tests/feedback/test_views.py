"""The staff pages of the survey: what each role sees and may do (statuses per URL × role are in
tests/core/test_permission_matrix.py; these check the content)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from formasi.feedback.models import Complaint
from tests.feedback.builders import YEAR, response

pytestmark = pytest.mark.django_db


def _get(client, name, *args, **query):  # type: ignore[no-untyped-def]
    return client.get(reverse(name, args=args or None), {"tahun": YEAR, **query})


def test_the_index_lists_public_units_with_their_ikm(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response(world.puskesmas, [4] * 9)
    response(world.puskesmas, [3] * 9)
    page = _get(client_for("admin_a"), "feedback:index")
    rows = {row["unit"].name: row for row in page.context["rows"]}
    # (4 + 3) / 2 = 3.5 on every unsur; × 25 = 87.50, band B (76.61–88.30)
    assert rows["Puskesmas Rakumpit"]["result"].index == Decimal("87.50")
    assert rows["Puskesmas Rakumpit"]["result"].grade == "B"
    assert "Dinas Kesehatan" not in rows  # an OPD does not serve the public
    assert rows[world.school.name]["result"] is None


def test_an_operator_sees_only_their_opds_units(world, client_for) -> None:  # type: ignore[no-untyped-def]
    page = _get(client_for("operator_dinkes_a"), "feedback:index")
    assert [row["unit"].name for row in page.context["rows"]] == ["Puskesmas Rakumpit"]


def test_the_unit_report_names_the_weakest_unsur_and_the_trend(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response(world.puskesmas, [4, 4, 1, 4, 4, 4, 4, 4, 4], text="Lama sekali")
    page = _get(client_for("leader_a"), "feedback:unit", world.puskesmas.pk)
    assert page.context["weakest"] == "U3"
    quarters = dict(page.context["trend"])
    assert quarters[f"{YEAR} T1"].respondents == 1  # the builder's answer is of February
    assert quarters[f"{YEAR} T2"].respondents == 0
    assert b"Lama sekali" in page.content
    assert b"complaint-form" not in page.content  # a leader reads, does not answer


def test_the_units_operator_answers_a_complaint_on_the_page(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response(world.puskesmas, [2] * 9, text="Ruang tunggu panas")
    complaint = Complaint.unscoped.get()
    client = client_for("operator_dinkes_a")
    page = _get(client, "feedback:unit", world.puskesmas.pk)
    assert b"complaint-form" in page.content
    done = client.post(
        reverse("feedback:answer", args=[complaint.pk]),
        {"status": "answered", "answer": "Kipas angin sudah dipasang."},
    )
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.handled_by) == (
        "answered",
        world.users["operator_dinkes_a"],
    )
    again = _get(client, "feedback:unit", world.puskesmas.pk)
    assert b"Kipas angin sudah dipasang." in again.content


def test_an_answer_without_text_is_refused_with_a_message(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response(world.puskesmas, [2] * 9, text="Ruang tunggu panas")
    complaint = Complaint.unscoped.get()
    client = client_for("admin_a")
    client.post(reverse("feedback:answer", args=[complaint.pk]), {"status": "answered"})
    complaint.refresh_from_db()
    assert complaint.status == "new"


def test_the_print_report_has_the_regulations_parts(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response(world.puskesmas, [4] * 9, sex="P", education="s1")
    page = _get(client_for("admin_a"), "feedback:report", world.puskesmas.pk)
    assert page.context["result"].index == Decimal("100.00")
    assert page.context["result"].legacy_index == Decimal("99.90")  # 9 × 4 × 0.111 × 25
    assert ("S-1", 1, Decimal("100.0")) in page.context["profile"]["education"]  # 1 of 1


def test_the_poster_carries_the_qr_of_the_public_page(world, client_for) -> None:  # type: ignore[no-untyped-def]
    page = _get(client_for("operator_dinkes_a"), "feedback:poster", world.puskesmas.pk)
    assert b"<svg" in page.content
    assert reverse("survey_public", args=[world.puskesmas.pk]).encode() in page.content
