"""Schemathesis against the live test server, as an admin and as an OPD operator: no answer is
a server error, every status code and response body is the one the OpenAPI document declares.

Bounded and reproducible: a fixed number of examples per operation and generation mode,
derandomized (the same cases on every run). Both positive cases (valid per the schema) and
negative ones (out-of-range numbers, wrong types) are sent; an update carries the ETag of the
row's latest read as If-Match, so the body reaches the service.
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest
import requests
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.personas import build_world

EXAMPLES = 12  # per operation and mode: about 2,000 requests in all, about a minute
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _session(base_url: str, user: Any) -> requests.Session:
    """A requests session logged in as ``user`` (session cookie) with a CSRF token."""
    client = Client()
    client.force_login(user)
    token = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    session.cookies.set("csrftoken", token)
    session.headers.update({"X-CSRFToken": token, "Referer": base_url + "/"})
    return session


def _if_match(session: requests.Session, base_url: str, case: Any) -> dict[str, str]:
    """The ETag of the row an update names (from its GET), when that GET answers one."""
    if case.method.upper() not in ("PATCH", "PUT"):
        return {}
    path = case.formatted_path if hasattr(case, "formatted_path") else None
    if not path:
        return {}
    read = session.get(base_url + path, timeout=30)
    etag = read.headers.get("ETag")
    return {"If-Match": etag} if etag else {}


def _runner(
    operation: Any,
    mode: GenerationMode,
    session: requests.Session,
    base_url: str,
    seen: dict[str, set[int]],
) -> Any:
    """A bounded, derandomized hypothesis test of one operation in one generation mode."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        headers = _if_match(session, base_url, case)
        response = case.call_and_validate(
            base_url=base_url, session=session, headers=headers, checks=CHECKS
        )
        seen.setdefault(operation.label, set()).add(response.status_code)

    return run


def _fuzz(
    schema: Any, session: requests.Session, base_url: str, seen: dict[str, set[int]]
) -> list[str]:
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _runner(operation, mode, session, base_url, seen)()
            except (Exception, BaseExceptionGroup) as exc:  # schemathesis groups its failures
                failures.append(f"{operation.label} ({mode.value}): {exc}"[:3000])
    return failures


@pytest.mark.parametrize("persona", ["admin_a", "operator_dinkes_a"])
def test_api_conforms_to_its_openapi_document(
    live_server: Any, transactional_db: Any, settings: Any, persona: str
) -> None:
    from formasi.api import api

    settings.FORMASI_API_RATE = (1_000_000, 60)  # about 2,000 requests a minute: no 429 here

    world = build_world()
    base_url = live_server.url
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    session = _session(base_url, world.users[persona])
    seen: dict[str, set[int]] = {}
    failures = _fuzz(schema, session, base_url, seen)
    assert not failures, "\n\n".join(failures)
    # The session worked: every operation answered something other than "log in first", and
    # the lists answered (the cases reached the code behind the schema).
    assert all(codes - {401} for codes in seen.values()), seen
    for listing in ("GET /api/v1/units", "GET /api/v1/employees", "GET /api/v1/needs"):
        assert 200 in seen[listing], seen
