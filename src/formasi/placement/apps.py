from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementConfig(AppConfig):
    name = "formasi.placement"
    verbose_name = _("Placement")

    def ready(self) -> None:
        from formasi.placement import approved, tasks
        from formasi.proposals import carryover

        tasks.register()  # its jobs' leases (formasi.core.jobs)
        carryover.register_realised(approved.realised_by_item)  # unrealised penetapan
