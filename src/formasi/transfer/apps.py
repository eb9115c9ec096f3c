from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "formasi.transfer"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        from formasi.transfer import tasks

        tasks.register()  # its jobs' leases (formasi.core.jobs)
