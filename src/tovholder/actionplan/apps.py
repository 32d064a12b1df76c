from django.apps import AppConfig


class ActionplanConfig(AppConfig):
    name = "tovholder.actionplan"
    verbose_name = "Psykiatripolitikkens handleplan"

    def ready(self):
        from . import plugins  # noqa: F401 - registers what this app plugs in (see plugins.py)
