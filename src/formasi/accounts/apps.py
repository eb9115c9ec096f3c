from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "formasi.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from formasi.accounts.middleware import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="formasi.accounts.stamp_login")
