"""The demo's five-year plan scenarios (issue 5): a baseline and one what-if, queued for the
task worker (``formasi demo`` runs one) so the plan page has results to show and compare.

Bezetting is counted on 31 December 2025, the demo data's reference (``careers.REF`` is
1 January 2026). The baseline assumes that nine in ten ending PPPK contracts are renewed, as
Pemda do in practice; the what-if follows the Perban BKN 9/2022 rule as written, counting
every ending contract as leaving.
"""

from __future__ import annotations

from decimal import Decimal

from formasi.demo.careers import REF
from formasi.organization.models import Agency
from formasi.planning import tasks
from formasi.planning.models import Scenario

BASELINE = "Dasar: 90 % kontrak PPPK diperpanjang"
WHAT_IF = "Aturan Perban BKN 9/2022: kontrak berakhir tidak diperpanjang"


def load_scenarios(agency: Agency) -> list[Scenario]:
    base_year = REF.year - 1
    scenarios = [
        Scenario.unscoped.create(
            agency=agency,
            name=BASELINE,
            is_baseline=True,
            base_year=base_year,
            renewal_percent=Decimal(90),
        ),
        Scenario.unscoped.create(agency=agency, name=WHAT_IF, base_year=base_year),
    ]
    for scenario in scenarios:
        tasks.enqueue(scenario)
    return scenarios
