from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "formasi.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from formasi.core import fanout

        fanout.register()  # the leases of national runs' parts and combine steps
