"""Placement of the year's new CPNS/PPPK and of serving staff open to transfer (issue 7).

``Applicant`` is one person who passed the year's selection (the formasi they applied for and
where they come from); ``PlacementRun`` is one optimisation run with its choices and, once
computed, its summary; ``PlacementLine`` is one proposed move and the planner's decision on it.
The optimisation lives in ``formasi.domain.placement``; ``services`` feeds it from these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.models import BackgroundJob
from formasi.core.scoping import ScopedManager, ScopedQuerySet
from formasi.placement import text


class PlacementQuerySet(ScopedQuerySet):
    resource = "placement"
    agency_field = "agency"


class Applicant(models.Model):
    """A new CPNS or PPPK who passed the year's selection and waits for a post."""

    class Status(models.TextChoices):
        CPNS = "cpns", _("CPNS")
        PPPK = "pppk", _("PPPK")

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("selection year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    registration_number = models.CharField(_("registration number (nomor peserta)"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    status = models.CharField(_("status"), max_length=4, choices=Status.choices)
    position = models.ForeignKey(
        "organization.Position",
        verbose_name=_("position applied for"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    home_region = models.ForeignKey(
        "organization.Region",
        verbose_name=_("home (desa/kelurahan or kecamatan)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    education = models.CharField(_("education"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    unscoped = models.Manager.from_queryset(PlacementQuerySet)()
    objects = ScopedManager.from_queryset(PlacementQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        default_manager_name = "unscoped"
        ordering = ["agency", "year", "registration_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "registration_number"], name="uniq_applicant_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.name}"


class PlacementRun(BackgroundJob):
    """One placement optimisation: the pool, the area, the preferences and the result."""

    class Kind(models.TextChoices):
        NEW_HIRES = "new_hires", _("New hires (CPNS/PPPK)")
        TRANSFERS = "transfers", _("Transfers of serving staff")

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("pool"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    areas = models.JSONField(
        _("kecamatan"), default=list, blank=True, help_text=_("Empty: the whole agency.")
    )
    home_village = models.BooleanField(_("prefer the home desa/kelurahan"), default=True)
    home_district = models.BooleanField(_("prefer the home kecamatan"), default=True)
    distance = models.BooleanField(_("prefer shorter distances"), default=True)
    max_moves_per_unit = models.PositiveIntegerField(
        _("most transfers out of one unit"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    keep = models.JSONField(_("staff who must stay (NIP)"), default=list, blank=True)
    must_fill = models.JSONField(
        _("posts that must be filled"),
        default=list,
        blank=True,
        help_text=_("Unit code, position code and count of each post."),
    )
    family_weights = models.JSONField(
        _("job family weights"),
        default=dict,
        blank=True,
        help_text=_("Weight per job family, 0–10; a family not listed weighs 1."),
    )

    # The SK draft (placement.export): its number and TMT (terhitung mulai tanggal), filled
    # in when known; blank, the draft leaves a line to write them on.
    sk_number = models.CharField(_("SK number"), max_length=100, blank=True)
    tmt = models.DateField(
        _("TMT (effective date)"),
        null=True,
        blank=True,
        help_text=_("The date the placement takes effect (terhitung mulai tanggal) on the SK."),
    )

    # Raised by every change a person makes to the run's own fields (the SK details): the
    # If-Match of the API's update, as the proposals' versions.
    version = models.PositiveIntegerField(_("version"), default=1)

    summary = models.JSONField(_("summary"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    unscoped = models.Manager.from_queryset(PlacementQuerySet)()
    objects = ScopedManager.from_queryset(PlacementQuerySet)()

    class Meta:
        verbose_name = _("placement run")
        verbose_name_plural = _("placement runs")
        default_manager_name = "unscoped"
        ordering = ["agency", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_busy(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class PlacementLine(models.Model):
    """One proposed placement: an applicant to a post, or an employee from one unit to another."""

    class Reason(models.TextChoices):
        HOME_VILLAGE = "home_village", _("home desa/kelurahan")
        HOME_DISTRICT = "home_district", _("home kecamatan")
        NEAREST = "nearest", _("nearest open post")
        PRIORITY = "priority", _("priority post")
        UNKNOWN_DISTANCE = "unknown_distance", _("priority post, distance unknown")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    run = models.ForeignKey(
        PlacementRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="lines"
    )
    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    applicant = models.ForeignKey(
        Applicant,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lines",
    )
    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    position = models.ForeignKey(
        "organization.Position",
        verbose_name=_("position"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    from_unit = models.ForeignKey(
        "organization.OrgUnit",
        verbose_name=_("from unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        "organization.OrgUnit",
        verbose_name=_("to unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    district = models.ForeignKey(
        "organization.Region",
        verbose_name=_("kecamatan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    explain = models.CharField(_("explanation"), max_length=300, blank=True)
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    unscoped = models.Manager.from_queryset(PlacementQuerySet)()
    objects = ScopedManager.from_queryset(PlacementQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement line")
        verbose_name_plural = _("placement lines")
        default_manager_name = "unscoped"
        ordering = ["run", "id"]
        indexes = [models.Index(fields=["run", "decision"], name="placement_line_decision")]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.to_unit_id}"

    def explanation(self) -> str:
        """The line's destination, reason and distance in the UI language (``explain`` keeps
        the sentence in the language of the run, for rows without a reason code)."""
        return text.line_text(self)
