"""The only writers of the merit self-assessment, and the two reads other pages use.

Writes (one atomic use case each, the acting user explicit, used by pages, API and demo):
:func:`start_assessment`, :func:`refresh_auto`, :func:`answer_indicator`, :func:`add_evidence`,
:func:`submit_assessment`. The rules (indicators, score, category, auto-answers) are
``formasi.domain.merit``; this module gathers the agency's figures for the auto-answers
(:func:`gather_facts`), stores, and rescores after every change.

Reads for the leader's page: :func:`latest_merit` (the latest submitted year, score and
category) and :func:`merit_series` (every year's score and category, oldest first).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from formasi.accounts.models import User
from formasi.core.audit import record_event
from formasi.core.permissions import Action, can
from formasi.core.uploads import evidence_limit, evidence_type
from formasi.domain import merit
from formasi.organization.models import Agency, Position
from formasi.planning.fiveyear import vacancy_report
from formasi.talent import boxes
from formasi.talent.meritself_models import MeritAnswer, MeritAssessment, MeritEvidence
from formasi.talent.models import DisciplineRecord, SkpResult
from formasi.workforce.models import Employee
from formasi.workload.models import PositionNeed

__all__ = [
    "add_evidence",
    "add_evidence_file",
    "answer_indicator",
    "answer_to_change",
    "bands",
    "evidence_limit",
    "gather_facts",
    "latest_merit",
    "merit_series",
    "refresh_auto",
    "start_assessment",
    "submit_assessment",
]

FIRST_YEAR = 2018  # PermenPAN-RB 40/2018
#: Target posts of the talent indicator, and the position kinds a pool member may succeed to.
_TARGET = {
    Position.Kind.JPT_PRATAMA: {Position.Kind.JPT_PRATAMA, Position.Kind.ADMINISTRATOR},
    Position.Kind.ADMINISTRATOR: {Position.Kind.ADMINISTRATOR, Position.Kind.PENGAWAS},
}


def bands() -> tuple[merit.Band, ...]:
    """The category bands from the settings (DOMAIN §9.1)."""
    return (
        merit.Band("buruk", Fraction(100)),
        merit.Band("kurang", Fraction(settings.FORMASI_MERIT_KURANG_FROM)),
        merit.Band("baik", Fraction(settings.FORMASI_MERIT_BAIK_FROM)),
        merit.Band("sangat_baik", Fraction(settings.FORMASI_MERIT_SANGAT_BAIK_FROM)),
    )


def _pool_kinds(actor: User, agency: Agency, year: int, today: date) -> list[str]:
    """The position kinds of the agency's talent pool (kotak 7–9, no running sanction)."""
    found = boxes.pool(actor, agency, boxes.BoxFilter(year=year), today)
    return [kind for (_family, kind), n in found.sizes.items() for _ in range(n)]


def gather_facts(
    agency: Agency, year: int, actor: User, today: date | None = None
) -> merit.MeritFacts:
    """The agency's figures the auto-answers rest on, for ``year`` (the talent pool as
    ``actor`` sees it: the agency's admin sees all of it).

    Target posts are the JPT pratama and administrator posts empty now or by 1 October of the
    next year (the vacancy report); a post counts as covered while the pool still has an
    unmatched member at its level or one below (a coverage estimate, not the succession list).
    JPT filled by open selection are counted once the open-selection records exist (0 before:
    the indicator is then left to the assessor).
    """
    day = today or timezone.localdate()
    needs = PositionNeed.unscoped.filter(agency=agency)
    report = vacancy_report([agency.pk], today=day, on=max(day, date(year + 1, 10, 1)))
    pool_kinds = _pool_kinds(actor, agency, year, day)
    targets = with_successor = 0
    for level, kinds in _TARGET.items():
        empty = sum(max(p.empty_now, p.empty_on) for p in report.posts if p.post.level == level)
        ready = sum(1 for kind in pool_kinds if kind in kinds)
        targets += empty
        with_successor += min(empty, ready)
    staff = Employee.unscoped.filter(agency=agency, active=True)
    records = DisciplineRecord.unscoped.filter(agency=agency, decided_on__year=year)
    return merit.MeritFacts(
        need_cells=needs.count(),
        need_cells_from_abk=needs.filter(source=PositionNeed.Source.ABK).count(),
        target_posts=targets,
        target_posts_with_successor=with_successor,
        talent_pool=len(pool_kinds),
        jpt_filled=0,
        jpt_filled_by_open_selection=0,
        employees=staff.count(),
        employees_with_skp=SkpResult.unscoped.filter(
            agency=agency, year=year, employee__in=staff
        ).count(),
        discipline_records=records.count(),
        discipline_records_with_decision=records.exclude(decided_by_name="").count(),
    )


def _may_change(agency_id: int, actor: User) -> None:
    if not can(actor, Action.CHANGE, "merit"):
        raise PermissionDenied(_("Your role may not do this."))
    if (
        not Agency.unscoped.visible_to(actor, Action.CHANGE, resource="merit")
        .filter(pk=agency_id)
        .exists()
    ):
        raise PermissionDenied(_("This agency is outside your scope."))


def _open(assessment: MeritAssessment, actor: User) -> MeritAssessment:
    """The assessment, locked for update, after the checks every change makes."""
    _may_change(assessment.agency_id, actor)
    row = MeritAssessment.unscoped.select_for_update().get(pk=assessment.pk)
    if row.locked:
        raise ValidationError(_("The self-assessment has been submitted and can no longer change."))
    return row


def _rescore(assessment: MeritAssessment, actor: User) -> None:
    levels = {
        code: int(level)
        for code, level in assessment.answers.exclude(level=None).values_list("indicator", "level")
        if level is not None
    }
    score = merit.merit_score(levels)
    assessment.score = None
    assessment.category = ""
    if score.total is not None:
        assessment.score = (Decimal(score.total.numerator) / score.total.denominator).quantize(
            Decimal("0.01")
        )
        assessment.category = merit.category(score.total, bands())
    assessment.entered_by = actor
    assessment._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    assessment.save()


def _apply_auto(assessment: MeritAssessment, actor: User, today: date | None) -> None:
    found = {
        a.indicator: a
        for a in merit.auto_answers(gather_facts(assessment.agency, assessment.year, actor, today))
    }
    for answer in assessment.answers.all():
        auto = found.get(answer.indicator)
        if auto is None and not answer.auto:
            continue
        answer.auto = auto is not None
        answer.level = auto.level if auto is not None else None
        answer.evidence = dict(auto.evidence) if auto is not None else {}
        answer.entered_by = actor
        answer._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
        answer.save()


@transaction.atomic
def start_assessment(
    *, agency: Agency, year: int, actor: User, today: date | None = None
) -> tuple[MeritAssessment, bool]:
    """The agency's assessment of ``year``, created with an empty answer per indicator and the
    auto-answers filled when it does not exist yet. Returns it and whether it was created."""
    _may_change(agency.pk, actor)
    latest = timezone.localdate().year
    if not FIRST_YEAR <= year <= latest:
        raise ValidationError(
            {"year": [_("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR,
                                                                        "last": latest}]}
        )  # fmt: skip
    row, created = MeritAssessment.unscoped.get_or_create(
        agency=agency, year=year, defaults={"entered_by": actor}
    )
    if created:
        MeritAnswer.unscoped.bulk_create(
            MeritAnswer(assessment=row, indicator=i.code, entered_by=actor)
            for i in merit.DEFAULT_FRAMEWORK.indicators
        )
        _apply_auto(row, actor, today)
        _rescore(row, actor)
        record_event(action="formasi.merit.started", actor=actor, obj=row, payload={"year": year})
    return row, created


@transaction.atomic
def refresh_auto(
    *, assessment: MeritAssessment, actor: User, today: date | None = None
) -> MeritAssessment:
    """Fill the auto-answers again from today's data (a draft only)."""
    row = _open(assessment, actor)
    _apply_auto(row, actor, today)
    _rescore(row, actor)
    return row


@transaction.atomic
def answer_indicator(
    *, assessment: MeritAssessment, indicator: str, level: int | None, note: str, actor: User
) -> MeritAnswer:
    """Record the level (1–4, or None to clear) and note of one indicator of a draft. An
    auto-answered indicator keeps its level (it follows the data); only its note changes."""
    row = _open(assessment, actor)
    answer = MeritAnswer.unscoped.filter(assessment=row, indicator=indicator).first()
    if answer is None:
        raise ValidationError({"indicator": [_("Unknown indicator.")]})
    if level is not None and level not in merit.LEVELS:
        raise ValidationError({"level": [_("Choose a level from 1 to 4.")]})
    if not answer.auto:
        answer.level = level
    answer.note = note.strip()
    answer.entered_by = actor
    answer._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    answer.full_clean(validate_unique=False)
    answer.save()
    _rescore(row, actor)
    return answer


@transaction.atomic
def add_evidence(*, answer: MeritAnswer, name: str, content: bytes, actor: User) -> MeritEvidence:
    """Attach a file to an answer of a draft: a PDF, PNG, JPEG or office document whose first
    bytes match its extension, at most ``FORMASI_MERIT_EVIDENCE_MAX_BYTES``."""
    _open(answer.assessment, actor)
    clean_name = name.replace("\\", "/").rpartition("/")[2].strip()[:200]
    limit = evidence_limit()
    if len(content) > limit:
        raise ValidationError(
            {"file": [_("The file is larger than %(mb)s MB.") % {"mb": round(limit / 2**20, 1)}]}
        )
    content_type = evidence_type(clean_name, content[:16])
    if not clean_name or content_type is None:
        raise ValidationError(
            {"file": [_("Upload a PDF, PNG or JPEG file or an office document (docx, xlsx, "
                        "pptx, odt, ods) whose content matches its name.")]}
        )  # fmt: skip
    row = MeritEvidence.unscoped.create(
        answer=answer,
        name=clean_name,
        content_type=content_type,
        size=len(content),
        content=content,
        uploaded_by=actor,
    )
    record_event(
        action="formasi.merit.evidence_added",
        actor=actor,
        agency_id=answer.assessment.agency_id,
        obj=row,
        payload={"indicator": answer.indicator, "size": len(content)},
    )
    return row


def answer_to_change(
    *, assessment: MeritAssessment, indicator: str, actor: User
) -> MeritAnswer | None:
    """The answer of ``indicator`` in the assessment when ``actor`` may change it, else None."""
    return (
        MeritAnswer.objects.visible_to(actor, Action.CHANGE)
        .filter(assessment=assessment, indicator=indicator)
        .first()
    )


class Upload(Protocol):
    """An uploaded file as Django gives it (``UploadedFile``)."""

    name: str | None

    def read(self, size: int = ...) -> bytes: ...


def add_evidence_file(*, answer: MeritAnswer, upload: Upload, actor: User) -> MeritEvidence:
    """:func:`add_evidence` of an uploaded file (the page's and the API's upload), read no
    further than one byte past the size limit: a larger file is refused without being read."""
    content = upload.read(evidence_limit() + 1)
    return add_evidence(answer=answer, name=upload.name or "", content=content, actor=actor)


@transaction.atomic
def submit_assessment(*, assessment: MeritAssessment, actor: User) -> MeritAssessment:
    """Submit and lock a draft whose every indicator is answered."""
    row = _open(assessment, actor)
    missing = row.answers.filter(level=None).count()
    if missing:
        raise ValidationError(
            _("%(n)s indicators are not answered yet; answer every indicator first.")
            % {"n": missing}
        )
    row.status = MeritAssessment.Status.SUBMITTED
    row.submitted_at = timezone.now()
    row.submitted_by = actor
    _rescore(row, actor)
    record_event(
        action="formasi.merit.submitted",
        actor=actor,
        obj=row,
        to_state=row.category,
        payload={"year": row.year, "score": str(row.score)},
    )
    return row


def merit_series(agency: Agency) -> list[tuple[int, Decimal, str]]:
    """(year, score, category) of every scored assessment of the agency, oldest first (a
    draft counts once every indicator is answered)."""
    rows = MeritAssessment.unscoped.filter(agency=agency).exclude(score=None).order_by("year")
    return [(r.year, r.score, r.category) for r in rows if r.score is not None]


def latest_merit(agency: Agency) -> tuple[int, Decimal, str] | None:
    """(year, score, category) of the agency's latest submitted assessment, or None."""
    row = (
        MeritAssessment.unscoped.filter(agency=agency, status=MeritAssessment.Status.SUBMITTED)
        .exclude(score=None)
        .order_by("-year")
        .first()
    )
    return None if row is None or row.score is None else (row.year, row.score, row.category)
