"""Production settings (issue 13, finding 8): `check --deploy` is clean with the documented
variables, and the defaults serve only the demo's own host names."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_DOC = ROOT / "docs" / "production.md"

# Variables a shell (or tests/conftest.py: DJANGO_ALLOW_ASYNC_UNSAFE) might carry that would
# change what the settings or the checks see.
_SETTINGS_VARS = re.compile(
    r"^(SECURE_|SECRET_KEY|ALLOWED_HOSTS|CSRF_|DEBUG$|DATABASE_URL$|DJANGO_ALLOW_ASYNC_UNSAFE$)"
)


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not _SETTINGS_VARS.match(k)}
    env.update(
        DJANGO_SETTINGS_MODULE="formasi.settings",
        FORMASI_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=str(ROOT / "src"),
    )
    env.update(extra)
    return env


def _documented_production_variables() -> dict[str, str]:
    """The `export NAME=value` lines of the first sh block in docs/production.md."""
    block = re.search(r"```sh\n(.*?)```", PRODUCTION_DOC.read_text(encoding="utf-8"), re.S)
    assert block, "docs/production.md has no ```sh block of production variables"
    found = {}
    for line in block.group(1).splitlines():
        match = re.match(r"\s*export\s+([A-Z_]+)=(\S+)", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_check_deploy_prints_nothing_with_the_documented_production_variables(tmp_path) -> None:  # type: ignore[no-untyped-def]
    production = _documented_production_variables()
    assert {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_COOKIES"} <= production.keys()
    # The documented secret is a file path on the server; here a strong key in a temporary file.
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    production["SECRET_KEY_FILE"] = str(key_file)

    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "DEBUG"],
        env=_clean_env(tmp_path, **production),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "?: (" not in output, output


def test_default_allowed_hosts_serve_the_demo_but_not_the_test_client(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = "import django; django.setup(); from django.conf import settings; " + (
        "print(json.dumps(settings.ALLOWED_HOSTS))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", "import json; " + script],
        env=_clean_env(tmp_path, SECRET_KEY="formasi-test-only"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    hosts = json.loads(result.stdout.strip().splitlines()[-1])
    assert "testserver" not in hosts
    assert {"127.0.0.1", "localhost"} <= set(hosts)


def test_the_proxy_header_setting_names_a_header_that_must_say_https() -> None:
    from formasi.core.env import BadSetting
    from formasi.settings import _proxy_ssl_header

    assert _proxy_ssl_header("") is None
    assert _proxy_ssl_header("X-Forwarded-Proto") == ("HTTP_X_FORWARDED_PROTO", "https")
    with pytest.raises(BadSetting):
        _proxy_ssl_header("X-Forwarded-Proto: https")
