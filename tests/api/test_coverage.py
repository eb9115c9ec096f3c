"""Every page action has its API operation (issue 21): a registry from each page's URL name to
the API operations that do the same through the same service, or an explicit exclusion with
its reason. A page added without a row here fails ``test_every_page_is_in_the_registry``;
an operation named here that does not exist fails ``test_every_named_operation_exists``.

Operations are named by their URL name in the ``api`` namespace (the function's name; the
OpenAPI ``operationId`` is ``formasi_<app>_api_<name>``). Exclusions say why a page has no
operation of its own: ``BROWSER`` (the session's own plumbing), ``FILE`` (a download of data
an operation already gives as JSON), ``UI`` (an htmx preview or a form helper of a page whose
action has an operation), ``TODO`` (not yet: an action an integrator may need, still missing).
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

BROWSER = "browser: the session's own plumbing (login, passwords, tokens, language)"
FILE = "file: a download (xlsx/csv/pdf/print) of data an operation gives as JSON"
UI = "ui: a preview, a confirmation page or a form helper; the action has an operation"
TODO = "not yet: "

# page URL name → the API operations (names in the ``api`` namespace) doing the same
COVERED: dict[str, tuple[str, ...]] = {
    "workforce:dashboard": ("dashboard",),
    "workforce:search": ("list_employees", "list_units", "list_positions"),
    "workforce:employee_list": ("list_employees",),
    "workforce:employee_add": ("create_employee",),
    "workforce:employee_detail": ("get_employee",),
    "workforce:employee_edit": ("update_employee",),
    "organization:unit_list": ("list_units",),
    "organization:unit_detail": ("get_unit",),
    "organization:position_list": ("list_positions",),
    "accounts:user_list": ("list_users",),
    "accounts:user_add": ("create_user_account",),
    "accounts:user_deactivate": ("deactivate_user_account",),
    "accounts:user_reactivate": ("reactivate_user_account",),
    "accounts:user_invite": ("invite_user_account",),
    "accounts:user_edit": ("get_user_account", "update_user_account"),
    # Units, positions and employees in bulk: the import of the pages, as a job (202).
    "transfer:index": ("list_imports",),
    "transfer:upload": ("create_import",),
    "transfer:mapping": ("get_import", "map_import_columns"),
    "transfer:job": ("get_import",),
    "transfer:rejected": ("get_import",),
    "transfer:commit": ("commit_import",),
    "workload:peta": ("list_needs", "get_peta_jabatan"),
    "workload:peta_opd": ("get_peta_jabatan",),
    "workload:peta_unit": ("get_peta_jabatan",),
    "workload:areas": ("get_needs_by_area",),
    "workload:abk": ("get_abk", "put_abk"),
    "workload:abk_upload": ("put_abk",),
    "workload:abk_unit_upload": ("put_abk",),
    "workload:abk_import_confirm": ("put_abk",),
    "workload:settings": ("get_workload_settings", "put_workload_settings"),
    "planning:plan": ("list_scenarios", "get_scenario"),
    "planning:scenario_create": ("create_scenario",),
    "planning:scenario_baseline": ("set_baseline_scenario",),
    "planning:compare": ("get_scenario",),
    "planning:vacancies": ("get_vacancies",),
    "planning:national": ("get_national_run",),
    "planning:national_start": ("start_national_run",),
    "planning:national_progress": ("get_national_run",),
    "planning:signatory": ("get_signatory", "put_signatory"),
    # The plan PDF, made in the background: the page's file-or-progress answer is the start
    # (today's document when made) and then the file.
    "planning:plan_pdf": ("start_plan_pdf", "get_plan_pdf_file"),
    "planning:plan_pdf_start": ("start_plan_pdf",),
    "planning:plan_pdf_job": ("get_plan_pdf_job",),
    "planning:plan_pdf_file": ("get_plan_pdf_file",),
    "equity:index": ("get_equity_areas",),
    "placement:run_list": ("list_placement_runs",),
    "placement:run_create": ("create_placement_run",),
    "placement:run_detail": ("get_placement_run",),
    "placement:line_decide": ("decide_placement_line",),
    "placement:decide_all": ("decide_placement_lines",),
    "placement:run_apply": ("apply_placement_run",),
    "placement:run_sk": ("set_placement_run_sk",),
    "placement:applicant_list": ("list_applicants",),
    "proposals:list": ("list_proposals",),
    "proposals:draft": ("draft_proposal",),
    "proposals:detail": ("get_proposal",),
    "proposals:history": ("list_events",),
    "proposals:step": ("take_step",),
    "proposals:part_step": ("take_step",),
    "proposals:item_edit": ("get_item", "update_item", "review_item", "decide_item"),
    "proposals:comment": ("add_comment",),
    "proposals:settle_all": ("settle_proposal",),
    "proposals:notifications": ("list_notifications", "mark_notifications_read"),
    "proposals:compare": ("compare_proposal",),
    "proposals:item_trace": ("get_item_trace",),
    # The national view computed per agency (fan-out), as the planning national summary.
    "proposals:national": ("start_proposal_national_run", "get_proposal_national_run"),
    "proposals:national_start": ("start_proposal_national_run",),
    "proposals:national_progress": ("get_proposal_national_run",),
    # The documents, made in the background: ask (202 with the job), poll, download.
    "proposals:document": ("start_proposal_document", "get_proposal_document_file"),
    "proposals:document_start": ("start_proposal_document",),
    "proposals:document_job": ("get_proposal_document",),
    "proposals:document_file": ("get_proposal_document_file",),
    "talent:skp": ("list_skp_results",),
    "talent:skp_unit": ("list_skp_results",),
    "talent:skp_save": ("record_skp_result",),
    "talent:employee": ("get_employee_talent",),
    "talent:ninebox": ("get_nine_box",),
    "talent:pool": ("list_talent_pool",),
    "talent:assessment_save": ("record_talent_assessment",),
    "talent:discipline_list": ("list_discipline_records",),
    "talent:discipline_add": ("create_discipline_record",),
    "talent:discipline_edit": ("get_discipline_record", "correct_discipline_record"),
    "talent:merit_list": ("list_merit_assessments",),
    "talent:merit_start": ("start_merit_assessment",),
    "talent:merit_detail": ("get_merit_assessment",),
    "talent:merit_answer": ("answer_merit_indicator",),
    "talent:merit_upload": ("upload_merit_evidence",),
    "talent:merit_refresh": ("refresh_merit_assessment",),
    "talent:merit_submit": ("submit_merit_assessment",),
    "talent:succession": ("list_succession",),
    "talent:succession_post": ("get_succession_post",),
    "talent:succession_fill": ("fill_succession_post",),
    "talent:selection_list": ("list_selections",),
    "talent:selection_add": ("open_selection",),
    "talent:selection_detail": ("get_selection",),
    "talent:selection_close": ("close_selection",),
    "talent:member_add": ("add_committee_member",),
    "talent:candidate_add": ("add_selection_candidate",),
    "talent:candidate_scores": ("record_candidate_scores",),
    "talent:selection_send": ("send_selection_shortlist",),
    "talent:selection_decide": ("decide_selection",),
    "talent:leader": ("get_leader_overview",),
    "training:plan": ("list_plan_lines",),
    "training:employee": ("get_employee_gaps",),
    "training:competency_save": ("record_competency",),
    "training:development_save": ("record_development_hours",),
    "training:plan_generate": ("generate_training_plan",),
    "training:gaps": ("list_competency_gaps",),
    "training:hours": ("list_training_hours",),
    "training:standards": ("list_competency_standards",),
    "feedback:index": ("list_survey_units",),
    "feedback:unit": ("list_survey_units", "list_complaints"),
    "feedback:answer": ("get_complaint", "follow_up_complaint"),
    "feedback:report": ("get_skm_report",),
}

EXCLUDED: dict[str, str] = {
    "accounts:login": BROWSER,
    "accounts:logout": BROWSER,
    "accounts:password_change": BROWSER,
    "accounts:password_change_done": BROWSER,
    "accounts:password_reset": BROWSER,
    "accounts:password_reset_done": BROWSER,
    "accounts:password_reset_confirm": BROWSER,
    "accounts:password_reset_complete": BROWSER,
    "accounts:invitation": BROWSER + "; the invited person sets their password",
    # A token never makes or revokes tokens: a stolen one could otherwise outlive revocation.
    "accounts:profile": BROWSER + "; tokens are made and revoked with a login only",
    "accounts:token_revoke": BROWSER + "; tokens are made and revoked with a login only",
    "set_language": BROWSER,
    "workforce:employee_export": FILE,
    "transfer:export": FILE,
    "transfer:template": FILE,
    "workload:peta_xlsx": FILE,
    "workload:abk_workbook": FILE,
    "workload:abk_unit_workbook": FILE,
    "workload:abk_preview": UI + " (put_abk computes and saves)",
    "planning:compare_export": FILE,
    "planning:plan_xlsx": FILE,
    "equity:export": FILE,
    "placement:run_xlsx": FILE,
    "talent:merit_print": FILE,
    "talent:merit_evidence": FILE,
    "training:plan_export": FILE,
    "feedback:report_pdf": FILE,
    "feedback:poster": FILE + " (a poster with the survey's QR code)",
    "proposals:national_export": FILE,
    # The public survey is answered by citizens without a login, on the page (form token,
    # rate limit per address); the API serves logged-in systems.
    "survey_public": "public: citizens answer without a login; the API needs a token",
    # The superuser's assignment of evaluators is done in the admin, never by a token.
    "accounts:evaluators": "superuser only: the API has no superuser operations",
}

# Still missing: each names what the page does; reported, never silent. Empty since every page
# action of issue 21 has its operation; a page added without one goes here or above.
NOT_YET: dict[str, str] = {}


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: its own matrix (tests/core/test_admin_matrix.py)
            ns = pattern.namespace
            names |= _names(pattern, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def _pages() -> set[str]:
    return {name for name in _names(get_resolver()) if not name.startswith("api:")}


def _operations() -> set[str]:
    return {name[len("api:") :] for name in _names(get_resolver()) if name.startswith("api:")}


def test_every_page_is_in_the_registry() -> None:
    known = COVERED.keys() | EXCLUDED.keys() | NOT_YET.keys()
    missing = _pages() - known
    assert not missing, f"pages with neither an API operation nor an exclusion: {sorted(missing)}"
    gone = known - _pages()
    assert not gone, f"rows for pages that no longer exist: {sorted(gone)}"


def test_a_page_is_in_one_list_only() -> None:
    twice = (
        (COVERED.keys() & EXCLUDED.keys())
        | (COVERED.keys() & NOT_YET.keys())
        | (EXCLUDED.keys() & NOT_YET.keys())
    )
    assert not twice, f"pages both covered and excluded: {sorted(twice)}"


def test_every_named_operation_exists() -> None:
    named = {op for ops in COVERED.values() for op in ops}
    unknown = named - _operations()
    assert not unknown, f"operations the registry names but the API lacks: {sorted(unknown)}"


def test_every_operation_serves_a_page_or_says_why() -> None:
    """An operation no page row names is either API-only on purpose (listed) or a row is
    missing above."""
    api_only = {
        "api-root",
        "openapi-json",
        "openapi-view",
        "list_regions",
        "export_survey_responses",
    }
    named = {op for ops in COVERED.values() for op in ops}
    orphans = _operations() - named - api_only
    assert not orphans, f"operations no page row names: {sorted(orphans)}"


def test_every_todo_says_what_is_missing() -> None:
    vague = [name for name, why in NOT_YET.items() if not why.startswith(TODO) or why == TODO]
    assert not vague, f"TODO rows without what is missing: {vague}"


def test_schema_names_are_unique_across_apps() -> None:
    """The OpenAPI components are named by class: two apps' ``ItemOut`` would become one."""
    from ninja import Schema

    import formasi.api  # noqa: F401  (every router imported)

    seen: dict[str, set[str]] = {}
    todo = list(Schema.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("formasi."):
            seen.setdefault(cls.__name__, set()).add(cls.__module__)
    twice = {name: sorted(mods) for name, mods in seen.items() if len(mods) > 1}
    assert not twice, f"schema names in several modules: {twice}"
