from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "tovholder.tenancy"
    verbose_name = "Kommuner"
