"""The SKM report as a PDF (feedback/documents.py): its text, read back with pypdf, carries the
figures ``formasi.domain.survey.ikm`` gives for the same answers, in the report's chapters."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format

from formasi.domain import survey
from formasi.feedback import documents
from tests.feedback.builders import ANSWERS, YEAR, response
from tests.planning.builders import pdf_text

pytestmark = pytest.mark.django_db


def _id(value: object) -> str:
    with translation.override("id"):
        return number_format(value)


def _pdf(world, client_for) -> str:  # type: ignore[no-untyped-def]
    for scores in ANSWERS:
        response(world.puskesmas, scores, sex="P", education="s1", text="Antrean lama")
    page = client_for("admin_a").get(
        reverse("feedback:report_pdf", args=[world.puskesmas.pk]), {"tahun": YEAR}
    )
    assert page.status_code == 200
    assert page["Content-Type"] == "application/pdf"
    assert "attachment" in page["Content-Disposition"]
    return " ".join(pdf_text(page.content)[1].split())


def test_the_pdf_carries_the_index_of_the_domain(world, client_for) -> None:  # type: ignore[no-untyped-def]
    text = _pdf(world, client_for)
    expected = survey.ikm(ANSWERS)
    assert expected.index is not None and expected.grade is not None
    assert _id(expected.index) in text
    assert f"{_id(expected.index)} dari 4 responden" in text  # the conclusion
    for code, nrr in zip(survey.UNSUR, expected.nrr, strict=True):
        assert nrr is not None
        assert f"{code} " in text and _id(nrr) in text
    # the weakest unsur (U9: 1.75) is the first line of the follow-up plan
    assert survey.weakest(expected.nrr) == "U9"
    plan = text.split("Rencana tindak lanjut")[1].split("Penanggung jawab", 1)[1]
    assert plan.lstrip().startswith("U9 ")


def test_the_pdf_has_the_chapters_of_the_regulations_report(world, client_for) -> None:  # type: ignore[no-untyped-def]
    text = _pdf(world, client_for)
    for heading in ("BAB I", "BAB II", "BAB III", "BAB IV", "BAB V"):
        assert heading in text.upper()
    assert "Rencana tindak lanjut" in text
    assert "Profil responden" in text
    assert "PermenPAN-RB 14/2017" in text


def test_an_unsur_nobody_scored_prints_a_dash_and_leaves_the_others(world) -> None:  # type: ignore[no-untyped-def]
    response(world.puskesmas, [4, 4, 4, 4, 4, 4, 4, 4, None])
    response(world.puskesmas, [2, 2, 2, 2, 2, 2, 2, 2, None])
    admin = world.users["admin_a"]
    context = documents.report_context(admin, world.puskesmas, YEAR, date(YEAR, 12, 31))
    rows = {row.code: row for row in context["nrr_rows"]}
    assert rows["U9"].nrr is None and rows["U9"].grade is None
    assert rows["U1"].nrr == survey.ikm([[4] * 8 + [None], [2] * 8 + [None]]).nrr[0]
    # index 75.00 (3 × 25) is grade C: every scored unsur needs follow-up
    assert context["result"].grade == "C"
    assert [r.code for r in context["follow_up"]] == [f"U{k}" for k in range(1, 9)]
