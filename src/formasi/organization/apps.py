from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "formasi.organization"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from formasi.core.signals import bump_version_on_change
        from formasi.organization.models import OrgUnit, Position

        bump_version_on_change(OrgUnit, Position)
