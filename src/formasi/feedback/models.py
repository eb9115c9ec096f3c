"""What the public says about a service unit (issue 20, PermenPAN-RB 14/2017).

* :class:`SurveyResponse` — one respondent's nine scores (1–4, empty where skipped), the optional
  respondent profile the regulation lists (age, sex, education, occupation, the service used)
  and the hash of the signed form token it came with (unique: a replayed form is stored once).
  No name, no address, no NIK: nothing personal is asked.
* :class:`Complaint` — the free text a respondent left (complaint or suggestion), followed up by
  the unit's OPD: status new → in progress → answered → closed, who handled it, the answer and
  when (time to answer = answered_at − received).

Both copy the unit's agency and are scoped through the unit's path: an OPD operator sees and
answers those of their OPD subtree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.scoping import ScopedManager, ScopedQuerySet
from formasi.domain.survey import UNSUR

__all__ = ["Complaint", "Education", "Occupation", "SurveyQuerySet", "SurveyResponse"]

SCORE_FIELDS = tuple(code.lower() for code in UNSUR)


class SurveyQuerySet(ScopedQuerySet):
    resource = "survey"
    unit_path_field = "unit__path"


class Education(models.TextChoices):
    """Pendidikan as the regulation's questionnaire lists it."""

    SD = "sd", _("Primary school (SD)")
    SMP = "smp", _("Junior secondary (SMP)")
    SMA = "sma", _("Senior secondary (SMA/SMK)")
    DIPLOMA = "diploma", _("Diploma (D1–D4)")
    S1 = "s1", "S-1"
    S2 = "s2", "S-2"
    S3 = "s3", "S-3"


class Occupation(models.TextChoices):
    PNS = "pns", _("Civil servant (PNS)")
    TNI = "tni", "TNI"
    POLRI = "polri", "POLRI"
    SWASTA = "swasta", _("Private employee")
    WIRAUSAHA = "wirausaha", _("Self-employed")
    LAINNYA = "lainnya", _("Other")


def _score(code: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        code.upper(),
        null=True,
        blank=True,
        choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4")],
    )


class SurveyResponse(models.Model):
    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organization.OrgUnit",
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    u1 = _score("u1")
    u2 = _score("u2")
    u3 = _score("u3")
    u4 = _score("u4")
    u5 = _score("u5")
    u6 = _score("u6")
    u7 = _score("u7")
    u8 = _score("u8")
    u9 = _score("u9")
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    sex = models.CharField(
        _("sex"), max_length=1, blank=True, choices=[("L", _("Male")), ("P", _("Female"))]
    )
    education = models.CharField(
        _("education"), max_length=10, blank=True, choices=Education.choices
    )
    occupation = models.CharField(
        _("occupation"), max_length=10, blank=True, choices=Occupation.choices
    )
    service = models.CharField(_("service received"), max_length=120, blank=True)
    token_hash = models.CharField(_("form token hash"), max_length=64, unique=True, editable=False)

    unscoped = models.Manager.from_queryset(SurveyQuerySet)()
    objects = ScopedManager.from_queryset(SurveyQuerySet)()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at"]
        default_manager_name = "unscoped"
        indexes = [models.Index(fields=["unit", "submitted_at"], name="survey_unit_time")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.submitted_at:%Y-%m-%d %H:%M}"

    @property
    def scores(self) -> list[int | None]:
        return [getattr(self, name) for name in SCORE_FIELDS]


class Complaint(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organization.OrgUnit",
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    response = models.OneToOneField(
        SurveyResponse,
        verbose_name=_("survey response"),
        on_delete=models.PROTECT,
        related_name="complaint",
        editable=False,
    )
    received_at = models.DateTimeField(_("received at"), db_index=True)
    text = models.TextField(_("complaint or suggestion"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    unscoped = models.Manager.from_queryset(SurveyQuerySet)()
    objects = ScopedManager.from_queryset(SurveyQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint or suggestion")
        verbose_name_plural = _("complaints and suggestions")
        ordering = ["-received_at"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def hours_to_answer(self) -> float | None:
        if self.answered_at is None:
            return None
        return (self.answered_at - self.received_at).total_seconds() / 3600
