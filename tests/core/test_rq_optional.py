"""RQ is an optional extra (issue 21): ``rq`` and ``django-rq`` are installed only where an
operator chooses tasks on Redis; without them the app starts and checks clean, and choosing RQ
says how to install it instead of failing on an import."""

from __future__ import annotations

import importlib
import os
import re
import runpy
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError

import formasi
from formasi.core.env import BadSetting

ROOT = Path(__file__).resolve().parents[2]
RQ_PACKAGES = ("django-tasks-rq", "django-rq", "rq")

# A Python without the extra: every import of these modules fails, as on a plain install.
WITHOUT_RQ = """
import importlib.abc, sys
class _NoRq(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("rq", "django_rq", "django_tasks_rq", "rq_scheduler"):
            raise ModuleNotFoundError(name=name)
        return None
sys.meta_path.insert(0, _NoRq())
"""


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_rq_comes_only_with_the_rq_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [r for r in project["dependencies"] if _name(r) in RQ_PACKAGES]
    assert [_name(r) for r in project["optional-dependencies"]["rq"]] == ["django-tasks-rq"]


def _blocked_find_spec(real: Any) -> Any:
    def find_spec(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in ("django_rq", "django_tasks_rq"):
            return None
        return real(name, *args, **kwargs)

    return find_spec


def test_choosing_rq_without_the_extra_says_how_to_install_it(monkeypatch: Any) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", _blocked_find_spec(importlib.util.find_spec))
    monkeypatch.setenv("FORMASI_TASKS", "rq")
    monkeypatch.setenv("FORMASI_RQ_URL", "redis://127.0.0.1:6379/2")
    with pytest.raises(BadSetting, match="extra rq"):
        runpy.run_path(str(Path(formasi.__file__).parent / "settings.py"))


def test_rq_worker_without_the_extra_says_how_to_install_it(monkeypatch: Any) -> None:
    from formasi.core.management.commands import rq_worker

    monkeypatch.setattr(importlib.util, "find_spec", _blocked_find_spec(importlib.util.find_spec))
    try:
        command = importlib.reload(rq_worker).Command()
        with pytest.raises(CommandError, match="extra rq"):
            command.handle()
    finally:
        monkeypatch.undo()
        importlib.reload(rq_worker)


def test_the_app_checks_clean_without_rq_installed(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORMASI_TASKS", "TASKS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="formasi.settings",
        FORMASI_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT / "src"),
        SECRET_KEY="formasi-test-only",
    )
    env.pop("DATABASE_URL", None)
    script = WITHOUT_RQ + (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check', fail_level='WARNING')\n"
        "import formasi.urls, formasi.core.jobs\n"
        "assert not {'rq', 'django_rq'} & set(sys.modules)\n"
        "print('clean')\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("clean")
