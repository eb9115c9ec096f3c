"""Survey rows for tests: a form token opened a minute ago, and responses written straight to
the database (the services are tested on their own)."""

from __future__ import annotations

import itertools
import time
from datetime import datetime
from typing import Any

from django.utils import timezone

from formasi.feedback import guard
from formasi.feedback.models import SCORE_FIELDS, Complaint, SurveyResponse

YEAR = 2026
#: Four respondents' scores of U1…U9 (one skipped U5): the SKM report's tests.
ANSWERS: list[list[int | None]] = [
    [4, 3, 3, 4, 3, 3, 4, 4, 2],
    [3, 3, 2, 4, 3, 4, 4, 3, 2],
    [2, 3, 3, 4, None, 3, 4, 3, 1],
    [4, 4, 3, 4, 3, 3, 3, 4, 2],
]
_serial = itertools.count()


def token(unit: Any, seconds_ago: float = 60) -> str:
    return guard.issue_token(unit.pk, now=time.time() - seconds_ago)


def form(unit: Any, scores: list[int | None] | None = None, **extra: Any) -> dict[str, Any]:
    """POST data of the public form: every unsur scored 3 unless told."""
    data: dict[str, Any] = {"token": token(unit), "website": ""}
    for name, score in zip(SCORE_FIELDS, scores or [3] * 9, strict=True):
        if score is not None:
            data[name] = str(score)
    data.update(extra)
    return data


def response(
    unit: Any,
    scores: list[int | None],
    when: datetime | None = None,
    text: str = "",
    **profile: Any,
) -> SurveyResponse:
    at = when or timezone.make_aware(datetime(YEAR, 2, 1, 9, 0))
    row = SurveyResponse.unscoped.create(
        agency_id=unit.agency_id,
        unit=unit,
        submitted_at=at,
        token_hash=f"test-{next(_serial)}",
        **dict(zip(SCORE_FIELDS, scores, strict=True)),
        **profile,
    )
    if text:
        Complaint.unscoped.create(
            agency_id=unit.agency_id, unit=unit, response=row, received_at=at, text=text
        )
    return row
