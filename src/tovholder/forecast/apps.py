from django.apps import AppConfig


class ForecastConfig(AppConfig):
    name = "tovholder.forecast"
    verbose_name = "Kapacitetsprognoser"

    def ready(self) -> None:
        from . import plugins, tasks  # noqa: F401 - menu entry (plugins.py); the background task
