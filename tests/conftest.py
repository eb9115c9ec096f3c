from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
from django.test import Client

from tests.personas import World, build_world

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in e2e tests

# How fast an example runs depends on the machine's load (CI shares two cores), not on the code:
# no deadline and no "too slow" health check, so a busy machine never fails a property.
hypothesis.settings.register_profile(
    "formasi", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("formasi")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher() -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rolled-back tests can reuse ids and data versions: never share cached figures."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_axes_lockout(settings: Any) -> None:
    settings.AXES_ENABLED = False


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """One world for a whole module, for tests that only read it or write inside their own
    transaction: built once in an outer transaction, each test runs in a savepoint (the `db`
    fixture) that is rolled back, and the outer transaction is rolled back at the end.
    A module opts in with ``def world(module_world, db): return module_world``."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def client_for(world: World):  # type: ignore[no-untyped-def]
    """client_for("admin_a") -> a Client logged in as that persona (anonymous: not logged in)."""

    def make(persona: str) -> Client:
        client = Client()
        user = world.users[persona]
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings: Any) -> None:
    """Background tasks run inside the request (tests capture on_commit to trigger them)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
