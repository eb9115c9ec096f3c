"""Decisions filling a structural post from its succession list (issue 19), with history.

A :class:`SuccessionDecision` records who decided, when, the post (unit and position), the
chosen employee, the rank they had on the list and how many were ranked, and the reason. The
employee's move into the post is the workforce's ``save_employee`` (see
``talent.succession_services.fill_post``). Scoped through the post's unit (resource
"succession").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.scoping import ScopedManager, ScopedQuerySet

__all__ = ["SuccessionDecision", "SuccessionQuerySet"]


class SuccessionQuerySet(ScopedQuerySet):
    resource = "succession"
    unit_path_field = "unit__path"


class SuccessionDecision(models.Model):
    """A post filled from its succession list."""

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organization.OrgUnit",
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        related_name="succession_decisions",
    )
    position = models.ForeignKey(
        "organization.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="succession_decisions",
    )
    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="succession_decisions",
    )
    from_position = models.ForeignKey(
        "organization.Position",
        verbose_name=_("previous position"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_unit = models.ForeignKey(
        "organization.OrgUnit",
        verbose_name=_("previous work unit"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rank = models.PositiveIntegerField(_("rank on the list"))
    ranked = models.PositiveIntegerField(_("candidates ranked"))
    starts_on = models.DateField(_("in the post from"))
    reason = models.TextField(_("reason"), max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    unscoped = models.Manager.from_queryset(SuccessionQuerySet)()
    objects = ScopedManager.from_queryset(SuccessionQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("succession decision")
        verbose_name_plural = _("succession decisions")
        ordering = ["-decided_at", "-id"]
        default_manager_name = "unscoped"
        indexes = [
            models.Index(fields=["unit", "position"], name="succession_post"),
        ]

    def __str__(self) -> str:
        return f"{self.position} — {self.employee}"
