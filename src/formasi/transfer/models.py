"""Import jobs (one uploaded file, from preview to commit) and remembered column mappings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.models import Leased


class ImportJobManager(models.Manager["ImportJob"]):
    def get_queryset(self) -> models.QuerySet[ImportJob]:
        # The file (up to 50 MB) is read only by the worker and the rejected-rows download;
        # the page polls the job every second.
        return super().get_queryset().defer("content")


class ImportJob(Leased):
    """One uploaded file on its way in: checked (preview), then committed, or abandoned.

    The file itself is kept (``content``) so the background worker, the rejected-rows
    download and the commit all read exactly what was uploaded.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Checking")
        NEEDS_MAPPING = "needs_mapping", _("Columns to map")
        CHECKED = "checked", _("Checked")
        COMMIT_QUEUED = "commit_queued", _("Waiting to be written")
        COMMITTING = "committing", _("Writing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    RUNNING_STATES = (State.QUEUED, State.CHECKING, State.COMMIT_QUEUED, State.COMMITTING)
    WORKING_STATES = (State.CHECKING, State.COMMITTING)  # a worker holds the job (its lease)

    kind = models.CharField(_("kind"), max_length=20)
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    full_snapshot = models.BooleanField(
        _("full snapshot"),
        default=False,
        help_text=_("Everyone missing from the file becomes inactive (never deleted)."),
    )
    # field name -> header text in the file, as the user confirmed it
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # counts: new, changed, unchanged, invalid, deactivated, rows; plus headers and unknown
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    # [{"row": n, "column": header, "code": ..., "detail": {...}}, ...]
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # the uploader's language: the worker writes messages in it
    language = models.CharField(_("language"), max_length=10, default="id")
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    # why the last step did not finish, for the user (e.g. the worker died), in `language`
    error = models.TextField(_("error"), blank=True)
    # file rows with errors the user chose to leave out of the commit (never a full snapshot)
    excluded = models.JSONField(_("rows left out"), default=list, blank=True)

    objects = ImportJobManager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"

    @property
    def is_running(self) -> bool:
        return self.state in self.RUNNING_STATES

    @property
    def percent(self) -> int:
        if not self.is_running:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def can_commit(self) -> bool:
        return (
            self.state == self.State.CHECKED
            and not self.errors
            and bool(
                self.summary.get("new")
                or self.summary.get("changed")
                or self.summary.get("deactivated")
            )
        )


class ColumnMapping(models.Model):
    """A header an agency's files use, mapped by a user to a field of an import kind."""

    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20)
    header = models.CharField(_("header (normalised)"), max_length=200)
    field = models.CharField(_("field"), max_length=40)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "header"],
                name="uniq_column_mapping",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.header} → {self.field}"


class ImportRow(models.Model):
    """One row of a checked file as the preview shows it: what it would do (kind), and each
    field it changes (old → new), its warnings and its errors, as display text.

    Written in bulk when a job is checked (rows that change nothing and warn of nothing are
    left out, so a file of 100,000 unchanged rows stores none); the preview page reads a
    page at a time. Personal data is stored as the uploader may see it (a NIK masked).
    """

    class Kind(models.TextChoices):
        NEW = "new", _("New")
        CHANGED = "changed", _("Changed")
        UNCHANGED = "unchanged", _("Unchanged")
        DEACTIVATED = "deactivated", _("To become inactive")
        INVALID = "invalid", _("Invalid")

    job = models.ForeignKey(
        ImportJob, verbose_name=_("import"), on_delete=models.CASCADE, related_name="rows"
    )
    # the row in the uploaded file; 0 for a stored record the file does not list
    number = models.PositiveIntegerField(_("row"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=64, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    # [[column, old, new], ...] as display text
    changes = models.JSONField(_("changes"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["job", "number", "id"]
        indexes = [
            models.Index(fields=["job", "kind", "number"], name="transfer_row_job_kind"),
            models.Index(fields=["job", "number"], name="transfer_row_job_number"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id} #{self.number}: {self.kind}"
