"""Small builders for test data; each makes one row with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from formasi.accounts.models import User
from formasi.core.permissions import Role
from formasi.organization.models import Agency, OrgUnit, Position, Region
from formasi.organization.services import TREE_FIELDS, assign_tree_fields
from formasi.workforce.models import Employee

_seq = itertools.count(1)
PASSWORD = "test-pass-123"


def region(
    code: str, name: str | None = None, level: str | None = None, parent: Region | None = None
) -> Region:
    if level is None:
        level = {2: "provinsi", 5: "kabupaten_kota", 8: "kecamatan"}.get(
            len(code), "desa_kelurahan"
        )
    obj, _created = Region.objects.get_or_create(
        code=code, defaults={"name": name or f"Wilayah {code}", "level": level, "parent": parent}
    )
    return obj


def agency(code: str, name: str, region_obj: Region) -> Agency:
    return Agency.unscoped.create(code=code, name=name, kind=Agency.Kind.CITY, region=region_obj)


def unit(
    agency_obj: Agency,
    name: str,
    *,
    kind: str = "opd",
    parent: OrgUnit | None = None,
    region_obj: Region | None = None,
    code: str | None = None,
) -> OrgUnit:
    obj = OrgUnit.unscoped.create(
        agency=agency_obj,
        parent=parent,
        name=name,
        kind=kind,
        code=code or f"U{next(_seq)}",
        region=region_obj or (parent.region if parent else agency_obj.region),
        path="pending/",
    )
    assign_tree_fields(obj)
    obj.save(update_fields=TREE_FIELDS)
    return obj


def position(
    agency_obj: Agency,
    name: str = "Perawat Ahli Pertama",
    *,
    kind: str = "fungsional",
    jenjang: str = "ahli_pertama",
    family: str = "kesehatan",
) -> Position:
    return Position.unscoped.create(
        agency=agency_obj,
        code=f"P{next(_seq)}",
        name=name,
        kind=kind,
        jenjang=jenjang,
        family=family,
    )


def nip_for(
    birth: date, sex: str = "M", tmt: tuple[int, int] | None = None, seq: int | None = None
) -> str:
    year, month = tmt or (birth.year + 25, 3)
    sequence = (seq or next(_seq)) % 1000 or 1
    return f"{birth:%Y%m%d}{year:04d}{month:02d}{'1' if sex == 'M' else '2'}{sequence:03d}"


def nik_for(birth: date, sex: str = "M", region_prefix: str = "627101", seq: int = 1) -> str:
    day = birth.day + (40 if sex == "F" else 0)
    return f"{region_prefix}{day:02d}{birth:%m%y}{seq:04d}"


def employee(
    unit_obj: OrgUnit,
    position_obj: Position,
    name: str = "Budi Santoso",
    *,
    status: str = "pns",
    sex: str = "M",
    birth: date = date(1980, 5, 17),
    **extra: Any,
) -> Employee:
    nip = extra.pop("nip", None)
    if nip is None and status in ("pns", "cpns"):
        nip = nip_for(birth, sex)
    elif nip is None and status in ("pppk", "pppk_pw"):
        nip = f"{birth:%Y%m%d}2023211{next(_seq) % 1000:03d}"
    return Employee.unscoped.create(
        agency=unit_obj.agency,
        unit=unit_obj,
        position=position_obj,
        name=name,
        status=status,
        sex=sex,
        birth_date=birth,
        nip=nip,
        nik=extra.pop("nik", nik_for(birth, sex, seq=next(_seq) % 9999 or 1)),
        **extra,
    )


def user(
    username: str,
    role: str | None,
    *,
    agency_obj: Agency | None = None,
    unit_obj: OrgUnit | None = None,
    assigned: list[Agency] | None = None,
    is_superuser: bool = False,
) -> User:
    obj = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role or "",
        agency=agency_obj,
        org_unit=unit_obj,
        is_staff=role in (Role.ADMIN, Role.OPD_OPERATOR) or is_superuser,
        is_superuser=is_superuser,
    )
    if assigned:
        obj.assigned_agencies.set(assigned)
    return obj


def national_world(seed: int = 1, agencies: int = 4) -> list[Agency]:
    """A few agencies with random needs and staff for national totals: in each, units ×
    positions where some cells have a need and no staff, some staff and no need, some both;
    a few inactive employees, and one employee counted where their unit's agency has no
    need row. Bulk-written; returns the agencies in code order."""
    import random

    from formasi.workload.models import PositionNeed

    rng = random.Random(seed)
    made = []
    for a in range(agencies):
        province = region(f"{71 + a}", f"Provinsi {71 + a}")
        obj = agency(f"N{seed}{a:02d}", f"Pemerintah {seed}-{a}", region(f"{71 + a}.01", None,
                     None, province))  # fmt: skip
        units = [unit(obj, f"Unit {k}") for k in range(rng.randint(2, 4))]
        positions = [
            position(obj, f"Jabatan {k}", family=rng.choice(["kesehatan", "guru", "teknis"]))
            for k in range(rng.randint(2, 4))
        ]
        cells = [(u, p) for u in units for p in positions]
        PositionNeed.unscoped.bulk_create(
            PositionNeed(agency=obj, unit=u, position=p, source="entered", count=rng.randint(0, 6))
            for u, p in rng.sample(cells, k=len(cells) // 2)
        )
        Employee.unscoped.bulk_create(
            Employee(
                agency=obj,
                unit=u,
                position=p,
                name=f"Pegawai {a}-{k}",
                status=rng.choice(["pns", "pppk", "pppk_pw", "cpns"]),
                sex=rng.choice("MF"),
                birth_date=date(1965 + rng.randrange(35), 1 + rng.randrange(12), 1),
                active=rng.random() > 0.1,
            )
            for k, (u, p) in enumerate(rng.choices(cells, k=rng.randint(5, 25)))
        )
        made.append(obj)
    return made
