"""Workflow events: explicit audit rows with a dotted action code (pretix's log_action)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    from_state = models.CharField(_("from state"), max_length=50, blank=True)
    to_state = models.CharField(_("to state"), max_length=50, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    payload = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"


class DataVersion(models.Model):
    """A counter per agency, bumped in the same transaction as any change to its workforce or
    organisation data. Cached figures are keyed on it, so they are never stale: a change in one
    agency invalidates only the caches that cover that agency."""

    agency = models.OneToOneField(
        "organization.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="+",
        primary_key=True,
    )
    version = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.agency_id}@{self.version}"


class Leased(models.Model):
    """The lease of a job a worker runs (``formasi.core.jobs``): the worker stamps
    ``heartbeat_at`` while it works; a job in a working state whose stamp is older than
    FORMASI_JOB_LEASE_SECONDS lost its worker and is retried or failed by the sweep."""

    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # how many times a worker started this job since it was last queued by a person
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        abstract = True


class BackgroundJob(Leased):
    """A computation a page queues and polls (a five-year plan scenario, a placement run):
    its state, progress, error, and who started it when. The task sets the state."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Computing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """A task worker's last sign of life (``formasi db_worker`` stamps it every half lease),
    read by ``formasi check``. One row per worker process, named host:pid."""

    name = models.CharField(_("worker"), max_length=200, unique=True)
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last sign of life"), db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return self.name


class FanOutRun(Leased):
    """A national computation split into one part per agency plus a combine step
    (``formasi.core.fanout``): which kind, its parameters, how many parts are done of how
    many, and the combined result. The lease covers the combine step only (each part has
    its own); ``done`` is counted under this row's lock, so exactly one part queues the
    combine step."""

    class State(models.TextChoices):
        RUNNING = "running", _("Computing")
        TO_COMBINE = "to_combine", _("Combining")  # the combine step is queued
        COMBINING = "combining", _("Combining")  # a worker combines
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=50)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.RUNNING
    )
    total = models.PositiveIntegerField(_("agencies"), default=0)
    done = models.PositiveIntegerField(_("agencies done"), default=0)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("national run")
        verbose_name_plural = _("national runs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class FanOutPart(Leased):
    """One agency's part of a :class:`FanOutRun`: its state and its partial result, one row
    per (run, agency), written by an upsert so a part computed twice is stored once."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Computing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    run = models.ForeignKey(
        FanOutRun, verbose_name=_("national run"), on_delete=models.CASCADE, related_name="parts"
    )
    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("national run part")
        verbose_name_plural = _("national run parts")
        constraints = [
            models.UniqueConstraint(fields=["run", "agency"], name="uniq_fanout_part_run_agency")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.agency_id}"
