"""Every page in both languages, as every role that may open it: no untranslated text.

The walk resolves the URL conf, requests every GET-able page (and a sample of the admin) as each
persona with the language cookie set to ``id`` and then ``en``, and fails on:

* an ``id`` page showing, as a whole text node or a ``title``/``placeholder``/``aria-label``/
  ``alt`` text, an English msgid of the catalogue whose Indonesian translation differs;
* text the same in both languages that holds English-only words (a string not marked for
  translation, so not in the catalogue);
* an ``en`` page showing an Indonesian msgstr where the English msgid was expected;
* raw keys: ``snake_case`` tokens, a model choice's stored value instead of its label, ``None``,
  ``nan``;
* Django's blank choice ``---------``.

A page owned by a helper working elsewhere may fail only as recorded in ``PENDING``; the list
only shrinks (an entry that no longer fails fails the test, so it is removed with the fix).
"""

from __future__ import annotations

import gettext
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from formasi.accounts.services import invite_user
from formasi.placement.models import PlacementRun
from formasi.planning.models import PlanDocument, Scenario
from formasi.planning.services import request_plan_pdf
from formasi.proposals.models import Proposal, ProposalItem
from formasi.transfer.models import ImportJob
from tests.accounts import builders as tokens
from tests.feedback import builders as survey
from tests.personas import PERSONAS, World, build_world
from tests.placement.builders import add_placement_data, computed_run
from tests.planning.builders import baseline, national_summary_run
from tests.proposals.builders import national_run, proposal_document, walk_proposal
from tests.talent import builders as talent
from tests.training import builders as training

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "id" / "LC_MESSAGES" / "django.mo"


@dataclass
class Seeded:
    world: World
    scenario: Scenario
    run: PlacementRun
    job: ImportJob
    invitation: str
    document: PlanDocument
    proposal: Proposal
    item: ProposalItem


Args = Callable[[Seeded], list[object]]


def _complaint(s: Seeded) -> int:
    from formasi.feedback.models import Complaint

    return Complaint.unscoped.filter(unit=s.world.puskesmas).values_list("pk", flat=True)[0]


def _abk(s: Seeded) -> list[object]:
    return [s.world.puskesmas.pk, s.world.nurse_position.pk]


# URL name -> its path arguments (None: none). Every GET-able HTML page of ours is here.
PAGES: dict[str, Args | None] = {
    "workforce:dashboard": None,
    "workforce:search": None,
    "workforce:employee_list": None,
    "workforce:employee_add": None,
    "workforce:employee_detail": lambda s: [s.world.employee_dinkes.pk],
    "workforce:employee_edit": lambda s: [s.world.employee_dinkes.pk],
    "organization:unit_list": None,
    "organization:unit_detail": lambda s: [s.world.dinkes.pk],
    "organization:position_list": None,
    "accounts:login": None,
    "accounts:password_change": None,
    "accounts:password_change_done": None,
    "accounts:password_reset": None,
    "accounts:password_reset_done": None,
    "accounts:password_reset_confirm": lambda s: [
        urlsafe_base64_encode(force_bytes(s.world.users["leader_a"].pk)),
        default_token_generator.make_token(s.world.users["leader_a"]),
    ],
    "accounts:password_reset_complete": None,
    "accounts:invitation": lambda s: [s.invitation],
    "accounts:user_list": None,
    "accounts:user_add": None,
    "accounts:user_edit": lambda s: [s.world.users["leader_a"].pk],
    "accounts:user_deactivate": lambda s: [s.world.users["leader_a"].pk],
    "accounts:evaluators": None,
    "accounts:profile": None,
    "workload:peta": None,
    "workload:peta_opd": lambda s: [s.world.dinkes.pk],
    "workload:areas": None,
    "workload:settings": None,
    "workload:abk": _abk,
    "workload:abk_unit_upload": lambda s: [s.world.puskesmas.pk],
    "planning:plan": None,
    "planning:compare": None,
    "planning:plan_pdf_job": lambda s: [s.scenario.pk, s.document.pk],
    "planning:signatory": None,
    "planning:vacancies": None,
    "equity:index": None,
    "placement:run_list": None,
    "placement:applicant_list": None,
    "placement:run_detail": lambda s: [s.run.pk],
    "proposals:list": None,
    "proposals:detail": lambda s: [s.proposal.pk],
    "proposals:history": lambda s: [s.proposal.pk],
    "proposals:compare": lambda s: [s.proposal.pk],
    "proposals:item_edit": lambda s: [s.proposal.pk, s.item.pk],
    "proposals:step": lambda s: [s.proposal.pk, "send_to_bkn"],
    "proposals:part_step": lambda s: [s.proposal.pk, s.item.part_id, "submit"],
    "talent:skp": None,
    "talent:skp_unit": lambda s: [s.world.dinkes.pk],
    "talent:employee": lambda s: [s.world.employee_puskesmas.pk, talent.YEAR],
    "talent:ninebox": None,
    "talent:pool": None,
    "talent:discipline_list": None,
    "talent:discipline_add": None,
    "talent:discipline_edit": lambda s: [talent.first_record(s.world)],
    "training:plan": None,
    "training:gaps": None,
    "training:hours": None,
    "training:standards": None,
    "training:employee": lambda s: [s.world.employee_dinkes.pk],
    "admin:training_planline_changelist": None,
    "talent:merit_list": None,
    "talent:merit_detail": lambda s: [talent.merit_of(s.world.agency_a).pk],
    "talent:merit_print": lambda s: [talent.merit_of(s.world.agency_a).pk],
    "talent:succession": None,
    "talent:succession_post": lambda s: talent.succession_post(s.world),
    "talent:succession_fill": lambda s: talent.succession_post(s.world),
    "talent:selection_list": None,
    "talent:selection_add": None,
    "talent:selection_detail": lambda s: talent.selection_pk(s.world),
    "talent:candidate_scores": lambda s: talent.candidate_pk(s.world),
    "talent:leader": None,
    "proposals:national": None,
    "proposals:national_progress": lambda s: [national_run(s.world)],
    "planning:national": None,
    "planning:national_progress": lambda s: [national_summary_run(s.world)],
    "proposals:notifications": None,
    "proposals:item_trace": lambda s: [s.proposal.pk, s.item.pk],
    "proposals:document": lambda s: [s.proposal.pk, "eformasi_xlsx"],  # not made: the page
    "proposals:document_job": lambda s: [s.proposal.pk, proposal_document(s.proposal).pk],
    "transfer:index": None,
    "transfer:job": lambda s: [s.job.pk],
    "transfer:mapping": lambda s: [s.job.pk],
    "admin:index": None,
    "admin:workforce_employee_changelist": None,
    "admin:workforce_employee_change": lambda s: [s.world.employee_dinkes.pk],
    "admin:workforce_employee_history": lambda s: [s.world.employee_dinkes.pk],
    "admin:organization_orgunit_changelist": None,
    "admin:organization_orgunit_change": lambda s: [s.world.dinkes.pk],
    "admin:organization_position_change": lambda s: [s.world.nurse_position.pk],
    "survey_public": lambda s: [s.world.puskesmas.pk],
    "feedback:index": None,
    "feedback:unit": lambda s: [s.world.puskesmas.pk],
    "feedback:report": lambda s: [s.world.puskesmas.pk],
    "feedback:poster": lambda s: [s.world.puskesmas.pk],
    "admin:feedback_complaint_change": lambda s: [_complaint(s)],
    "admin:talent_skpresult_changelist": None,
    "admin:talent_disciplinerecord_change": lambda s: [talent.first_record(s.world)],
    "admin:talent_successiondecision_changelist": None,
    "admin:talent_selection_change": lambda s: talent.selection_pk(s.world),
}
# Pages walked in a state that shows more of their text: the peta jabatan with every unit open.
QUERIES = {
    "workload:peta_opd": "open=all",
    "talent:skp": f"tahun={talent.YEAR}",
    "talent:skp_unit": f"tahun={talent.YEAR}",
    "talent:ninebox": f"tahun={talent.YEAR}&kotak=9",  # the grid and the people of box 9
    "talent:pool": f"tahun={talent.YEAR}",
    "training:plan": f"tahun={training.YEAR}",
    "training:gaps": f"tahun={training.YEAR}",
    "training:hours": f"tahun={training.YEAR}",
    "training:employee": f"tahun={training.YEAR}",
    "feedback:index": f"tahun={survey.YEAR}",
    "feedback:unit": f"tahun={survey.YEAR}",
    "feedback:report": f"tahun={survey.YEAR}",
}
# Pages reached through a redirect (the reset link moves its token into the session).
FOLLOW = {
    "accounts:password_reset_confirm",
    "proposals:national_progress",
    "planning:national_progress",
}
# Files, not pages: their GET answers something other than HTML.
DOWNLOADS: dict[str, Args | None] = {
    "workforce:employee_export": None,
    "equity:export": lambda s: ["wilayah", "csv"],
    "planning:plan_xlsx": lambda s: [s.scenario.pk],
    "planning:plan_pdf": lambda s: [s.scenario.pk],  # today's PDF is made: the file itself
    "planning:plan_pdf_file": lambda s: [s.scenario.pk, s.document.pk],
    "planning:compare_export": lambda s: ["xlsx"],
    "workload:peta_xlsx": lambda s: [s.world.dinkes.pk],
    "placement:run_xlsx": lambda s: [s.run.pk],
    "transfer:export": lambda s: ["employees", "csv"],
    "transfer:template": lambda s: ["employees", "xlsx"],
    "transfer:rejected": lambda s: [s.job.pk],
    "workload:abk_workbook": _abk,
    "workload:abk_unit_workbook": lambda s: [s.world.puskesmas.pk],
    "proposals:national_export": lambda s: ["xlsx"],
    "training:plan_export": None,
    "feedback:report_pdf": lambda s: [s.world.puskesmas.pk],
    "proposals:document_file": lambda s: [s.proposal.pk, proposal_document(s.proposal).pk],
    "talent:merit_evidence": lambda s: [talent.merit_file(s.world.agency_a).pk],
}
# Files that only another role than admin_a may download, and that role.
DOWNLOAD_PERSONAS = {"proposals:national_export": "evaluator_a"}
# Actions: a GET is refused (405); what they show on a failed POST is the page they come from.
ACTIONS: dict[str, Args | None] = {
    "accounts:logout": None,
    "accounts:user_reactivate": lambda s: [s.world.users["leader_a"].pk],
    "accounts:user_invite": lambda s: [s.world.users["leader_a"].pk],
    "accounts:token_revoke": lambda s: [tokens.token(s.world.users["admin_a"])[0].pk],
    "workload:abk_preview": _abk,
    "workload:abk_upload": _abk,
    "workload:abk_import_confirm": None,
    "planning:scenario_create": None,
    "planning:scenario_baseline": lambda s: [s.scenario.pk],
    "planning:plan_pdf_start": lambda s: [s.scenario.pk],
    "placement:run_create": None,
    "placement:line_decide": lambda s: [s.run.pk, s.run.lines.order_by("pk")[0].pk],
    "placement:decide_all": lambda s: [s.run.pk],
    "placement:run_apply": lambda s: [s.run.pk],
    "placement:run_sk": lambda s: [s.run.pk],
    "proposals:draft": None,
    "proposals:comment": lambda s: [s.proposal.pk],
    "talent:skp_save": lambda s: [s.world.employee_puskesmas.pk, talent.YEAR],
    "talent:assessment_save": lambda s: [s.world.employee_puskesmas.pk, talent.YEAR],
    "talent:merit_start": None,
    "talent:merit_refresh": lambda s: [talent.merit_of(s.world.agency_a).pk],
    "talent:merit_submit": lambda s: [talent.merit_of(s.world.agency_a).pk],
    "talent:merit_answer": lambda s: [talent.merit_of(s.world.agency_a).pk, "open_selection"],
    "talent:merit_upload": lambda s: [talent.merit_of(s.world.agency_a).pk, "open_selection"],
    "talent:selection_close": lambda s: talent.selection_pk(s.world),
    "talent:member_add": lambda s: talent.selection_pk(s.world),
    "talent:candidate_add": lambda s: talent.selection_pk(s.world),
    "talent:selection_send": lambda s: talent.selection_pk(s.world),
    "talent:selection_decide": lambda s: talent.selection_pk(s.world),
    "proposals:settle_all": lambda s: [s.proposal.pk],
    "proposals:document_start": lambda s: [s.proposal.pk, "usulan_pdf"],
    "proposals:national_start": None,
    "planning:national_start": lambda s: ["needs_summary"],
    "training:plan_generate": None,
    "training:competency_save": lambda s: [s.world.employee_dinkes.pk],
    "training:development_save": lambda s: [s.world.employee_dinkes.pk],
    "transfer:upload": None,
    "transfer:commit": lambda s: [s.job.pk],
    "feedback:answer": lambda s: [_complaint(s)],
}
# Page routes the walk cannot build, and why. Keep it short: build the route instead.
NOT_WALKED: dict[str, str] = {
    "set_language": "Django's language switch: a redirect, no page",
    "workload:peta_unit": "an htmx fragment of workload:peta_opd, walked there opened (?open=)",
}
MAX_NOT_WALKED = 3

# (url name, problem) found on pages other helpers are changing now; the lead clears them after
# merging. Fixed ones must be removed (the test fails on an entry that no longer fails).
PENDING: set[tuple[str, str]] = set()

# Whole documents in Indonesian that print the long date a signed letter carries ("6 Desember
# 2026"), whatever the reader's language: the plan PDF.
LONG_DATE_DOCUMENTS = {
    "planning/templates/planning/plan_pdf.html",
    "proposals/templates/proposals/verdict_pdf.html",
}
DATE_FILTER = re.compile(r"""\|date:\s*["']([^"']*)["']""")
# The locale's formats; "Y-m-d" is the value of an <input type="date">, not text.
DATE_FORMATS_ALLOWED = {"DATE_FORMAT", "DATETIME_FORMAT", "Y-m-d"}

# Text the same in both languages is data or an unmarked string; these words are English only.
ENGLISH_ONLY = frozenset(
    re.findall(
        r"\w+",
        "the of and to for with is are was by from this that these not yes none all new add edit "
        "save delete search show people employee employees run page next previous back cancel "
        "download upload name year years shortage excess need needs plan plans scenario settings "
        "position positions units log out sign in password user users role",
    )
)
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
PLACEHOLDERS = {"None", "nan", "NaN", "undefined", "null"}
PLACEHOLDER_WORDS = re.compile(r"\b(?:None|nan|NaN|undefined)\b")  # never in Indonesian text
USERNAMES = set(PERSONAS)  # the menu names who is logged in: data, not keys
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class _Texts(HTMLParser):
    """Visible text nodes, attribute texts and the JSON of json_script blocks of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.json: list[str] = []
        self._skip: list[str] = []
        self._json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if (
            tag in ("script", "style")
            or (tag != "html" and "lang" in found)
            or (found.get("translate") == "no")
        ):
            # code; words in their own language (the language switch, a file's Indonesian
            # column names); data marked translate="no" (the headers of an uploaded file)
            self._skip.append(tag)
            self._json = tag == "script" and found.get("type") == "application/json"
        for name in ATTRIBUTES:
            if found.get(name):
                self.texts.append(found[name] or "")
        if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
            self.texts.append(found["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()
            self._json = False

    def handle_data(self, data: str) -> None:
        if self._json:
            self.json.append(data)
        elif not self._skip:
            self.texts.append(data)


# Keys of the pages' JSON data whose values are codes the scripts read and never show (the
# equity maps' colour band: "short", "under", "balanced", "over", "none").
CODE_KEYS = frozenset({"band", "band_before", "band_after"})


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in CODE_KEYS:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def page_texts(html: str) -> tuple[set[str], set[str]]:
    """(visible texts, strings inside the page's JSON data), whitespace collapsed."""
    parser = _Texts()
    parser.feed(html)
    texts = {" ".join(t.split()) for t in parser.texts}
    data = {" ".join(s.split()) for block in parser.json for s in _strings(json.loads(block))}
    return texts - {""}, data - {""}


@dataclass
class Catalogue:
    english: dict[str, str]  # msgid -> msgstr, where they differ
    indonesian: dict[str, str]  # msgstr -> msgid, where they differ
    msgids: set[str]

    @classmethod
    def load(cls) -> Catalogue:
        with CATALOGUE.open("rb") as handle:
            raw: dict[Any, str] = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        pairs = {
            (key if isinstance(key, str) else key[0]).split("\x04")[-1]: value
            for key, value in raw.items()
            if key and (isinstance(key, str) or key[1] == 0)
        }
        both = set(pairs) & set(pairs.values())  # "Status", "Unit": a word of both languages
        differ = {k: v for k, v in pairs.items() if k != v and "%" not in k and "{" not in k}
        english = {k: v for k, v in differ.items() if k not in both}
        indonesian = {v: k for k, v in differ.items() if v not in both}
        return cls(english, indonesian, set(pairs))


def raw_keys(catalogue: Catalogue) -> set[str]:
    """Stored choice values of every model field whose label is different text (a word the
    catalogue translates on purpose, such as "kecamatan", is text, not a key)."""
    keys: set[str] = set()
    with translation.override("id"):
        for model in apps.get_models():
            for field in model._meta.get_fields():
                for value, label in getattr(field, "flatchoices", None) or []:
                    if isinstance(value, str) and value[:1].islower() and value != str(label):
                        keys.add(value)
    return keys - catalogue.msgids


def problems(html: str, language: str, catalogue: Catalogue, keys: set[str]) -> set[str]:
    """What is wrong on one page; ``keys`` are the raw values it must not show."""
    texts, data = page_texts(html)
    found: set[str] = set()
    if "---------" in html:
        found.add("blank choice: ---------")
    for text in texts:
        bare = text.rstrip(":").strip()
        if language == "id" and (text in catalogue.english or bare in catalogue.english):
            found.add(f"untranslated: {text}")
        if language == "en" and (text in catalogue.indonesian or bare in catalogue.indonesian):
            found.add(f"indonesian in english: {text}")
        if text in keys:
            found.add(f"raw key: {text}")
        words = PLACEHOLDER_WORDS.findall(text) if language == "id" else []
        whole = PLACEHOLDERS if language == "id" else PLACEHOLDERS - {"None"}  # English word
        for token in SNAKE.findall(text) + words + ([text] if text in whole else []):
            if token not in USERNAMES:
                found.add(f"raw key: {token}")
        if "Django" in text:
            found.add(f"the framework's name instead of Formasi's: {text}")
    for text in data:
        if language == "id" and text in catalogue.english:
            found.add(f"untranslated in chart data: {text}")
        if language == "en" and text in catalogue.indonesian:
            found.add(f"indonesian in english chart data: {text}")
    return found


def unmarked(id_texts: set[str], en_texts: set[str]) -> set[str]:
    """Text identical in both languages that reads as English: not marked for translation."""
    return {
        f"not in the catalogue: {text}"
        for text in id_texts & en_texts
        if set(re.findall(r"[a-z]+", text.lower())) & ENGLISH_ONLY
    }


def seed() -> Seeded:
    world = build_world()
    add_placement_data(world)
    run = computed_run(world)
    scenario = baseline(world)
    job = ImportJob.objects.create(
        kind="employees", agency=world.agency_a, created_by=world.users["admin_a"],
        filename="pegawai.csv", content=b"NIP,Nama\r\n123,Ani\r\n", sha256="0" * 64,
        state=ImportJob.State.CHECKED,
        summary={"headers": ["NIP", "Nama"], "mapping": {"nip": "NIP", "name": "Nama"},
                 "rows": 1, "invalid": 1},
        errors=[{"row": 2, "column": "NIP", "code": "digits.length", "message": "x"}],
    )  # fmt: skip
    talent.talent_data(world)
    found = training.training_data(world)
    training.line(world.employee_dinkes, found["digital"])
    training.line(world.employee_dinkes, action="performance_coaching", source="ninebox", title="")
    training.hours(world.employee_dinkes, 8)
    survey.response(world.puskesmas, [2, 3, 3, 4, 2, 3, 3, 2, None], text="Antrean lama", sex="P")
    talent.succession_world(world)
    token = invite_user(actor=world.users["admin_a"], user=world.users["leader_a"])
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker makes the PDF
        document = request_plan_pdf(scenario=scenario, actor=world.users["admin_a"])
    proposal, item = walk_proposal(world)
    return Seeded(world, scenario, run, job, token, document, proposal, item)


def _client(world: World, persona: str, language: str) -> Client:
    client = Client()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _url(name: str, args: Args | None, seeded: Seeded) -> str:
    url = reverse(name, args=args(seeded) if args else None)
    return f"{url}?{QUERIES[name]}" if name in QUERIES else url


def _route_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace not in ("api", "admin"):
            names |= _route_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_route_is_walked_or_says_why() -> None:
    tables = [set(PAGES), set(DOWNLOADS), set(ACTIONS), set(NOT_WALKED)]
    listed = set().union(*tables)
    assert sum(len(t) for t in tables) == len(listed), "a route is in two tables"
    ours = _route_names(get_resolver().url_patterns)
    assert ours - listed == set(), "a new page: put it in PAGES (or say why not)"
    assert {n for n in listed if not n.startswith("admin:")} - ours == set(), "gone routes"
    assert len(NOT_WALKED) <= MAX_NOT_WALKED, "build these routes instead of skipping them"


def test_every_page_in_both_languages_as_every_role() -> None:
    seeded = seed()
    catalogue = Catalogue.load()
    keys = raw_keys(catalogue)
    clients = {
        (persona, language): _client(seeded.world, persona, language)
        for persona in PERSONAS
        for language in ("id", "en")
    }
    found: set[tuple[str, str]] = set()
    for name, args in PAGES.items():
        url = _url(name, args, seeded)
        seen = 0
        for persona in PERSONAS:
            by_language: dict[str, set[str]] = {}
            for language in ("id", "en"):
                response = clients[persona, language].get(url, follow=name in FOLLOW)
                if response.status_code != 200:
                    continue
                html = response.content.decode()
                assert f'lang="{language}"' in html, (name, persona, language)
                found |= {(name, p) for p in problems(html, language, catalogue, keys)}
                by_language[language] = page_texts(html)[0]
            if len(by_language) == 2:
                seen += 1
                found |= {(name, p) for p in unmarked(by_language["id"], by_language["en"])}
        assert seen, f"{name}: no persona opened it in both languages"
    new = sorted(found - PENDING)
    fixed = sorted(PENDING - found)
    assert not new, "untranslated text:\n" + "\n".join(f"{n}: {p}" for n, p in new)
    assert not fixed, "fixed, remove from PENDING:\n" + "\n".join(f"{n}: {p}" for n, p in fixed)


def test_downloads_are_files_and_actions_refuse_a_get() -> None:
    seeded = seed()
    client = _client(seeded.world, "admin_a", "id")
    for name, args in DOWNLOADS.items():
        persona = DOWNLOAD_PERSONAS.get(name)
        getter = _client(seeded.world, persona, "id") if persona else client
        response = getter.get(_url(name, args, seeded))
        assert response.status_code == 200, name
        assert "text/html" not in response["Content-Type"], name
    for name, args in ACTIONS.items():
        assert client.get(_url(name, args, seeded)).status_code == 405, name


def test_dates_use_the_locale_format() -> None:
    """One date format on every page: the active locale's (6 Des. 2026 / Dec. 6, 2026)."""
    root = Path(settings.BASE_DIR)
    found = {
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if set(DATE_FILTER.findall(path.read_text(encoding="utf-8"))) - DATE_FORMATS_ALLOWED
    }
    assert found - LONG_DATE_DOCUMENTS == set(), "use |date or |date:'DATETIME_FORMAT'"
