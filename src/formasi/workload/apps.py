from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkloadConfig(AppConfig):
    """Workload analysis: ABK tasks, standards, WISN, needs and the peta jabatan (issue 4)."""

    name = "formasi.workload"
    verbose_name = _("Workload")

    def ready(self) -> None:
        from formasi.core.panels import register_attention, register_panel
        from formasi.workload import fanout
        from formasi.workload.dashboard import needs_panel, shortage_attention

        fanout.register()  # the national needs summary, one task per agency

        register_panel("needs", 20, needs_panel)
        register_attention("shortages", 10, shortage_attention)
