from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "formasi.planning"
    verbose_name = _("Workforce planning")

    def ready(self) -> None:
        from formasi.core.panels import register_attention, register_panel
        from formasi.planning import fanout, tasks
        from formasi.planning.dashboard import deadlines_panel, over_cap_attention

        tasks.register()  # its jobs' leases (formasi.core.jobs)
        fanout.register()  # the national projection, one task per agency
        register_attention("plans_over_cap", 30, over_cap_attention)
        register_panel("deadlines", 10, deadlines_panel)
