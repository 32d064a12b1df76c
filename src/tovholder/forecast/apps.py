from django.apps import AppConfig


class ForecastConfig(AppConfig):
    name = "tovholder.forecast"
    verbose_name = "Kapacitetsprognoser"
