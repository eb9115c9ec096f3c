from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkloadConfig(AppConfig):
    """Workload analysis: ABK tasks, standards, WISN, needs and the peta jabatan (issue 4)."""

    name = "formasi.workload"
    verbose_name = _("Workload")
