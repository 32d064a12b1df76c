from django.apps import AppConfig


class ForecastConfig(AppConfig):
    name = "tovholder.forecast"
    verbose_name = "Kapacitetsprognoser"

    def ready(self) -> None:
        from . import demo, tasks  # noqa: F401 - the demo step and the background task register themselves
