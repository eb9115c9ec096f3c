"""The deadline a proposal is working towards (issue 18, part 9): the next of its year's
deadlines (``formasi.planning.deadlines.deadlines_for``, with the yearly letters' dates from
``FORMASI_PROPOSAL_DEADLINES``; DOMAIN §7.2) not yet passed, with whole days left."""

from __future__ import annotations

from datetime import date

from formasi.domain.proposal_rules import days_left
from formasi.planning.dashboard import DEADLINE_LABELS, days_left_text
from formasi.planning.deadlines import RoundDeadline, deadlines_for

__all__ = ["DEADLINE_LABELS", "days_left_text", "next_deadline"]


def next_deadline(year: int, today: date) -> RoundDeadline | None:
    """The first deadline of the usulan of ``year`` on or after ``today`` (None when every
    one has passed), with the whole days left to it."""
    for row in deadlines_for(year):
        left = days_left(row, today)
        if left >= 0:
            return RoundDeadline(row, left, is_next=True)
    return None
