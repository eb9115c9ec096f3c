from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "formasi.planning"
    verbose_name = _("Workforce planning")

    def ready(self) -> None:
        from formasi.planning import tasks

        tasks.register()  # its jobs' leases (formasi.core.jobs)
