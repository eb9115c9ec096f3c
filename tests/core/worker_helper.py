"""Run in a subprocess by the tests of real worker and web processes (tests/core/
test_worker_killed.py, test_fanout_workers.py, test_fault_*.py) against their own database:
sets up an import commit or a scenario queued for the real worker, a world with an API token,
or runs the upload cleanup as of some days later. Prints one JSON object."""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from formasi.core.xlsx import write_table  # noqa: E402
from formasi.transfer.kinds import KINDS, Context  # noqa: E402
from formasi.transfer.models import ImportJob  # noqa: E402
from formasi.transfer.services import purge_old_files  # noqa: E402
from tests.personas import build_world  # noqa: E402


def queue_import_commit() -> dict[str, object]:
    """A checked employees file changing one golongan, its commit queued for the worker."""
    from formasi.transfer import tasks

    world = build_world()
    employee = world.employee_dinkes
    admin = world.users["admin_a"]
    kind = KINDS["employees"]
    ctx = Context(user=admin, agency=world.agency_a, filename="", today=timezone.localdate())
    rows = [r for r in kind.export_rows(ctx) if r["nip"] == employee.nip]  # type: ignore[attr-defined]
    rows[0]["golongan"] = "III/d"
    data = write_table(kind.columns, rows, "xlsx")
    job = ImportJob.objects.create(
        kind="employees", agency=world.agency_a, created_by=admin, filename="p.xlsx",
        content=data, sha256="0" * 64, language="id",
    )  # fmt: skip
    tasks.run_job(job.pk, tasks.CHECK)  # the preview, here and now
    job.refresh_from_db()
    assert job.can_commit, (job.state, job.summary, job.errors)
    with transaction.atomic():
        job.state = ImportJob.State.COMMIT_QUEUED
        job.save(update_fields=["state"])
        tasks.enqueue(job, tasks.COMMIT)
    return {"job": job.pk, "employee": employee.pk, "golongan": employee.golongan}  # type: ignore[attr-defined]


def queue_scenario() -> dict[str, object]:
    from formasi.planning import tasks
    from formasi.planning.models import Scenario
    from tests.planning.builders import BASE_YEAR, add_plan_data

    world = build_world()
    add_plan_data(world)
    with transaction.atomic():
        scenario = Scenario.unscoped.create(
            agency=world.agency_a, name="Baseline", is_baseline=True, base_year=BASE_YEAR
        )
        tasks.enqueue(scenario)
    return {"scenario": scenario.pk}


def queue_national_summary() -> dict[str, object]:
    """A national needs summary over a dozen agencies, its parts queued for the workers, and
    what the synchronous gap_summary (one process, one query) says."""
    from formasi.core.fanout_services import start_fanout
    from formasi.workload.fanout import KIND
    from formasi.workload.services import gap_summary
    from tests import builders as build

    ids = [a.pk for a in build.national_world(seed=11, agencies=12)]
    with transaction.atomic():
        run = start_fanout(kind=KIND, agency_ids=ids, actor=None)
    expected = {
        str(a): [g.need, g.bezetting, g.shortage, g.excess] for a, g in gap_summary(ids).items()
    }
    return {"run": run.pk, "expected": expected}


def api_world() -> dict[str, object]:
    """The role world with plan data for agency A and an API token of its admin."""
    from formasi.accounts.token_services import create_token
    from tests.planning.builders import BASE_YEAR, add_plan_data

    world = build_world()
    add_plan_data(world)
    _token, secret = create_token(actor=world.users["admin_a"], name="fault test")
    ids = {name: getattr(world, name).pk for name in ("agency_a", "dinkes", "nurse_position")}
    return {"token": secret, "base_year": BASE_YEAR, **ids}


def national_run(run_id: int) -> dict[str, object]:
    """A national run's state and result, and the workers that ran its parts."""
    from django_tasks_db.models import DBTaskResult

    from formasi.core.models import FanOutRun

    run = FanOutRun.objects.get(pk=run_id)
    workers = DBTaskResult.objects.filter(
        task_path="formasi.core.fanout.run_part", status="SUCCESSFUL"
    ).values_list("worker_ids", flat=True)
    return {
        "state": run.state, "done": run.done, "total": run.total, "result": run.result,
        "part_workers": sorted({w for ids in workers for w in ids}),
        "parts_done": len(workers),
    }  # fmt: skip


def main(step: str, *args: str) -> None:
    if step == "import":
        out = queue_import_commit()
    elif step == "scenario":
        out = queue_scenario()
    elif step == "national":
        out = queue_national_summary()
    elif step == "api-world":
        out = api_world()
    elif step == "national-run":
        out = national_run(int(args[0]))
    elif step == "purge":
        later = timezone.now() + timedelta(days=int(args[0]))
        out = {"purged": purge_old_files(now=later)}
    else:
        raise SystemExit(f"unknown step {step!r}")
    print(json.dumps(out))


if __name__ == "__main__":
    main(*sys.argv[1:])
