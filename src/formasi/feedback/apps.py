from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "formasi.feedback"
    verbose_name = _("Public feedback")

    def ready(self) -> None:
        from formasi.core.panels import register_panel
        from formasi.equity.layers import register_layer
        from formasi.feedback import evidence
        from formasi.feedback.equity_layer import build_layer
        from formasi.feedback.panel import build_panel
        from formasi.proposals.extra_evidence import register_evidence

        register_panel("feedback", 60, build_panel)
        register_evidence(evidence.KEY, 10, evidence.low_ikm, evidence.word)
        register_layer("feedback", 10, build_layer)
