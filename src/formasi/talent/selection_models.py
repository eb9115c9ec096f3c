"""Seleksi terbuka (open selection) for an empty JPT post (PP 11/2017 as amended by PP 17/2020,
PermenPAN-RB 15/2019; rules in ``formasi.domain.selection``).

* :class:`Selection` — one selection for one post (a JPT position in a unit): the announcement
  (dates, requirements, open or closed), the stage weights, the state, the three names sent to
  the PPK and the PPK's decision.
* :class:`CommitteeMember` — a member of the panitia seleksi (name, role, internal/external).
* :class:`Candidate` — an internal employee or an external person (name and origin
  institution only: no NIK, birth date or address is kept), the administration result and the
  stage scores, the computed final score and place.

Resource "selection": BKPSDM (the agency admin) writes; evaluators and leaders read; OPD
operators do not see selections (as the plan and placement). Every change keeps history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.scoping import ScopedManager, ScopedQuerySet

__all__ = ["Candidate", "CommitteeMember", "Selection", "SelectionQuerySet"]


class SelectionQuerySet(ScopedQuerySet):
    resource = "selection"


class SelectionPartQuerySet(ScopedQuerySet):
    resource = "selection"
    agency_field = "selection__agency"


class Selection(models.Model):
    """One open selection for one empty JPT post."""

    class State(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        CLOSED = "closed", _("Registration closed, scoring")
        SENT = "sent", _("Three best sent to the PPK")
        DECIDED = "decided", _("Decided by the PPK")

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organization.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.ForeignKey(
        "organization.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("registration opens on"))
    closes_on = models.DateField(_("registration closes on"))
    requirements = models.TextField(_("requirements"), max_length=5000, blank=True)
    weight_kompetensi = models.PositiveSmallIntegerField(_("weight of the competence test (%)"))
    weight_wawancara = models.PositiveSmallIntegerField(_("weight of the interview (%)"))
    weight_rekam_jejak = models.PositiveSmallIntegerField(_("weight of the track record (%)"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.ANNOUNCED, editable=False
    )
    sent_on = models.DateField(_("sent to the PPK on"), null=True, blank=True, editable=False)
    chosen = models.ForeignKey(
        "talent.Candidate",
        verbose_name=_("chosen candidate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    decided_by_name = models.CharField(_("PPK (name)"), max_length=150, blank=True, editable=False)
    decision_note = models.TextField(
        _("decision note"), max_length=2000, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    at = models.DateTimeField(_("changed at"), auto_now=True)

    unscoped = models.Manager.from_queryset(SelectionQuerySet)()
    objects = ScopedManager.from_queryset(SelectionQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("open selection")
        verbose_name_plural = _("open selections")
        ordering = ["-opens_on", "-id"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return self.title


class CommitteeMember(models.Model):
    """A member of the panitia seleksi."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")

    selection = models.ForeignKey(
        Selection,
        verbose_name=_("open selection"),
        on_delete=models.CASCADE,
        related_name="committee",
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    internal = models.BooleanField(
        _("internal"), help_text=_("From the agency itself; external: academics, professionals.")
    )
    institution = models.CharField(_("institution"), max_length=200, blank=True)

    unscoped = models.Manager.from_queryset(SelectionPartQuerySet)()
    objects = ScopedManager.from_queryset(SelectionPartQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["selection", "id"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """A candidate: an employee of the agency, or an external person (name and origin only)."""

    selection = models.ForeignKey(
        Selection,
        verbose_name=_("open selection"),
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    employee = models.ForeignKey(
        "workforce.Employee",
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150)
    origin = models.CharField(_("origin institution"), max_length=200)
    passed_administration = models.BooleanField(_("passed administration"), null=True, blank=True)
    kompetensi = models.DecimalField(
        _("competence test score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    wawancara = models.DecimalField(
        _("interview score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rekam_jejak = models.DecimalField(
        _("track record score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    final_score = models.DecimalField(
        _("final score"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True, editable=False)
    shortlisted = models.BooleanField(_("among the three best"), default=False, editable=False)
    at = models.DateTimeField(_("changed at"), auto_now=True)

    unscoped = models.Manager.from_queryset(SelectionPartQuerySet)()
    objects = ScopedManager.from_queryset(SelectionPartQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["selection", "place", "id"]
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "employee"],
                condition=models.Q(employee__isnull=False),
                name="uniq_selection_employee",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def internal(self) -> bool:
        return self.employee_id is not None
