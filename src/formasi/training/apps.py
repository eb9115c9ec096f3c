from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "formasi.training"
    verbose_name = _("Training needs")

    def ready(self) -> None:
        from formasi.core.panels import register_employee_panel
        from formasi.training.reads import employee_panel

        register_employee_panel("training", 50, employee_panel)
