"""Typed readers for environment variables that fail loudly on unexpected values."""

from __future__ import annotations

import os
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class BadSetting(ValueError):
    """An environment variable holds a value we refuse to guess about."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadSetting(f"{name} must be one of {sorted(_TRUE | _FALSE)}, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise BadSetting(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (for container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


_RATE_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(name: str, raw: str) -> tuple[int, int]:
    """``"600/minute"`` → (600 requests, 60 seconds); the period is second, minute, hour or day."""
    count, _sep, period = raw.strip().partition("/")
    seconds = _RATE_PERIODS.get(period.strip().lower())
    if not count.strip().isdigit() or seconds is None or int(count) < 1:
        raise BadSetting(
            f"{name} must look like 600/minute (second, minute, hour, day), got {raw!r}"
        )
    return int(count), seconds


def env_rate(name: str, default: str) -> tuple[int, int]:
    """A rate limit from NAME (``"600/minute"``), as (requests, window in seconds)."""
    return parse_rate(name, os.environ.get(name) or default)
