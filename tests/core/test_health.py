"""`formasi check`'s health findings (formasi.core.health): each check passes on a working
installation and fails, in Indonesian, on a real fault (a database that cannot be opened, a
migration not applied, no worker heartbeat, an unreachable Redis, too little disk)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import ConnectionHandler
from django.utils import timezone, translation

from formasi.core import health, jobs

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _indonesian() -> Any:
    with translation.override("id"):
        yield


@pytest.mark.django_db
def test_database_is_healthy_when_it_answers_and_every_migration_is_applied() -> None:
    finding = health.database()
    assert finding.status == health.OK, finding
    assert "semua migrasi sudah diterapkan" in finding.detail


@pytest.mark.django_db
def test_a_migration_not_applied_fails_the_database_check() -> None:
    ((app, name),) = MigrationLoader(connection).graph.leaf_nodes("core")  # the newest of core
    MigrationRecorder(connection).migration_qs.filter(app=app, name=name).delete()
    finding = health.database()
    assert finding.status == health.FAIL
    assert "1 migrasi belum diterapkan" in finding.detail and "formasi migrate" in finding.detail


@pytest.mark.django_db
def test_a_database_that_cannot_be_opened_fails_the_check(tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada" / "formasi.sqlite3"
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(missing)}}
    )
    finding = health.database(handler["default"])
    assert finding.status == health.FAIL and "tidak dapat terhubung" in finding.detail


@pytest.mark.django_db
def test_workers_fail_without_a_recent_heartbeat_and_pass_with_one(settings: Any) -> None:
    settings.TASKS = DB_TASKS
    settings.FORMASI_WORKER_STALE_SECONDS = 120
    never = health.workers()
    assert never.status == health.FAIL
    assert "belum pernah ada" in never.detail and "formasi db_worker" in never.detail

    now = timezone.now()
    jobs.worker_alive("server-1:42", now=now - timedelta(seconds=300))
    stale = health.workers(now=now)
    assert stale.status == health.FAIL and "yang terakhir 300 detik lalu" in stale.detail

    jobs.worker_alive("server-2:7", now=now - timedelta(seconds=30))
    alive = health.workers(now=now)
    assert alive.status == health.OK
    assert "1 pekerja hidup (server-2:7)" in alive.detail and "30 detik lalu" in alive.detail


def test_workers_of_another_task_backend_are_not_checked() -> None:
    finding = health.workers()  # the tests run tasks with the immediate backend
    assert finding.status == health.OK and "tidak diperiksa" in finding.detail


def test_the_cache_check_reads_back_what_it_set() -> None:
    finding = health.cache()
    assert finding.status == health.OK and "terbaca kembali" in finding.detail


def test_the_shared_redis_cache_passes_and_an_unreachable_one_fails(settings: Any) -> None:
    redis = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {"default": {"BACKEND": redis, "LOCATION": "redis://127.0.0.1:6379/9"}}
    finding = health.cache()
    assert finding.status == health.OK and finding.detail.startswith("Redis")
    settings.CACHES = {"default": {"BACKEND": redis, "LOCATION": "redis://127.0.0.1:1/0"}}
    finding = health.cache()
    assert finding.status == health.FAIL and finding.detail.startswith("Redis")


def test_disk_fails_below_the_threshold(settings: Any, tmp_path: Path) -> None:
    settings.FORMASI_CHECK_MIN_FREE_MB = 1024
    mib = 1024 * 1024
    low = health.disk(tmp_path, usage=lambda _p: (100 * mib, 99 * mib, 1023 * mib))
    assert low.status == health.FAIL
    assert "1.023 MiB kosong" in low.detail and "minimal 1024 MiB" in low.detail
    enough = health.disk(tmp_path, usage=lambda _p: (2048 * mib, 0, 1024 * mib))
    assert enough.status == health.OK
    settings.FORMASI_CHECK_MIN_FREE_MB = 0
    assert health.disk(tmp_path).status == health.OK  # the real free space of this folder
    assert health.disk(tmp_path / "tidak-ada").status == health.FAIL


@pytest.mark.django_db
def test_the_database_checks_warn_of_nothing_on_this_database() -> None:
    """The covering indexes' W040 ("SQLite does not support indexes with non-key columns") is
    expected on SQLite and means nothing there; ``formasi check`` and ``migrate`` print no
    warning on either database (issue 21)."""
    from django.core import checks

    found = checks.run_checks(databases=["default"], include_deployment_checks=False)
    assert not [m for m in found if m.level >= checks.WARNING and not m.is_silenced()], [
        str(m) for m in found
    ]
