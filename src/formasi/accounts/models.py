"""Users with a role, an agency (instansi) and, for OPD operators, the OPD they operate."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from formasi.core.permissions import Role


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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.role in (Role.ADMIN, Role.OPD_OPERATOR, Role.LEADER) and self.agency_id is None:
            raise ValidationError({"agency": _("This role needs an agency.")})
        if self.role == Role.OPD_OPERATOR:
            if self.org_unit_id is None or self.org_unit is None:
                raise ValidationError({"org_unit": _("An OPD operator needs a work unit.")})
            if self.org_unit.agency_id != self.agency_id:
                raise ValidationError(
                    {"org_unit": _("The work unit must belong to the user's agency.")}
                )
