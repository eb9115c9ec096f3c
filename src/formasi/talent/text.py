"""Words for the talent codes the domain returns: distribution breaches, organisational
predicates, box labels and recommended actions (PermenPAN-RB 6/2022 and 3/2020)."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from formasi.domain import performance
from formasi.domain.talent import Action, box_axes
from formasi.talent.models import Predicate

__all__ = ["ACTIONS", "ORG_PREDICATES", "action_labels", "axes_text", "breach_text"]

#: Predikat kinerja organisasi, in the regulation's order.
ORG_PREDICATES = [
    (performance.OrgPredicate.ISTIMEWA.value, gettext_lazy("Outstanding (istimewa)")),
    (performance.OrgPredicate.BAIK.value, gettext_lazy("Good (baik)")),
    (performance.OrgPredicate.BUTUH_PERBAIKAN.value, gettext_lazy("Needs improvement (cukup)")),
    (performance.OrgPredicate.KURANG.value, gettext_lazy("Poor (kurang)")),
    (performance.OrgPredicate.SANGAT_KURANG.value, gettext_lazy("Very poor (sangat kurang)")),
]

ACTIONS = {
    Action.PROMOTE: gettext_lazy("promotion"),
    Action.RETAIN: gettext_lazy("retention"),
    Action.SUCCESSION_INSTANSI: gettext_lazy("agency succession group"),
    Action.SUCCESSION_NASIONAL: gettext_lazy("national succession group"),
    Action.REWARD: gettext_lazy("reward"),
    Action.ROTATION: gettext_lazy("rotation"),
    Action.JOB_ENLARGEMENT: gettext_lazy("job enlargement"),
    Action.JOB_ENRICHMENT: gettext_lazy("job enrichment"),
    Action.COMPETENCE_DEVELOPMENT: gettext_lazy("competence development"),
    Action.PERFORMANCE_COACHING: gettext_lazy("performance coaching"),
    Action.COUNSELLING: gettext_lazy("counselling"),
    Action.SUITABLE_PLACEMENT: gettext_lazy("placement that suits the person"),
    Action.PERFORMANCE_DISCIPLINE_RULES: gettext_lazy(
        "handling under the performance and discipline rules"
    ),
}

_PERFORMANCE = {
    "above": gettext_lazy("performance above expectation"),
    "as_expected": gettext_lazy("performance as expected"),
    "below": gettext_lazy("performance below expectation"),
}
_POTENTIAL = {
    "high": gettext_lazy("high potential"),
    "medium": gettext_lazy("medium potential"),
    "low": gettext_lazy("low potential"),
}


def axes_text(box: int) -> str:
    """The two axes of a box in words ("performance above expectation, high potential")."""
    perf, pot = box_axes(box)
    return str(format_lazy("{}, {}", _PERFORMANCE[perf.value], _POTENTIAL[pot.value]))


def action_labels(actions: tuple[Action, ...]) -> str:
    return ", ".join(str(ACTIONS[a]) for a in actions)


def _predicates(codes: tuple[performance.Predicate, ...]) -> str:
    labels = dict(Predicate.choices)
    return _(" or ").join(str(labels[c.value]) for c in codes)


def breach_text(breach: performance.Breach, org: str) -> str:
    """One sentence for a bound of the organisational predicate the unit's predicates break."""
    org_label = str(dict(ORG_PREDICATES)[org])
    values = {
        "count": breach.count,
        "limit": breach.limit,
        "staff": breach.staff,
        "predicates": _predicates(breach.predicates),
        "org": org_label,
    }
    if breach.code == "above_max":
        return (
            _(
                "%(count)s of %(staff)s rated people are %(predicates)s; an organisation rated "
                "%(org)s may have at most %(limit)s."
            )
            % values
        )
    if breach.code == "below_min":
        return (
            _(
                "%(count)s of %(staff)s rated people are %(predicates)s; an organisation rated "
                "%(org)s needs at least %(limit)s."
            )
            % values
        )
    return (
        _(
            "No one of %(staff)s rated people is %(predicates)s; an organisation rated %(org)s "
            "needs at least one."
        )
        % values
    )
