"""The plan PDF (issue 17 item 5): a one-page summary first, whole persons, the signature block
from the agency's settings, and the background job that makes it (start → progress → download,
reuse of a still-valid document, per role)."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from formasi.core import jobs
from formasi.organization import services as organization_services
from formasi.organization.models import Agency
from formasi.planning import export, services, svg_chart, tasks
from formasi.planning.models import PlanDocument, Scenario
from tests.personas import World
from tests.planning.builders import add_plan_data, baseline, pdf_text, plan_document

pytestmark = pytest.mark.django_db

SIGNED_ON = date(2026, 12, 5)
NIP = "197001012000031001"
#: A number with a decimal comma (Indonesian) that is not a percentage: a fractional person.
FRACTION = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})*,\d+(?!\d|\s*%)")


@pytest.fixture
def scenario(world: World) -> Scenario:
    add_plan_data(world)
    return baseline(world)


def _pages(scenario: Scenario) -> list[str]:
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(export.pdf(scenario, on=SIGNED_ON)))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _sign(agency: Any, actor: Any, **values: str) -> None:
    organization_services.save_signatory(agency=agency, actor=actor, **values)


# --------------------------------------------------------------------------- the document


def test_the_first_page_is_the_summary(scenario: Scenario) -> None:
    result = scenario.result
    first = _pages(scenario)[0]
    assert first.startswith(export.title(scenario))
    staff = round(sum(p["bezetting"] for p in result["by_position"]))
    hires = sum(result["plan"]["hires_by_year"])
    retirements = sum(r["total"] for r in result["retirement_wave"]["rows"])
    assert f"Pegawai ASN per 31 Desember {result['base_year']} {staff} orang" in first
    assert f"Rekrutmen {result['years'][0]}–{result['years'][-1]} {hires} orang" in first
    assert f"Pensiun (BUP) {result['years'][0]}–{result['years'][-1]} {retirements} orang" in first
    assert "Kekurangan dan rekrutmen per tahun (orang)" in first  # the chart's title
    for year in result["years"]:
        assert str(year) in first
    assert "Batas" in first and "30 %" in first
    # the tables come after the summary
    assert "1. Kebutuhan, bezetting dan usul kebutuhan" not in first


def test_a_year_over_the_cap_is_flagged(scenario: Scenario) -> None:
    result = copy.deepcopy(scenario.result)
    rows = result["budget"]["rows"]
    rows[0]["ratio_with_plan"] = rows[0]["ratio_without_plan"] = result["budget"]["cap"] + 0.02
    Scenario.unscoped.filter(pk=scenario.pk).update(result=result)
    scenario.refresh_from_db()
    first = _pages(scenario)[0]
    assert "MELEBIHI BATAS" in first
    assert f"sudah melebihi batas 30 % pada tahun {rows[0]['year']}" in first


def test_every_count_of_people_is_a_whole_person(scenario: Scenario) -> None:
    """Fractional figures in the stored result (as a projection with attrition gives) are
    printed as whole persons; percentages keep their decimals."""
    result = copy.deepcopy(scenario.result)
    for total in result["totals"]:
        total.update(shortage=713.6, shortage_with_plan=12.4, attrition=3.45, need=100.5)
    for position in result["by_position"]:
        position.update(need=position["need"] + 0.4, proposal=[1.6] * len(result["years"]))
    for area in result["by_area"]:
        area["shortage"] = [2.5] * len(result["years"])
    Scenario.unscoped.filter(pk=scenario.pk).update(result=result)
    scenario.refresh_from_db()
    text = " ".join(_pages(scenario))
    assert "714" in text and "713,6" not in text
    assert FRACTION.findall(text) == []
    assert re.search(r"\d+,\d\d %", text)  # the ratios keep two decimals


def test_the_fraction_check_catches_a_fraction() -> None:
    assert FRACTION.findall("Kekurangan 713,6 orang; rasio 28,69 %; 1.234,5") == [
        "713,6",
        "1.234,5",
    ]


def test_signature_block_from_the_agency_settings(world: World, scenario: Scenario) -> None:
    _sign(
        world.agency_a,
        world.users["admin_a"],
        signature_place="Palangka Raya",
        signatory_title="Kepala BKPSDM Kota Palangka Raya",
        signatory_name="Drs. Yusnan, M.Si.",
        signatory_nip=NIP,
    )
    scenario.agency.refresh_from_db()
    first = _pages(scenario)[0]
    assert "Palangka Raya, 5 Desember 2026" in first
    assert "Kepala BKPSDM Kota Palangka Raya" in first
    assert "Drs. Yusnan, M.Si." in first
    assert "NIP. 19700101 200003 1 001" in first


def test_an_unset_signature_block_leaves_lines_to_write_on(scenario: Scenario) -> None:
    first = _pages(scenario)[0]
    assert "……, 5 Desember 2026" in first
    assert "NIP. ……" in first


def test_the_chart_axis_is_round_and_starts_at_zero() -> None:
    chart = svg_chart.grouped_bars(["2026", "2027"], [[0, 178], [5, 10]])
    assert [t["value"] for t in chart["ticks"]] == [0, 50, 100, 150, 200]
    tallest = max(chart["bars"], key=lambda b: b["h"])
    assert tallest["value"] == 178 and tallest["y"] + tallest["h"] == chart["baseline"]
    assert svg_chart.nice_step(0) == 1 and svg_chart.nice_step(7) == 2


# --------------------------------------------------------------------------- signatory settings


def test_signatory_page_admin_saves(client_for: Any, world: World) -> None:
    client = client_for("admin_a")
    url = reverse("planning:signatory")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"signature_place": "Palangka Raya", "signatory_name": "Yusnan", "signatory_nip": NIP}
    )
    assert response.status_code == 302
    agency = Agency.unscoped.get(pk=world.agency_a.pk)
    assert (agency.signature_place, agency.signatory_name, agency.signatory_nip) == (
        "Palangka Raya",
        "Yusnan",
        NIP,
    )
    bad = client.post(url, {"signatory_nip": "123"})
    assert bad.status_code == 400
    assert Agency.unscoped.get(pk=world.agency_a.pk).signatory_nip == NIP


@pytest.mark.parametrize("persona", ["operator_dinkes_a", "evaluator_a", "leader_a"])
def test_signatory_page_is_the_admins(client_for: Any, world: World, persona: str) -> None:
    assert client_for(persona).get(reverse("planning:signatory")).status_code == 403
    with pytest.raises(PermissionDenied):
        _sign(world.agency_a, world.users[persona], signatory_name="X")


def test_an_admin_cannot_sign_for_another_agency(client_for: Any, world: World) -> None:
    url = f"{reverse('planning:signatory')}?agency={world.agency_a.code}"
    assert client_for("admin_b").get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        _sign(world.agency_a, world.users["admin_b"], signatory_name="X")


# --------------------------------------------------------------------------- the job


@pytest.mark.parametrize("persona", ["admin_a", "evaluator_a", "leader_a"])
def test_start_progress_download(
    client_for: Any, scenario: Scenario, persona: str, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(persona)
    page = client.get(reverse("planning:plan_pdf", args=[scenario.pk]))
    assert page.status_code == 200
    assert 'data-state="new"' in page.content.decode()  # the page asks for it as it loads
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("planning:plan_pdf_start", args=[scenario.pk]))
    document = PlanDocument.unscoped.get(scenario=scenario)
    assert started.status_code == 302
    assert started["Location"] == reverse("planning:plan_pdf_job", args=[scenario.pk, document.pk])
    progress = client.get(started["Location"], headers={"HX-Request": "true"})
    html = progress.content.decode()
    assert 'data-state="done"' in html and 'data-testid="pdf-download"' in html
    download = client.get(reverse("planning:plan_pdf_file", args=[scenario.pk, document.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    title, text = pdf_text(download.content)
    assert title == export.title(scenario) and "Pegawai ASN per 31 Desember" in text
    # The same link now gives the file at once.
    again = client.get(reverse("planning:plan_pdf", args=[scenario.pk]))
    assert again["Content-Type"] == "application/pdf" and again.content == download.content


def test_a_running_document_shows_its_progress_and_polls(
    client_for: Any, scenario: Scenario
) -> None:
    document = plan_document(scenario, state="running")
    PlanDocument.unscoped.filter(pk=document.pk).update(
        progress=40, heartbeat_at=document.created_at
    )
    client = client_for("admin_a")
    url = reverse("planning:plan_pdf_job", args=[scenario.pk, document.pk])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-state="running"' in html and 'data-progress="40"' in html
    assert f'hx-get="{url}"' in html
    not_ready = client.get(reverse("planning:plan_pdf_file", args=[scenario.pk, document.pk]))
    assert not_ready.status_code == 404


def test_a_valid_document_is_reused(
    world: World, scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    admin = world.users["admin_a"]
    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_plan_pdf(scenario=scenario, actor=admin)
    second = services.request_plan_pdf(scenario=scenario, actor=world.users["leader_a"])
    assert second.pk == first.pk
    # A new signatory makes a new document and drops the old one.
    _sign(world.agency_a, admin, signatory_name="Yusnan")
    scenario.agency.refresh_from_db()
    third = services.request_plan_pdf(scenario=scenario, actor=admin)
    assert third.pk != first.pk and third.state == PlanDocument.State.QUEUED
    assert list(PlanDocument.unscoped.values_list("pk", flat=True)) == [third.pk]
    # So does a new computation of the scenario.
    scenario.computed_at = scenario.computed_at.replace(year=scenario.computed_at.year + 1)
    assert export.document_key(scenario, SIGNED_ON) != export.document_key(
        Scenario.unscoped.get(pk=scenario.pk), SIGNED_ON
    )


def test_the_service_checks_role_scope_and_state(world: World, scenario: Scenario) -> None:
    for persona in ("operator_dinkes_a", "admin_b"):
        with pytest.raises(PermissionDenied):
            services.request_plan_pdf(scenario=scenario, actor=world.users[persona])
    queued = Scenario.unscoped.create(agency=world.agency_a, name="Q", base_year=2025)
    with pytest.raises(ValidationError):
        services.request_plan_pdf(scenario=queued, actor=world.users["admin_a"])


@pytest.mark.parametrize(
    ("persona", "status"), [("operator_dinkes_a", 403), ("admin_b", 404), ("anonymous", 302)]
)
def test_others_get_no_document(
    client_for: Any, scenario: Scenario, persona: str, status: int
) -> None:
    document = plan_document(scenario)
    client = client_for(persona)
    for name, args in (
        ("planning:plan_pdf", [scenario.pk]),
        ("planning:plan_pdf_job", [scenario.pk, document.pk]),
        ("planning:plan_pdf_file", [scenario.pk, document.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == status
    assert client.post(reverse("planning:plan_pdf_start", args=[scenario.pk])).status_code == status


def test_a_document_whose_worker_died_is_made_again_then_failed(
    scenario: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    document = plan_document(scenario, state="running")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.on_dead_pdf(document)  # attempts 0: queued again, and made by the task
    document.refresh_from_db()
    assert document.state == PlanDocument.State.DONE and document.content.startswith(b"%PDF")
    PlanDocument.unscoped.filter(pk=document.pk).update(
        state=PlanDocument.State.RUNNING, attempts=jobs.MAX_ATTEMPTS
    )
    document.refresh_from_db()
    tasks.on_dead_pdf(document)
    document.refresh_from_db()
    assert document.state == PlanDocument.State.FAILED and document.error
    assert any(kind.model is PlanDocument for kind in jobs.kinds())


def test_htmx_start_answers_with_the_progress(client_for: Any, scenario: Scenario) -> None:
    """The PDF page posts the start as it loads (htmx): the answer is the polling partial."""
    response = client_for("admin_a").post(
        reverse("planning:plan_pdf_start", args=[scenario.pk]), headers={"HX-Request": "true"}
    )
    document = PlanDocument.unscoped.get(scenario=scenario)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-state="queued"' in html
    assert reverse("planning:plan_pdf_job", args=[scenario.pk, document.pk]) in html
    assert "<html" not in html
