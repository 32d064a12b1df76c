from django.apps import AppConfig


class ForecastConfig(AppConfig):
    name = "tovholder.forecast"
    verbose_name = "Kapacitetsprognoser"

    def ready(self) -> None:
        from . import tasks  # noqa: F401 - the background task registers itself
