"""The deadline a proposal is working towards (issue 18, part 9): the next of its year's
deadlines (``formasi.planning.deadlines.deadlines_for``, with the yearly letters' dates from
``FORMASI_PROPOSAL_DEADLINES``; DOMAIN §7.2) not yet passed, with whole days left. The
evaluator queue (the list) and the proposal page show it."""

from __future__ import annotations

from datetime import date
from typing import Any

from formasi.domain.proposal_rules import USULAN, days_left
from formasi.planning.dashboard import DEADLINE_LABELS, days_left_text
from formasi.planning.deadlines import RoundDeadline, deadlines_for

__all__ = ["next_deadline", "next_deadline_row", "usulan_due"]


def usulan_due(year: int) -> date:
    """The date the usulan of ``year`` is due: end of March N (Perban BKN 9/2022), or the
    date the year's letter sets in ``FORMASI_PROPOSAL_DEADLINES``."""
    return next(d.date for d in deadlines_for(year) if d.code == USULAN)


def next_deadline(year: int, today: date) -> RoundDeadline | None:
    """The first deadline of the usulan of ``year`` on or after ``today`` (None when every
    one has passed), with the whole days left to it."""
    for row in deadlines_for(year):
        left = days_left(row, today)
        if left >= 0:
            return RoundDeadline(row, left, is_next=True)
    return None


def next_deadline_row(year: int, today: date) -> dict[str, Any] | None:
    """:func:`next_deadline` for a page: its code, what it is in words, date, rule, days left
    and those days in words ("12 hari lagi", "hari ini")."""
    found = next_deadline(year, today)
    if found is None:
        return None
    return {
        "code": found.code,
        "label": DEADLINE_LABELS.get(found.code, found.code),
        "date": found.deadline.date,
        "rule": found.deadline.rule,
        "days_left": found.days_left,
        "when": days_left_text(found.days_left),
    }
