"""The leader's page (issue 19): merit indicators and their trend, the talent pool's coverage
of next year's empty JPT/administrator posts, and the SKP predicate distribution. Resource
"leader_page": the regional leader and the BKPSDM admin; the others 403."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from formasi.accounts.http import AuthenticatedHttpRequest
from formasi.core.permissions import Action
from formasi.core.views import require
from formasi.organization.models import Position
from formasi.organization.services import agency_choices, agency_for
from formasi.talent import leader
from formasi.talent.models import Predicate

# The indicators formasi.domain.merit answers from Formasi's data: what each measures, and
# the sentence of its evidence (part of whole).
INDICATORS = {
    "needs_plan_abk": (
        gettext_lazy("Needs plan based on workload analysis"),
        gettext_lazy("%(need_cells_from_abk)s of %(need_cells)s needs from ABK"),
    ),
    "talent_succession": (
        gettext_lazy("Talent pool and successors"),
        gettext_lazy(
            "%(target_posts_with_successor)s of %(target_posts)s empty posts with ready "
            "successors; %(talent_pool)s people in the pool"
        ),
    ),
    "open_selection": (
        gettext_lazy("Open selection for JPT posts"),
        gettext_lazy("%(jpt_filled_by_open_selection)s of %(jpt_filled)s JPT posts filled by "
                     "open selection"),
    ),
    "performance_appraisal": (
        gettext_lazy("SKP recorded for everyone"),
        gettext_lazy("%(employees_with_skp)s of %(employees)s employees with SKP"),
    ),
    "discipline_enforcement": (
        gettext_lazy("Discipline records kept"),
        gettext_lazy("%(discipline_records_with_decision)s of %(discipline_records)s records "
                     "with their decision"),
    ),
}  # fmt: skip


@login_required
@require_GET
def leader_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, "leader_page")
    agency = agency_for(request.user, request.GET.get("agency"))
    context: dict[str, object] = {"agency": agency, "agencies": agency_choices(request.user)}
    if agency is not None:
        found = leader.figures(request.user, agency, timezone.localdate())
        labels = dict(Predicate.choices)
        context |= {
            "year": found.year,
            "cover": found.cover,
            "levels": dict(Position.Kind.choices),
            "trend": found.trend,
            "answers": [
                (INDICATORS[a.indicator][0], a.level, str(INDICATORS[a.indicator][1]) % a.evidence)
                for a in found.answers
            ],
            "self_assessment": found.self_assessment,
            "distribution": [(labels[code], n, pct) for code, n, pct in found.distribution],
            "rated": found.rated,
        }
    return render(request, "talent/leader.html", context)
