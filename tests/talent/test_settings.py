"""The talent settings (DOMAIN §10 [U]) fail loudly when they cannot be right: weights that do
not sum to 100, cut-offs out of order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMASI_POTENTIAL_")}
    env.update(
        DJANGO_SETTINGS_MODULE="formasi.settings",
        FORMASI_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT / "src"),
        SECRET_KEY="formasi-test-only",
        **extra,
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "extra",
    [
        {"FORMASI_POTENTIAL_WEIGHT_COMPETENCY": "60"},  # 60 + 25 + 25 = 110
        {"FORMASI_POTENTIAL_MEDIUM_FROM": "90"},  # above high (80)
        {"FORMASI_POTENTIAL_FULL_TRAINING_HOURS": "0"},
    ],
)
def test_impossible_potential_settings_stop_the_start(
    tmp_path: Path, extra: dict[str, str]
) -> None:
    result = _load(tmp_path, **extra)
    assert result.returncode != 0 and "BadSetting" in result.stderr


def test_weights_that_sum_to_100_start(tmp_path: Path) -> None:
    result = _load(
        tmp_path,
        FORMASI_POTENTIAL_WEIGHT_COMPETENCY="50",
        FORMASI_POTENTIAL_WEIGHT_EDUCATION="50",
        FORMASI_POTENTIAL_WEIGHT_TRAINING="0",
    )
    assert result.returncode == 0, result.stderr
