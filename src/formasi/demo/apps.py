from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city's loader and its ``load_demo`` command (no models)."""

    name = "formasi.demo"
