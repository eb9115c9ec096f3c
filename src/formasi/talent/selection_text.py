"""Words for the codes of ``formasi.domain.selection``: committee problems, why a candidate is
not ranked, and the stages of a selection with where it stands."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from formasi.domain import selection as rules
from formasi.talent.selection_models import Selection

__all__ = ["committee_problem", "not_ranked", "steps"]

_COMMITTEE = {
    "too_few": gettext_lazy("The committee needs at least %(min)s members."),
    "too_many": gettext_lazy("The committee may have at most %(max)s members."),
    "even_number": gettext_lazy("The committee needs an odd number of members."),
    "internal_share": gettext_lazy(
        "Internal members may be at most %(share)s percent of the committee."
    ),
    "no_external": gettext_lazy("The committee needs external members."),
    "chair_count": gettext_lazy("The committee needs exactly one chair."),
}

_NOT_RANKED = {
    "administrasi_failed": gettext_lazy("did not pass administration"),
    "administrasi_pending": gettext_lazy("administration not yet checked"),
    "scores_missing": gettext_lazy("stage scores not complete"),
}


def committee_problem(code: str) -> str:
    found = rules.DEFAULT_COMMITTEE_RULES
    values = {
        "min": found.min_members,
        "max": found.max_members,
        "share": int(found.max_internal_share * 100),
    }
    return str(_COMMITTEE[code]) % values


def not_ranked(code: str) -> str:
    return str(_NOT_RANKED[code])


def steps(selection: Selection) -> list[dict[str, Any]]:
    """The stages of PermenPAN-RB 15/2019 as the page shows them, each done, current or to
    come."""
    order = [
        Selection.State.ANNOUNCED,
        Selection.State.CLOSED,
        Selection.State.SENT,
        Selection.State.DECIDED,
    ]
    labels = [
        _("Announcement and registration"),
        _("Administration, competence test, interview, track record"),
        _("Three best sent to the PPK"),
        _("PPK's decision"),
    ]
    now = order.index(Selection.State(selection.state))
    done_last = selection.state == Selection.State.DECIDED
    return [
        {"label": label, "done": i < now or (done_last and i == now), "current": i == now
         and not done_last}
        for i, label in enumerate(labels)
    ]  # fmt: skip
