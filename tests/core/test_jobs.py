"""The lease sweep of background jobs (formasi.core.jobs; issue 13, finding 3): a job whose
worker stopped stamping its heartbeat is retried where that is safe, handed back or failed
with a message, never left "running" for ever; its upload is forgotten on schedule."""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import get_commands
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from formasi.cli import Supervisor
from formasi.core import jobs
from formasi.core.xlsx import write_table
from formasi.placement.models import PlacementRun
from formasi.planning.models import Scenario
from formasi.transfer.kinds import KINDS, Context
from formasi.transfer.models import ImportJob
from formasi.transfer.services import purge_old_files
from tests.personas import World

LEASE = 120


@pytest.fixture(autouse=True)
def _lease(settings: Any) -> None:
    settings.FORMASI_JOB_LEASE_SECONDS = LEASE


def _ago(seconds: float) -> Any:
    return timezone.now() - timedelta(seconds=seconds)


def _scenario(world: World, **fields: Any) -> Scenario:
    return Scenario.unscoped.create(agency=world.agency_a, name="S", base_year=2025, **fields)  # type: ignore[no-any-return]


def _checked_job(world: World, client: Any, capture: Any) -> ImportJob:
    """An employees file changing one golongan, checked through the upload page."""
    kind = KINDS["employees"]
    ctx = Context(user=world.users["admin_a"], agency=world.agency_a, filename="",
                  today=timezone.localdate())  # fmt: skip
    rows = [r for r in kind.export_rows(ctx) if r["nip"] == world.employee_dinkes.nip]  # type: ignore[attr-defined]
    rows[0]["golongan"] = "III/d"
    with capture(execute=True):
        response = client.post(reverse("transfer:upload"), {
            "kind": "employees",
            "file": SimpleUploadedFile("p.xlsx", write_table(kind.columns, rows, "xlsx")),
        })  # fmt: skip
    job = ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert job.can_commit
    return job


# --------------------------------------------------------------------------- the sweep


def test_a_scenario_whose_worker_died_is_queued_again(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    dead = _scenario(world, state="running", progress=30, heartbeat_at=_ago(LEASE + 1), attempts=1)
    with django_capture_on_commit_callbacks() as queued:
        assert jobs.sweep() == 1
    dead.refresh_from_db()
    assert (dead.state, dead.progress, dead.error) == ("queued", 0, "")
    assert len(queued) == 1  # the computation is sent to the task queue again


def test_a_scenario_started_max_attempts_times_fails_with_a_message(world: World) -> None:
    dead = _scenario(world, state="running", heartbeat_at=_ago(LEASE + 1), attempts=3)
    jobs.sweep()
    dead.refresh_from_db()
    assert dead.state == "failed"
    assert "pekerja latar belakang mati" in dead.error and "jalankan ulang" in dead.error


def test_a_job_with_a_fresh_heartbeat_or_waiting_for_a_worker_is_left_alone(
    world: World,
) -> None:
    alive = _scenario(world, state="running", progress=30, heartbeat_at=_ago(LEASE - 5))
    waiting = _scenario(world, state="queued")  # no worker yet: it waits, it is not dead
    assert jobs.sweep() == 0
    assert Scenario.unscoped.get(pk=alive.pk).state == "running"
    assert Scenario.unscoped.get(pk=waiting.pk).state == "queued"


def test_a_job_left_running_without_a_heartbeat_is_dead(world: World) -> None:
    """Rows stuck before leases existed (no stamp at all) are swept too."""
    stuck = _scenario(world, state="running", progress=1, attempts=3)
    jobs.sweep()
    stuck.refresh_from_db()
    assert stuck.state == "failed"


def test_a_placement_run_whose_worker_died_is_queued_again(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    run = PlacementRun.unscoped.create(
        agency=world.agency_a, name="P", kind="new", year=2026, state="running",
        heartbeat_at=_ago(LEASE + 1), attempts=1,
    )  # fmt: skip
    with django_capture_on_commit_callbacks() as queued:
        jobs.sweep()
    run.refresh_from_db()
    assert run.state == "queued" and len(queued) == 1


def test_an_import_check_is_run_again_and_a_commit_is_handed_back(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    user = world.users["admin_a"]
    common = {"kind": "employees", "created_by": user, "filename": "p.csv", "content": b"x"}
    checking = ImportJob.objects.create(
        **common, state="checking", heartbeat_at=_ago(LEASE + 1), attempts=1
    )
    committing = ImportJob.objects.create(
        **common, state="committing", heartbeat_at=_ago(LEASE + 1), attempts=1, summary={"new": 1}
    )
    with django_capture_on_commit_callbacks() as queued:
        assert jobs.sweep() == 2
    checking.refresh_from_db()
    committing.refresh_from_db()
    assert checking.state == "queued" and len(queued) == 1  # only the check runs by itself
    assert committing.state == "checked" and committing.can_commit
    assert "Simpan perubahan ini" in committing.error


def test_the_task_row_of_a_dead_worker_is_failed_and_a_claimed_job_retried(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """django-tasks-db leaves a killed worker's task RUNNING for ever; a job whose task was
    claimed but that died before its first stamp is still queued: both are found."""
    scenario = _scenario(world, state="queued")
    result = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, started_at=_ago(LEASE + 1), backend_name="default",
        task_path="formasi.planning.tasks.compute_scenario", run_after=timezone.now(),
        args_kwargs={"args": [scenario.pk], "kwargs": {}},
    )  # fmt: skip
    with django_capture_on_commit_callbacks() as queued:
        assert jobs.sweep() == 1
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert len(queued) == 1  # sent again


def test_a_dead_job_and_its_task_row_are_sent_again_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    scenario = _scenario(world, state="running", heartbeat_at=_ago(LEASE + 1), attempts=1)
    result = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, started_at=_ago(LEASE + 1), backend_name="default",
        task_path="formasi.planning.tasks.compute_scenario", run_after=timezone.now(),
        args_kwargs={"args": [scenario.pk], "kwargs": {}},
    )  # fmt: skip
    with django_capture_on_commit_callbacks() as queued:
        assert jobs.sweep() == 1
    assert len(queued) == 1
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED


def test_the_task_row_of_a_live_job_is_left_alone(world: World) -> None:
    scenario = _scenario(world, state="running", heartbeat_at=_ago(1))
    result = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, started_at=_ago(LEASE + 1), backend_name="default",
        task_path="formasi.planning.tasks.compute_scenario", run_after=timezone.now(),
        args_kwargs={"args": [scenario.pk], "kwargs": {}},
    )  # fmt: skip
    jobs.sweep()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING


# --------------------------------------------------------------------------- the pages


def test_the_page_of_a_dead_commit_offers_the_commit_and_posting_it_writes(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Before: "menyimpan 0 %" for ever, and posting the commit again led back to it."""
    client = client_for("admin_a")
    job = _checked_job(world, client, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(state="committing", heartbeat_at=_ago(LEASE + 1))

    page = client.get(reverse("transfer:job", args=[job.pk]))
    assert b'data-testid="job-interrupted"' in page.content
    assert b'data-testid="commit"' in page.content

    ImportJob.objects.filter(pk=job.pk).update(state="committing", heartbeat_at=_ago(LEASE + 1))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transfer:commit", args=[job.pk]))
    job.refresh_from_db()
    assert (job.state, job.error) == ("done", "")
    world.employee_dinkes.refresh_from_db()
    assert world.employee_dinkes.golongan == "III/d"  # type: ignore[attr-defined]


def test_the_plan_page_shows_a_dead_scenario_as_failed(world: World, client_for: Any) -> None:
    dead = _scenario(world, state="running", progress=1, heartbeat_at=_ago(LEASE + 1), attempts=3)
    page = client_for("admin_a").get(reverse("planning:plan") + f"?skenario={dead.pk}")
    assert b'data-testid="scenario-error"' in page.content
    assert "pekerja latar belakang mati" in page.content.decode()


def test_the_api_reports_a_dead_placement_run_as_failed(world: World, client_for: Any) -> None:
    run = PlacementRun.unscoped.create(
        agency=world.agency_a, name="P", kind="new", year=2026, state="running",
        heartbeat_at=_ago(LEASE + 1), attempts=3,
    )  # fmt: skip
    body = client_for("admin_a").get(f"/api/v1/placement/runs/{run.pk}").json()
    assert body["state"] == "failed"


# --------------------------------------------------------------------------- uploads


def test_the_upload_of_a_dead_job_is_forgotten_on_schedule(world: World, settings: Any) -> None:
    settings.FORMASI_IMPORT_KEEP_DAYS = 7
    user = world.users["admin_a"]
    common = {"kind": "employees", "created_by": user, "filename": "p.csv", "content": b"NIK"}
    dead = ImportJob.objects.create(**common, state="committing", heartbeat_at=_ago(LEASE + 1))
    alive = ImportJob.objects.create(**common, state="committing", heartbeat_at=_ago(1))
    ImportJob.objects.update(created_at=_ago(8 * 86400))
    assert purge_old_files() == 1
    assert bytes(ImportJob.objects.get(pk=dead.pk).content) == b""
    assert bytes(ImportJob.objects.get(pk=alive.pk).content) == b"NIK"  # its worker reads it


# --------------------------------------------------------------------------- the worker


def test_the_worker_holds_the_lease_and_counts_attempts(world: World) -> None:
    scenario = _scenario(world)
    with jobs.heartbeat(Scenario.unscoped.all(), scenario.pk):
        scenario.refresh_from_db()
        assert scenario.attempts == 1
        assert scenario.heartbeat_at is not None and scenario.heartbeat_at > _ago(5)


def test_db_worker_is_the_one_with_the_sweep() -> None:
    assert get_commands()["db_worker"] == "formasi.core"


def test_the_demo_starts_a_dead_worker_again() -> None:
    supervisor = Supervisor([sys.executable, "-c", "import time; time.sleep(60)"])
    supervisor.start()
    try:
        first = supervisor.process
        assert first is not None
        first.kill()
        deadline = time.monotonic() + 15
        while supervisor.restarts < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert supervisor.restarts == 1
        assert supervisor.process is not first and supervisor.process.poll() is None  # type: ignore[union-attr]
    finally:
        supervisor.stop()
    assert supervisor.process.poll() is not None  # type: ignore[union-attr]


def test_a_restartable_job_is_queued_from_the_start_after_the_commit(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from formasi.planning import tasks

    scenario = _scenario(world, state="queued", attempts=2)
    with django_capture_on_commit_callbacks() as queued:
        jobs.start(scenario)
    scenario.refresh_from_db()
    assert scenario.attempts == 0 and len(queued) == 1
    kind = tasks.SCENARIOS.kind
    assert kind.task_path == "formasi.planning.tasks.compute_scenario"
    assert (kind.working, kind.queued) == (("running",), ("queued",))


def test_a_job_body_logs_a_failure_and_skips_a_deleted_row(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    scenario = _scenario(world, state="running")
    seen: list[int] = []

    def fail(job: Scenario) -> None:
        seen.append(job.pk)
        raise ValueError("boom")

    jobs.run(Scenario.unscoped.all(), scenario.pk, fail)  # logged, not raised
    assert seen == [scenario.pk]
    assert "Scenario" in caplog.text and "failed" in caplog.text
    jobs.run(Scenario.unscoped.all(), scenario.pk + 1000, fail)
    assert seen == [scenario.pk]


def test_starting_a_job_of_a_kind_without_a_start_function_says_so() -> None:
    from formasi.accounts.models import User

    with pytest.raises(LookupError):
        jobs.start(User())


# --------------------------------------------------------------------------- worker heartbeat


@pytest.mark.django_db
def test_a_worker_signs_its_own_row_and_workers_silent_for_a_week_are_forgotten() -> None:
    from formasi.core.models import WorkerHeartbeat

    start = timezone.now()
    jobs.worker_alive("host-a:1", now=start)
    jobs.worker_alive("host-a:1", now=start + timedelta(seconds=60))
    row = WorkerHeartbeat.objects.get(name="host-a:1")
    assert (row.started_at, row.seen_at) == (start, start + timedelta(seconds=60))

    jobs.worker_alive("host-b:2", now=start + timedelta(days=8))
    assert list(WorkerHeartbeat.objects.values_list("name", flat=True)) == ["host-b:2"]
    assert jobs.worker_name().endswith(f":{__import__('os').getpid()}")
