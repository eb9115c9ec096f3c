"""Users with a role, an agency (instansi) and, for OPD operators, the OPD they operate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.history import HistoricalRecords
from formasi.core.permissions import Action, Role
from formasi.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from formasi.core.permissions import AnyUser

#: The roles an agency admin may give (admin only while the agency has room for one more).
AGENCY_ROLES = (Role.ADMIN, Role.OPD_OPERATOR, Role.LEADER)


class UserQuerySet(ScopedQuerySet):
    """Users an actor may see or manage: a superuser every account; an agency admin the
    admins, OPD operators and leaders of their own agency (never a superuser or an evaluator);
    nobody else any (matrix resource ``user``)."""

    resource = "user"

    def visible_to(
        self, user: AnyUser | None, action: Action | str = Action.VIEW, *, resource: str = ""
    ) -> Self:
        qs = super().visible_to(user, action, resource=resource)
        if getattr(user, "is_superuser", False):
            return qs
        return qs.filter(is_superuser=False, role__in=AGENCY_ROLES)


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Django's user manager (create_user, natural keys for login) with ``visible_to``; not
    guarded like other scoped managers: authentication reads users inside every request."""


class EvaluatorBody(models.TextChoices):
    """Which body an evaluator works for: BKN gives the pertimbangan teknis, KemenPAN-RB the
    penetapan kebutuhan (PP 11/2017 Pasal 8–12; DOMAIN.md §7.1)."""

    BKN = "bkn", _("BKN")
    KEMENPANRB = "kemenpanrb", _("KemenPAN-RB")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("The instansi this user works for (not used for evaluators)."),
    )
    org_unit = models.ForeignKey(
        "organization.OrgUnit",
        verbose_name=_("work unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operators",
        help_text=_("For OPD operators: the OPD (with its sub-units) they may edit."),
    )
    assigned_agencies = models.ManyToManyField(
        "organization.Agency",
        verbose_name=_("assigned agencies"),
        blank=True,
        related_name="evaluators",
        help_text=_("For evaluators: the instansi whose data they read and evaluate."),
    )
    evaluator_body = models.CharField(
        _("evaluating body"),
        max_length=12,
        choices=EvaluatorBody.choices,
        blank=True,
        help_text=_("For evaluators: BKN (pertimbangan teknis) or KemenPAN-RB (penetapan)."),
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set for a temporary password: the next login asks for a new one."),
    )
    # The nonce of the one open invitation (its link carries it, signed); emptied when used.
    invitation_nonce = models.CharField(max_length=64, blank=True, editable=False)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True, editable=False)

    objects = ScopedUserManager()  # type: ignore[misc]  # UserManager with visible_to
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "invitation_nonce"],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.role in (Role.ADMIN, Role.OPD_OPERATOR, Role.LEADER) and self.agency_id is None:
            raise ValidationError({"agency": _("This role needs an agency.")})
        if self.evaluator_body and self.role != Role.EVALUATOR:
            raise ValidationError(
                {"evaluator_body": _("Only an evaluator works for an evaluating body.")}
            )
        if self.role == Role.OPD_OPERATOR:
            if self.org_unit_id is None or self.org_unit is None:
                raise ValidationError({"org_unit": _("An OPD operator needs a work unit.")})
            if self.org_unit.agency_id != self.agency_id:
                raise ValidationError(
                    {"org_unit": _("The work unit must belong to the user's agency.")}
                )


class AccessTokenQuerySet(models.QuerySet["AccessToken"]):
    def open(self) -> Self:
        """Tokens neither revoked nor expired (as of now)."""
        from django.utils import timezone

        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )


class AccessToken(models.Model):
    """A personal access token for the API (docs/api/README.md): it acts as its user, with that
    user's role and scope. Only a SHA-256 hash of the secret is kept (the secret is shown once,
    when made); the prefix, its first characters, tells tokens apart on the profile page."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="access_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. SIASN sync.")
    )
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = AccessTokenQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["token_hash", "last_used"])

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"
