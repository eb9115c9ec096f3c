"""The demo's new formasi (issue 7): this year's CPNS and PPPK who passed selection, and one
placement run for them, queued for the task worker like the plan's scenarios.

Applicants fill about 85 % of the open posts of entry-level positions (JF ahli pertama,
terampil and pemula, and pelaksana), position by position (at most 400 in all, shared in
proportion), so the run has to choose which posts stay empty. About 85 % are local: their
home kelurahan lies in Palangka Raya, in a kecamatan drawn in proportion to where that
position's posts are open (Bukit Batu and Rakumpit included), within it most often the
kelurahan of an open post; the others come from elsewhere in Kalimantan Tengah, Kalimantan
Selatan or Java. A position's applicants are CPNS or PPPK in the shares of its posts decided
as PNS or PPPK in last year's usulan (the run fills only those, each with its own status and
education; 35 % CPNS where none were decided), with the education its requirement names.
Deterministic from the seed; names from Faker ``id_ID``.
"""

from __future__ import annotations

import random
from collections import defaultdict

from faker import Faker
from simple_history.utils import bulk_create_with_history

from formasi.demo.apportion import largest_remainder
from formasi.demo.careers import REF
from formasi.demo.regions import DemoRegions, known
from formasi.domain import penetapan
from formasi.organization.models import Agency, OrgUnit, Position, Region
from formasi.placement import tasks
from formasi.placement.approved import APPROVED_STATES, FORMASI_YEAR_OFFSET
from formasi.placement.models import Applicant, PlacementRun
from formasi.proposals.models import ProposalItem
from formasi.workload.models import PositionNeed
from formasi.workload.services import bezetting_of

RUN_NAME = "Penempatan CPNS/PPPK formasi {year}"
SHARE_OF_OPEN = 0.85
#: CPNS among the applicants of a position without approved formasi (the others PPPK).
CPNS_SHARE = 0.35
LOCAL_SHARE = 0.85
#: At most this many applicants (a small demo has a large shortage; keep the load fast).
MOST_APPLICANTS = 400
ENTRY_JENJANG = (
    Position.Jenjang.AHLI_PERTAMA,
    Position.Jenjang.TERAMPIL,
    Position.Jenjang.PEMULA,
)
EDUCATION = {"ahli_pertama": "S-1", "terampil": "D-III", "pemula": "SMA", "": "SMA"}
#: The education names of the levels a position's requirement may name.
LEVEL_NAMES = {
    "sd": "SD", "smp": "SMP", "sma": "SMA", "d1": "D-I", "d2": "D-II", "d3": "D-III",
    "d4": "D-IV", "s1": "S-1", "s2": "S-2", "s3": "S-3",
}  # fmt: skip


def education_for(position: Position) -> str:
    """An applicant's education for ``position``: the usual one of its jenjang when its
    requirement names it (or names no level), else the lowest level the requirement names
    (the approved formasi require the position's education)."""
    usual = EDUCATION.get(position.jenjang, "S-1")
    levels = penetapan.education_levels(position.education_requirement)
    if not levels or penetapan.person_level(usual) in levels:
        return usual
    return LEVEL_NAMES[min(levels, key=list(LEVEL_NAMES).index)]


def _entry_level(position: Position) -> bool:
    return position.kind == Position.Kind.PELAKSANA or (
        position.kind == Position.Kind.FUNGSIONAL and position.jenjang in ENTRY_JENJANG
    )


def open_posts(agency: Agency) -> dict[Position, list[tuple[OrgUnit, int]]]:
    """Entry-level positions with open posts: position -> [(unit, open posts)]."""
    units = {
        u.pk: u
        for u in OrgUnit.unscoped.filter(agency=agency, active=True).select_related(
            "region", "district"
        )
    }
    bezetting = bezetting_of(units)
    out: dict[Position, list[tuple[OrgUnit, int]]] = defaultdict(list)
    for need in PositionNeed.unscoped.filter(agency=agency).select_related("position"):
        unit = units.get(need.unit_id)
        if unit is None or unit.district is None or not _entry_level(need.position):
            continue
        gap = need.count - bezetting.get((need.unit_id, need.position_id), 0)
        if gap > 0:
            out[need.position].append((unit, gap))
    return out


def cpns_shares(agency: Agency) -> dict[int, float]:
    """Position id → the share of its posts decided as PNS in the agency's proposal whose
    formasi this year's run fills (a CPNS fills a PNS post, a PPPK a PPPK post), so the
    applicants' statuses fit the approved formasi."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    items = ProposalItem.unscoped.filter(
        part__proposal__agency=agency,
        part__proposal__year=REF.year - FORMASI_YEAR_OFFSET,
        part__proposal__state__in=APPROVED_STATES,
        decided_count__gt=0,
    ).values_list("position_id", "status", "decided_count")
    for position, status, decided in items:
        counts[position][penetapan.status_group(status) == "pns"] += decided or 0
    return {p: pns / (pns + other) for p, (other, pns) in counts.items()}


def build_applicants(agency: Agency, regions: DemoRegions, *, seed: int) -> list[Applicant]:
    rng = random.Random(seed + 7)
    fake = Faker("id_ID")
    fake.seed_instance(seed + 7)
    year = REF.year
    outside = [r for r in regions.origins_outside] or [regions.city]
    applicants: list[Applicant] = []
    posts = open_posts(agency)
    shares = cpns_shares(agency)
    wanted = {p.code: round(sum(n for _u, n in posts[p]) * SHARE_OF_OPEN) for p in posts}
    if sum(wanted.values()) > MOST_APPLICANTS:
        wanted = largest_remainder(MOST_APPLICANTS, {k: float(v) for k, v in wanted.items()})
    for position in sorted(posts, key=lambda p: p.code):
        cells = sorted(posts[position], key=lambda c: c[0].code)
        count = wanted[position.code]
        if count == 0:
            continue
        # Every open post of the position, as (kelurahan or None, kecamatan) of its unit.
        slots = [
            (
                u.region if u.region.level == Region.Level.VILLAGE else None,
                known(u.district, "district"),
            )
            for u, n in cells
            for _ in range(n)
        ]
        rng.shuffle(slots)
        for i in range(count):
            if rng.random() < LOCAL_SHARE:
                village, district = slots[i % len(slots)]
                if village is None or rng.random() < 0.3:
                    choices = regions.kelurahan_of(district.code)
                    village = rng.choice(choices) if choices else None
                home: Region | None = village or district
            else:
                home = rng.choice(outside)
            female = rng.random() < (0.65 if position.family in ("guru", "kesehatan") else 0.45)
            first = fake.first_name_female() if female else fake.first_name_male()
            last = fake.last_name_female() if female else fake.last_name_male()
            cpns = rng.random() < shares.get(position.pk, CPNS_SHARE)
            status = Applicant.Status.CPNS if cpns else Applicant.Status.PPPK
            applicants.append(
                Applicant(
                    agency=agency,
                    year=year,
                    registration_number=f"{year % 100:02d}{len(applicants) + 1:06d}",
                    name=f"{first} {last}",
                    status=status,
                    position=position,
                    home_region=home,
                    education=education_for(position),
                )
            )
    return bulk_create_with_history(applicants, Applicant, batch_size=500)


def load_placement(agency: Agency, regions: DemoRegions, *, seed: int) -> PlacementRun:
    """The applicants and one queued new-hire run over the whole city."""
    build_applicants(agency, regions, seed=seed)
    run = PlacementRun.unscoped.create(
        agency=agency,
        name=RUN_NAME.format(year=REF.year),
        kind=PlacementRun.Kind.NEW_HIRES,
        year=REF.year,
    )
    tasks.enqueue(run)
    return run
