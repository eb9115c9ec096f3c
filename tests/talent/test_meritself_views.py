"""The merit self-assessment pages per role (statuses per URL × role are in
tests/core/test_permission_matrix.py; these check what each role sees and what a POST does)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from formasi.talent.models import MeritAnswer, MeritAssessment, MeritEvidence
from tests.talent.builders import YEAR, merit, merit_file, merit_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n"


def test_the_admin_starts_a_year_and_lands_on_its_form(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("admin_a")
    response = client.post(reverse("talent:merit_start"), {"tahun": str(YEAR)})
    row = MeritAssessment.unscoped.get(agency=world.agency_a, year=YEAR)
    assert response.status_code == 302 and response.url == reverse(
        "talent:merit_detail", args=[row.pk]
    )
    page = client.get(response.url).content.decode()
    # The auto-answered SKP indicator links to the SKP page that proves it.
    assert f'href="{reverse("talent:skp")}"' in page
    assert "Diisi oleh Formasi" in page


def test_the_list_shows_the_years_and_the_chart_data(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit(world.agency_a, year=YEAR - 1, level=3)
    row.score, row.category = 300, "baik"
    row.save()
    merit(world.agency_a, year=YEAR)  # unscored: not in the chart
    response = client_for("leader_a").get(reverse("talent:merit_list"))
    assert response.context["chart"]["years"] == [YEAR - 1]
    assert response.context["chart"]["scores"] == [300.0]
    assert not response.context["can_start"]
    assert "III – Baik" in response.content.decode()


def test_an_evaluator_reads_without_forms(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    response = client_for("evaluator_a").get(reverse("talent:merit_detail", args=[row.pk]))
    assert response.status_code == 200 and not response.context["can_change"]
    assert 'name="level"' not in response.content.decode()


def test_an_answer_posted_is_saved_and_scored(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    url = reverse("talent:merit_answer", args=[row.pk, "awards"])
    client_for("admin_a").post(url, {"level": "3", "note": "SK Wali Kota"})
    answer = MeritAnswer.unscoped.get(assessment=row, indicator="awards")
    assert (answer.level, answer.note) == (3, "SK Wali Kota")


def test_an_upload_is_stored_and_downloaded_by_a_reader(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    url = reverse("talent:merit_upload", args=[row.pk, "awards"])
    upload = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
    client_for("admin_a").post(url, {"file": upload})
    found = MeritEvidence.unscoped.get(answer__assessment=row)
    response = client_for("leader_a").get(reverse("talent:merit_evidence", args=[found.pk]))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"] == 'attachment; filename="sk.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_a_wrong_file_is_refused_with_a_message(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    url = reverse("talent:merit_upload", args=[row.pk, "awards"])
    upload = SimpleUploadedFile("sk.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client_for("admin_a").post(url, {"file": upload}, follow=True)
    assert not MeritEvidence.unscoped.exists()
    assert "isinya sesuai dengan namanya" in response.content.decode()


def test_another_agencys_file_is_not_found(world, client_for) -> None:  # type: ignore[no-untyped-def]
    found = merit_file(world.agency_a)
    response = client_for("admin_b").get(reverse("talent:merit_evidence", args=[found.pk]))
    assert response.status_code == 404


def test_submit_locks_the_form(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit(world.agency_a, level=2)
    client = client_for("admin_a")
    client.post(reverse("talent:merit_submit", args=[row.pk]))
    row.refresh_from_db()
    assert row.locked
    page = client.get(reverse("talent:merit_detail", args=[row.pk]))
    assert not page.context["can_change"] and 'name="level"' not in page.content.decode()


def test_submit_of_an_unfinished_form_says_why(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    response = client_for("admin_a").post(
        reverse("talent:merit_submit", args=[row.pk]), follow=True
    )
    assert "21 indikator belum dijawab" in response.content.decode()
    row.refresh_from_db()
    assert not row.locked


def test_the_print_view_is_a_whole_report(world, client_for) -> None:  # type: ignore[no-untyped-def]
    row = merit_of(world.agency_a)
    page = client_for("leader_a").get(reverse("talent:merit_print", args=[row.pk])).content.decode()
    assert "Perencanaan kebutuhan pegawai" in page and "Sistem informasi" in page
    assert "Nilai dari tahun ke tahun" in page
