"""Query-count guard on every list page and API list (NetBox's baseline): the count must not grow
with the number of rows (no N+1), and must match tests/query_counts.json. Refresh the baseline on
purpose with UPDATE_QUERY_COUNTS=1.

Every page in the URL conf and every GET operation of the API is either measured here (``LISTS``)
or named in ``NOT_LISTS`` with the reason it is not a list: a new page or endpoint fails
``test_every_page_and_api_read_is_classified`` until it is put in one of them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from formasi.accounts.models import AccessToken
from formasi.organization.models import RegionPopulation
from formasi.placement.models import Applicant, PlacementLine, PlacementRun
from formasi.planning.models import Scenario
from formasi.proposals.models import Proposal
from formasi.transfer.models import ImportJob, ImportRow
from formasi.workload.models import PositionNeed
from tests import builders as build
from tests.feedback import builders as survey
from tests.personas import World
from tests.placement.builders import YEAR, add_placement_data, computed_run
from tests.planning.builders import BASE_YEAR, baseline
from tests.proposals.builders import grow_proposal, walk_proposal
from tests.talent import builders as talent
from tests.training import builders as training

BASELINE = Path(__file__).resolve().parents[1] / "query_counts.json"


@dataclass
class Seeded:
    """The rows a URL needs in its path or query string."""

    scenario: Scenario
    other: Scenario
    run: PlacementRun
    job: ImportJob
    proposal: Proposal


@dataclass(frozen=True)
class Target:
    persona: str = "admin_a"
    args: Callable[[World, Seeded], list[object]] | None = None
    query: Callable[[World, Seeded], dict[str, str]] | None = None


# URL name -> who asks, and with which path arguments and query string.
# Seeded and measured once (see ``measured``): on one xdist worker (make test: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("query_counts")

LISTS: dict[str, Target] = {
    # workforce and organization
    # The admin sees every panel and "needs attention" group other apps register.
    "workforce:dashboard": Target(),
    "workforce:search": Target(query=lambda w, s: {"q": "Perawat"}),
    "workforce:employee_list": Target("operator_dinkes_a"),
    "workforce:employee_export": Target(),
    "organization:unit_list": Target("operator_dinkes_a"),
    "organization:position_list": Target("operator_dinkes_a"),
    "api:list_employees": Target("operator_dinkes_a"),
    "api:list_units": Target("operator_dinkes_a"),
    "api:list_positions": Target("operator_dinkes_a"),
    "api:list_regions": Target(),
    "api:dashboard": Target("operator_dinkes_a"),
    # workload
    "workload:peta": Target(),
    "workload:peta_opd": Target(
        args=lambda w, s: [w.dinkes.pk], query=lambda w, s: {"open": "all"}
    ),
    "workload:peta_unit": Target(
        args=lambda w, s: [w.dinkes.pk, w.dinkes.pk], query=lambda w, s: {"open": "1"}
    ),
    "workload:peta_xlsx": Target(args=lambda w, s: [w.dinkes.pk]),
    "workload:areas": Target(),
    "api:list_needs": Target(),
    "api:get_needs_by_area": Target(),
    "api:get_peta_jabatan": Target(args=lambda w, s: [w.dinkes.pk]),
    # planning
    "planning:plan": Target(),
    "planning:compare": Target(query=lambda w, s: {"a": str(s.scenario.pk), "b": str(s.other.pk)}),
    "planning:compare_export": Target(
        args=lambda w, s: ["xlsx"],
        query=lambda w, s: {"a": str(s.scenario.pk), "b": str(s.other.pk)},
    ),
    "planning:vacancies": Target(),
    "api:list_scenarios": Target(),
    "api:get_vacancies": Target(),
    "api:get_signatory": Target(),
    "api:get_plan_pdf_job": Target(args=lambda w, s: _plan_pdf(s)),
    "api:get_plan_pdf_file": Target(args=lambda w, s: _plan_pdf(s)),
    "api:get_workload_settings": Target(),
    # equity
    "equity:index": Target(),
    "equity:export": Target(
        args=lambda w, s: ["wilayah", "xlsx"], query=lambda w, s: {"tingkat": "desa"}
    ),
    "api:get_equity_areas": Target(),
    # placement
    "placement:run_list": Target(),
    "placement:applicant_list": Target(),
    "placement:run_detail": Target(args=lambda w, s: [s.run.pk]),
    "placement:run_xlsx": Target(args=lambda w, s: [s.run.pk]),
    "api:list_placement_runs": Target(),
    "api:get_placement_run": Target(args=lambda w, s: [s.run.pk]),
    # proposals
    "proposals:list": Target(),
    "proposals:detail": Target(args=lambda w, s: [s.proposal.pk]),
    "proposals:history": Target(args=lambda w, s: [s.proposal.pk]),
    "proposals:compare": Target(args=lambda w, s: [s.proposal.pk]),
    # feedback (issue 20): every public unit's IKM; one unit's report with its complaints
    "feedback:index": Target(query=lambda w, s: {"tahun": str(survey.YEAR)}),
    "feedback:unit": Target(
        "operator_dinkes_a", args=lambda w, s: [w.puskesmas.pk], query=lambda w, s: _survey_year()
    ),
    "api:list_survey_units": Target(query=lambda w, s: {"year": str(survey.YEAR)}),
    "api:list_complaints": Target(
        "operator_dinkes_a", query=lambda w, s: {"year": str(survey.YEAR)}
    ),
    "api:export_survey_responses": Target(query=lambda w, s: {"year": str(survey.YEAR)}),
    # talent
    "talent:skp": Target(query=lambda w, s: {"tahun": str(talent.YEAR)}),
    "talent:skp_unit": Target(
        "operator_dinkes_a", args=lambda w, s: [w.dinkes.pk], query=lambda w, s: _talent_year()
    ),
    "talent:ninebox": Target(query=lambda w, s: {**_talent_year(), "kotak": "9"}),
    "talent:pool": Target("evaluator_a", query=lambda w, s: _talent_year()),
    "talent:discipline_list": Target(),
    "api:list_skp_results": Target("operator_dinkes_a"),
    "api:get_nine_box": Target(query=lambda w, s: {"year": str(talent.YEAR)}),
    "api:list_talent_pool": Target("evaluator_a", query=lambda w, s: {"year": str(talent.YEAR)}),
    "api:get_employee_talent": Target(args=lambda w, s: [w.employee_dinkes.pk, talent.YEAR]),
    # training (issue 20 item 4)
    "training:plan": Target(query=lambda w, s: _training_year()),
    "training:plan_export": Target(query=lambda w, s: _training_year()),
    "training:gaps": Target(query=lambda w, s: _training_year()),
    "training:hours": Target("operator_dinkes_a", query=lambda w, s: _training_year()),
    "training:standards": Target(),
    "api:list_plan_lines": Target(query=lambda w, s: {"year": str(training.YEAR)}),
    "api:list_competency_gaps": Target(query=lambda w, s: {"year": str(training.YEAR)}),
    "api:list_training_hours": Target(
        "operator_dinkes_a", query=lambda w, s: {"year": str(training.YEAR)}
    ),
    "api:list_competency_standards": Target(),
    # meritself: the years of the agency, and one year with its evidence files
    "talent:merit_list": Target(),
    "talent:merit_detail": Target(args=lambda w, s: [talent.merit_of(w.agency_a).pk]),
    "talent:merit_print": Target(args=lambda w, s: [talent.merit_of(w.agency_a).pk]),
    "api:list_merit_assessments": Target(),
    "api:get_merit_assessment": Target(args=lambda w, s: [talent.merit_of(w.agency_a).pk]),
    "talent:succession": Target(),
    "api:list_succession": Target(),
    # open selection and the leader's page (issue 19)
    "talent:selection_list": Target("leader_a"),
    "talent:selection_detail": Target(args=lambda w, s: talent.selection_pk(w)),
    "talent:leader": Target("leader_a"),
    "api:get_leader_overview": Target("leader_a"),
    "api:list_selections": Target("evaluator_a"),
    "api:get_selection": Target(args=lambda w, s: talent.selection_pk(w)),
    "proposals:national": Target(persona="evaluator_a"),
    "planning:national": Target(persona="evaluator_a"),
    "proposals:national_export": Target(persona="evaluator_a", args=lambda w, s: ["xlsx"]),
    "api:list_proposals": Target(),
    "api:get_proposal": Target(args=lambda w, s: [s.proposal.pk]),
    "api:list_events": Target(args=lambda w, s: [s.proposal.pk]),
    "api:compare_proposal": Target(args=lambda w, s: [s.proposal.pk]),
    "api:get_item_trace": Target(args=lambda w, s: [s.proposal.pk, _first_item(s.proposal)]),
    "proposals:notifications": Target(),
    # accounts
    "accounts:user_list": Target(),
    "accounts:evaluators": Target(),
    "accounts:profile": Target(),  # one's own tokens
    "api:list_users": Target(),
    # transfer
    "transfer:index": Target(),
    "transfer:export": Target(args=lambda w, s: ["employees", "csv"]),
    "transfer:job": Target(args=lambda w, s: [s.job.pk]),  # the preview, row by row
    "api:list_imports": Target(),
    "api:list_applicants": Target(query=lambda w, s: {"year": str(YEAR)}),
    "api:list_discipline_records": Target(),
    "api:list_notifications": Target(),
}


def _plan_pdf(seeded: Seeded) -> list[object]:
    """The baseline's plan PDF, made (created on first use)."""
    from formasi.planning.models import PlanDocument
    from tests.planning.builders import plan_document

    found = PlanDocument.unscoped.filter(scenario=seeded.scenario).first()
    return [seeded.scenario.pk, (found or plan_document(seeded.scenario)).pk]


# URL name -> why it has no baseline here.
FORM = "a form or an action, not a list"
DETAIL = "one object"
NOT_LISTS: dict[str, str] = {
    "accounts:login": FORM,
    "accounts:logout": FORM,
    "accounts:password_change": FORM,
    "accounts:password_change_done": FORM,
    "accounts:password_reset": FORM,
    "accounts:password_reset_done": FORM,
    "accounts:password_reset_confirm": FORM,
    "accounts:password_reset_complete": FORM,
    "accounts:invitation": FORM,
    "accounts:user_add": FORM,
    "accounts:user_edit": FORM,
    "accounts:user_deactivate": FORM,
    "accounts:user_reactivate": FORM,
    "accounts:user_invite": FORM,
    "accounts:token_revoke": FORM,
    "workforce:employee_add": FORM,
    "workforce:employee_detail": DETAIL,
    "workforce:employee_edit": FORM,
    "organization:unit_detail": DETAIL,
    "workload:settings": FORM,
    "workload:abk": FORM,
    "workload:abk_preview": FORM,
    "workload:abk_upload": FORM,
    "workload:abk_unit_upload": FORM,
    "workload:abk_import_confirm": FORM,
    "workload:abk_workbook": "the ABK workbook of one cell",
    "workload:abk_unit_workbook": "the ABK workbook of one unit",
    "planning:scenario_create": FORM,
    "planning:scenario_baseline": FORM,
    "planning:plan_xlsx": "one scenario's stored result",
    "planning:plan_pdf": "one scenario's stored PDF, or the page that makes it",
    "planning:plan_pdf_start": FORM,
    "planning:plan_pdf_job": "one PDF job's progress",
    "planning:plan_pdf_file": "one stored PDF",
    "planning:signatory": FORM,
    "placement:run_create": FORM,
    "placement:line_decide": FORM,
    "placement:decide_all": FORM,
    "placement:run_apply": FORM,
    "placement:run_sk": FORM,
    "proposals:draft": FORM,
    "proposals:item_edit": FORM,
    "proposals:step": FORM,
    "proposals:part_step": FORM,
    "proposals:comment": FORM,
    "talent:employee": "one employee's SKP and assessment of a year",
    "training:employee": "one employee's competencies, hours and plan lines",
    "training:competency_save": FORM,
    "training:development_save": FORM,
    "training:plan_generate": FORM,
    "feedback:report": "one unit's SKM report: sums and profile counts, grouped in the database",
    "feedback:report_pdf": "the SKM report's figures as a PDF (the same reads as feedback:report)",
    "feedback:poster": DETAIL,
    "api:get_complaint": DETAIL,
    "api:get_import": "one import job (its errors are one JSON column)",
    "api:get_discipline_record": DETAIL,
    "feedback:answer": FORM,
    "talent:skp_save": FORM,
    "talent:selection_add": FORM,
    "talent:selection_close": FORM,
    "talent:member_add": FORM,
    "talent:candidate_add": FORM,
    "talent:selection_send": FORM,
    "talent:selection_decide": FORM,
    "talent:candidate_scores": "one candidate's scores (a form)",
    "talent:assessment_save": FORM,
    "talent:discipline_add": FORM,
    "talent:discipline_edit": FORM,
    "talent:merit_start": FORM,
    "talent:merit_refresh": FORM,
    "talent:merit_submit": FORM,
    "talent:merit_answer": FORM,
    "talent:merit_upload": FORM,
    "talent:merit_evidence": "one stored evidence file",
    "talent:succession_post": "one post's succession list (the agency's people read once)",
    "talent:succession_fill": FORM,
    "proposals:settle_all": FORM,
    "proposals:item_trace": "one item's trace (the people of one cell, in one query)",
    "proposals:document": "one proposal's stored document, or the page that makes it",
    "proposals:document_start": FORM,
    "proposals:document_job": "one document job's progress",
    "proposals:national_start": FORM,
    "proposals:national_progress": "one national run's progress",
    "planning:national_start": FORM,
    "planning:national_progress": "one national run's progress",
    "proposals:document_file": "one stored document",
    "transfer:upload": FORM,
    "transfer:mapping": FORM,
    "transfer:commit": FORM,
    "transfer:rejected": "the rejected rows stored with one job",
    "transfer:template": "an empty template",
    "api:get_unit": DETAIL,
    "api:get_employee": DETAIL,
    "api:get_abk": DETAIL,
    "api:get_scenario": DETAIL,
    "api:get_national_run": DETAIL,
    "api:get_proposal_national_run": DETAIL,
    "api:get_proposal_document": "one document job's progress",
    "api:get_proposal_document_file": "one stored document",
    "api:get_item": DETAIL,
    "api:get_employee_gaps": DETAIL,
    "api:get_skm_report": "one unit's SKM report figures (the reads of feedback:report)",
    "api:get_user_account": DETAIL,
    "api:get_succession_post": DETAIL,
}
SKIPPED_NAMESPACES = {"admin", ""}


def _first_item(proposal: Proposal) -> int:
    """The item of the seeded proposal (the puskesmas nurse of ``walk_proposal``)."""
    from formasi.proposals.models import ProposalItem

    return ProposalItem.unscoped.filter(part__proposal=proposal).order_by("pk").first().pk  # type: ignore[union-attr]


def _training_year() -> dict[str, str]:
    return {"tahun": str(training.YEAR)}


def _survey_year() -> dict[str, str]:
    return {"tahun": str(survey.YEAR)}


def _talent_year() -> dict[str, str]:
    return {"tahun": str(talent.YEAR)}  # Django's admin and set_language


def _page_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "api":
                names |= _page_names(pattern.url_patterns, pattern.namespace or namespace)
        elif (
            isinstance(pattern, URLPattern) and pattern.name and namespace not in SKIPPED_NAMESPACES
        ):
            names.add(f"{namespace}:{pattern.name}")
    return names


def _api_reads() -> set[str]:
    """The URL name of every GET operation (ninja names a path after its first operation)."""
    from formasi.api import api

    names = set()
    for _prefix, router in api._routers:
        for operations in router.path_operations.values():
            for operation in operations.operations:
                if "GET" in operation.methods:
                    names.add(f"api:{operation.view_func.__name__}")
    return names


def test_every_page_and_api_read_is_classified() -> None:
    known = set(LISTS) | set(NOT_LISTS)
    everything = _page_names(get_resolver().url_patterns) | _api_reads()
    assert not set(LISTS) & set(NOT_LISTS)
    assert everything - known == set(), "add a baseline (LISTS) or say why not (NOT_LISTS)"
    assert known - everything == set(), "no longer in the URL conf or the API"


def test_every_baseline_belongs_to_a_list() -> None:
    baseline_counts = json.loads(BASELINE.read_text())
    assert {key.split("@")[0] for key in baseline_counts} == set(LISTS)


def count_queries(client, url: str, query: dict[str, str] | None = None) -> int:  # type: ignore[no-untyped-def]
    cache.clear()  # measure the uncached path; cached figures are tested in test_cache.py
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, query or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def add_people(world, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        unit = build.unit(world.agency_a, f"Puskesmas {i}", kind="puskesmas", parent=world.dinkes)
        position = build.position(world.agency_a, f"Bidan {i}")
        build.employee(unit, position, f"Pegawai {i}", birth=date(1970 + i, 1 + i % 12, 1 + i))


def add_vacant_post(world: World, name: str) -> None:
    """A new OPD whose head (an administrator post) is vacant."""
    opd = build.unit(world.agency_a, name, region_obj=world.district_a)
    head = build.position(
        world.agency_a, f"Kepala {name}", kind="administrator", jenjang="", family=""
    )
    PositionNeed.unscoped.create(
        agency=world.agency_a, unit=opd, position=head, source="sotk", exact=1, count=1
    )


def seed(world: World) -> Seeded:
    """One or a few rows of every kind a list shows: needs, applicants, a computed placement run,
    two computed scenarios, residents, an import job, a vacant structural post."""
    add_placement_data(world)
    add_vacant_post(world, "Badan Keuangan")
    run = computed_run(world)
    scenario = baseline(world)
    other = baseline(world, name="Lain", is_baseline=False)
    RegionPopulation.objects.create(
        region=world.district_a, year=BASE_YEAR, population=100_000, source="BPS"
    )
    job = ImportJob.objects.create(
        kind="employees", agency=world.agency_a, created_by=world.users["admin_a"],
        filename="p.csv", content=b"x", state="checked",
        summary={"rows": 1, "changed": 1, "invalid": 1},
        errors=[{"row": 3, "column": "NIP", "code": "x", "message": "salah"}],
    )  # fmt: skip
    add_preview_rows(job, 0, 2)
    proposal, _item = walk_proposal(world)
    talent.talent_data(world)
    found = training.training_data(world)
    training.line(world.employee_dinkes, found["digital"])
    training.hours(world.employee_dinkes, 8)
    survey.response(world.puskesmas, [2] * 9, text="Antrean lama")  # low: flagged on the dashboard
    survey.response(world.school, [4] * 9)
    talent.merit_file(world.agency_a)
    talent.succession_world(world)
    talent.selection(world)
    return Seeded(scenario=scenario, other=other, run=run, job=job, proposal=proposal)


def add_preview_rows(job: ImportJob, start: int, n: int) -> None:
    ImportRow.objects.bulk_create(
        ImportRow(job=job, number=start + i + 2, kind=kind, key=f"K{start + i}", name=f"N{i}",
                  changes=[["Golongan", "III/a", "III/b"]], errors=["salah"] if kind else [])
        for i in range(n) for kind in ("changed", "invalid")
    )  # fmt: skip


def grow(world: World, seeded: Seeded, n: int) -> None:
    """n more of every kind: villages with a puskesmas, its need and its people; OPDs with a
    vacant structural post; OPD operators and evaluators; scenarios;
    placement lines, runs and applicants; import jobs."""
    add_people(world, n)
    applicant = Applicant.unscoped.filter(agency=world.agency_a).first()
    assert applicant is not None
    lines = list(PlacementLine.unscoped.filter(run=seeded.run))
    names = [
        field.attname
        for field in PlacementLine._meta.concrete_fields
        if field.attname not in ("id", "decision")
    ]
    for i in range(n):
        village = build.region(f"62.71.05.20{i:02d}", f"Desa {i}", parent=world.district_a2)
        unit = build.unit(world.agency_a, f"Pustu {i}", kind="puskesmas", parent=world.dinkes,
                      region_obj=village)  # fmt: skip
        position = build.position(world.agency_a, f"Perawat {i}")
        PositionNeed.unscoped.create(
            agency=world.agency_a, unit=unit, position=position, source="entered", count=2
        )
        nurse = build.employee(unit, position, f"Perawat {i}", birth=date(1980, 1 + i % 12, 1 + i))
        talent.skp(nurse)
        talent.assessment(nurse)
        talent.sanction(nurse)
        grow_training(world, nurse, position, i)
        survey.response(unit, [2] * 9, text="Ruang tunggu sempit")
        survey.response(world.puskesmas, [3] * 9, text=f"Saran {i}")
        talent.merit(world.agency_a, year=2000 + i)
        evidence = talent.merit_file(world.agency_a)
        evidence.pk = None
        evidence.save()
        add_vacant_post(world, f"Badan {i}")
        build.user(f"operator{i}", "opd_operator", agency_obj=world.agency_a, unit_obj=unit)
        build.user(f"evaluator{i}", "evaluator", assigned=[world.agency_a, world.agency_b])
        Scenario.unscoped.create(
            agency=world.agency_a, name=f"Skenario {i}", base_year=BASE_YEAR,
            state=Scenario.State.DONE, result=seeded.scenario.result,
        )  # fmt: skip
        PlacementRun.unscoped.create(
            agency=world.agency_a, name=f"R{i}", kind="new_hires", year=YEAR
        )
        Applicant.unscoped.create(
            agency=world.agency_a, year=YEAR, registration_number=f"9{i:07d}",
            name=f"Pelamar {i}", status="pppk", position_id=applicant.position_id,
            home_region_id=applicant.home_region_id,
        )  # fmt: skip
        ImportJob.objects.create(
            kind="employees", agency=world.agency_a, created_by=world.users["admin_a"],
            filename=f"p{i}.csv", content=b"x", state="done",
        )  # fmt: skip
        grow_proposal(world, seeded.proposal, unit, position, i)
        AccessToken.objects.create(
            user=world.users["admin_a"], name=f"Token {i}", prefix=f"fms_{i:08d}",
            token_hash=f"{i:064x}", revoked_at=timezone.now() if i % 2 else None,
        )  # fmt: skip
        talent.grow_selection(world, i)
    PlacementLine.unscoped.bulk_create(
        PlacementLine(**{name: getattr(line, name) for name in names}, decision="accepted")
        for line in lines * n
    )
    add_preview_rows(seeded.job, 100, n)


def grow_training(world: World, nurse: Any, position: Any, i: int) -> None:
    """A competency, its standard on the new position, the nurse's record, hours and lines."""
    competency = training.competency(world.agency_a, f"K{i}", f"Kompetensi {i}")
    training.standard(position, competency, 3)
    training.record(nurse, competency, 1)
    training.hours(nurse, 4)
    training.line(nurse, competency)
    training.line(nurse, title="Bimtek", action="")


@pytest.fixture(scope="module")
def measured(module_world: World, django_db_blocker: Any) -> dict[str, tuple[int, int]]:
    """Every list's query count with few rows and after ``grow``: (small, large) by URL name.

    The seeding and growing are the slow part, so they are done once for the module, in a
    transaction rolled back at the end; the pages write nothing (test_views_write_nothing), so
    measuring one does not change another's count."""
    world = module_world
    with (
        django_db_blocker.unblock(),
        override_settings(AXES_ENABLED=False),
        transaction.atomic(),
    ):
        seeded = seed(world)
        clients: dict[str, Client] = {}
        requests: dict[str, tuple[Client, str, dict[str, str] | None]] = {}
        for name, target in sorted(LISTS.items()):
            if target.persona not in clients:
                clients[target.persona] = Client()
                user = world.users[target.persona]
                if user is not None:
                    clients[target.persona].force_login(user)
            args = target.args(world, seeded) if target.args else None
            query = target.query(world, seeded) if target.query else None
            requests[name] = (clients[target.persona], reverse(name, args=args), query)
        small = {}
        for name, (client, url, query) in requests.items():
            count_queries(client, url, query)  # warm caches (content types, session)
            small[name] = count_queries(client, url, query)
        grow(world, seeded, 12)
        counts = {
            name: (small[name], count_queries(*request)) for name, request in requests.items()
        }
        transaction.set_rollback(True)
    cache.clear()
    return counts


@pytest.mark.django_db  # so the test database is set up when this module runs alone
@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_query_count_is_flat_and_matches_baseline(measured, name: str) -> None:  # type: ignore[no-untyped-def]
    small, large = measured[name]
    assert large == small, f"{name}: {small} queries for few rows, {large} for more (N+1?)"

    baseline_counts = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    key = f"{name}@{connection.vendor}"
    if os.environ.get("UPDATE_QUERY_COUNTS"):
        baseline_counts[key] = large
        BASELINE.write_text(json.dumps(baseline_counts, indent=2, sort_keys=True) + "\n")
    assert baseline_counts.get(key) == large, (
        f"{name} on {connection.vendor}: {large} queries, baseline {baseline_counts.get(key)}; "
        "refresh with UPDATE_QUERY_COUNTS=1 if the change is intended"
    )
