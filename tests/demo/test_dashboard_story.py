"""The dashboard tells the demo city's story (issue 17, item 3): Bukit Batu and Rakumpit short,
the centre crowded; Rakumpit's high staff per 1,000 residents marked as not comparable.

One load at the default size runs per module inside a transaction that is rolled back (as in
test_needs.py); the expected order is counted here from the rows, not read from the page code.
"""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from formasi.demo.loader import load_demo
from formasi.organization.models import OrgUnit, Region, RegionPopulation
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed

pytestmark = pytest.mark.django_db

SIZE = 6500  # the default (see test_needs.py: only the default balances)
SEED = 11
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PERIPHERY = {"Bukit Batu", "Rakumpit"}
CENTRE = {"Pahandut", "Jekan Raya"}


def _filled_by_district() -> dict[str, float]:
    """Share of each kecamatan's need with someone in the post, cell by cell."""
    district = dict(
        OrgUnit.unscoped.filter(district__isnull=False).values_list("pk", "district__name")
    )
    held = Counter(Employee.unscoped.filter(active=True).values_list("unit_id", "position_id"))
    need, filled = Counter[str](), Counter[str]()
    for unit_id, position_id, count in PositionNeed.unscoped.values_list(
        "unit_id", "position_id", "count"
    ):
        if unit_id in district:
            need[district[unit_id]] += count
            filled[district[unit_id]] += min(count, held[(unit_id, position_id)])
    return {name: filled[name] / need[name] for name in need if need[name]}


def _rows(html: str, testid: str) -> list[str]:
    table = html[html.index(f'data-testid="{testid}"') :]
    table = table[table.index("<tbody>") : table.index("</table>")]
    return table.split("</tr>")[:-1]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo(seed=SEED, size=SIZE)
        cache.clear()
        client = Client()
        client.force_login(get_user_model().objects.get(username="pimpinan"))
        latest = {}
        for name, year, population in RegionPopulation.objects.filter(
            region__level=Region.Level.DISTRICT
        ).values_list("region__name", "year", "population"):
            if name not in latest or year > latest[name][0]:
                latest[name] = (year, population)
        snapshot = SimpleNamespace(
            html=client.get(reverse("workforce:dashboard")).content.decode(),
            filled=_filled_by_district(),
            population={name: p for name, (_y, p) in latest.items()},
        )
        transaction.set_rollback(True)
    cache.clear()
    return snapshot


def test_the_least_served_districts_come_first(demo) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(demo.html, "needs-by-district")
    shown = [next(name for name in demo.filled if f"<td>{name}</td>" in row) for row in rows[:5]]
    assert shown == sorted(demo.filled, key=lambda name: demo.filled[name])
    # The story: the periphery is the short end, the centre the best served.
    assert set(shown[:2]) == PERIPHERY
    assert set(shown[-2:]) == CENTRE


def test_rakumpit_per_thousand_carries_the_warning(demo) -> None:  # type: ignore[no-untyped-def]
    small = {n for n, p in demo.population.items() if p < settings.FORMASI_SMALL_POPULATION}
    assert "Rakumpit" in small
    for row in _rows(demo.html, "district-table"):
        name = next(n for n in demo.population if f">{n}</a>" in row)
        assert ('data-testid="small-population"' in row) == (name in small), name
    for row in _rows(demo.html, "needs-by-district"):
        marked = 'data-testid="small-population"' in row
        assert marked == any(f"<td>{n}</td>" in row for n in small)
