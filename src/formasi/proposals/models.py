"""The yearly usul kebutuhan ASN (issue 18): an agency's proposal, its OPD parts, the items
(unit × position × status × count with the evidence they were drafted from), and the audit
trail and threaded comments around them.

The workflow (states, steps, who may take them) is data in
``formasi.domain.proposal_workflow``; ``services`` are the only writers and record a
``ProposalEvent`` with the before and after of every change. Every row carries a ``version``
that each write bumps: a save that names an older version is refused (optimistic locking).

Scope (``visible_to``): the agency's admin and leaders see its proposals; an OPD operator the
proposal of their agency, and of it only their OPD's part, items, events and comments; an
evaluator the proposals of the agencies assigned to them once sent to BKN (submitted_bkn or
later).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.models import BackgroundJob
from formasi.core.permissions import Action, Role, role_of
from formasi.core.scoping import ScopedManager, ScopedQuerySet
from formasi.domain.proposal_workflow import ItemStatus, State, Verdict

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

#: Proposal states an evaluator sees (from the sending to BKN on).
EVALUATOR_STATES = (
    State.SUBMITTED_BKN,
    State.PERTIMBANGAN,
    State.SUBMITTED_KEMENPANRB,
    State.DECIDED,
    State.CLOSED,
)


class PartState(models.TextChoices):
    DRAFT = State.DRAFT.value, _("Draft")
    SUBMITTED = State.SUBMITTED.value, _("Submitted to BKPSDM")
    RETURNED = State.RETURNED.value, _("Returned")
    ACCEPTED = State.ACCEPTED.value, _("Accepted")


class ProposalState(models.TextChoices):
    DRAFT = State.DRAFT.value, _("Draft")
    SUBMITTED_BKN = State.SUBMITTED_BKN.value, _("Submitted to BKN")
    PERTIMBANGAN = State.PERTIMBANGAN.value, _("Pertimbangan teknis given")
    SUBMITTED_KEMENPANRB = State.SUBMITTED_KEMENPANRB.value, _("Submitted to KemenPAN-RB")
    DECIDED = State.DECIDED.value, _("Decided (penetapan)")
    CLOSED = State.CLOSED.value, _("Closed")


class ItemStatusChoice(models.TextChoices):
    PNS = ItemStatus.PNS.value, _("PNS")
    PPPK = ItemStatus.PPPK.value, _("PPPK")
    PPPK_PARUH_WAKTU = ItemStatus.PPPK_PARUH_WAKTU.value, _("PPPK part-time")


class VerdictChoice(models.TextChoices):
    APPROVED = Verdict.APPROVED.value, _("Approved")
    CHANGED = Verdict.CHANGED.value, _("Changed")
    REJECTED = Verdict.REJECTED.value, _("Rejected")


class ProposalScopedQuerySet(ScopedQuerySet):
    """Scope of every proposal row, reached through ``proposal_prefix`` (the lookup to the
    proposal, "" for the proposal itself) and, for rows of one OPD, ``part_prefix``."""

    resource = "proposal"
    proposal_prefix: ClassVar[str] = ""
    #: Lookup to the part a row belongs to; None: the row belongs to no part (the proposal).
    part_prefix: ClassVar[str | None] = None
    #: True when a row may belong to no part (an event or comment on the whole proposal).
    part_optional: ClassVar[bool] = False

    def visible_to(
        self, user: AnyUser | None, action: Action | str = Action.VIEW, *, resource: str = ""
    ) -> Self:
        qs = super().visible_to(user, action, resource=resource)
        if getattr(user, "is_superuser", False):
            return qs
        role = role_of(user)
        if role == Role.EVALUATOR:
            return qs.filter(**{f"{self.proposal_prefix}state__in": EVALUATOR_STATES})
        if role == Role.OPD_OPERATOR and self.part_prefix is not None:
            unit = getattr(user, "org_unit", None)
            if unit is None:
                return qs.none()
            own = Q(**{f"{self.part_prefix}org_unit__path__startswith": unit.path})
            if self.part_optional:
                own |= Q(**{f"{self.part_prefix}isnull": True})
            return qs.filter(own)
        return qs


class ProposalQuerySet(ProposalScopedQuerySet):
    agency_field = "agency"


class Proposal(models.Model):
    """The usul kebutuhan of one agency for one year (year N, for the penetapan in N+1)."""

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    scenario = models.ForeignKey(
        "planning.Scenario",
        verbose_name=_("scenario"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=24, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    unscoped = models.Manager.from_queryset(ProposalQuerySet)()
    objects = ScopedManager.from_queryset(ProposalQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("needs proposal")
        verbose_name_plural = _("needs proposals")
        default_manager_name = "unscoped"
        ordering = ["-year", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="uniq_proposal_agency_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


class PartQuerySet(ProposalScopedQuerySet):
    agency_field = "proposal__agency"
    proposal_prefix = "proposal__"
    part_prefix = ""


class ProposalPart(models.Model):
    """One OPD's part of the proposal, which the OPD submits and the BKPSDM accepts."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="parts"
    )
    org_unit = models.ForeignKey(
        "organization.OrgUnit", verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=24, choices=PartState.choices, default=PartState.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    unscoped = models.Manager.from_queryset(PartQuerySet)()
    objects = ScopedManager.from_queryset(PartQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal part")
        verbose_name_plural = _("proposal parts")
        default_manager_name = "unscoped"
        ordering = ["proposal", "org_unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "org_unit"], name="uniq_part_proposal_opd")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.org_unit}"


class ItemQuerySet(ProposalScopedQuerySet):
    agency_field = "part__proposal__agency"
    proposal_prefix = "part__proposal__"
    part_prefix = "part__"


class ProposalItem(models.Model):
    """One line of the proposal: so many people of a status for a position in a unit, with
    the evidence it was drafted from (need, bezetting on 31 December N−1, retirements and
    contract ends per plan year, gap), BKN's verdict and KemenPAN-RB's decided count."""

    part = models.ForeignKey(
        ProposalPart, verbose_name=_("part"), on_delete=models.CASCADE, related_name="items"
    )
    org_unit = models.ForeignKey(
        "organization.OrgUnit",
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.ForeignKey(
        "organization.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatusChoice.choices, default=ItemStatusChoice.PNS
    )
    education = models.CharField(_("required education"), max_length=200, blank=True)
    location = models.ForeignKey(
        "organization.Region",
        verbose_name=_("placement location"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("count"), default=0)
    priority = models.PositiveSmallIntegerField(_("priority"), default=0)
    justification = models.TextField(_("justification"), blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    drafted_need = models.PositiveIntegerField(_("drafted count"), default=0)
    bkn_verdict = models.CharField(
        _("BKN verdict"), max_length=10, choices=VerdictChoice.choices, blank=True
    )
    bkn_count = models.PositiveIntegerField(_("count approved by BKN"), null=True, blank=True)
    bkn_reason = models.TextField(_("BKN's reason"), blank=True)
    decided_count = models.PositiveIntegerField(_("decided count"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    unscoped = models.Manager.from_queryset(ItemQuerySet)()
    objects = ScopedManager.from_queryset(ItemQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal item")
        verbose_name_plural = _("proposal items")
        default_manager_name = "unscoped"
        ordering = ["part", "priority", "org_unit__path", "position__name", "id"]

    def __str__(self) -> str:
        return f"{self.position} · {self.org_unit}: {self.count}"


class EventQuerySet(ProposalScopedQuerySet):
    agency_field = "proposal__agency"
    proposal_prefix = "proposal__"
    part_prefix = "part__"
    part_optional = True


class ProposalEvent(models.Model):
    """One entry of the audit trail: a step, an edit, a review or a decision, by whom, when,
    the values before and after, and the comment. Written by ``services`` only; never changed."""

    EDIT = "edit"
    DRAFT = "draft"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="events"
    )
    part = models.ForeignKey(
        ProposalPart,
        verbose_name=_("part"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    item = models.ForeignKey(
        ProposalItem,
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    step = models.CharField(_("step"), max_length=24)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    unscoped = models.Manager.from_queryset(EventQuerySet)()
    objects = ScopedManager.from_queryset(EventQuerySet)()

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        default_manager_name = "unscoped"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.step}"


class CommentQuerySet(ProposalScopedQuerySet):
    agency_field = "proposal__agency"
    proposal_prefix = "proposal__"
    part_prefix = "item__part__"
    part_optional = True


class ProposalComment(models.Model):
    """A comment on the proposal or on one item; ``parent`` threads replies."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="comments"
    )
    item = models.ForeignKey(
        ProposalItem,
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("text"), max_length=4000)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    unscoped = models.Manager.from_queryset(CommentQuerySet)()
    objects = ScopedManager.from_queryset(CommentQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal comment")
        verbose_name_plural = _("proposal comments")
        default_manager_name = "unscoped"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class NotificationQuerySet(models.QuerySet):
    """A notification is its recipient's alone: ``visible_to`` is the user's own, whatever
    their role (a superuser's too)."""

    def visible_to(self, user: AnyUser | None, action: Action | str = Action.VIEW) -> Self:
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user_id=user.pk)


class Notification(models.Model):
    """A proposal or one OPD's part reached the user's desk (issue 18, part 9): written by
    ``services.transition`` through ``formasi.proposals.notifications``. ``kind`` is the
    state reached; ``code`` the step that reached it, which words the text when shown (in the
    reader's language). ``read_at`` is set when the user opens their notifications."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    part = models.ForeignKey(
        ProposalPart,
        verbose_name=_("part"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=24)
    code = models.CharField(_("text code"), max_length=24)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    unscoped = models.Manager.from_queryset(NotificationQuerySet)()
    objects = models.Manager.from_queryset(NotificationQuerySet)()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        default_manager_name = "unscoped"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}:{self.proposal_id}"


class DocumentQuerySet(ProposalScopedQuerySet):
    agency_field = "proposal__agency"
    proposal_prefix = "proposal__"


class ProposalDocument(BackgroundJob):
    """A document of the proposal made in the background (issue 18 part 5): the "Dokumen
    Usulan Kebutuhan ASN" PDF, the e-Formasi rincian xlsx, the pertimbangan teknis and the
    penetapan. ``key`` says what it was made from (kind, the proposal's version and state, the
    agency's signatory, the date it bears); a request whose key matches a document made or
    being made gets that one instead of a new one (as ``planning.PlanDocument``)."""

    class Kind(models.TextChoices):
        USULAN_PDF = "usulan_pdf", _("Needs proposal document (PDF)")
        EFORMASI_XLSX = "eformasi_xlsx", _("e-Formasi rincian (xlsx)")
        PERTIMBANGAN_PDF = "pertimbangan_pdf", _("Pertimbangan teknis (PDF)")
        PENETAPAN_PDF = "penetapan_pdf", _("Penetapan (PDF)")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=64)
    dated = models.DateField(_("date of the document"))
    content = models.BinaryField(_("file"), editable=False, default=b"")

    unscoped = models.Manager.from_queryset(DocumentQuerySet)()
    objects = ScopedManager.from_queryset(DocumentQuerySet)()

    class Meta:
        verbose_name = _("proposal document")
        verbose_name_plural = _("proposal documents")
        default_manager_name = "unscoped"
        indexes = [models.Index(fields=["proposal", "kind", "key"], name="propdoc_key")]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.kind}:{self.key[:8]}"

    @property
    def is_busy(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
