from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "tovholder.citizens"
    verbose_name = "Borgere"
