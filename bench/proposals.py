"""A national round of the usul kebutuhan (issue 18's bench): 546 agencies' proposals drafted
from their needs and staff, summed for the national view; targets: the national view
(``/usulan/nasional/``, as a superuser) under 2 s, one agency's draft (``draft_proposal``)
under 1 s.

    SECRET_KEY=bench FORMASI_DATA_DIR=/tmp/formasi-bench \\
        .venv/bin/python bench/proposals.py [--scale 1.0] [--seed 1] [--repeat 3] [--reuse]

Uses the PostgreSQL server of BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/formasi_bench) and its own database, the same name with
``_proposals`` appended, dropped and re-created unless ``--reuse`` finds one of the same scale
and seed (its comment). Steps, each in its own subprocess (``steps.run_step_process``):

1. setup: needs.py's generator (``needs.step_setup``) pointed at this database with 546
   agencies (38 provincial, 508 kabupaten/kota): regions, 150–250 units and 100 positions per
   agency, 4–10 positions with a need per unit (``CELLS_PER_UNIT``; needs.py's own bench
   keeps 2–7), ~770,000 PositionNeed cells, 4.7 million employees by COPY, so that about
   700,000 unit × position cells have a shortage and become items.
2. round: every agency's proposal for YEAR drafted the way ``draft_proposal`` drafts it — the
   same lines (``proposals.services._drafted_lines``: ``fiveyear.collect`` of the agency, the
   Perban BKN 9/2022 count per cell, evidence, priority) and the same justification — fanned
   out per agency as the national runs are (DESIGN.md, scale path), the rows written with COPY.
   The proposals are spread over the workflow: 30 % draft, 20 % sent to BKN, 20 % with BKN's
   pertimbangan, 15 % at KemenPAN-RB, 15 % decided; a reviewed item is approved (70 %),
   changed to about half (20 %) or rejected (10 %); a decided one gets BKN's count.
3. measure-national: GET ``/usulan/nasional/?tahun=YEAR`` with django.test.Client as a
   superuser, ``--repeat`` times after one warm-up; the same by kabupaten/kota, for one
   province, the xlsx export, and as an evaluator assigned to every agency.
4. measure-draft: ``draft_proposal`` of the Pemda (the kabupaten with exactly 10,000
   employees) for YEAR + 1 as the superuser, ``--repeat`` times (the first creates the
   proposal, the others draft it again, replacing its items), after one warm-up in another year.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import needs
from steps import run_step_process

BENCH_DIR = Path(__file__).resolve().parent
GENERATOR_VERSION = 2  # 2: CELLS_PER_UNIT 4–10 (1: needs.py's 2–7, 309,682 items)
N_AGENCIES = 546
#: Positions with a need per unit: enough cells for the issue's ~700,000 items in the round.
CELLS_PER_UNIT = (4, 10)
YEAR = 2027
TARGET_NATIONAL_S = 2.0
TARGET_DRAFT_S = 1.0
EVALUATOR = "bench-proposals-evaluator"
STATES = ["draft"] * 30 + ["submitted_bkn"] * 20 + ["pertimbangan"] * 20
STATES += ["submitted_kemenpanrb"] * 15 + ["decided"] * 15
REVIEWED = {"pertimbangan", "submitted_kemenpanrb", "decided"}
VERDICTS = ["approved"] * 70 + ["changed"] * 20 + ["rejected"] * 10


_needs_database_url = needs.database_url


def database_url() -> str:
    return _needs_database_url().removesuffix("_needs") + "_proposals"


# needs.py's generator, setup and connections read their database through this name.
needs.database_url = database_url
needs.N_AGENCIES = N_AGENCIES
needs.CELLS_PER_UNIT = CELLS_PER_UNIT


def label(args: argparse.Namespace) -> str:
    return f"proposals bench v{GENERATOR_VERSION} scale={args.scale} seed={args.seed}"


def _review(rng: random.Random, count: int) -> tuple[str, int, str]:
    verdict = rng.choice(VERDICTS)
    if verdict == "approved":
        return verdict, count, ""
    if verdict == "changed":
        return verdict, count // 2, "ABK belum lengkap"
    return verdict, 0, "Tidak sesuai peta jabatan"


def _justification(trace: Any, wording: Any, evidence: dict[str, Any], count: int) -> str:
    """The words ``draft_proposal`` gives a drafted line."""
    parsed = trace.evidence_of(evidence)
    return wording.justification(parsed, count) if parsed else ""


def _proposal_rows(
    agency_id: int, lines: list[dict[str, Any]], state: str, ids: dict[str, int], rng: random.Random
) -> tuple[tuple, list[tuple], list[tuple]]:
    """The rows of one agency's proposal: the proposal, a part per OPD, an item per line."""
    from django.conf import settings
    from django.utils import translation

    from formasi.organization.models import OrgUnit, Position
    from formasi.proposals import trace, wording
    from formasi.proposals.services import _status_for

    ids["proposal"] += 1
    proposal_id = ids["proposal"]
    now = "2027-03-01 00:00:00+00"
    proposal = (proposal_id, agency_id, YEAR, None, state, 1, now, now)
    units = OrgUnit.unscoped.in_bulk({ln["unit"] for ln in lines})
    positions = Position.unscoped.in_bulk({ln["position"] for ln in lines})
    part_of: dict[int, int] = {}
    parts, items = [], []
    part_state = "draft" if state == "draft" else "accepted"
    with translation.override(settings.LANGUAGE_CODE):
        for line in lines:
            unit, position = units[line["unit"]], positions[line["position"]]
            opd = unit.opd_id or unit.pk
            if opd not in part_of:
                ids["part"] += 1
                part_of[opd] = ids["part"]
                parts.append((ids["part"], proposal_id, opd, part_state, 1))
            count = line["count"]
            verdict, bkn_count, reason = ("", None, "")
            if state in REVIEWED:
                verdict, bkn_count, reason = _review(rng, count)
            decided = bkn_count if state == "decided" else None
            ids["item"] += 1
            items.append(
                (ids["item"], part_of[opd], unit.pk, position.pk, _status_for(position, None),
                 position.education_requirement, unit.region_id, count, line["priority"],
                 _justification(trace, wording, line["evidence"], count),
                 json.dumps(line["evidence"]), count, verdict, bkn_count, reason, decided, 1)
            )  # fmt: skip
    return proposal, parts, items


PROPOSAL_COLUMNS = ["id", "agency_id", "year", "scenario_id", "state", "version", "created_at",
                    "updated_at"]  # fmt: skip
PART_COLUMNS = ["id", "proposal_id", "org_unit_id", "state", "version"]
ITEM_COLUMNS = ["id", "part_id", "org_unit_id", "position_id", "status", "education",
                "location_id", "count", "priority", "justification", "evidence", "drafted_need",
                "bkn_verdict", "bkn_count", "bkn_reason", "decided_count", "version"]  # fmt: skip


def step_round(args: argparse.Namespace) -> dict[str, Any]:
    """Draft every agency's proposal (the draft service's lines), COPY the rows."""
    needs.setup_django()
    from django.db import connection

    from formasi.accounts.models import User
    from formasi.organization.models import Agency
    from formasi.proposals.services import DEFAULT_HORIZON, _drafted_lines

    rng = random.Random(args.seed)
    started = time.perf_counter()
    ids: dict[str, int] = defaultdict(int)
    proposals, parts, items = [], [], []
    drafting_s = 0.0
    agencies = list(Agency.unscoped.order_by("pk"))
    for agency in agencies:
        mark = time.perf_counter()
        lines = _drafted_lines(agency, YEAR, DEFAULT_HORIZON)
        drafting_s += time.perf_counter() - mark
        state = rng.choice(STATES)
        proposal, agency_parts, agency_items = _proposal_rows(agency.pk, lines, state, ids, rng)
        proposals.append(proposal)
        parts += agency_parts
        items += agency_items
    rows_s = time.perf_counter() - started - drafting_s
    mark = time.perf_counter()
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        needs.copy_rows(cursor, "proposals_proposal", PROPOSAL_COLUMNS, proposals)
        needs.copy_rows(cursor, "proposals_proposalpart", PART_COLUMNS, parts)
        needs.copy_rows(cursor, "proposals_proposalitem", ITEM_COLUMNS, items)
        for table in ("proposals_proposal", "proposals_proposalpart", "proposals_proposalitem"):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            cursor.execute(f"SELECT setval({sequence}, (SELECT MAX(id) FROM {table}))")  # noqa: S608
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    copy_s = time.perf_counter() - mark
    evaluator = User.objects.filter(username=EVALUATOR).first() or User.objects.create_user(
        username=EVALUATOR, password=None, role="evaluator"
    )
    evaluator.assigned_agencies.set(agencies)
    return {
        "agencies": len(agencies),
        "proposals": len(proposals),
        "parts": len(parts),
        "items": len(items),
        "people_requested": sum(i[7] for i in items),
        "drafting_s": round(drafting_s, 1),
        "rows_s": round(rows_s, 1),
        "copy_s": round(copy_s, 1),
        "total_s": round(time.perf_counter() - started, 1),
        "maxrss_mb": needs.maxrss_mb(),
    }


def _timed(call: Any, repeat: int) -> dict[str, Any]:
    call()  # warm-up
    times = []
    for _ in range(repeat):
        mark = time.perf_counter()
        call()
        times.append(time.perf_counter() - mark)
    return {
        "times_s": [round(t, 3) for t in times],
        "min_s": round(min(times), 3),
        "median_s": round(statistics.median(times), 3),
    }


CASES = {
    "province": ("/usulan/nasional/", {}),
    "regency": ("/usulan/nasional/", {"tingkat": "kabkota"}),
    "one_province": ("/usulan/nasional/", {"provinsi": "12"}),
    "export_xlsx": ("/usulan/nasional/ekspor.xlsx", {}),
}


def _page(client: Any, case: str, repeat: int) -> dict[str, Any]:
    path, query = CASES[case]
    query = {"tahun": YEAR, **query}
    response = client.get(path, query)
    if response.status_code != 200:
        raise SystemExit(f"{case}: HTTP {response.status_code}")
    result = _timed(lambda: client.get(path, query), repeat)
    result["bytes"] = len(response.content)
    return result


def step_national(args: argparse.Namespace) -> dict[str, Any]:
    needs.setup_django()
    from django.test import Client

    from formasi.accounts.models import User
    from formasi.proposals import national

    results: dict[str, Any] = {}
    for who, name in ((needs.SUPERUSER, "superuser"), (EVALUATOR, "evaluator")):
        user = User.objects.get(username=who)
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for case in CASES if name == "superuser" else ("province", "regency"):
            results[f"{name}_{case}"] = _page(client, case, args.repeat)
        by = national.totals(user, national.Filters(year=YEAR))
        results[f"{name}_total"] = national.grand_total(by["status"])
        results[f"{name}_provinces"] = len(by["area"])
    results["maxrss_mb"] = needs.maxrss_mb()
    return results


def step_draft(args: argparse.Namespace) -> dict[str, Any]:
    needs.setup_django()
    from formasi.accounts.models import User
    from formasi.organization.models import Agency
    from formasi.proposals.models import ProposalItem
    from formasi.proposals.services import draft_proposal
    from formasi.workforce.models import Employee

    user = User.objects.get(username=needs.SUPERUSER)
    pemda = Agency.unscoped.get(pk=needs.PEMDA_INDEX + 1)
    draft_proposal(actor=user, agency=pemda, year=YEAR + 2)  # warm-up: imports, caches
    times = []
    for _ in range(args.repeat):
        mark = time.perf_counter()
        proposal = draft_proposal(actor=user, agency=pemda, year=YEAR + 1)
        times.append(time.perf_counter() - mark)
    items = ProposalItem.unscoped.filter(part__proposal=proposal)
    return {
        "agency": pemda.name,
        "employees": Employee.unscoped.filter(agency=pemda, active=True).count(),
        "items": items.count(),
        "times_s": [round(t, 3) for t in times],
        "min_s": round(min(times), 3),
        "median_s": round(statistics.median(times), 3),
        "maxrss_mb": needs.maxrss_mb(),
    }


STEPS = {"round": step_round, "measure-national": step_national, "measure-draft": step_draft}


def run_step(step: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--step", step, "--scale", str(args.scale),
               "--seed", str(args.seed), "--repeat", str(args.repeat)]  # fmt: skip
    return run_step_process(command, step)


def _verdict(seconds: float, target: float) -> str:
    return "PASS" if seconds < target else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep a database of this scale")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        run = needs.step_setup if args.step == "setup" else STEPS[args.step]
        print(json.dumps(run(args), default=str))
        return 0
    report: dict[str, Any] = {"scale": args.scale, "seed": args.seed, "database": database_url()}
    if args.reuse and needs.database_comment() == label(args):
        print(f"reusing {database_url()} ({label(args)})", flush=True)
        report["setup"] = report["round"] = "reused"
    else:
        needs.recreate_database()
        report["setup"] = run_step("setup", args)
        print(f"setup: {json.dumps(report['setup'])}", flush=True)
        report["round"] = run_step("round", args)
        print(f"round: {json.dumps(report['round'])}", flush=True)
        from psycopg import sql

        conn, name = needs.admin_connection()
        with conn:
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(label(args))
                )
            )
    for step in ("measure-national", "measure-draft"):
        report[step] = run_step(step, args)
        print(f"{step}: {json.dumps(report[step])}", flush=True)
    national = report["measure-national"]["superuser_province"]["median_s"]
    draft = report["measure-draft"]["median_s"]
    print(f"national view (superuser, by province): median {national} s "
          f"{_verdict(national, TARGET_NATIONAL_S)} (< {TARGET_NATIONAL_S} s)")  # fmt: skip
    print(f"one agency's draft: median {draft} s {_verdict(draft, TARGET_DRAFT_S)} "
          f"(< {TARGET_DRAFT_S} s)")  # fmt: skip
    out = BENCH_DIR / "results" / f"proposals-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
