from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "formasi.proposals"
    verbose_name = _("Needs proposals")

    def ready(self) -> None:
        from formasi.proposals import fanout, tasks

        tasks.register()  # its documents' leases (formasi.core.jobs)
        fanout.register()  # the national view, one task per agency
