"""Penilaian mandiri penerapan sistem merit (PermenPAN-RB 40/2018, Peraturan KASN 9/2019): one
assessment per agency and year, its answer per indicator (``formasi.domain.merit``) and the
evidence files uploaded for an answer.

* :class:`MeritAssessment` — the year's assessment: draft until BKPSDM submits it, then locked;
  the score (100–400) and category are stored when every indicator is answered.
* :class:`MeritAnswer` — the level (1–4) chosen for one indicator, a note, and whether Formasi
  filled it from its own data (``auto``) with the numbers it rests on (``evidence``).
* :class:`MeritEvidence` — a file proving an answer (kept in the database like the other
  documents, size and type checked by ``core.uploads.check_evidence``).

Agency-wide rows (resource ``merit``): the agency's admin writes, leaders and evaluators read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.scoping import ScopedManager, ScopedQuerySet

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

__all__ = [
    "MeritAnswer",
    "MeritAnswerQuerySet",
    "MeritAssessment",
    "MeritEvidence",
    "MeritEvidenceQuerySet",
    "MeritQuerySet",
]


class MeritQuerySet(ScopedQuerySet):
    resource = "merit"


class MeritAnswerQuerySet(ScopedQuerySet):
    resource = "merit"
    agency_field = "assessment__agency"


class MeritEvidenceQuerySet(ScopedQuerySet):
    resource = "merit"
    agency_field = "answer__assessment__agency"


def _user(label: str | _StrPromise) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )


class MeritAssessment(models.Model):
    """The agency's merit self-assessment of one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    category = models.CharField(_("category"), max_length=16, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    submitted_by = _user(_("submitted by"))
    entered_by = _user(_("entered by"))
    at = models.DateTimeField(_("changed at"), auto_now=True)

    unscoped = models.Manager.from_queryset(MeritQuerySet)()
    objects = ScopedManager.from_queryset(MeritQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("merit self-assessment")
        verbose_name_plural = _("merit self-assessments")
        ordering = ["agency", "-year"]
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="uniq_merit_agency_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"

    @property
    def locked(self) -> bool:
        return self.status == self.Status.SUBMITTED


class MeritAnswer(models.Model):
    """The answer to one indicator of an assessment."""

    assessment = models.ForeignKey(
        MeritAssessment,
        verbose_name=_("merit self-assessment"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    indicator = models.CharField(_("indicator"), max_length=40)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    auto = models.BooleanField(_("filled by Formasi"), default=False, editable=False)
    evidence = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    entered_by = _user(_("entered by"))
    at = models.DateTimeField(_("changed at"), auto_now=True)

    unscoped = models.Manager.from_queryset(MeritAnswerQuerySet)()
    objects = ScopedManager.from_queryset(MeritAnswerQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("merit answer")
        verbose_name_plural = _("merit answers")
        ordering = ["assessment", "id"]
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="uniq_merit_answer_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.indicator}"


class MeritEvidence(models.Model):
    """A file uploaded as evidence for an answer."""

    answer = models.ForeignKey(
        MeritAnswer, verbose_name=_("merit answer"), on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    content = models.BinaryField(_("file"), editable=False, default=b"")
    uploaded_by = _user(_("uploaded by"))
    at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    unscoped = models.Manager.from_queryset(MeritEvidenceQuerySet)()
    objects = ScopedManager.from_queryset(MeritEvidenceQuerySet)()

    class Meta:
        verbose_name = _("merit evidence file")
        verbose_name_plural = _("merit evidence files")
        ordering = ["answer", "id"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return self.name
