from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "formasi.workforce"
    verbose_name = _("Workforce")

    def ready(self) -> None:
        from formasi.core.signals import bump_version_on_change
        from formasi.organization.views import register_unit_staff
        from formasi.workforce.dashboard import unit_staff
        from formasi.workforce.models import Employee

        bump_version_on_change(Employee)
        register_unit_staff(unit_staff)
