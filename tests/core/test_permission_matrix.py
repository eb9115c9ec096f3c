"""Every URL × every persona → the status the permission matrix and the scope rules declare.

Out of scope is 404, read-only is 403, anonymous is sent to the login page (302) or gets 401
from the API. A URL added without a row here fails `test_every_url_is_in_the_table`.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.accounts import builders as tokens
from tests.personas import PERSONAS
from tests.planning.builders import national_summary_run
from tests.proposals.builders import national_run
from tests.talent.builders import YEAR as TALENT_YEAR
from tests.training.builders import YEAR as TRAINING_YEAR

# persona order: admin_a, operator_dinkes_a, operator_other_opd_a, evaluator_a, leader_a,
# admin_b, anonymous
ALL_OK = (200, 200, 200, 200, 200, 200, 302)
ONLY_UPLOADER = (200, 404, 404, 404, 404, 404, 302)  # an import job is its uploader's
API_ALL_OK = (200, 200, 200, 200, 200, 200, 401)
PLAN_VIEW = (200, 403, 403, 200, 200, 200, 302)  # resource "plan": no OPD operator
PLAN_IN_A = (200, 403, 403, 200, 200, 404, 302)  # a computed scenario of agency A
USERS = (200, 403, 403, 403, 403, 200, 302)  # resource "user": agency admins only
USERS_API = (200, 403, 403, 403, 403, 200, 401)  # resource "agency" CHANGE: its admin only
PLAN_IN_A_API = (200, 403, 403, 200, 200, 404, 401)
USER_IN_A = (200, 403, 403, 403, 403, 404, 302)  # a user of agency A
NOBODY_ADMIN = (404, 403, 403, 403, 403, 404, 302)  # an evaluator: no agency admin's
ONLY_B = (404, 403, 403, 403, 403, 200, 302)  # a user of agency B
PROPOSAL_DRAFT = (200, 200, 200, 404, 200, 404, 302)  # a draft proposal of agency A
PROPOSAL_DRAFT_API = (200, 200, 200, 404, 200, 404, 401)


def _operator(world: Any) -> list[int]:
    return [world.users["operator_dinkes_a"].pk]


def _admin_a_token(world: Any) -> list[int]:
    """A token of admin_a (made once per test)."""
    from formasi.accounts.models import AccessToken

    found = AccessToken.objects.filter(user=world.users["admin_a"]).first()
    return [(found or tokens.token(world.users["admin_a"])[0]).pk]


def _abk(world: Any) -> list[int]:
    """The nurse position in the Dinas Kesehatan puskesmas (an ABK page's arguments)."""
    return [world.puskesmas.pk, world.nurse_position.pk]


def _peta_unit(world: Any) -> list[int]:
    """The puskesmas opened in the Dinas Kesehatan's peta jabatan."""
    return [world.dinkes.pk, world.puskesmas.pk]


def _talent_person(world: Any) -> list[int]:
    """The Dinas Kesehatan nurse and the year of the talent tests (an employee page)."""
    from tests.talent.builders import YEAR

    return [world.employee_dinkes.pk, YEAR]


def _talent_teacher(world: Any) -> list[int]:
    from tests.talent.builders import YEAR

    return [world.employee_disdik.pk, YEAR]


def _survey_complaint(world: Any) -> list[int]:
    """A complaint about the Dinas Kesehatan's puskesmas (made once per test)."""
    from formasi.feedback.models import Complaint
    from tests.feedback.builders import response

    found = Complaint.unscoped.filter(unit=world.puskesmas).first()
    if found is None:
        response(world.puskesmas, [2] * 9, text="Antrean lama")
        found = Complaint.unscoped.get(unit=world.puskesmas)
    return [found.pk]


def _merit(world: Any) -> list[int]:
    """Agency A's merit self-assessment (a draft, created once per test)."""
    from tests.talent.builders import merit_of

    return [merit_of(world.agency_a).pk]


def _merit_answer(world: Any) -> list[Any]:
    return [*_merit(world), "open_selection"]


def _merit_file(world: Any) -> list[int]:
    from tests.talent.builders import merit_file

    return [merit_file(world.agency_a).pk]


MERIT_A = (200, 403, 403, 200, 200, 404, 302)  # resource "merit": no OPD operator
MERIT_WRITE = (302, 403, 403, 403, 403, 404, 302)  # an empty form goes back with a message


def _succession(world: Any) -> list[int]:
    from tests.talent.builders import succession_post

    return succession_post(world)


SELECTION_WRITE = (400, 403, 403, 403, 403, 404, 302)  # refused by the rules, else 403/404
SELECTION_API_WRITE = (422, 403, 403, 403, 403, 404, 401)


def _selection(world: Any) -> list[int]:
    """Agency A's open selection (closed, scored; made once per test)."""
    from tests.talent.builders import selection_pk

    return selection_pk(world)


def _candidate(world: Any) -> list[int]:
    from tests.talent.builders import candidate_pk

    return candidate_pk(world)


def _talent_record(world: Any) -> list[int]:
    from tests.talent.builders import first_record

    return [first_record(world)]


# (url name, how to build its args from the world, method, expected statuses)
TABLE: list[tuple[str, Any, str, tuple[int, ...]]] = [
    ("workforce:dashboard", None, "get", ALL_OK),
    ("workforce:search", None, "get", ALL_OK),
    ("workforce:employee_list", None, "get", ALL_OK),
    ("workforce:employee_export", None, "get", ALL_OK),
    ("workforce:employee_add", None, "get", (200, 200, 200, 403, 403, 200, 302)),
    (
        "workforce:employee_detail",
        lambda w: [w.employee_dinkes.pk],
        "get",
        (200, 200, 404, 200, 200, 404, 302),
    ),
    (
        "workforce:employee_detail",
        lambda w: [w.employee_puskesmas.pk],
        "get",
        (200, 200, 404, 200, 200, 404, 302),
    ),
    (
        "workforce:employee_detail",
        lambda w: [w.employee_disdik.pk],
        "get",
        (200, 404, 200, 200, 200, 404, 302),
    ),
    (
        "workforce:employee_detail",
        lambda w: [w.employee_b.pk],
        "get",
        (404, 404, 404, 404, 404, 200, 302),
    ),
    (
        "workforce:employee_edit",
        lambda w: [w.employee_dinkes.pk],
        "get",
        (200, 200, 404, 403, 403, 404, 302),
    ),
    (
        "workforce:employee_edit",
        lambda w: [w.employee_disdik.pk],
        "get",
        (200, 404, 200, 403, 403, 404, 302),
    ),
    ("organization:unit_list", None, "get", ALL_OK),
    (
        "organization:unit_detail",
        lambda w: [w.dinkes.pk],
        "get",
        (200, 200, 404, 200, 200, 404, 302),
    ),
    (
        "organization:unit_detail",
        lambda w: [w.opd_b.pk],
        "get",
        (404, 404, 404, 404, 404, 200, 302),
    ),
    ("organization:position_list", None, "get", ALL_OK),
    ("accounts:login", None, "get", (302, 302, 302, 302, 302, 302, 200)),
    ("accounts:password_change", None, "get", ALL_OK),
    ("accounts:password_change_done", None, "get", ALL_OK),
    ("accounts:logout", None, "post", (302,) * 7),
    # User management (issue 16): resource "user", the agency admin only; evaluators and
    # superusers are never in an agency admin's scope (404), another agency's users neither.
    ("accounts:user_list", None, "get", USERS),
    ("accounts:user_add", None, "get", USERS),
    ("accounts:user_add", None, "post", (400, 403, 403, 403, 403, 400, 302)),
    ("accounts:user_edit", _operator, "get", USER_IN_A),
    ("accounts:user_edit", _operator, "post", (400, 403, 403, 403, 403, 404, 302)),
    ("accounts:user_edit", lambda w: [w.users["evaluator_a"].pk], "get", NOBODY_ADMIN),
    ("accounts:user_edit", lambda w: [w.users["admin_b"].pk], "get", ONLY_B),
    ("accounts:user_deactivate", _operator, "get", USER_IN_A),
    ("accounts:user_deactivate", _operator, "post", (302, 403, 403, 403, 403, 404, 302)),
    ("accounts:user_reactivate", _operator, "post", (302, 403, 403, 403, 403, 404, 302)),
    ("accounts:user_invite", _operator, "post", USER_IN_A),
    ("accounts:evaluators", None, "get", USERS),
    ("accounts:evaluators", None, "post", (403, 403, 403, 403, 403, 403, 302)),
    ("accounts:invitation", ["bad-token"], "get", (404,) * 7),
    ("accounts:password_reset", None, "get", (200,) * 7),
    ("accounts:password_reset_done", None, "get", (200,) * 7),
    ("accounts:password_reset_confirm", ["MQ", "bad-token"], "get", (200,) * 7),
    ("accounts:password_reset_complete", None, "get", (200,) * 7),
    # The profile page and its tokens (issue 21): everyone's own; admin_a's token is theirs only.
    ("accounts:profile", None, "get", ALL_OK),
    ("accounts:profile", None, "post", (400, 400, 400, 400, 400, 400, 302)),
    ("accounts:token_revoke", _admin_a_token, "post", (302, 404, 404, 404, 404, 404, 302)),
    ("api:list_users", None, "get", (200, 403, 403, 403, 403, 200, 401)),
    # A Dinas Kesehatan operator: admin_b cannot see the unit (404).
    ("api:create_user_account", None, "post", (201, 403, 403, 403, 403, 404, 401)),
    ("admin:index", None, "get", (200, 200, 200, 302, 302, 200, 302)),
    ("admin:workforce_employee_changelist", None, "get", (200, 200, 200, 302, 302, 200, 302)),
    (
        "admin:workforce_employee_change",
        lambda w: [w.employee_dinkes.pk],
        "get",
        (200, 200, 404, 302, 302, 404, 302),
    ),
    (
        "admin:workforce_employee_history",
        lambda w: [w.employee_dinkes.pk],
        "get",
        (200, 200, 404, 302, 302, 404, 302),
    ),
    (
        "admin:organization_orgunit_change",
        lambda w: [w.disdik.pk],
        "get",
        (200, 404, 200, 302, 302, 404, 302),
    ),
    ("admin:accounts_user_changelist", None, "get", (403, 403, 403, 302, 302, 403, 302)),
    ("api:list_employees", None, "get", API_ALL_OK),
    (
        "api:get_employee",
        lambda w: [w.employee_dinkes.pk],
        "get",
        (200, 200, 404, 200, 200, 404, 401),
    ),
    ("api:get_employee", lambda w: [w.employee_b.pk], "get", (404, 404, 404, 404, 404, 200, 401)),
    (
        "api:update_employee",
        lambda w: [w.employee_dinkes.pk],
        "patch",
        (200, 200, 404, 403, 403, 404, 401),
    ),
    ("api:create_employee", None, "post", (201, 201, 404, 403, 403, 404, 401)),
    ("api:dashboard", None, "get", API_ALL_OK),
    ("api:list_units", None, "get", API_ALL_OK),
    ("api:get_unit", lambda w: [w.dinkes.pk], "get", (200, 200, 404, 200, 200, 404, 401)),
    ("api:list_positions", None, "get", API_ALL_OK),
    ("api:list_regions", None, "get", API_ALL_OK),
    ("transfer:index", None, "get", ALL_OK),
    ("transfer:upload", None, "post", (400, 400, 400, 403, 403, 400, 302)),
    ("transfer:job", lambda w: [_job(w)], "get", ONLY_UPLOADER),
    ("transfer:mapping", lambda w: [_job(w)], "get", ONLY_UPLOADER),
    ("transfer:rejected", lambda w: [_job(w)], "get", ONLY_UPLOADER),
    ("transfer:commit", lambda w: [_job(w)], "post", (302, 404, 404, 404, 404, 404, 302)),
    ("transfer:export", ["employees", "xlsx"], "get", ALL_OK),
    ("transfer:export", ["employees", "csv"], "get", ALL_OK),
    ("transfer:template", ["employees", "xlsx"], "get", ALL_OK),
    ("workload:peta", None, "get", ALL_OK),
    ("workload:areas", None, "get", ALL_OK),
    ("workload:settings", None, "get", (200, 403, 403, 403, 403, 200, 302)),
    ("api:get_needs_by_area", None, "get", API_ALL_OK),
    ("workload:peta_opd", lambda w: [w.dinkes.pk], "get", (200, 200, 404, 200, 200, 404, 302)),
    ("workload:peta_opd", lambda w: [w.opd_b.pk], "get", (404, 404, 404, 404, 404, 200, 302)),
    ("workload:peta_unit", _peta_unit, "get", (200, 200, 404, 200, 200, 404, 302)),
    ("workload:peta_xlsx", lambda w: [w.dinkes.pk], "get", (200, 200, 404, 200, 200, 404, 302)),
    ("workload:peta_xlsx", lambda w: [w.opd_b.pk], "get", (404, 404, 404, 404, 404, 200, 302)),
    # Evaluators and leaders read the ABK (issue 17); only who may change needs may post.
    ("workload:abk", _abk, "get", (200, 200, 404, 200, 200, 404, 302)),
    # An empty POST (no formset data) re-renders with errors (400) for who may change.
    ("workload:abk", _abk, "post", (400, 400, 404, 403, 403, 404, 302)),
    ("workload:abk_preview", _abk, "post", (200, 200, 404, 403, 403, 404, 302)),
    ("workload:abk_workbook", _abk, "get", (200, 200, 404, 200, 200, 404, 302)),
    # An upload without a file re-renders the page with the error (400) for who may change.
    ("workload:abk_upload", _abk, "post", (400, 400, 404, 403, 403, 404, 302)),
    # The whole-unit upload page; its confirm without a token is refused (400) for who may change.
    (
        "workload:abk_unit_upload",
        lambda w: [w.puskesmas.pk],
        "get",
        (200, 200, 404, 403, 403, 404, 302),
    ),
    (
        "workload:abk_unit_upload",
        lambda w: [w.puskesmas.pk],
        "post",
        (400, 400, 404, 403, 403, 404, 302),
    ),
    ("workload:abk_import_confirm", None, "post", (400, 400, 400, 403, 403, 400, 302)),
    (
        "workload:abk_unit_workbook",
        lambda w: [w.puskesmas.pk],
        "get",
        (200, 200, 404, 200, 200, 404, 302),
    ),
    # The five-year plan (issue 5): resource "plan", none for OPD operators.
    ("planning:plan", None, "get", PLAN_VIEW),
    # An empty POST re-renders the form with errors (400) for who may add.
    ("planning:scenario_create", None, "post", (400, 403, 403, 403, 403, 400, 302)),
    ("planning:compare", None, "get", PLAN_VIEW),
    # Without ?id= the comparison file holds every scenario of the user's agency.
    ("planning:compare_export", ["csv"], "get", PLAN_VIEW),
    (
        "planning:scenario_baseline",
        lambda w: [_scenario(w)],
        "post",
        (302, 403, 403, 403, 403, 404, 302),
    ),
    ("planning:plan_xlsx", lambda w: [_scenario(w)], "get", PLAN_IN_A),
    # The plan PDF (issue 17): a page that makes it in the background, then the file.
    ("planning:plan_pdf", lambda w: [_scenario(w)], "get", PLAN_IN_A),
    (
        "planning:plan_pdf_start",
        lambda w: [_scenario(w)],
        "post",
        (302, 403, 403, 302, 302, 404, 302),
    ),
    ("planning:plan_pdf_job", lambda w: _plan_document(w), "get", PLAN_IN_A),
    ("planning:plan_pdf_file", lambda w: _plan_document(w), "get", PLAN_IN_A),
    # Who signs the agency's documents: resource "agency", CHANGE (its admin).
    ("planning:signatory", None, "get", USERS),
    ("planning:vacancies", None, "get", PLAN_VIEW),
    ("api:list_scenarios", None, "get", (200, 403, 403, 200, 200, 200, 401)),
    ("api:get_scenario", lambda w: [_scenario(w)], "get", (200, 403, 403, 200, 200, 404, 401)),
    ("api:create_scenario", None, "post", (201, 403, 403, 403, 403, 201, 401)),
    ("api:get_vacancies", None, "get", (200, 403, 403, 200, 200, 200, 401)),
    ("api:list_needs", None, "get", API_ALL_OK),
    ("api:get_peta_jabatan", lambda w: [w.dinkes.pk], "get", (200, 200, 404, 200, 200, 404, 401)),
    ("api:get_abk", _abk, "get", (200, 200, 404, 200, 200, 404, 401)),
    ("api:put_abk", _abk, "put", (200, 200, 404, 403, 403, 404, 401)),
    # Every page action through the API (issue 21): the plan PDF, made in the background,
    # and the signature block (as planning:plan_pdf_start and planning:signatory).
    ("api:start_plan_pdf", lambda w: [_scenario(w)], "post", (202, 403, 403, 202, 202, 404, 401)),
    ("api:get_plan_pdf_job", lambda w: _plan_document(w), "get", PLAN_IN_A_API),
    ("api:get_plan_pdf_file", lambda w: _plan_document(w), "get", PLAN_IN_A_API),
    ("api:get_signatory", None, "get", USERS_API),
    ("api:put_signatory", None, "put", USERS_API),
    ("api:get_workload_settings", None, "get", USERS_API),
    ("api:put_workload_settings", None, "put", USERS_API),
    # Equity (issue 6): resource "need"; each user sees their own agency's region.
    ("equity:index", None, "get", ALL_OK),
    ("equity:export", ["wilayah", "csv"], "get", ALL_OK),
    ("equity:export", ["prioritas", "xlsx"], "get", ALL_OK),
    ("api:get_equity_areas", None, "get", API_ALL_OK),
    # The API schema and its docs need a login (issue 13): anonymous goes to the login page.
    ("api:openapi-json", None, "get", (200,) * 6 + (302,)),
    ("api:openapi-view", None, "get", (200,) * 6 + (302,)),
    # Placement (issue 7): resource "placement", none for OPD operators; posts carry no data.
    ("placement:run_list", None, "get", PLAN_VIEW),
    ("placement:applicant_list", None, "get", PLAN_VIEW),
    ("placement:run_create", None, "post", (400, 403, 403, 403, 403, 400, 302)),
    ("placement:run_detail", lambda w: [_placement(w)], "get", PLAN_IN_A),
    ("placement:run_xlsx", lambda w: [_placement(w)], "get", PLAN_IN_A),
    (
        "placement:line_decide",
        lambda w: _placement_line(w),
        "post",
        (400, 403, 403, 403, 403, 404, 302),
    ),
    (
        "placement:decide_all",
        lambda w: [_placement(w)],
        "post",
        (400, 403, 403, 403, 403, 404, 302),
    ),
    ("placement:run_apply", lambda w: [_placement(w)], "post", (302, 403, 403, 403, 403, 404, 302)),
    ("placement:run_sk", lambda w: [_placement(w)], "post", (302, 403, 403, 403, 403, 404, 302)),
    ("api:list_placement_runs", None, "get", (200, 403, 403, 200, 200, 200, 401)),
    (
        "api:get_placement_run",
        lambda w: [_placement(w)],
        "get",
        (200, 403, 403, 200, 200, 404, 401),
    ),
    ("api:create_placement_run", None, "post", (201, 403, 403, 403, 403, 201, 401)),
    (
        "api:set_placement_run_sk",
        lambda w: [_placement(w)],
        "put",
        (200, 403, 403, 403, 403, 404, 401),
    ),
    # Needs proposals (issue 18): resource "proposal". A draft of agency A: evaluators see it
    # only once sent to BKN (404); another OPD's operator sees the proposal but not the
    # Dinas Kesehatan's part or item (404); leaders read (403 on every change).
    ("proposals:list", None, "get", ALL_OK),
    ("proposals:draft", None, "post", (400, 403, 403, 403, 403, 400, 302)),
    ("proposals:detail", lambda w: [_proposal(w)[0]], "get", PROPOSAL_DRAFT),
    ("proposals:history", lambda w: [_proposal(w)[0]], "get", PROPOSAL_DRAFT),
    ("proposals:compare", lambda w: [_proposal(w)[0]], "get", PROPOSAL_DRAFT),
    (
        "proposals:item_edit",
        lambda w: _proposal_item(w),
        "get",
        (200, 200, 404, 404, 403, 404, 302),
    ),
    (
        "proposals:item_edit",
        lambda w: _proposal_item(w),
        "post",
        (400, 400, 404, 404, 403, 404, 302),
    ),
    ("proposals:step", lambda w: _proposal_send(w), "get", (200, 403, 403, 404, 403, 404, 302)),
    ("proposals:step", lambda w: _proposal_send(w), "post", (400, 403, 403, 404, 403, 404, 302)),
    ("proposals:part_step", lambda w: _part_submit(w), "get", (200, 200, 404, 404, 403, 404, 302)),
    ("proposals:part_step", lambda w: _part_submit(w), "post", (400, 400, 404, 404, 403, 404, 302)),
    # An empty comment goes back to the proposal with a message (302) for who may comment.
    (
        "proposals:comment",
        lambda w: [_proposal(w)[0]],
        "post",
        (302, 302, 302, 404, 403, 404, 302),
    ),
    # Talent (issue 19): resource "talent" (OPD operators enter their OPD's people; evaluators
    # and leaders read) and "discipline" (BKPSDM writes; the rest read). Posts carry no data.
    ("talent:skp", None, "get", ALL_OK),
    ("talent:skp_unit", lambda w: [w.dinkes.pk], "get", (200, 200, 404, 200, 200, 404, 302)),
    ("talent:skp_unit", lambda w: [w.opd_b.pk], "get", (404, 404, 404, 404, 404, 200, 302)),
    ("talent:employee", _talent_person, "get", (200, 200, 404, 200, 200, 404, 302)),
    ("talent:employee", _talent_teacher, "get", (200, 404, 200, 200, 200, 404, 302)),
    ("talent:skp_save", _talent_person, "post", (400, 400, 404, 403, 403, 404, 302)),
    ("talent:skp_save", _talent_teacher, "post", (400, 404, 400, 403, 403, 404, 302)),
    ("talent:assessment_save", _talent_person, "post", (400, 400, 404, 403, 403, 404, 302)),
    ("talent:ninebox", None, "get", ALL_OK),
    ("talent:pool", None, "get", ALL_OK),
    ("talent:discipline_list", None, "get", ALL_OK),
    ("talent:discipline_add", None, "get", (200, 403, 403, 403, 403, 200, 302)),
    ("talent:discipline_add", None, "post", (400, 403, 403, 403, 403, 400, 302)),
    ("talent:discipline_edit", _talent_record, "get", (200, 403, 404, 403, 403, 404, 302)),
    ("talent:discipline_edit", _talent_record, "post", (400, 403, 404, 403, 403, 404, 302)),
    ("api:list_skp_results", None, "get", API_ALL_OK),
    ("api:record_skp_result", None, "post", (201, 201, 404, 403, 403, 404, 401)),
    ("api:get_nine_box", None, "get", API_ALL_OK),
    # Training needs (issue 20 item 4): resource "training" (OPD operators their OPD; BKPSDM
    # the agency; evaluators and leaders read and export). Posts carry no data.
    ("training:plan", None, "get", ALL_OK),
    ("training:plan_export", None, "get", ALL_OK),
    ("training:plan_generate", None, "post", (302, 302, 302, 403, 403, 302, 302)),
    ("training:gaps", None, "get", ALL_OK),
    ("training:hours", None, "get", ALL_OK),
    ("training:standards", None, "get", ALL_OK),
    (
        "training:employee",
        lambda w: [w.employee_dinkes.pk],
        "get",
        (200, 200, 404, 200, 200, 404, 302),
    ),
    (
        "training:employee",
        lambda w: [w.employee_disdik.pk],
        "get",
        (200, 404, 200, 200, 200, 404, 302),
    ),
    (
        "training:competency_save",
        lambda w: [w.employee_dinkes.pk],
        "post",
        (400, 400, 404, 403, 403, 404, 302),
    ),
    (
        "training:development_save",
        lambda w: [w.employee_disdik.pk],
        "post",
        (400, 404, 400, 403, 403, 404, 302),
    ),
    ("api:list_plan_lines", None, "get", API_ALL_OK),
    (
        "api:get_employee_gaps",
        lambda w: [w.employee_dinkes.pk],
        "get",
        (200, 200, 404, 200, 200, 404, 401),
    ),
    ("api:record_competency", None, "post", (201, 201, 404, 403, 403, 404, 401)),
    ("api:list_competency_gaps", None, "get", API_ALL_OK),
    ("api:list_training_hours", None, "get", API_ALL_OK),
    ("api:list_competency_standards", None, "get", API_ALL_OK),
    # Public satisfaction (issue 20): resource "survey". The public survey of a service unit
    # needs no login (everyone, anonymous too; an empty POST has no form token: 400).
    ("survey_public", lambda w: [w.puskesmas.pk], "get", (200,) * 7),
    ("survey_public", lambda w: [w.puskesmas.pk], "post", (400,) * 7),
    ("survey_public", lambda w: [w.dinkes.pk], "get", (404,) * 7),  # not a public service
    ("feedback:index", None, "get", ALL_OK),
    ("feedback:unit", lambda w: [w.puskesmas.pk], "get", (200, 200, 404, 200, 200, 404, 302)),
    ("feedback:poster", lambda w: [w.puskesmas.pk], "get", (200, 200, 404, 200, 200, 404, 302)),
    # The printable SKM report: EXPORT, not for evaluators (403).
    ("feedback:report", lambda w: [w.puskesmas.pk], "get", (200, 200, 404, 403, 200, 404, 302)),
    ("feedback:report_pdf", lambda w: [w.puskesmas.pk], "get", (200, 200, 404, 403, 200, 404, 302)),
    # Following up a complaint: CHANGE, the unit's OPD operator and the admin (empty form: 400).
    ("feedback:answer", _survey_complaint, "post", (400, 400, 404, 403, 403, 404, 302)),
    # The survey API: the units' IKM and the complaints read like the pages (an agency of its
    # own for admin_b); the export needs EXPORT (evaluators 403); the follow-up needs CHANGE.
    ("api:list_survey_units", None, "get", API_ALL_OK),
    ("api:list_complaints", None, "get", API_ALL_OK),
    ("api:get_complaint", _survey_complaint, "get", (200, 200, 404, 200, 200, 404, 401)),
    ("api:follow_up_complaint", _survey_complaint, "post", (200, 200, 404, 403, 403, 404, 401)),
    # The SKM report's figures: EXPORT as the report (evaluators 403).
    ("api:get_skm_report", lambda w: [w.puskesmas.pk], "get", (200, 200, 404, 403, 200, 404, 401)),
    ("api:export_survey_responses", None, "get", (200, 200, 200, 403, 200, 200, 401)),
    # meritself: the merit self-assessment (resource "merit"): BKPSDM writes, evaluators and
    # leaders read, OPD operators 403.
    ("talent:merit_list", None, "get", (200, 403, 403, 200, 200, 200, 302)),
    ("talent:merit_start", None, "post", (302, 403, 403, 403, 403, 302, 302)),
    ("talent:merit_detail", _merit, "get", MERIT_A),
    ("talent:merit_print", _merit, "get", MERIT_A),
    ("talent:merit_refresh", _merit, "post", MERIT_WRITE),
    ("talent:merit_submit", _merit, "post", MERIT_WRITE),
    ("talent:merit_answer", _merit_answer, "post", MERIT_WRITE),
    ("talent:merit_upload", _merit_answer, "post", MERIT_WRITE),
    ("talent:merit_evidence", _merit_file, "get", MERIT_A),
    ("api:list_merit_assessments", None, "get", (200, 403, 403, 200, 200, 200, 401)),
    ("api:get_merit_assessment", _merit, "get", (200, 403, 403, 200, 200, 404, 401)),
    ("api:answer_merit_indicator", _merit_answer, "post", (200, 403, 403, 403, 403, 404, 401)),
    # Succession (issue 19): resource "succession"; BKPSDM fills, the rest read (an OPD
    # operator their OPD's posts only).
    ("talent:succession", None, "get", ALL_OK),
    ("talent:succession_post", _succession, "get", (200, 200, 404, 200, 200, 404, 302)),
    ("talent:succession_fill", _succession, "get", (200, 403, 404, 403, 403, 404, 302)),
    ("talent:succession_fill", _succession, "post", (400, 403, 404, 403, 403, 404, 302)),
    ("api:list_succession", None, "get", API_ALL_OK),
    ("api:get_succession_post", _succession, "get", (200, 200, 404, 200, 200, 404, 401)),
    ("api:fill_succession_post", _succession, "post", (201, 403, 404, 403, 403, 404, 401)),
    # Open selection for JPT (issue 19): resource "selection" (BKPSDM writes; evaluators and
    # leaders read; OPD operators 403). The builder's selection is closed and fully scored, so
    # closing again and deciding before sending are refused (400/422); sending succeeds.
    ("talent:selection_list", None, "get", PLAN_VIEW),
    ("talent:selection_add", None, "get", (200, 403, 403, 403, 403, 200, 302)),
    ("talent:selection_add", None, "post", (400, 403, 403, 403, 403, 400, 302)),
    ("talent:selection_detail", _selection, "get", PLAN_IN_A),
    ("talent:selection_close", _selection, "post", SELECTION_WRITE),
    ("talent:member_add", _selection, "post", SELECTION_WRITE),
    ("talent:candidate_add", _selection, "post", SELECTION_WRITE),
    ("talent:candidate_scores", _candidate, "get", PLAN_IN_A),
    ("talent:candidate_scores", _candidate, "post", (302, 403, 403, 403, 403, 404, 302)),
    ("talent:selection_send", _selection, "post", (302, 403, 403, 403, 403, 404, 302)),
    ("talent:selection_decide", _selection, "post", SELECTION_WRITE),
    # The leader's page (issue 19): resource "leader_page", the leader and the BKPSDM admin.
    ("talent:leader", None, "get", (200, 403, 403, 403, 200, 200, 302)),
    # The talent pages' reads and the evidence upload through the API (issue 21): the pages'
    # statuses, 401 for anonymous.
    ("api:get_leader_overview", None, "get", (200, 403, 403, 403, 200, 200, 401)),
    ("api:get_employee_talent", _talent_person, "get", (200, 200, 404, 200, 200, 404, 401)),
    ("api:get_employee_talent", _talent_teacher, "get", (200, 404, 200, 200, 200, 404, 401)),
    ("api:list_talent_pool", None, "get", API_ALL_OK),
    ("api:upload_merit_evidence", _merit_answer, "post", (201, 403, 403, 403, 403, 404, 401)),
    ("api:list_selections", None, "get", (200, 403, 403, 200, 200, 200, 401)),
    ("api:get_selection", _selection, "get", (200, 403, 403, 200, 200, 404, 401)),
    ("api:open_selection", None, "post", (201, 403, 403, 403, 403, 404, 401)),
    ("api:close_selection", _selection, "post", SELECTION_API_WRITE),
    ("api:add_committee_member", _selection, "post", (201, 403, 403, 403, 403, 404, 401)),
    ("api:add_selection_candidate", _selection, "post", SELECTION_API_WRITE),
    ("api:record_candidate_scores", _candidate, "post", (200, 403, 403, 403, 403, 404, 401)),
    ("api:send_selection_shortlist", _selection, "post", (200, 403, 403, 403, 403, 404, 401)),
    ("api:decide_selection", _selection, "post", SELECTION_API_WRITE),
    # The national view (issue 18 part 8): resource "proposal_national", evaluators only.
    ("proposals:national", None, "get", (403, 403, 403, 200, 403, 403, 302)),
    ("proposals:national_export", ["xlsx"], "get", (403, 403, 403, 200, 403, 403, 302)),
    # … computed per agency in the background (issue 21): a run is its starter's alone.
    ("proposals:national_start", None, "post", (403, 403, 403, 302, 403, 403, 302)),
    (
        "proposals:national_progress",  # opened as a page (no HX-Request): to the national page
        lambda w: [national_run(w)],
        "get",
        (403, 403, 403, 302, 403, 403, 302),
    ),
    # The national summary (issue 21): resource "national_summary", evaluators only; a run
    # is its starter's alone.
    ("planning:national", None, "get", (403, 403, 403, 200, 403, 403, 302)),
    ("planning:national_start", ["needs_summary"], "post", (403, 403, 403, 302, 403, 403, 302)),
    ("planning:national_start", ["projection"], "post", (403, 403, 403, 302, 403, 403, 302)),
    ("api:start_national_run", ["projection"], "post", (403, 403, 403, 202, 403, 403, 401)),
    (
        "api:get_national_run",
        lambda w: [national_summary_run(w)],
        "get",
        (403, 403, 403, 200, 403, 403, 401),
    ),
    (
        "planning:national_progress",  # opened as a page (no HX-Request): to the national page
        lambda w: [national_summary_run(w)],
        "get",
        (403, 403, 403, 302, 403, 403, 302),
    ),
    # The proposal API (issue 18, part 6): the same scope and roles; on a draft BKN's
    # verdict and KemenPAN-RB's decision are refused to everyone who sees the item (403).
    ("api:list_proposals", None, "get", API_ALL_OK),
    ("api:draft_proposal", None, "post", (201, 403, 403, 403, 403, 201, 401)),
    ("api:get_proposal", lambda w: [_proposal(w)[0]], "get", PROPOSAL_DRAFT_API),
    ("api:list_events", lambda w: [_proposal(w)[0]], "get", PROPOSAL_DRAFT_API),
    ("api:get_item", lambda w: _proposal_item(w), "get", (200, 200, 404, 404, 200, 404, 401)),
    ("api:update_item", lambda w: _proposal_item(w), "patch", (200, 200, 404, 404, 403, 404, 401)),
    ("api:review_item", lambda w: _proposal_item(w), "put", (403, 403, 404, 404, 403, 404, 401)),
    ("api:decide_item", lambda w: _proposal_item(w), "put", (403, 403, 404, 404, 403, 404, 401)),
    ("api:take_step", lambda w: [_proposal(w)[0]], "post", (200, 200, 404, 404, 403, 404, 401)),
    ("api:add_comment", lambda w: [_proposal(w)[0]], "post", (201, 201, 201, 404, 403, 404, 401)),
    # The proposal pages' other actions (issue 21): as the pages, for each persona.
    ("api:compare_proposal", lambda w: [_proposal(w)[0]], "get", PROPOSAL_DRAFT_API),
    ("api:get_item_trace", lambda w: _proposal_item(w), "get", (200, 200, 404, 404, 200, 404, 401)),
    (
        "api:start_proposal_national_run",
        None,
        "post",
        (403, 403, 403, 202, 403, 403, 401),
    ),
    (
        "api:get_proposal_national_run",
        lambda w: [national_run(w)],
        "get",
        (403, 403, 403, 200, 403, 403, 401),
    ),
    (
        "api:start_proposal_document",
        lambda w: [_proposal(w)[0]],
        "post",
        (202, 403, 403, 404, 202, 404, 401),
    ),
    (
        "api:get_proposal_document",
        lambda w: _proposal_document(w),
        "get",
        (200, 403, 403, 404, 200, 404, 401),
    ),
    (
        "api:get_proposal_document_file",
        lambda w: _proposal_document(w),
        "get",
        (200, 403, 403, 404, 200, 404, 401),
    ),
    # Notifications (issue 18, part 9): everyone their own; a POST marks them read.
    # Every page action through the API (issue 21, tests/api/test_coverage.py): settling all
    # items is BKN's and KemenPAN-RB's only (403 for everyone who sees the draft).
    (
        "api:settle_proposal",
        lambda w: [_proposal(w)[0]],
        "post",
        (403, 403, 403, 404, 403, 404, 401),
    ),
    (
        "api:set_baseline_scenario",
        lambda w: [_scenario(w)],
        "post",
        (200, 403, 403, 403, 403, 404, 401),
    ),
    # The matrix run has pending new-hire lines: a stale count (0) or applying new hires is 422.
    (
        "api:decide_placement_line",
        lambda w: _placement_line(w),
        "post",
        (200, 403, 403, 403, 403, 404, 401),
    ),
    (
        "api:decide_placement_lines",
        lambda w: [_placement(w)],
        "post",
        (422, 403, 403, 403, 403, 404, 401),
    ),
    (
        "api:apply_placement_run",
        lambda w: [_placement(w)],
        "post",
        (422, 403, 403, 403, 403, 404, 401),
    ),
    # Merit: a draft with unanswered indicators cannot be submitted (422).
    ("api:start_merit_assessment", None, "post", (201, 403, 403, 403, 403, 201, 401)),
    ("api:refresh_merit_assessment", _merit, "post", (200, 403, 403, 403, 403, 404, 401)),
    ("api:submit_merit_assessment", _merit, "post", (422, 403, 403, 403, 403, 404, 401)),
    ("api:deactivate_user_account", _operator, "post", (200, 403, 403, 403, 403, 404, 401)),
    ("api:reactivate_user_account", _operator, "post", (200, 403, 403, 403, 403, 404, 401)),
    ("api:list_applicants", None, "get", (200, 403, 403, 200, 200, 200, 401)),
    ("api:record_talent_assessment", None, "post", (201, 201, 404, 403, 403, 404, 401)),
    ("api:list_discipline_records", None, "get", API_ALL_OK),
    ("api:create_discipline_record", None, "post", (201, 403, 403, 403, 403, 404, 401)),
    ("api:get_discipline_record", _talent_record, "get", (200, 200, 404, 200, 200, 404, 401)),
    ("api:correct_discipline_record", _talent_record, "put", (200, 403, 404, 403, 403, 404, 401)),
    ("api:record_development_hours", None, "post", (201, 404, 201, 403, 403, 404, 401)),
    ("api:generate_training_plan", None, "post", (200, 200, 200, 403, 403, 200, 401)),
    ("api:invite_user_account", _operator, "post", (200, 403, 403, 403, 403, 404, 401)),
    # One user and its change (the user page): agency admins, within their agency.
    ("api:get_user_account", _operator, "get", (200, 403, 403, 403, 403, 404, 401)),
    (
        "api:get_user_account",
        lambda w: [w.users["evaluator_a"].pk],
        "get",
        (404, 403, 403, 403, 403, 404, 401),
    ),
    ("api:update_user_account", _operator, "patch", (200, 403, 403, 403, 403, 404, 401)),
    ("api:list_notifications", None, "get", API_ALL_OK),
    ("api:mark_notifications_read", None, "post", (200,) * 6 + (401,)),
    # Imports: a job is its uploader's (404 for anyone else); one with errors is not written
    # without leave_out (409). The upload is multipart (a CSV of employees).
    ("api:list_imports", None, "get", API_ALL_OK),
    ("api:create_import", None, "post", (202, 202, 202, 403, 403, 202, 401)),
    ("api:get_import", lambda w: [_job(w)], "get", (200, 404, 404, 404, 404, 404, 401)),
    ("api:commit_import", lambda w: [_job(w)], "post", (409, 404, 404, 404, 404, 404, 401)),
    # Choosing the columns by hand: the job's uploader only; NIP and Nama alone leave the
    # employees' required columns unchosen (422).
    ("api:map_import_columns", lambda w: [_job(w)], "post", (422, 404, 404, 404, 404, 404, 401)),
    ("proposals:notifications", None, "get", ALL_OK),
    ("proposals:notifications", None, "post", (302,) * 7),
    # Settling every item at once is BKN's and KemenPAN-RB's (403 for the others).
    (
        "proposals:settle_all",
        lambda w: [_proposal(w)[0]],
        "post",
        (403, 403, 403, 404, 403, 404, 302),
    ),
    # The trace of an item (issue 18 part 2): whoever sees the item.
    (
        "proposals:item_trace",
        lambda w: _proposal_item(w),
        "get",
        (200, 200, 404, 404, 200, 404, 302),
    ),
    # Its documents (issue 18 part 5): EXPORT, not for the OPD operator (403); evaluators
    # see a draft not at all (404).
    (
        "proposals:document",
        lambda w: [_proposal(w)[0], "usulan_pdf"],
        "get",
        (200, 403, 403, 404, 200, 404, 302),
    ),
    (
        "proposals:document_start",
        lambda w: [_proposal(w)[0], "usulan_pdf"],
        "post",
        (302, 403, 403, 404, 302, 404, 302),
    ),
    (
        "proposals:document_job",
        lambda w: _proposal_document(w),
        "get",
        (200, 403, 403, 404, 200, 404, 302),
    ),
    (
        "proposals:document_file",
        lambda w: _proposal_document(w),
        "get",
        (200, 403, 403, 404, 200, 404, 302),
    ),
]


def _proposal(world: Any) -> tuple[int, int, int]:
    """(proposal, its Dinas Kesehatan part, the puskesmas nurse item): a draft of agency A
    (created once per test)."""
    from formasi.proposals.models import ProposalItem
    from tests.proposals.builders import walk_proposal

    item = ProposalItem.unscoped.filter(part__proposal__agency=world.agency_a).first()
    if item is None:
        _proposal_row, item = walk_proposal(world)
    return item.part.proposal_id, item.part_id, item.pk


def _proposal_document(world: Any) -> list[int]:
    """A made document of agency A's draft proposal (created once per test)."""
    from formasi.proposals.models import ProposalDocument
    from tests.proposals.builders import proposal_document

    proposal = _proposal(world)[0]
    found = ProposalDocument.unscoped.filter(proposal_id=proposal).first()
    if found is None:
        from formasi.proposals.models import Proposal

        found = proposal_document(Proposal.unscoped.get(pk=proposal))
    return [proposal, found.pk]


def _proposal_item(world: Any) -> list[int]:
    proposal, _part, item = _proposal(world)
    return [proposal, item]


def _proposal_send(world: Any) -> list[Any]:
    return [_proposal(world)[0], "send_to_bkn"]


def _part_submit(world: Any) -> list[Any]:
    proposal, part, _item = _proposal(world)
    return [proposal, part, "submit"]


def _placement(world: Any) -> int:
    from tests.placement.builders import matrix_run

    return matrix_run(world).pk


def _placement_line(world: Any) -> list[int]:
    from tests.placement.builders import matrix_line

    return matrix_line(world)


# URL names that need no row: framework plumbing, not pages of ours.
EXEMPT = {"set_language", "api:api-root"}  # api-root: ninja's own prefix route


def _job(world: Any) -> int:
    """A checked import job of admin_a's with one invalid row (created once per test)."""
    from formasi.transfer.models import ImportJob

    data = b"NIP,Nama\r\n123,Ani\r\n"
    job, _ = ImportJob.objects.get_or_create(
        filename="pegawai.csv",
        defaults={
            "kind": "employees",
            "agency": world.agency_a,
            "created_by": world.users["admin_a"],
            "content": data,
            "sha256": "0" * 64,
            "state": ImportJob.State.CHECKED,
            "summary": {"headers": ["NIP", "Nama"], "mapping": {"nip": "NIP", "name": "Nama"}},
            "errors": [{"row": 2, "column": "NIP", "code": "digits.length", "message": "x"}],
        },
    )
    return job.pk


def _scenario(world: Any) -> int:
    """A computed baseline scenario of agency A (created once per test)."""
    from formasi.planning import fiveyear
    from formasi.planning.models import Scenario

    scenario, created = Scenario.unscoped.get_or_create(
        agency=world.agency_a, name="Baseline", defaults={"base_year": 2025, "is_baseline": True}
    )
    if created:
        fiveyear.compute(scenario)
    return scenario.pk


def _plan_document(world: Any) -> list[int]:
    """A made PDF of agency A's baseline (created once per test)."""
    from formasi.planning.models import PlanDocument, Scenario
    from tests.planning.builders import plan_document

    scenario = Scenario.unscoped.get(pk=_scenario(world))
    document = PlanDocument.unscoped.filter(scenario=scenario).first()
    return [scenario.pk, (document or plan_document(scenario)).pk]


def _body(name: str, world: Any) -> dict[str, Any] | None:
    if name == "api:create_scenario":
        return {"name": "Batas 25 %", "base_year": 2025, "cap_percent": "25"}
    if name == "api:update_employee":
        return {"name": "Siti Rahmawati, S.Kep."}
    if name == "api:create_employee":
        # A nurse in the Dinas Kesehatan puskesmas: operator_other_opd_a and admin_b cannot see
        # that unit (404); evaluator and leader may not add (403).
        return {
            "name": "Maria Ulfa",
            "status": "pns",
            "nip": "199204152019032001",
            "sex": "F",
            "birth_date": "1992-04-15",
            "position_id": world.nurse_position.pk,
            "unit_id": world.puskesmas.pk,
        }
    if name == "api:record_skp_result":
        return {
            "employee_id": world.employee_dinkes.pk,
            "year": 2025,
            "result": "above",
            "behaviour": "as_expected",
        }
    if name == "api:record_competency":
        from tests.training.builders import competency

        digital = competency(world.agency_a, "DIG-01", "Literasi digital")
        return {"employee_id": world.employee_dinkes.pk, "competency_id": digital.pk,
                "level": 2, "assessed_on": "2026-03-01"}  # fmt: skip
    if name == "api:follow_up_complaint":
        return {"status": "in_progress"}
    if name == "api:fill_succession_post":
        from formasi.workforce.models import Employee

        _succession(world)
        return {"employee_id": Employee.unscoped.get(name="Rina Kartika").pk, "reason": "Kotak 9"}
    if name == "api:create_user_account":
        return {"username": "api_operator", "role": "opd_operator", "unit_id": world.dinkes.pk}
    if name in ISSUE_21_BODIES:
        return ISSUE_21_BODIES[name](world)  # type: ignore[no-any-return]
    if name == "api:put_abk":
        return {
            "tasks": [{"description": "Asuhan keperawatan", "volume": 1200, "norm_minutes": 30}]
        }
    return _selection_body(name, world) or _proposal_body(name, world)


def _sanction_body(world: Any) -> dict[str, Any]:
    return {
        "employee_id": world.employee_puskesmas.pk,
        "violation": "Tidak masuk kerja",
        "sanction": "teguran_lisan",
        "decided_on": "2025-03-03",
        "decided_by_name": "dr. Rudi",
        "decided_by_position": "Kepala Dinas",
    }


ISSUE_21_BODIES: dict[str, Any] = {
    "api:settle_proposal": lambda w: {"version": 1},
    "api:start_proposal_document": lambda w: {"kind": "usulan_pdf"},
    "api:decide_placement_line": lambda w: {"decision": "accepted"},
    "api:decide_placement_lines": lambda w: {"decision": "accepted", "expected": 0},
    "api:apply_placement_run": lambda w: {"expected": 0},
    "api:start_merit_assessment": lambda w: {"year": TALENT_YEAR},
    "api:create_import": lambda w: {
        "kind": "employees",
        "file": SimpleUploadedFile("pegawai.csv", b"NIP,Nama\r\n123,Ani\r\n"),
    },
    "api:record_talent_assessment": lambda w: {
        "employee_id": w.employee_dinkes.pk,
        "year": TALENT_YEAR,
        "competency_score": "70",
        "education": "s1_d4",
        "training_hours": 20,
    },
    "api:create_discipline_record": _sanction_body,
    "api:upload_merit_evidence": lambda w: {
        "file": SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    },
    "api:record_development_hours": lambda w: {
        "employee_id": w.employee_disdik.pk,
        "year": TALENT_YEAR,
        "title": "Diklat",
        "hours": 8,
    },
    "api:generate_training_plan": lambda w: {"year": TRAINING_YEAR},
    "api:correct_discipline_record": _sanction_body,
    "api:put_signatory": lambda w: {"signatory_name": "Drs. Ahmad", "signature_place": "Kota A"},
    "api:put_workload_settings": lambda w: {
        "effective_minutes": 72000,
        "effective_days": 235,
        "working_days_per_week": 5,
        "rounding": "ceil",
        "bands": "permendagri",
    },
    "api:set_placement_run_sk": lambda w: {"sk_number": "800/12/BKPSDM", "tmt": "2026-03-01"},
    "api:update_user_account": lambda w: {"name": "Operator Dinas Kesehatan"},
    "api:map_import_columns": lambda w: {
        "columns": [{"header": "NIP", "field": "nip"}, {"header": "Nama", "field": "name"}]
    },
}


def _selection_body(name: str, world: Any) -> dict[str, Any] | None:
    """The bodies of the open-selection API's writes (on the builder's selection)."""
    from tests.talent import builders as talent

    if name == "api:open_selection":  # the Dinas Kesehatan: admin_b cannot see it (404)
        return {
            "unit_id": world.dinkes.pk,
            "position_id": talent.jpt_position(world).pk,
            "title": "Seleksi",
            "opens_on": "2026-01-05",
            "closes_on": "2026-01-25",
        }
    if name == "api:add_committee_member":
        return {"name": "Dr. Lina", "role": "member", "internal": False}
    if name == "api:add_selection_candidate":
        return {"name": "Dr. Ani", "origin": "Pemkab Kapuas"}
    if name == "api:record_candidate_scores":
        return {"passed_administration": True, "kompetensi": 80, "wawancara": 80,
                "rekam_jejak": 80}  # fmt: skip
    if name == "api:decide_selection":
        return {"chosen_id": talent.candidate_pk(world)[1], "decided_by_name": "Wali Kota"}
    return None


def _proposal_body(name: str, world: Any) -> dict[str, Any] | None:
    """The bodies of the proposal API's writes (on the draft of ``_proposal``)."""
    from tests.proposals.builders import YEAR

    bodies: dict[str, Any] = {
        "api:draft_proposal": lambda: {"year": YEAR},
        "api:update_item": lambda: {"count": 2},
        "api:review_item": lambda: {"verdict": "approved"},
        "api:decide_item": lambda: {"decided_count": 1},
        "api:take_step": lambda: {"step": "submit", "part_id": _proposal(world)[1], "version": 1},
        "api:add_comment": lambda: {"text": "Mohon cek ABK"},
    }
    return bodies[name]() if name in bodies else None


def _if_match(name: str, world: Any) -> str:
    """The ETag a client read before a conditional update (If-Match is mandatory)."""
    from formasi.workforce.services import edit_version

    if name == "api:update_employee":
        return '"' + edit_version(world.employee_dinkes) + '"'
    if name == "api:follow_up_complaint":
        return {"status": "in_progress"}
    if name == "api:fill_succession_post":
        from formasi.organization.models import OrgUnit, Position
        from formasi.talent.succession_lists import post_version

        unit, position = _succession(world)
        version = post_version(OrgUnit.unscoped.get(pk=unit), Position.unscoped.get(pk=position))
        return f'"{version}"'  # the empty Kepala Dinas Kesehatan post, as read
    if name == "api:correct_discipline_record":
        from formasi.talent.models import DisciplineRecord

        record = DisciplineRecord.unscoped.get(pk=_talent_record(world)[0])
        return '"' + edit_version(record) + '"'
    if name in ("api:update_item", "api:review_item", "api:decide_item"):
        return '"1"'  # the item of _proposal, never changed
    if name == "api:put_signatory":  # no agency has a signatory yet: A's and B's are equal
        from formasi.organization.services import signatory_version

        return f'"{signatory_version(world.agency_a)}"'
    if name == "api:put_workload_settings":  # both agencies keep the defaults
        from formasi.workload.models import WorkloadSettings
        from formasi.workload.services import settings_version

        return f'"{settings_version(WorkloadSettings())}"'
    if name == "api:set_placement_run_sk":
        return '"1"'  # the matrix run, never changed
    if name == "api:update_user_account":
        return '"' + edit_version(world.users["operator_dinkes_a"]) + '"'
    return '"0"'  # api:put_abk: the nurse has no need in the puskesmas yet


CASES = [
    pytest.param(name, args, method, persona, expected[i], id=f"{name}-{j}-{persona}")
    for j, (name, args, method, expected) in enumerate(TABLE)
    for i, persona in enumerate(PERSONAS)
]


@pytest.fixture
def world(module_world, db):  # type: ignore[no-untyped-def]
    """The world is built once per module (1,000+ cases); each case's writes roll back."""
    return module_world


MULTIPART = {"api:create_import", "api:upload_merit_evidence"}


def _call(client: Client, world: Any, name: str, args: Any, method: str, **extra: str) -> Any:
    url = reverse(name, args=(args(world) if callable(args) else args) if args else None)
    if method == "get":
        return client.get(url, **extra)
    conditional = method in ("patch", "put") or name == "api:fill_succession_post"
    headers = {"HTTP_IF_MATCH": _if_match(name, world)} if conditional else {}
    if name in MULTIPART:  # a file upload: multipart, not JSON
        return client.post(url, data=_body(name, world), **extra)
    return getattr(client, method)(
        url, data=_body(name, world) or {}, content_type="application/json", **headers, **extra
    )


@pytest.mark.parametrize(("name", "args", "method", "persona", "expected"), CASES)
def test_url_answers_as_declared(world, client_for, name, args, method, persona, expected):  # type: ignore[no-untyped-def]
    response = _call(client_for(persona), world, name, args, method)
    assert response.status_code == expected, response.content[:500]


# Every API path again with a personal access token of each persona instead of the session
# (issue 21): the same status, and no CSRF token needed (the client enforces CSRF checks).
API_ROWS = [row for row in TABLE if row[0].startswith("api:")]
TOKEN_CASES = [
    pytest.param(name, args, method, persona, expected[i], id=f"{name}-{j}-{persona}")
    for j, (name, args, method, expected) in enumerate(API_ROWS)
    for i, persona in enumerate(PERSONAS)
    if persona != "anonymous"
]
REFUSED_CASES = [
    pytest.param(name, args, method, kind, id=f"{name}-{j}-{kind}")
    for j, (name, args, method, _expected) in enumerate(API_ROWS)
    for kind in ("revoked", "expired")
]


@pytest.fixture(scope="module")
def persona_tokens(module_world: Any, django_db_blocker: Any) -> dict[str, str]:
    """A token of every persona, and a revoked and an expired one of admin_a (made once, in
    the module world's transaction)."""
    with django_db_blocker.unblock():
        made = {p: tokens.token(u)[1] for p, u in module_world.users.items() if u is not None}
        made["revoked"] = tokens.revoked_token(module_world.users["admin_a"])
        made["expired"] = tokens.expired_token(module_world.users["admin_a"])
    return made


@pytest.mark.parametrize(("name", "args", "method", "persona", "expected"), TOKEN_CASES)
def test_api_answers_a_token_as_the_session(
    world: Any,
    persona_tokens: dict[str, str],
    name: str,
    args: Any,
    method: str,
    persona: str,
    expected: int,
) -> None:
    client = Client(enforce_csrf_checks=True)
    response = _call(client, world, name, args, method, **tokens.bearer(persona_tokens[persona]))
    assert response.status_code == expected, response.content[:500]


@pytest.mark.parametrize(("name", "args", "method", "kind"), REFUSED_CASES)
def test_api_refuses_revoked_and_expired_tokens(
    world: Any, persona_tokens: dict[str, str], name: str, args: Any, method: str, kind: str
) -> None:
    response = _call(Client(), world, name, args, method, **tokens.bearer(persona_tokens[kind]))
    assert response.status_code == 401, response.content[:500]
    assert response.json()["detail"]


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns == "admin":
                continue  # every admin URL is in tests/core/test_admin_matrix.py
            names |= _names(pattern, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_is_in_the_table() -> None:
    covered = {name for name, *_rest in TABLE}
    missing = _names(get_resolver()) - covered - EXEMPT
    assert not missing, f"URLs without a row in the permission table: {sorted(missing)}"
