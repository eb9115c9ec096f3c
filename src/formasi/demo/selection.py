"""The demo city's open selection in progress (issue 19): one seleksi terbuka for a JPT pratama
post that is empty now (or empties by 1 October next year), run by the BKPSDM admin through
``formasi.talent.selection_services`` so its history is full.

The announcement ran 21 days and is closed; the committee has five members (two internal, an
external chair); six candidates registered (three administrators of the city, three from
outside); one failed administration and one still waits for the interview, so the ranking is
in progress and the three best are not yet sent to the PPK.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from formasi.core.permissions import Role
from formasi.organization.models import Agency, OrgUnit, Position
from formasi.planning import fiveyear
from formasi.talent import selection_services as services
from formasi.talent.selection_models import Selection
from formasi.workforce.models import Employee

COMMITTEE = [
    ("Prof. Dr. Hadi Susanto, M.Si.", "chair", False, "Universitas Palangka Raya"),
    ("Dr. Rina Marlina, M.PA.", "member", False, "Asosiasi Ilmu Administrasi Negara"),
    ("Dr. Yosef Tarigan, M.M.", "member", False, "Universitas Lambung Mangkurat"),
    ("Ir. Bambang Wibowo, M.T.", "secretary", True, "Sekretariat Daerah"),
    ("Drs. Agus Salim, M.Si.", "member", True, "Inspektorat"),
]
EXTERNAL = [
    ("dr. Fajar Nugroho, M.Kes.", "Pemerintah Kabupaten Kapuas"),
    ("Hendra Gunawan, S.E., M.P.A.", "Pemerintah Provinsi Kalimantan Tengah"),
    ("Yohanes Lie, S.H., M.H.", "Pemerintah Kabupaten Katingan"),
]
# Administration passed, kompetensi, wawancara, rekam jejak (None: not yet held).
SCORES = [
    (True, "84.00", "80.00", "88.00"),
    (True, "78.50", "82.00", "80.00"),
    (True, "71.00", "74.00", "76.00"),
    (True, "80.00", None, "79.00"),
    (True, "66.00", "70.00", "72.00"),
    (False, None, None, None),
]


def _empty_jpt_post(agency: Agency) -> tuple[OrgUnit, Position] | None:
    """The first JPT post empty now, else the first emptying by 1 October next year."""
    today = timezone.localdate()
    report = fiveyear.vacancy_report(
        [agency.pk], today=today, on=today.replace(year=today.year + 1, month=10, day=1)
    )
    jpt = [p for p in report.posts if p.post.level in services.JPT_KINDS]
    found = next((p for p in jpt if p.empty_now), None) or next(
        (p for p in jpt if p.empty_on), None
    )
    if found is None:
        return None
    unit_id, position_id = str(found.post.post_id).split(":")
    return OrgUnit.unscoped.get(pk=unit_id), Position.unscoped.get(pk=position_id)


def load_selection(agency: Agency) -> Selection | None:
    """Open, staff and score the demo selection; None if the city has no empty JPT post."""
    post = _empty_jpt_post(agency)
    admin = get_user_model().objects.filter(agency=agency, role=Role.ADMIN).first()
    if post is None or admin is None:
        return None
    unit, position = post
    today = timezone.localdate()
    row = services.open_selection(
        unit=unit,
        position=position,
        title=f"Seleksi terbuka {position.name} {unit.name}",
        opens_on=today - timedelta(days=40),
        closes_on=today - timedelta(days=20),
        requirements=(
            "Pendidikan paling rendah S-1/D-IV; pernah menduduki jabatan administrator paling "
            "singkat 2 tahun; predikat kinerja paling rendah Baik dalam 2 tahun terakhir; tidak "
            "sedang menjalani hukuman disiplin (PermenPAN-RB 15/2019)."
        ),
        actor=admin,
    )
    for name, role, internal, institution in COMMITTEE:
        services.add_member(
            selection=row, name=name, role=role, internal=internal, institution=institution,
            actor=admin,
        )  # fmt: skip
    insiders = Employee.unscoped.filter(
        agency=agency, active=True, position__kind=Position.Kind.ADMINISTRATOR
    ).order_by("nip", "id")[:3]
    candidates = [services.add_candidate(selection=row, employee=e, actor=admin) for e in insiders]
    candidates += [
        services.add_candidate(selection=row, name=name, origin=origin, actor=admin)
        for name, origin in EXTERNAL
    ]
    services.close_registration(selection=row, actor=admin)
    for candidate, (passed, k, w, r) in zip(candidates, SCORES, strict=False):
        services.record_scores(
            candidate=candidate,
            passed_administration=passed,
            kompetensi=None if k is None else Decimal(k),
            wawancara=None if w is None else Decimal(w),
            rekam_jejak=None if r is None else Decimal(r),
            actor=admin,
        )
    return row
