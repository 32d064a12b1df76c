from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "tovholder.outcomes"
    verbose_name = "Effektmåling"
