"""Every admin URL of every registered model × every persona → the declared status.

The models come from ``admin.site._registry``, so a newly registered model fails
``test_every_registered_model_is_declared`` until it has rows in ACCESS; an admin URL of a kind
not handled here fails ``test_every_admin_url_is_covered``. For each declared object and persona:

- ``N`` (not in scope): every object view, GET and POST, is 404, as the pages answer;
- ``R`` (read only): GET 200; every POST 403;
- ``W`` (may change): GET 200; a valid change POST saves (302); history revert and delete
  POSTs are 403 (reverting skips the services; nothing is deleted);
- ``F`` (a model only superusers manage): everything 403, whether the row exists or not;
- ``M`` (a row that does not exist, in a superusers-only admin): nothing shown (no 200) and no
  server error (Django redirects some views for a missing row before it checks permissions);
- ``*``: any answer but a server error (a superuser on third-party admins).

Evaluators and leaders are not staff (302 to the admin login everywhere); ``evaluator_staff``
and ``leader_staff`` are the same roles made staff by mistake, to prove their read-only role
still holds in the admin. Every POST that must not write sends no INSERT, UPDATE or DELETE.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection, models
from django.forms import CheckboxInput
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from formasi.core.models import AuditEvent
from formasi.feedback.models import Complaint
from formasi.organization.models import ExternalId
from formasi.placement.models import Applicant
from formasi.proposals.models import Proposal, ProposalComment, ProposalEvent, ProposalItem
from formasi.talent.models import Assessment, DisciplineRecord, SkpResult
from formasi.training.models import (
    CompetencyRecord,
    CompetencyStandard,
    DevelopmentRecord,
    PlanLine,
)
from formasi.workload.models import PositionNeed, WorkloadSettings
from tests import builders as build
from tests.accounts import builders as tokens
from tests.feedback.builders import response as survey_response
from tests.personas import PERSONAS
from tests.proposals.builders import walk_proposal
from tests.talent import builders as talent
from tests.training import builders as training

STAFF_EXTRA = ["superuser", "evaluator_staff", "leader_staff"]
ALL = [*PERSONAS, *STAFF_EXTRA]
NOT_STAFF = {"evaluator_a", "leader_a", "anonymous"}

# Persona order of the access strings below:
#   admin_a, operator_dinkes_a, operator_other_opd_a, admin_b, superuser, evaluator_staff,
#   leader_staff   (evaluator_a, leader_a and anonymous are never staff: always 302)
ORDER = ["admin_a", "operator_dinkes_a", "operator_other_opd_a", "admin_b", *STAFF_EXTRA]


def _levels(codes: str) -> dict[str, str]:
    assert len(codes) == len(ORDER), codes
    return dict(zip(ORDER, codes, strict=True))


def _need(unit: Any, position: Any) -> PositionNeed:
    return PositionNeed.unscoped.create(
        agency=unit.agency, unit=unit, position=position, source="entered", count=2
    )


def _applicant(agency: Any, position: Any) -> Applicant:
    return Applicant.unscoped.create(
        agency=agency,
        year=2025,
        registration_number=f"REG-{agency.pk}",
        name=f"Peserta {agency.code}",
        status="cpns",
        position=position,
    )


def _position_b(w: Any) -> Any:
    return w.employee_b.position


def _external_id(unit: Any) -> ExternalId:
    return ExternalId.unscoped.create(
        agency=unit.agency, source="siasn", kind="unit", external_id=f"U{unit.pk}", unit=unit
    )


def _walk(w: Any) -> tuple[Proposal, ProposalItem]:
    """Agency A's draft proposal with one item, comments and an event (made once)."""
    item = ProposalItem.unscoped.filter(part__proposal__agency=w.agency_a).first()
    if item is None:
        return walk_proposal(w)
    return item.part.proposal, item


def _survey(w: Any, b: bool = False) -> Any:
    """A complaint about the puskesmas (made once per test), or agency B's response."""
    if b:
        return survey_response(w.opd_b, [3] * 9)
    found = Complaint.unscoped.filter(unit=w.puskesmas).first()
    if found is None:
        survey_response(w.puskesmas, [2] * 9, text="Antrean lama")
        found = Complaint.unscoped.get(unit=w.puskesmas)
    return found


def _talent(model: Any, make: Callable[[Any], Any], employee: Any) -> Any:
    """The employee's row of a talent model, made once per test."""
    return model.unscoped.filter(employee=employee).first() or make(employee)


def _competency(agency: Any) -> Any:
    return training.competency(agency, "DIG-01", "Literasi digital")


def _standard(position: Any) -> Any:
    found = CompetencyStandard.unscoped.filter(position=position).first()
    return found or training.standard(position, _competency(position.agency), 3)


def _training(model: Any, employee: Any) -> Any:
    """The employee's row of a training model, made once per test."""
    found = model.unscoped.filter(employee=employee).first()
    if found is not None:
        return found
    if model is CompetencyRecord:
        return training.record(employee, _competency(employee.agency), 2)
    if model is DevelopmentRecord:
        return training.hours(employee, 8)
    return training.line(employee)


MISSING = "987654"  # an id no row has: third-party admins answer the same for it

# model label -> (changelist, add, [(object builder, object access)]). Changelist and add are
# strings over ORDER: "1" allowed (200), "0" forbidden (403), "*" anything but 5xx.
ACCESS: dict[str, tuple[str, str, list[tuple[Callable[[Any], Any], str]]]] = {
    "organization.orgunit": (
        "1111111",
        "1001100",
        [
            (lambda w: w.dinkes, "WRNNWRR"),
            (lambda w: w.school, "WNRNWRR"),
            (lambda w: w.opd_b, "NNNWWNN"),
        ],
    ),
    "organization.position": (
        "1111111",
        "1001100",
        [(lambda w: w.nurse_position, "WRRNWRR"), (_position_b, "NNNWWNN")],
    ),
    "organization.externalid": (
        "1111111",
        "1001100",
        [
            (lambda w: _external_id(w.dinkes), "WRRNWRR"),
            (lambda w: _external_id(w.opd_b), "NNNWWNN"),
        ],
    ),
    "organization.agency": (
        "1111111",
        "0000100",
        [(lambda w: w.agency_a, "WRRNWRR"), (lambda w: w.agency_b, "NNNWWNN")],
    ),
    "organization.region": (
        "1111111",
        "0000100",
        [(lambda w: w.district_a, "RRRRWRR")],
    ),
    "workforce.employee": (
        "1111111",
        "1111100",
        [
            (lambda w: w.employee_puskesmas, "WWNNWRR"),
            (lambda w: w.employee_disdik, "WNWNWRR"),
            (lambda w: w.employee_b, "NNNWWNN"),
        ],
    ),
    "workload.positionneed": (
        "1111111",
        "1111100",
        [
            (lambda w: _need(w.puskesmas, w.nurse_position), "WWNNWRR"),
            (lambda w: _need(w.school, w.teacher_position), "WNWNWRR"),
            (lambda w: _need(w.opd_b, _position_b(w)), "NNNWWNN"),
        ],
    ),
    "workload.workloadsettings": (
        "1001100",
        "1001100",
        [
            (lambda w: WorkloadSettings.objects.create(agency=w.agency_a), "WNNNWNN"),
            (lambda w: WorkloadSettings.objects.create(agency=w.agency_b), "NNNWWNN"),
        ],
    ),
    "placement.applicant": (
        "1001111",
        "1001100",
        [
            (lambda w: _applicant(w.agency_a, w.nurse_position), "WNNNWRR"),
            (lambda w: _applicant(w.agency_b, _position_b(w)), "NNNWWNN"),
        ],
    ),
    # Needs proposals (issue 18): read-only for everyone (the services are the writers). A
    # draft of agency A: evaluators see nothing before it goes to BKN; the other OPD's
    # operator sees the proposal but not the Dinas Kesehatan's part and its rows.
    "proposals.proposal": ("1111111", "0000000", [(lambda w: _walk(w)[0], "RRRNRNR")]),
    "proposals.proposalpart": ("1111111", "0000000", [(lambda w: _walk(w)[1].part, "RRNNRNR")]),
    "proposals.proposalitem": ("1111111", "0000000", [(lambda w: _walk(w)[1], "RRNNRNR")]),
    "proposals.proposalevent": (
        "1111111",
        "0000000",
        [(lambda w: ProposalEvent.unscoped.filter(proposal=_walk(w)[0]).get(), "RRNNRNR")],
    ),
    "proposals.proposalcomment": (
        "1111111",
        "0000000",
        [(lambda w: ProposalComment.unscoped.filter(proposal=_walk(w)[0]).first(), "RRNNRNR")],
    ),
    # Talent (issue 19): SKP results and assessments per OPD ("talent"); discipline records kept
    # by the agency admin and read by the rest ("discipline").
    # meritself: the merit self-assessment ("merit"), read-only in the admin.
    "talent.meritassessment": (
        "1001111",
        "0000000",
        [
            (lambda w: talent.merit_of(w.agency_a), "RNNNRRR"),
            (lambda w: talent.merit_of(w.agency_b), "NNNRRNN"),
        ],
    ),
    "talent.skpresult": (
        "1111111",
        "1111100",
        [
            (lambda w: _talent(SkpResult, talent.skp, w.employee_puskesmas), "WWNNWRR"),
            (lambda w: _talent(SkpResult, talent.skp, w.employee_disdik), "WNWNWRR"),
            (lambda w: _talent(SkpResult, talent.skp, w.employee_b), "NNNWWNN"),
        ],
    ),
    "talent.assessment": (
        "1111111",
        "1111100",
        [
            (lambda w: _talent(Assessment, talent.assessment, w.employee_puskesmas), "WWNNWRR"),
            (lambda w: _talent(Assessment, talent.assessment, w.employee_b), "NNNWWNN"),
        ],
    ),
    "talent.disciplinerecord": (
        "1111111",
        "1001100",
        [
            (lambda w: _talent(DisciplineRecord, talent.sanction, w.employee_puskesmas), "WRNNWRR"),
            (lambda w: _talent(DisciplineRecord, talent.sanction, w.employee_b), "NNNWWNN"),
        ],
    ),
    # Training needs (issue 20 item 4): the dictionary and standards are BKPSDM's master data
    # ("competency_standard"); records, hours and plan lines per OPD ("training").
    "training.competency": (
        "1111111",
        "1001100",
        [
            (lambda w: _competency(w.agency_a), "WRRNWRR"),
            (lambda w: _competency(w.agency_b), "NNNWWNN"),
        ],
    ),
    "training.competencystandard": (
        "1111111",
        "1001100",
        [
            (lambda w: _standard(w.nurse_position), "WRRNWRR"),
            (lambda w: _standard(_position_b(w)), "NNNWWNN"),
        ],
    ),
    "training.competencyrecord": (
        "1111111",
        "1111100",
        [
            (lambda w: _training(CompetencyRecord, w.employee_puskesmas), "WWNNWRR"),
            (lambda w: _training(CompetencyRecord, w.employee_disdik), "WNWNWRR"),
            (lambda w: _training(CompetencyRecord, w.employee_b), "NNNWWNN"),
        ],
    ),
    "training.developmentrecord": (
        "1111111",
        "1111100",
        [
            (lambda w: _training(DevelopmentRecord, w.employee_puskesmas), "WWNNWRR"),
            (lambda w: _training(DevelopmentRecord, w.employee_b), "NNNWWNN"),
        ],
    ),
    "training.planline": (
        "1111111",
        "1111100",
        [
            (lambda w: _training(PlanLine, w.employee_puskesmas), "WWNNWRR"),
            (lambda w: _training(PlanLine, w.employee_disdik), "WNWNWRR"),
            (lambda w: _training(PlanLine, w.employee_b), "NNNWWNN"),
        ],
    ),
    # Public survey (issue 20): read-only for everyone (the public form and the unit's page are
    # the writers); a puskesmas of the Dinas Kesehatan's.
    "feedback.surveyresponse": (
        "1111111",
        "0000000",
        [(lambda w: _survey(w).response, "RRNNRRR"), (lambda w: _survey(w, b=True), "NNNRRNN")],
    ),
    "feedback.complaint": (
        "1111111",
        "0000000",
        [(lambda w: _survey(w), "RRNNRRR")],
    ),
    # Succession decisions (issue 19): read-only everywhere; made by the fill service.
    "talent.successiondecision": (
        "1111111",
        "0000000",
        [(lambda w: talent.decision(w), "RRNNRRR")],
    ),
    # Open selection (issue 19): read-only in the admin (writes through the services); the
    # agency admin, evaluators and leaders read; OPD operators do not see it.
    "talent.selection": ("1001111", "0000000", [(talent.selection, "RNNNRRR")]),
    "talent.committeemember": (
        "1001111",
        "0000000",
        [(lambda w: talent.selection(w).committee.first(), "RNNNRRR")],
    ),
    "talent.candidate": (
        "1001111",
        "0000000",
        [(lambda w: talent.selection(w).candidates.first(), "RNNNRRR")],
    ),
    # Superusers only (accounts, audit, login attempts, task results, groups).
    "accounts.user": ("0000*00", "0000*00", [(lambda w: w.users["admin_b"], "FFFF*FF")]),
    "accounts.accesstoken": (
        "0000*00",
        "0000*00",
        [(lambda w: tokens.token(w.users["admin_a"])[0], "FFFF*FF")],
    ),
    "auth.group": ("0000*00", "0000*00", [(lambda w: Group.objects.create(name="g"), "FFFF*FF")]),
    "core.auditevent": (
        "0000*00",
        "0000*00",
        [(lambda w: AuditEvent.objects.create(action="formasi.test"), "FFFF*FF")],
    ),
    "axes.accessattempt": ("0000*00", "0000*00", [(lambda w: MISSING, "MMMM*MM")]),
    "axes.accesslog": ("0000*00", "0000*00", [(lambda w: MISSING, "MMMM*MM")]),
    "axes.accessfailurelog": ("0000*00", "0000*00", [(lambda w: MISSING, "MMMM*MM")]),
    "django_tasks_database.dbtaskresult": (
        "0000*00",
        "0000*00",
        [(lambda w: MISSING, "MMMM*MM")],
    ),
}

OBJECT_KINDS = {"change", "history", "delete", "simple_history", "password_change"}
MODEL_KINDS = {"changelist", "add"}


def _kind(model: type[models.Model], url_name: str) -> str:
    opts = model._meta
    for prefix in (f"{opts.app_label}_{opts.model_name}_", "auth_user_"):
        if url_name.startswith(prefix):
            return url_name[len(prefix) :]
    return url_name


def _urls(model_admin: admin.ModelAdmin) -> list[str]:
    return [p.name for p in model_admin.get_urls() if getattr(p, "name", None)]


def test_every_registered_model_is_declared() -> None:
    registered = {m._meta.label_lower for m in admin.site._registry}
    assert registered == set(ACCESS), "declare the admin access of every registered model"


def test_every_admin_url_is_covered() -> None:
    for model, model_admin in admin.site._registry.items():
        kinds = {_kind(model, name) for name in _urls(model_admin)}
        assert kinds <= OBJECT_KINDS | MODEL_KINDS, (model, kinds - OBJECT_KINDS - MODEL_KINDS)


@pytest.fixture
def clients(world: Any) -> dict[str, Client]:
    users = dict(world.users)
    users["superuser"] = build.user("root", None, is_superuser=True)
    evaluator = build.user("evaluator_staff", "evaluator", assigned=[world.agency_a])
    leader = build.user("leader_staff", "leader", agency_obj=world.agency_a)
    for user in (evaluator, leader):
        user.is_staff = True
        user.save()
    users["evaluator_staff"], users["leader_staff"] = evaluator, leader
    made: dict[str, Client] = {}
    for persona in ALL:
        client = Client(raise_request_exception=False)
        if users[persona] is not None:
            client.force_login(users[persona])
        made[persona] = client
    return made


# Tables a request may write without changing anything a persona could see: the session.
_HOUSEKEEPING = ("django_session",)


def _writes(queries: list[dict[str, str]]) -> list[str]:
    """The INSERT, UPDATE and DELETE statements among ``queries`` (the session's aside).

    Stricter than comparing the tables before and after: a write that a later statement undid,
    or one to a table no admin shows, counts too."""
    found = []
    for query in queries:
        sql = query["sql"].lstrip().upper()
        if not sql.startswith(("INSERT", "UPDATE", "DELETE")):
            continue
        if any(
            f'"{table.upper()}"' in sql or f" {table.upper()} " in sql for table in _HOUSEKEEPING
        ):
            continue
        found.append(query["sql"][:120])
    return found


def _form_data(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[key] = "on"
        elif value is None:
            data[key] = ""
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            prepared = field.prepare_value(value)
            data[key] = "" if prepared is None else str(prepared)
    return data


def _change_data(response: Any) -> dict[str, Any]:
    """The change form as its page fills it in (a superuser's view of it), inlines included."""
    assert response.context is not None, (response.status_code, response.content[:300])
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    if "name" in data:
        data["name"] = data["name"] + " (ubah)"
    return data


def _expect_object(level: str, kind: str, method: str) -> int | None:
    """The declared status; None for any but 5xx, -1 for nothing shown."""
    if level == "*":
        return None
    if level == "M":
        return -1
    if level == "F":
        return 403
    if level == "N":
        return 404
    if method == "get":
        return 403 if kind == "delete" else 200
    if level == "W" and kind == "change":
        return 302
    return 403  # R posts anything; W reverts, deletes or posts to the history list


def _check(response: Any, expected: int | None, where: str) -> str | None:
    status = response.status_code
    if expected == -1:
        return None if status in (302, 403, 404) else f"{where}: {status}, expected no page"
    if expected is None:
        return None if status < 500 else f"{where}: {status}"
    return None if status == expected else f"{where}: {status}, expected {expected}"


@pytest.mark.parametrize("label", sorted(ACCESS))
def test_admin_answers_as_declared(world, clients, label) -> None:  # type: ignore[no-untyped-def]
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    model_admin = admin.site._registry[model]
    changelist_access, add_access, objects = ACCESS[label]
    built = [(builder(world), _levels(levels)) for builder, levels in objects]
    names = _urls(model_admin)
    by_kind = {_kind(model, n): f"admin:{n}" for n in names}
    failures: list[str] = []

    def post(persona: str, url: str, data: dict[str, Any], expected: int | None) -> None:
        with CaptureQueriesContext(connection) as queries:
            response = clients[persona].post(url, data)
        where = f"{persona} POST {url}"
        if (problem := _check(response, expected, where)) is not None:
            failures.append(problem)
        if response.status_code != 302 and (written := _writes(queries.captured_queries)):
            failures.append(f"{where} wrote to the database ({response.status_code}): {written}")

    change_data: dict[str, dict[str, Any]] = {}  # the superuser's change form, read once per row

    for persona in ALL:
        client = clients[persona]
        for kind in ("changelist", "add"):
            url = reverse(by_kind[kind])
            if persona in NOT_STAFF:
                expected: int | None = 302
            else:
                code = _levels(changelist_access if kind == "changelist" else add_access)[persona]
                expected = {"1": 200, "0": 403, "*": None}[code]
            response = client.get(url)
            if (problem := _check(response, expected, f"{persona} GET {url}")) is not None:
                failures.append(problem)
            post(persona, url, {}, expected)  # an empty form: errors (200) or 403, no write

        for obj, levels in built:
            pk = obj if isinstance(obj, str) else obj.pk
            history = None if isinstance(obj, str) else getattr(obj, "history", None)
            records = list(history.all()[:1]) if history is not None else []
            for kind in sorted(OBJECT_KINDS & set(by_kind)):
                if kind == "simple_history":
                    if not records:
                        continue
                    url = reverse(by_kind[kind], args=[pk, records[0].pk])
                else:
                    url = reverse(by_kind[kind], args=[pk])
                level = "N" if persona in NOT_STAFF else levels[persona]
                for method in ("get", "post"):
                    if persona in NOT_STAFF:
                        expected = 302
                    elif kind == "password_change":
                        expected = _expect_object(level, "delete", method)  # never for staff
                    else:
                        expected = _expect_object(level, kind, method)
                    if method == "get":
                        response = client.get(url)
                        problem = _check(response, expected, f"{persona} GET {url}")
                        if problem is not None:
                            failures.append(problem)
                        continue
                    if level == "*":
                        continue  # a superuser on an admin we do not own: nothing to prove
                    data: dict[str, Any] = {}
                    if kind in ("change", "simple_history") and not isinstance(obj, str):
                        change_url = reverse(by_kind["change"], args=[pk])
                        if change_url not in change_data:
                            page = clients["superuser"].get(change_url)
                            change_data[change_url] = _change_data(page)
                        data = dict(change_data[change_url])
                    if kind == "delete":
                        data = {"post": "yes"}
                    post(persona, url, data, expected)
                    if expected == 302 and persona not in NOT_STAFF and "name" in data:
                        saved = model._default_manager.get(pk=pk)
                        if saved.name != data["name"]:
                            failures.append(f"{persona} POST {url} did not save the change")
                        type(obj)._default_manager.filter(pk=pk).update(name=obj.name)
    assert not failures, "\n".join(failures)


def test_autocomplete_offers_only_rows_in_scope(world, clients) -> None:  # type: ignore[no-untyped-def]
    """/admin/autocomplete/ for every foreign key of every registered model: never a row the
    persona may not see (declared N above), and 302 for who is not staff."""
    declared: dict[type[models.Model], list[tuple[Any, dict[str, str]]]] = {}
    for label, (_cl, _add, objects) in ACCESS.items():
        model = next(m for m in admin.site._registry if m._meta.label_lower == label)
        declared[model] = [
            (builder(world), _levels(levels))
            for builder, levels in objects
            if label != "workload.workloadsettings"  # one per agency: built in the matrix
        ]
    failures = []
    for model in admin.site._registry:
        for field in model._meta.get_fields():
            if not (isinstance(field, models.ForeignKey) and field.related_model in declared):
                continue
            remote_admin = admin.site._registry[field.related_model]
            if not remote_admin.search_fields:
                continue
            query = {
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "field_name": field.name,
                "term": "",
            }
            for persona in ALL:
                response = clients[persona].get(reverse("admin:autocomplete"), query)
                where = f"{persona} autocomplete {model._meta.label}.{field.name}"
                if persona in NOT_STAFF:
                    if response.status_code != 302:
                        failures.append(f"{where}: {response.status_code}")
                    continue
                if response.status_code == 403:
                    continue
                if response.status_code != 200:
                    failures.append(f"{where}: {response.status_code}")
                    continue
                ids = {row["id"] for row in response.json()["results"]}
                for obj, levels in declared[field.related_model]:
                    if isinstance(obj, str) or levels[persona] not in "NF":
                        continue
                    if str(obj.pk) in ids:
                        failures.append(f"{where} offers {obj!r}, out of scope")
    assert not failures, "\n".join(failures)


def test_a_write_is_seen_and_the_session_is_not() -> None:
    """The write check of the matrix can fail: any INSERT, UPDATE or DELETE but the session's."""
    queries = [
        {"sql": 'SELECT "workforce_employee"."id" FROM "workforce_employee"'},
        {"sql": 'UPDATE "django_session" SET "session_data" = %s'},
        {"sql": 'UPDATE "workforce_employee" SET "name" = %s WHERE "id" = 1'},
        {"sql": 'INSERT INTO "workforce_historicalemployee" ("id") VALUES (1)'},
    ]
    assert _writes(queries) == [queries[2]["sql"], queries[3]["sql"]]
