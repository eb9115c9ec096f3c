"""The Kota Palangka Raya demo loader: determinism, valid identifiers, the city's situation.

The loads run once per module inside transactions that are rolled back; the tests read plain
snapshots of the rows, so they do not depend on each other's database state.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

from formasi.demo.loader import DemoDataError, load_demo
from formasi.domain.identifiers import parse_nik, parse_nip, parse_nipppk
from formasi.organization.models import Agency, OrgUnit, Position, Region, RegionPopulation
from formasi.workforce.models import Employee

# Every test needs the test database set up (the loads below run in module fixtures).
pytestmark = pytest.mark.django_db

SIZE = 800
SEED = 7
REF = date(2026, 1, 1)
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CENTRE = {"62.71.01", "62.71.03"}  # Pahandut, Jekan Raya
PERIPHERY = {"62.71.02", "62.71.05"}  # Bukit Batu, Rakumpit
EMPLOYEE_FIELDS = [
    "nip", "nik", "name", "sex", "birth_date", "birth_place", "status", "position__code",
    "position__kind", "position__jenjang", "position__family", "position__retirement_age_override",
    "unit__code", "unit__kind", "unit__region__code", "tmt_position", "tmt_cpns", "contract_end",
    "golongan", "education", "origin_region__code", "domicile_region__code", "address",
]  # fmt: skip


def _user(u) -> SimpleNamespace:
    return SimpleNamespace(
        role=u.role,
        is_staff=u.is_staff,
        is_superuser=u.is_superuser,
        agency=u.agency.code if u.agency else None,
        org_unit=u.org_unit.code if u.org_unit else None,
        assigned=[a.code for a in u.assigned_agencies.all()],
        demo_password=u.check_password("formasi-demo"),
    )


def _snapshot(summary) -> SimpleNamespace:
    rows = list(Employee.unscoped.order_by("pk").values_list(*EMPLOYEE_FIELDS))
    employees = [SimpleNamespace(**dict(zip(EMPLOYEE_FIELDS, row, strict=True))) for row in rows]
    unit_fields = ("pk", "code", "kind", "path", "opd_id", "parent_id", "region__code")
    users = get_user_model().objects.select_related("agency", "org_unit")
    populations = RegionPopulation.objects.values("year", "population", "is_estimate", "source")
    return SimpleNamespace(
        summary=summary,
        fingerprint=hashlib.sha256(repr(rows).encode()).hexdigest(),
        employees=employees,
        units=list(OrgUnit.unscoped.values(*unit_fields)),
        positions=list(Position.unscoped.values("code", "kind", "jenjang", "grade", "family")),
        regions={r.code: r for r in Region.objects.all()},
        populations=list(populations),
        users={u.username: _user(u) for u in users.prefetch_related("assigned_agencies")},
        history=Counter(
            (model.__name__, reason, user)
            for model in (Employee, OrgUnit, Position)
            for reason, user in model.history.values_list("history_change_reason", "history_user")
        ),
    )


def _load_and_roll_back(seed: int) -> SimpleNamespace:
    with transaction.atomic():
        snapshot = _snapshot(load_demo(seed=seed, size=SIZE))
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture(scope="module")
def loads(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        return SimpleNamespace(
            first=_load_and_roll_back(SEED),
            again=_load_and_roll_back(SEED),
            other=_load_and_roll_back(SEED + 1),
        )


@pytest.fixture(scope="module")
def demo(loads):
    return loads.first


def test_same_seed_gives_identical_employees(loads):
    assert len(loads.first.employees) == SIZE
    assert loads.first.fingerprint == loads.again.fingerprint
    assert loads.first.fingerprint != loads.other.fingerprint


def test_identifiers_parse_and_agree_with_the_record(demo):
    nips = [e.nip for e in demo.employees if e.nip]
    assert len(nips) == len(set(nips))
    for e in demo.employees:
        nik = parse_nik(e.nik, today=REF)
        assert (nik.birth_date, nik.sex) == (e.birth_date, e.sex), e.nik
        if e.status in (Employee.Status.PNS, Employee.Status.CPNS):
            nip = parse_nip(e.nip)
            assert (nip.birth_date, nip.sex, nip.cpns_start) == (e.birth_date, e.sex, e.tmt_cpns)
        elif e.status in (Employee.Status.PPPK, Employee.Status.PPPK_PARUH_WAKTU):
            assert parse_nipppk(e.nip) == e.birth_date
        else:
            assert e.nip is None


def test_nik_region_is_a_district_of_origin_or_of_the_city(demo):
    for e in demo.employees:
        prefix = f"{e.nik[:2]}.{e.nik[2:4]}.{e.nik[4:6]}"
        origin = e.origin_region__code
        if len(origin) >= 8:  # kecamatan or kelurahan: registered there
            assert prefix == origin[:8]
        else:  # only the kabupaten/kota is known: registered where they live
            assert prefix == e.domicile_region__code[:8]
        assert e.domicile_region__code.startswith("62.71.") and len(e.domicile_region__code) == 13


def test_every_status_present_in_the_planned_proportions(demo):
    counts = Counter(e.status for e in demo.employees)
    assert set(counts) == set(Employee.Status.values)
    expected = {"pns": 0.62, "cpns": 0.03, "pppk": 0.22, "pppk_pw": 0.10, "non_asn": 0.03}
    for status, share in expected.items():
        assert counts[status] == pytest.approx(share * SIZE, abs=2)
    families = Counter(e.position__family for e in demo.employees)
    assert families["guru"] == pytest.approx(0.45 * SIZE, abs=2)  # teachers about 45 %
    # Health about 6 %: the puskesmas near their WISN need, crowded in the centre.
    assert families["kesehatan"] == pytest.approx(0.06 * SIZE, abs=2)


def test_every_position_kind_of_a_kota_and_every_jenjang_is_used(demo):
    kinds = {e.position__kind for e in demo.employees}
    # A kota has no JPT utama/madya: its Sekretaris Daerah is JPT pratama.
    assert kinds == {"jpt_pratama", "administrator", "pengawas", "fungsional", "pelaksana"}
    assert {e.position__jenjang for e in demo.employees} - {""} == set(Position.Jenjang.values)
    sekda = [e for e in demo.employees if e.position__code == "JPT.SEKDA"]
    assert len(sekda) == 1 and sekda[0].position__kind == "jpt_pratama"
    assert all(1 <= p["grade"] <= 15 for p in demo.positions)


def _bup(e) -> int:
    if e.position__retirement_age_override:
        return e.position__retirement_age_override
    if e.position__kind.startswith("jpt"):
        return 60
    return {"ahli_utama": 65, "ahli_madya": 60}.get(e.position__jenjang, 58)


def test_careers_are_consistent(demo):
    for e in demo.employees:
        assert e.birth_date.year + _bup(e) >= 2026, "nobody is past retirement age"
        if e.status in ("pns", "cpns"):
            assert e.golongan.startswith(("I/", "II/", "III/", "IV/"))
            assert e.tmt_cpns.day == 1 and e.tmt_cpns.year - e.birth_date.year >= 18
            assert e.contract_end is None
        elif e.status == "pppk":
            assert e.golongan in {"IV", "V", "VII", "VIII", "IX", "X", "XI", "XIII", "XV"}
            assert date(2026, 12, 31) <= e.contract_end <= date(2031, 1, 1)
        elif e.status == "pppk_pw":
            assert (e.contract_end - e.tmt_position).days in (364, 365)
        else:
            assert e.golongan == "" and e.position__kind == "pelaksana"
        if e.position__jenjang.startswith("ahli"):
            assert e.education in ("s1", "s2", "d4")
    wave = [e for e in demo.employees if e.status == "pns" and 1966 <= e.birth_date.year <= 1972]
    # The retirement wave: many PNS born 1966-1972 (diluted here by the fixed posts of a
    # small load; about a third of all PNS at the default size).
    assert len(wave) > 0.15 * sum(e.status == "pns" for e in demo.employees)
    cpns = [e for e in demo.employees if e.status == "cpns"]
    assert max(REF.year - e.birth_date.year for e in cpns) <= 35


def test_periphery_has_fewer_staff_per_facility_than_the_centre(demo):
    district_code = {u["pk"]: u["region__code"][:8] for u in demo.units}
    staff = Counter(e.unit__code for e in demo.employees)
    per_facility = defaultdict(list)
    for u in demo.units:
        if u["kind"] in ("sekolah", "puskesmas", "kantor_kelurahan"):
            area = "centre" if district_code[u["pk"]] in CENTRE else None
            area = "periphery" if district_code[u["pk"]] in PERIPHERY else area
            if area:
                per_facility[(u["kind"], area)].append(staff[u["code"]])
    for kind in ("sekolah", "puskesmas", "kantor_kelurahan"):
        centre, periphery = per_facility[(kind, "centre")], per_facility[(kind, "periphery")]
        assert sum(periphery) / len(periphery) < sum(centre) / len(centre), kind
    local = sum(e.origin_region__code == e.unit__region__code for e in demo.employees)
    assert 0 < local < 0.3 * SIZE  # people working in their own kelurahan: a minority


def test_organisation_tree(demo):
    units = {u["pk"]: u for u in demo.units}
    kelurahan = {c for c, r in demo.regions.items() if r.level == "desa_kelurahan"}
    offices = {u["region__code"] for u in demo.units if u["kind"] == "kantor_kelurahan"}
    assert len(kelurahan) == 30 and offices == kelurahan
    for u in demo.units:
        parent = units.get(u["parent_id"])
        assert u["path"] == (parent["path"] if parent else "") + f"{u['pk']}/"
        assert u["opd_id"] == (parent["opd_id"] if parent else u["pk"])
    kinds = Counter(u["kind"] for u in demo.units)
    assert kinds["kantor_kecamatan"] == 5 and kinds["puskesmas"] == 11
    smp = Counter(u["region__code"][:8] for u in demo.units if u["code"].startswith("DISDIK.SMPN"))
    assert smp == {"62.71.01": 5, "62.71.02": 5, "62.71.03": 6, "62.71.04": 5, "62.71.05": 5}
    assert len({u["code"] for u in demo.units}) == len(demo.units)


def test_regions_population_and_remoteness(demo):
    regions = demo.regions
    assert regions["62.71"].name == "Kota Palangka Raya"  # as the city and its agency write it
    assert regions["62.71.05"].remoteness == "terpencil"
    assert regions["62.71.05.1004"].remoteness == "terpencil"
    assert regions["62.71.03"].remoteness == "perkotaan" and regions["62.71.03"].boundary
    assert {"62.01", "62.02", "62.03", "63", "63.71", "33", "35"} <= set(regions)
    estimates = [p for p in demo.populations if p["is_estimate"]]
    assert len(estimates) == 5 and sum(p["population"] for p in estimates) == 315_153
    assert all("estimate" in p["source"].lower() for p in estimates)


def test_demo_users_and_history(demo):
    users = demo.users
    admin, dinkes, disdik = users["admin"], users["operator.dinkes"], users["operator.disdik"]
    assert (admin.role, admin.agency, admin.is_staff, admin.is_superuser) == (
        "admin",
        "62.71",
        True,
        False,
    )
    assert (dinkes.role, dinkes.org_unit, dinkes.is_staff) == ("opd_operator", "DINKES", True)
    assert (disdik.role, disdik.org_unit, disdik.is_staff) == ("opd_operator", "DISDIK", True)
    evaluator, leader, root = users["evaluator"], users["pimpinan"], users["superadmin"]
    assert (evaluator.role, evaluator.assigned, evaluator.is_staff) == (
        "evaluator",
        ["62.71"],
        False,
    )
    assert (leader.role, leader.agency, leader.is_staff) == ("leader", "62.71", False)
    assert root.is_superuser and root.is_staff
    assert all(u.demo_password for u in users.values())
    loaded = {
        ("Employee", "demo data", None): SIZE,
        ("OrgUnit", "demo data", None): len(demo.units),
        ("Position", "demo data", None): len(demo.positions),
    }
    assert {key: demo.history[key] for key in loaded} == loaded
    # Besides the load, only the succession demo moves people (candidates into feeder posts).
    assert set(demo.history) - set(loaded) <= {("Employee", "Demo: kandidat suksesi", None)}


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_command_loads_once_then_refuses(capsys):
    call_command("load_demo", "--size", str(SIZE), "--seed", str(SEED))
    out = capsys.readouterr().out
    assert "formasi-demo" in out and "operator.dinkes" in out
    assert Agency.unscoped.count() == 1
    with pytest.raises(DemoDataError):
        load_demo(size=SIZE)
    with pytest.raises(CommandError):
        call_command("load_demo", "--size", str(SIZE))
    call_command("load_demo", "--if-empty")
    assert capsys.readouterr().out == ""
    assert Employee.unscoped.count() == SIZE
