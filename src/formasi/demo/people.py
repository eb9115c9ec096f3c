"""The demo employees: who sits in each seat, deterministic from the seed.

``careers`` decides status, position, golongan and dates; this module adds the person: sex,
an Indonesian name (Faker ``id_ID``, seeded) with academic titles fitting the education, the
region of origin and of domicile, and the identifiers:

- NIP PNS/CPNS = birth date + TMT CPNS year and month + sex digit + sequence (Perka BKN
  22/2007); NI PPPK = birth date + year of appointment + "21" + sex digit + sequence (only the
  birth-date prefix is a known rule, DOMAIN §5.2); non-ASN have none.
- NIK = kecamatan of first registration + DDMMYY (day + 40 for women) + sequence (Dukcapil).
  The kecamatan is that of the region of origin when it is known, else of the domicile (people
  who arrived before the NIK era registered where they lived).

Origins: most staff come from the city's kelurahan (weighted by population) or from other
Kalimantan Tengah kabupaten, some from Kalimantan Selatan and Java. A minority of the staff of a
school, puskesmas or kantor kelurahan come from that very kelurahan (more often among contract
and non-ASN staff, who are hired locally). Staff of peripheral facilities often live in the
centre and commute.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

from faker import Faker
from simple_history.utils import bulk_create_with_history

from formasi.demo.careers import REF, Career, CareerGenerator, track_of
from formasi.demo.regions import DemoRegions, known
from formasi.demo.staffing import CROWDING, FACILITY_ROLES, Seat
from formasi.domain.identifiers import parse_nik, parse_nip, parse_nipppk
from formasi.organization.models import Agency, Position, Region
from formasi.workforce.models import Employee

S, SEX = Employee.Status, Employee.Sex
FEMALE_SHARE = {"guru": 0.68, "kesehatan": 0.75, "manajerial": 0.3, "teknis": 0.15, "lainnya": 0.3}
MASTER_TITLE = {"guru": "M.Pd.", "kesehatan": "M.Kes.", "ti": "M.Kom."}
MANAGER_TITLES = ("S.Sos.", "S.STP", "S.E.", "S.H.", "S.IP", "S.T.")
# Street names of Palangka Raya, for believable addresses.
STREETS = (
    "Tjilik Riwut", "G. Obos", "RTA Milono", "Yos Sudarso", "Diponegoro", "Ahmad Yani",
    "Imam Bonjol", "Rajawali", "Beliang", "Mahir Mahar", "Hiu Putih", "Temanggung Tilung",
    "Seth Adji", "Sisingamangaraja", "Kalimantan", "Badak", "Garuda", "Kinibalu", "Piranha",
    "Krakatau", "Bukit Keminting", "Menteng", "Murjani", "Darmosugondo",
)  # fmt: skip


class PeopleGenerator:
    def __init__(
        self, *, seed: int, agency: Agency, positions: dict[str, Position], regions: DemoRegions
    ) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("id_ID")
        self.fake.seed_instance(seed)
        self.careers = CareerGenerator(self.rng, positions)
        self.agency, self.regions = agency, regions
        self.nip_sequence: dict[str, int] = defaultdict(int)
        self.nik_sequence: dict[str, int] = defaultdict(int)
        weights = {}
        for kel in regions.kelurahan:
            kec = regions.district_in(kel)
            weights[kel] = regions.population_2024[kec.code] / len(regions.kelurahan_of(kec.code))
        self.city_kelurahan, self.city_weights = list(weights), list(weights.values())
        self.outside: dict[str, list[Region]] = defaultdict(list)  # by province code
        for region in regions.origins_outside:
            self.outside[region.code[:2]].append(region)

    def employees(self, seats: list[Seat]) -> list[Employee]:
        statuses = self.careers.assign_statuses(seats)
        return [self.employee(seat, status) for seat, status in zip(seats, statuses, strict=True)]

    def employee(self, seat: Seat, status: str) -> Employee:
        career = self.careers.career(seat, status)
        sex = self._sex(career.position)
        origin = self._origin(seat, status)
        domicile = self._domicile(seat, origin)
        number = self.rng.randint(1, 120)
        return Employee(
            agency=self.agency,
            nip=self._nip(career, sex),
            nik=self._nik(origin, domicile, career.birth, sex),
            name=self._name(sex, career.position, career.education),
            sex=sex,
            birth_date=career.birth,
            birth_place=self._place_name(origin),
            status=career.status,
            position=career.position,
            unit=seat.plan.unit,
            tmt_position=career.tmt_position,
            tmt_cpns=career.tmt_cpns,
            contract_end=career.contract_end,
            golongan=career.golongan,
            education=career.education,
            origin_region=origin,
            domicile_region=domicile,
            address=f"Jl. {self.rng.choice(STREETS)} No. {number}, Kel. {domicile.name}",
        )

    def _sex(self, position: Position) -> str:
        code = position.code
        if "BIDAN" in code:
            share = 1.0
        elif "GURU-KELAS" in code:
            share = 0.78
        elif "POLPP" in code or position.family == Position.Family.TEKNIS:
            share = 0.15
        else:
            share = FEMALE_SHARE.get(position.family, 0.5)
        return SEX.FEMALE if self.rng.random() < share else SEX.MALE

    def _name(self, sex: str, position: Position, education: str) -> str:
        female = sex == SEX.FEMALE
        first = self.fake.first_name_female() if female else self.fake.first_name_male()
        last = self.fake.last_name_female() if female else self.fake.last_name_male()
        name = f"{first} {last}"
        track = track_of(position)
        if track is not None:
            title = track.title
        elif position.family == Position.Family.GURU:
            title = "S.Pd."
        elif position.code == "PENGAWAS.KAPUS":
            title = "S.K.M."
        else:
            title = self.rng.choice(MANAGER_TITLES)
        if title.startswith("dr"):  # dr. and drg. go in front
            return f"{title} {name}" + (", M.Kes." if education == "s2" else "")
        if education in ("sma", "smp"):
            return name
        if education == "d3" and not title.startswith("A.Md"):
            title = "A.Md."
        if education in ("s1", "d4", "s2") and title.startswith("A.Md"):
            title = "S.Tr." if education == "d4" else "S.E."
        if education == "s2":
            title += ", " + MASTER_TITLE.get(position.family, "M.Si.")
        return f"{name}, {title}"

    def _origin(self, seat: Seat, status: str) -> Region:
        unit_region = seat.plan.unit.region
        local = 0.35 if status in (S.PPPK_PARUH_WAKTU, S.NON_ASN) else 0.12
        in_village = unit_region.level == Region.Level.VILLAGE
        if seat.plan.role in FACILITY_ROLES and in_village and self.rng.random() < local:
            return unit_region
        r = self.rng.random()
        if r < 0.55:
            return self.rng.choices(self.city_kelurahan, self.city_weights)[0]
        province = "62" if r < 0.82 else "63" if r < 0.90 else self.rng.choice(("33", "35"))
        return self.rng.choice(self.outside[province])

    def _domicile(self, seat: Seat, origin: Region) -> Region:
        if origin.level == Region.Level.VILLAGE and self.rng.random() < 0.6:
            return origin
        unit_region = seat.plan.unit.region
        if seat.plan.role in FACILITY_ROLES:
            near = 0.75 if CROWDING[seat.plan.district_code] >= 1 else 0.45
            if self.rng.random() < near:
                if unit_region.level == Region.Level.VILLAGE and self.rng.random() < 0.6:
                    return unit_region
                return self.rng.choice(self.regions.kelurahan_of(seat.plan.district_code))
        return self.rng.choices(self.city_kelurahan, self.city_weights)[0]

    def _place_name(self, origin: Region) -> str:
        region = origin
        while region.level not in (Region.Level.REGENCY, Region.Level.PROVINCE):
            region = self.regions.by_pk[known(region.parent_id, "parent region")]
        return region.name.removeprefix("Kabupaten ").removeprefix("Kota ")

    def _nik(self, origin: Region, domicile: Region, birth: date, sex: str) -> str:
        district = self.regions.district_of(origin) or self.regions.district_in(domicile)
        day = birth.day + (40 if sex == SEX.FEMALE else 0)
        prefix = district.code.replace(".", "") + f"{day:02d}{birth:%m%y}"
        self.nik_sequence[prefix] += 1
        return f"{prefix}{self.nik_sequence[prefix]:04d}"

    def _nip(self, career: Career, sex: str) -> str | None:
        digit = "2" if sex == SEX.FEMALE else "1"
        if career.status in Employee.NIP_STATUSES:
            prefix = f"{career.birth:%Y%m%d}{career.tmt_cpns:%Y%m}{digit}"
        elif career.status in Employee.CONTRACT_STATUSES:
            prefix = f"{career.birth:%Y%m%d}{career.tmt_position:%Y}21{digit}"
        else:
            return None
        self.nip_sequence[prefix] += 1
        return f"{prefix}{self.nip_sequence[prefix]:03d}"


def check_identifiers(employee: Employee) -> None:
    """Every generated NIP/NI PPPK/NIK must parse and agree with the record."""
    nik = parse_nik(employee.nik, today=REF)
    ok = (nik.birth_date, nik.sex) == (employee.birth_date, employee.sex)
    if employee.status in Employee.NIP_STATUSES:
        nip = parse_nip(known(employee.nip, "NIP"))
        ok = ok and (nip.birth_date, nip.sex, nip.cpns_start) == (
            employee.birth_date,
            employee.sex,
            employee.tmt_cpns,
        )
    elif employee.status in Employee.CONTRACT_STATUSES:
        ok = ok and parse_nipppk(known(employee.nip, "NI PPPK")) == employee.birth_date
    else:
        ok = ok and employee.nip is None
    if not ok:
        raise RuntimeError(f"generated identifiers disagree with the record of {employee.name}")


def build_workforce(
    *,
    seed: int,
    agency: Agency,
    positions: dict[str, Position],
    regions: DemoRegions,
    seats: list[Seat],
) -> list[Employee]:
    generator = PeopleGenerator(seed=seed, agency=agency, positions=positions, regions=regions)
    employees = generator.employees(seats)
    for employee in employees:
        check_identifiers(employee)
    return bulk_create_with_history(
        employees, Employee, batch_size=500, default_change_reason="demo data"
    )
