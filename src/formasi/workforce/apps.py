from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "formasi.workforce"
    verbose_name = _("Workforce")

    def ready(self) -> None:
        from formasi.core.panels import register_attention
        from formasi.core.signals import bump_version_on_change
        from formasi.organization.views import register_unit_staff
        from formasi.workforce.dashboard import retirement_attention, unit_staff
        from formasi.workforce.models import Employee

        bump_version_on_change(Employee)
        register_unit_staff(unit_staff)
        # The dashboard's "needs attention" groups, in order: 10 largest shortages (workload),
        # 20 retirements next year (here), 30 plans over the cap (planning), 40 proposals due
        # (proposals, when it exists).
        register_attention("retirements", 20, retirement_attention)
