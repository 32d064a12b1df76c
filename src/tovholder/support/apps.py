from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "tovholder.support"
    verbose_name = "Forløb, plan og mål"
