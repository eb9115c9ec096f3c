"""The demo's needs: Permenkes puskesmas, teachers by rombel, ABK for the offices, and gaps
that tell the city's story (short at the edge, crowded in the centre).

One load runs per module inside a transaction that is rolled back; the tests read plain
snapshots. The size is above the minimum: at 600 every unit is short (the fixed posts alone
fill the small load), so neither an excess nor where the shortage bites could show. At 2,000
the centre already has more people than it needs in places while the periphery is short.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings

from formasi.demo import health
from formasi.demo.loader import load_demo
from formasi.demo.needs import (
    ABK_POSITIONS,
    JENIS_TRACKS,
    SMP_JP,
    plan_needs,
)
from formasi.domain import abk, standards
from formasi.domain.gaps import Gap, cell_gap
from formasi.organization.models import OrgUnit, Position, RegionPopulation
from formasi.workforce.models import Employee
from formasi.workload.models import AbkTask, PositionNeed
from formasi.workload.services import peta_jabatan

pytestmark = pytest.mark.django_db

SIZE = 6500  # the default: the need is fixed by the standards, so only the default balances
SEED = 11
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CENTRE = {"62.71.01", "62.71.03"}  # Pahandut, Jekan Raya
PERIPHERY = {"62.71.02", "62.71.05"}  # Bukit Batu, Rakumpit
FACILITIES = ("puskesmas", "sekolah", "kantor_kecamatan", "kantor_kelurahan")
# The "Jumlah" row of the Permenkes 75/2014 table (DOMAIN §14.1), by setting and rawat inap.
PRINTED_TOTAL = {
    ("perkotaan", False): 22,
    ("perkotaan", True): 31,
    ("perdesaan", False): 19,
    ("perdesaan", True): 27,
    ("terpencil", False): 19,
    ("terpencil", True): 27,
}
NEED_FIELDS = ("unit_id", "position__code", "source", "exact", "count", "basis")


def _needs() -> list[SimpleNamespace]:
    rows = PositionNeed.unscoped.order_by("unit_id", "position__code").values(*NEED_FIELDS)
    return [SimpleNamespace(**row) for row in rows]


def _tasks() -> dict[tuple[int, str], list[tuple[Decimal, Decimal, str]]]:
    tasks = defaultdict(list)
    rows = AbkTask.objects.order_by("need_id", "order").values_list(
        "need__unit_id", "need__position__code", "volume", "norm_minutes", "description"
    )
    for unit_id, code, volume, norm, description in rows:
        tasks[(unit_id, code)].append((volume, norm, description))
    return dict(tasks)


def _cells() -> dict[tuple[int, str], Gap]:
    """Need and bezetting of every (unit, position) of the city."""
    cells: dict[tuple[int, str], Gap] = defaultdict(Gap)
    for unit_id, code, count in PositionNeed.unscoped.values_list(
        "unit_id", "position__code", "count"
    ):
        cells[unit_id, code] += Gap(need=count)
    staff = Employee.unscoped.filter(active=True).values_list("unit_id", "position__code")
    for key, n in Counter(staff).items():
        cells[key] += Gap(bezetting=n)
    return dict(cells)


def _gaps_by_unit() -> dict[int, Gap]:
    """Each facility's own gap, read from the peta jabatan as the demo's admin sees it."""
    admin = get_user_model().objects.get(username="admin")
    tops = OrgUnit.unscoped.filter(code__in=["DINKES", "DISDIK"]) | OrgUnit.unscoped.filter(
        kind="kantor_kecamatan"
    )
    gaps = {}
    for top in tops:
        for peta in peta_jabatan(admin, top):
            if peta.unit.kind in FACILITIES:
                gaps[peta.unit.pk] = peta.own
    return gaps


def _planned(plan) -> tuple[list[SimpleNamespace], dict]:
    """A plan (unsaved) in the shape of ``_needs()`` and ``_tasks()``."""
    needs = sorted(
        (
            SimpleNamespace(
                unit_id=n.unit.pk,
                position__code=n.position.code,
                source=n.source,
                exact=n.exact,
                count=n.count,
                basis=n.basis,
            )
            for n in plan.needs
        ),
        key=lambda n: (n.unit_id, n.position__code),
    )
    tasks = {
        (need.unit.pk, need.position.code): [
            (t.volume, t.norm_minutes, t.description) for t in rows
        ]
        for need, rows in plan.tasks
    }
    return needs, tasks


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        summary = load_demo(seed=SEED, size=SIZE)
        units = {
            u.pk: u for u in OrgUnit.unscoped.select_related("region").filter(kind__in=FACILITIES)
        }
        snapshot = SimpleNamespace(
            summary=summary,
            population=dict(
                RegionPopulation.objects.filter(year=2024).values_list("region__code", "population")
            ),
            cells=_cells(),
            family=dict(Position.unscoped.values_list("code", "family")),
            units=units,
            needs=_needs(),
            tasks=_tasks(),
            gaps=_gaps_by_unit(),
        )
        agency = next(iter(units.values())).agency
        snapshot.again = _planned(plan_needs(agency, seed=SEED))
        snapshot.other = _planned(plan_needs(agency, seed=SEED + 1))
        transaction.set_rollback(True)
    return snapshot


def _by_unit(demo) -> dict[int, list[SimpleNamespace]]:
    by_unit = defaultdict(list)
    for need in demo.needs:
        by_unit[need.unit_id].append(need)
    return by_unit


def _track(code: str) -> str:
    """JF.PERAWAT-T.MAHIR -> PERAWAT-T, PL.OPERATOR -> OPERATOR."""
    return code.split(".")[1]


def test_every_facility_has_needs_and_the_summary_counts_them(demo):
    by_unit = _by_unit(demo)
    assert set(demo.units) <= set(by_unit)
    assert all(any(n.count for n in by_unit[pk]) for pk in demo.units)
    assert demo.summary.needs == len(demo.needs)


def test_needs_are_deterministic_for_a_seed(demo):
    assert (demo.needs, demo.tasks) == demo.again
    needs, tasks = demo.other
    computed = ("standard", "wisn")  # ABK volumes and the peta jabatan posts vary by seed
    assert [n.count for n in needs if n.source in computed] == [
        n.count for n in demo.needs if n.source in computed
    ]
    assert tasks != demo.tasks  # the seed moves the ABK volumes a little


def test_puskesmas_needs_follow_the_permenkes_table(demo):
    by_unit = _by_unit(demo)
    jenis_of = {track: jenis for jenis, tracks in JENIS_TRACKS.items() for track in tracks}
    puskesmas = [u for u in demo.units.values() if u.kind == "puskesmas"]
    assert len(puskesmas) == 11
    for unit in puskesmas:
        setting, inpatient = unit.attributes["puskesmas_type"], unit.attributes["rawat_inap"]
        table = standards.puskesmas_need(setting, inpatient)
        label = "rawat inap" if inpatient else "non rawat inap"
        per_jenis: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for need in by_unit[unit.pk]:
            if need.position__code == "PENGAWAS.KAPUS":
                assert (need.count, need.source) == (1, "entered")
                continue
            per_jenis[need.source][jenis_of[_track(need.position__code)]] += need.count
            if need.source == "standard":
                assert need.basis == f"Permenkes 75/2014 Lampiran: puskesmas {setting}, {label}"
                assert need.exact == need.count
        standard, by_wisn = per_jenis["standard"], per_jenis["wisn"]
        assert set(by_wisn) == {"perawat", "bidan"}  # by WISN in every puskesmas
        for jenis, count in by_wisn.items():
            assert count >= table[jenis]  # the table stays the floor
        assert dict(standard) == {j: n for j, n in table.items() if j not in by_wisn}
        table_total = sum(standard.values()) + table["perawat"] + table["bidan"]
        assert table_total == PRINTED_TOTAL[setting, inpatient]


def test_wisn_needs_come_from_the_catchment_and_exceed_the_minimum_in_the_centre(demo):
    wisn = [n for n in demo.needs if n.source == "wisn"]
    assert all("WISN (WHO 2010)" in n.basis for n in wisn)

    def perawat(code: str) -> tuple[int, float]:
        rows = [
            n for n in wisn if demo.units[n.unit_id].code == code and "PERAWAT" in n.position__code
        ]
        return sum(n.count for n in rows), float(sum(n.exact for n in rows))

    # Pahandut: 100,942 residents (2024) over three puskesmas, rawat inap.
    count, exact = perawat("DINKES.PKM.PAHANDUT")
    catchment = demo.population["62.71.01"] / 3
    assert exact == pytest.approx(health.wisn_need("perawat", catchment, True), abs=1e-3)
    assert count == abk.round_staff(exact) > 8
    # Rakumpit: about 3,000 residents; WISN asks less than the table, so the table rules.
    count, exact = perawat("DINKES.PKM.RAKUMPIT")
    assert exact < 8 and count == 8


def test_teachers_by_rombel(demo):
    by_unit = _by_unit(demo)
    jp = sum(SMP_JP.values())
    schools = [u for u in demo.units.values() if u.kind == "sekolah"]
    assert schools
    for unit in schools:
        rombel = unit.attributes["rombel"]
        tracks: dict[str, int] = defaultdict(int)
        for need in by_unit[unit.pk]:
            tracks[_track(need.position__code)] += need.count
            assert need.source in ("standard", "entered")
        if unit.attributes["jenjang"] == "SD":
            assert tracks["GURU-KELAS"] == standards.guru_kelas_sd(rombel) == rombel
            assert tracks["GURU-MAPEL"] >= 2  # at least one guru agama and one PJOK
            assert tracks["KEPSEK"] == 1
        else:
            expected = abk.round_staff(standards.guru_mapel(jp, rombel))
            assert tracks["GURU-MAPEL"] == expected
            students = unit.attributes["peserta_didik"]
            assert tracks["GURU-BK"] == abk.round_staff(standards.guru_bk(students))
            assert "GURU-KELAS" not in tracks


def test_offices_have_abk_task_lists_that_give_their_need(demo):
    by_unit = _by_unit(demo)
    offices = [u for u in demo.units.values() if u.kind.startswith("kantor_")]
    assert len(offices) == 35
    for unit in offices:
        abk_needs = [n for n in by_unit[unit.pk] if n.source == "abk"]
        assert {n.position__code for n in abk_needs} == set(ABK_POSITIONS)
        for need in abk_needs:
            rows = demo.tasks[(unit.pk, need.position__code)]
            assert 3 <= len(rows) <= 5
            tasks = [abk.Task(float(v), float(m)) for v, m, _description in rows]
            exact = abk.required_staff(tasks, 75_000)
            assert need.count == abk.round_staff(exact, "nearest")
            assert need.exact == Decimal(str(round(exact, 4)))
            assert "75.000" in need.basis
    # Volumes grow with the population: a Jekan Raya kelurahan letters more than Rakumpit's.
    letters = {}
    for unit in offices:
        if unit.kind == "kantor_kelurahan":
            volume = demo.tasks[(unit.pk, "PL.PENGADMINISTRASI")][0][0]
            letters.setdefault(unit.region.code[:8], []).append(volume)
    assert min(letters["62.71.03"]) > max(letters["62.71.05"])


def test_gaps_tell_the_city_story(demo):
    area = {"centre": Gap(), "periphery": Gap()}
    for pk, gap in demo.gaps.items():
        district_code = demo.units[pk].region.code[:8]
        if district_code in CENTRE:
            area["centre"] += gap
        elif district_code in PERIPHERY:
            area["periphery"] += gap
    centre, periphery = area["centre"], area["periphery"]
    assert len(demo.gaps) == len(demo.units)
    # Shortage relative to need bites harder at the edge …
    assert periphery.shortage / periphery.need > centre.shortage / centre.need + 0.05
    # … and the people beyond the need sit in the centre.
    assert centre.excess > 5 * max(periphery.excess, 1)
    # Staff per unit of need: the centre is the better served.
    assert centre.bezetting / centre.need > periphery.bezetting / periphery.need


def test_the_peta_jabatan_is_complete(demo):
    """Every family of positions someone holds in a unit has a need there: OPD offices,
    school administration and the JF of a kantor kecamatan from the peta jabatan the city
    set. (Within a family a standard may leave a track at zero: a puskesmas with two
    nutritionists where the table asks one shows the second as excess.)"""
    family = demo.family
    need, held = Counter(), Counter()
    for (unit_id, code), cell in demo.cells.items():
        need[unit_id, family[code]] += cell.need
        held[unit_id, family[code]] += cell.bezetting
    assert [key for key, n in held.items() if n and not need[key]] == []
    entered = [n for n in demo.needs if n.source == "entered"]
    assert any(n.basis.startswith("Peta jabatan yang ditetapkan") for n in entered)


def test_the_total_is_roughly_enough_but_badly_spread(demo):
    """Palangka Raya: "enough in total, but crowded in the centre". Need and bezetting of
    the whole city are within a fifth of each other, while shortage and excess, summed cell
    by cell, are each far larger than the net difference."""
    total = Gap()
    for cell in demo.cells.values():
        total += cell_gap(cell.need, cell.bezetting)
    assert abs(total.bezetting - total.need) < 0.2 * total.need
    assert min(total.shortage, total.excess) > 0.05 * total.need
