"""The demo workforce: one employee per seat, deterministic from the seed.

Data are as of 1 January 2026 (bezetting per 31 December 2025). Statuses are drawn in fixed
proportions (PNS 62 %, CPNS 3 %, PPPK 22 %, PPPK paruh waktu 10 %, non-ASN 3 %) over the seats
that may hold them; managerial posts and anchors are PNS. Careers are consistent:

- PNS: birth year from a mix with a large 1966–1972 cohort (the retirement wave), TMT CPNS
  at an age fitting the education, golongan rising one ruang every 4–5.5 years from the
  entry rank of the education (SMA II/a, D-III II/c, S-1 III/a, S-2 III/b) and the jenjang
  following from the golongan (Keppres 87/1999 ranges, DOMAIN §3.1); fixed posts work
  backwards from a golongan in the range of the post. Nobody is past their BUP (§4).
- CPNS: appointed in 2025 at the entry rank; PPPK: NI PPPK, golongan V–XV by education and
  jenjang, contract ending 1–5 years after 2026-01-01; PPPK paruh waktu: appointed late 2025
  on a one-year perjanjian (KepmenPAN-RB 16/2025); non-ASN: no NIP.
- NIP = birth date + TMT CPNS month + sex digit + sequence (Perka BKN 22/2007); NI PPPK =
  birth date + year of appointment + "21" + sex digit + sequence (only the birth-date prefix
  is a known rule); NIK = kecamatan of first registration + DDMMYY (+40 for women) + sequence.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker
from simple_history.utils import bulk_create_with_history

from formasi.demo.positions import AHLI, HEAD_TEACHER, TRACKS, Track, retirement_age
from formasi.demo.regions import DemoRegions
from formasi.demo.staffing import CROWDING, FACILITY_ROLES, Seat, _split
from formasi.domain.identifiers import parse_nik, parse_nip, parse_nipppk
from formasi.organization.models import Agency, Position, Region
from formasi.workforce.models import Employee

S, J, K = Employee.Status, Position.Jenjang, Position.Kind
REF = date(2026, 1, 1)
STATUS_SHARES = {S.PNS: 0.62, S.CPNS: 0.03, S.PPPK: 0.22, S.PPPK_PARUH_WAKTU: 0.10, S.NON_ASN: 0.03}
NON_ASN_TRACKS = frozenset({"OPERATOR", "PENGELOLA-UMUM", "PENGADMINISTRASI", "TEKNISI"})
GOLONGAN = [f"{r}/{x}" for r in ("I", "II", "III", "IV") for x in "abcd"] + ["IV/e"]
ENTRY_RANK = {"smp": 2, "sma": 4, "d3": 6, "d4": 8, "s1": 8, "s2": 9}
ENTRY_AGE = {
    "smp": (18, 28),
    "sma": (19, 30),
    "d3": (21, 32),
    "d4": (22, 33),
    "s1": (22, 33),
    "s2": (25, 35),
}
# Golongan index ranges (0 = I/a … 16 = IV/e) per jenjang and per managerial kind.
JENJANG_RANKS = {
    J.AHLI_PERTAMA: (8, 9),
    J.AHLI_MUDA: (10, 11),
    J.AHLI_MADYA: (12, 14),
    J.AHLI_UTAMA: (15, 16),
    J.PEMULA: (4, 4),
    J.TERAMPIL: (5, 7),
    J.MAHIR: (8, 9),
    J.PENYELIA: (10, 11),
}
KIND_RANKS = {
    K.JPT_PRATAMA: (13, 15),
    K.ADMINISTRATOR: (11, 13),
    K.PENGAWAS: (9, 11),
    K.PELAKSANA: (4, 11),
}
PPPK_GOLONGAN = {
    J.AHLI_PERTAMA: "IX",
    J.AHLI_MUDA: "XI",
    J.AHLI_MADYA: "XIII",
    J.AHLI_UTAMA: "XV",
    J.PEMULA: "V",
    J.TERAMPIL: "VII",
    J.MAHIR: "VIII",
    J.PENYELIA: "IX",
}
PPPK_GOLONGAN_BY_EDUCATION = {
    "smp": "IV",
    "sma": "V",
    "d3": "VII",
    "d4": "IX",
    "s1": "IX",
    "s2": "X",
}
FEMALE_SHARE = {"guru": 0.68, "kesehatan": 0.75, "manajerial": 0.3, "teknis": 0.15, "lainnya": 0.3}
MASTER_TITLE = {"guru": "M.Pd.", "kesehatan": "M.Kes.", "ti": "M.Kom."}
# Street names of Palangka Raya, for believable addresses.
STREETS = (
    "Tjilik Riwut",
    "G. Obos",
    "RTA Milono",
    "Yos Sudarso",
    "Diponegoro",
    "Ahmad Yani",
    "Imam Bonjol",
    "Rajawali",
    "Beliang",
    "Mahir Mahar",
    "Hiu Putih",
    "Temanggung Tilung",
    "Seth Adji",
    "Sisingamangaraja",
    "Kalimantan",
    "Badak",
    "Garuda",
    "Kinibalu",
    "Piranha",
    "Krakatau",
    "Bukit Keminting",
    "Menteng",
    "Murjani",
    "Darmosugondo",
)
MANAGER_TITLES = ("S.Sos.", "S.STP", "S.E.", "S.H.", "S.IP", "S.T.")


@dataclass
class Career:
    status: str
    position: Position
    birth: date
    education: str
    golongan: str = ""
    tmt_cpns: date | None = None
    tmt_position: date | None = None
    contract_end: date | None = None


def _first_of_month(d: date) -> date:
    return d.replace(day=1)


def _years_before(d: date, years: float) -> date:
    return d - timedelta(days=round(years * 365.25))


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


class WorkforceGenerator:
    def __init__(
        self, *, seed: int, agency: Agency, positions: dict[str, Position], regions: DemoRegions
    ) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("id_ID")
        self.fake.seed_instance(seed)
        self.agency, self.positions, self.regions = agency, positions, regions
        self.nip_sequence: dict[str, int] = defaultdict(int)
        self.nik_sequence: dict[str, int] = defaultdict(int)
        kel_weight = {}
        for kel in regions.kelurahan:
            kec = regions.kecamatan_of(kel)
            kel_weight[kel] = regions.population_2024[kec.code] / len(
                regions.kelurahan_of(kec.code)
            )
        self.city_kelurahan, self.city_weights = list(kel_weight), list(kel_weight.values())
        self.outside = defaultdict(list)  # province code -> regions people come from
        for region in regions.origins_outside:
            self.outside[region.code[:2]].append(region)

    # --- statuses -------------------------------------------------------------------------

    def assign_statuses(self, seats: list[Seat]) -> list[str]:
        targets = _split(len(seats), STATUS_SHARES)
        statuses = [""] * len(seats)
        for i, seat in enumerate(seats):
            if seat.fixed:
                statuses[i] = S.PNS
        for status in (S.NON_ASN, S.PPPK_PARUH_WAKTU, S.CPNS, S.PPPK):
            keyed = []
            for i, seat in enumerate(seats):
                weight = 0.0 if statuses[i] else self._status_weight(seat, status)
                if weight > 0:
                    keyed.append((self.rng.random() ** (1.0 / weight), i))
            for _, i in sorted(keyed, reverse=True)[: targets[status]]:
                statuses[i] = status
        return [s or S.PNS for s in statuses]

    def _status_weight(self, seat: Seat, status: str) -> float:
        track = TRACKS[seat.track]
        if track.is_pelaksana:
            weights = {
                S.CPNS: 0.2,
                S.PPPK: 0.7,
                S.PPPK_PARUH_WAKTU: 2.5 if track.paruh_waktu else 0,
                S.NON_ASN: 3.0 if track.code in NON_ASN_TRACKS else 0,
            }
        elif track.family == "guru":
            weights = {S.CPNS: 1.0, S.PPPK: 2.0, S.PPPK_PARUH_WAKTU: 1.0}
        elif track.family == "kesehatan":
            weights = {S.CPNS: 1.5, S.PPPK: 1.6, S.PPPK_PARUH_WAKTU: 1.2}
        else:
            weights = {
                S.CPNS: 1.2,
                S.PPPK: 0.5,
                S.PPPK_PARUH_WAKTU: 0.3 if track.paruh_waktu else 0,
            }
        weight = weights.get(status, 0.0)
        # New contract staff are more often placed where the centre does not want to go.
        if (
            seat.plan.role in FACILITY_ROLES
            and CROWDING[seat.plan.kecamatan] < 1
            and status != S.NON_ASN
        ):
            weight *= 1.5
        return weight

    # --- careers --------------------------------------------------------------------------

    def _education(self, track: Track) -> str:
        options = track.education
        return (
            options[0]
            if len(options) == 1 or self.rng.random() < 0.8
            else self.rng.choice(options[1:])
        )

    def _birth_in(self, first: int, last: int) -> date:
        return date(first, 1, 1) + timedelta(
            days=self.rng.randrange((date(last, 12, 31) - date(first, 1, 1)).days)
        )

    def _fits_bup(self, birth: date, position: Position) -> bool:
        # Active on REF means the BUP birthday falls in 2026 or later (TMT pensiun next month).
        return birth.year + retirement_age(position) >= REF.year

    def _track_rank(self, track: Track, rank: int) -> tuple[int, str]:
        """Clamp a golongan index into the track's jenjang ranges; return it and the jenjang."""
        ranges = [(j, *JENJANG_RANKS[j]) for j in track.jenjang]
        if track.is_keahlian:  # ahli utama (IV/d-e) only for the anchors
            ranges = [r for r in ranges if r[0] != J.AHLI_UTAMA]
        if rank < ranges[0][1]:
            return ranges[0][1], ranges[0][0]
        for jenjang, low, high in ranges:
            if low <= rank <= high:
                return rank, jenjang
        return ranges[-1][2], ranges[-1][0]

    def _pns_from_age(self, track: Track) -> Career:
        """Scaled PNS seats: birth cohort first, then service, golongan and jenjang."""
        while True:
            r = self.rng.random()
            birth = self._birth_in(
                *((1966, 1972) if r < 0.40 else (1973, 1984) if r < 0.75 else (1985, 1998))
            )
            education = self._education(track)
            age = self.rng.randint(*ENTRY_AGE[education])
            tmt = min(
                date(birth.year + age, self.rng.randint(1, 12), 1),
                date(2024, self.rng.randint(1, 12), 1),
            )
            if (tmt.year, tmt.month) < (birth.year + 18, birth.month):
                continue
            service = (REF - tmt).days / 365.25
            rank = ENTRY_RANK[education] + int(service / self.rng.uniform(4.0, 5.5))
            if track.is_pelaksana:
                rank, code = min(rank, 11), track.position_code()
            else:
                rank, jenjang = self._track_rank(track, rank)
                code = track.position_code(jenjang)
            position = self.positions[code]
            if self._fits_bup(birth, position):
                return self._pns(position, birth, education, rank, tmt)

    def _pns_from_rank(self, position: Position) -> Career:
        """Fixed posts: a golongan in the post's range, then service and birth backwards."""
        low, high = (
            JENJANG_RANKS[position.jenjang] if position.jenjang else KIND_RANKS[position.kind]
        )
        track = _track_of(position)
        while True:
            rank = self.rng.randint(low, high)
            if track is not None and position.code not in HEAD_TEACHER.values():
                education = self._education(track)
                if ENTRY_RANK[education] > rank:  # e.g. Pol PP pemula (II/a) needs SMA
                    education = min(track.education, key=ENTRY_RANK.__getitem__)
            else:
                education = "s2" if rank >= 12 and self.rng.random() < 0.6 else "s1"
            steps = max(0, rank - ENTRY_RANK[education])
            service = steps * self.rng.uniform(3.5, 5.0) + self.rng.uniform(0.2, 6.0)
            tmt = _first_of_month(min(_years_before(REF, service), date(2024, 12, 1)))
            birth = _years_before(tmt, self.rng.randint(*ENTRY_AGE[education]) + self.rng.random())
            if self._fits_bup(birth, position):
                return self._pns(position, birth, education, rank, tmt)

    def _pns(self, position: Position, birth: date, education: str, rank: int, tmt: date) -> Career:
        since = max(tmt + timedelta(days=366), _years_before(REF, self.rng.uniform(0.1, 8.0)))
        return Career(
            S.PNS,
            position,
            birth,
            education,
            GOLONGAN[rank],
            tmt_cpns=tmt,
            tmt_position=_first_of_month(min(since, date(2025, 12, 1))),
        )

    def _cpns(self, track: Track) -> Career:
        education = self._education(track)
        tmt = date(2025, self.rng.choice((3, 6, 6, 7)), 1)
        birth = self._birth_in(1993, 2002)
        rank = ENTRY_RANK[education]
        if track.is_pelaksana:
            position = self.positions[track.position_code()]
        else:
            rank, jenjang = self._track_rank(track, rank)
            position = self.positions[track.position_code(jenjang)]
        return Career(
            S.CPNS, position, birth, education, GOLONGAN[rank], tmt_cpns=tmt, tmt_position=tmt
        )

    def _contract(self, track: Track, status: str) -> Career:
        education = self._education(track)
        if status == S.PPPK:
            birth = self._birth_in(*((1976, 1984) if self.rng.random() < 0.3 else (1985, 1999)))
            end = _month_end(2026, self.rng.randint(12, 59))  # 2026-12-31 … 2030-11-30
            nxt = end + timedelta(days=1)
            lengths = [
                n
                for n in range(1, 6)
                if date(2021, 1, 1) <= nxt.replace(year=nxt.year - n) <= date(2025, 12, 1)
            ]
            start = nxt.replace(year=nxt.year - self.rng.choice(lengths or [5]))
        else:  # paruh waktu: one-year perjanjian from late 2025
            birth = self._birth_in(1976, 2000)
            start = date(2025, self.rng.choice((10, 12, 12, 12)), 1)
            end = start.replace(year=2026) - timedelta(days=1)
        jenjang = ""
        if not track.is_pelaksana:
            lowest = [j for j in track.jenjang if j != J.PEMULA]
            jenjang = lowest[0]
            if status == S.PPPK and len(lowest) > 1 and self.rng.random() < 0.15:
                jenjang = lowest[1]
        golongan = PPPK_GOLONGAN[jenjang] if jenjang else PPPK_GOLONGAN_BY_EDUCATION[education]
        position = self.positions[track.position_code(jenjang)]
        return Career(
            status, position, birth, education, golongan, tmt_position=start, contract_end=end
        )

    def _non_asn(self, track: Track) -> Career:
        position = self.positions[track.position_code()]
        start = date(self.rng.randint(2008, 2022), self.rng.randint(1, 12), 1)
        return Career(
            S.NON_ASN,
            position,
            self._birth_in(1980, 2002),
            self._education(track),
            tmt_position=start,
        )

    def career(self, seat: Seat, status: str) -> Career:
        if seat.fixed:
            return self._pns_from_rank(self.positions[seat.position])
        track = TRACKS[seat.track]
        if status == S.PNS:
            return self._pns_from_age(track)
        if status == S.CPNS:
            return self._cpns(track)
        if status == S.NON_ASN:
            return self._non_asn(track)
        return self._contract(track, status)

    # --- people ---------------------------------------------------------------------------

    def _sex(self, position: Position) -> str:
        code = position.code
        if "BIDAN" in code:
            share = 1.0
        elif "GURU-KELAS" in code:
            share = 0.78
        elif "POLPP" in code or position.family == "teknis":
            share = 0.15
        else:
            share = FEMALE_SHARE.get(position.family, 0.5)
        return Employee.Sex.FEMALE if self.rng.random() < share else Employee.Sex.MALE

    def _name(self, sex: str, position: Position, education: str) -> str:
        female = sex == Employee.Sex.FEMALE
        first = self.fake.first_name_female() if female else self.fake.first_name_male()
        last = self.fake.last_name_female() if female else self.fake.last_name_male()
        name = f"{first} {last}"
        track = _track_of(position)
        if track is not None:
            title = track.title
        elif position.family == "guru":
            title = "S.Pd."
        elif position.code == "PENGAWAS.KAPUS":
            title = "S.K.M."
        else:
            title = self.rng.choice(MANAGER_TITLES)
        if title.startswith("dr"):
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
        if seat.plan.role in FACILITY_ROLES and unit_region.level == Region.Level.VILLAGE:
            if self.rng.random() < local:
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
            near = 0.75 if CROWDING[seat.plan.kecamatan] >= 1 else 0.45
            if self.rng.random() < near:
                if unit_region.level == Region.Level.VILLAGE and self.rng.random() < 0.6:
                    return unit_region
                return self.rng.choice(self.regions.kelurahan_of(seat.plan.kecamatan))
        return self.rng.choices(self.city_kelurahan, self.city_weights)[0]

    def _nik(self, origin: Region, domicile: Region, birth: date, sex: str) -> str:
        kecamatan = self.regions.kecamatan_of(origin) or self.regions.kecamatan_of(domicile)
        day = birth.day + (40 if sex == Employee.Sex.FEMALE else 0)
        prefix = kecamatan.code.replace(".", "") + f"{day:02d}{birth:%m%y}"
        self.nik_sequence[prefix] += 1
        return f"{prefix}{self.nik_sequence[prefix]:04d}"

    def _nip(self, career: Career, sex: str) -> str | None:
        digit = "2" if sex == Employee.Sex.FEMALE else "1"
        if career.status in (S.PNS, S.CPNS):
            prefix = f"{career.birth:%Y%m%d}{career.tmt_cpns:%Y%m}{digit}"
        elif career.status in (S.PPPK, S.PPPK_PARUH_WAKTU):
            prefix = f"{career.birth:%Y%m%d}{career.tmt_position:%Y}21{digit}"
        else:
            return None
        self.nip_sequence[prefix] += 1
        return f"{prefix}{self.nip_sequence[prefix]:03d}"

    def employee(self, seat: Seat, status: str) -> Employee:
        career = self.career(seat, status)
        sex = self._sex(career.position)
        origin = self._origin(seat, status)
        domicile = self._domicile(seat, origin)
        origin_city = origin
        while origin_city.level not in (Region.Level.REGENCY, Region.Level.PROVINCE):
            origin_city = self.regions.by_pk[origin_city.parent_id]
        return Employee(
            agency=self.agency,
            nip=self._nip(career, sex),
            nik=self._nik(origin, domicile, career.birth, sex),
            name=self._name(sex, career.position, career.education),
            sex=sex,
            birth_date=career.birth,
            birth_place=_place_name(origin_city),
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
            address=f"Jl. {self.rng.choice(STREETS)} No. {self.rng.randint(1, 120)}, Kel. {domicile.name}",
        )


def _track_of(position: Position) -> Track | None:
    """The track a JF or pelaksana position belongs to (None for managerial posts)."""
    parts = position.code.split(".")
    return TRACKS.get(parts[1]) if parts[0] in ("JF", "PL") else None


def _place_name(region: Region) -> str:
    name = region.name.removeprefix("Kabupaten ").removeprefix("Kota ")
    return "Palangka Raya" if name == "Palangkaraya" else name


def check_identifiers(employee: Employee) -> None:
    """Every generated NIP/NI PPPK/NIK must parse and agree with the record."""
    nik = parse_nik(employee.nik, today=REF)
    ok = (nik.birth_date, nik.sex) == (employee.birth_date, employee.sex)
    if employee.status in Employee.NIP_STATUSES:
        nip = parse_nip(employee.nip)
        ok = ok and (nip.birth_date, nip.sex, nip.cpns_start) == (
            employee.birth_date,
            employee.sex,
            employee.tmt_cpns,
        )
    elif employee.status in Employee.CONTRACT_STATUSES:
        ok = ok and parse_nipppk(employee.nip) == employee.birth_date
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
    generator = WorkforceGenerator(seed=seed, agency=agency, positions=positions, regions=regions)
    statuses = generator.assign_statuses(seats)
    employees = [
        generator.employee(seat, status) for seat, status in zip(seats, statuses, strict=True)
    ]
    for employee in employees:
        check_identifiers(employee)
    return bulk_create_with_history(
        employees, Employee, batch_size=500, default_change_reason="demo data"
    )
