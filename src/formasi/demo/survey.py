"""The demo city's public survey (issue 20): a year of answers for every kantor kelurahan,
kantor kecamatan and puskesmas, and complaints in every follow-up status.

Scores are drawn around a level per unit: the offices and puskesmas of Rakumpit and Bukit Batu,
short of staff, are rated lower (grade C or D), the rest mostly B, a few A. Time to finish
(U3) and facilities (U8) score below the rest, cost (U4, mostly free) above. Rows are written
with ``bulk_create`` (a few thousand answers in well under a second); no form token is involved,
each row gets a hash of its own serial.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from formasi.demo.careers import REF
from formasi.feedback.models import SCORE_FIELDS, Complaint, Education, Occupation, SurveyResponse
from formasi.organization.models import Agency, OrgUnit

LOW_DISTRICTS = {"Rakumpit", "Bukit Batu"}
KINDS = ("kantor_kelurahan", "kantor_kecamatan", "puskesmas")
UNSUR_OFFSET = (0.0, -0.1, -0.35, 0.4, 0.0, 0.05, 0.1, -0.3, -0.15)
COMPLAINTS = (
    "Antrean pagi terlalu panjang, loket baru dibuka pukul 08.30.",
    "Persyaratan surat pengantar berbeda antara petugas satu dan lainnya.",
    "Ruang tunggu panas dan kursinya kurang.",
    "Petugas ramah, tetapi berkas saya baru selesai setelah tiga kali datang.",
    "Mohon disediakan informasi jam layanan di papan depan kantor.",
    "Toilet untuk pengunjung tidak berfungsi.",
    "Pelayanan cepat, terima kasih. Saran: tambah tempat parkir motor.",
)
ANSWER = "Terima kasih atas masukannya. Sudah kami tindak lanjuti: {what}"
WHAT = (
    "jadwal petugas loket disesuaikan.",
    "daftar persyaratan dipasang di papan informasi.",
    "perbaikan sarana diusulkan dalam anggaran perubahan.",
)


def _level(rng: random.Random, unit: OrgUnit) -> float:
    district = unit.district.name if unit.district else ""
    if district in LOW_DISTRICTS:
        return rng.uniform(2.35, 2.85)
    return rng.uniform(3.05, 3.6)


def _score(rng: random.Random, mean: float) -> int | None:
    if rng.random() < 0.04:
        return None
    return min(4, max(1, round(rng.gauss(mean, 0.6))))


def _when(rng: random.Random) -> datetime:
    day = rng.randrange(0, 333)  # January to November of the demo year
    at = datetime(REF.year, 1, 1, tzinfo=UTC) + timedelta(days=day, hours=rng.randint(0, 8))
    return at + timedelta(minutes=rng.randint(0, 59))


def _answers(rng: random.Random, agency: Agency, unit: OrgUnit, serial: int) -> list:
    level = _level(rng, unit)
    rows = []
    for i in range(rng.randint(60, 140)):
        scores = [_score(rng, level + offset) for offset in UNSUR_OFFSET]
        if all(s is None for s in scores):
            scores[0] = 3
        rows.append(
            SurveyResponse(
                agency=agency,
                unit=unit,
                submitted_at=_when(rng),
                age=rng.randint(18, 70) if rng.random() < 0.8 else None,
                sex=rng.choice(["L", "P", ""]),
                education=rng.choice([*Education.values, ""]),
                occupation=rng.choice([*Occupation.values, ""]),
                token_hash=hashlib.sha256(f"demo-{serial}-{i}".encode()).hexdigest(),
                **dict(zip(SCORE_FIELDS, scores, strict=True)),
            )
        )
    return rows


def _complaint(rng: random.Random, row: SurveyResponse, handler: Any) -> Complaint:
    age_days = (datetime(REF.year, 12, 1, tzinfo=UTC) - row.submitted_at).days
    status = Complaint.Status.NEW
    if age_days > 120:
        status = rng.choice([Complaint.Status.CLOSED, Complaint.Status.ANSWERED])
    elif age_days > 30:
        status = rng.choice([Complaint.Status.ANSWERED, Complaint.Status.IN_PROGRESS])
    answered = status in (Complaint.Status.ANSWERED, Complaint.Status.CLOSED)
    return Complaint(
        agency_id=row.agency_id,
        unit_id=row.unit_id,
        response=row,
        received_at=row.submitted_at,
        text=rng.choice(COMPLAINTS),
        status=status,
        handled_by=handler if status != Complaint.Status.NEW else None,
        answer=ANSWER.format(what=rng.choice(WHAT)) if answered else "",
        answered_at=row.submitted_at + timedelta(hours=rng.randint(3, 240)) if answered else None,
    )


def load_survey(agency: Agency, seed: int = 2026) -> int:
    """Writes the year's answers and complaints; returns how many answers."""
    rng = random.Random(seed + 20)
    units = list(
        OrgUnit.unscoped.filter(agency=agency, kind__in=KINDS, active=True)
        .select_related("district")
        .order_by("code")
    )
    rows: list[SurveyResponse] = []
    for serial, unit in enumerate(units):
        rows.extend(_answers(rng, agency, unit, serial))
    SurveyResponse.unscoped.bulk_create(rows, batch_size=2000)
    users = get_user_model().objects
    admin = users.filter(username="admin").first()
    health = users.filter(username="operator.dinkes").first() or admin
    complaints = [
        _complaint(rng, row, health if row.unit.kind == "puskesmas" else admin)
        for row in rows
        if rng.random() < 0.06
    ]
    Complaint.unscoped.bulk_create(complaints, batch_size=2000)
    return len(rows)
