"""The deadlines of the yearly usulan kebutuhan ASN, with the dates yearly letters move.

The dates themselves come from :func:`formasi.domain.proposal_rules.deadlines` (DOMAIN §7.2):
end of March N, the usulan for penetapan in N+1 (Perban BKN 9/2022); end of April N, the revised
usulan when next year's budget changes (Perban BKN 9/2022) and MenPAN-RB's national plan to the
Minister of Finance (PP 11/2017); end of May N, the Minister of Finance's opinion (PP 11/2017);
end of July N, BKN's national pertimbangan teknis (Perban BKN 9/2022).

KemenPAN-RB and BKN letters move these dates each year, so the setting
``FORMASI_PROPOSAL_DEADLINES`` (environment variable of the same name, JSON) maps a year to
the deadline codes it moves and their ISO dates::

    FORMASI_PROPOSAL_DEADLINES='{"2027": {"usulan": "2027-04-15"}}'

:func:`parse_overrides` checks it when the settings load and again on every read (a test or
a settings module may hold a dict), and names the bad key in its error. Docs: docs/deadlines.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings

from formasi.core.env import BadSetting
from formasi.domain.proposal_rules import DEADLINE_CODES, Deadline, days_left
from formasi.domain.proposal_rules import deadlines as domain_deadlines

__all__ = [
    "SETTING",
    "Round",
    "RoundDeadline",
    "current_round",
    "deadlines_for",
    "parse_overrides",
    "parse_overrides_json",
]

SETTING = "FORMASI_PROPOSAL_DEADLINES"

Overrides = dict[int, dict[str, date]]


def _year_key(key: object) -> int:
    if isinstance(key, bool):
        raise BadSetting(f"{SETTING}: {key!r} is not a year")
    if isinstance(key, int):
        year = key
    elif isinstance(key, str) and key.strip().isdigit():
        year = int(key.strip())
    else:
        raise BadSetting(f'{SETTING}: {key!r} is not a year (use e.g. "2027")')
    if not 1900 <= year <= 9998:
        raise BadSetting(f"{SETTING}: year {key!r} is out of range")
    return year


def _date_value(where: str, value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise BadSetting(f"{SETTING}[{where}]: {value!r} is not an ISO date (YYYY-MM-DD)")


def parse_overrides(raw: object) -> Overrides:
    """``{year: {code: date}}`` from a mapping of years to mappings of codes to ISO dates.

    Years may be numbers or digit strings, dates :class:`datetime.date` or ``YYYY-MM-DD``
    strings; codes are those of :data:`DEADLINE_CODES`. Anything else raises
    :class:`~formasi.core.env.BadSetting` (a ``ValueError``) naming the bad key. A moved date
    may fall in another year (a letter may push a step into the next January).
    """
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise BadSetting(f"{SETTING} must map years to deadlines, got {type(raw).__name__}")
    parsed: Overrides = {}
    for key, moved in raw.items():
        year = _year_key(key)
        if not isinstance(moved, Mapping):
            raise BadSetting(f"{SETTING}[{key!r}] must map deadline codes to ISO dates")
        codes: dict[str, date] = {}
        for code, value in moved.items():
            if code not in DEADLINE_CODES:
                raise BadSetting(
                    f"{SETTING}[{key!r}]: unknown deadline code {code!r}; "
                    f"use one of {', '.join(DEADLINE_CODES)}"
                )
            codes[code] = _date_value(f"{key!r}][{code!r}", value)
        if year in parsed:
            raise BadSetting(f"{SETTING}: year {year} is given twice")
        parsed[year] = codes
    return parsed


def parse_overrides_json(text: str) -> Overrides:
    """:func:`parse_overrides` of the environment variable's JSON text (empty: no overrides)."""
    if not text.strip():
        return {}
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadSetting(
            f'{SETTING} must be JSON, e.g. {{"2027": {{"usulan": "2027-04-15"}}}}: {exc}'
        ) from exc
    return parse_overrides(raw)


def _overrides() -> Overrides:
    return parse_overrides(getattr(settings, SETTING, None))


def deadlines_for(year: int) -> tuple[Deadline, ...]:
    """The deadlines of the usulan of ``year`` (penetapan in ``year + 1``), earliest first,
    with that year's overrides from the setting applied."""
    return domain_deadlines(year, _overrides().get(year))


@dataclass(frozen=True)
class RoundDeadline:
    """A deadline of the round and whole days left from today (0: today, < 0: past)."""

    deadline: Deadline
    days_left: int
    is_next: bool = False

    @property
    def code(self) -> str:
        return self.deadline.code


@dataclass(frozen=True)
class Round:
    """The usulan round of ``year`` (for penetapan in ``year + 1``) seen on ``today``."""

    year: int
    today: date
    deadlines: tuple[RoundDeadline, ...]

    @property
    def penetapan_year(self) -> int:
        return self.year + 1


def current_round(today: date) -> Round:
    """The round whose last deadline (BKN's pertimbangan teknis, end of July unless a letter
    moves it) has not passed on ``today``: this year's until that day, next year's after it.

    The next deadline (the first not yet passed) is marked ``is_next``.
    """
    year = today.year
    rows = deadlines_for(year)
    if max(d.date for d in rows) < today:
        year += 1
        rows = deadlines_for(year)
    left = [days_left(d, today) for d in rows]
    upcoming = [k for k, n in enumerate(left) if n >= 0]
    first = upcoming[0] if upcoming else None
    return Round(
        year,
        today,
        tuple(
            RoundDeadline(d, n, k == first) for k, (d, n) in enumerate(zip(rows, left, strict=True))
        ),
    )
