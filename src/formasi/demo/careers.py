"""Statuses and careers of the demo workforce, consistent with the rules in DOMAIN.md.

Data are as of 1 January 2026 (bezetting per 31 December 2025). Statuses are drawn in fixed
proportions (PNS 62 %, CPNS 3 %, PPPK 22 %, PPPK paruh waktu 10 %, non-ASN 3 %) over the seats
that may hold them (weighted sampling without replacement); managerial posts and the anchors
are PNS. Then, per person:

- PNS: the birth year comes first, from a mix with a large 1966-1972 cohort (the retirement
  wave); TMT CPNS at an age fitting the education; the golongan rises one ruang every 4 to 5.5
  years from the entry rank of the education (SMA II/a, D-III II/c, S-1 III/a, S-2 III/b); the
  jenjang follows from the golongan (Keppres 87/1999 ranges, DOMAIN §3.1). Fixed posts work
  backwards from a golongan in the range of the post. Nobody is past their BUP (§4).
- CPNS: TMT in 2025 at the entry rank.
- PPPK: golongan V-XV by jenjang (pelaksana: by education), TMT 2021-2025 and a contract
  ending 1 to 5 years after 2026-01-01 (PP 49/2018 Pasal 37).
- PPPK paruh waktu: appointed October or December 2025 on a one-year perjanjian
  (KepmenPAN-RB 16/2025), in the lowest jenjang of their track.
- Non-ASN: pelaksana only, working since 2008-2022, no golongan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from formasi.demo.apportion import largest_remainder
from formasi.demo.positions import HEAD_TEACHER, TRACKS, Track, retirement_age
from formasi.demo.staffing import CROWDING, FACILITY_ROLES, Seat
from formasi.organization.models import Position
from formasi.workforce.models import Employee

S, J, K = Employee.Status, Position.Jenjang, Position.Kind
REF = date(2026, 1, 1)
STATUS_SHARES = {S.PNS: 0.62, S.CPNS: 0.03, S.PPPK: 0.22, S.PPPK_PARUH_WAKTU: 0.10, S.NON_ASN: 0.03}
NON_ASN_TRACKS = frozenset({"OPERATOR", "PENGELOLA-UMUM", "PENGADMINISTRASI", "TEKNISI"})
GOLONGAN = [f"{r}/{x}" for r in ("I", "II", "III", "IV") for x in "abcd"] + ["IV/e"]

# fmt: off
# Entry golongan index (0 = I/a … 16 = IV/e) and age at TMT CPNS, by education.
ENTRY_RANK = {"smp": 2, "sma": 4, "d3": 6, "d4": 8, "s1": 8, "s2": 9}
ENTRY_AGE = {"smp": (18, 28), "sma": (19, 30), "d3": (21, 32), "d4": (22, 33), "s1": (22, 33),
             "s2": (25, 35)}
# Golongan index ranges per jenjang and per managerial kind.
JENJANG_RANKS: dict[str, tuple[int, int]] = {
    J.AHLI_PERTAMA: (8, 9), J.AHLI_MUDA: (10, 11), J.AHLI_MADYA: (12, 14), J.AHLI_UTAMA: (15, 16),
    J.PEMULA: (4, 4), J.TERAMPIL: (5, 7), J.MAHIR: (8, 9), J.PENYELIA: (10, 11),
}
JPT_KINDS = (K.JPT_UTAMA, K.JPT_MADYA, K.JPT_PRATAMA)
# Share of top posts held by the 1966-1967 cohort (Solo: top posts emptying by retirement).
SENIOR_JPT_SHARE = 0.4
KIND_RANKS: dict[str, tuple[int, int]] = {
    K.JPT_PRATAMA: (13, 15), K.ADMINISTRATOR: (11, 13), K.PENGAWAS: (9, 11),
}
# PPPK golongan (Perpres 98/2020 style, roman I-XVII) by jenjang, or by education for pelaksana.
PPPK_GOLONGAN: dict[str, str] = {
    J.AHLI_PERTAMA: "IX", J.AHLI_MUDA: "XI", J.AHLI_MADYA: "XIII", J.AHLI_UTAMA: "XV",
    J.PEMULA: "V", J.TERAMPIL: "VII", J.MAHIR: "VIII", J.PENYELIA: "IX",
}
PPPK_GOLONGAN_BY_EDUCATION = {"smp": "IV", "sma": "V", "d3": "VII", "d4": "IX", "s1": "IX",
                              "s2": "X"}
# Relative chance of each non-PNS status per kind of seat.
STATUS_WEIGHTS: dict[str, dict[str, float]] = {
    "guru": {S.CPNS: 1.0, S.PPPK: 2.0, S.PPPK_PARUH_WAKTU: 1.0},
    "kesehatan": {S.CPNS: 1.5, S.PPPK: 1.6, S.PPPK_PARUH_WAKTU: 1.2},
    "jf": {S.CPNS: 1.2, S.PPPK: 0.5, S.PPPK_PARUH_WAKTU: 0.3},
    "pelaksana": {S.CPNS: 0.2, S.PPPK: 0.7, S.PPPK_PARUH_WAKTU: 2.5, S.NON_ASN: 3.0},
}
# fmt: on


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


def track_of(position: Position) -> Track | None:
    """The track of a JF or pelaksana position (None for managerial posts and head teachers)."""
    parts = position.code.split(".")
    return TRACKS.get(parts[1]) if parts[0] in ("JF", "PL") else None


def _years_before(day: date, years: float) -> date:
    return day - timedelta(days=round(years * 365.25))


def _month_end(year: int, month: int) -> date:
    """Last day of ``month`` counted from January of ``year`` (month 13 = next January)."""
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


class CareerGenerator:
    def __init__(self, rng: random.Random, positions: dict[str, Position]) -> None:
        self.rng, self.positions = rng, positions

    # --- statuses -------------------------------------------------------------------------

    def assign_statuses(self, seats: list[Seat]) -> list[str]:
        targets = largest_remainder(len(seats), STATUS_SHARES)
        statuses = [S.PNS if seat.fixed else "" for seat in seats]
        for status in (S.NON_ASN, S.PPPK_PARUH_WAKTU, S.CPNS, S.PPPK):
            keyed = []  # Efraimidis-Spirakis: the largest random() ** (1 / weight) win
            for i, seat in enumerate(seats):
                weight = 0.0 if statuses[i] else self._status_weight(seat, status)
                if weight > 0:
                    keyed.append((self.rng.random() ** (1.0 / weight), i))
            for _, i in sorted(keyed, reverse=True)[: targets[status]]:
                statuses[i] = status
        return [status or S.PNS for status in statuses]

    def _status_weight(self, seat: Seat, status: str) -> float:
        track = TRACKS[seat.track]
        if track.is_pelaksana:
            kind = "pelaksana"
        else:
            kind = track.family if track.family in ("guru", "kesehatan") else "jf"
        weight = STATUS_WEIGHTS[kind].get(status, 0.0)
        if status == S.PPPK_PARUH_WAKTU and not track.paruh_waktu:
            return 0.0
        if status == S.NON_ASN and track.code not in NON_ASN_TRACKS:
            return 0.0
        # New contract staff are placed more often where the centre does not want to go.
        periphery = seat.plan.role in FACILITY_ROLES and CROWDING[seat.plan.district_code] < 1
        if periphery and status != S.NON_ASN:
            weight *= 1.5
        return weight

    # --- careers --------------------------------------------------------------------------

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

    def _education(self, track: Track) -> str:
        options = track.education
        if len(options) == 1 or self.rng.random() < 0.8:
            return options[0]
        return self.rng.choice(options[1:])

    def _birth_in(self, first: int, last: int) -> date:
        days = (date(last, 12, 31) - date(first, 1, 1)).days
        return date(first, 1, 1) + timedelta(days=self.rng.randrange(days))

    @staticmethod
    def _fits_bup(birth: date, position: Position) -> bool:
        # Active on REF means the BUP birthday falls in 2026 or later (TMT pensiun next month).
        return birth.year + retirement_age(position) >= REF.year

    @staticmethod
    def _track_rank(track: Track, rank: int) -> tuple[int, str]:
        """Clamp a golongan index into the track's jenjang ranges; return it and the jenjang.
        Ahli utama (IV/d-e) is left to the anchors."""
        ranges = [(j, *JENJANG_RANKS[j]) for j in track.jenjang if j != J.AHLI_UTAMA]
        if rank < ranges[0][1]:
            return ranges[0][1], ranges[0][0]
        for jenjang, low, high in ranges:
            if low <= rank <= high:
                return rank, jenjang
        return ranges[-1][2], ranges[-1][0]

    def _position_for(self, track: Track, rank: int) -> tuple[int, Position]:
        if track.is_pelaksana:
            return min(rank, 11), self.positions[track.position_code()]
        rank, jenjang = self._track_rank(track, rank)
        return rank, self.positions[track.position_code(jenjang)]

    def _pns_from_age(self, track: Track) -> Career:
        """Scaled PNS seats: birth cohort first, then service, golongan and jenjang."""
        while True:
            r = self.rng.random()
            cohort = (1966, 1972) if r < 0.40 else (1973, 1984) if r < 0.75 else (1985, 1998)
            birth = self._birth_in(*cohort)
            education = self._education(track)
            entry = date(
                birth.year + self.rng.randint(*ENTRY_AGE[education]), self.rng.randint(1, 12), 1
            )
            tmt = min(entry, date(2024, self.rng.randint(1, 12), 1))
            if (tmt.year, tmt.month) < (birth.year + 18, birth.month):
                continue
            service = (REF - tmt).days / 365.25
            rank = ENTRY_RANK[education] + int(service / self.rng.uniform(4.0, 5.5))
            rank, position = self._position_for(track, rank)
            if self._fits_bup(birth, position):
                return self._pns(position, birth, education, rank, tmt)

    def _pns_from_rank(self, position: Position) -> Career:
        """Fixed posts: a golongan in the post's range, then service and birth backwards."""
        low, high = (
            JENJANG_RANKS[position.jenjang] if position.jenjang else KIND_RANKS[position.kind]
        )
        track = track_of(position)
        if position.kind in JPT_KINDS and self.rng.random() < SENIOR_JPT_SHARE:
            # Born 1966-1967: BUP 60 falls in 2026-2027, the wave of empty top posts.
            rank = self.rng.randint(low, high)
            education = "s2" if self.rng.random() < 0.7 else "s1"
            birth = self._birth_in(1966, 1967)
            tmt = _years_before(birth, -self.rng.uniform(*ENTRY_AGE[education])).replace(day=1)
            return self._pns(position, birth, education, rank, tmt)
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
            tmt = min(_years_before(REF, service), date(2024, 12, 1)).replace(day=1)
            age = self.rng.randint(*ENTRY_AGE[education]) + self.rng.random()
            birth = _years_before(tmt, age)
            if self._fits_bup(birth, position):
                return self._pns(position, birth, education, rank, tmt)

    def _pns(self, position: Position, birth: date, education: str, rank: int, tmt: date) -> Career:
        since = max(tmt + timedelta(days=366), _years_before(REF, self.rng.uniform(0.1, 8.0)))
        since = min(since, date(2025, 12, 1)).replace(day=1)
        return Career(S.PNS, position, birth, education, GOLONGAN[rank], tmt, since)

    def _cpns(self, track: Track) -> Career:
        education = self._education(track)
        tmt = date(2025, self.rng.choice((3, 6, 6, 7)), 1)
        birth = self._birth_in(1993, 2002)
        rank, position = self._position_for(track, ENTRY_RANK[education])
        return Career(S.CPNS, position, birth, education, GOLONGAN[rank], tmt, tmt)

    def _contract(self, track: Track, status: str) -> Career:
        education = self._education(track)
        if status == S.PPPK:
            birth = self._birth_in(*((1976, 1984) if self.rng.random() < 0.3 else (1985, 1999)))
            end = _month_end(2026, self.rng.randint(12, 59))  # 2026-12-31 … 2030-11-30
            nxt = end + timedelta(days=1)
            starts = [nxt.replace(year=nxt.year - n) for n in range(1, 6)]
            starts = [d for d in starts if date(2021, 1, 1) <= d <= date(2025, 12, 1)]
            start = self.rng.choice(starts)
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
        return Career(status, position, birth, education, golongan, None, start, end)

    def _non_asn(self, track: Track) -> Career:
        position = self.positions[track.position_code()]
        start = date(self.rng.randint(2008, 2022), self.rng.randint(1, 12), 1)
        birth = self._birth_in(1980, 2002)
        return Career(S.NON_ASN, position, birth, self._education(track), tmt_position=start)
